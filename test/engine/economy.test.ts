import { describe, expect, it } from 'vitest';

import {
  createRunRandom,
  METRIC_INDEX,
  METRICS,
  seriesOffset,
  simulate,
  SUMMARY_INDEX,
  SUMMARY_STATISTICS,
  type RunMode,
  type RunResult,
} from '../../engine/index.js';
import { compileScenario, parameterStreams } from '../../scenarios/index.js';
import { economyDocument } from '../scenarios/economy-fixture.js';
import { validOrThrow } from '../scenarios/fixtures.js';

const SEED = 11;

/** Runs a document once: deterministic from central values, or stochastic run `run` with its own parameter draws. */
function run(document: Record<string, any>, mode: RunMode, runIndex = 0): RunResult & { regionCount: number; dayCount: number } {
  const scenario = validOrThrow(document);
  const model =
    mode === 'deterministic'
      ? compileScenario(scenario, { sampling: 'central' })
      : compileScenario(scenario, { sampling: 'sampled', streamFor: parameterStreams(SEED, runIndex) });
  return { ...simulate(model, mode, createRunRandom(SEED, runIndex)), regionCount: model.regionCount, dayCount: model.dayCount };
}

function withoutPayments(): Record<string, any> {
  const document = economyDocument();
  document.economy.relief.payments = [];
  return document;
}

/** The metrics that describe the epidemic and the response, before the economy metrics. */
const EPIDEMIC_METRICS = METRICS.slice(0, METRIC_INDEX.distancing_intensity);

/** Returns one metric's series, national at r = regionCount. */
function metric(result: ReturnType<typeof run>, name: (typeof METRICS)[number], r: number): Float64Array {
  const offset = seriesOffset(METRIC_INDEX[name], r, result.regionCount, result.dayCount);
  return result.series.subarray(offset, offset + result.dayCount);
}

/** Lists the metrics, regions and days at which two runs differ, by `Object.is`, so NaN equals NaN. */
function differences(a: ReturnType<typeof run>, b: ReturnType<typeof run>, names: readonly (typeof METRICS)[number][]): string[] {
  const found: string[] = [];
  for (const name of names) {
    for (let r = 0; r <= a.regionCount; r++) {
      const left = metric(a, name, r);
      const right = metric(b, name, r);
      for (let d = 0; d < a.dayCount; d++) if (!Object.is(left[d], right[d])) found.push(`${name} region ${r} day ${d}`);
    }
  }
  return found;
}

function summaryOf(result: ReturnType<typeof run>, name: (typeof SUMMARY_STATISTICS)[number]): number {
  return result.summary[SUMMARY_INDEX[name] * (result.regionCount + 1) + result.regionCount]!;
}

describe('relief in the engine', () => {
  it.each(['deterministic', 'stochastic'] as const)('all-zero payment changes nothing (%s)', (mode) => {
    const zero = economyDocument();
    zero.economy.relief.payments[0].amountPerHouseholdBySize = [0, 0, 0, 0];
    const a = run(withoutPayments(), mode);
    const b = run(zero, mode);
    expect(differences(a, b, METRICS).slice(0, 5)).toEqual([]);
    expect(Buffer.from(b.series.buffer).equals(Buffer.from(a.series.buffer))).toBe(true);
    expect(Buffer.from(b.summary.buffer).equals(Buffer.from(a.summary.buffer))).toBe(true);
  });

  it.each(['deterministic', 'stochastic'] as const)('compliance effect off changes no epidemic metric (%s)', (mode) => {
    const off = economyDocument();
    off.economy.relief.complianceEffect.enabled = false;
    const paid = run(off, mode);
    const unpaid = run(withoutPayments(), mode);
    expect(differences(paid, unpaid, EPIDEMIC_METRICS).slice(0, 5)).toEqual([]);
    // The payment itself shows in the economy metrics.
    expect(summaryOf(paid, 'cost_relief')).toBeGreaterThan(0);
  });

  it('lowers infections with the compliance effect on', () => {
    const off = economyDocument();
    off.economy.relief.complianceEffect.enabled = false;
    const withEffect = summaryOf(run(economyDocument(), 'deterministic'), 'infections_total');
    const withoutEffect = summaryOf(run(off, 'deterministic'), 'infections_total');
    expect(withEffect).toBeLessThan(withoutEffect);
  });

  it('lowers infections with the compliance effect on in stochastic runs', () => {
    // Low compliance and support from the start make the effect large against the noise of single runs.
    const strong = economyDocument();
    const off = economyDocument();
    for (const document of [strong, off]) {
      document.tracing.quarantineCompliance = 0.3;
      document.tracing.isolationCompliance = 0.3;
      const payment = document.economy.relief.payments[0];
      Object.assign(payment, { from: '2020-02-01', to: '2020-02-03', spendingDays: 3650 });
      delete payment.uptake;
      delete payment.expires;
    }
    strong.economy.relief.complianceEffect.leakageReductionFraction = 1;
    off.economy.relief.complianceEffect.enabled = false;
    let withEffect = 0;
    let withoutEffect = 0;
    for (let index = 0; index < 8; index++) {
      withEffect += summaryOf(run(strong, 'stochastic', index), 'infections_total');
      withoutEffect += summaryOf(run(off, 'stochastic', index), 'infections_total');
    }
    expect(withEffect).toBeLessThan(withoutEffect);
  });

  it('lowers the income ratio with a universal payment', () => {
    const result = run(economyDocument(), 'deterministic');
    const nation = result.regionCount;
    const day = 41; // 2020-03-13, after half the households are paid.
    expect(metric(result, 'income_quintile_ratio', nation)[day]!).toBeLessThan(metric(result, 'income_quintile_ratio_no_relief', nation)[day]!);
    expect(summaryOf(result, 'income_quintile_ratio')).toBeLessThan(summaryOf(result, 'income_quintile_ratio_no_relief'));
    const unpaid = run(withoutPayments(), 'deterministic');
    // Without payments both ratios come from the same incomes, summed in a different order.
    const ratio = summaryOf(unpaid, 'income_quintile_ratio') / summaryOf(unpaid, 'income_quintile_ratio_no_relief');
    expect(ratio).toBeCloseTo(1, 12);
  });
});

