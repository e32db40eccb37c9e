/**
 * Scenario parameters that a calibration can fit, by name: their bounds, their transform to an
 * unbounded scale for the optimiser, and how a value changes a scenario.
 *
 * Every fitted value is a multiplier or a shift of a value in the scenario. So the scenario's own
 * value is the starting point (a scale of 1 or a shift of 0), and the fitted scenario keeps the
 * structure and annotations of the original.
 */
import * as z from 'zod';

import { dayIndexOf, epochDayOf, isoDateOfEpochDay } from './calendar.js';
import { SETTINGS } from './distancing.js';
import { distributionSupport, type Distribution, type Param } from './fields.js';
import { FitParameterError, fitMessages } from './fit-messages.js';
import { validateScenario, type Scenario } from './scenario.js';
import { distancingSchema, seedingSchema, testingSchema, transmissionSchema } from './schema.js';

/**
 * Map from a bounded value to the optimiser's unbounded scale. `logit` is the log-odds of the
 * value's position in its range. `logLogit` is the log-odds of the position of its logarithm, for
 * multipliers whose range spans orders of magnitude, so that halving and doubling are equal steps.
 */
export type FitTransform = 'logit' | 'logLogit';

/** Part of the scenario that a fittable parameter changes, and how. */
export type FitTarget =
  /** Multiplies `transmission.r0`, a distribution as a whole. */
  | { kind: 'transmissionScale' }
  /** Multiplies the infections of the listed `seeding` entries. */
  | { kind: 'seedingScale'; entries: number[] }
  /** Moves the dates of the listed `seeding` entries, in days, fractions allowed. */
  | { kind: 'seedingShift'; entries: number[] }
  /** Multiplies the distance from 1 of every contact multiplier of one distancing period. */
  | { kind: 'distancingScale'; period: number }
  /** Multiplies a share of the listed `testing.seeking` entries, a distribution as a whole. */
  | { kind: 'seekingScale'; field: 'mildShare' | 'severeShare'; entries: number[] }
  /** Multiplies the tests per day of the listed testing sites. */
  | { kind: 'sitesScale'; sites: number[] }
  /** Multiplies the tests per person per day of one `testing.backgroundDemand` entry. */
  | { kind: 'backgroundScale'; entry: number };

/**
 * Returns a key that two parameters share exactly when they change the same values in the same way,
 * such as `seeding:KR-27.shiftDays` and `seeding[3].shiftDays` when entry 3 is the only seeding of KR-27.
 */
export function targetKey(target: FitTarget): string {
  const sorted = (indices: readonly number[]): number[] => [...indices].sort((a, b) => a - b);
  switch (target.kind) {
    case 'seedingScale':
    case 'seedingShift':
      return `${target.kind}:${sorted(target.entries).join(',')}`;
    case 'seekingScale':
      return `${target.kind}:${target.field}:${sorted(target.entries).join(',')}`;
    case 'sitesScale':
      return `${target.kind}:${sorted(target.sites).join(',')}`;
    case 'distancingScale':
      return `${target.kind}:${target.period}`;
    case 'backgroundScale':
      return `${target.kind}:${target.entry}`;
    case 'transmissionScale':
      return target.kind;
  }
}

/** A scenario parameter to fit, resolved against one scenario. */
export interface FitParameter {
  /** Name as given to `--fit`, e.g. `seeding:KR-27.scale`. */
  name: string;
  /** Description for reports, e.g. "Infections of the seeding entries of KR-27 (Daegu), multiplier". */
  label: string;
  /** Unit of the value: `multiplier` or `days`. */
  unit: 'multiplier' | 'days';
  target: FitTarget;
  /** Lowest value, in the unit. */
  lower: number;
  /** Highest value, in the unit. */
  upper: number;
  /** Source of each bound: the scenario schema, or a limit stated in this module. */
  boundsSource: string;
  transform: FitTransform;
  /** The value that leaves the scenario as it is: 1 for a multiplier, 0 for a shift. */
  start: number;
}

