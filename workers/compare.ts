import { quantileSorted } from 'd3-array';
import { SUMMARY_INDEX, type SummaryStatistic } from '../engine/index.js';
import { QUANTILE_PROBABILITIES, type QuantileName } from './aggregate.js';

/** Direction in which a key performance indicator improves, or `none` for one that is neither better nor worse. */
export type Direction = 'lower' | 'higher' | 'none';

/** A key performance indicator of a plan, read from one run's summary array. */
export interface KpiDefinition {
  /** Short fixed name, used in compare.csv. */
  name: string;
  label: string;
  unit: string;
  better: Direction;
  /** The statistics whose sum is the KPI, each with its sign. */
  terms: readonly { statistic: SummaryStatistic; sign: 1 | -1 }[];
}

function kpi(name: string, label: string, unit: string, better: Direction, statistic: SummaryStatistic): KpiDefinition {
  return { name, label, unit, better, terms: [{ statistic, sign: 1 }] };
}

/** Unit of the money KPIs, which the outputs replace with the scenario's currency code. */
export const CURRENCY_UNIT = 'currency units';

function cost(name: string, label: string, statistic: SummaryStatistic): KpiDefinition {
  return kpi(name, label, CURRENCY_UNIT, 'lower', statistic);
}

/**
 * The KPIs a comparison reports, in display order. Confirmed cases and treatment centre occupancy have
 * no better direction: more confirmed cases can mean more infections or better testing, and a fuller
 * centre more cases or fewer of them at home. Every cost is better lower. Consumption added by relief
 * is better higher, as revenue of local businesses. The income ratio of the highest to the lowest
 * quintile is that of their incomes summed over the horizon, and a lower ratio is better.
 */
export const COMPARISON_KPIS: readonly KpiDefinition[] = [
  kpi('infections', 'Infections', 'persons', 'lower', 'infections_total'),
  kpi('confirmed', 'Confirmed cases', 'persons', 'none', 'confirmed_total'),
  kpi('deaths', 'Deaths', 'persons', 'lower', 'deaths_total'),
  {
    name: 'deaths_with_bed',
    label: 'Deaths with a bed',
    unit: 'persons',
    // Fewer beds give fewer deaths with a bed, so fewer is not better.
    better: 'none',
    terms: [
      { statistic: 'deaths_total', sign: 1 },
      { statistic: 'deaths_without_bed_total', sign: -1 },
    ],
  },
  kpi('deaths_without_bed', 'Deaths without a bed', 'persons', 'lower', 'deaths_without_bed_total'),
  // Fewer beds lower the peaks too, so a lower peak is not better.
  kpi('icu_peak', 'Peak ICU occupancy', 'beds', 'none', 'icu_peak_occupied'),
  kpi('ward_peak', 'Peak ward occupancy', 'beds', 'none', 'ward_peak_occupied'),
  kpi('rtc_peak', 'Peak treatment centre occupancy', 'beds', 'none', 'rtc_peak_occupied'),
  kpi('icu_days_over_capacity', 'Days over ICU capacity', 'days', 'lower', 'icu_days_over_capacity'),
  kpi('ward_days_over_capacity', 'Days over ward capacity', 'days', 'lower', 'ward_days_over_capacity'),
  kpi('rtc_days_over_capacity', 'Days over treatment centre capacity', 'days', 'lower', 'rtc_days_over_capacity'),
  kpi('test_backlog_max', 'Maximum test backlog', 'persons', 'lower', 'tests_backlog_max'),
  kpi('test_wait_mean', 'Mean wait for a test', 'days', 'lower', 'test_wait_mean_days'),
  kpi('confirmed_in_quarantine_share', 'Confirmed cases already in quarantine', 'share', 'higher', 'confirmed_in_quarantine_share'),
  cost('cost_total', 'Total cost', 'cost_total'),
  cost('cost_testing_sites', 'Cost of testing sites', 'cost_testing_sites'),
  cost('cost_tests', 'Cost of tests', 'cost_tests'),
  cost('cost_tracing', 'Cost of tracing', 'cost_tracing'),
  cost('cost_rtc_beds', 'Cost of treatment centre beds', 'cost_rtc_beds'),
  cost('cost_ward_beds', 'Cost of ward beds', 'cost_ward_beds'),
  cost('cost_icu_beds', 'Cost of ICU beds', 'cost_icu_beds'),
  cost('cost_relief', 'Cost of relief payments', 'cost_relief'),
  cost('cost_grants', 'Cost of grants', 'cost_grants'),
  kpi('consumption_extra', 'Consumption added by relief', CURRENCY_UNIT, 'higher', 'consumption_extra_total'),
  kpi('income_quintile_ratio', 'Income ratio of the highest to the lowest quintile', 'ratio', 'lower', 'income_quintile_ratio'),
];

