/**
 * The daily output metrics of one run, in the order of the series array.
 *
 * A run's series is one Float64Array laid out as [metric][region][day]:
 * `series[(m * (regionCount + 1) + r) * dayCount + d]`. Region index
 * `regionCount` holds the national figure: the sum over regions for counts,
 * and the ratio of national sums for shares and rates.
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
  deaths_without_bed_new: { label: 'Deaths while waiting for a bed', unit: 'persons per day' },
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
};

/** Offset of one metric's series for one region (national = regionCount) in a run's series array. */
export function seriesOffset(metric: number, region: number, regionCount: number, dayCount: number): number {
  return (metric * (regionCount + 1) + region) * dayCount;
}
