/**
 * A synthetic comparison for the viz tests, with made-up national KPIs of a deterministic or stochastic run and the
 * flat series that the page's charts need. The base's figures are those of the fitted Korea run in deterministic mode.
 */
import {
  COMPARED_METRICS,
  type ComparisonInput,
  type ComparisonKpi,
  type ComparisonPlan,
  type ComparisonSpread,
  type QuantileRow,
} from '../../viz/index.js';

const DATES = ['2020-03-01', '2020-03-02', '2020-03-03'];

/** Spreads a value over runs, as one value in a deterministic run and 10 % either side of it in a stochastic one. */
export function spread(value: number, stochastic: boolean): ComparisonSpread {
  const low = stochastic ? 0.9 * value : value;
  const high = stochastic ? 1.1 * value : value;
  return { mean: value, p5: low, p25: value, p50: value, p75: value, p95: high };
}

/** Builds flat national series of every compared metric, which the page's charts need. */
export function flatSeries(): QuantileRow[] {
  return COMPARED_METRICS.flatMap((metric) =>
    DATES.map((date) => ({ date, region: 'KR', metric, mean: 1, p5: 1, p25: 1, p50: 1, p75: 1, p95: 1 })),
  );
}

/** The KPIs of the synthetic plans: name, label, unit and the base's value. */
const KPIS = [
  { kpi: 'deaths', label: 'Deaths', unit: 'persons', base: 265 },
  { kpi: 'icu_days_over_capacity', label: 'Days over ICU capacity', unit: 'days', base: 14 },
  { kpi: 'test_backlog_max', label: 'Maximum test backlog', unit: 'persons', base: 7473 },
  { kpi: 'test_wait_mean', label: 'Mean wait for a test', unit: 'days', base: 0.55 },
] as const;

function plan(name: string, scale: number, stochastic: boolean): ComparisonPlan {
  const kpis: ComparisonKpi[] = KPIS.map(({ kpi, label, unit, base }) => {
    const value = scale * base;
    return {
      kpi,
      label,
      unit,
      better: 'lower',
      region: 'KR',
      value: spread(value, stochastic),
      difference: spread(value - base, stochastic),
      probabilityBetter: value < base ? 1 : 0,
      differences: [value - base],
    };
  });
  return { name, hash: name, series: flatSeries(), kpis };
}

/**
 * Builds a comparison without an economy of a base and `planCount` plans, each plan's KPIs a few percent above
 * the previous one's.
 */
export function syntheticComparison(planCount: number, mode: 'deterministic' | 'stochastic'): ComparisonInput {
  const stochastic = mode === 'stochastic';
  const plans = [plan('base', 1, stochastic)];
  for (let i = 1; i <= planCount; i++) plans.push(plan(`Plan ${i} with a name of some length`, 1 + 0.03 * i, stochastic));
  return {
    engineVersion: '0.1.0',
    mode,
    runs: stochastic ? 100 : 1,
    seed: 1,
    nationalCode: 'KR',
    regions: [{ code: 'KR-11', name: 'Seoul' }],
    plans,
  };
}
