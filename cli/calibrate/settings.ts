import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { calendarOf, FitParameterError, parseFitParameter, targetKey, type FitParameter, type FitTarget, type Scenario } from '../../scenarios/index.js';
import { InputError, messages } from '../messages.js';
import { folderName, parsePositiveInteger, parseWorkers } from '../run-settings.js';

/** Flags of `tttsim calibrate` as yargs parses them; numbers stay text, so that messages show what was typed. */
export interface CalibrateFlags {
  scenario: string;
  observed?: string | undefined;
  tests?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  fit?: string[] | undefined;
  out?: string | undefined;
  workers?: string | undefined;
  maxEvaluations?: string | undefined;
  intervals?: IntervalChoice | undefined;
}

/** Values of `--intervals`: widened for autocorrelated residuals, plain profile likelihood, or none. */
export const INTERVAL_CHOICES = ['adjusted', 'profile', 'none'] as const;
export type IntervalChoice = (typeof INTERVAL_CHOICES)[number];

/** Name of the count model's dispersion in `--fit`. */
export const DISPERSION_NAME = 'dispersion';

/** Evaluations of the search, restarts included, when `--max-evaluations` is not given. */
export const DEFAULT_MAX_EVALUATIONS = 4000;

/** Largest `--max-evaluations`. At about 50 ms per run of the Korea scenario (2-core Linux machine), that is some 80 minutes. */
export const MAX_EVALUATIONS = 100_000;

/**
 * Minimum days of the window a distancing period must cover to be in the default set. A shorter one
 * leaves too few days after its effect shows for the fit to measure it.
 */
const DEFAULT_MIN_PERIOD_DAYS = 14;

/** Regions whose seeding the default set fits: the ones with the most intense seeding. */
const DEFAULT_SEEDING_REGIONS = 2;

/** Settings of one calibration, after the flags are checked against the scenario. */
export interface CalibrateSettings {
  observedPath: string;
  testsPath: string | undefined;
  /** Window of the likelihood, ISO 8601 dates within the simulation; undefined for the default. */
  from: string | undefined;
  to: string | undefined;
  /** Names given to `--fit`, each once, or undefined for the default set of {@link defaultFitNames}. */
  fitNames: string[] | undefined;
  outDir: string;
  workers: number;
  maxEvaluations: number;
  intervals: boolean;
  /** True to widen the intervals for the residuals' autocorrelation. */
  adjustIntervals: boolean;
}

/**
 * Checks the flags of `tttsim calibrate` against the scenario.
 *
 * @throws InputError when --observed is missing, a date is invalid or outside the simulation, a `--fit`
 *   name is unknown, repeated or cannot be fitted, or a count flag is not a positive integer
 */
export function resolveCalibrateSettings(flags: CalibrateFlags, scenario: Scenario): CalibrateSettings {
  if (flags.observed === undefined || flags.observed.trim() === '') throw new InputError(messages.calibrateObservedMissing);
  if (flags.out !== undefined && flags.out.trim() === '') throw new InputError(messages.outputEmpty);
  const { dates } = calendarOf(scenario);
  const from = flags.from === undefined ? undefined : checkDate('--from', flags.from, dates);
  const to = flags.to === undefined ? undefined : checkDate('--to', flags.to, dates);
  if (from !== undefined && to !== undefined && to < from) throw new InputError(messages.calibrateWindowOrder(from, to));

  const seen = new Set<string>();
  for (const name of flags.fit ?? []) {
    if (seen.has(name)) throw new InputError(messages.calibrateRepeatedName(name));
    seen.add(name);
  }
  // Unknown names are reported before any file is read, although the default set waits for the window.
  if (flags.fit !== undefined) resolveFitNames(flags.fit, scenario);

  return {
    observedPath: flags.observed,
    testsPath: flags.tests,
    from,
    to,
    fitNames: flags.fit,
    outDir: flags.out ?? join('out', `fit-${folderName(scenario.name)}`),
    workers: flags.workers === undefined ? availableParallelism() : parseWorkers(flags.workers),
    maxEvaluations:
      flags.maxEvaluations === undefined
        ? DEFAULT_MAX_EVALUATIONS
        : parsePositiveInteger('--max-evaluations', flags.maxEvaluations, MAX_EVALUATIONS),
    intervals: (flags.intervals ?? 'adjusted') !== 'none',
    adjustIntervals: (flags.intervals ?? 'adjusted') === 'adjusted',
  };
}

/**
 * Resolves the `--fit` names against the scenario.
 *
 * @throws InputError when a name is unknown or cannot be fitted, or no name is a scenario parameter
 */
export function resolveFitNames(names: readonly string[], scenario: Scenario): { parameters: FitParameter[]; fitDispersion: boolean } {
  const parameters = names.filter((name) => name !== DISPERSION_NAME).map((name) => resolveName(name, scenario));
  if (parameters.length === 0) throw new InputError(messages.calibrateNothingToFit);
  const byTarget = new Map<string, string>();
  for (const parameter of parameters) {
    const key = targetKey(parameter.target);
    const other = byTarget.get(key);
    if (other !== undefined) throw new InputError(messages.calibrateSameTarget(other, parameter.name));
    byTarget.set(key, parameter.name);
  }
  return { parameters, fitDispersion: names.includes(DISPERSION_NAME) };
}

