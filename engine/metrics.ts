/**
 * The daily output metrics of one run, in the order of the series array.
 *
 * A run's series is one Float64Array laid out as [metric][region][day]:
 * `series[(m * (regionCount + 1) + r) * dayCount + d]`. Region index
 * `regionCount` contains the national figure: the sum over regions for counts
 * and money, the ratio of national sums for shares and rates, and for
 * incomes the mean over the country's households of each quintile.
 */
export const METRICS = [
  'infections_new',
  'confirmed_new',
  'confirmed_cum',
  'deaths_new',
  'deaths_cum',
  'deaths_without_bed_new',
  'tests_demanded',
  'tests_performed',
  'tests_capacity',
  'tests_backlog',
  'test_positivity',
  'test_wait_days',
  'tracing_capacity',
  'cases_traced',
  'tracing_backlog',
  'contacts_quarantined',
  'infected_contacts_quarantined',
  'confirmed_in_quarantine_share',
  'home_isolation',
  'rtc_occupied',
  'rtc_capacity',
  'ward_occupied',
  'ward_capacity',
  'icu_occupied',
  'icu_capacity',
  'waiting_rtc',
  'waiting_ward',
  'waiting_icu',
  'transfers_in',
  'transfers_out',
  'rt',
  'distancing_intensity',
  'relief_paid_cum',
  'households_paid_share',
  'households_supported_share',
  'consumption',
  'consumption_extra',
  'income_q1',
  'income_q2',
  'income_q3',
  'income_q4',
  'income_q5',
  'income_quintile_ratio',
  'income_quintile_ratio_no_relief',
  'cost_cum',
] as const;

/** Name of one daily output metric. */
export type MetricName = (typeof METRICS)[number];

/** Index of each metric in {@link METRICS}, for the series layout. */
export const METRIC_INDEX: Readonly<Record<MetricName, number>> = Object.fromEntries(
  METRICS.map((name, index) => [name, index]),
) as Record<MetricName, number>;

/** Display label and unit of each metric, used by reports and charts. */
export const METRIC_LABELS: Readonly<Record<MetricName, { label: string; unit: string }>> = {
  infections_new: { label: 'New infections', unit: 'persons per day' },
  confirmed_new: { label: 'New confirmed cases', unit: 'persons per day' },
  confirmed_cum: { label: 'Confirmed cases, cumulative', unit: 'persons' },
  deaths_new: { label: 'Deaths', unit: 'persons per day' },
  deaths_cum: { label: 'Deaths, cumulative', unit: 'persons' },
  deaths_without_bed_new: { label: 'Deaths without a bed', unit: 'persons per day' },
  tests_demanded: { label: 'Tests demanded', unit: 'tests per day' },
  tests_performed: { label: 'Tests performed', unit: 'tests per day' },
  tests_capacity: { label: 'Testing capacity', unit: 'tests per day' },
  tests_backlog: { label: 'Test backlog', unit: 'persons waiting' },
  test_positivity: { label: 'Test positivity', unit: 'fraction' },
  test_wait_days: { label: 'Mean wait for a test', unit: 'days' },
  tracing_capacity: { label: 'Tracing capacity', unit: 'cases per day' },
  cases_traced: { label: 'Cases traced', unit: 'cases per day' },
  tracing_backlog: { label: 'Cases waiting to be traced', unit: 'cases' },
  contacts_quarantined: { label: 'Contacts quarantined', unit: 'persons per day' },
  infected_contacts_quarantined: { label: 'Infected contacts quarantined', unit: 'persons per day' },
  confirmed_in_quarantine_share: { label: 'New confirmed already in quarantine', unit: 'fraction' },
  home_isolation: { label: 'In home isolation', unit: 'persons' },
  rtc_occupied: { label: 'Residential treatment centre occupancy', unit: 'beds' },
  rtc_capacity: { label: 'Residential treatment centre capacity', unit: 'beds' },
  ward_occupied: { label: 'Hospital ward occupancy', unit: 'beds' },
  ward_capacity: { label: 'Hospital ward capacity', unit: 'beds' },
  icu_occupied: { label: 'Intensive care occupancy', unit: 'beds' },
  icu_capacity: { label: 'Intensive care capacity', unit: 'beds' },
  waiting_rtc: { label: 'Waiting for a treatment centre bed', unit: 'persons' },
  waiting_ward: { label: 'Waiting for a ward bed', unit: 'persons' },
  waiting_icu: { label: 'Waiting for an ICU bed', unit: 'persons' },
  transfers_in: { label: 'Patients transferred in', unit: 'persons per day' },
  transfers_out: { label: 'Patients transferred out', unit: 'persons per day' },
  rt: { label: 'Effective reproduction number', unit: 'secondary infections per case' },
  distancing_intensity: { label: 'Distancing intensity', unit: 'fraction' },
  relief_paid_cum: { label: 'Relief paid, cumulative', unit: 'currency units' },
  households_paid_share: { label: 'Households paid relief', unit: 'fraction' },
  households_supported_share: { label: 'Households supported by relief', unit: 'fraction' },
  consumption: { label: 'Household consumption', unit: 'currency units per day' },
  consumption_extra: { label: 'Consumption added by relief', unit: 'currency units per day' },
  income_q1: { label: 'Income, lowest quintile', unit: 'currency units per household per month' },
  income_q2: { label: 'Income, second quintile', unit: 'currency units per household per month' },
  income_q3: { label: 'Income, third quintile', unit: 'currency units per household per month' },
  income_q4: { label: 'Income, fourth quintile', unit: 'currency units per household per month' },
  income_q5: { label: 'Income, highest quintile', unit: 'currency units per household per month' },
  income_quintile_ratio: { label: 'Income ratio of the highest to the lowest quintile', unit: 'ratio' },
  income_quintile_ratio_no_relief: { label: 'Income ratio of the highest to the lowest quintile without relief', unit: 'ratio' },
  cost_cum: { label: 'Cost of all levers, cumulative', unit: 'currency units' },
};

/** Offset of one metric's series for one region (national = regionCount) in a run's series array. */
export function seriesOffset(metric: number, region: number, regionCount: number, dayCount: number): number {
  return (metric * (regionCount + 1) + region) * dayCount;
}
