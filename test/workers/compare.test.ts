import { describe, expect, it } from 'vitest';
import { SUMMARY_INDEX, SUMMARY_STATISTICS } from '../../engine/index.js';
import { COMPARISON_KPIS, comparePlan, kpiValue, spreadOf } from '../../workers/index.js';

const REGION_SLOTS = 2;

/** Builds one run's summary array with every statistic of every slot set to `fill`, then the overrides. */
function summary(fill: number, overrides: Partial<Record<(typeof SUMMARY_STATISTICS)[number], number>> = {}): Float64Array {
  const values = new Float64Array(SUMMARY_STATISTICS.length * REGION_SLOTS).fill(fill);
  for (const [name, value] of Object.entries(overrides)) {
    const statistic = SUMMARY_INDEX[name as keyof typeof SUMMARY_INDEX];
    for (let slot = 0; slot < REGION_SLOTS; slot++) values[statistic * REGION_SLOTS + slot] = value;
  }
  return values;
}

function rowOf(rows: ReturnType<typeof comparePlan>, kpi: string, slot = REGION_SLOTS - 1) {
  const row = rows.find((entry) => entry.kpi.name === kpi && entry.regionSlot === slot);
  if (row === undefined) throw new Error(`no row for ${kpi} in slot ${slot}`);
  return row;
}

