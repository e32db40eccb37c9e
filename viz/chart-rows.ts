import type { ObservedRow, QuantileRow } from './report-input.js';
import type { SeriesIndex } from './series-index.js';

/** A region as the charts name it: its code and display name. */
export interface ChartRegion {
  code: string;
  name: string;
}

/** One day of one simulated series as a chart reads it. */
export interface BandRow {
  date: string;
  /** Display name of the region. */
  region: string;
  /** Display label of the series, used for colour and panels. */
  series: string;
  p5: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
}

/** Series label of observed points. */
export const OBSERVED_SERIES = 'Observed';

/** One day of observed confirmed cases as a chart reads it. */
export interface ObservedPoint {
  date: string;
  /** Display name of the region. */
  region: string;
  /** Always {@link OBSERVED_SERIES}, so that observed points share the colour legend of the simulated series. */
  series: string;
  /** Observed new confirmed cases, in persons per day. */
  observed: number;
}

/**
 * Rounds a value to 6 significant digits, finer than any chart can show, so that the page carries shorter
 * numbers. Non-finite values stay as they are and become `null` in the page's JSON.
 */
function roundForChart(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(6)) : value;
}

function toBandRow(
  row: QuantileRow,
  region: string,
  series: string,
  chartValue: (value: number) => number,
): BandRow {
  return {
    date: row.date,
    region,
    series,
    p5: chartValue(row.p5),
    p25: chartValue(row.p25),
    p50: chartValue(row.p50),
    p75: chartValue(row.p75),
    p95: chartValue(row.p95),
  };
}

/**
 * Builds the chart rows of one metric in one region, every day in date order. `chartValue` turns each quantile into
 * the value charted, by default rounded to 6 significant digits.
 */
export function bandRows(
  index: SeriesIndex,
  metric: string,
  region: ChartRegion,
  series: string,
  chartValue: (value: number) => number = roundForChart,
): BandRow[] {
  const rows: BandRow[] = [];
  for (const row of index.rows(metric, region.code)) {
    if (row !== undefined) rows.push(toBandRow(row, region.name, series, chartValue));
  }
  return rows;
}

/**
 * Builds the chart rows of a capacity metric in one region, leaving out the days on which the capacity has no
 * limit. The engine records no limit as Infinity, and series.csv writes it as an empty cell, so such a day has a
 * median that is not finite, which a chart cannot scale.
 */
export function capacityRows(index: SeriesIndex, metric: string, region: ChartRegion, series: string): BandRow[] {
  return bandRows(index, metric, region, series).filter((row) => Number.isFinite(row.p50));
}

/** Orders points by date. ISO dates compare correctly as strings. */
function compareDates(a: ObservedPoint, b: ObservedPoint): number {
  if (a.date === b.date) return 0;
  return a.date < b.date ? -1 : 1;
}

function observedPoint(date: string, region: string, observed: number): ObservedPoint {
  return { date, region, series: OBSERVED_SERIES, observed };
}

/**
 * Builds the observed points inside the simulated date range, for the scenario's regions and the national code.
 *
 * National points come from the observed rows with the national code. When there are none, they are the sum
 * over the scenario's regions, on the dates where every one of those regions has a row, which matches how the
 * engine forms its national figure.
 */
export function observedPoints(
  observed: readonly ObservedRow[],
  regions: readonly ChartRegion[],
  national: ChartRegion,
  dates: readonly string[],
): ObservedPoint[] {
  const first = dates[0] ?? '';
  const last = dates[dates.length - 1] ?? '';
  const inRange = observed.filter((row) => row.date >= first && row.date <= last);
  const nameOf = new Map(regions.map((region) => [region.code, region.name]));

  const points: ObservedPoint[] = [];
  const nationalRows = inRange.filter((row) => row.region === national.code);
  for (const row of nationalRows) points.push(observedPoint(row.date, national.name, row.confirmed_new));

  const sumByDate = new Map<string, { total: number; regions: Set<string> }>();
  for (const row of inRange) {
    const name = nameOf.get(row.region);
    if (name === undefined) continue;
    points.push(observedPoint(row.date, name, row.confirmed_new));

    let day = sumByDate.get(row.date);
    if (day === undefined) {
      day = { total: 0, regions: new Set() };
      sumByDate.set(row.date, day);
    }
    day.total += row.confirmed_new;
    day.regions.add(row.region);
  }

  if (nationalRows.length === 0) {
    for (const [date, day] of sumByDate) {
      if (day.regions.size === regions.length) points.push(observedPoint(date, national.name, day.total));
    }
  }
  return points.sort(compareDates);
}
