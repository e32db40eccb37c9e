import { BOUND_TOLERANCE, isOnBound, toUnbounded } from '../../scenarios/index.js';
import { curvatureCorrelation, type CurvatureCorrelation } from './curvature.js';
import { minimise, type NelderMeadResult } from './nelder-mead.js';
import { DISPERSION_RANGE, type CountSeries } from './negative-binomial.js';
import { createObjective, type Evaluation } from './objective.js';
import { createCalibrationPool } from './pool.js';
import type { CalibrationProblem } from './problem.js';
import { residualAutocorrelation, type ResidualAutocorrelation } from './autocorrelation.js';
import { dispersionInterval, PROFILE_DROP_95, type ProfileBound, type ProfileOptions } from './profile.js';

/** Initial simplex step of the main search on the unbounded scale: about a 40 % change of a multiplier near 1. */
const INITIAL_STEP = 0.5;

/** The main search has converged when the simplex values lie within this, in log-likelihood units... */
const VALUE_TOLERANCE = 1e-3;

/**
 * ...and its vertices within this of the best one as positions in their ranges (0 to 1), so that a
 * parameter drifting towards a bound where the likelihood no longer changes does not hold up convergence.
 */
const POINT_TOLERANCE = 1e-3;

/**
 * Restarts of the main search from its best point after convergence. A restart costs one simplex
 * when the point is a true maximum, and finds a better one when the simplex had collapsed early.
 */
const MAX_RESTARTS = 3;

/** Position in its range, 0 to 1, of a point on the log-odds scale. */
function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * Settings of the profile searches: each bound within 0.1 of the target drop, from at most 6 points,
 * each re-optimised with up to 12 runs per other parameter.
 */
export const PROFILE_SETTINGS = { maxPoints: 6, dropTolerance: 0.1, valueTolerance: 0.02, evaluationsPerDimension: 12 };

/** Settings of a calibration run. */
export interface CalibrationOptions {
  /** Worker threads, a positive integer. Results do not depend on it. */
  workers: number;
  /** Evaluations of the main search, its restarts and axis probes included, before it stops unconverged. */
  maxEvaluations: number;
  /** True to find profile-likelihood intervals after the estimate. */
  intervals: boolean;
  /**
   * True to widen the intervals for the serial correlation of the residuals (see
   * {@link residualAutocorrelation}), false for the plain profile likelihood.
   * @default false
   */
  adjustForAutocorrelation?: boolean;
  signal?: AbortSignal;
  /** Worker module to load, for tests. */
  workerFile?: string | URL;
  /** Called after each batch of the main search with the evaluations so far, restarts included, and the best log-likelihood. */
  onEvaluations?: (evaluations: number, bestLogLikelihood: number) => void;
  /** Called after each profile bound with the bounds found and the total. */
  onBound?: (done: number, total: number) => void;
}

/** The 95 % interval of one parameter, or of one series' dispersion. */
export interface Interval {
  lower: number;
  upper: number;
  /** The profile search behind each bound. */
  lowerBound?: ProfileBound;
  upperBound?: ProfileBound;
}

/** The outcome of a calibration. */
export interface CalibrationResult {
  /** The estimate of each parameter, in its unit. */
  values: number[];
  /** The estimate on the optimiser's unbounded scale. */
  point: number[];
  /** The log-likelihood at the estimate, with each stream's dispersion. */
  evaluation: Evaluation;
  /** The simulated means of every observed series at the estimate, per stream and series. */
  means: Float64Array[][];
  /** True when the main search met its tolerances within its budget. */
  converged: boolean;
  /** Evaluations of the main search, and of the profile searches. */
  evaluations: number;
  profileEvaluations: number;
  /** Best log-likelihood after each step of the main search. */
  trace: NelderMeadResult['trace'];
  /** Names of the parameters and dispersions whose estimate lies on a bound of its range. */
  onBound: string[];
  /** Each parameter's 95 % profile-likelihood interval, when intervals were requested. */
  intervals?: Interval[];
  /** Each series' dispersion interval, in the order of the evaluation's series, when dispersions were fitted and intervals requested. */
  dispersionIntervals?: Interval[];
  /** True when a profile search found a better point than the main search, even after one restart from it. */
  betterOptimumFound: boolean;
  /** The correlation of the estimates from the curvature of the log-likelihood, when intervals were requested. */
  correlation?: CurvatureCorrelation;
  /** The residuals' autocorrelation that widened the intervals, when intervals were requested with the adjustment. */
  autocorrelation?: ResidualAutocorrelation;
  /** Drop of the log-likelihood below its maximum that marks each end of an interval, when intervals were requested. */
  targetDrop?: number;
}