/**
 * Returns a warning for each pair of parameters that change some of the same values, such as
 * `seeding[0].scale` and `seeding:KR-11.scale` when entry 0 seeds KR-11. Such a fit is valid, but the
 * data fix only the product or sum on the shared values, so each interval can be wide.
 */
export function overlapWarnings(parameters: readonly FitParameter[]): string[] {
  const warnings: string[] = [];
  parameters.forEach((first, i) => {
    for (const second of parameters.slice(i + 1)) {
      const shared = sharedValues(first.target, second.target);
      if (shared !== undefined) warnings.push(messages.calibrateOverlap(first.name, second.name, shared));
    }
  });
  return warnings;
}

/** Names the values that two targets both change, or returns undefined when they share none. */
function sharedValues(first: FitTarget, second: FitTarget): string | undefined {
  const common = (a: readonly number[], b: readonly number[]): number[] => a.filter((index) => b.includes(index));
  if ((first.kind === 'seedingScale' || first.kind === 'seedingShift') && second.kind === first.kind) {
    const entries = common(first.entries, second.entries);
    return entries.length === 0 ? undefined : entriesText('seeding', entries);
  }
  if (first.kind === 'seekingScale' && second.kind === 'seekingScale' && first.field === second.field) {
    const entries = common(first.entries, second.entries);
    return entries.length === 0 ? undefined : entriesText('testing.seeking', entries);
  }
  if (first.kind === 'sitesScale' && second.kind === 'sitesScale') {
    const sites = common(first.sites, second.sites);
    return sites.length === 0 ? undefined : entriesText('testing.sites', sites);
  }
  return undefined;
}

function entriesText(list: string, indices: readonly number[]): string {
  return `${list} ${indices.length === 1 ? 'entry' : 'entries'} ${indices.join(', ')}`;
}

function resolveName(name: string, scenario: Scenario): FitParameter {
  try {
    return parseFitParameter(name, scenario);
  } catch (error) {
    if (error instanceof FitParameterError) throw new InputError(`--fit: ${error.message}`);
    throw error;
  }
}

function checkDate(flag: string, value: string, dates: readonly string[]): string {
  if (!dates.includes(value)) throw new InputError(messages.calibrateDateOutside(flag, value, dates[0]!, dates.at(-1)!));
  return value;
}

/**
 * Lists the parameters fitted when `--fit` is not given. They are the transmission scale and the
 * effect of each distancing period that changes work or other contacts on at least 14 days of the
 * window. Then come the seeding size and date of the two regions whose seeding is the most intense,
 * which means the largest infections per day of one entry. Last come the share of mild cases who
 * seek a test, when the scenario has test seeking, and the dispersion. Names that cannot be fitted in this scenario are left out. For the Korea 2020 scenario over 2020-02-18 to 2020-04-30 these
 * are the red alert, the distancing in Daegu and Gyeongsangbuk-do and the intensive campaign, and
 * the seeding of Daegu (KR-27) and Gyeongsangbuk-do (KR-47).
 *
 * @param from first day of the window, ISO 8601
 * @param to last day of the window, ISO 8601
 */
export function defaultFitNames(scenario: Scenario, from: string, to: string): string[] {
  const names = ['transmission.scale'];

  scenario.interventions.distancing.forEach((period, index) => {
    const changesContacts = period.multipliers.work !== 1 || period.multipliers.other !== 1;
    const first = period.start > from ? period.start : from;
    const last = period.end === undefined || period.end > to ? to : period.end;
    const days = (Date.parse(last) - Date.parse(first)) / 86_400_000 + 1;
    if (changesContacts && days >= DEFAULT_MIN_PERIOD_DAYS) names.push(`distancing[${index}].scale`);
  });

  const intensity = new Map<string, number>();
  for (const entry of scenario.seeding) {
    if (entry.date > to) continue;
    const perDay = entry.infections / entry.spreadDays;
    intensity.set(entry.region, Math.max(intensity.get(entry.region) ?? 0, perDay));
  }
  const regions = [...intensity].sort((a, b) => b[1] - a[1]).slice(0, DEFAULT_SEEDING_REGIONS);
  for (const [region] of regions) names.push(`seeding:${region}.scale`, `seeding:${region}.shiftDays`);

  if (scenario.testing.seeking.length > 0) names.push('testing.seeking.mildShare.scale');
  // A parameter that cannot move from the scenario's value, such as a shift of seeding on the start date, is left out.
  return [...names.filter((name) => isFittable(name, scenario)), DISPERSION_NAME];
}

function isFittable(name: string, scenario: Scenario): boolean {
  try {
    parseFitParameter(name, scenario);
    return true;
  } catch (error) {
    if (error instanceof FitParameterError) return false;
    throw error;
  }
}