/** Range of `transmission.scale` before the schema's limit on R0 applies. R0 from a quarter to four times the scenario's covers any plausible error of its central value. */
export const TRANSMISSION_SCALE_RANGE = { lower: 0.25, upper: 4 } as const;

/** Range of a seeding multiplier before the schema's limit on infections applies: a hundredth to a hundred times. */
export const SEEDING_SCALE_RANGE = { lower: 0.01, upper: 100 } as const;

/**
 * Range of a seeding shift, in days. Three weeks either way covers the uncertainty of the dates of
 * the 2020 clusters, and a seeding entry is also never moved before the simulation start, where the
 * compiler drops its infections.
 */
export const SEEDING_SHIFT_RANGE_DAYS = { lower: -21, upper: 21 } as const;

/** Highest multiplier of a distancing period's effect before the schema's limits on contact multipliers apply. */
export const DISTANCING_SCALE_MAX = 5;

/** Range of a test-seeking multiplier before the schema's limit on the share applies. */
export const SEEKING_SCALE_RANGE = { lower: 0.1, upper: 10 } as const;

/** Range of a multiplier of a region's testing sites before the schema's limit on tests per site applies. */
export const SITES_SCALE_RANGE = { lower: 0.1, upper: 10 } as const;

/**
 * Range of a multiplier of one background test demand entry before the schema's limit of one test
 * per person per day applies.
 */
export const BACKGROUND_SCALE_RANGE = { lower: 0.1, upper: 10 } as const;

/**
 * Position of a value within its range, 0 to 1, below which (or above 1 minus which) a fitted value
 * counts as lying on a bound. In the transform's own coordinate: the logarithm for `logLogit`.
 */
export const BOUND_TOLERANCE = 1e-3;

/** Lowest and highest number a zod number field accepts, unwrapping defaults, optionals and parameter unions. */
export function numberRange(schema: z.ZodType): { min: number; max: number } {
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault || schema instanceof z.ZodOptional) {
    return numberRange(schema.unwrap() as z.ZodType);
  }
  if (schema instanceof z.ZodUnion) {
    for (const option of schema.options as readonly z.ZodType[]) {
      if (option instanceof z.ZodNumber) return numberRange(option);
    }
  }
  if (schema instanceof z.ZodNumber) {
    return { min: schema.minValue ?? -Infinity, max: schema.maxValue ?? Infinity };
  }
  throw new TypeError(`numberRange: expected a number field (got a ${schema.constructor.name})`);
}

/** The schema ranges the fittable parameters respect, read from the scenario schema itself. */
const SCHEMA_RANGES = {
  r0: numberRange(transmissionSchema.shape.r0),
  infections: numberRange(seedingSchema.unwrap().element.shape.infections),
  mildShare: numberRange(testingSchema.shape.seeking.unwrap().element.shape.mildShare),
  severeShare: numberRange(testingSchema.shape.seeking.unwrap().element.shape.severeShare),
  testsPerDayPerSite: numberRange(testingSchema.shape.sites.unwrap().element.shape.testsPerDayPerSite),
  testsPerPersonPerDay: numberRange(testingSchema.shape.backgroundDemand.unwrap().element.shape.testsPerPersonPerDay),
  multiplier: numberRange(distancingSchema.shape.multipliers.unwrap().shape.work),
};

/** Highest value a parameter can take: the number itself, or the top of a distribution's support. */
function highestValue(value: Param): number {
  return typeof value === 'number' ? value : distributionSupport(value).high;
}

