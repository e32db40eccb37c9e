import { duplicateSeriesRowError, emptySeriesError, invalidDateError } from './errors.js';
import type { QuantileRow } from './report-input.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The quantile rows of a report, looked up by metric, region and day index. */
export interface SeriesIndex {
  /** The distinct dates of the series in ascending order, so that day index d is `dates[d]`. */
  dates: readonly string[];
  /** Rows of one metric in one region by day index, `undefined` where a day has no row. */
  rows(metric: string, region: string): readonly (QuantileRow | undefined)[];
}

/** Checks that a date string is an ISO 8601 calendar date and throws naming `path` when it is not. */
export function checkIsoDate(path: string, value: string): void {
  if (!ISO_DATE.test(value) || Number.isNaN(Date.parse(value))) throw invalidDateError(path, value);
}

/**
 * Indexes quantile rows by metric, region and day.
 *
 * @throws RangeError when the series is empty, a date is not `YYYY-MM-DD`, or a row repeats.
 */
export function indexSeries(series: readonly QuantileRow[]): SeriesIndex {
  if (series.length === 0) throw emptySeriesError();

  // ISO dates sort as strings, so the sorted distinct dates are the day indices.
  const distinct = new Set<string>();
  series.forEach((row, i) => {
    checkIsoDate(`series[${i}].date`, row.date);
    distinct.add(row.date);
  });
  const dates = [...distinct].sort();
  const dayOf = new Map(dates.map((date, day) => [date, day]));

  const byKey = new Map<string, (QuantileRow | undefined)[]>();
  series.forEach((row, i) => {
    const key = `${row.metric}\u0000${row.region}`;
    let days = byKey.get(key);
    if (days === undefined) {
      days = new Array<QuantileRow | undefined>(dates.length).fill(undefined);
      byKey.set(key, days);
    }
    const day = dayOf.get(row.date)!;
    if (days[day] !== undefined) throw duplicateSeriesRowError(`series[${i}]`, row.metric, row.region, row.date);
    days[day] = row;
  });

  const none: readonly undefined[] = new Array<undefined>(dates.length).fill(undefined);
  return {
    dates,
    rows: (metric, region) => byKey.get(`${metric}\u0000${region}`) ?? none,
  };
}