describe('comparePlan', () => {
  it('gives zero difference for the same runs', () => {
    const runs = [summary(3), summary(5), summary(8)];
    for (const row of comparePlan(runs, runs, REGION_SLOTS)) {
      expect(Array.from(row.differences)).toEqual([0, 0, 0]);
      if (row.kpi.better !== 'none') expect(row.probabilityBetter).toBe(0);
    }
  });

  it('counts better and worse runs by direction', () => {
    const base = [summary(1, { deaths_total: 10 }), summary(1, { deaths_total: 10 }), summary(1, { deaths_total: 10 })];
    const plan = [summary(1, { deaths_total: 8 }), summary(1, { deaths_total: 12 }), summary(1, { deaths_total: 10 })];
    const deaths = rowOf(comparePlan(base, plan, REGION_SLOTS), 'deaths');
    expect(Array.from(deaths.differences)).toEqual([-2, 2, 0]);
    expect(deaths.probabilityBetter).toBeCloseTo(1 / 3, 15);
    expect(deaths.probabilityWorse).toBeCloseTo(1 / 3, 15);
  });

  it('treats a higher quarantined share as better', () => {
    const base = [summary(0, { confirmed_in_quarantine_share: 0.4 })];
    const plan = [summary(0, { confirmed_in_quarantine_share: 0.6 })];
    expect(rowOf(comparePlan(base, plan, REGION_SLOTS), 'confirmed_in_quarantine_share').probabilityBetter).toBe(1);
  });

  it('counts better and worse over the runs in which both have a value', () => {
    const base = [summary(0, { test_wait_mean_days: 1 }), summary(0, { test_wait_mean_days: 1 }), summary(0, { test_wait_mean_days: 1 })];
    const plan = [summary(0, { test_wait_mean_days: 0.5 }), summary(0, { test_wait_mean_days: Number.NaN }), summary(0, { test_wait_mean_days: 2 })];
    const wait = rowOf(comparePlan(base, plan, REGION_SLOTS), 'test_wait_mean');
    expect(wait.probabilityBetter).toBe(0.5);
    expect(wait.probabilityWorse).toBe(0.5);
    // A plan that never tests has no mean wait in any run, so it is neither better nor worse.
    const closed = rowOf(comparePlan(base, base.map(() => summary(0, { test_wait_mean_days: Number.NaN })), REGION_SLOTS), 'test_wait_mean');
    expect(closed.probabilityBetter).toBeNaN();
    expect(closed.probabilityWorse).toBeNaN();
  });

  it('gives deaths with a bed no better direction, since fewer beds lower them', () => {
    const base = [summary(0, { deaths_total: 10, deaths_without_bed_total: 0 })];
    const plan = [summary(0, { deaths_total: 30, deaths_without_bed_total: 28 })];
    const rows = comparePlan(base, plan, REGION_SLOTS);
    expect(rowOf(rows, 'deaths_with_bed').probabilityBetter).toBeNaN();
    expect(rowOf(rows, 'deaths').probabilityWorse).toBe(1);
  });

  it('gives zero cost difference against itself', () => {
    const runs = [summary(1, { cost_total: 14e12, cost_relief: 9e12 }), summary(1, { cost_total: 15e12, cost_relief: 9e12 })];
    for (const name of ['cost_total', 'cost_relief', 'consumption_extra', 'income_quintile_ratio']) {
      const row = rowOf(comparePlan(runs, runs, REGION_SLOTS), name);
      expect(Array.from(row.differences), name).toEqual([0, 0]);
      expect(row.probabilityBetter, name).toBe(0);
      expect(row.probabilityWorse, name).toBe(0);
    }
  });

  it('treats a lower cost as better', () => {
    const base = [summary(0, { cost_total: 100, cost_relief: 60 })];
    const plan = [summary(0, { cost_total: 70, cost_relief: 30 })];
    const rows = comparePlan(base, plan, REGION_SLOTS);
    expect(rowOf(rows, 'cost_total').probabilityBetter).toBe(1);
    expect(rowOf(rows, 'cost_total').difference.mean).toBe(-30);
    expect(rowOf(rows, 'cost_relief').probabilityBetter).toBe(1);
  });

  it('treats a lower income ratio as better', () => {
    const base = [summary(0, { income_quintile_ratio: 8 })];
    const plan = [summary(0, { income_quintile_ratio: 7.5 })];
    const row = rowOf(comparePlan(base, plan, REGION_SLOTS), 'income_quintile_ratio');
    expect(row.probabilityBetter).toBe(1);
    expect(row.difference.p50).toBe(-0.5);
  });

  it('treats more consumption added by relief as better', () => {
    const base = [summary(0, { consumption_extra_total: 100 })];
    const plan = [summary(0, { consumption_extra_total: 40 })];
    expect(rowOf(comparePlan(base, plan, REGION_SLOTS), 'consumption_extra').probabilityWorse).toBe(1);
  });

  it('reports every cost lever', () => {
    const names = COMPARISON_KPIS.map((definition) => definition.name);
    for (const lever of ['testing_sites', 'tests', 'tracing', 'rtc_beds', 'ward_beds', 'icu_beds', 'relief', 'grants']) {
      expect(names).toContain(`cost_${lever}`);
    }
  });

  it('leaves the probability undefined without a direction', () => {
    const row = rowOf(comparePlan([summary(1)], [summary(2)], REGION_SLOTS), 'confirmed');
    expect(Number.isNaN(row.probabilityBetter)).toBe(true);
    expect(row.difference.mean).toBe(1);
  });

  it('derives deaths with a bed', () => {
    const run = summary(0, { deaths_total: 10, deaths_without_bed_total: 3 });
    const definition = COMPARISON_KPIS.find((entry) => entry.name === 'deaths_with_bed')!;
    expect(kpiValue(definition, run, 0, REGION_SLOTS)).toBe(7);
  });

  it('rejects batches of different sizes', () => {
    expect(() => comparePlan([summary(1)], [summary(1), summary(1)], REGION_SLOTS)).toThrow(RangeError);
    expect(() => comparePlan([], [], REGION_SLOTS)).toThrow(RangeError);
  });
});

describe('spreadOf', () => {
  it('leaves out NaN values', () => {
    const spread = spreadOf(Float64Array.from([Number.NaN, 1, 2, 3]));
    expect(spread.mean).toBe(2);
    expect(spread.p50).toBe(2);
  });

  it('gives NaN without values', () => {
    expect(Number.isNaN(spreadOf(new Float64Array(0)).p50)).toBe(true);
  });
});
