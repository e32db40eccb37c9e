import { describe, expect, it } from 'vitest';
import { buildSummaryDocument, formatSummaryJson } from '../../cli/summary-json.js';
import { summaryLength } from '../../cli/tables.js';
import { SUMMARY_INDEX, type SummaryStatistic } from '../../engine/index.js';
import type { Distribution } from '../../workers/index.js';

const layout = {
  regions: [
    { code: 'KR-11', name: 'Seoul' },
    { code: 'KR-27', name: 'Daegu' },
  ],
  nationalCode: 'KR',
  dates: ['2020-03-01', '2020-03-02', '2020-03-03', '2020-03-04'],
};
const regionSlots = 3;

const provenance = {
  scenario: { name: 'two-regions', file: 'two-regions.json', hash: 'abc123' },
  engineVersion: '0.1.0',
  mode: 'stochastic' as const,
  runs: 20,
  seed: 7,
};

/** Builds a distribution that is zero except for the given statistic of one region. */
function distributionWith(statistic: SummaryStatistic, region: number, values: Record<string, number>): Distribution {
  const length = summaryLength(layout);
  const field = (name: string) => {
    const array = new Float64Array(length);
    array[SUMMARY_INDEX[statistic] * regionSlots + region] = values[name] ?? 0;
    return array;
  };
  return { runs: 20, mean: field('mean'), p5: field('p5'), p25: field('p25'), p50: field('p50'), p75: field('p75'), p95: field('p95') };
}

describe('buildSummaryDocument', () => {
  it('lists the national total first with its name', () => {
    const document = buildSummaryDocument(provenance, distributionWith('deaths_total', 0, {}), layout, 'National total');
    expect(document.regions.map((region) => [region.code, region.name])).toEqual([
      ['KR', 'National total'],
      ['KR-11', 'Seoul'],
      ['KR-27', 'Daegu'],
    ]);
  });

  it('places each statistic under its region', () => {
    const distribution = distributionWith('deaths_total', 1, { mean: 12.3456789, p50: 12, p95: 30 });
    const document = buildSummaryDocument(provenance, distribution, layout, 'National total');
    const daegu = document.regions[2]!;
    expect(daegu.totals.deaths).toEqual({ mean: 12.3457, p5: 0, p25: 0, p50: 12, p75: 0, p95: 30 });
    expect(document.regions[1]!.totals.deaths.mean).toBe(0);
  });

  it('turns peak day quantiles into dates', () => {
    const distribution = distributionWith('icu_peak_day', 2, { mean: 1.4, p5: 0.2, p25: 1, p50: 1.5, p75: 2.6, p95: 9 });
    const document = buildSummaryDocument(provenance, distribution, layout, 'National total');
    expect(document.regions[0]!.peakOccupancy.icu.date).toEqual({
      mean: '2020-03-02',
      p5: '2020-03-01',
      p25: '2020-03-02',
      p50: '2020-03-03',
      p75: '2020-03-04',
      // Past the horizon: clamped to the last date.
      p95: '2020-03-04',
    });
  });

  it('records provenance but not the worker count', () => {
    const document = buildSummaryDocument(provenance, distributionWith('deaths_total', 0, {}), layout, 'National total');
    expect(document).toMatchObject({ ...provenance, startDate: '2020-03-01', endDate: '2020-03-04' });
    expect(formatSummaryJson(document)).not.toMatch(/worker/i);
  });

  it('places the economy figures and the currency', () => {
    const distribution = distributionWith('cost_icu_beds', 2, { mean: 5e9, p50: 4e9 });
    const currency = { code: 'KRW', perUsd: 1180 };
    const document = buildSummaryDocument(provenance, distribution, layout, 'National total', currency);
    expect(document.currency).toEqual(currency);
    expect(document.regions[0]!.economy.costByLever.icuBeds.p50).toBe(4e9);
    expect(document.regions[0]!.economy.costByLever.wardBeds.p50).toBe(0);
    expect(Object.keys(document.regions[0]!.economy.costByLever)).toEqual([
      'testingSites', 'tests', 'tracing', 'rtcBeds', 'wardBeds', 'icuBeds', 'relief', 'grants',
    ]);
  });

  it('writes costs in whole currency units', () => {
    const distribution = distributionWith('cost_total', 2, { mean: 14_755_101_623_777.4, p95: 14_755_101_623_777.6 });
    const document = buildSummaryDocument(provenance, distribution, layout, 'National total');
    expect(document.regions[0]!.economy.costTotal.mean).toBe(14_755_101_623_777);
    expect(document.regions[0]!.economy.costTotal.p95).toBe(14_755_101_623_778);
    expect(formatSummaryJson(document)).toContain('"mean": 14755101623777,');
  });

  it('writes no currency without an economy', () => {
    const document = buildSummaryDocument(provenance, distributionWith('deaths_total', 0, {}), layout, 'National total');
    expect(document.currency).toBeNull();
  });
});
