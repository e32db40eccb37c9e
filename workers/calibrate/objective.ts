import { createRunRandom, METRIC_INDEX, seriesOffset, simulate } from '../../engine/index.js';
import { applyFitParameters, calendarOf, compileScenario, fromUnbounded, type Scenario } from '../../scenarios/index.js';
import { countLogLikelihood, fitDispersion, type CountSeries, type DispersionFit } from './negative-binomial.js';
import { OBSERVED_METRICS, type CalibrationProblem, type ObservedQuantity } from './problem.js';

/** The fit of one observed series at one point: its dispersion and its share of the log-likelihood. */
export interface SeriesFit {
  quantity: ObservedQuantity;
  /** Region code, or the national code. */
  region: string;
  /** Negative binomial α, 0 for the Poisson model. */
  dispersion: number;
  logLikelihood: number;
}

/** The log-likelihood of the observations at one point, summed over series and days. */
export interface Evaluation {
  logLikelihood: number;
  /** Each observed series, stream by stream in the order of the problem. */
  series: SeriesFit[];
}

/** The likelihood of a calibration problem as a function of the fitted values. */
export interface Objective {
  problem: CalibrationProblem;
  /** Day index of `problem.from` in the simulation. */
  fromDay: number;
  /** Days from `problem.from` to `problem.to`, both included. */
  windowDays: number;
  /**
   * Runs the scenario with the values and returns the simulated mean of every observed series over
   * the window, per stream and series in the order of `problem.streams`.
   */
  simulateMeans(values: readonly number[]): Float64Array[][];
  /**
   * Returns the log-likelihood at the values, each in its parameter's unit. Each series' dispersion
   * is the one given, in the order of {@link Evaluation.series}, or else the best one for these
   * values. It is 0, the Poisson model, when the problem fits none or the series has no positive count.
   */
  evaluate(values: readonly number[], dispersions?: readonly number[]): Evaluation;
  /** Returns the fitted values of a point on the optimiser's unbounded scale. */
  valuesOf(point: readonly number[]): number[];
}

/**
 * Creates the objective of a calibration problem. Every evaluation is one deterministic run from
 * the scenario's central values with the parameters applied, stopped at `problem.to`.
 *
 * @throws RangeError when the window lies outside the simulation or a series does not cover it day by day
 */
export function createObjective(problem: CalibrationProblem): Objective {
  const { dates } = calendarOf(problem.scenario);
  const fromDay = dates.indexOf(problem.from);
  const toDay = dates.indexOf(problem.to);
  if (fromDay < 0 || toDay < fromDay) {
    throw new RangeError(
      `the calibration window ${problem.from} to ${problem.to} must lie within the simulation, ` +
        `${dates[0]} to ${dates.at(-1)}, and end on or after its start`,
    );
  }
  const windowDays = toDay - fromDay + 1;
  for (const stream of problem.streams) {
    for (const series of stream.series) {
      if (series.counts.length !== windowDays) {
        throw new RangeError(
          `observed ${stream.quantity} of ${series.region} has ${series.counts.length} days, but the window has ${windowDays}`,
        );
      }
    }
  }
  const observed = problem.streams.map((stream) => stream.series.map((series) => Float64Array.from(series.counts)));
  // A series without a single positive count scores higher the larger its dispersion, without end, so it keeps the Poisson model.
  const hasCases = observed.map((stream) => stream.map((counts) => counts.some((count) => count > 0)));
  const regionCount = problem.scenario.regions.length;

  const simulateMeans = (values: readonly number[]): Float64Array[][] => {
    const scenario: Scenario = applyFitParameters(problem.scenario, problem.parameters, values);
    scenario.simulation = { ...scenario.simulation, end: problem.to };
    const model = compileScenario(scenario, { sampling: 'central' });
    // Deterministic runs draw no random numbers, so the stream is only there to satisfy the signature.
    const { series } = simulate(model, 'deterministic', createRunRandom(scenario.simulation.seed, 0));
    const dayCount = toDay + 1;
    return problem.streams.map((stream) =>
      stream.series.map((observedSeries) => {
        const metric = METRIC_INDEX[OBSERVED_METRICS[stream.quantity]];
        const start = seriesOffset(metric, observedSeries.regionSlot, regionCount, dayCount) + fromDay;
        return series.slice(start, start + windowDays);
      }),
    );
  };

  const evaluate = (values: readonly number[], dispersions?: readonly number[]): Evaluation => {
    const means = simulateMeans(values);
    const series: SeriesFit[] = [];
    problem.streams.forEach((stream, s) => {
      stream.series.forEach((observedSeries, k) => {
        const pair: CountSeries[] = [{ counts: observed[s]![k]!, means: means[s]![k]! }];
        const given = dispersions?.[series.length];
        let fit: DispersionFit;
        if (given !== undefined) fit = { dispersion: given, logLikelihood: countLogLikelihood(pair, given) };
        else if (problem.fitDispersion && hasCases[s]![k]!) fit = fitDispersion(pair);
        else fit = { dispersion: 0, logLikelihood: countLogLikelihood(pair, 0) };
        series.push({ quantity: stream.quantity, region: observedSeries.region, ...fit });
      });
    });
    return { logLikelihood: series.reduce((sum, fit) => sum + fit.logLikelihood, 0), series };
  };

  const valuesOf = (point: readonly number[]): number[] =>
    problem.parameters.map((parameter, i) => fromUnbounded(parameter, point[i]!));

  return { problem, fromDay, windowDays, simulateMeans, evaluate, valuesOf };
}
