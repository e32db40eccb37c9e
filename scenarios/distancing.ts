import { dayIndexOf } from './calendar.js';
import type { Scenario } from './scenario.js';
import { selectedRegions, type TimelineFrame } from './timeline.js';

/** Settings in the order of the engine's multiplier table: 0 home, 1 work, 2 school, 3 other. */
export const SETTINGS = ['home', 'work', 'school', 'other'] as const;

/**
 * Contact multipliers per day, region and setting, `[(d * regionCount + r) * 4 + k]`: the product
 * of the multipliers of every distancing period active on that day in that region (1 where none
 * is). A period runs from `start` to `end` inclusive, or to the end of the simulation.
 */
export function settingMultipliers(
  distancing: Scenario['interventions']['distancing'],
  frame: TimelineFrame,
): Float64Array {
  const { dayCount, regionIndex } = frame;
  const regionCount = regionIndex.size;
  const table = new Float64Array(dayCount * regionCount * SETTINGS.length).fill(1);

  for (const period of distancing) {
    const first = Math.max(0, dayIndexOf(period.start, frame.startDate));
    const endDay = period.end === undefined ? dayCount - 1 : dayIndexOf(period.end, frame.startDate);
    const last = Math.min(dayCount - 1, endDay);
    const factors = SETTINGS.map((setting) => period.multipliers[setting]);
    for (const r of selectedRegions(period.regions, regionIndex)) {
      for (let d = first; d <= last; d++) {
        const offset = (d * regionCount + r) * SETTINGS.length;
        for (let k = 0; k < SETTINGS.length; k++) table[offset + k]! *= factors[k]!;
      }
    }
  }
  return table;
}
