import { fieldOf, isRecord, listOf, numberOf, numbersOf, textOf } from './lenient.js';
import * as messages from './messages.js';
import type { Problem } from './messages.js';
import { formatPath, formatReceived, valueAt } from './problems.js';
import { splitWhole } from './regions.js';

const SETTINGS = ['home', 'work', 'school', 'other'] as const;

/**
 * Checks that the scenario has people who can be infected: a susceptibility above 0 in some age
 * band, residents in some region, and contacts through which an infection can come back to the
 * band it started in. Without these the next-generation matrix has spectral radius 0, and no
 * transmission rate gives R0. Also checks that seeding puts its infections where there are residents,
 * because infections seeded into an age band of a region with no residents are lost.
 *
 * Reads the document leniently and skips whatever it cannot read, as the other cross-field checks do.
 *
 * @param ageBands the scenario's age band labels, or undefined when they are unreadable
 */
export function checkInfectable(document: unknown, ageBands: readonly string[] | undefined): Problem[] {
  if (ageBands === undefined) return [];
  const bandCount = ageBands.length;
  const regions = listOf(fieldOf(document, 'regions'));
  const residents = regions.map((region) => residentsByAge(region, bandCount));
  const problems: Problem[] = [];

  const susceptibilityValue = valueAt(document, ['transmission', 'susceptibilityByAge']);
  const susceptibility =
    susceptibilityValue === undefined ? new Array<number>(bandCount).fill(1) : numbersOf(susceptibilityValue);
  if (susceptibility !== undefined && susceptibility.length > 0 && susceptibility.every((value) => value === 0)) {
    problems.push(messages.noSusceptibility('transmission.susceptibilityByAge', formatReceived(susceptibilityValue)));
  }

  // Without regions, because `regions` is empty or not a list, the field schema reports that alone.
  const national = regions.length === 0 ? undefined : nationalByAge(residents, bandCount);
  const noResidents = national?.every((persons) => persons === 0) === true;
  if (noResidents) problems.push(messages.noPopulation('regions'));

  // The noContacts check reports matrices that are all 0, so this one looks at the others.
  const contacts = summedContacts(document, bandCount);
  if (
    problems.length === 0 &&
    national !== undefined &&
    susceptibility?.length === bandCount &&
    contacts?.some((value) => value > 0) === true &&
    !hasInfectionCycle(contacts, susceptibility, national)
  ) {
    problems.push(messages.noInfectionChain('transmission.contactsPerDay'));
  }

  // Without any residents every seeding entry would be reported too, for the one mistake above.
  if (!noResidents) problems.push(...checkSeedingTargets(document, ageBands, residents));
  return problems;
}

/**
 * Residents of a region per age band, in persons, split as the compiler splits them, or undefined
 * when the population is unreadable or does not fit the age bands.
 */
function residentsByAge(region: unknown, bandCount: number): number[] | undefined {
  const byAge = numbersOf(fieldOf(region, 'populationByAge'));
  if (byAge !== undefined) {
    return byAge.length === bandCount && byAge.every((persons) => persons >= 0) ? byAge : undefined;
  }
  const total = numberOf(fieldOf(region, 'populationTotal'));
  const shares = numbersOf(fieldOf(region, 'ageShares'));
  if (total === undefined || !Number.isSafeInteger(total) || total < 0) return undefined;
  if (shares === undefined || shares.length !== bandCount || shares.some((share) => share < 0)) return undefined;
  return splitWhole(total, shares);
}

/** National residents per age band, or undefined when some region's population is unreadable. */
function nationalByAge(residents: readonly (number[] | undefined)[], bandCount: number): number[] | undefined {
  const national = new Array<number>(bandCount).fill(0);
  for (const byAge of residents) {
    if (byAge === undefined) return undefined;
    for (let a = 0; a < bandCount; a++) national[a]! += byAge[a]!;
  }
  return national;
}

/** Contacts per day summed over the settings, `[a * n + b]`, or undefined when a matrix is unreadable. */
function summedContacts(document: unknown, bandCount: number): number[] | undefined {
  const sum = new Array<number>(bandCount * bandCount).fill(0);
  for (const setting of SETTINGS) {
    const rows = listOf(valueAt(document, ['transmission', 'contactsPerDay', setting]));
    if (rows.length !== bandCount) return undefined;
    for (let a = 0; a < bandCount; a++) {
      const row = numbersOf(rows[a]);
      if (row === undefined || row.length !== bandCount) return undefined;
      for (let b = 0; b < bandCount; b++) sum[a * bandCount + b]! += row[b]!;
    }
  }
  return sum;
}

/**
 * Tells whether the next-generation matrix has a spectral radius above 0. An entry K[a][b] is
 * positive exactly when band a is susceptible, a has contacts with b, and both have residents,
 * because every infectious period is positive. A non-negative matrix has spectral radius 0 exactly
 * when the graph of its positive entries has no cycle (it is then nilpotent), which Kahn's
 * topological sort detects. The bands left over after repeatedly removing bands that no remaining
 * band infects lie on a cycle or downstream of one.
 */
