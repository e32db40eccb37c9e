import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { missingBrowserBuildError } from './errors.js';

/** The browser builds the report page inlines, in load order: vega-lite needs vega, vega-embed needs both. */
const BROWSER_BUILDS = [
  { packageName: 'vega', file: 'build/vega.min.js' },
  { packageName: 'vega-lite', file: 'build/vega-lite.min.js' },
  { packageName: 'vega-embed', file: 'build/vega-embed.min.js' },
] as const;

/** The source of one browser build, ready to inline in a `<script>` element. */
export interface BrowserBuild {
  packageName: string;
  source: string;
}

/**
 * Makes a script safe to inline. It drops the source-map comment, so that no tool resolves it against the page.
 * The two sequences that the HTML parser reacts to inside a script get a backslash. That keeps their meaning in
 * JavaScript strings and regular expressions, which is where they could occur in minified builds.
 */
function inlineSafe(source: string): string {
  return source
    .replace(/\n?\/\/# sourceMappingURL=\S*\s*$/, '\n')
    .replace(/<\/script/gi, '<\\/script')
    .replaceAll('<!--', '<\\!--');
}

/**
 * Reads the browser builds of vega, vega-lite and vega-embed from node_modules. The packages' export maps hide
 * their `build/` files from `require.resolve`, so this walks the same node_modules folders that Node's resolution
 * would, starting next to this module.
 *
 * @param nodeModules - node_modules folders to search, in order. By default, those Node searches from this module.
 * @throws Error naming the missing file when a build is not installed.
 */
export function readBrowserBuilds(nodeModules?: readonly string[]): BrowserBuild[] {
  const require = createRequire(import.meta.url);
  return BROWSER_BUILDS.map(({ packageName, file }) => {
    const searched = nodeModules ?? require.resolve.paths(packageName) ?? [];
    for (const folder of searched) {
      const path = join(folder, packageName, file);
      if (existsSync(path)) return { packageName, source: inlineSafe(readFileSync(path, 'utf8')) };
    }
    throw missingBrowserBuildError(packageName, file, searched);
  });
}
