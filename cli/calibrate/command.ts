import { basename } from 'node:path';
import { createRunRandom, ENGINE_VERSION, simulate } from '../../engine/index.js';
import {
  applyFitParameters,
  calendarOf,
  centralValue,
  checkFitUncertainty,
  compileScenario,
  regionsOf,
  restrictCorrelation,
  type Scenario,
} from '../../scenarios/index.js';
import { validateScenario } from '../../scenarios/scenario.js';
import { renderFitPage, type FitPageInput, type FitSeriesRow } from '../../viz/index.js';
import { calibrate, MIN_MEAN_PER_DAY, type CalibrationProblem, type CalibrationResult } from '../../workers/index.js';
import { reportFailure } from '../failure.js';
import { listenForInterrupts } from '../interrupt.js';
import { EXIT_CODES, InputError, messages } from '../messages.js';
import { checkDefaultFolderOwner, pathFromFolder, prepareOutput, type StagedOutput } from '../output.js';
import { nationalCodeOf } from '../run.js';
import { loadScenario } from '../scenario-file.js';
import {
  correlationReport,
  countModel,
  fitDocument,
  intervalMethod,
  profilePoints,
  reviewReasons,
  seriesReports,
  type FittedRun,
  type FitProvenance,
  type SeriesReport,
} from './fit-document.js';
import { readObservedCounts, readTestsFile } from './observed-counts.js';
import { buildProblem } from './problem.js';
import { createFitProgress } from './progress.js';
import { replacedUncertaintyWarnings } from './replaced-uncertainty.js';
import { resolveCalibrateSettings, type CalibrateFlags, type CalibrateSettings } from './settings.js';

/** Files `tttsim calibrate` writes into its output folder. */
export const CALIBRATE_FILES = ['scenario.fitted.json', 'fit.json', 'fit.html'] as const;

/**
 * Runs `tttsim calibrate`: fits the named scenario parameters to observed daily counts by maximum
 * likelihood and writes the fitted scenario, fit.json and fit.html through a staging folder.
 *
 * @param commandLine the arguments after `tttsim`, recorded in the outputs so that the fit can be repeated
 * @returns the exit code: {@link EXIT_CODES.fitNeedsReview} when the output is written but the fit
 *   did not converge, ended on a bound or left a better point unexplored
 */
export async function calibrateCommand(flags: CalibrateFlags, commandLine: readonly string[]): Promise<number> {
  const startMs = Date.now();
  const controller = new AbortController();
  let staged: StagedOutput | undefined;
  const stopListening = listenForInterrupts(controller, () => staged);

  try {
    const loaded = await loadScenario(flags.scenario);
    const scenario = loaded.scenario;
    const settings = resolveCalibrateSettings(flags, scenario);
    for (const line of loaded.warnings) process.stderr.write(`${messages.scenarioWarning(line)}\n`);

    const regions = regionsOf(scenario);
    const nationalCode = nationalCodeOf(regions.map((region) => region.code));
    const { dates } = calendarOf(scenario);
    const context = { regions, nationalCode, startDate: dates[0]!, endDate: dates.at(-1)! };
    const observed = await readObservedCounts(settings.observedPath, context);
    const tests = settings.testsPath === undefined ? undefined : await readTestsFile(settings.testsPath);
    const built = buildProblem(scenario, settings, observed, tests, dates, nationalCode);
    // The first simplex of the search takes one run per parameter and one more.
    const firstSimplex = built.problem.parameters.length + 1;
    if (settings.maxEvaluations < firstSimplex) {
      throw new InputError(messages.calibrateTooFewEvaluations(settings.maxEvaluations, firstSimplex));
    }
    for (const line of [...observed.warnings, ...(tests?.warnings ?? []), ...built.warnings]) {
      process.stderr.write(`${line}\n`);
    }

    if (flags.out === undefined) {
      const read = (document: unknown) => (document as { scenario?: { file?: unknown; name?: unknown } } | null)?.scenario;
      const owner = { record: 'fit.json', read, file: flags.scenario, name: scenario.name };
      await checkDefaultFolderOwner(settings.outDir, CALIBRATE_FILES, owner);
    }
    const inputs = [...loaded.files, settings.observedPath, ...(settings.testsPath === undefined ? [] : [settings.testsPath])];
    staged = await prepareOutput(settings.outDir, CALIBRATE_FILES, inputs, controller.signal);
    for (const line of staged.warnings) process.stderr.write(`${line}\n`);

    const result = await fitWithProgress(built.problem, settings, controller.signal);
    controller.signal.throwIfAborted();

    const command = formatCommand(commandLine);
    const input = { scenario, path: flags.scenario };
    const { scenario: fitted, warnings: fittedWarnings } = fittedScenario(input, built.problem, result, command, settings);
    for (const line of fittedWarnings) process.stderr.write(`${line}\n`);
    if (result.autocorrelation?.seriesMeasured === 0) process.stderr.write(`${messages.calibrateNoPositiveSeries}\n`);
    else if (result.autocorrelation?.pairs === 0) process.stderr.write(`${messages.calibrateNoNeighbouringDays}\n`);
    const run = runFitted(fitted);
    const reports = seriesReports(built.problem, result, built.dates, observed, run);
    const provenance: FitProvenance = {
      command,
      engineVersion: ENGINE_VERSION,
      createdAt: new Date().toISOString(),
      scenario: { name: scenario.name, file: flags.scenario, path: pathFromFolder(staged.dir, flags.scenario), hash: loaded.hash },
      observed: { file: settings.observedPath, format: observed.format },
      tests: settings.testsPath === undefined ? null : { file: settings.testsPath },
      maxEvaluations: settings.maxEvaluations,
      workers: settings.workers,
    };
    await staged.write('scenario.fitted.json', `${JSON.stringify(fitted, null, 2)}\n`);
    const document = fitDocument(provenance, built.problem, result, reports, settings.intervals);
    await staged.write('fit.json', `${JSON.stringify(document, null, 2)}\n`);
    const page = pageInput(provenance, built.problem, result, reports, built.dates, settings);
    await staged.write('fit.html', renderFitPage(page));
    controller.signal.throwIfAborted();
    const commitWarning = await staged.commit();
    if (commitWarning !== undefined) process.stderr.write(`${commitWarning}\n`);

    process.stdout.write(`${messages.calibrateResult(result.evaluation.logLikelihood, result.evaluations)}\n`);
    process.stdout.write(`${messages.outputWritten(staged.dir, CALIBRATE_FILES, (Date.now() - startMs) / 1000)}\n`);
    const reasons = reviewReasons(result, settings.maxEvaluations, built.problem);
    if (reasons.length === 0) return EXIT_CODES.success;
    process.stderr.write(`${messages.calibrateNeedsReview(reasons)}\n`);
    return EXIT_CODES.fitNeedsReview;
  } catch (error) {
    await staged?.discard();
    return reportFailure(controller.signal.aborted ? controller.signal.reason : error);
  } finally {
    stopListening();
  }
}

