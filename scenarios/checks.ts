import { epochDayOf, isoDateOfEpochDay } from './calendar.js';
import { DEFAULT_AGE_BANDS, MAX_SIMULATION_DAYS, SHARE_SUM_TOLERANCE } from './defaults.js';
import { checkEconomy } from './economy-checks.js';
import { REGION_CODE_PATTERN } from './fields.js';
import { checkInfectable } from './infectable.js';
import { fieldOf, isRecord, listOf, numberOf, numbersOf, paramRangeOf, textOf } from './lenient.js';
import * as messages from './messages.js';
import { distanceKm } from './mobility.js';
import type { Problem } from './messages.js';
import { formatPath, formatReceived, valueAt } from './problems.js';
import { epidemiologySchema } from './schema.js';
import { checkStability } from './stability.js';
import { checkTimelineConflicts } from './timelineConflicts.js';

/**
 * Runs the checks that relate several fields of a scenario: region codes and their references,
 * date order, the length of the horizon, dates inside the simulation, table sizes against the age
 * bands and regions, shares that sum to 1, timeline entries that conflict, people who can be
 * infected, solver stability, and the economy group (`economy-checks.ts`).
 *
 * They read the document leniently (see `lenient.ts`), so they also run on a document whose
 * fields are not all valid. They skip whatever they cannot read, because the field schema reports it.
 */
export function checkScenario(document: unknown): Problem[] {
  const context = contextOf(document);
  return [
    ...checkSimulation(context),
    ...checkAgeBands(context),
    ...checkRegions(context),
    ...checkRegionReferences(context),
    ...checkEpidemiology(context),
    ...checkContacts(context),
    ...checkMobility(context),
    ...checkSeeding(context),
    ...checkDates(context),
    ...checkTransfers(context),
    ...checkPriority(context),
    ...checkTimelineConflicts(document),
    ...checkInfectable(document, context.ageBands),
    ...checkStability(document),
    ...checkEconomy(document, context),
  ];
}

interface Context {
  document: unknown;
  start: string | undefined;
  end: string | undefined;
  startDay: number | undefined;
  endDay: number | undefined;
  /** Region codes with the index of their first region, or undefined when a code is malformed. */
  regionIndex: Map<string, number> | undefined;
  /** Age band labels, or undefined when they are unreadable. */
  ageBands: readonly string[] | undefined;
}

function contextOf(document: unknown): Context {
  const simulation = fieldOf(document, 'simulation');
  const start = textOf(fieldOf(simulation, 'start'));
  const end = textOf(fieldOf(simulation, 'end'));

  const regionIndex = regionIndexOf(fieldOf(document, 'regions'));

  const bands = fieldOf(document, 'ageBands');
  let ageBands: readonly string[] | undefined = bands === undefined ? DEFAULT_AGE_BANDS : undefined;
  if (Array.isArray(bands) && bands.every((band) => typeof band === 'string')) ageBands = bands as string[];

  return {
    document,
    start,
    end,
    startDay: start === undefined ? undefined : epochDayOf(start),
    endDay: end === undefined ? undefined : epochDayOf(end),
    regionIndex,
    ageBands,
  };
}

/**
 * Maps region codes to the index of their first region. A malformed code, or a list without regions,
 * would turn every reference to a region into a problem too, so then this returns undefined. The
 * field schema reports the code or the list, and references are checked once every code is valid.
 */
function regionIndexOf(regions: unknown): Map<string, number> | undefined {
  if (!Array.isArray(regions) || regions.length === 0) return undefined;
  const index = new Map<string, number>();
  for (const [i, region] of regions.entries()) {
    const code = textOf(fieldOf(region, 'code'));
    if (code === undefined || !REGION_CODE_PATTERN.test(code)) return undefined;
    if (!index.has(code)) index.set(code, i);
  }
  return index;
}

/** A date field with its path, when the date is valid. */
interface DateAt {
  keys: (string | number)[];
  text: string;
  day: number;
}

