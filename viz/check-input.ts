import type { MetricName } from '../engine/index.js';
import {
  duplicateRegionError,
  duplicateRegionNameError,
  emptyRegionsError,
  invalidRunsError,
  missingSeriesError,
  nationalInRegionsError,
} from './errors.js';
import { nationalName } from './chart-context.js';
import { ECONOMY_REPORT_METRICS } from './economy.js';
import type { ReportInput } from './report-input.js';
import { checkIsoDate, indexSeries, type SeriesIndex } from './series-index.js';

/** The metrics the report charts. Each needs a row for every region and the national code on every day. */
export const REPORT_METRICS = [
  'confirmed_new',
  'tests_demanded',
  'tests_performed',
  'tests_capacity',
  'tests_backlog',
  'rtc_occupied',
  'rtc_capacity',
  'ward_occupied',
  'ward_capacity',
  'icu_occupied',
  'icu_capacity',
  'waiting_rtc',
  'waiting_ward',
  'waiting_icu',
  'deaths_new',
  'deaths_cum',
  'rt',
] as const satisfies readonly MetricName[];

/** Returns the metrics the report charts: those of {@link REPORT_METRICS}, and the economy's when it has a currency. */
export function reportMetrics(hasCurrency: boolean): readonly MetricName[] {
  return hasCurrency ? [...REPORT_METRICS, ...ECONOMY_REPORT_METRICS] : REPORT_METRICS;
}

/**
 * Checks a report input and indexes its series.
 *
 * @throws RangeError when runs is not a positive integer, or the regions are empty, repeat a code or a name, or
 *   contain the national code.
 * @throws RangeError when a date is not `YYYY-MM-DD`, or a charted metric lacks a row for some region and day.
 *   The economy metrics are charted when the input has a currency.
 */
export function checkReportInput(input: ReportInput): SeriesIndex {
  if (!Number.isInteger(input.runs) || input.runs < 1) throw invalidRunsError(input.runs);

  if (input.regions.length === 0) throw emptyRegionsError();
  const codes = new Set<string>();
  const names = new Set<string>([nationalName(input.nationalCode)]);
  for (const region of input.regions) {
    if (region.code === input.nationalCode) throw nationalInRegionsError(input.nationalCode);
    if (codes.has(region.code)) throw duplicateRegionError(region.code);
    if (names.has(region.name)) throw duplicateRegionNameError(region.name);
    codes.add(region.code);
    names.add(region.name);
  }

  const index = indexSeries(input.series);
  const regionCodes = [input.nationalCode, ...codes];
  for (const metric of reportMetrics(input.currency !== undefined)) {
    for (const region of regionCodes) {
      const days = index.rows(metric, region);
      const firstMissing = days.findIndex((row) => row === undefined);
      if (firstMissing < 0) continue;
      const missingDays = days.filter((row) => row === undefined).length;
      throw missingSeriesError(metric, region, missingDays, index.dates[firstMissing]!);
    }
  }

  input.observed?.forEach((row, i) => checkIsoDate(`observed[${i}].date`, row.date));
  return index;
}
