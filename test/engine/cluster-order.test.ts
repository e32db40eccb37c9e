import { describe, expect, test } from 'vitest';
import { METRIC_INDEX, createRunRandom, seriesOffset, simulate, type CompiledModel } from '../../engine/index.js';
import { buildModel } from './fixtures.js';

const DAY_FOUND = 30;

/**
 * Builds one region with a large epidemic, ample tests and no case-by-case tracing, so that every
 * infected contact quarantined comes from a cluster of 1,000 members, 30 % infected, 100 reached a day.
 */
function clusterModel(infectedFirstOdds: number): CompiledModel {
  const model = buildModel({
    regions: 1,
    bands: 2,
    days: 60,
    populationPerCell: 1_000_000,
    seedPerDay: 200,
    seedDays: 20,
    testsPerDay: 1e6,
    tracingPerDay: 0,
  });
  model.tracing.clusters = [
    { region: 0, dayFound: DAY_FOUND, linkedPersons: 1000, infectedFraction: 0.3, investigationPerDay: 100, infectedFirstOdds },
  ];
  return model;
}

function foundPerDay(model: CompiledModel): Float64Array {
  const { series } = simulate(model, 'deterministic', createRunRandom('cluster order', 0));
  const offset = seriesOffset(METRIC_INDEX.infected_contacts_quarantined, 0, model.regionCount, model.dayCount);
  return series.subarray(offset, offset + model.dayCount);
}

describe('cluster investigation order', () => {
  const random = foundPerDay(clusterModel(1));
  const infectedFirst = foundPerDay(clusterModel(6));

  test('finds nobody before the cluster is found', () => {
    for (let d = 0; d < DAY_FOUND; d++) expect(infectedFirst[d]).toBe(0);
  });

  test('odds of 6 find infected members faster at first', () => {
    // On the first day 100 members are reached: 30 infected in random order, and
    // 100 x 6 x 0.3 / (6 x 0.3 + 0.7) = 72 when the infected come first. Both fall within the
    // day as the infected members are used up, the faster one more.
    expect(random[DAY_FOUND]!).toBeGreaterThan(27);
    expect(random[DAY_FOUND]!).toBeLessThan(30.5);
    expect(infectedFirst[DAY_FOUND]!).toBeGreaterThan(60);
    expect(infectedFirst[DAY_FOUND]!).toBeLessThan(72.5);
  });

  test('finds the same infected members in the end', () => {
    const total = (found: Float64Array) => found.reduce((sum, x) => sum + x, 0);
    expect(total(infectedFirst)).toBeGreaterThan(290);
    expect(total(infectedFirst)).toBeLessThanOrEqual(300 + 1e-6);
    expect(total(random)).toBeGreaterThan(290);
    expect(total(random)).toBeLessThanOrEqual(300 + 1e-6);
  });
});
