import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

import {
  METRIC_INDEX,
  QUINTILES,
  SUMMARY_INDEX,
  createRunRandom,
  seriesOffset,
  simulate,
  type CompiledModel,
  type RunResult,
} from '../../engine/index.js';
import { compileScenario, loadScenarioFile, type Scenario } from '../../scenarios/index.js';

const SCENARIOS = fileURLToPath(new URL('../../scenarios/', import.meta.url));

async function load(file: string): Promise<Scenario> {
  const loaded = await loadScenarioFile(`${SCENARIOS}${file}`);
  if (!loaded.ok) throw new Error(`${file} is invalid: ${JSON.stringify(loaded.problems)}`);
  return loaded.scenario;
}

interface Run {
  model: CompiledModel;
  result: RunResult;
}

/** Runs a scenario once, deterministically from central values. */
function run(scenario: Scenario): Run {
  const model = compileScenario(scenario, { sampling: 'central' });
  return { model, result: simulate(model, 'deterministic', createRunRandom(scenario.simulation.seed, 0)) };
}

function nationalSeries({ model, result }: Run, metric: keyof typeof METRIC_INDEX): Float64Array {
  const offset = seriesOffset(METRIC_INDEX[metric], model.regionCount, model.regionCount, model.dayCount);
  return result.series.subarray(offset, offset + model.dayCount);
}

function nationalStatistic({ model, result }: Run, statistic: keyof typeof SUMMARY_INDEX): number {
  return result.summary[SUMMARY_INDEX[statistic] * (model.regionCount + 1) + model.regionCount]!;
}

/** Sums over days and regions the relief part of each quintile's monthly income per household. */
function reliefIncomeByQuintile({ model }: Run): number[] {
  const economy = model.economy!;
  const sums = new Array<number>(QUINTILES).fill(0);
  for (let slot = 0; slot < economy.incomeWithRelief.length; slot++) {
    sums[slot % QUINTILES]! += economy.incomeWithRelief[slot]! - economy.incomeWithoutRelief[slot]!;
  }
  return sums;
}

/**
 * Computes by hand the relief paid when a payment covers `coveredByQuintile` of each quintile. The
 * Korea 2020 scenario has 21.71 million households, a fifth in each quintile. It pays 657,600 KRW per
 * household on average: 400,000 to 1,000,000 KRW by size, weighted by the size shares 0.317, 0.280,
 * 0.201 and 0.202. Every vulnerable household is paid in cash, and 99.75 % of the others are paid
 * card points. The vulnerable are 50 %, 12 %, 2 %, 0.49 % and 0 % of the quintiles.
 */
function handCalculatedPaid(coveredByQuintile: readonly number[]): { krw: number; households: number } {
  const perQuintile = 21.71e6 / 5;
  const meanAmount = 0.317 * 400_000 + 0.28 * 600_000 + 0.201 * 800_000 + 0.202 * 1_000_000;
  const vulnerable = [0.5, 0.12, 0.02, 0.0049, 0];
  let households = 0;
  coveredByQuintile.forEach((covered, q) => {
    households += covered * perQuintile * (vulnerable[q]! + (1 - vulnerable[q]!) * 0.9975);
  });
  return { krw: households * meanAmount, households };
}

// The paid totals are sums of a few thousand products of exact inputs, so float rounding stays far
// below a relative 1e-9.
const RELATIVE = 1e-9;

const base = run(await load('korea-2020-fitted.json'));
const noRelief = run(await load('korea-2020-no-relief.json'));
const bottom70 = run(await load('korea-2020-relief-bottom-70.json'));

describe('korea-2020-no-relief plan', () => {
  test('pays nothing', () => {
    expect(nationalSeries(noRelief, 'relief_paid_cum').every((value) => value === 0)).toBe(true);
    expect(nationalSeries(noRelief, 'households_paid_share').every((value) => value === 0)).toBe(true);
    expect(nationalSeries(noRelief, 'consumption_extra').every((value) => value === 0)).toBe(true);
    expect(nationalStatistic(noRelief, 'cost_relief')).toBe(0);
  });

  test('leaves incomes without relief', () => {
    expect(Array.from(nationalSeries(noRelief, 'income_quintile_ratio'))).toEqual(
      Array.from(nationalSeries(noRelief, 'income_quintile_ratio_no_relief')),
    );
    expect(nationalStatistic(noRelief, 'income_quintile_ratio')).toBeCloseTo(
      nationalStatistic(noRelief, 'income_quintile_ratio_no_relief'),
      12,
    );
  });

  test('keeps the base costs other than relief', () => {
    // Tracers and sites do not depend on the epidemic, so relief does not change their cost.
    expect(nationalStatistic(noRelief, 'cost_tracing')).toBe(nationalStatistic(base, 'cost_tracing'));
    expect(nationalStatistic(noRelief, 'cost_testing_sites')).toBe(nationalStatistic(base, 'cost_testing_sites'));
  });
});

describe('korea-2020-relief-bottom-70 plan', () => {
  const covered = [1, 1, 1, 0.5, 0];

  test('pays the hand-calculated total', () => {
    const expected = handCalculatedPaid(covered).krw;
    const paid = nationalStatistic(bottom70, 'cost_relief');
    expect(Math.abs(paid / expected - 1), `${paid} KRW paid, ${expected} expected`).toBeLessThan(RELATIVE);
    // About 9.97 trillion KRW, 70 % of the 14.25 trillion of the universal payment.
    expect(paid / nationalStatistic(base, 'cost_relief')).toBeCloseTo(0.7, 2);
  });

  test('pays the base total under universal coverage', () => {
    const expected = handCalculatedPaid([1, 1, 1, 1, 1]).krw;
    const paid = nationalStatistic(base, 'cost_relief');
    expect(Math.abs(paid / expected - 1), `${paid} KRW paid, ${expected} expected`).toBeLessThan(RELATIVE);
  });

  test('pays 70 % of households', () => {
    const share = nationalSeries(bottom70, 'households_paid_share').at(-1)!;
    expect(share).toBeCloseTo(handCalculatedPaid(covered).households / 21.71e6, 9);
  });

  test('pays quintiles 1 to 3 in full and half of quintile 4', () => {
    const plan = reliefIncomeByQuintile(bottom70);
    const universal = reliefIncomeByQuintile(base);
    covered.forEach((share, q) => {
      expect(plan[q], `quintile ${q + 1}`).toBeCloseTo(share * universal[q]!, 6);
    });
    expect(plan[4]).toBe(0);
  });

  test('narrows the income gap more per KRW than the universal payment', () => {
    const gapClosed = (subject: Run) =>
      nationalStatistic(subject, 'income_quintile_ratio_no_relief') - nationalStatistic(subject, 'income_quintile_ratio');
    const perKrw = (subject: Run) => gapClosed(subject) / nationalStatistic(subject, 'cost_relief');
    expect(perKrw(bottom70)).toBeGreaterThan(perKrw(base));
  });
});
