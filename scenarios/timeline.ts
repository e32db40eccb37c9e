import { dayIndexOf } from './calendar.js';

/** One entry of a step-function timeline after parsing: a date, a region selection and its value fields. */
export interface TimelineStep {
  from: string;
  regions: 'all' | string[];
}

/** Calendar and region order of a tabulated timeline. */
export interface TimelineFrame {
  startDate: string;
  dayCount: number;
  regionIndex: ReadonlyMap<string, number>;
}

/** Region indices selected by `"all"` or a list of codes. */
export function selectedRegions(
  selection: 'all' | readonly string[],
  regionIndex: ReadonlyMap<string, number>,
): number[] {
  if (selection === 'all') return [...regionIndex.values()];
  return selection.map((code) => {
    const index = regionIndex.get(code);
    if (index === undefined) throw new RangeError(`region "${code}" is not in the scenario's regions`);
    return index;
  });
}

/**
 * Tabulates a step-function timeline per day and region, `[d * regionCount + r]`.
 *
 * For each region and day, the step with the latest `from` on or before that day applies. Among
 * steps with the same `from`, one that lists regions overrides one for `all` whatever their list
 * order, and otherwise the later one in the list wins (validation rejects such a tie when the
 * values differ). Days before a region's first step take `initial`.
 *
 * @param valueOf the value a step sets, in the unit of the table
 * @throws RangeError when a step names a region that is not in `frame.regionIndex`
 */
export function tabulateTimeline<S extends TimelineStep>(
  steps: readonly S[],
  valueOf: (step: S) => number,
  initial: number,
  frame: TimelineFrame,
): Float64Array {
  const { dayCount, regionIndex } = frame;
  const regionCount = regionIndex.size;
  const table = new Float64Array(dayCount * regionCount).fill(initial);

  // A stable sort by start day, with `all` before region lists on the same day, keeps the list
  // order among steps of the same day and kind.
  const specificity = (step: S): number => (step.regions === 'all' ? 0 : 1);
  const ordered = steps
    .map((step) => ({ step, fromDay: dayIndexOf(step.from, frame.startDate) }))
    .sort((a, b) => a.fromDay - b.fromDay || specificity(a.step) - specificity(b.step));

  for (const { step, fromDay } of ordered) {
    const value = valueOf(step);
    for (const r of selectedRegions(step.regions, regionIndex)) {
      for (let d = Math.max(0, fromDay); d < dayCount; d++) table[d * regionCount + r] = value;
    }
  }
  return table;
}

/** Tabulates a national step-function timeline per day. Days before the first step take `initial`. */
export function tabulateNationalTimeline<S extends { from: string }>(
  steps: readonly S[],
  valueOf: (step: S) => number,
  initial: number,
  frame: Omit<TimelineFrame, 'regionIndex'>,
): Float64Array {
  const table = new Float64Array(frame.dayCount).fill(initial);
  const ordered = steps
    .map((step) => ({ step, fromDay: dayIndexOf(step.from, frame.startDate) }))
    .sort((a, b) => a.fromDay - b.fromDay);
  for (const { step, fromDay } of ordered) {
    const value = valueOf(step);
    for (let d = Math.max(0, fromDay); d < frame.dayCount; d++) table[d] = value;
  }
  return table;
}
