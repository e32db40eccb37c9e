import { METRIC_INDEX, seriesOffset, type MetricName } from '../../engine/index.js';
import type { FitParameter } from '../../scenarios/index.js';
import {
  MAX_LAG1,
  MIN_MEAN_PER_DAY,
  PROFILE_DROP_95,
  PROFILE_SETTINGS,
  type CalibrationProblem,
  type CalibrationResult,
  type ObservedQuantity,
  type Interval,
  type ProfileBound,
  type ResidualAutocorrelation,
} from '../../workers/index.js';
import type { ObservedCounts, RegionalQuantity } from './observed-counts.js';

/** Cumulative simulated metric of each observed quantity with a cumulative count per region. */
const CUMULATIVE_METRICS: Readonly<Record<RegionalQuantity, MetricName>> = {
  confirmed: 'confirmed_cum',
  deaths: 'deaths_cum',
};

/** A full deterministic run of the fitted scenario, for the figures beyond the likelihood's own. */
export interface FittedRun {
  /** Daily series laid out as the engine's `METRICS` describe. */
  series: Float64Array;
  regionCount: number;
  /** Every date of the simulation. */
  dates: string[];
}

/** Cumulative count at one month end: observed, fitted and the difference. */
export interface MonthEndError {
  date: string;
  observed: number | null;
  fitted: number;
  /** Fitted minus observed, in persons. */
  error: number | null;
  /** Error as a fraction of the observed count, null when that is missing or 0. */
  relativeError: number | null;
}

/** Goodness of fit of one observed series. */
export interface SeriesReport {
  quantity: ObservedQuantity;
  region: string;
  /** Negative binomial α of the series, 0 for the Poisson model. */
  dispersion: number;
  dispersionInterval95: { lower: number; upper: number } | null;
  logLikelihood: number;
  /** Root mean square difference of the daily counts over the observed days, in persons (tests) per day. */
  rmsePerDay: number;
  observedDays: number;
  /** The cumulative count at each month end in the window, for confirmed cases and deaths. */
  monthEnds: MonthEndError[];
  /**
   * The same at each month end after the window, up to the end of the simulation: the out-of-sample
   * forecast of the fitted scenario, with observed null where the data stop.
   */
  forecast: MonthEndError[];
}

/** One fitted parameter as fit.json reports it. */
export interface ParameterReport {
  name: string;
  label: string;
  unit: string;
  estimate: number;
  interval95: { lower: number; upper: number; lowerStatus: string; upperStatus: string } | null;
  /**
   * The points of the profile likelihood, by value, the estimate included: each the value held fixed,
   * the log-likelihood maximised over the other parameters, and its drop below the maximum. Null
   * when no intervals were computed.
   */
  profile: ProfilePoint[] | null;
  range: { lower: number; upper: number; transform: string; source: string };
  onBound: boolean;
}

/** One point of a parameter's profile likelihood. */
export interface ProfilePoint {
  value: number;
  logLikelihood: number;
  drop: number;
}

/**
 * Lists the profile points of both bound searches of one parameter with the estimate, sorted by
 * value. A point below the estimate's log-likelihood has a positive drop, and one above it (a better
 * optimum) a negative drop.
 */
export function profilePoints(interval: Interval, estimate: number, maxLogLikelihood: number): ProfilePoint[] {
  const searched = [...(interval.lowerBound?.points ?? []), ...(interval.upperBound?.points ?? [])];
  return [{ value: estimate, logLikelihood: maxLogLikelihood }, ...searched]
    .map((point) => ({ ...point, drop: maxLogLikelihood - point.logLikelihood }))
    .sort((a, b) => a.value - b.value);
}

/** The provenance and settings that fit.json records. */
export interface FitProvenance {
  command: string;
  engineVersion: string;
  createdAt: string;
  /** The scenario's name, its file as given and as a path from the output folder, and its hash. */
  scenario: { name: string; file: string; path: string; hash: string };
  observed: { file: string; format: string };
  tests: { file: string } | null;
  maxEvaluations: number;
  workers: number;
}

/**
 * Describes the interval method, written into fit.json and the report.
 *
 * @param autocorrelation the residuals' autocorrelation that widened the intervals, if any
 */
export function intervalMethod(parameterCount: number, autocorrelation?: ResidualAutocorrelation): string {
  const perPoint = PROFILE_SETTINGS.evaluationsPerDimension * Math.max(1, parameterCount - 1);
  const drop =
    autocorrelation === undefined
      ? `falls ${PROFILE_DROP_95.toFixed(3)} (half the 0.95 quantile of chi-squared with 1 degree of freedom) below its maximum`
      : `falls ${(PROFILE_DROP_95 * autocorrelation.varianceFactor).toFixed(3)} below its maximum: half the 0.95 ` +
        'quantile of chi-squared with 1 degree of freedom, times the variance factor (1 + r) / (1 - r) = ' +
        `${autocorrelation.varianceFactor.toFixed(3)} of the lag-1 autocorrelation r = ${autocorrelation.lag1.toFixed(3)} ` +
        'of the Pearson residuals, since neighbouring days that share an error carry less information than ' +
        'independent ones';
  return (
    `profile likelihood, 95 %: the values at which the log-likelihood, maximised over the other parameters, ${drop}. ` +
    `Each re-optimisation stops after ${perPoint} evaluations, so an interval can come out a little ` +
    'narrow. A dispersion interval holds the model parameters at their estimates.'
  );
}