function dateAt(document: unknown, keys: (string | number)[]): DateAt | undefined {
  const text = textOf(valueAt(document, keys));
  const day = text === undefined ? undefined : epochDayOf(text);
  return text === undefined || day === undefined ? undefined : { keys, text, day };
}

function orderProblem(earlier: DateAt | undefined, later: DateAt | undefined): Problem[] {
  if (earlier === undefined || later === undefined || later.day >= earlier.day) return [];
  return [messages.dateBefore(formatPath(later.keys), later.text, formatPath(earlier.keys), earlier.text)];
}

/**
 * Reports a date outside the simulation. With `afterEndAllowed`, a date after the end passes: the
 * input then has no effect, which the warnings report, so that a plan may shorten its base.
 */
function insideProblem(context: Context, date: DateAt | undefined, afterEndAllowed = false): Problem[] {
  const { start, end, startDay, endDay } = context;
  if (date === undefined || start === undefined || end === undefined) return [];
  // With the simulation dates out of order there is no window to check against, and that order is reported once.
  if (startDay === undefined || endDay === undefined || endDay < startDay) return [];
  if (date.day >= startDay && (date.day <= endDay || afterEndAllowed)) return [];
  return [messages.dateOutsideSimulation(formatPath(date.keys), date.text, start, end)];
}

function sumProblem(keys: (string | number)[], shares: readonly number[]): Problem[] {
  const sum = shares.reduce((total, share) => total + share, 0);
  if (Math.abs(sum - 1) <= SHARE_SUM_TOLERANCE) return [];
  return [messages.sharesDoNotSumToOne(formatPath(keys), sum)];
}

function lengthProblem(
  keys: (string | number)[],
  value: unknown,
  count: number | undefined,
  itemName: string,
  itemsName?: string,
): Problem[] {
  if (!Array.isArray(value) || count === undefined || value.length === count) return [];
  return [messages.wrongLength(formatPath(keys), value.length, count, itemName, itemsName)];
}

function checkSimulation(context: Context): Problem[] {
  const { document } = context;
  const start = dateAt(document, ['simulation', 'start']);
  const end = dateAt(document, ['simulation', 'end']);
  const order = orderProblem(start, end);
  if (order.length > 0 || start === undefined || end === undefined) return order;

  const dayCount = end.day - start.day + 1;
  if (dayCount <= MAX_SIMULATION_DAYS) return [];
  const lastDate = isoDateOfEpochDay(start.day + MAX_SIMULATION_DAYS - 1);
  return [messages.horizonTooLong(formatPath(end.keys), end.text, start.text, dayCount, lastDate)];
}

function checkAgeBands(context: Context): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const [i, band] of (context.ageBands ?? []).entries()) {
    if (seen.has(band)) problems.push(messages.duplicateAgeBand(formatPath(['ageBands', i]), formatReceived(band)));
    seen.add(band);
  }
  return problems;
}

function checkRegions(context: Context): Problem[] {
  const { document, ageBands } = context;
  const problems: Problem[] = [];
  const firstIndex = new Map<string, number>();
  const bandCount = ageBands?.length;

  for (const [i, region] of listOf(fieldOf(document, 'regions')).entries()) {
    if (!isRecord(region)) continue;
    const code = textOf(region.code);
    if (code !== undefined) {
      const first = firstIndex.get(code);
      if (first === undefined) firstIndex.set(code, i);
      else {
        problems.push(
          messages.duplicateRegion(
            formatPath(['regions', i, 'code']),
            formatReceived(code),
            formatPath(['regions', first, 'code']),
          ),
        );
      }
    }

    const byAge = region.populationByAge;
    const total = region.populationTotal;
    const regionPath = formatPath(['regions', i]);
    if (byAge === undefined && total === undefined) problems.push(messages.populationNotGiven(regionPath));
    if (byAge !== undefined && total !== undefined) problems.push(messages.populationGivenTwice(regionPath));
    if (total !== undefined && byAge === undefined && region.ageShares === undefined) {
      problems.push(messages.ageSharesMissing(formatPath(['regions', i, 'ageShares'])));
    }
    problems.push(...lengthProblem(['regions', i, 'populationByAge'], byAge, bandCount, 'age band'));
    problems.push(...lengthProblem(['regions', i, 'ageShares'], region.ageShares, bandCount, 'age band'));
    const shares = numbersOf(region.ageShares);
    if (shares !== undefined) problems.push(...sumProblem(['regions', i, 'ageShares'], shares));
  }
  return problems;
}