const SEEDING_REGION_NAME = /^seeding:([^.]+)\.(scale|shiftDays)$/;
const SEEDING_ENTRY_NAME = /^seeding\[(\d+)\]\.(scale|shiftDays)$/;
const DISTANCING_NAME = /^distancing\[(\d+)\]\.scale$/;
const SEEKING_NAME = /^testing\.seeking\.(mildShare|severeShare)\.scale$/;
const SEEKING_ENTRY_NAME = /^testing\.seeking\[(\d+)\]\.(mildShare|severeShare)\.scale$/;
const SITES_NAME = /^testing\.sites:([^.]+)\.scale$/;
const BACKGROUND_ENTRY_NAME = /^testing\.backgroundDemand\[(\d+)\]\.scale$/;

/**
 * Resolves a `--fit` name against a scenario: what it changes and its range. The range is narrowed
 * where needed so that the scenario passes its cross-field checks at both ends, such as the limit
 * that the solver steps put on the test-seeking rate. The names are
 * `transmission.scale`, `seeding:REGION.scale`, `seeding:REGION.shiftDays` (every seeding entry of
 * the region), `seeding[I].scale`, `seeding[I].shiftDays` (one entry), `distancing[I].scale` and
 * `testing.seeking.mildShare.scale` or `.severeShare.scale` (every entry), `testing.seeking[I].mildShare.scale`
 * or `.severeShare.scale` (one entry), and `testing.sites:REGION.scale` (the
 * tests per day of every testing site of the region). `dispersion` belongs to the count
 * model, not to the scenario, so it is not resolved here.
 *
 * @throws FitParameterError when the name has none of these forms, names a region without seeding
 *   or an index past the end of its list, or the parameter cannot move from the scenario's value
 */
export function parseFitParameter(name: string, scenario: Scenario): FitParameter {
  return narrowToValid(resolveFitParameter(name, scenario), scenario);
}

/**
 * Resolves a fittable parameter's name against a scenario like {@link parseFitParameter}, without
 * narrowing its range to the scenario's cross-field checks: cheap, and safe to call while validating.
 *
 * @throws FitParameterError as {@link parseFitParameter} does
 */
export function resolveFitParameter(name: string, scenario: Scenario): FitParameter {
  if (name === 'transmission.scale') return transmissionScale(scenario);

  const regionMatch = SEEDING_REGION_NAME.exec(name);
  if (regionMatch !== null) {
    const region = regionMatch[1]!;
    checkRegionCode(name, region, scenario);
    const entries = scenario.seeding.flatMap((entry, index) => (entry.region === region ? [index] : []));
    if (entries.length === 0) throw new FitParameterError(fitMessages.noSeedingInRegion(name, region), { entryMissing: true });
    const regionName = scenario.regions.find((candidate) => candidate.code === region)?.name;
    const subject = `the seeding entries of ${region}${regionName === undefined ? '' : ` (${regionName})`}`;
    return seedingParameter(name, regionMatch[2] as 'scale' | 'shiftDays', entries, subject, scenario);
  }

  const entryMatch = SEEDING_ENTRY_NAME.exec(name);
  if (entryMatch !== null) {
    const index = Number(entryMatch[1]);
    checkIndex(name, 'seeding', index, scenario.seeding.length);
    return seedingParameter(name, entryMatch[2] as 'scale' | 'shiftDays', [index], `seeding[${index}]`, scenario);
  }

  const distancingMatch = DISTANCING_NAME.exec(name);
  if (distancingMatch !== null) {
    const index = Number(distancingMatch[1]);
    checkIndex(name, 'interventions.distancing', index, scenario.interventions.distancing.length);
    return distancingScale(name, index, scenario);
  }

  const seekingMatch = SEEKING_NAME.exec(name);
  if (seekingMatch !== null) {
    const entries = scenario.testing.seeking.map((_, index) => index);
    return seekingScale(name, seekingMatch[1] as 'mildShare' | 'severeShare', entries, scenario);
  }

  const seekingEntryMatch = SEEKING_ENTRY_NAME.exec(name);
  if (seekingEntryMatch !== null) {
    const index = Number(seekingEntryMatch[1]);
    checkIndex(name, 'testing.seeking', index, scenario.testing.seeking.length);
    return seekingScale(name, seekingEntryMatch[2] as 'mildShare' | 'severeShare', [index], scenario);
  }

  const sitesMatch = SITES_NAME.exec(name);
  if (sitesMatch !== null) return sitesScale(name, sitesMatch[1]!, scenario);

  const backgroundMatch = BACKGROUND_ENTRY_NAME.exec(name);
  if (backgroundMatch !== null) {
    const index = Number(backgroundMatch[1]);
    checkIndex(name, 'testing.backgroundDemand', index, scenario.testing.backgroundDemand.length);
    return backgroundScale(name, index, scenario);
  }

  throw new FitParameterError(fitMessages.unknownName(name));
}

