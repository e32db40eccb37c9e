import { describe, expect, it } from 'vitest';
import { renderComparison, type ComparisonInput, type ComparisonKpi, type ComparisonPlan } from '../../viz/index.js';
import { flatSeries, spread } from './compare-fixture.js';

/** Builds the national total cost KPI of a plan, in a deterministic run. */
function costKpi(cost: number, baseCost: number): ComparisonKpi {
  return {
    kpi: 'cost_total',
    label: 'Total cost',
    unit: 'KRW',
    better: 'lower',
    money: true,
    region: 'KR',
    value: spread(cost, false),
    difference: spread(cost - baseCost, false),
    probabilityBetter: cost < baseCost ? 1 : 0,
    differences: [cost - baseCost],
  };
}

function plan(name: string, cost: number, baseCost: number): ComparisonPlan {
  return {
    name,
    hash: name,
    series: flatSeries(),
    kpis: [costKpi(cost, baseCost)],
    costPerDeathAverted: {
      unit: 'KRW per death',
      ratioOfMeans: -321_290_247_222.8,
      perRun: spread(-321_290_247_222.8, false),
      noDeathsAvertedShare: 0,
    },
  };
}

/** Builds a deterministic comparison of the Korea base with a plan that costs 0.01 % more. */
function closePlans(): ComparisonInput {
  const baseCost = 14_755_101_623_777.18;
  const dearer = 14_756_586_895_090.44;
  return {
    engineVersion: '0.1.0',
    mode: 'deterministic',
    runs: 1,
    seed: 1,
    nationalCode: 'KR',
    regions: [{ code: 'KR-11', name: 'Seoul' }],
    currency: { code: 'KRW', perUsd: 1180 },
    plans: [plan('base', baseCost, baseCost), plan('dearer tests', dearer, baseCost)],
  };
}

/** Builds a stochastic comparison whose cost cells span amounts from millions to tens of billions. */
function spreadPlans(): ComparisonInput {
  const base: ComparisonPlan = plan('base', 0, 0);
  base.kpis = [{ ...costKpi(0, 0), value: { ...spread(13_229e6, false), p5: 9_599_309e3, p95: 14_928e6 } }];
  const dearer: ComparisonPlan = plan('dearer tests', 0, 0);
  dearer.kpis = [
    {
      ...costKpi(0, 0),
      value: { ...spread(13_234e6, false), p5: 9_601_000e3, p95: 14_951e6 },
      difference: { ...spread(5_040_000, false), p5: -1_888_000, p95: 23_664e3 },
      differences: [-1_888_000, 5_040_000, 23_664e3],
    },
  ];
  dearer.costPerDeathAverted = {
    unit: 'KRW per death',
    ratioOfMeans: -5_066_493e3,
    perRun: { ...spread(-5_066_493e3, false), p5: -11_859e6, p95: -3_929_523e3 },
    noDeathsAvertedShare: 0,
  };
  return { ...closePlans(), mode: 'stochastic', runs: 3, plans: [base, dearer] };
}

/** Returns the text of the KPI table of a comparison page. */
function kpiTable(html: string): string {
  return html.split('<table class="summary">')[1]!.split('</table>')[0]!;
}

/** Returns the spec of the difference chart of a comparison page. */
function differenceSpec(html: string): { config: Record<string, unknown>; data: { values: Record<string, unknown>[] } } {
  const match = html.match(/<script type="application\/json" id="spec-differences">(.*?)<\/script>/s);
  if (match === null) throw new Error('no difference chart in the page');
  return JSON.parse(match[1]!);
}

describe('comparison money', () => {
  const html = renderComparison(closePlans());

  it('tells apart plans 0.01 % apart', () => {
    const table = kpiTable(html);
    expect(table).toContain('<td>14,755 billion</td>');
    expect(table).toContain('<td class="group-start">14,757 billion</td>');
  });

  it('writes the difference whole', () => {
    expect(kpiTable(html)).toContain('<td>1,485,271 thousand</td>');
  });

  it('shows no range of one run', () => {
    const table = kpiTable(html);
    expect(table).toContain('-321,290 million');
    expect(table).not.toContain('-321,290 million to -321,290 million');
  });

  it('charts differences in whole units', () => {
    const spec = differenceSpec(html);
    const money = spec.data.values.filter((row) => String(row.kpi).startsWith('Total cost'));
    expect(money.map((row) => row.kpi)).toEqual(['Total cost (thousand KRW)']);
    expect(money.map((row) => row.difference)).toEqual([1_485_271]);
    expect(spec.config.tooltipFormat).toEqual({ numberFormat: ',~f' });
  });

  it('states how money is rounded', () => {
    expect(html).toContain('whichever keeps at least five digits');
  });
});

describe('comparison money intervals', () => {
  const table = kpiTable(renderComparison(spreadPlans()));

  it('writes a value and interval in one scale', () => {
    expect(table).toContain('<td>13,229 million<span class="range">9,599 million to 14,928 million</span></td>');
  });

  it('writes a difference and interval in one scale', () => {
    expect(table).toContain('<td>5,040 thousand<span class="range">-1,888 thousand to 23,664 thousand</span></td>');
  });

  it('writes cost per death in one scale', () => {
    expect(table).toContain('-5,066 million<span class="range">-11,859 million to -3,930 million</span>');
  });

  it('shows no range that reads as one amount', () => {
    const input = spreadPlans();
    input.plans[1]!.kpis[0]!.difference = { ...spread(-14_245.4e9, false), p5: -14_245.45e9, p95: -14_245.35e9 };
    const cells = kpiTable(renderComparison(input));
    expect(cells).toContain('<td>-14,245 billion</td>');
    expect(cells).not.toContain('-14,245 billion to -14,245 billion');
  });

  it('mixes no scales in a cell', () => {
    for (const cell of table.match(/<td[^>]*>.*?<\/td>/g) ?? []) {
      const words = new Set(cell.match(/thousand|million|billion|trillion/g) ?? []);
      expect(words.size, cell).toBeLessThanOrEqual(1);
    }
  });
});
