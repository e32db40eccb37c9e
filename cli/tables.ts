import { setImmediate } from 'node:timers/promises';
import {
  METRICS,
  METRIC_INDEX,
  METRIC_LABELS,
  SUMMARY_STATISTICS,
  seriesOffset,
  type MetricName,
  type SummaryStatistic,
} from '../engine/index.js';
import type { QuantileRow, SummaryRow } from '../viz/index.js';
import type { Distribution } from '../workers/index.js';
import { formatNumber, roundForOutput, roundMoneyForOutput } from './format.js';

/** Metrics in currency units, which the output files write in whole units. */
export const MONEY_METRICS: ReadonlySet<MetricName> = new Set(
  METRICS.filter((metric) => METRIC_LABELS[metric].unit.startsWith('currency units')),
);

/** Summary statistics in currency units, which the output files write in whole units. */
export const MONEY_STATISTICS: ReadonlySet<SummaryStatistic> = new Set<SummaryStatistic>([
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
]);

/** Regions, national code and dates that give each slot of a run's arrays its row. */
export interface OutputLayout {
  /** The scenario's regions, in the engine's order. */
  regions: readonly { code: string; name: string }[];
  /** Code of the national total, the engine's region index `regions.length`. */
  nationalCode: string;
  /** ISO 8601 date of each simulated day. */
  dates: readonly string[];
}

/** Header of series.csv. */
export const SERIES_CSV_HEADER = 'date,region,metric,mean,p5,p25,p50,p75,p95';

/** Number of values in one run's series for this layout. */
export function seriesLength(layout: OutputLayout): number {
  return METRICS.length * (layout.regions.length + 1) * layout.dates.length;
}

/** Number of values in one run's summary for this layout. */
export function summaryLength(layout: OutputLayout): number {
  return SUMMARY_STATISTICS.length * (layout.regions.length + 1);
}

/** Returns the engine's region index and code of each output region: the national total first, then the regions. */
export function outputRegions(layout: OutputLayout): { index: number; code: string }[] {
  const regions = layout.regions.map((region, index) => ({ index, code: region.code }));
  return [{ index: layout.regions.length, code: layout.nationalCode }, ...regions];
}

/** The metrics and output regions that {@link seriesRows} yields, by default all of them. */
export interface SeriesSelection {
  metrics?: readonly MetricName[];
  /** Whether to yield the national total alone. */
  nationalOnly?: boolean;
}

/**
 * Yields the daily quantile rows of the selected metrics and regions, ordered by metric, region
 * (national first) and date, with values rounded as in series.csv so that the report shows the same figures.
 */
export function* seriesRows(
  distribution: Distribution,
  layout: OutputLayout,
  selection: SeriesSelection = {},
): Generator<QuantileRow> {
  const regionCount = layout.regions.length;
  const dayCount = layout.dates.length;
  const regions = selection.nationalOnly === true ? outputRegions(layout).slice(0, 1) : outputRegions(layout);
  for (const metric of selection.metrics ?? METRICS) {
    for (const region of regions) {
      const offset = seriesOffset(METRIC_INDEX[metric], region.index, regionCount, dayCount);
      for (let day = 0; day < dayCount; day++) {
        const values = quantilesAt(distribution, offset + day, MONEY_METRICS.has(metric));
        yield { date: layout.dates[day]!, region: region.code, metric, ...values };
      }
    }
  }
}

/** Builds the rows of {@link seriesRows} as one list, for the report and the comparison charts. */
export function buildSeriesRows(
  distribution: Distribution,
  layout: OutputLayout,
  selection: SeriesSelection = {},
): QuantileRow[] {
  return [...seriesRows(distribution, layout, selection)];
}

/**
 * Number of rows that {@link buildSeriesRowsAsync} builds between two turns of the event loop, about
 * 0.1 s of work on one core of an AMD EPYC.
 */
const ROWS_PER_TURN = 65_536;

/**
 * Builds the rows of {@link seriesRows} as one list, as {@link buildSeriesRows} does, with a turn of
 * the event loop after every {@link ROWS_PER_TURN} rows, so that an interrupt can abort `signal` while
 * a long series is built.
 *
 * @throws the signal's reason (as a rejection) when it aborts before the last row
 */
export async function buildSeriesRowsAsync(
  distribution: Distribution,
  layout: OutputLayout,
  selection: SeriesSelection,
  signal: AbortSignal,
): Promise<QuantileRow[]> {
  signal.throwIfAborted();
  const rows: QuantileRow[] = [];
  for (const row of seriesRows(distribution, layout, selection)) {
    rows.push(row);
    if (rows.length % ROWS_PER_TURN === 0) {
      await setImmediate();
      signal.throwIfAborted();
    }
  }
  return rows;
}

/** Builds the summary rows, ordered by region (national first) and statistic. Peak days stay day indices. */
export function buildSummaryRows(distribution: Distribution, layout: OutputLayout): SummaryRow[] {
  const regions = layout.regions.length + 1;
  const rows: SummaryRow[] = [];
  for (const region of outputRegions(layout)) {
    SUMMARY_STATISTICS.forEach((statistic, statisticIndex) => {
      const slot = statisticIndex * regions + region.index;
      rows.push({ region: region.code, statistic, ...quantilesAt(distribution, slot, MONEY_STATISTICS.has(statistic)) });
    });
  }
  return rows;
}

/** Number of lines in each piece of series.csv that {@link seriesCsvChunks} yields, about 1 MB of text. */
const CSV_CHUNK_LINES = 16_384;

/**
 * Yields the text of series.csv in pieces: the header, then the rows in blocks of {@link CSV_CHUNK_LINES}
 * lines. A long run's file exceeds the longest string the JavaScript engine can build, so it is written
 * one piece at a time.
 */
export function* seriesCsvChunks(rows: Iterable<QuantileRow>): Generator<string> {
  yield `${SERIES_CSV_HEADER}\n`;
  let lines: string[] = [];
  for (const row of rows) {
    const values = [row.mean, row.p5, row.p25, row.p50, row.p75, row.p95].map(formatNumber);
    lines.push(`${row.date},${csvField(row.region)},${row.metric},${values.join(',')}`);
    if (lines.length === CSV_CHUNK_LINES) {
      yield `${lines.join('\n')}\n`;
      lines = [];
    }
  }
  if (lines.length > 0) yield `${lines.join('\n')}\n`;
}

/** Quotes a CSV field that contains a comma, a quote or a line break (RFC 4180). */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Returns the mean and quantiles of one slot, rounded for output: to whole currency units when `money` is true,
 * else to six significant digits.
 */
export function quantilesAt(
  distribution: Distribution,
  slot: number,
  money = false,
): Omit<SummaryRow, 'region' | 'statistic'> {
  const round = money ? roundMoneyForOutput : roundForOutput;
  return {
    mean: round(distribution.mean[slot]!),
    p5: round(distribution.p5[slot]!),
    p25: round(distribution.p25[slot]!),
    p50: round(distribution.p50[slot]!),
    p75: round(distribution.p75[slot]!),
    p95: round(distribution.p95[slot]!),
  };
}
