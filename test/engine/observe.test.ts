import { describe, expect, test } from 'vitest';
import {
  METRIC_INDEX, SUMMARY_INDEX, createRunRandom, seriesOffset, simulate, summarise, type CompiledModel,
} from '../../engine/index.js';
import { buildModel } from './fixtures.js';

function metric(model: CompiledModel, series: Float64Array, name: keyof typeof METRIC_INDEX, r: number): Float64Array {
  const offset = seriesOffset(METRIC_INDEX[name], r, model.regionCount, model.dayCount);
  return series.subarray(offset, offset + model.dayCount);
}

describe('recordDay', () => {
  const model = buildModel({ regions: 2, bands: 2, days: 90, testsPerDay: 200, tracingPerDay: 20, seedPerDay: 50 });
  const { series } = simulate(model, 'deterministic', createRunRandom(1, 0));

  test('bounds shares, empty without a count', () => {
    const counts = { test_positivity: 'tests_performed', confirmed_in_quarantine_share: 'confirmed_new' } as const;
    for (let r = 0; r <= model.regionCount; r++) {
      for (const [name, countName] of Object.entries(counts) as [keyof typeof counts, (typeof counts)[keyof typeof counts]][]) {
        const count = metric(model, series, countName, r);
        metric(model, series, name, r).forEach((value, day) => {
          // A count of a billionth of a person or less counts as no count, since output files write it as 0.
          if (count[day]! > 1e-9) {
            expect(value).toBeGreaterThanOrEqual(0);
            expect(value).toBeLessThanOrEqual(1);
          } else expect(value, `${name} on day ${day}`).toBeNaN();
        });
      }
    }
  });

  test('gives no wait for a test to a queue that no test serves', () => {
    const closed = buildModel({ regions: 1, days: 40, testsPerDay: 0, tracingPerDay: 20, seedPerDay: 50 });
    const run = simulate(closed, 'deterministic', createRunRandom(1, 0)).series;
    const backlog = metric(closed, run, 'tests_backlog', 0);
    const wait = metric(closed, run, 'test_wait_days', 0);
    expect(Math.max(...backlog)).toBeGreaterThan(10);
    backlog.forEach((queued, day) => (queued > 1e-9 ? expect(wait[day]).toBeNaN() : expect(wait[day]).toBe(0)));
    // Region slot 0 of two slots, the region and the nation.
    expect(summarise(run, closed.regionCount, closed.dayCount)[SUMMARY_INDEX.test_wait_mean_days * 2]).toBeNaN();
  });

  test('leaves the tracing backlog empty with tracing off', () => {
    const staffless = buildModel({ regions: 2, days: 40, testsPerDay: 200, tracingPerDay: 0, seedPerDay: 50 });
    const switchedOff: CompiledModel = { ...staffless, tracing: { ...staffless.tracing, enabled: false } };
    const waiting = simulate(staffless, 'deterministic', createRunRandom(1, 0)).series;
    const off = simulate(switchedOff, 'deterministic', createRunRandom(1, 0)).series;
    for (let r = 0; r <= staffless.regionCount; r++) {
      // Without tracers every confirmed case waits, so the backlog shows that tracing lags.
      expect(Math.max(...metric(staffless, waiting, 'tracing_backlog', r))).toBeGreaterThan(10);
      expect(metric(switchedOff, off, 'tracing_backlog', r).every(Number.isNaN), `region ${r}`).toBe(true);
      expect(metric(switchedOff, off, 'confirmed_cum', r)).toEqual(metric(staffless, waiting, 'confirmed_cum', r));
    }
  });

  test('reports the quarantined share of confirmed cases', () => {
    // Tracing finds contacts, so some days confirm people who were already quarantined.
    const share = metric(model, series, 'confirmed_in_quarantine_share', 0);
    expect(Math.max(...share)).toBeGreaterThan(0.05);
  });

  test('never lets cumulative confirmed cases fall', () => {
    for (let r = 0; r <= model.regionCount; r++) {
      const cumulative = metric(model, series, 'confirmed_cum', r);
      for (let d = 1; d < model.dayCount; d++) expect(cumulative[d]!).toBeGreaterThanOrEqual(cumulative[d - 1]!);
    }
  });
});
