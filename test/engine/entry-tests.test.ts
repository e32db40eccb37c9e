import { describe, expect, test } from 'vitest';
import {
  METRIC_INDEX, createRunRandom, seriesOffset, simulate, type CompiledModel, type RunMode,
} from '../../engine/index.js';
import { buildModel } from './fixtures.js';

/**
 * Builds a two-region epidemic with ample tests and tracing. Who takes an entry test then changes the
 * test counts and, for infected contacts, who is confirmed, but never the service anyone else gets.
 */
function tracedModel(uninfectedShare: number, infectedShare: number): CompiledModel {
  return buildModel({
    regions: 2,
    bands: 2,
    days: 90,
    populationPerCell: 200_000,
    transmissionPerContact: 0.05,
    seedPerDay: 40,
    seedDays: 10,
    testsPerDay: 1e6,
    tracingPerDay: 1e5,
    entryTestedUninfected: uninfectedShare,
    entryTestedInfected: infectedShare,
  });
}

function total(model: CompiledModel, series: Float64Array, metric: keyof typeof METRIC_INDEX): number {
  let sum = 0;
  for (let r = 0; r < model.regionCount; r++) {
    const offset = seriesOffset(METRIC_INDEX[metric], r, model.regionCount, model.dayCount);
    for (let d = 0; d < model.dayCount; d++) sum += series[offset + d]!;
  }
  return sum;
}

function run(model: CompiledModel, mode: RunMode = 'deterministic') {
  return simulate(model, mode, createRunRandom('entry tests', 0)).series;
}

describe('entry tests of traced contacts', () => {
  const all = tracedModel(1, 1);
  const allSeries = run(all);

  test('entry tests for a quarter of uninfected contacts', () => {
    const quarter = tracedModel(0.25, 1);
    const quarterSeries = run(quarter);
    const traced = total(all, allSeries, 'cases_traced');
    expect(traced).toBeGreaterThan(500);
    // Tests are ample, so the epidemic is the same and only the uninfected contacts' tests differ.
    expect(total(quarter, quarterSeries, 'infections_new')).toBeCloseTo(total(all, allSeries, 'infections_new'), 3);
    expect(total(quarter, quarterSeries, 'cases_traced')).toBeCloseTo(traced, 3);
    expect(total(quarter, quarterSeries, 'contacts_quarantined')).toBeCloseTo(total(all, allSeries, 'contacts_quarantined'), 3);
    // Cases confirmed in quarantine have fewer contacts, so the count of uninfected contacts is taken
    // from the run rather than from 10 per traced case.
    const uninfected = total(all, allSeries, 'contacts_quarantined') - total(all, allSeries, 'infected_contacts_quarantined');
    expect(uninfected).toBeGreaterThan(0.3 * 10 * traced);
    expect(uninfected).toBeLessThan(10 * traced);
    const dropped = total(all, allSeries, 'tests_demanded') - total(quarter, quarterSeries, 'tests_demanded');
    expect(dropped / (0.75 * uninfected)).toBeCloseTo(1, 6);
  });

  test('untested infected contacts, fewer confirmed', () => {
    const shares = [1, 0.5, 0];
    const infections: number[] = [];
    const confirmedShare: number[] = [];
    const infectedQuarantined: number[] = [];
    for (const share of shares) {
      const model = tracedModel(1, share);
      const series = share === 1 ? allSeries : run(model);
      infections.push(total(model, series, 'infections_new'));
      confirmedShare.push(total(model, series, 'confirmed_new') / total(model, series, 'infections_new'));
      infectedQuarantined.push(total(model, series, 'infected_contacts_quarantined'));
    }
    // Pre-symptomatic and asymptomatic contacts now wait for onset or the retest, so fewer are
    // confirmed and, isolated later, they infect more.
    expect(confirmedShare[1]!).toBeLessThan(confirmedShare[0]!);
    expect(confirmedShare[2]!).toBeLessThan(confirmedShare[1]!);
    expect(infections[1]!).toBeGreaterThan(infections[0]!);
    expect(infections[2]!).toBeGreaterThan(infections[1]!);
    // They are still found and quarantined, because tracing itself does not change.
    for (const count of infectedQuarantined) expect(count).toBeGreaterThan(0.9 * infectedQuarantined[0]!);
  });

  test('stochastic quarantine and test shares', () => {
    const runs = 30;
    const mean = (uninfectedShare: number) => {
      const model = tracedModel(uninfectedShare, 0.5);
      const sums = { traced: 0, uninfectedQuarantined: 0, demanded: 0 };
      for (let k = 0; k < runs; k++) {
        const series = simulate(model, 'stochastic', createRunRandom('entry tests', k)).series;
        sums.traced += total(model, series, 'cases_traced') / runs;
        sums.uninfectedQuarantined +=
          (total(model, series, 'contacts_quarantined') - total(model, series, 'infected_contacts_quarantined')) / runs;
        sums.demanded += total(model, series, 'tests_demanded') / runs;
      }
      return sums;
    };
    const quarter = mean(0.25);
    const all = mean(1);
    // The draws give each traced case as many uninfected contacts as the mean-field equations do.
    const model = tracedModel(1, 0.5);
    const series = run(model);
    const perCase =
      (total(model, series, 'contacts_quarantined') - total(model, series, 'infected_contacts_quarantined')) /
      total(model, series, 'cases_traced');
    expect(quarter.uninfectedQuarantined / quarter.traced / perCase).toBeCloseTo(1, 1);
    expect(all.uninfectedQuarantined / all.traced / perCase).toBeCloseTo(1, 1);
    // The uninfected contacts do not change the epidemic when tests are ample, so on average the
    // demand falls by three quarters of their count.
    const dropped = all.demanded - quarter.demanded;
    expect(dropped / (0.75 * all.uninfectedQuarantined)).toBeGreaterThan(0.8);
    expect(dropped / (0.75 * all.uninfectedQuarantined)).toBeLessThan(1.2);
  });
});