describe('costs in the engine', () => {
  it('doubles the cost and nothing else when every unit cost doubles', () => {
    const base = withoutPayments();
    const doubled = withoutPayments();
    const costs = doubled.economy.costs;
    for (const kind of Object.keys(costs.testingSitePerDay)) costs.testingSitePerDay[kind] *= 2;
    for (const tier of Object.keys(costs.occupiedBedPerDay)) costs.occupiedBedPerDay[tier] *= 2;
    for (const key of ['perTest', 'perTracerPerDay', 'rtcBedOpenPerDay', 'vaccinationTransportPerPerson']) costs[key] *= 2;
    const a = run(base, 'deterministic');
    const b = run(doubled, 'deterministic');

    const others = METRICS.filter((name) => name !== 'cost_cum');
    expect(differences(a, b, others).slice(0, 5)).toEqual([]);
    for (let r = 0; r <= a.regionCount; r++) {
      const single = metric(a, 'cost_cum', r);
      const double = metric(b, 'cost_cum', r);
      // Doubling is exact in binary floating point, and so is every sum of doubled terms.
      for (let d = 0; d < a.dayCount; d++) expect(double[d]).toBe(2 * single[d]!);
    }
    expect(summaryOf(a, 'cost_total')).toBeGreaterThan(0);
    for (const name of SUMMARY_STATISTICS) {
      const expected = name.startsWith('cost_') ? 2 * summaryOf(a, name) : summaryOf(a, name);
      expect(Object.is(summaryOf(b, name), expected), name).toBe(true);
    }
  });

  it('sums the levers to the last day of cost_cum', () => {
    const result = run(economyDocument(), 'deterministic');
    const nation = result.regionCount;
    const last = metric(result, 'cost_cum', nation)[result.dayCount - 1]!;
    const levers = SUMMARY_STATISTICS.filter((name) => name.startsWith('cost_') && name !== 'cost_total');
    const sum = levers.reduce((total, name) => total + summaryOf(result, name), 0);
    // The two totals add the same terms in a different order; 1e-12 of the total covers the rounding.
    expect(Math.abs(sum - last) / last).toBeLessThan(1e-12);
    expect(Math.abs(summaryOf(result, 'cost_total') - last) / last).toBeLessThan(1e-12);
    expect(summaryOf(result, 'cost_relief')).toBeCloseTo(16_000_000, 3);
  });

  it('prices tests and beds from the run', () => {
    const result = run(withoutPayments(), 'deterministic');
    const nation = result.regionCount;
    const tests = metric(result, 'tests_performed', nation).reduce((sum, value) => sum + value, 0);
    expect(summaryOf(result, 'cost_tests')).toBeCloseTo(50 * tests, 3);
    const icu = metric(result, 'icu_occupied', nation).reduce((sum, value) => sum + value, 0);
    expect(summaryOf(result, 'cost_icu_beds')).toBeCloseTo(3000 * icu, 3);
  });
});

describe('economy metrics', () => {
  it('weights national incomes by households', () => {
    const result = run(economyDocument(), 'deterministic');
    // Both regions have the same incomes and distancing, so the national mean equals each region's.
    for (let d = 0; d < result.dayCount; d += 10) {
      expect(metric(result, 'income_q1', 2)[d]).toBeCloseTo(metric(result, 'income_q1', 0)[d]!, 6);
    }
  });

  it('writes no income without an economy group', () => {
    const document = economyDocument();
    delete document.economy;
    const result = run(document, 'deterministic');
    expect(metric(result, 'income_q3', 0)[0]).toBeNaN();
    expect(metric(result, 'cost_cum', 2)[result.dayCount - 1]).toBe(0);
    expect(metric(result, 'distancing_intensity', 2)[40]).toBeCloseTo(0.45, 12);
  });
});
