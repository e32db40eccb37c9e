import { AUX_COUNT, COUNTER_COUNT, QUEUE_CONTACTS, QUEUE_TRACING, QUEUE_TRACING_QUARANTINED, STATE_COUNT } from './layout.js';
import {
  FLOW_COUNT, FLOW_COUNTER_COUNT, FLOW_COUNTERS, FLOW_JOINS_CONTACT_QUEUE, FLOW_JOINS_TRACING, FLOW_TARGET, FLOWS_BY_SOURCE,
  JOINS_COMMUNITY_QUEUE, JOINS_QUARANTINED_QUEUE, MAX_FLOW_COUNTERS, SOURCE_START,
} from './flows.js';

/**
 * Writes every cell's flows into a derivative: for each flow, rate x source leaves the source, enters
 * the target and adds to the counters the flow names. The cells' part of `dy` is overwritten, and the
 * auxiliary and counter blocks are added to, so the caller zeroes only those.
 *
 * When `next` is given, each cell's part of it is set to `base + scale x dy` as soon as the cell's
 * derivative is known: the next Runge-Kutta stage, without another pass over the whole state.
 *
 * @param rate per-capita rates, `[cell * FLOW_COUNT + f]`, per day
 * @param auxOffset start of the auxiliary block in `dy`, whose tracing queue confirmations join, and
 *   whose contact test queue traced latent contacts join
 * @param counterOffset start of the counter block in `dy`
 * @param next the next stage, or null; an array other than `y` and `base`, so that no value is
 *   overwritten before it is read
 */
export type ApplyFlows = (
  y: Float64Array,
  dy: Float64Array,
  rate: Float64Array,
  regionCount: number,
  ageBandCount: number,
  auxOffset: number,
  counterOffset: number,
  next: Float64Array | null,
  base: Float64Array,
  scale: number,
) => void;

/**
 * Generates the flow loop as straight-line code from the flow table, once at start-up.
 *
 * A generic loop over the table costs a table lookup, a branch and an indirect store per flow; the
 * unrolled body has every offset as a constant, which V8 compiles to plain loads and stores. Flows are
 * grouped by source, so each source state is read once and its outflow stored once. The counters of a
 * region are summed in local variables, because a store into the same slot for every flow makes each
 * addition wait for the one before. The generated source comes only from the integer tables of
 * flows.ts, never from input.
 */
function generateApplyFlows(): ApplyFlows {
  const usedCounters = new Set<number>();
  const lines: string[] = [];
  // The first write to each state of a cell assigns, so the caller need not zero the cells' part of
  // dy. A flux is never -0 (a rate and a count of at least 0), so the first assignment gives the
  // same bits as adding to 0, and a first `= -out` of 0 gives -0, which adds like 0.
  const written = new Set<number>();
  const addTo = (slot: number, operator: '+' | '-', value: string): string => {
    if (written.has(slot)) return `dy[o + ${slot}] ${operator}= ${value};`;
    written.add(slot);
    return `dy[o + ${slot}] = ${operator === '+' ? '' : '-'}${value};`;
  };
  for (let source = 0; source < STATE_COUNT; source++) {
    const first = SOURCE_START[source]!;
    const end = SOURCE_START[source + 1]!;
    if (first === end) continue;
    lines.push(`people = y[o + ${source}];`, 'if (people < 0) people = 0;', 'out = 0;');
    for (let j = first; j < end; j++) {
      const f = FLOWS_BY_SOURCE[j]!;
      const target = FLOW_TARGET[f]!;
      lines.push(`flux = rate[b + ${f}] * people;`);
      if (source !== target) lines.push('out += flux;', addTo(target, '+', 'flux'));
      for (let k = 0; k < FLOW_COUNTER_COUNT[f]!; k++) {
        const counter = FLOW_COUNTERS[f * MAX_FLOW_COUNTERS + k]!;
        usedCounters.add(counter);
        lines.push(`c${counter} += flux;`);
      }
      if (FLOW_JOINS_TRACING[f] === JOINS_COMMUNITY_QUEUE) lines.push('tracing += flux;');
      if (FLOW_JOINS_TRACING[f] === JOINS_QUARANTINED_QUEUE) lines.push('tracingQuarantined += flux;');
      if (FLOW_JOINS_CONTACT_QUEUE[f] === 1) lines.push('contactQueue += flux;');
    }
    lines.push(addTo(source, '-', 'out'));
  }
  for (let slot = 0; slot < STATE_COUNT; slot++) if (!written.has(slot)) lines.push(`dy[o + ${slot}] = 0;`);
  // The cell's derivative is complete here and still in the cache.
  const slots = Array.from({ length: STATE_COUNT }, (_, slot) => slot);
  lines.push(
    'if (next !== null) {',
    ...slots.map((slot) => `  next[o + ${slot}] = base[o + ${slot}] + scale * dy[o + ${slot}];`),
    '}',
  );
  const counters = [...usedCounters].sort((x, z) => x - z);
  const body = `
    let flux = 0;
    let people = 0;
    let out = 0;
    for (let r = 0; r < regionCount; r++) {
      let tracing = 0;
      let tracingQuarantined = 0;
      let contactQueue = 0;
      ${counters.map((k) => `let c${k} = 0;`).join(' ')}
      for (let a = 0; a < ageBandCount; a++) {
        const cell = r * ageBandCount + a;
        const o = cell * ${STATE_COUNT};
        const b = cell * ${FLOW_COUNT};
        ${lines.join('\n        ')}
      }
      const c = counterOffset + r * ${COUNTER_COUNT};
      ${counters.map((k) => `dy[c + ${k}] += c${k};`).join(' ')}
      dy[auxOffset + r * ${AUX_COUNT} + ${QUEUE_TRACING}] += tracing;
      dy[auxOffset + r * ${AUX_COUNT} + ${QUEUE_TRACING_QUARANTINED}] += tracingQuarantined;
      dy[auxOffset + r * ${AUX_COUNT} + ${QUEUE_CONTACTS}] += contactQueue;
    }`;
  return new Function(
    'y', 'dy', 'rate', 'regionCount', 'ageBandCount', 'auxOffset', 'counterOffset', 'next', 'base', 'scale', body,
  ) as ApplyFlows;
}

export const applyFlows: ApplyFlows = generateApplyFlows();
