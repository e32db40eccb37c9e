import { describe, expect, it } from 'vitest';
import { costCaption, renderCostTables } from '../../viz/cost-table.js';
import type { SummaryRow } from '../../viz/index.js';

const REGIONS = [{ code: 'KR-11', name: 'Seoul' }];
const NATIONAL = { code: 'KR', name: 'National (KR)' };

function row(region: string, statistic: string, mean: number, spread = 0.1): SummaryRow {
  return { region, statistic, mean, p5: mean * (1 - spread), p25: mean, p50: mean, p75: mean, p95: mean * (1 + spread) };
}

function summary(spread = 0.1): SummaryRow[] {
  const levers: [string, number][] = [
    ['cost_testing_sites', 155e9],
    ['cost_tests', 194e9],
    ['cost_tracing', 73e9],
    ['cost_rtc_beds', 20e9],
    ['cost_ward_beds', 25e9],
    ['cost_icu_beds', 16e9],
    ['cost_relief', 14.2454e12],
    ['cost_grants', 0],
  ];
  const total = levers.reduce((sum, [, value]) => sum + value, 0);
  return ['KR', 'KR-11'].flatMap((region) => [
    ...levers.map(([statistic, value]) => row(region, statistic, value, spread)),
    row(region, 'cost_total', total, spread),
  ]);
}

describe('renderCostTables', () => {
  const html = renderCostTables({ summary: summary(), regions: REGIONS, national: NATIONAL, currency: { code: 'KRW', perUsd: 1180 } });

  it('lists every lever and the total', () => {
    for (const label of ['Testing sites', 'Tests', 'Tracing staff', 'Treatment centre beds', 'Ward beds', 'ICU beds', 'Relief payments', 'Grants to regions', 'Total']) {
      expect(html).toContain(`<th scope="row">${label}</th>`);
    }
  });

  it('gives the amount in the currency and in USD', () => {
    // 14.2454 trillion KRW at 1,180 KRW per USD is 12,072.4 million USD.
    expect(html).toContain('<span class="mean">14,245 billion</span>');
    expect(html).toContain('<span class="mean">12,072 million</span>');
    expect(html).toContain('<th scope="col">KRW</th><th scope="col">USD</th>');
  });

  it('writes levers with five or more digits', () => {
    expect(html).toContain('<span class="mean">194,000 million</span>');
    expect(html).toContain('<span class="mean">16,000 million</span>');
  });

  it('shows the 90 % interval of a stochastic run', () => {
    expect(html).toContain('(12,821 billion to 15,670 billion)');
  });

  it('writes a mean and interval in one scale', () => {
    const wide = renderCostTables({ summary: summary(0.5), regions: REGIONS, national: NATIONAL, currency: { code: 'KRW', perUsd: 1180 } });
    // ICU beds: 16 billion KRW, from 8 to 24 billion, which alone would read 8,000,000 thousand.
    expect(wide).toContain('<span class="mean">16,000 million</span> <span class="range">(8,000 million to 24,000 million)</span>');
    // In USD: 13.56 million, from 6.78 to 20.34 million, which alone would read 6,779,661.
    expect(wide).toContain('<span class="mean">13,559 thousand</span> <span class="range">(6,780 thousand to 20,339 thousand)</span>');
  });

  it('gives each lever its share of the total', () => {
    // 14.2454 of 14.7284 trillion.
    expect(html).toContain('<td>96.7 %</td>');
  });

  it('shows the mean alone without a spread', () => {
    const single = renderCostTables({ summary: summary(0), regions: REGIONS, national: NATIONAL, currency: { code: 'KRW', perUsd: 1180 } });
    expect(single).not.toContain('class="range"');
  });

  it('leaves out USD without a rate', () => {
    const local = renderCostTables({ summary: summary(), regions: REGIONS, national: NATIONAL, currency: { code: 'KRW', perUsd: null } });
    expect(local).not.toContain('USD');
  });

  it('lists the regions with the national row last', () => {
    expect(html.indexOf('<th scope="row">Seoul</th>')).toBeLessThan(html.indexOf('<tr class="national"><th scope="row">National (KR)</th>'));
  });
});

describe('costCaption', () => {
  it('states the exchange rate', () => {
    expect(costCaption({ code: 'KRW', perUsd: 1180 }, false)).toContain('fixed rate of 1,180 KRW per USD');
    expect(costCaption({ code: 'KRW', perUsd: null }, true)).toContain('no exchange rate');
  });

  it('states how money is rounded', () => {
    expect(costCaption({ code: 'KRW', perUsd: 1180 }, true)).toContain('whichever keeps at least five digits');
  });
});