/** The widening of the intervals as fit.json reports it. */
export interface IntervalAdjustmentReport {
  method: string;
  lag1Autocorrelation: number;
  /** Pairs of neighbouring observed days behind the autocorrelation. */
  pairs: number;
  varianceFactor: number;
  /** Drop of the log-likelihood that marks each bound. */
  targetDrop: number;
}

/** Builds the report of the intervals' widening, or null when the intervals were not widened. */
export function intervalAdjustmentReport(result: CalibrationResult): IntervalAdjustmentReport | null {
  const autocorrelation = result.autocorrelation;
  if (autocorrelation === undefined) return null;
  return {
    method:
      'lag-1 autocorrelation of the Pearson residuals at the estimate, pooled over the series with a positive ' +
      `count and clipped to 0 to ${MAX_LAG1}; the profile drop is scaled by (1 + r) / (1 - r)`,
    lag1Autocorrelation: autocorrelation.lag1,
    pairs: autocorrelation.pairs,
    varianceFactor: autocorrelation.varianceFactor,
    targetDrop: result.targetDrop ?? PROFILE_DROP_95 * autocorrelation.varianceFactor,
  };
}

/** Describes the count model, for fit.json and the report. */
export function countModel(problem: CalibrationProblem): string {
  const model = problem.fitDispersion
    ? 'negative binomial with variance mean + dispersion x mean^2, one dispersion fitted per series'
    : 'Poisson';
  return (
    `${model}; the log-likelihood sums every observed day of every series from ${problem.from} to ${problem.to}, ` +
    `with each simulated mean raised to at least ${MIN_MEAN_PER_DAY} a day`
  );
}

/**
 * Lists why a fit needs review: unconverged, an estimate on a bound, an interval as wide as its
 * parameter's range, a better point left unexplored, or a model that confirms no case.
 */
export function reviewReasons(result: CalibrationResult, maxEvaluations: number, problem: CalibrationProblem): string[] {
  const parameters = problem.parameters;
  const reasons: string[] = [];
  if (!result.converged) {
    // The last batch of the simplex can take the count a few runs past the limit.
    reasons.push(`the search did not converge within the limit of ${maxEvaluations} evaluations (${result.evaluations} made)`);
  }
  for (const name of result.onBound) reasons.push(`the estimate of ${name} lies on a bound of its range`);
  result.intervals?.forEach((interval, i) => {
    if (interval.lowerBound?.status === 'rangeBound' && interval.upperBound?.status === 'rangeBound') {
      reasons.push(`the data do not pin down ${parameters[i]!.name}: its 95 % interval spans its whole range`);
    }
  });
  if (result.betterOptimumFound) {
    reasons.push('a profile search found a higher likelihood than the estimate, even after one restart from it');
  }
  const confirmed = problem.streams.findIndex((stream) => stream.quantity === 'confirmed');
  const means = confirmed < 0 ? undefined : result.means[confirmed];
  if (means !== undefined && means.every((series) => series.every((mean) => !(mean > 0)))) {
    reasons.push(
      'the fitted scenario confirms no case in the window, so its likelihood cannot tell parameter values ' +
        'apart; check that testing.enabled is true and that the seeding starts before the window ends',
    );
  }
  return reasons;
}

/** Builds the report of each observed series: dispersion, log-likelihood, RMSE and month-end errors. */
export function seriesReports(
  problem: CalibrationProblem,
  result: CalibrationResult,
  windowDates: readonly string[],
  observed: ObservedCounts,
  fitted: FittedRun,
): SeriesReport[] {
  const reports: SeriesReport[] = [];
  const lastWindowDate = windowDates.at(-1)!;
  const afterWindow = fitted.dates.filter((date) => date > lastWindowDate);
  let index = 0;
  problem.streams.forEach((stream, s) => {
    stream.series.forEach((series, k) => {
      const fit = result.evaluation.series[index]!;
      const interval = result.dispersionIntervals?.[index];
      index++;
      const means = result.means[s]![k]!;
      let squares = 0;
      let days = 0;
      series.counts.forEach((count, d) => {
        if (Number.isNaN(count)) return;
        squares += (count - means[d]!) ** 2;
        days++;
      });
      const quantity = stream.quantity;
      reports.push({
        quantity,
        region: series.region,
        dispersion: fit.dispersion,
        dispersionInterval95: interval === undefined ? null : { lower: interval.lower, upper: interval.upper },
        logLikelihood: fit.logLikelihood,
        rmsePerDay: days > 0 ? Math.sqrt(squares / days) : Number.NaN,
        observedDays: days,
        monthEnds:
          quantity === 'tests' ? [] : monthEndErrors(quantity, series.region, series.regionSlot, windowDates, observed, fitted),
        forecast:
          quantity === 'tests' ? [] : monthEndErrors(quantity, series.region, series.regionSlot, afterWindow, observed, fitted),
      });
    });
  });
  return reports;
}

