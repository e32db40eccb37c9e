import type { SummaryStatistic } from '../engine/index.js';
import type { ChartRegion } from './chart-rows.js';
import { escapeHtml, formatDay, formatNumber, NOT_AVAILABLE } from './format.js';
import { DAYS_OVER_CAPACITY_TEXT, TEST_BACKLOG_TEXT } from './kpi-text.js';
import type { SummaryRow } from './report-input.js';
import { BED_TIERS } from './tiers.js';

/** A table column: the statistic it shows, its heading, and whether the value is a number or a day index. */
interface Column {
  statistic: SummaryStatistic;
  heading: string;
  kind: 'number' | 'day';
  /** Whether the column opens a group of columns, which a rule separates from the group before. */
  groupStart?: boolean;
}

const TOTALS_COLUMNS: Column[] = [
  { statistic: 'infections_total', heading: 'Infections', kind: 'number' },
  { statistic: 'confirmed_total', heading: 'Confirmed cases', kind: 'number' },
  { statistic: 'deaths_total', heading: 'Deaths', kind: 'number' },
  { statistic: 'deaths_without_bed_total', heading: 'Deaths without a bed', kind: 'number' },
  { statistic: 'tests_backlog_max', heading: 'Maximum test backlog (persons)', kind: 'number' },
  { statistic: 'test_wait_mean_days', heading: 'Mean wait for a test (days)', kind: 'number' },
];

function tierColumns(tier: (typeof BED_TIERS)[number], year: string | undefined): Column[] {
  return [
    { statistic: tier.peakOccupied, heading: 'Peak occupied (beds)', kind: 'number', groupStart: true },
    { statistic: tier.peakDay, heading: year === undefined ? 'Peak date' : `Peak date (${year})`, kind: 'day' },
    { statistic: tier.daysOverCapacity, heading: 'Days over capacity', kind: 'number' },
  ];
}

/** The lookups the cells of a table share: the summary rows by region and statistic, and the dates. */
interface CellContext {
  byKey: Map<string, SummaryRow>;
  dates: readonly string[];
  /** The year of every date when they share one, so that cells can leave it out. */
  year: string | undefined;
}

function cellTag(column: Column): string {
  return column.groupStart === true ? ' class="group-start"' : '';
}

/** Formats one statistic as "mean (p5–p95)", or as the mean alone when p5 and p95 coincide. */
function cell(context: CellContext, regionCode: string, column: Column): string {
  const row = context.byKey.get(`${regionCode}\u0000${column.statistic}`);
  const open = `<td${cellTag(column)}>`;
  if (row === undefined) return `${open}${NOT_AVAILABLE}</td>`;

  const withYear = context.year === undefined;
  const format = column.kind === 'day' ? (day: number) => formatDay(context.dates, day, withYear) : formatNumber;
  const mean = `<span class="mean">${escapeHtml(format(row.mean))}</span>`;
  if (format(row.p5) === format(row.p95)) return `${open}${mean}</td>`;
  const range = `${format(row.p5)}\u2013${format(row.p95)}`;
  return `${open}${mean} <span class="range">(${escapeHtml(range)})</span></td>`;
}

function headingCells(columns: readonly Column[]): string {
  return columns.map((column) => `<th scope="col"${cellTag(column)}>${escapeHtml(column.heading)}</th>`).join('');
}

/** Inputs of {@link renderSummaryTables}. */
export interface SummaryTableInput {
  summary: readonly SummaryRow[];
  regions: readonly ChartRegion[];
  national: ChartRegion;
  /** The distinct dates of the series, to turn peak day indices into dates. */
  dates: readonly string[];
}

/**
 * Renders the summary statistics as two HTML tables, totals with testing and beds per tier, with one row per
 * region and the national row last. A statistic missing from the input shows as "n/a". Captions state what the
 * test backlog counts and how days over capacity are counted, nationally too.
 */
export function renderSummaryTables(input: SummaryTableInput): string {
  const firstYear = input.dates[0]?.slice(0, 4);
  const lastYear = input.dates[input.dates.length - 1]?.slice(0, 4);
  const context: CellContext = {
    byKey: new Map(input.summary.map((row) => [`${row.region}\u0000${row.statistic}`, row])),
    dates: input.dates,
    year: firstYear === lastYear ? firstYear : undefined,
  };
  const rows = [
    ...input.regions.map((region) => ({ region, national: false })),
    { region: input.national, national: true },
  ];
  const body = (columns: readonly Column[]): string =>
    rows
      .map(({ region, national }) => {
        const cells = columns.map((column) => cell(context, region.code, column)).join('');
        const heading = `<th scope="row">${escapeHtml(region.name)}</th>`;
        return `<tr${national ? ' class="national"' : ''}>${heading}${cells}</tr>`;
      })
      .join('\n');

  const totals =
    '<h3>Totals and testing</h3>\n' +
    `<p class="caption">${escapeHtml(TEST_BACKLOG_TEXT)}</p>\n` +
    '<table class="summary">\n' +
    `<thead><tr><th scope="col">Region</th>${headingCells(TOTALS_COLUMNS)}</tr></thead>\n` +
    `<tbody>\n${body(TOTALS_COLUMNS)}\n</tbody>\n</table>`;

  const tierGroups = BED_TIERS.map(
    (tier) => `<th scope="colgroup" colspan="3" class="group-start">${escapeHtml(tier.label)}</th>`,
  ).join('');
  const bedColumns = BED_TIERS.flatMap((tier) => tierColumns(tier, context.year));
  const bedHead = `<tr><th scope="col" rowspan="2">Region</th>${tierGroups}</tr><tr>${headingCells(bedColumns)}</tr>`;
  const beds =
    '<h3>Beds by tier</h3>\n' +
    `<p class="caption">${escapeHtml(DAYS_OVER_CAPACITY_TEXT)}</p>\n` +
    '<table class="summary">\n' +
    `<thead>${bedHead}</thead>\n` +
    `<tbody>\n${body(bedColumns)}\n</tbody>\n</table>`;

  return `${totals}\n${beds}`;
}
