import { describe, expect, it } from 'vitest';

// The pool loads its worker beside its own compiled module, so these tests use the build in dist/.
import { parseFitParameter, toUnbounded, type FitParameter } from '../../../dist/scenarios/index.js';
import {
  calibrate,
  createObjective,
  residualAutocorrelation,
  type CalibrationProblem,
} from '../../../dist/workers/calibrate/index.js';
import { curvatureCorrelation } from '../../../dist/workers/calibrate/curvature.js';
import { compileScenario } from '../../../scenarios/compile.js';
import { createRunRandom, METRIC_INDEX, seriesOffset, simulate } from '../../../engine/index.js';
import { validOrThrow } from '../../scenarios/fixtures.js';
import { autoregressiveNormals, negativeBinomialCounts, twoRegionFitDocument } from './fixtures.js';

const scenario = validOrThrow(twoRegionFitDocument());
const FROM = '2020-02-10';
const TO = '2020-04-10';
const WINDOW_DAYS = 61;

/** True values of the synthetic data and the tolerance each estimate must meet. */
const TRUTH = [
  // Five per cent: R0 sets the growth rate, which the rise over the first month pins down.
  { name: 'transmission.scale', value: 1.1, tolerance: 0.05 },
  // Half a day: the start of the rise dates the seeding.
  { name: 'seeding:XA-01.shiftDays', value: 2.5, tolerance: 0.5 },
  // Ten per cent: the campaign acts only on the last month, so its effect is the loosest of the three.
  { name: 'distancing[0].scale', value: 1.3, tolerance: 0.13 },
];
const TRUE_DISPERSION = 0.1;

function parameters(): FitParameter[] {
  return TRUTH.map(({ name }) => parseFitParameter(name, scenario));
}

/**
 * Builds a problem whose observed counts are drawn around the model's means at the true values. With
 * `drift`, each series' means are first multiplied by exp(z) for a first-order autoregression z with
 * lag-1 correlation `drift.lag1` and standard deviation `drift.sd`, a misfit that lasts for days.
 */
function syntheticProblem(fitDispersion = true, drift?: { lag1: number; sd: number }): CalibrationProblem {
  const blank: CalibrationProblem = {
    scenario,
    parameters: parameters(),
    fitDispersion,
    from: FROM,
    to: TO,
    streams: [
      {
        quantity: 'confirmed',
        series: scenario.regions.map((region, regionSlot) => ({
          region: region.code,
          regionSlot,
          counts: new Array<number>(WINDOW_DAYS).fill(0),
        })),
      },
    ],
  };
  const means = createObjective(blank).simulateMeans(TRUTH.map((truth) => truth.value));
  blank.streams[0]!.series.forEach((series, k) => {
    let centre = Array.from(means[0]![k]!);
    if (drift !== undefined) {
      const z = autoregressiveNormals(WINDOW_DAYS, drift.lag1, drift.sd, `drift ${series.region}`);
      centre = centre.map((mean, d) => mean * Math.exp(z[d]!));
    }
    series.counts = negativeBinomialCounts(centre, TRUE_DISPERSION, `synthetic ${series.region}`);
  });
  return blank;
}

describe('createObjective', () => {
  it('matches a full run over the window', () => {
    const problem = syntheticProblem();
    const means = createObjective(problem).simulateMeans([1, 0, 1]);
    const model = compileScenario(scenario, { sampling: 'central' });
    const { series } = simulate(model, 'deterministic', createRunRandom(1, 0));
    const fromDay = 9;
    for (let r = 0; r < 2; r++) {
      const offset = seriesOffset(METRIC_INDEX.confirmed_new, r, 2, model.dayCount) + fromDay;
      // The run stopped at the window's end takes the same steps as the full one, so the figures are identical.
      expect(Array.from(means[0]![r]!)).toEqual(Array.from(series.slice(offset, offset + WINDOW_DAYS)));
    }
  });

  it('fits a dispersion per series', () => {
    const evaluation = createObjective(syntheticProblem()).evaluate(TRUTH.map((truth) => truth.value));
    expect(evaluation.series.map((fit) => fit.region)).toEqual(['XA-01', 'XA-02']);
    const total = evaluation.series.reduce((sum, fit) => sum + fit.logLikelihood, 0);
    expect(evaluation.logLikelihood).toBeCloseTo(total, 9);
    for (const fit of evaluation.series) expect(fit.dispersion).toBeGreaterThan(0);
  });

  it('uses the Poisson model without dispersion', () => {
    const evaluation = createObjective(syntheticProblem(false)).evaluate([1, 0, 1]);
    for (const fit of evaluation.series) expect(fit.dispersion).toBe(0);
  });

  it('rejects a window outside the simulation', () => {
    expect(() => createObjective({ ...syntheticProblem(), to: '2020-04-11' })).toThrow(
      'the calibration window 2020-02-10 to 2020-04-11 must lie within the simulation, 2020-02-01 to 2020-04-10',
    );
  });

  it('rejects series that miss days', () => {
    const problem = syntheticProblem();
    problem.streams[0]!.series[1]!.counts.pop();
    expect(() => createObjective(problem)).toThrow('observed confirmed of XA-02 has 60 days, but the window has 61');
  });
});

