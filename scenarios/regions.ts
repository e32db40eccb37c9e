import type { Scenario } from './scenario.js';

/** A region's code and display names. */
export interface RegionInfo {
  /** ISO 3166-2 code, e.g. `KR-11`. */
  code: string;
  /** English name. */
  name: string;
  /** Korean name, empty when the scenario gives none. */
  nameKo: string;
}

/** Lists the regions of a scenario, in the order of the compiled model's region index. */
export function regionsOf(scenario: Scenario): RegionInfo[] {
  return scenario.regions.map(({ code, name, nameKo }) => ({ code, name, nameKo }));
}

/** Index of each region code in the compiled model. */
export function regionIndexOf(scenario: Pick<Scenario, 'regions'>): Map<string, number> {
  return new Map(scenario.regions.map((region, index) => [region.code, index]));
}

/**
 * Splits a whole number of persons over shares by the largest remainder method, so that every
 * part is a whole number and the parts sum to the total exactly.
 */
export function splitWhole(total: number, shares: readonly number[]): number[] {
  const shareSum = shares.reduce((sum, share) => sum + share, 0);
  const exact = shares.map((share) => (shareSum > 0 ? (total * share) / shareSum : 0));
  const parts = exact.map(Math.floor);
  let remaining = total - parts.reduce((sum, part) => sum + part, 0);
  const byRemainder = exact
    .map((x, i) => ({ i, remainder: x - Math.floor(x) }))
    .sort((a, b) => b.remainder - a.remainder);
  for (let k = 0; remaining > 0 && k < byRemainder.length; k++, remaining--) parts[byRemainder[k]!.i]! += 1;
  return parts;
}

/**
 * Residents per region and age band, `[r * ageBandCount + a]`, in persons. A region given as
 * `populationTotal` with `ageShares` is split into whole persons that sum to the total.
 *
 * @throws RangeError when a region has no population or the wrong number of bands, which a
 *   validated scenario rules out
 */
export function populationTable(scenario: Pick<Scenario, 'regions' | 'ageBands'>): Float64Array {
  const bandCount = scenario.ageBands.length;
  const table = new Float64Array(scenario.regions.length * bandCount);
  for (const [r, region] of scenario.regions.entries()) {
    let byAge: readonly number[];
    if (region.populationByAge !== undefined) byAge = region.populationByAge;
    else if (region.populationTotal !== undefined && region.ageShares !== undefined) {
      byAge = splitWhole(region.populationTotal, region.ageShares);
    } else throw new RangeError(`regions[${r}] (${region.code}) has no population by age`);
    if (byAge.length !== bandCount) {
      throw new RangeError(`regions[${r}] (${region.code}) has ${byAge.length} age bands, expected ${bandCount}`);
    }
    table.set(byAge, r * bandCount);
  }
  return table;
}
