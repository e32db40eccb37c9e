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

/** Builds one national KPI of a deterministic run. */
function nationalKpi(kpi: string, label: string, unit: string, value: number, baseValue: number): ComparisonKpi {
  return {
    kpi,
    label,
    unit,
    better: 'lower',
    region: 'KR',
    value: spread(value),
    difference: spread(value - baseValue),
    probabilityBetter: value < baseValue ? 1 : 0,
    differences: [value - baseValue],
  };
}

function plan(name: string, days: number, backlog: number): ComparisonPlan {
  return {
    name,
    hash: name,
    series: flatSeries(),
    kpis: [
      nationalKpi('icu_days_over_capacity', 'Days over ICU capacity', 'days', days, 14),
      nationalKpi('test_backlog_max', 'Largest test backlog', 'persons', backlog, 7473),
    ],
  };
}

/** Builds a deterministic comparison without an economy, with the figures of the fitted Korea run. */
function comparison(): ComparisonInput {
  return {
    engineVersion: '0.1.0',
    mode: 'deterministic',
    runs: 1,
    seed: 1,
    nationalCode: 'KR',
    regions: [{ code: 'KR-11', name: 'Seoul' }],
    plans: [plan('base', 14, 7473), plan('no transfers', 15, 7473)],
  };
}

/** Returns the KPI section of a comparison page. */
function kpiSection(html: string): string {
  return html.split('<section id="kpis">')[1]!.split('</section>')[0]!;
}

describe('comparison KPI section', () => {
  const section = kpiSection(renderComparison(comparison()));

  it('explains national days over capacity', () => {
    expect(section).toContain('Nationally, a day counts when any region is over capacity');
    expect(section).toContain('far below national capacity');
  });

  it('explains the test backlog', () => {
    expect(section).toContain('a large backlog is not a shortage in itself');
    expect(section).toContain('testing.shortestWaitDays');
    expect(section).toContain('The mean wait for a test shows a shortage');
  });
});
