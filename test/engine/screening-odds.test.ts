import { describe, expect, test } from 'vitest';
import { METRIC_INDEX, createRunRandom, seriesOffset, simulate, type CompiledModel } from '../../engine/index.js';
import { STATE_COUNT } from '../../engine/layout.js';
import { buildModel } from './fixtures.js';

const SCREENING_FROM = 25;
const DAYS = 40;

/**
 * Builds one region whose only tests are a screening campaign of 2,000 a day from day 25, with ample
 * capacity and no background demand, test seeking or tracing. So every positive result on the
 * campaign's first day comes from screening.
 */
function campaignModel(odds: number, testsPerDay = 2000): CompiledModel {
  const model = buildModel({ days: DAYS, seedPerDay: 20, seedDays: 5, testsPerDay: 1e7, tracingPerDay: 0 });
  const { testing } = model;
  testing.backgroundDemandPerCapita.fill(0);
  testing.seekMildPerDay.fill(0);
  testing.seekSeverePerDay.fill(0);
  testing.screeningDemand.fill(0);
  testing.screeningDemand.fill(testsPerDay, SCREENING_FROM);
  testing.screeningInfectedOdds.fill(odds, SCREENING_FROM);
  return model;
}

function daily(model: CompiledModel, metric: keyof typeof METRIC_INDEX, onStep?: Parameters<typeof simulate>[3]): Float64Array {
  const { series } = simulate(model, 'deterministic', createRunRandom('screening odds', 0), onStep);
  const offset = seriesOffset(METRIC_INDEX[metric], 0, model.regionCount, model.dayCount);
  return series.slice(offset, offset + model.dayCount);
}

describe('screening infectedOdds', () => {
  test('odds near 1 match random screening', () => {
    // Odds of exactly 1 take their own branch, so the general formula must meet it there.
    const random = daily(campaignModel(1), 'confirmed_new');
    const nearly = daily(campaignModel(1 + 1e-9), 'confirmed_new');
    for (let d = 0; d < DAYS; d++) expect(nearly[d]!).toBeCloseTo(random[d]!, 4);
  });

  test('odds 5 raise positivity fivefold', () => {
    const random = campaignModel(1);
    const targeted = campaignModel(5);
    const testsRandom = daily(random, 'tests_performed');
    const testsTargeted = daily(targeted, 'tests_performed');
    const positivityRandom = daily(random, 'test_positivity');
    const positivityTargeted = daily(targeted, 'test_positivity');
    // The campaign screens as many people either way, and no test is made before it starts.
    expect(testsRandom[SCREENING_FROM - 1]).toBe(0);
    expect(testsTargeted[SCREENING_FROM]!).toBeCloseTo(testsRandom[SCREENING_FROM]!, 6);
    expect(positivityRandom[SCREENING_FROM]!).toBeGreaterThan(0);
    // With a share p infected, odds 5 raise the positive share by 5 / (1 + 4 p). Here p is below
    // 1 %, so the ratio lies between 5 / 1.04 and 5.
    const ratio = positivityTargeted[SCREENING_FROM]! / positivityRandom[SCREENING_FROM]!;
    expect(ratio).toBeGreaterThan(5 / 1.04);
    expect(ratio).toBeLessThanOrEqual(5 + 1e-9);
  });

  test('odds below 1 lower positivity', () => {
    const random = daily(campaignModel(1), 'test_positivity');
    const avoided = daily(campaignModel(0.2), 'test_positivity');
    expect(avoided[SCREENING_FROM]! / random[SCREENING_FROM]!).toBeCloseTo(0.2, 2);
  });

  test('caps screening at the residents', () => {
    // A million screening tests a day among 1,000 residents: each can take at most two a day (the
    // fastest service), so the campaign performs at most 2,000.
    const model = buildModel({ days: DAYS, populationPerCell: 1000, seedPerDay: 1, seedDays: 2, testsPerDay: 1e7, tracingPerDay: 0 });
    model.testing.backgroundDemandPerCapita.fill(0);
    model.testing.seekMildPerDay.fill(0);
    model.testing.seekSeverePerDay.fill(0);
    model.testing.screeningDemand.fill(1e6);
    const tests = daily(model, 'tests_performed');
    expect(tests[10]!).toBeGreaterThan(1900);
    for (let d = 0; d < DAYS; d++) expect(tests[d]!).toBeLessThanOrEqual(2000 + 1e-6);
  });

  test('caps the screening rate', () => {
    // 200,000 tests a day at odds 1,000 would screen every infected person many times a day. The
    // rate is capped at the fastest service, so no stock turns negative.
    const model = campaignModel(1000, 200_000);
    let lowest = 0;
    const positives = daily(model, 'test_positivity', (state, layout) => {
      for (let i = 0; i < layout.cellCount * STATE_COUNT; i++) lowest = Math.min(lowest, state[i]!);
    });
    expect(lowest).toBeGreaterThan(-1e-6);
    for (let d = SCREENING_FROM; d < DAYS; d++) expect(positives[d]!).toBeLessThanOrEqual(1);
  });
});