/** Mean and quantiles of one quantity over runs; NaN values are left out, and NaN when none is left. */
export type Spread = Record<'mean' | QuantileName, number>;

/** One plan's KPI in one region: its value over runs, its run-by-run difference to the base, and how often it is better. */
export interface KpiComparison {
  kpi: KpiDefinition;
  /** Region slot of the summary layout: 0 .. regions - 1, then the national total. */
  regionSlot: number;
  value: Spread;
  /** Plan minus base, run by run: run i of both used the same random streams. */
  difference: Spread;
  /**
   * Share of the runs in which both have a value where the plan does better than the base; NaN for a
   * KPI with no better direction, or when no run has both values.
   */
  probabilityBetter: number;
  /** Share of those runs in which it does worse; the rest are ties. */
  probabilityWorse: number;
  /** The differences of every run, in run order. */
  differences: Float64Array;
}

/** Reads a KPI from one run's summary array, whose statistic s of region slot r is at `s * regionSlots + r`. */
export function kpiValue(definition: KpiDefinition, summary: Float64Array, regionSlot: number, regionSlots: number): number {
  let total = 0;
  for (const { statistic, sign } of definition.terms) total += sign * summary[SUMMARY_INDEX[statistic] * regionSlots + regionSlot]!;
  return total;
}

/**
 * Compares one plan with the base on every KPI in every region slot. `base[i]` and `plan[i]` are the summary
 * arrays of run i of each, which share their random streams, so the difference of run i is the plan's own.
 *
 * @param regionSlots regions plus one, the national total
 * @throws RangeError when the two batches differ in their number of runs, or have none
 */
export function comparePlan(base: readonly Float64Array[], plan: readonly Float64Array[], regionSlots: number): KpiComparison[] {
  if (base.length === 0 || base.length !== plan.length) {
    throw new RangeError(`a comparison needs the same number of runs of base and plan (got ${base.length} and ${plan.length})`);
  }
  const runs = base.length;
  const results: KpiComparison[] = [];
  for (const definition of COMPARISON_KPIS) {
    for (let slot = 0; slot < regionSlots; slot++) {
      const values = new Float64Array(runs);
      const differences = new Float64Array(runs);
      let better = 0;
      let worse = 0;
      // Runs in which base and plan both have a value: a mean wait with no test done has none.
      let compared = 0;
      for (let run = 0; run < runs; run++) {
        const planValue = kpiValue(definition, plan[run]!, slot, regionSlots);
        const difference = planValue - kpiValue(definition, base[run]!, slot, regionSlots);
        values[run] = planValue;
        differences[run] = difference;
        if (Number.isNaN(difference)) continue;
        compared++;
        if (definition.better === 'none' || difference === 0) continue;
        if ((difference < 0) === (definition.better === 'lower')) better++;
        else worse++;
      }
      const undirected = definition.better === 'none' || compared === 0;
      results.push({
        kpi: definition,
        regionSlot: slot,
        value: spreadOf(values),
        difference: spreadOf(differences),
        probabilityBetter: undirected ? NaN : better / compared,
        probabilityWorse: undirected ? NaN : worse / compared,
        differences,
      });
    }
  }
  return results;
}

/** Mean and R-7 quantiles of the finite values, as `aggregateRuns` computes them. */
export function spreadOf(values: Float64Array): Spread {
  const finite = values.filter((value) => !Number.isNaN(value)).sort();
  let sum = 0;
  for (const value of finite) sum += value;
  const sorted = finite as unknown as number[];
  const quantile = (name: QuantileName): number => quantileSorted(sorted, QUANTILE_PROBABILITIES[name]) ?? NaN;
  return {
    mean: finite.length > 0 ? sum / finite.length : NaN,
    p5: quantile('p5'),
    p25: quantile('p25'),
    p50: quantile('p50'),
    p75: quantile('p75'),
    p95: quantile('p95'),
  };
}