function checkIndex(name: string, list: string, index: number, count: number): void {
  if (!Number.isSafeInteger(index) || index >= count) {
    throw new FitParameterError(fitMessages.indexOutOfRange(name, list, count), { entryMissing: true });
  }
}

function transmissionScale(scenario: Scenario): FitParameter {
  const schemaUpper = SCHEMA_RANGES.r0.max / highestValue(scenario.transmission.r0);
  return withRange(
    {
      name: 'transmission.scale',
      label: 'R0 (transmission.r0), multiplier',
      unit: 'multiplier',
      target: { kind: 'transmissionScale' },
      transform: 'logLogit',
      start: 1,
    },
    TRANSMISSION_SCALE_RANGE.lower,
    Math.min(TRANSMISSION_SCALE_RANGE.upper, schemaUpper),
    `${TRANSMISSION_SCALE_RANGE.lower} to ${TRANSMISSION_SCALE_RANGE.upper} (stated in fit-parameters.ts), ` +
      `and R0 at most ${SCHEMA_RANGES.r0.max} (schema)`,
  );
}

function seedingParameter(
  name: string,
  kind: 'scale' | 'shiftDays',
  entries: number[],
  subject: string,
  scenario: Scenario,
): FitParameter {
  const selected = entries.map((index) => scenario.seeding[index]!);
  if (kind === 'scale') {
    const largest = Math.max(...selected.map((entry) => entry.infections));
    const schemaUpper = largest > 0 ? SCHEMA_RANGES.infections.max / largest : Infinity;
    return withRange(
      {
        name,
        label: `Infections of ${subject}, multiplier`,
        unit: 'multiplier',
        target: { kind: 'seedingScale', entries },
        transform: 'logLogit',
        start: 1,
      },
      SEEDING_SCALE_RANGE.lower,
      Math.min(SEEDING_SCALE_RANGE.upper, schemaUpper),
      `${SEEDING_SCALE_RANGE.lower} to ${SEEDING_SCALE_RANGE.upper} (stated in fit-parameters.ts), ` +
        `and infections at most ${SCHEMA_RANGES.infections.max} per entry (schema)`,
    );
  }

  // An entry dated before the simulation start already loses its early days, so it may not move further back.
  const days = selected.map((entry) => dayIndexOf(entry.date, scenario.simulation.start));
  const lastDay = dayIndexOf(scenario.simulation.end, scenario.simulation.start);
  const lower = Math.max(SEEDING_SHIFT_RANGE_DAYS.lower, Math.min(0, -Math.min(...days)));
  const upper = Math.min(SEEDING_SHIFT_RANGE_DAYS.upper, Math.max(0, lastDay - Math.max(...days)));
  return withRange(
    {
      name,
      label: `Dates of ${subject}, shift`,
      unit: 'days',
      target: { kind: 'seedingShift', entries },
      transform: 'logit',
      start: 0,
    },
    lower,
    upper,
    `${SEEDING_SHIFT_RANGE_DAYS.lower} to ${SEEDING_SHIFT_RANGE_DAYS.upper} days (stated in fit-parameters.ts), ` +
      'and no entry outside the simulation (schema)',
  );
}

