/**
 * Renders vega-lite specs in Node without a browser and lists what vega drew, so that tests can check marks, axes
 * and labels of a chart.
 */
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** A node of the vega scenegraph as the tests read it: a mark with its items, or an item with the marks of a group. */
interface SceneNode {
  marktype?: string;
  /** Name of a mark, such as `cell` for the panels of a facet. */
  name?: string;
  role?: string;
  orient?: string;
  opacity?: number;
  size?: number;
  text?: string;
  x?: number;
  y?: number;
  y2?: number;
  datum?: Record<string, unknown>;
  items?: SceneNode[];
}

/** An item of the scenegraph with the mark it belongs to. */
export type SceneItem = SceneNode & { mark: SceneNode };

/** Lists every item of the scenegraph under `node` with the mark type and role of its mark. */
function sceneItems(node: SceneNode, mark: SceneNode = {}, out: SceneItem[] = []): SceneItem[] {
  for (const child of node.items ?? []) {
    if (child.marktype !== undefined) {
      sceneItems(child, child, out);
    } else {
      out.push({ ...child, mark });
      sceneItems(child, mark, out);
    }
  }
  return out;
}

/** Creates a vega logger that records warnings and errors instead of printing them. */
export function recordingLogger() {
  const messages: string[] = [];
  const logger = {
    level: () => logger,
    error: (...args: unknown[]) => (messages.push(`error: ${args.join(' ')}`), logger),
    warn: (...args: unknown[]) => (messages.push(`warn: ${args.join(' ')}`), logger),
    info: () => logger,
    debug: () => logger,
  };
  return { logger, messages };
}

/** Renders a vega-lite spec headless, with no output, and returns its scenegraph items and vega's warnings. */
export async function renderScene(spec: TopLevelSpec): Promise<{ items: SceneItem[]; messages: string[] }> {
  const { logger, messages } = recordingLogger();
  const view = new View(parse(compile(spec, { logger }).spec), { renderer: 'none', logger });
  try {
    await view.runAsync();
    return { items: sceneItems(view.scenegraph().root as SceneNode), messages };
  } finally {
    view.finalize();
  }
}

/** Counts the labelled axes at the bottom of panels or of a grid's columns, leaving out grid lines. */
export function countBottomAxes(items: readonly SceneItem[]): number {
  const bottomAxes = items.filter((item) => item.mark.role === 'axis' && item.orient === 'bottom');
  return bottomAxes.filter((item) => item.datum?.labels === true).length;
}
