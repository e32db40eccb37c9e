import { AUX_COUNT, COUNTER_COUNT, QUEUE_TRACING, STATE_COUNT } from './layout.js';
import {
  FLOW_COUNT, FLOW_COUNTER_COUNT, FLOW_COUNTERS, FLOW_JOINS_TRACING, FLOW_SOURCE, FLOW_TARGET, MAX_FLOW_COUNTERS,
} from './flows.js';

/**
 * Adds every cell's flows to a derivative: for each flow, rate x source leaves the source, enters the
 * target and adds to the counters the flow names.
 *
 * @param rate per-capita rates, `[cell * FLOW_COUNT + f]`, per day
 * @param auxOffset start of the auxiliary block in `dy`, whose tracing queue confirmations join
 * @param counterOffset start of the counter block in `dy`
 */
export type ApplyFlows = (
  y: Float64Array,
  dy: Float64Array,
  rate: Float64Array,
  regionCount: number,
  ageBandCount: number,
  auxOffset: number,
  counterOffset: number,
) => void;

/**
 * Generates the flow loop as straight-line code from the flow table, once at start-up.
 *
 * A generic loop over the table costs a table lookup, a branch and an indirect store per flow; the
 * unrolled body has every offset as a constant, which V8 compiles to plain loads and stores. On the
 * default scenario this makes the deterministic derivative several times faster (see bench/). The
 * generated source comes only from the integer tables of flows.ts, never from input.
 */
function generateApplyFlows(): ApplyFlows {
  const lines: string[] = [];
  for (let f = 0; f < FLOW_COUNT; f++) {
    const source = FLOW_SOURCE[f]!;
    const target = FLOW_TARGET[f]!;
    lines.push(`flux = rate[b + ${f}] * y[o + ${source}];`);
    if (source !== target) {
      lines.push(`dy[o + ${source}] -= flux;`);
      lines.push(`dy[o + ${target}] += flux;`);
    }
    for (let k = 0; k < FLOW_COUNTER_COUNT[f]!; k++) {
      lines.push(`dy[c + ${FLOW_COUNTERS[f * MAX_FLOW_COUNTERS + k]!}] += flux;`);
    }
    if (FLOW_JOINS_TRACING[f] === 1) lines.push(`dy[q + ${QUEUE_TRACING}] += flux;`);
  }
  const body = `
    let flux = 0;
    for (let r = 0; r < regionCount; r++) {
      const c = counterOffset + r * ${COUNTER_COUNT};
      const q = auxOffset + r * ${AUX_COUNT};
      for (let a = 0; a < ageBandCount; a++) {
        const cell = r * ageBandCount + a;
        const o = cell * ${STATE_COUNT};
        const b = cell * ${FLOW_COUNT};
        ${lines.join('\n        ')}
      }
    }`;
  return new Function('y', 'dy', 'rate', 'regionCount', 'ageBandCount', 'auxOffset', 'counterOffset', body) as ApplyFlows;
}

export const applyFlows: ApplyFlows = generateApplyFlows();