function distancingScale(name: string, index: number, scenario: Scenario): FitParameter {
  const period = scenario.interventions.distancing[index]!;
  const { min, max } = SCHEMA_RANGES.multiplier;

  // A multiplier m becomes 1 - s (1 - m), which must stay within the schema's range for every setting.
  let schemaUpper = Infinity;
  for (const setting of SETTINGS) {
    const m = period.multipliers[setting];
    if (m < 1) schemaUpper = Math.min(schemaUpper, (1 - min) / (1 - m));
    if (m > 1) schemaUpper = Math.min(schemaUpper, (max - 1) / (m - 1));
  }
  if (schemaUpper === Infinity) throw new FitParameterError(fitMessages.noDistancingEffect(name));
  const upper = Math.min(DISTANCING_SCALE_MAX, schemaUpper);
  if (upper <= 1) throw new FitParameterError(fitMessages.distancingAtLimit(name));

  const title = period.name === undefined ? `distancing[${index}]` : `"${period.name}"`;
  return withRange(
    {
      name,
      label: `Contact reduction of ${title}, multiplier of each multiplier's distance from 1`,
      unit: 'multiplier',
      target: { kind: 'distancingScale', period: index },
      transform: 'logit',
      start: 1,
    },
    0,
    upper,
    `0 to ${DISTANCING_SCALE_MAX} (stated in fit-parameters.ts), and contact multipliers from ${min} to ${max} (schema)`,
  );
}

function seekingScale(
  name: string,
  field: 'mildShare' | 'severeShare',
  indexes: number[],
  scenario: Scenario,
): FitParameter {
  const entries = indexes.map((index) => scenario.testing.seeking[index]!);
  if (entries.length === 0) throw new FitParameterError(fitMessages.noSeekingEntries(name), { entryMissing: true });
  const range = SCHEMA_RANGES[field];
  const largest = Math.max(...entries.map((entry) => highestValue(entry[field])));
  const schemaUpper = largest > 0 ? range.max / largest : Infinity;
  const share = field === 'mildShare' ? 'mild' : 'severe';
  return withRange(
    {
      name,
      label:
        indexes.length === scenario.testing.seeking.length
          ? `Share of ${share} cases who seek a test (testing.seeking.${field}), multiplier`
          : `Share of ${share} cases who seek a test (testing.seeking[${indexes.join(', ')}].${field}), multiplier`,
      unit: 'multiplier',
      target: { kind: 'seekingScale', field, entries: indexes },
      transform: 'logLogit',
      start: 1,
    },
    SEEKING_SCALE_RANGE.lower,
    Math.min(SEEKING_SCALE_RANGE.upper, schemaUpper),
    `${SEEKING_SCALE_RANGE.lower} to ${SEEKING_SCALE_RANGE.upper} (stated in fit-parameters.ts), ` +
      `and the share at most ${range.max} (schema)`,
  );
}

function sitesScale(name: string, region: string, scenario: Scenario): FitParameter {
  checkRegionCode(name, region, scenario);
  const sites = scenario.testing.sites.flatMap((site, index) => (site.region === region ? [index] : []));
  if (sites.length === 0) throw new FitParameterError(fitMessages.noSitesInRegion(name, region), { entryMissing: true });
  const largest = Math.max(...sites.map((index) => scenario.testing.sites[index]!.testsPerDayPerSite));
  const schemaUpper = largest > 0 ? SCHEMA_RANGES.testsPerDayPerSite.max / largest : Infinity;
  const regionName = scenario.regions.find((candidate) => candidate.code === region)?.name;
  const label = `Tests per day of the testing sites of ${region}${regionName === undefined ? '' : ` (${regionName})`}, multiplier`;
  const schemaLimit = `at most ${SCHEMA_RANGES.testsPerDayPerSite.max} tests per day per site (schema)`;
  return logMultiplier(name, label, { kind: 'sitesScale', sites }, SITES_SCALE_RANGE, schemaUpper, schemaLimit);
}

/**
 * Checks that a name's region is a region code of the scenario. A region named by its English or
 * Korean name gets the code to use in its place.
 */
