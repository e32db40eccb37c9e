import { QUINTILES, type CompiledModel } from './model.js';
import { METRIC_INDEX as M, seriesOffset } from './metrics.js';
import { SUMMARY_INDEX as S } from './summary.js';

/** Sums a metric over the horizon for region slot r (the nation at r = regionCount). */
function sumOf(series: Float64Array, metric: number, r: number, regionCount: number, dayCount: number): number {
  const offset = seriesOffset(metric, r, regionCount, dayCount);
  let total = 0;
  for (let d = 0; d < dayCount; d++) total += series[offset + d]!;
  return total;
}

/** Sums a per-day-and-region table over the horizon for region r, or over every region when r = regionCount. */
function tableSum(table: Float64Array, r: number, regionCount: number, dayCount: number): number {
  let total = 0;
  for (let d = 0; d < dayCount; d++) {
    if (r < regionCount) total += table[d * regionCount + r]!;
    else for (let s = 0; s < regionCount; s++) total += table[d * regionCount + s]!;
  }
  return total;
}

/**
 * Fills the economy statistics of a run's summary, laid out as `summary.ts` describes. They are the
 * cost of each lever over the horizon, their total (the last day of `cost_cum`) and the consumption
 * added by relief. The income ratio of the horizon is the highest quintile's daily income summed
 * over all days over the same sum for the lowest, with and without relief. Without an economy the
 * costs are 0 and the ratios NaN.
 */
export function summariseEconomy(model: CompiledModel, series: Float64Array, summary: Float64Array): void {
  const regionCount = model.regionCount;
  const dayCount = model.dayCount;
  const slots = regionCount + 1;
  const economy = model.economy;
  const set = (statistic: number, r: number, value: number): void => {
    summary[statistic * slots + r] = value;
  };

  for (let r = 0; r < slots; r++) {
    const ratioOf = (lowest: number, highest: number): number => {
      const low = sumOf(series, lowest, r, regionCount, dayCount);
      return low > 0 ? sumOf(series, highest, r, regionCount, dayCount) / low : NaN;
    };
    set(S.income_quintile_ratio, r, ratioOf(M.income_q1, M.income_q5));
    if (economy === undefined) {
      set(S.income_quintile_ratio_no_relief, r, NaN);
      continue;
    }

    const sites = tableSum(economy.testingSiteCost, r, regionCount, dayCount);
    const tests = economy.costPerTest * sumOf(series, M.tests_performed, r, regionCount, dayCount);
    const tracing = tableSum(economy.tracingCost, r, regionCount, dayCount);
    const rtc = economy.costPerOccupiedRtcBedDay * sumOf(series, M.rtc_occupied, r, regionCount, dayCount);
    const ward = economy.costPerOccupiedWardBedDay * sumOf(series, M.ward_occupied, r, regionCount, dayCount);
    const icu = economy.costPerOccupiedIcuBedDay * sumOf(series, M.icu_occupied, r, regionCount, dayCount);
    const relief = tableSum(economy.reliefPaid, r, regionCount, dayCount);
    const grants = tableSum(economy.grantCost, r, regionCount, dayCount);
    set(S.cost_testing_sites, r, sites);
    set(S.cost_tests, r, tests);
    set(S.cost_tracing, r, tracing);
    set(S.cost_rtc_beds, r, rtc);
    set(S.cost_ward_beds, r, ward);
    set(S.cost_icu_beds, r, icu);
    set(S.cost_relief, r, relief);
    set(S.cost_grants, r, grants);
    set(S.cost_total, r, sites + tests + tracing + rtc + ward + icu + relief + grants);
    set(S.consumption_extra_total, r, sumOf(series, M.consumption_extra, r, regionCount, dayCount));

    // The income ratio without relief comes from the tables, since the series holds only the daily ratio.
    let lowest = 0;
    let highest = 0;
    for (let d = 0; d < dayCount; d++) {
      for (let s = 0; s < regionCount; s++) {
        if (r < regionCount && s !== r) continue;
        const slot = (d * regionCount + s) * QUINTILES;
        lowest += economy.householdsByQuintile[s * QUINTILES]! * economy.incomeWithoutRelief[slot]!;
        highest += economy.householdsByQuintile[s * QUINTILES + QUINTILES - 1]! * economy.incomeWithoutRelief[slot + QUINTILES - 1]!;
      }
    }
    let lowestHouseholds = 0;
    let highestHouseholds = 0;
    for (let s = 0; s < regionCount; s++) {
      if (r < regionCount && s !== r) continue;
      lowestHouseholds += economy.householdsByQuintile[s * QUINTILES]!;
      highestHouseholds += economy.householdsByQuintile[s * QUINTILES + QUINTILES - 1]!;
    }
    const ratioWithout =
      lowest > 0 && highestHouseholds > 0 ? highest / highestHouseholds / (lowest / lowestHouseholds) : NaN;
    set(S.income_quintile_ratio_no_relief, r, ratioWithout);

    let transported = 0;
    for (let s = 0; s < regionCount; s++) if (r === regionCount || s === r) transported += economy.vaccinationTransportPersons[s]!;
    set(S.vaccination_transport_persons, r, transported);
  }
}