describe('calibrate', () => {
  it('recovers a synthetic truth', { timeout: 30_000 }, async () => {
    const result = await calibrate(syntheticProblem(), { workers: 2, maxEvaluations: 1500, intervals: true });
    expect(result.converged).toBe(true);
    expect(result.onBound).toEqual([]);
    expect(result.betterOptimumFound).toBe(false);
    TRUTH.forEach((truth, i) => {
      const estimate = result.values[i]!;
      const interval = result.intervals![i]!;
      expect(Math.abs(estimate - truth.value), truth.name).toBeLessThan(truth.tolerance);
      expect(interval.lower, truth.name).toBeLessThan(estimate);
      expect(interval.upper, truth.name).toBeGreaterThan(estimate);
    });
    for (const [i, fit] of result.evaluation.series.entries()) {
      // At 10 to 60 cases a day the Poisson part of the variance is as large as the extra part, so sixty days
      // pin the dispersion down only to within a factor of about two.
      expect(fit.dispersion, fit.region).toBeGreaterThan(TRUE_DISPERSION / 2.5);
      expect(fit.dispersion, fit.region).toBeLessThan(TRUE_DISPERSION * 2.5);
      expect(result.dispersionIntervals![i]!.lower).toBeLessThan(fit.dispersion);
      expect(result.dispersionIntervals![i]!.upper).toBeGreaterThan(fit.dispersion);
    }
    const correlation = result.correlation!;
    expect(correlation.failure).toBeNull();
    expect(correlation.parameters).toEqual([0, 1, 2]);
    // A later seeding needs a higher R0 to reach the same counts, and a higher R0 a stronger campaign to
    // bend the last month down to them, so both pairs are positively correlated.
    expect(correlation.matrix![0]![1]).toBeGreaterThan(0.3);
    expect(correlation.matrix![0]![2]).toBeGreaterThan(0.3);
    expect(correlation.matrix![2]![0]).toBe(correlation.matrix![0]![2]);
  });

  it('finds a correlation that does not depend on the step', { timeout: 30_000 }, async () => {
    // With the dispersions at their estimates the likelihood is smooth, so a step four times smaller
    // gives the same matrix. A dispersion fitted anew at each point can bend it between the points.
    const problem = syntheticProblem();
    const result = await calibrate(problem, { workers: 2, maxEvaluations: 1500, intervals: true });
    const objective = createObjective(problem);
    const dispersions = result.evaluation.series.map((series) => series.dispersion);
    const evaluate = async (points: number[][]) =>
      points.map((point) => objective.evaluate(objective.valuesOf(point), dispersions).logLikelihood);
    const steps = problem.parameters.map((parameter, i) => {
      const { lower, upper } = result.intervals![i]!;
      return (toUnbounded(parameter, upper) - toUnbounded(parameter, lower)) / 32;
    });
    const fine = (await curvatureCorrelation(evaluate, result.point, steps)).matrix!;
    const used = result.correlation!.matrix!;
    for (const [i, j] of [[0, 1], [0, 2], [1, 2]] as const) {
      expect(Math.abs(used[i]![j]! - fine[i]![j]!), `${i}, ${j}`).toBeLessThan(0.05);
    }
  });

  it('widens intervals for autocorrelated residuals', { timeout: 60_000 }, async () => {
    const problem = syntheticProblem(true, { lag1: 0.9, sd: 0.5 });
    const plain = await calibrate(problem, { workers: 2, maxEvaluations: 1500, intervals: true });
    const adjusted = await calibrate(problem, {
      workers: 2,
      maxEvaluations: 1500,
      intervals: true,
      adjustForAutocorrelation: true,
    });
    expect(plain.autocorrelation).toBeUndefined();
    const { lag1, varianceFactor } = adjusted.autocorrelation!;
    expect(lag1).toBeGreaterThan(0.25);
    expect(varianceFactor).toBeCloseTo((1 + lag1) / (1 - lag1), 12);
    expect(adjusted.values).toEqual(plain.values);
    // Near the estimate the profile is close to a parabola, so scaling the drop by the factor widens
    // each interval by about its square root.
    const widening = Math.sqrt(varianceFactor);
    TRUTH.forEach((truth, i) => {
      const width = (interval: { lower: number; upper: number }) => interval.upper - interval.lower;
      const ratio = width(adjusted.intervals![i]!) / width(plain.intervals![i]!);
      expect(ratio, truth.name).toBeGreaterThan(0.75 * widening);
      expect(ratio, truth.name).toBeLessThan(1.3 * widening);
    });
  });

  it('finds little autocorrelation in independent counts', () => {
    const problem = syntheticProblem();
    const means = createObjective(problem).simulateMeans(TRUTH.map((truth) => truth.value));
    const series = problem.streams[0]!.series.map((observed, k) => ({
      counts: observed.counts,
      means: means[0]![k]!,
      dispersion: TRUE_DISPERSION,
    }));
    // 120 pairs of independent residuals give a correlation within about 0.2 of 0 (two standard errors).
    expect(Math.abs(residualAutocorrelation(series).lag1)).toBeLessThan(0.2);
  });

  it('gives the same result on one worker and on two', { timeout: 30_000 }, async () => {
    const problem = syntheticProblem();
    const one = await calibrate(problem, { workers: 1, maxEvaluations: 300, intervals: false });
    const two = await calibrate(problem, { workers: 2, maxEvaluations: 300, intervals: false });
    expect(two.values).toEqual(one.values);
    expect(two.evaluations).toBe(one.evaluations);
    expect(two.trace).toEqual(one.trace);
  });

  it('reports progress', { timeout: 30_000 }, async () => {
    const calls: number[] = [];
    await calibrate(syntheticProblem(), {
      workers: 2,
      maxEvaluations: 40,
      intervals: false,
      onEvaluations: (evaluations) => calls.push(evaluations),
    });
    expect(calls[0]).toBe(4);
    expect(calls.at(-1)).toBeGreaterThanOrEqual(40);
  });
});