function checkRegionCode(name: string, region: string, scenario: Scenario): void {
  if (scenario.regions.some((candidate) => candidate.code === region)) return;
  const nameInFit = region.toLowerCase();
  const named = scenario.regions.find(
    (candidate) =>
      candidate.name.toLowerCase() === nameInFit || (candidate.nameKo !== '' && candidate.nameKo.toLowerCase() === nameInFit),
  );
  if (named !== undefined) {
    throw new FitParameterError(fitMessages.regionByName(name, region, name.replace(`:${region}.`, `:${named.code}.`)));
  }
  // A plan may leave out a region that its base fitted, so the entry counts as missing, not as broken.
  const codes = scenario.regions.map((candidate) => candidate.code);
  throw new FitParameterError(fitMessages.unknownRegion(name, region, codes), { entryMissing: true });
}

function backgroundScale(name: string, index: number, scenario: Scenario): FitParameter {
  const entry = scenario.testing.backgroundDemand[index]!;
  const value = entry.testsPerPersonPerDay;
  const schemaUpper = value > 0 ? SCHEMA_RANGES.testsPerPersonPerDay.max / value : Infinity;
  const regions = entry.regions === 'all' ? 'every region' : entry.regions.join(', ');
  const label = `Background test demand from ${entry.from} in ${regions} (testing.backgroundDemand[${index}]), multiplier`;
  const schemaLimit = `at most ${SCHEMA_RANGES.testsPerPersonPerDay.max} test per person per day (schema)`;
  return logMultiplier(name, label, { kind: 'backgroundScale', entry: index }, BACKGROUND_SCALE_RANGE, schemaUpper, schemaLimit);
}

/**
 * Builds a multiplier that starts at 1 and is searched on the log-odds of its logarithm, within a
 * range stated in this module and capped where the schema's limit on the scaled value is reached.
 */
function logMultiplier(
  name: string,
  label: string,
  target: FitTarget,
  range: { lower: number; upper: number },
  schemaUpper: number,
  schemaLimit: string,
): FitParameter {
  return withRange(
    { name, label, unit: 'multiplier', target, transform: 'logLogit', start: 1 },
    range.lower,
    Math.min(range.upper, schemaUpper),
    `${range.lower} to ${range.upper} (stated in fit-parameters.ts), and ${schemaLimit}`,
  );
}

function withRange(
  parameter: Omit<FitParameter, 'lower' | 'upper' | 'boundsSource'>,
  lower: number,
  upper: number,
  boundsSource: string,
): FitParameter {
  if (!(lower < upper)) throw new FitParameterError(fitMessages.emptyRange(parameter.name, lower, upper));
  if (parameter.start <= lower || parameter.start >= upper) {
    const bound = parameter.start <= lower ? lower : upper;
    throw new FitParameterError(fitMessages.startOnBound(parameter.name, parameter.start, bound));
  }
  return { ...parameter, lower, upper, boundsSource };
}

/** Bisection steps that narrow a bound to the scenario's cross-field checks: to 2^-40 of the range. */
const NARROWING_STEPS = 40;

/** Moves each bound at which the scenario fails validation inward, to the last valid value found by bisection. */
function narrowToValid(parameter: FitParameter, scenario: Scenario): FitParameter {
  let narrowed = parameter;
  for (const end of ['lower', 'upper'] as const) {
    const firstProblem = problemsAt(parameter, scenario, parameter[end])[0];
    if (firstProblem === undefined) continue;

    let valid = boundPosition(parameter, parameter.start);
    let invalid = end === 'lower' ? 0 : 1;
    for (let step = 0; step < NARROWING_STEPS; step++) {
      const middle = (valid + invalid) / 2;
      if (problemsAt(parameter, scenario, valueAtPosition(parameter, middle)).length === 0) valid = middle;
      else invalid = middle;
    }
    const value = valueAtPosition(parameter, valid);
    const reason = `${end} bound narrowed to ${formatValue(value)} to pass the check on ${firstProblem.path}`;
    narrowed = { ...narrowed, [end]: value, boundsSource: `${narrowed.boundsSource}; ${reason}` };
  }
  return narrowed;
}