/** Collects every field that names a region, with its path. */
function regionReferences(document: unknown): { keys: (string | number)[]; value: unknown }[] {
  const references: { keys: (string | number)[]; value: unknown }[] = [];
  const single = (listKeys: string[], field: string): void => {
    for (const [i, entry] of listOf(valueAt(document, listKeys)).entries()) {
      references.push({ keys: [...listKeys, i, field], value: fieldOf(entry, field) });
    }
  };
  const selection = (listKeys: string[], field: string): void => {
    for (const [i, entry] of listOf(valueAt(document, listKeys)).entries()) {
      for (const [j, code] of listOf(fieldOf(entry, field)).entries()) {
        references.push({ keys: [...listKeys, i, field, j], value: code });
      }
    }
  };

  single(['seeding'], 'region');
  single(['testing', 'sites'], 'region');
  selection(['testing', 'labCapacity', 'regional'], 'regions');
  selection(['testing', 'backgroundDemand'], 'regions');
  selection(['testing', 'screeningDemand'], 'regions');
  selection(['testing', 'seeking'], 'regions');
  selection(['tracing', 'staff'], 'regions');
  selection(['tracing', 'identified'], 'regions');
  selection(['tracing', 'entryTests'], 'regions');
  single(['tracing', 'clusters'], 'region');
  for (const tier of ['rtcBeds', 'wardBeds', 'icuBeds', 'rtcShare']) selection(['care', tier], 'regions');
  single(['care', 'transfers'], 'origin');
  selection(['care', 'transfers'], 'destinations');
  selection(['interventions', 'distancing'], 'regions');
  for (const [i, code] of listOf(valueAt(document, ['transmission', 'mobility', 'order'])).entries()) {
    references.push({ keys: ['transmission', 'mobility', 'order', i], value: code });
  }
  return references;
}

function checkRegionReferences(context: Context): Problem[] {
  const { regionIndex } = context;
  if (regionIndex === undefined) return [];
  const problems: Problem[] = [];
  const listed = new Set<string>();
  for (const { keys, value } of regionReferences(context.document)) {
    const code = textOf(value);
    if (code === undefined) continue;
    if (!regionIndex.has(code)) {
      problems.push(messages.unknownRegion(formatPath(keys), formatReceived(code)));
      continue;
    }
    const listField = keys.at(-2);
    if (listField !== 'regions' && listField !== 'destinations') continue;
    const inList = `${formatPath(keys.slice(0, -1))}\u0000${code}`;
    if (listed.has(inList)) problems.push(messages.regionRepeated(formatPath(keys), formatReceived(code)));
    listed.add(inList);
  }
  return problems;
}

const SEVERITY_FIELDS = [
  'hospitalisedPercentByAge',
  'criticalPercentOfHospitalisedByAge',
  'infectionFatalityPercentByAge',
] as const;

const DEFAULT_EPIDEMIOLOGY = epidemiologySchema.parse({});