function hasInfectionCycle(
  contacts: readonly number[],
  susceptibility: readonly number[],
  population: readonly number[],
): boolean {
  const n = population.length;
  const infects = (b: number, a: number): boolean =>
    susceptibility[a]! > 0 && contacts[a * n + b]! > 0 && population[a]! > 0 && population[b]! > 0;

  const infectedBy = new Array<number>(n).fill(0);
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (infects(b, a)) infectedBy[a]!++;
  const ready = [...infectedBy.keys()].filter((a) => infectedBy[a] === 0);
  let removed = 0;
  while (ready.length > 0) {
    const b = ready.pop()!;
    removed++;
    for (let a = 0; a < n; a++) {
      if (infects(b, a) && --infectedBy[a]! === 0) ready.push(a);
    }
  }
  return removed < n;
}

/**
 * Adds one seeding entry's infections to the running total of each age band of its region and returns
 * the first band that it takes above its residents, since the run cannot infect more people than
 * live there. A region total above its residents has its own problem, so it is left to that check.
 */
function bandOverflow(
  seed: Record<string, unknown>,
  infections: number,
  ageBands: readonly string[],
  byAge: readonly number[],
  seededByBand: Map<string, number[]>,
  code: string,
): { band: string; seeded: number; earlier: number; residents: number } | undefined {
  const total = byAge.reduce((sum, persons) => sum + persons, 0);
  const shares = splitShares(seed, ageBands, byAge);
  const earlier = seededByBand.get(code) ?? new Array<number>(ageBands.length).fill(0);
  seededByBand.set(code, earlier.map((seeded, a) => seeded + infections * (shares[a] ?? 0)));
  if (shares.length !== ageBands.length || earlier.reduce((sum, x) => sum + x, 0) + infections > total) return undefined;
  // A relative tolerance keeps the rounding of the shares from reporting a band filled exactly.
  // A band without residents has its own problem.
  const a = ageBands.findIndex(
    (_, band) =>
      byAge[band]! > 0 && shares[band]! > 0 && earlier[band]! + infections * shares[band]! > byAge[band]! * (1 + 1e-9),
  );
  if (a < 0) return undefined;
  return { band: ageBands[a]!, seeded: infections * shares[a]!, earlier: earlier[a]!, residents: byAge[a]! };
}

/** Returns the share of a seeding entry's infections in each age band, as compiling the scenario splits them. */
function splitShares(seed: Record<string, unknown>, ageBands: readonly string[], byAge: readonly number[]): number[] {
  const shares = numbersOf(seed.ageShares);
  if (shares !== undefined) return shares.length === ageBands.length ? shares : [];
  const listed = listOf(seed.ageBands).map(textOf);
  const inSeed = listed.length === 0 ? ageBands.map(() => true) : ageBands.map((band) => listed.includes(band));
  const weight = byAge.reduce((sum, persons, a) => sum + (inSeed[a] ? persons : 0), 0);
  const count = inSeed.filter(Boolean).length;
  return ageBands.map((_, a) => {
    if (!inSeed[a]) return 0;
    return weight > 0 ? byAge[a]! / weight : 1 / count;
  });
}

/** Reports seeding whose infections land in age bands of a region with no residents. */
function checkSeedingTargets(
  document: unknown,
  ageBands: readonly string[],
  residents: readonly (number[] | undefined)[],
): Problem[] {
  const regionIndex = new Map<string, number>();
  for (const [r, region] of listOf(fieldOf(document, 'regions')).entries()) {
    const code = textOf(fieldOf(region, 'code'));
    if (code !== undefined && !regionIndex.has(code)) regionIndex.set(code, r);
  }

  const problems: Problem[] = [];
  // Infections seeded so far per region and age band, by the split that compiling the scenario uses.
  const seededByBand = new Map<string, number[]>();
  for (const [i, seed] of listOf(fieldOf(document, 'seeding')).entries()) {
    if (!isRecord(seed)) continue;
    const infections = numberOf(seed.infections);
    const code = textOf(seed.region);
    const byAge = code === undefined ? undefined : residents[regionIndex.get(code) ?? -1];
    if (infections === undefined || infections <= 0 || code === undefined || byAge === undefined) continue;
    const over = bandOverflow(seed, infections, ageBands, byAge, seededByBand, code);
    if (over !== undefined) problems.push(messages.seedBandAbovePopulation(formatPath(['seeding', i, 'infections']), code, over));

    if (byAge.every((persons) => persons === 0)) {
      problems.push(messages.seedRegionEmpty(formatPath(['seeding', i, 'region']), code, infections));
      continue;
    }

    // With ageShares, each band with a share above 0 gets its part whether or not anyone lives there.
    const shares = numbersOf(seed.ageShares);
    if (shares !== undefined && shares.length === ageBands.length) {
      const empty = ageBands.filter((_, a) => shares[a]! > 0 && byAge[a] === 0);
      if (empty.length > 0) {
        const path = formatPath(['seeding', i, 'ageShares']);
        problems.push(messages.seedBandsEmpty(path, formatReceived(seed.ageShares), code, empty));
      }
      continue;
    }

    // With ageBands, the split follows the residents of the listed bands, and it is even over
    // those bands only when none of them has residents.
    const listed = listOf(seed.ageBands).map(textOf);
    const indices = listed.map((band) => (band === undefined ? -1 : ageBands.indexOf(band)));
    if (listed.length > 0 && indices.every((a) => a >= 0 && byAge[a] === 0)) {
      const path = formatPath(['seeding', i, 'ageBands']);
      problems.push(messages.seedBandsEmpty(path, formatReceived(seed.ageBands), code, listed as string[]));
    }
  }
  return problems;
}
