import { QUINTILES } from '../engine/index.js';

import type { ResolvedScenario } from './distributions.js';
import { HOUSEHOLD_SIZES } from './economy-schema.js';

/** Number of household sizes: 1, 2, 3, and 4 or more persons. */
export const SIZES = HOUSEHOLD_SIZES.length;

/** The resolved `economy` group of a scenario that has one. */
export type ResolvedEconomy = NonNullable<ResolvedScenario['economy']>;

/**
 * Households of every region split into cells by income quintile, size and group. The groups of the
 * scenario come first, in their order, and the last group index contains the households in no group.
 */
export interface HouseholdTable {
  regionCount: number;
  /** Groups of the scenario plus one for the households in none. */
  groupCount: number;
  /** Group names in the order of the group index; the last index has no name. */
  groupNames: readonly string[];
  /** Households per cell, `[((r * 5 + q) * 4 + s) * groupCount + g]`. */
  cells: Float64Array;
}

/** Returns the index of a cell of {@link HouseholdTable.cells}. */
export function cellIndex(table: HouseholdTable, r: number, q: number, s: number, g: number): number {
  return ((r * QUINTILES + q) * SIZES + s) * table.groupCount + g;
}

/**
 * Counts the households of each region. A region listed in `households.regional` with a count has
 * it. The others share what `households.total` leaves after the listed counts, in proportion to
 * their population, so the regions add up to the total. Without a total they have none.
 *
 * @param populationByRegion residents per region, in persons
 */
export function householdsByRegion(
  economy: ResolvedEconomy,
  regionIndex: ReadonlyMap<string, number>,
  populationByRegion: Float64Array,
): Float64Array {
  const regionCount = regionIndex.size;
  const households = new Float64Array(regionCount);
  const listed = new Uint8Array(regionCount);
  let listedTotal = 0;
  for (const entry of economy.households.regional) {
    const r = regionIndex.get(entry.region);
    if (r === undefined) throw new RangeError(`economy.households.regional names unknown region ${entry.region}`);
    if (entry.households === undefined) continue;
    households[r] = entry.households;
    listed[r] = 1;
    listedTotal += entry.households;
  }

  const left = Math.max(0, (economy.households.total ?? 0) - listedTotal);
  let unlistedPopulation = 0;
  for (let r = 0; r < regionCount; r++) if (listed[r] === 0) unlistedPopulation += populationByRegion[r]!;
  for (let r = 0; r < regionCount; r++) {
    if (listed[r] === 0 && unlistedPopulation > 0) households[r] = (left * populationByRegion[r]!) / unlistedPopulation;
  }
  return households;
}

/**
 * Splits each region's households over quintiles, sizes and groups. Within a region, the quintile
 * shares are the region's own or a fifth each. Size shares are the region's own for every quintile,
 * else the national shares of the quintile, else the national shares. Group membership depends on
 * the quintile alone: a group takes its share of every size of the quintile.
 */
export function householdTable(
  economy: ResolvedEconomy,
  regionIndex: ReadonlyMap<string, number>,
  populationByRegion: Float64Array,
): HouseholdTable {
  const regionCount = regionIndex.size;
  const { households } = economy;
  const groupNames = households.groups.map((group) => group.name);
  const groupCount = groupNames.length + 1;
  const counts = householdsByRegion(economy, regionIndex, populationByRegion);
  const table: HouseholdTable = {
    regionCount,
    groupCount,
    groupNames,
    cells: new Float64Array(regionCount * QUINTILES * SIZES * groupCount),
  };

  const regional = new Map(households.regional.map((entry) => [regionIndex.get(entry.region)!, entry]));
  for (let r = 0; r < regionCount; r++) {
    const entry = regional.get(r);
    const quintileShares = entry?.quintileShares ?? new Array<number>(QUINTILES).fill(1 / QUINTILES);
    for (let q = 0; q < QUINTILES; q++) {
      const sizeShares = entry?.sizeShares ?? households.sizeSharesByQuintile?.[q] ?? households.sizeShares;
      let inGroups = 0;
      for (const group of households.groups) inGroups += group.shareByQuintile[q]!;
      for (let s = 0; s < SIZES; s++) {
        const cellTotal = counts[r]! * quintileShares[q]! * sizeShares[s]!;
        households.groups.forEach((group, g) => {
          table.cells[cellIndex(table, r, q, s, g)] = cellTotal * group.shareByQuintile[q]!;
        });
        table.cells[cellIndex(table, r, q, s, groupCount - 1)] = cellTotal * Math.max(0, 1 - inGroups);
      }
    }
  }
  return table;
}

/** Sums the households of each region and quintile, `[r * 5 + q]`. */
export function householdsByQuintile(table: HouseholdTable): Float64Array {
  const totals = new Float64Array(table.regionCount * QUINTILES);
  for (let r = 0; r < table.regionCount; r++) {
    for (let q = 0; q < QUINTILES; q++) {
      for (let s = 0; s < SIZES; s++) {
        for (let g = 0; g < table.groupCount; g++) totals[r * QUINTILES + q]! += table.cells[cellIndex(table, r, q, s, g)]!;
      }
    }
  }
  return totals;
}