function checkEpidemiology(context: Context): Problem[] {
  const { document, ageBands } = context;
  const problems: Problem[] = [];
  const bandCount = ageBands?.length;
  const epidemiology = fieldOf(document, 'epidemiology');

  for (const field of SEVERITY_FIELDS) {
    const value = fieldOf(epidemiology, field);
    const defaultLength = DEFAULT_EPIDEMIOLOGY[field].length;
    if (value === undefined && bandCount !== undefined && bandCount !== defaultLength) {
      problems.push(messages.defaultDoesNotFit(formatPath(['epidemiology', field]), defaultLength, bandCount));
    }
    problems.push(...lengthProblem(['epidemiology', field], value, bandCount, 'age band'));
  }
  problems.push(
    ...lengthProblem(
      ['transmission', 'susceptibilityByAge'],
      valueAt(document, ['transmission', 'susceptibilityByAge']),
      bandCount,
      'age band',
    ),
  );

  // Severe and critical cases are shares of the symptomatic ones, so the hospitalised share of
  // infections cannot exceed the symptomatic share, even at the highest asymptomatic fraction.
  const asymptomatic = fieldOf(epidemiology, 'asymptomaticFraction');
  const asymptomaticHigh =
    asymptomatic === undefined ? DEFAULT_EPIDEMIOLOGY.asymptomaticFraction : paramRangeOf(asymptomatic)?.high;
  const hospitalisedValue = fieldOf(epidemiology, 'hospitalisedPercentByAge');
  const hospitalised =
    hospitalisedValue === undefined ? DEFAULT_EPIDEMIOLOGY.hospitalisedPercentByAge : numbersOf(hospitalisedValue);
  if (typeof asymptomaticHigh === 'number' && hospitalised !== undefined) {
    for (const [a, percent] of hospitalised.entries()) {
      if (percent / 100 > 1 - asymptomaticHigh) {
        const band = ageBands?.[a] ?? String(a);
        const keys = ['epidemiology', 'hospitalisedPercentByAge', a];
        problems.push(messages.severityAboveOne(formatPath(keys), formatReceived(percent), band));
      }
    }
  }
  return problems;
}

const SETTINGS = ['home', 'work', 'school', 'other'] as const;

function checkContacts(context: Context): Problem[] {
  const { document, ageBands } = context;
  const problems: Problem[] = [];
  const bandCount = ageBands?.length;
  let total = 0;
  let readable = true;

  for (const setting of SETTINGS) {
    const keys = ['transmission', 'contactsPerDay', setting];
    const matrix = valueAt(document, keys);
    problems.push(...lengthProblem(keys, matrix, bandCount, 'age band'));
    for (const [a, row] of listOf(matrix).entries()) {
      problems.push(...lengthProblem([...keys, a], row, bandCount, 'age band'));
    }
    for (const row of listOf(matrix)) {
      const numbers = numbersOf(row);
      if (numbers === undefined) readable = false;
      else total += numbers.reduce((sum, x) => sum + x, 0);
    }
    if (!Array.isArray(matrix)) readable = false;
  }
  if (readable && total === 0) problems.push(messages.noContacts('transmission.contactsPerDay'));
  return problems;
}

function checkMobility(context: Context): Problem[] {
  const { document, regionIndex } = context;
  const mobility = valueAt(document, ['transmission', 'mobility']);
  if (!isRecord(mobility)) return [];
  const problems: Problem[] = [];
  const regions = listOf(fieldOf(document, 'regions'));

  const order = listOf(mobility.order).map(textOf);
  if (regionIndex !== undefined && Array.isArray(mobility.order)) {
    const listed = new Set(order);
    const missing = [...regionIndex.keys()].filter((code) => !listed.has(code));
    if (missing.length > 0) problems.push(messages.orderNotAllRegions('transmission.mobility.order', missing));
  }
  const flows = mobility.flowsPerYear;
  const orderRegion = ['region in transmission.mobility.order', 'regions in transmission.mobility.order'] as const;
  problems.push(...lengthProblem(['transmission', 'mobility', 'flowsPerYear'], flows, order.length, ...orderRegion));
  for (const [r, row] of listOf(flows).entries()) {
    const rowKeys = ['transmission', 'mobility', 'flowsPerYear', r];
    problems.push(...lengthProblem(rowKeys, row, order.length, ...orderRegion));
  }

  const decayKm = numberOf(mobility.distanceDecayKm);
  if (decayKm !== undefined) {
    for (const [i, region] of regions.entries()) {
      for (const key of ['latitude', 'longitude']) {
        if (fieldOf(region, key) === undefined) {
          problems.push(messages.coordinatesMissing(formatPath(['regions', i, key])));
        }
      }
    }
  }
  if (problems.length > 0 || regionIndex === undefined) return problems;

  // The off-diagonal shares of each row must leave a non-negative share at home. The region
  // with the largest share away is reported.
  const scale = numberOf(mobility.scale);
  if (scale === undefined) return problems;
  let worst: { code: string; away: number } | undefined;
  for (const [r, codeR] of order.entries()) {
    const regionR = regions[regionIndex.get(codeR ?? '') ?? -1];
    const population = populationOf(regionR);
    const row = numbersOf(listOf(flows)[r]);
    if (population === undefined || population <= 0 || row === undefined) continue;
    let away = 0;
    for (const [s, codeS] of order.entries()) {
      if (s === r) continue;
      const regionS = regions[regionIndex.get(codeS ?? '') ?? -1];
      const decay = decayKm === undefined ? 1 : decayFactor(regionR, regionS, decayKm);
      if (decay === undefined) return problems;
      away += (scale * row[s]! * decay) / population;
    }
    if (away > 1 && (worst === undefined || away > worst.away)) worst = { code: codeR ?? '', away };
  }
  if (worst !== undefined) {
    const received = formatReceived(scale);
    const problem = messages.mobilityTooStrong('transmission.mobility.scale', received, worst.code, worst.away, scale / worst.away);
    problems.push({ ...problem, related: populationPath(regions, worst.code) });
  }
  return problems;
}

