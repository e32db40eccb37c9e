import { describe, expect, it } from 'vitest';
import {
  COMPARED_METRICS,
  renderComparison,
  type ComparisonInput,
  type ComparisonKpi,
  type ComparisonPlan,
  type ComparisonSpread,
  type QuantileRow,
} from '../../viz/index.js';

const DATES = ['2020-03-01', '2020-03-02', '2020-03-03'];

function spread(value: number): ComparisonSpread {
  return { mean: value, p5: value, p25: value, p50: value, p75: value, p95: value };
}

/** Builds flat national series of every compared metric, which the page's charts need. */
function flatSeries(): QuantileRow[] {
  return COMPARED_METRICS.flatMap((metric) =>
    DATES.map((date) => ({ date, region: 'KR', metric, mean: 1, p5: 1, p25: 1, p50: 1, p75: 1, p95: 1 })),
  );
}

/** Builds the national total cost KPI of a plan, in a deterministic run. */
function costKpi(cost: number, baseCost: number): ComparisonKpi {
  return {
    kpi: 'cost_total',
    label: 'Total cost',
    unit: 'KRW',
    better: 'lower',
    money: true,
    region: 'KR',
    value: spread(cost),
    difference: spread(cost - baseCost),
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
      perRun: spread(-321_290_247_222.8),
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