/** Dates of the window that end a month. */
export function monthEnds(dates: readonly string[]): string[] {
  return dates.filter((date) => {
    const next = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString();
    return next.slice(5, 7) !== date.slice(5, 7);
  });
}

function monthEndErrors(
  quantity: RegionalQuantity,
  region: string,
  regionSlot: number,
  windowDates: readonly string[],
  observed: ObservedCounts,
  fitted: FittedRun,
): MonthEndError[] {
  const metric = METRIC_INDEX[CUMULATIVE_METRICS[quantity]];
  const offset = seriesOffset(metric, regionSlot, fitted.regionCount, fitted.dates.length);
  return monthEnds(windowDates).map((date) => {
    const observedValue = observed.cumulative.get(quantity)?.get(region)?.get(date) ?? null;
    const fittedValue = fitted.series[offset + fitted.dates.indexOf(date)]!;
    const error = observedValue === null ? null : fittedValue - observedValue;
    const relativeError = error === null || observedValue === 0 || observedValue === null ? null : error / observedValue;
    return { date, observed: observedValue, fitted: fittedValue, error, relativeError };
  });
}

/** Builds the report of each fitted parameter. */
export function parameterReports(parameters: readonly FitParameter[], result: CalibrationResult): ParameterReport[] {
  return parameters.map((parameter, i) => {
    const interval = result.intervals?.[i];
    const status = (bound: ProfileBound | undefined): string => bound?.status ?? 'unknown';
    return {
      name: parameter.name,
      label: parameter.label,
      unit: parameter.unit,
      estimate: result.values[i]!,
      interval95:
        interval === undefined
          ? null
          : {
              lower: interval.lower,
              upper: interval.upper,
              lowerStatus: status(interval.lowerBound),
              upperStatus: status(interval.upperBound),
            },
      profile: interval === undefined ? null : profilePoints(interval, result.values[i]!, result.evaluation.logLikelihood),
      range: { lower: parameter.lower, upper: parameter.upper, transform: parameter.transform, source: parameter.boundsSource },
      onBound: result.onBound.includes(parameter.name),
    };
  });
}

/** Builds fit.json: provenance, settings, the estimates with their intervals, and the goodness of fit per series. */
export function fitDocument(
  provenance: FitProvenance,
  problem: CalibrationProblem,
  result: CalibrationResult,
  series: readonly SeriesReport[],
  intervalsRequested: boolean,
): unknown {
  const reasons = reviewReasons(result, provenance.maxEvaluations, problem);
  return {
    ...provenance,
    window: { from: problem.from, to: problem.to },
    countModel: countModel(problem),
    intervalMethod: intervalsRequested ? intervalMethod(problem.parameters.length, result.autocorrelation) : null,
    intervalAdjustment: intervalAdjustmentReport(result),
    logLikelihood: result.evaluation.logLikelihood,
    status: reasons.length === 0 ? 'converged' : 'needs review',
    reviewReasons: reasons,
    converged: result.converged,
    evaluations: {
      search: result.evaluations,
      profile: result.profileEvaluations,
      curvature: result.correlation?.evaluations ?? 0,
    },
    parameters: parameterReports(problem.parameters, result),
    correlation: correlationReport(problem, result),
    series: series.map((report) => ({ ...report, rmsePerDay: finiteOrNull(report.rmsePerDay) })),
    trace: result.trace.map((step) => ({ evaluations: step.evaluations, logLikelihood: -step.value })),
  };
}

/** Describes how the correlation matrix is found, for fit.json. */
export const CORRELATION_METHOD =
  "inverse of the negative Hessian of the log-likelihood at the estimate, with each series' dispersion held at " +
  'its estimate, ' +
  "by central differences on the optimiser's unbounded scale with a step of an eighth of each parameter's " +
  'interval, scaled to correlations. Parameters whose estimate or interval end lies on a bound of their range ' +
  'are left out.';

/** The correlation matrix of the estimates as fit.json reports it. */
export interface CorrelationReport {
  method: string;
  /** Names of the parameters in the matrix, in its order. */
  parameters: string[];
  matrix: number[][] | null;
  /** Reason the matrix is null. */
  failure: string | null;
}

/** Builds the correlation report, or null when intervals were not requested. */
export function correlationReport(problem: CalibrationProblem, result: CalibrationResult): CorrelationReport | null {
  const correlation = result.correlation;
  if (correlation === undefined) return null;
  return {
    method: CORRELATION_METHOD,
    parameters: correlation.parameters.map((i) => problem.parameters[i]!.name),
    matrix: correlation.matrix,
    failure: correlation.failure,
  };
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
