import { dayIndexOf } from './calendar.js';
import type { Scenario } from './scenario.js';
import type { TimelineFrame } from './timeline.js';

/**
 * Infections introduced per day, region and age band, `[(d * regionCount + r) * ageBandCount + a]`,
 * in persons. Each seeding entry spreads its infections evenly over `spreadDays` days from its
 * date, and days past the end of the simulation are dropped. The age split is `ageShares` when given,
 * else the region's population over the listed `ageBands`, else over all bands.
 *
 * @param population residents per region and age band, `[r * ageBandCount + a]`
 */
export function seedInfections(
  scenario: Pick<Scenario, 'seeding' | 'ageBands'>,
  population: Float64Array,
  frame: TimelineFrame,
): Float64Array {
  const { dayCount, regionIndex } = frame;
  const regionCount = regionIndex.size;
  const bandCount = scenario.ageBands.length;
  const table = new Float64Array(dayCount * regionCount * bandCount);

  for (const [i, seed] of scenario.seeding.entries()) {
    const r = regionIndex.get(seed.region);
    if (r === undefined) throw new RangeError(`seeding[${i}].region names unknown region ${seed.region}`);
    const shares = seedAgeShares(seed, scenario.ageBands, population.subarray(r * bandCount, (r + 1) * bandCount));
    const perDay = seed.infections / seed.spreadDays;
    const first = dayIndexOf(seed.date, frame.startDate);
    for (let d = Math.max(0, first); d < Math.min(dayCount, first + seed.spreadDays); d++) {
      const offset = (d * regionCount + r) * bandCount;
      for (let a = 0; a < bandCount; a++) table[offset + a]! += perDay * shares[a]!;
    }
  }
  return table;
}

function seedAgeShares(
  seed: Scenario['seeding'][number],
  ageBands: readonly string[],
  population: Float64Array,
): Float64Array {
  const bandCount = ageBands.length;
  const shares = new Float64Array(bandCount);
  if (seed.ageShares !== undefined) {
    shares.set(seed.ageShares);
    return shares;
  }
  const listed = seed.ageBands === undefined ? undefined : new Set(seed.ageBands);
  let total = 0;
  for (let a = 0; a < bandCount; a++) {
    if (listed === undefined || listed.has(ageBands[a]!)) {
      shares[a] = population[a]!;
      total += population[a]!;
    }
  }
  // A region without residents in the listed bands gets the infections spread evenly over them.
  for (let a = 0; a < bandCount; a++) {
    if (total > 0) shares[a] = shares[a]! / total;
    else shares[a] = listed === undefined || listed.has(ageBands[a]!) ? 1 / (listed?.size ?? bandCount) : 0;
  }
  return shares;
}
