import { describe, expect, test } from 'vitest';
import { METRIC_INDEX, createRunRandom, seriesOffset, simulate, type CompiledModel } from '../../engine/index.js';
import { buildModel } from './fixtures.js';

function metric(model: CompiledModel, series: Float64Array, name: keyof typeof METRIC_INDEX, r: number): Float64Array {
  const offset = seriesOffset(METRIC_INDEX[name], r, model.regionCount, model.dayCount);
  return series.subarray(offset, offset + model.dayCount);
}

describe('recordDay', () => {
  const model = buildModel({ regions: 2, bands: 2, days: 90, testsPerDay: 200, tracingPerDay: 20, seedPerDay: 50 });
  const { series } = simulate(model, 'deterministic', createRunRandom(1, 0));

  test('keeps shares and positivity within 0 and 1', () => {
    for (let r = 0; r <= model.regionCount; r++) {
      for (const name of ['test_positivity', 'confirmed_in_quarantine_share'] as const) {
        for (const value of metric(model, series, name, r)) {
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThanOrEqual(1);
        }
      }
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