function problemsAt(parameter: FitParameter, scenario: Scenario, value: number): { path: string }[] {
  const validation = validateScenario(applyFitParameters(scenario, [parameter], [value]));
  return validation.ok ? [] : validation.problems;
}

/** Value at a position of its parameter's range, the inverse of {@link boundPosition}. */
function valueAtPosition(parameter: FitParameter, position: number): number {
  const { lower, upper } = parameter;
  if (position <= 0) return lower;
  if (position >= 1) return upper;
  if (parameter.transform === 'logLogit') return lower * Math.exp(position * Math.log(upper / lower));
  return lower + position * (upper - lower);
}

/** Position of a value in its parameter's range, 0 at the lower bound and 1 at the upper, in the transform's coordinate. */
export function boundPosition(parameter: FitParameter, value: number): number {
  const { lower, upper } = parameter;
  if (parameter.transform === 'logLogit') return Math.log(value / lower) / Math.log(upper / lower);
  return (value - lower) / (upper - lower);
}

/** Tells whether a fitted value lies on a bound of its range, within {@link BOUND_TOLERANCE}. */
export function isOnBound(parameter: FitParameter, value: number): boolean {
  const position = boundPosition(parameter, value);
  return position < BOUND_TOLERANCE || position > 1 - BOUND_TOLERANCE;
}

/**
 * Maps a value inside its parameter's range to the optimiser's unbounded scale.
 *
 * @throws RangeError when the value is not strictly inside the range
 */
export function toUnbounded(parameter: FitParameter, value: number): number {
  const position = boundPosition(parameter, value);
  if (!(position > 0 && position < 1)) {
    throw new RangeError(
      `${parameter.name} must lie strictly between ${parameter.lower} and ${parameter.upper} (got ${value})`,
    );
  }
  return Math.log(position / (1 - position));
}

/** Maps a point of the optimiser's unbounded scale back into the parameter's range, the inverse of {@link toUnbounded}. */
export function fromUnbounded(parameter: FitParameter, unbounded: number): number {
  const value = valueAtPosition(parameter, 1 / (1 + Math.exp(-unbounded)));
  // Rounding can carry a value far out on the unbounded scale just past a bound.
  return Math.min(parameter.upper, Math.max(parameter.lower, value));
}

/**
 * Returns a copy of the scenario with the parameters set to the values, each in its own unit. The
 * scenario given is not changed.
 *
 * Scales and shifts of seeding entries combine: an entry named by both its region and its index
 * takes the product of the scales and the sum of the shifts. A shift by a fraction of a day splits
 * each entry in two, one on each side of the fractional date, with the infections shared by how
 * near each date is, so that the result changes smoothly with the shift.
 *
 * @param note text added as a `note` to each changed group or entry, e.g. how the values were fitted
 * @throws RangeError when `values` does not hold one number per parameter
 */
