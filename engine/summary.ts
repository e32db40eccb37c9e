import { METRIC_INDEX, seriesOffset } from './metrics.js';
import { NO_COUNT, waitDays } from './observe.js';

/**
 * Per-run summary statistics, per region and national, in the order of the summary array.
 *
 * A run's summary is one Float64Array laid out as [statistic][region]:
 * `summary[s * (regionCount + 1) + r]`, national at r = regionCount. Peak days are day indices
 * from the start date.
 */
export const SUMMARY_STATISTICS = [
  'infections_total',
  'confirmed_total',
  'deaths_total',
  'deaths_without_bed_total',
  'rtc_peak_occupied',
  'rtc_peak_day',
  'ward_peak_occupied',
  'ward_peak_day',
  'icu_peak_occupied',
  'icu_peak_day',
  'rtc_days_over_capacity',
  'ward_days_over_capacity',
  'icu_days_over_capacity',
  'tests_backlog_max',
  'test_wait_mean_days',
  'confirmed_in_quarantine_share',
  'cost_total',
  'cost_testing_sites',
  'cost_tests',
  'cost_tracing',
  'cost_rtc_beds',
  'cost_ward_beds',
  'cost_icu_beds',
  'cost_relief',
  'cost_grants',
  'consumption_extra_total',
  'income_quintile_ratio',
  'income_quintile_ratio_no_relief',
  'vaccination_transport_persons',
] as const;

/** Name of one per-run summary statistic. */
export type SummaryStatistic = (typeof SUMMARY_STATISTICS)[number];

/** Index of each statistic in {@link SUMMARY_STATISTICS}. */
export const SUMMARY_INDEX: Readonly<Record<SummaryStatistic, number>> = Object.fromEntries(
  SUMMARY_STATISTICS.map((name, index) => [name, index]),
) as Record<SummaryStatistic, number>;

const TIERS = [
  {
    occupied: METRIC_INDEX.rtc_occupied,
    capacity: METRIC_INDEX.rtc_capacity,
    waiting: METRIC_INDEX.waiting_rtc,
    peak: SUMMARY_INDEX.rtc_peak_occupied,
    over: SUMMARY_INDEX.rtc_days_over_capacity,
  },
  {
    occupied: METRIC_INDEX.ward_occupied,
    capacity: METRIC_INDEX.ward_capacity,
    waiting: METRIC_INDEX.waiting_ward,
    peak: SUMMARY_INDEX.ward_peak_occupied,
    over: SUMMARY_INDEX.ward_days_over_capacity,
  },
  {
    occupied: METRIC_INDEX.icu_occupied,
    capacity: METRIC_INDEX.icu_capacity,
    waiting: METRIC_INDEX.waiting_icu,
    peak: SUMMARY_INDEX.icu_peak_occupied,
    over: SUMMARY_INDEX.icu_days_over_capacity,
  },
] as const;

/**
 * A day counts as over capacity for a tier when the people waiting for its beds at the end of the
 * day outnumber its free beds by at least this many. Waiting alone is not enough: patients pass
 * through the waiting state during the admission delay even when beds are free. Half a person, so
 * that a deterministic run counts the days a stochastic one would round to.
 */
const OVER_CAPACITY_UNMET = 0.5;

/**
 * Summarises one run's daily series into per-region statistics. The economy statistics stay 0
 * here; `summariseEconomy` fills them from the series and the model.
 *
 * Days over capacity count the days on which more people wait for a bed of that tier than there are
 * free beds. The mean wait for a test is Little's law over the horizon: the summed daily backlog
 * over the summed tests.
 */
export function summarise(series: Float64Array, regionCount: number, dayCount: number): Float64Array {
  const regions = regionCount + 1;
  const summary = new Float64Array(SUMMARY_STATISTICS.length * regions);
  const sumOf = (metric: number, r: number): number => {
    const offset = seriesOffset(metric, r, regionCount, dayCount);
    let total = 0;
    for (let d = 0; d < dayCount; d++) total += series[offset + d]!;
    return total;
  };
  const maxOf = (metric: number, r: number): { value: number; day: number } => {
    const offset = seriesOffset(metric, r, regionCount, dayCount);
    let value = -Infinity;
    let day = 0;
    for (let d = 0; d < dayCount; d++) {
      const x = series[offset + d]!;
      if (x > value) {
        value = x;
        day = d;
      }
    }
    return { value, day };
  };
  const set = (statistic: number, r: number, value: number): void => {
    summary[statistic * regions + r] = value;
  };

  for (let r = 0; r < regions; r++) {
    set(SUMMARY_INDEX.infections_total, r, sumOf(METRIC_INDEX.infections_new, r));
    const confirmed = sumOf(METRIC_INDEX.confirmed_new, r);
    set(SUMMARY_INDEX.confirmed_total, r, confirmed);
    set(SUMMARY_INDEX.deaths_total, r, sumOf(METRIC_INDEX.deaths_new, r));
    set(SUMMARY_INDEX.deaths_without_bed_total, r, sumOf(METRIC_INDEX.deaths_without_bed_new, r));

    for (const tier of TIERS) {
      const peak = maxOf(tier.occupied, r);
      set(tier.peak, r, peak.value);
      // A tier that no one ever occupies has no peak date.
      set(tier.peak + 1, r, peak.value > 0 ? peak.day : NaN);
      let over = 0;
      for (let d = 0; d < dayCount; d++) {
        // Nationally, a day counts when any region is over capacity: spare beds in one region do
        // not help a patient who cannot be transferred there.
        let anyOver = false;
        const first = r === regionCount ? 0 : r;
        const last = r === regionCount ? regionCount - 1 : r;
        for (let q = first; q <= last && !anyOver; q++) {
          const free = series[seriesOffset(tier.capacity, q, regionCount, dayCount) + d]! -
            series[seriesOffset(tier.occupied, q, regionCount, dayCount) + d]!;
          anyOver = series[seriesOffset(tier.waiting, q, regionCount, dayCount) + d]! - free >= OVER_CAPACITY_UNMET;
        }
        if (anyOver) over++;
      }
      set(tier.over, r, over);
    }

    set(SUMMARY_INDEX.tests_backlog_max, r, maxOf(METRIC_INDEX.tests_backlog, r).value);
    const performed = sumOf(METRIC_INDEX.tests_performed, r);
    set(SUMMARY_INDEX.test_wait_mean_days, r, waitDays(sumOf(METRIC_INDEX.tests_backlog, r), performed));

    // Share over the horizon, weighted by each day's confirmed count; a day without one has no share.
    const shareOffset = seriesOffset(METRIC_INDEX.confirmed_in_quarantine_share, r, regionCount, dayCount);
    const newOffset = seriesOffset(METRIC_INDEX.confirmed_new, r, regionCount, dayCount);
    let inQuarantine = 0;
    for (let d = 0; d < dayCount; d++) {
      const confirmedToday = series[newOffset + d]!;
      if (confirmedToday > NO_COUNT) inQuarantine += series[shareOffset + d]! * confirmedToday;
    }
    set(SUMMARY_INDEX.confirmed_in_quarantine_share, r, confirmed > NO_COUNT ? inQuarantine / confirmed : NaN);
  }
  return summary;
}