async function fitWithProgress(
  problem: CalibrationProblem,
  settings: CalibrateSettings,
  signal: AbortSignal,
): Promise<CalibrationResult> {
  const progress = createFitProgress({ stream: process.stderr, maxEvaluations: settings.maxEvaluations });
  try {
    return await calibrate(problem, {
      workers: settings.workers,
      maxEvaluations: settings.maxEvaluations,
      intervals: settings.intervals,
      adjustForAutocorrelation: settings.adjustIntervals,
      signal,
      onEvaluations: (done, best) => progress.evaluations(done, best),
      onBound: (done, total) => progress.bounds(done, total),
    });
  } finally {
    progress.stop();
  }
}

/** Quotes the arguments that a POSIX shell would split or expand, so that the command can be pasted back. */
export function formatCommand(commandLine: readonly string[]): string {
  const quoted = commandLine.map((argument) =>
    /^[\w@%+=:,./-]+$/.test(argument) ? argument : `'${argument.replaceAll("'", "'\\''")}'`,
  );
  return ['tttsim', ...quoted].join(' ');
}

/** Suffix that marks the name of a fitted scenario. */
const FITTED_SUFFIX = ' (fitted)';

/** Returns "<name> (fitted)", or the name unchanged when it already ends with that suffix, as a refitted scenario's does. */
export function fittedName(name: string): string {
  return name.endsWith(FITTED_SUFFIX) ? name : `${name}${FITTED_SUFFIX}`;
}

/**
 * Returns the scenario with the estimates written in, renamed by {@link fittedName}, a note on each
 * changed value and a source line that names the command, the data and the window, with a warning
 * for each interval that the fitted scenario cannot take and for each interval or correlation of the
 * input scenario that it leaves out.
 *
 * @throws Error when the fitted scenario fails validation, which the parameter bounds rule out
 */