function decayFactor(regionR: unknown, regionS: unknown, decayKm: number): number | undefined {
  const latitudeR = numberOf(fieldOf(regionR, 'latitude'));
  const longitudeR = numberOf(fieldOf(regionR, 'longitude'));
  const latitudeS = numberOf(fieldOf(regionS, 'latitude'));
  const longitudeS = numberOf(fieldOf(regionS, 'longitude'));
  if (latitudeR === undefined || longitudeR === undefined || latitudeS === undefined || longitudeS === undefined) {
    return undefined;
  }
  return Math.exp(-distanceKm(latitudeR, longitudeR, latitudeS, longitudeS) / decayKm);
}

/** Returns a region's residents, from populationTotal or the sum of populationByAge, if readable. */
export function populationOf(region: unknown): number | undefined {
  const total = numberOf(fieldOf(region, 'populationTotal'));
  if (total !== undefined) return total;
  return numbersOf(fieldOf(region, 'populationByAge'))?.reduce((sum, x) => sum + x, 0);
}

/** Returns the path of the field that gives a region's residents, as {@link populationOf} reads it. */
function populationPath(regions: readonly unknown[], code: string | undefined): string[] {
  const index = regions.findIndex((region) => textOf(fieldOf(region, 'code')) === code);
  if (index < 0) return [];
  const field = numberOf(fieldOf(regions[index], 'populationTotal')) !== undefined ? 'populationTotal' : 'populationByAge';
  return [formatPath(['regions', index, field])];
}

