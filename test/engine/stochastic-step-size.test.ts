import { availableParallelism } from 'node:os';
import { beforeAll, describe, expect, test } from 'vitest';
// The batches run on the worker pool, which loads the engine from dist/, so this test uses the build.
import { SUMMARY_INDEX } from '../../dist/engine/index.js';
import { DEFAULT_SCENARIO_PATH, loadScenarioFile, type Scenario } from '../../dist/scenarios/index.js';
import { centralValue, resolveParameters } from '../../dist/scenarios/distributions.js';
import { runBatch } from '../../dist/workers/index.js';

/**
 * Pairs of runs, one at each step. On the default scenario with central parameters, national deaths
 * vary by about 7.6 % of their mean between runs and peak ICU occupancy by about 8.5 %. Halving the
 * step changes every draw after the first step, so the two runs of a pair are uncorrelated
 * (measured r = 0.0 over 400 pairs) although they share their random stream. The standard error of
 * the change of the mean is then about 11 % and 12 % of the mean over the square root of the pairs.
 * With 1,200 pairs it measured 0.30 % for deaths and 0.34 % for peak ICU occupancy.
 */
const PAIRS = 1200;
const RUNS_PER_BATCH = 100;
const SEED = 'stochastic step size';
const STEPS_DAYS = [0.25, 0.125] as const;
/** Largest accepted change of the mean when the step is halved, as a fraction of the mean. */
const TOLERANCE_FRACTION = 0.01;
/**
 * Largest accepted standard error of that change, so that the 1 % check resolves a real difference
 * rather than noise.
 */
const MAX_STANDARD_ERROR_FRACTION = 0.004;

const OUTCOMES = [
  ['national deaths', SUMMARY_INDEX.deaths_total],
  ['peak ICU occupancy', SUMMARY_INDEX.icu_peak_occupied],
] as const;

async function centralScenario(): Promise<Scenario> {
  const loaded = await loadScenarioFile(DEFAULT_SCENARIO_PATH);
  if (!loaded.ok) throw new Error(`default scenario is invalid: ${JSON.stringify(loaded.problems)}`);
  // Fixes each distribution at its central value, so that only the transitions are random. With
  // sampled parameters the outcomes have a heavy tail: one run in 40 had 66,000 deaths against a
  // median of 450. A standard error below 1 % would then need tens of thousands of pairs, by an
  // estimate from those 40 pairs.
  return resolveParameters(loaded.scenario, centralValue) as Scenario;
}

/**
 * Runs `PAIRS` runs at each step and returns the national value of each outcome in every run,
 * `[outcome][step][run]`. Run i of each batch has the same seed and run index at both steps.
 */
async function pairedOutcomes(scenario: Scenario): Promise<number[][][]> {
  const regions = scenario.regions.length;
  const outcomes = OUTCOMES.map(() => STEPS_DAYS.map((): number[] => []));
  const workers = Math.max(1, availableParallelism());
  for (let batch = 0; batch < PAIRS / RUNS_PER_BATCH; batch++) {
    for (const [s, stepDays] of STEPS_DAYS.entries()) {
      const stepScenario = { ...scenario, simulation: { ...scenario.simulation, stochasticStepDays: stepDays } };
      const { summary } = await runBatch({
        scenario: stepScenario,
        mode: 'stochastic',
        seed: `${SEED} ${batch}`,
        runs: RUNS_PER_BATCH,
        pool: { workers },
      });
      for (const [k, [, statistic]] of OUTCOMES.entries()) {
        for (const run of summary) outcomes[k]![s]!.push(run[statistic * (regions + 1) + regions]!);
      }
    }
  }
  return outcomes;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, x) => sum + x, 0) / values.length;
}

const slowTestsEnabled = process.env['TTTSIM_SLOW_TESTS'] === '1';

describe('stochastic mode, default scenario', () => {
  if (!slowTestsEnabled) {
    // The 2,400 runs of the default scenario take about 500 s of CPU time, so about 5 minutes on 2 cores.
    test.skip('skipped: set TTTSIM_SLOW_TESTS=1 to compare 1,200 paired runs at two steps', () => {});
    return;
  }

  let outcomes: number[][][] = [];
  beforeAll(async () => {
    outcomes = await pairedOutcomes(await centralScenario());
  }, 3_600_000);

  // NOTE: halving the step lowers both outcomes by about 1.0 % (standard error 0.3 %), right at the
  // tolerance, so this check can fail until the stochastic step becomes more accurate.
  for (const [k, [name]] of OUTCOMES.entries()) {
    test(`changes ${name} by under 1 % at half the step`, () => {
      const [coarse, fine] = outcomes[k]! as [number[], number[]];
      const differences = fine.map((x, i) => x - coarse[i]!);
      const meanDifference = mean(differences);
      const variance = differences.reduce((sum, x) => sum + (x - meanDifference) ** 2, 0) / (differences.length - 1);
      const base = mean(coarse);
      const standardError = Math.sqrt(variance / differences.length) / base;
      const change = meanDifference / base;
      const message = `change ${(100 * change).toFixed(2)} % with standard error ${(100 * standardError).toFixed(2)} %`;
      expect(differences.length).toBe(PAIRS);
      expect(base).toBeGreaterThan(10);
      expect(standardError, message).toBeLessThan(MAX_STANDARD_ERROR_FRACTION);
      expect(Math.abs(change), message).toBeLessThan(TOLERANCE_FRACTION);
    });
  }
});