/**
 * Fits the parameters of a problem by maximum likelihood. A Nelder-Mead search on the unbounded
 * scale starts from the scenario's own values and evaluates every point on the worker pool. When it
 * converges, points along each axis around its end are tried, and the search starts again from the
 * best of them if that is better. Then the bounds of each parameter's profile-likelihood interval
 * are searched in parallel. When a profile search finds a better point than the estimate, the main
 * search restarts from it once. Every search shares the budget of `maxEvaluations`. With the
 * intervals comes the correlation of the estimates, from the curvature of the log-likelihood at the
 * estimate, which takes one batch of runs beyond the budget.
 *
 * The points visited and the result depend only on the problem and the options other than `workers`.
 */
export async function calibrate(problem: CalibrationProblem, options: CalibrationOptions): Promise<CalibrationResult> {
  const objective = createObjective(problem);
  const pool = createCalibrationPool(problem, {
    workers: options.workers,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.workerFile === undefined ? {} : { workerFile: options.workerFile }),
  });
  try {
    let start = problem.parameters.map((parameter) => toUnbounded(parameter, parameter.start));
    let evaluations = 0;
    let profileEvaluations = 0;
    let trace: NelderMeadResult['trace'] = [];
    let betterOptimumFound = false;

    const progress = { evaluations: 0, best: -Infinity };
    for (let attempt = 0; ; attempt++) {
      // Each search starts where the last one, or an axis probe around its end, found a better point.
      let search: NelderMeadResult;
      for (;;) {
        const before = evaluations;
        progress.evaluations = evaluations;
        const remaining = { ...options, maxEvaluations: options.maxEvaluations - evaluations };
        search = await searchMaximum(pool.evaluate, start, remaining, progress);
        evaluations += search.evaluations;
        trace = [...trace, ...search.trace.map((step) => ({ ...step, evaluations: before + step.evaluations }))];
        // A probe is worth its runs only when the budget leaves room for another search after it.
        const roomNeeded = (PROBE_OFFSETS.length + 1) * start.length + 1;
        if (!search.converged || options.maxEvaluations - evaluations < roomNeeded) break;
        const probe = await probeAxes(pool.evaluate, search.point);
        evaluations += probe.evaluations;
        if (!(probe.logLikelihood > -search.value + PROBE_GAIN)) break;
        start = probe.point;
      }
      const values = objective.valuesOf(search.point);
      const evaluation = objective.evaluate(values);
      const means = objective.simulateMeans(values);

      let intervals: Interval[] | undefined;
      let dispersionIntervals: Interval[] | undefined;
      let correlation: CurvatureCorrelation | undefined;
      let autocorrelation: ResidualAutocorrelation | undefined;
      let targetDrop: number | undefined;
      if (options.intervals) {
        const observed = observedSeries(problem, means);
        if (options.adjustForAutocorrelation === true) {
          const withDispersion = observed.map((pair, i) => ({ ...pair, dispersion: evaluation.series[i]!.dispersion }));
          autocorrelation = residualAutocorrelation(withDispersion);
        }
        targetDrop = PROFILE_DROP_95 * (autocorrelation?.varianceFactor ?? 1);
        const bounds = await profileBounds(pool, search.point, evaluation.logLikelihood, problem, options, targetDrop);
        profileEvaluations += bounds.reduce((sum, bound) => sum + bound.evaluations, 0);
        const better = bounds
          .filter((bound) => bound.betterPoint !== undefined)
          .sort((a, b) => b.betterPoint!.logLikelihood - a.betterPoint!.logLikelihood)[0];
        if (better !== undefined) {
          betterOptimumFound = true;
          if (attempt === 0 && evaluations < options.maxEvaluations) {
            start = better.betterPoint!.point;
            continue;
          }
        } else {
          betterOptimumFound = false;
        }
        intervals = problem.parameters.map((_, i) => intervalOf(bounds, i));
        if (problem.fitDispersion) {
          dispersionIntervals = observed.map((pair, i) => dispersionInterval([pair], evaluation.series[i]!, targetDrop));
        }
        const steps = curvatureSteps(problem, values, intervals);
        // The dispersions stay at their estimates: a best dispersion that leaves its lower bound between
        // neighbouring points puts a kink into the likelihood, which the differences would take for curvature.
        const dispersions = evaluation.series.map((series) => series.dispersion);
        const logLikelihoods = async (points: number[][]) =>
          (await pool.evaluate(points, dispersions)).map((result) => result.logLikelihood);
        correlation = await curvatureCorrelation(logLikelihoods, search.point, steps);
      }

      return {
        values,
        point: search.point,
        evaluation,
        means,
        converged: search.converged,
        evaluations,
        profileEvaluations,
        trace,
        onBound: boundNames(problem, values, evaluation),
        ...(intervals === undefined ? {} : { intervals }),
        ...(dispersionIntervals === undefined ? {} : { dispersionIntervals }),
        betterOptimumFound,
        ...(correlation === undefined ? {} : { correlation }),
        ...(autocorrelation === undefined ? {} : { autocorrelation }),
        ...(targetDrop === undefined ? {} : { targetDrop }),
      };
    }
  } finally {
    await pool.destroy();
  }
}