function fittedScenario(
  input: { scenario: Scenario; path: string },
  problem: CalibrationProblem,
  result: CalibrationResult,
  command: string,
  settings: CalibrateSettings,
): { scenario: Scenario; warnings: string[] } {
  const scenario = input.scenario;
  const data = basename(settings.observedPath);
  const note = `fitted by maximum likelihood to ${data}, ${problem.from} to ${problem.to}; see the scenario's source`;
  const { entries: uncertainty, warnings: boundWarnings } = fitUncertaintyOf(problem, result);
  const base = uncertainty.length === 0 ? scenario : centralFittedFields(scenario, problem);
  const fitted = applyFitParameters(base, problem.parameters, result.values, note);
  fitted.name = fittedName(scenario.name);
  fitted.fitUncertainty = uncertainty;
  const correlation = fitCorrelationOf(problem, result, uncertainty);
  if (correlation === undefined) delete fitted.fitCorrelation;
  else fitted.fitCorrelation = correlation;
  const source =
    `Fitted with \`${command}\` (tttsim ${ENGINE_VERSION}): maximum likelihood of the daily counts in ${data}` +
    `${settings.testsPath === undefined ? '' : ` and ${basename(settings.testsPath)}`} from ${problem.from} to ` +
    `${problem.to} under a ${problem.fitDispersion ? 'negative binomial' : 'Poisson'} count model, deterministic ` +
    `runs from central values, log-likelihood ${result.evaluation.logLikelihood.toFixed(2)}. ` +
    (result.intervals === undefined
      ? 'The estimates are in the fit.json written beside this file, without intervals (--intervals none)'
      : 'Estimates and their 95 % profile-likelihood intervals are in the fit.json written beside this file') +
    (uncertainty.length === 0
      ? '.'
      : '; fitUncertainty lists them, and sampled runs draw the fitted parameters within them in place of the ' +
        'ranges the original scenario gave R0 and the test seeking shares' +
        (correlation === undefined ? '.' : ', correlated as fitCorrelation gives from the curvature of the likelihood.'));
  const existing = scenario.source;
  fitted.source = existing === undefined ? source : [...(Array.isArray(existing) ? existing : [existing]), source];
  const fitNames = problem.parameters.map((parameter) => parameter.name);
  const warnings = [
    ...boundWarnings,
    ...replacedUncertaintyWarnings(scenario, input.path, fitNames, uncertainty, correlation),
    ...dropRejectedUncertainty(fitted),
  ];

  const validation = validateScenario(fitted);
  if (!validation.ok) {
    const first = validation.problems[0]!;
    throw new Error(`the fitted scenario is invalid at ${first.path}: ${first.message}`);
  }
  return { scenario: fitted, warnings };
}

/**
 * Removes the `fitUncertainty` entries that the fitted scenario itself rejects, and their rows of
 * `fitCorrelation`, and returns a warning for each. An estimate can change the parameter's range:
 * a seeding shift that moved an entry onto the simulation start cannot move it earlier in the
 * fitted scenario. Sampled runs then keep that parameter at its estimate.
 */
function dropRejectedUncertainty(fitted: Scenario): string[] {
  const rejected = new Map<number, string>();
  for (const problem of checkFitUncertainty(fitted)) {
    const index = Number(/^fitUncertainty\[(\d+)\]/.exec(problem.path)?.[1]);
    if (Number.isInteger(index) && !rejected.has(index)) rejected.set(index, problem.message);
  }
  if (rejected.size === 0) return [];

  const names = new Set([...rejected.keys()].map((index) => fitted.fitUncertainty[index]!.name));
  const warnings = [...rejected].map(([index, reason]) => messages.calibrateUncertaintyDropped(fitted.fitUncertainty[index]!.name, reason));
  fitted.fitUncertainty = fitted.fitUncertainty.filter((_, index) => !rejected.has(index));
  const correlation = fitted.fitCorrelation === undefined ? undefined : restrictCorrelation(fitted.fitCorrelation, (name) => !names.has(name));
  if (correlation === undefined) delete fitted.fitCorrelation;
  else fitted.fitCorrelation = correlation;
  return warnings;
}

/**
 * Lists each fitted parameter with its estimate and profile interval, for sampled runs of the fitted
 * scenario, or nothing when intervals were not computed or a bound was not found. A parameter whose
 * profile found a point with a higher likelihood than the estimate has an end that is not known, so it is left out with
 * a warning.
 */
function fitUncertaintyOf(
  problem: CalibrationProblem,
  result: CalibrationResult,
): { entries: Scenario['fitUncertainty']; warnings: string[] } {
  const intervals = result.intervals;
  if (intervals === undefined) return { entries: [], warnings: [] };
  const warnings: string[] = [];
  const entries = problem.parameters.map((parameter, i) => {
    const interval = intervals[i];
    const estimate = result.values[i]!;
    if (interval === undefined || !Number.isFinite(interval.lower) || !Number.isFinite(interval.upper)) return undefined;
    if (interval.lowerBound?.status === 'betterOptimum' || interval.upperBound?.status === 'betterOptimum') {
      warnings.push(messages.calibrateUncertaintyNotBound(parameter.name));
      return null;
    }
    return { name: parameter.name, estimate, lower: Math.min(interval.lower, estimate), upper: Math.max(interval.upper, estimate) };
  });
  if (!entries.every((entry) => entry !== undefined)) return { entries: [], warnings: [] };
  return { entries: entries.filter((entry) => entry !== null), warnings };
}