export function applyFitParameters(
  scenario: Scenario,
  parameters: readonly FitParameter[],
  values: readonly number[],
  note?: string,
): Scenario {
  if (values.length !== parameters.length) {
    throw new RangeError(`applyFitParameters: expected ${parameters.length} values, one per parameter (got ${values.length})`);
  }
  const result = structuredClone(scenario);
  const seedingScales = new Array<number>(result.seeding.length).fill(1);
  const seedingShifts = new Array<number>(result.seeding.length).fill(0);
  const seedingNotes = result.seeding.map((): string[] => []);

  parameters.forEach((parameter, i) => {
    const value = values[i]!;
    const change = `${parameter.name} = ${formatValue(value)}`;
    const target = parameter.target;
    switch (target.kind) {
      case 'transmissionScale':
        result.transmission.r0 = scaleParam(result.transmission.r0, value);
        addNote(result.transmission, note, change);
        break;
      case 'seedingScale':
        for (const entry of target.entries) {
          seedingScales[entry]! *= value;
          seedingNotes[entry]!.push(change);
        }
        break;
      case 'seedingShift':
        for (const entry of target.entries) {
          seedingShifts[entry]! += value;
          seedingNotes[entry]!.push(change);
        }
        break;
      case 'distancingScale': {
        const period = result.interventions.distancing[target.period]!;
        for (const setting of SETTINGS) {
          const scaled = 1 - value * (1 - period.multipliers[setting]);
          period.multipliers[setting] = Math.min(SCHEMA_RANGES.multiplier.max, Math.max(SCHEMA_RANGES.multiplier.min, scaled));
        }
        addNote(period, note, change);
        break;
      }
      case 'seekingScale':
        for (const index of target.entries) {
          const entry = result.testing.seeking[index]!;
          entry[target.field] = scaleParam(entry[target.field], value);
          addNote(entry, note, change);
        }
        break;
      case 'sitesScale':
        for (const index of target.sites) {
          const site = result.testing.sites[index]!;
          site.testsPerDayPerSite *= value;
          addNote(site, note, change);
        }
        break;
      case 'backgroundScale': {
        const entry = result.testing.backgroundDemand[target.entry]!;
        entry.testsPerPersonPerDay *= value;
        addNote(entry, note, change);
        break;
      }
    }
  });

  result.seeding = result.seeding.flatMap((entry, index) => {
    const changes = seedingNotes[index]!;
    if (changes.length === 0) return [entry];
    const scaled = { ...entry, infections: entry.infections * seedingScales[index]! };
    addNote(scaled, note, changes.join(', '));
    return shiftSeedingEntry(scaled, seedingShifts[index]!);
  });
  return result;
}

/** Tolerance in days below which a fractional shift is taken as whole, so that no entry of a negligible size is made. */
const WHOLE_DAY_TOLERANCE = 1e-9;

function shiftSeedingEntry(entry: Scenario['seeding'][number], shiftDays: number): Scenario['seeding'] {
  const whole = Math.floor(shiftDays);
  const fraction = shiftDays - whole;
  const epochDay = epochDayOf(entry.date)!;
  const early = { ...entry, date: isoDateOfEpochDay(epochDay + whole) };
  if (fraction < WHOLE_DAY_TOLERANCE) return [early];
  if (fraction > 1 - WHOLE_DAY_TOLERANCE) return [{ ...entry, date: isoDateOfEpochDay(epochDay + whole + 1) }];
  const late = { ...entry, date: isoDateOfEpochDay(epochDay + whole + 1), infections: entry.infections * fraction };
  early.infections = entry.infections * (1 - fraction);
  return [early, late];
}

/** Multiplies a parameter, scaling every location and spread of a distribution so that its central value scales too. */
export function scaleParam(value: Param, factor: number): Param {
  if (typeof value === 'number') return value * factor;
  const scaled: Distribution = { ...value };
  switch (scaled.dist) {
    case 'uniform':
      scaled.min *= factor;
      scaled.max *= factor;
      break;
    case 'triangular':
      scaled.min *= factor;
      scaled.mode *= factor;
      scaled.max *= factor;
      break;
    case 'normal':
      scaled.mean *= factor;
      scaled.sd *= factor;
      break;
    case 'lognormal':
      scaled.median *= factor;
      break;
  }
  return scaled;
}

/** Appends `note: change` to an object's `note` annotation, keeping what it held. */
function addNote(target: { note?: string | string[] | undefined }, note: string | undefined, change: string): void {
  if (note === undefined) return;
  const text = `${change}: ${note}`;
  const existing = target.note;
  target.note = existing === undefined ? text : [...(Array.isArray(existing) ? existing : [existing]), text];
}

function formatValue(value: number): string {
  return String(Number(value.toPrecision(6)));
}