/** Offsets of the axis probes from the end of a search, on the log-odds scale. */
const PROBE_OFFSETS = [-1.5, -0.5, 0.5, 1.5];

/** Gain in log-likelihood above which an axis probe restarts the search. */
const PROBE_GAIN = 0.1;

/**
 * Evaluates points along each axis around the end of a search, all in one batch. A Nelder-Mead
 * simplex in ten or more dimensions can collapse onto a ridge and converge there, and a step along
 * one parameter often shows the way off it.
 */
async function probeAxes(
  evaluateOnPool: (points: number[][]) => Promise<Evaluation[]>,
  centre: readonly number[],
): Promise<{ point: number[]; logLikelihood: number; evaluations: number }> {
  const points = centre.flatMap((_, i) =>
    PROBE_OFFSETS.map((offset) => centre.map((x, j) => (i === j ? x + offset : x))),
  );
  const results = await evaluateOnPool(points);
  let best = 0;
  results.forEach((result, k) => {
    if (result.logLikelihood > results[best]!.logLikelihood) best = k;
  });
  return { point: points[best]!, logLikelihood: results[best]!.logLikelihood, evaluations: points.length };
}

async function searchMaximum(
  evaluateOnPool: (points: number[][]) => Promise<Evaluation[]>,
  start: number[],
  options: CalibrationOptions,
  progress: { evaluations: number; best: number },
): Promise<NelderMeadResult> {
  return minimise(
    async (points) => {
      const results = await evaluateOnPool(points);
      progress.evaluations += points.length;
      for (const result of results) progress.best = Math.max(progress.best, result.logLikelihood);
      options.onEvaluations?.(progress.evaluations, progress.best);
      return results.map((result) => -result.logLikelihood);
    },
    start,
    {
      initialStep: INITIAL_STEP,
      maxEvaluations: options.maxEvaluations,
      valueTolerance: VALUE_TOLERANCE,
      pointTolerance: POINT_TOLERANCE,
      pointMap: logistic,
      maxRestarts: MAX_RESTARTS,
    },
  );
}

