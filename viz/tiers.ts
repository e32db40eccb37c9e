import type { MetricName, SummaryStatistic } from '../engine/index.js';

interface BedTier {
  label: string;
  occupied: MetricName;
  capacity: MetricName;
  waiting: MetricName;
  peakOccupied: SummaryStatistic;
  peakDay: SummaryStatistic;
  daysOverCapacity: SummaryStatistic;
}

/** The bed tiers in display order, with their metrics, summary statistics and display label. */
export const BED_TIERS = [
  {
    label: 'Residential treatment centre',
    occupied: 'rtc_occupied',
    capacity: 'rtc_capacity',
    waiting: 'waiting_rtc',
    peakOccupied: 'rtc_peak_occupied',
    peakDay: 'rtc_peak_day',
    daysOverCapacity: 'rtc_days_over_capacity',
  },
  {
    label: 'Hospital ward',
    occupied: 'ward_occupied',
    capacity: 'ward_capacity',
    waiting: 'waiting_ward',
    peakOccupied: 'ward_peak_occupied',
    peakDay: 'ward_peak_day',
    daysOverCapacity: 'ward_days_over_capacity',
  },
  {
    label: 'Intensive care',
    occupied: 'icu_occupied',
    capacity: 'icu_capacity',
    waiting: 'waiting_icu',
    peakOccupied: 'icu_peak_occupied',
    peakDay: 'icu_peak_day',
    daysOverCapacity: 'icu_days_over_capacity',
  },
] as const satisfies readonly BedTier[];