function checkSeeding(context: Context): Problem[] {
  const { document, ageBands } = context;
  const problems: Problem[] = [];
  const known = new Set(ageBands ?? []);
  const regions = listOf(fieldOf(document, 'regions'));
  // Infections seeded so far per region, counting plain numbers only: a distribution's draw varies.
  const seeded = new Map<string, number>();
  const totals = new Map<string, number>();
  for (const seed of listOf(fieldOf(document, 'seeding'))) {
    const code = isRecord(seed) ? textOf(seed.region) : undefined;
    const infections = isRecord(seed) ? numberOf(seed.infections) : undefined;
    if (code !== undefined && infections !== undefined) totals.set(code, (totals.get(code) ?? 0) + infections);
  }
  // Only the entry that first takes a region past its residents is reported, since the fix is there.
  const reported = new Set<string>();

  for (const [i, seed] of listOf(fieldOf(document, 'seeding')).entries()) {
    if (!isRecord(seed)) continue;
    const code = textOf(seed.region);
    const infections = numberOf(seed.infections);
    const population = populationOf(regions.find((region) => textOf(fieldOf(region, 'code')) === code));
    // A region without residents has its own problem for any seeding.
    if (code !== undefined && infections !== undefined && population !== undefined && population > 0) {
      const earlier = seeded.get(code) ?? 0;
      if (earlier + infections > population && !reported.has(code)) {
        const later = (totals.get(code) ?? 0) - earlier - infections;
        const path = formatPath(['seeding', i, 'infections']);
        const problem = messages.seedingAbovePopulation(path, infections, code, { earlier, later, population });
        problems.push({ ...problem, related: populationPath(regions, code) });
        reported.add(code);
      }
      seeded.set(code, earlier + infections);
    }
    problems.push(...insideProblem(context, dateAt(document, ['seeding', i, 'date']), true));
    if (seed.ageBands !== undefined && seed.ageShares !== undefined) {
      problems.push(messages.seedAgesGivenTwice(formatPath(['seeding', i])));
    }
    if (ageBands !== undefined) {
      for (const [j, band] of listOf(seed.ageBands).entries()) {
        const label = textOf(band);
        if (label !== undefined && !known.has(label)) {
          problems.push(messages.unknownAgeBand(formatPath(['seeding', i, 'ageBands', j]), formatReceived(label)));
        }
      }
    }
    problems.push(...lengthProblem(['seeding', i, 'ageShares'], seed.ageShares, ageBands?.length, 'age band'));
    const shares = numbersOf(seed.ageShares);
    if (shares !== undefined) problems.push(...sumProblem(['seeding', i, 'ageShares'], shares));
  }
  return problems;
}

function checkDates(context: Context): Problem[] {
  const { document } = context;
  const problems: Problem[] = [];
  for (const [i] of listOf(valueAt(document, ['testing', 'sites'])).entries()) {
    const keys = ['testing', 'sites', i];
    problems.push(...orderProblem(dateAt(document, [...keys, 'opens']), dateAt(document, [...keys, 'closes'])));
  }
  for (const [i] of listOf(valueAt(document, ['tracing', 'clusters'])).entries()) {
    problems.push(...insideProblem(context, dateAt(document, ['tracing', 'clusters', i, 'dateFound']), true));
  }
  for (const [i] of listOf(valueAt(document, ['interventions', 'distancing'])).entries()) {
    const keys = ['interventions', 'distancing', i];
    problems.push(...orderProblem(dateAt(document, [...keys, 'start']), dateAt(document, [...keys, 'end'])));
  }
  return problems;
}

function checkTransfers(context: Context): Problem[] {
  const { document, regionIndex } = context;
  const problems: Problem[] = [];
  const regions = listOf(fieldOf(document, 'regions'));
  for (const [i, route] of listOf(valueAt(document, ['care', 'transfers'])).entries()) {
    const keys = ['care', 'transfers', i];
    problems.push(...orderProblem(dateAt(document, [...keys, 'start']), dateAt(document, [...keys, 'end'])));
    const origin = textOf(fieldOf(route, 'origin'));
    for (const [j, destination] of listOf(fieldOf(route, 'destinations')).entries()) {
      if (origin !== undefined && textOf(destination) === origin) {
        problems.push(messages.transferToOrigin(formatPath([...keys, 'destinations', j]), origin));
      }
    }
    if (fieldOf(route, 'destinations') !== 'group' || origin === undefined || regionIndex === undefined) continue;
    const index = regionIndex.get(origin);
    if (index !== undefined && fieldOf(regions[index], 'bedGroup') === undefined) {
      problems.push(messages.noBedGroup(formatPath([...keys, 'destinations']), origin));
    }
  }
  return problems;
}

function checkPriority(context: Context): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const [i, entry] of listOf(valueAt(context.document, ['testing', 'priority'])).entries()) {
    const name = textOf(entry);
    if (name === undefined) continue;
    if (seen.has(name)) {
      problems.push(messages.priorityRepeats(formatPath(['testing', 'priority', i]), formatReceived(name)));
    }
    seen.add(name);
  }
  return problems;
}