/** Searches for both bounds of every parameter, as many at a time as there are workers. */
async function profileBounds(
  pool: ReturnType<typeof createCalibrationPool>,
  estimate: number[],
  maxLogLikelihood: number,
  problem: CalibrationProblem,
  options: CalibrationOptions,
  targetDrop: number,
): Promise<ProfileBound[]> {
  const profileOptions: ProfileOptions = {
    evaluationsPerPoint: PROFILE_SETTINGS.evaluationsPerDimension * Math.max(1, problem.parameters.length - 1),
    maxPoints: PROFILE_SETTINGS.maxPoints,
    targetDrop,
    dropTolerance: PROFILE_SETTINGS.dropTolerance,
    valueTolerance: PROFILE_SETTINGS.valueTolerance,
  };
  const tasks = problem.parameters.flatMap((_, parameterIndex) =>
    (['lower', 'upper'] as const).map((side) => ({ estimate, maxLogLikelihood, parameterIndex, side, options: profileOptions })),
  );
  let done = 0;
  return Promise.all(
    tasks.map(async (task) => {
      const bound = await pool.profile(task);
      options.onBound?.(++done, tasks.length);
      return bound;
    }),
  );
}

/** Fraction of a parameter's interval, on the unbounded scale, taken as its difference step for the curvature. */
const CURVATURE_STEP_FRACTION = 1 / 8;

/**
 * Returns the difference step of each parameter on the unbounded scale, or undefined for a parameter
 * whose estimate or interval end lies on a bound of its range, where the scale has no finite point.
 */
function curvatureSteps(problem: CalibrationProblem, values: readonly number[], intervals: readonly Interval[]): (number | undefined)[] {
  return problem.parameters.map((parameter, i) => {
    const { lower, upper } = intervals[i]!;
    if (isOnBound(parameter, values[i]!) || !(lower < upper)) return undefined;
    try {
      return (toUnbounded(parameter, upper) - toUnbounded(parameter, lower)) * CURVATURE_STEP_FRACTION;
    } catch (error) {
      if (error instanceof RangeError) return undefined;
      throw error;
    }
  });
}

function intervalOf(bounds: readonly ProfileBound[], index: number): Interval {
  const lower = bounds.find((bound) => bound.parameterIndex === index && bound.side === 'lower')!;
  const upper = bounds.find((bound) => bound.parameterIndex === index && bound.side === 'upper')!;
  return { lower: lower.value, upper: upper.value, lowerBound: lower, upperBound: upper };
}

/** Pairs every observed series with its simulated means, in the order of the evaluation's series. */
function observedSeries(problem: CalibrationProblem, means: Float64Array[][]): CountSeries[] {
  return problem.streams.flatMap((stream, s) =>
    stream.series.map((observed, k) => ({ counts: Float64Array.from(observed.counts), means: means[s]![k]! })),
  );
}

/**
 * Names of the estimates on a bound: parameters by name, dispersions as `dispersion.<quantity>.<region>`.
 * A dispersion at the lower end of its range is the Poisson model, which is the natural limit of
 * the negative binomial rather than a constraint, so only the upper end counts.
 */
function boundNames(problem: CalibrationProblem, values: readonly number[], evaluation: Evaluation): string[] {
  const names = problem.parameters.filter((parameter, i) => isOnBound(parameter, values[i]!)).map((parameter) => parameter.name);
  if (problem.fitDispersion) {
    const { lower, upper } = DISPERSION_RANGE;
    for (const fit of evaluation.series) {
      const position = Math.log(fit.dispersion / lower) / Math.log(upper / lower);
      if (position > 1 - BOUND_TOLERANCE) names.push(`dispersion.${fit.quantity}.${fit.region}`);
    }
  }
  return names;
}