/**
 * Returns the correlation matrix of the fitted parameters for the fitted scenario, or undefined when
 * the scenario lists no intervals or the curvature gave no matrix.
 */
function fitCorrelationOf(
  problem: CalibrationProblem,
  result: CalibrationResult,
  uncertainty: Scenario['fitUncertainty'],
): Scenario['fitCorrelation'] {
  const correlation = result.correlation;
  if (uncertainty.length === 0 || correlation === undefined || correlation.matrix === null) return undefined;
  // Only parameters that fitUncertainty draws can be correlated.
  const listed = new Set(uncertainty.map((entry) => entry.name));
  const named = { parameters: correlation.parameters.map((i) => problem.parameters[i]!.name), matrix: correlation.matrix };
  return restrictCorrelation(named, (name) => listed.has(name));
}

/**
 * Replaces the distributions that the fitted parameters scale (R0, the test seeking shares) by their
 * central values, since the fit's intervals take over their uncertainty.
 */
function centralFittedFields(scenario: Scenario, problem: CalibrationProblem): Scenario {
  const result = structuredClone(scenario);
  for (const { target } of problem.parameters) {
    if (target.kind === 'transmissionScale') result.transmission.r0 = centralValue(result.transmission.r0);
    if (target.kind === 'seekingScale') {
      for (const index of target.entries) {
        const entry = result.testing.seeking[index]!;
        entry[target.field] = centralValue(entry[target.field]);
      }
    }
  }
  return result;
}

/** Runs the fitted scenario once, deterministically over its whole horizon. */
function runFitted(scenario: Scenario): FittedRun {
  const model = compileScenario(scenario, { sampling: 'central' });
  const { series } = simulate(model, 'deterministic', createRunRandom(scenario.simulation.seed, 0));
  return { series, regionCount: scenario.regions.length, dates: calendarOf(scenario).dates };
}

function pageInput(
  provenance: FitProvenance,
  problem: CalibrationProblem,
  result: CalibrationResult,
  reports: readonly SeriesReport[],
  dates: readonly string[],
  settings: CalibrateSettings,
): FitPageInput {
  const names = new Map(problem.scenario.regions.map((region) => [region.code, region.name]));
  const series: FitSeriesRow[] = [];
  let index = 0;
  problem.streams.forEach((stream, s) => {
    stream.series.forEach((observedSeries, k) => {
      const dispersion = result.evaluation.series[index++]!.dispersion;
      const means = result.means[s]![k]!;
      dates.forEach((date, d) => {
        const count = observedSeries.counts[d]!;
        const mean = means[d]!;
        const deviation = Math.sqrt(Math.max(MIN_MEAN_PER_DAY, mean) * (1 + dispersion * Math.max(MIN_MEAN_PER_DAY, mean)));
        series.push({
          date,
          region: names.get(observedSeries.region) ?? observedSeries.region,
          quantity: stream.quantity,
          observed: Number.isNaN(count) ? null : count,
          fitted: mean,
          residual: Number.isNaN(count) ? null : (count - mean) / deviation,
        });
      });
    });
  });

  return {
    scenarioName: problem.scenario.name,
    command: provenance.command,
    createdAt: provenance.createdAt,
    from: problem.from,
    to: problem.to,
    logLikelihood: result.evaluation.logLikelihood,
    countModel: countModel(problem),
    intervalMethod: settings.intervals ? intervalMethod(problem.parameters.length, result.autocorrelation) : null,
    targetDrop: result.targetDrop ?? null,
    reviewReasons: reviewReasons(result, settings.maxEvaluations, problem),
    evaluations: result.evaluations,
    parameters: problem.parameters.map((parameter, i) => ({
      name: parameter.name,
      label: parameter.label,
      unit: parameter.unit,
      estimate: result.values[i]!,
      lower: result.intervals?.[i]?.lower ?? null,
      upper: result.intervals?.[i]?.upper ?? null,
      lowerStatus: result.intervals?.[i]?.lowerBound?.status ?? null,
      upperStatus: result.intervals?.[i]?.upperBound?.status ?? null,
      profile:
        result.intervals?.[i] === undefined
          ? []
          : profilePoints(result.intervals[i], result.values[i]!, result.evaluation.logLikelihood),
      rangeLower: parameter.lower,
      rangeUpper: parameter.upper,
      onBound: result.onBound.includes(parameter.name),
    })),
    correlation: correlationReport(problem, result),
    regions: reports.map((report) => ({
      region: names.get(report.region) ?? report.region,
      quantity: report.quantity,
      dispersion: report.dispersion,
      rmsePerDay: report.rmsePerDay,
      monthEnds: report.monthEnds,
      forecast: report.forecast.filter((end) => end.observed !== null),
    })),
    series,
    trace: result.trace.map((step) => ({ evaluations: step.evaluations, logLikelihood: -step.value })),
  };
}
