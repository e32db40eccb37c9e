import type { SummaryStatistic } from '../engine/index.js';
import type { ChartRegion } from './chart-rows.js';
import { escapeHtml, NOT_AVAILABLE } from './format.js';
import { formatMoneyTogether, MONEY_ROUNDING_TEXT } from './money.js';
import type { ReportCurrency, SummaryRow } from './report-input.js';

/** The levers of the cost table in display order, each with its summary statistic. */
const LEVERS: readonly { statistic: SummaryStatistic; label: string }[] = [
  { statistic: 'cost_testing_sites', label: 'Testing sites' },
  { statistic: 'cost_tests', label: 'Tests' },
  { statistic: 'cost_tracing', label: 'Tracing staff' },
  { statistic: 'cost_rtc_beds', label: 'Treatment centre beds' },
  { statistic: 'cost_ward_beds', label: 'Ward beds' },
  { statistic: 'cost_icu_beds', label: 'ICU beds' },
  { statistic: 'cost_relief', label: 'Relief payments' },
  { statistic: 'cost_grants', label: 'Grants to regions' },
];

/** Inputs of {@link renderCostTables}. */
export interface CostTableInput {
  summary: readonly SummaryRow[];
  regions: readonly ChartRegion[];
  national: ChartRegion;
  currency: ReportCurrency;
}

/**
 * Formats an amount over the runs as "mean (p5 to p95)" by {@link formatMoneyTogether}, so the three share one
 * scale, or the mean alone when the two percentiles read the same, as in a deterministic run. `divisor` converts to
 * another currency.
 */
function amountCell(row: SummaryRow | undefined, divisor: number): string {
  if (row === undefined) return `<td>${NOT_AVAILABLE}</td>`;
  const [meanText, low, high] = formatMoneyTogether([row.mean / divisor, row.p5 / divisor, row.p95 / divisor]);
  const mean = `<span class="mean">${escapeHtml(meanText!)}</span>`;
  if (low === high) return `<td>${mean}</td>`;
  return `<td>${mean} <span class="range">(${escapeHtml(`${low} to ${high}`)})</span></td>`;
}

/** Formats the share of the mean total that a lever's mean makes, in percent. */
function shareCell(row: SummaryRow | undefined, total: SummaryRow | undefined): string {
  if (row === undefined || total === undefined || !(total.mean > 0)) return `<td>${NOT_AVAILABLE}</td>`;
  return `<td>${(100 * (row.mean / total.mean)).toFixed(1)} %</td>`;
}

/**
 * Renders the costs over the horizon as two HTML tables: the national cost of each lever and their
 * total, and the total cost of each region with the national row last. Amounts are in the scenario's
 * currency and, when it gives a rate, in US dollars at that fixed rate.
 */
export function renderCostTables(input: CostTableInput): string {
  const byKey = new Map(input.summary.map((row) => [`${row.region}\u0000${row.statistic}`, row]));
  const rowOf = (region: string, statistic: SummaryStatistic) => byKey.get(`${region}\u0000${statistic}`);
  const { code, perUsd } = input.currency;
  const withUsd = perUsd !== null;
  const amountCells = (row: SummaryRow | undefined): string =>
    amountCell(row, 1) + (withUsd ? amountCell(row, perUsd) : '');
  const amountHeadings =
    `<th scope="col">${escapeHtml(code)}</th>` + (withUsd ? '<th scope="col">USD</th>' : '');

  const nationalTotal = rowOf(input.national.code, 'cost_total');
  const leverRows = LEVERS.map(({ statistic, label }) => {
    const row = rowOf(input.national.code, statistic);
    return `<tr><th scope="row">${escapeHtml(label)}</th>${amountCells(row)}${shareCell(row, nationalTotal)}</tr>`;
  });
  leverRows.push(
    `<tr class="national"><th scope="row">Total</th>${amountCells(nationalTotal)}` +
      `${shareCell(nationalTotal, nationalTotal)}</tr>`,
  );
  const byLever =
    `<h3>Cost by lever, ${escapeHtml(input.national.name)}</h3>\n<table class="summary">\n` +
    `<thead><tr><th scope="col">Lever</th>${amountHeadings}<th scope="col">Share of the total</th></tr></thead>\n` +
    `<tbody>\n${leverRows.join('\n')}\n</tbody>\n</table>`;

  const regions = [
    ...input.regions.map((region) => ({ region, national: false })),
    { region: input.national, national: true },
  ];
  const regionRows = regions.map(({ region, national }) => {
    const cells = amountCells(rowOf(region.code, 'cost_total')) + amountCell(rowOf(region.code, 'cost_relief'), 1);
    return `<tr${national ? ' class="national"' : ''}><th scope="row">${escapeHtml(region.name)}</th>${cells}</tr>`;
  });
  const byRegion =
    '<h3>Cost by region</h3>\n<table class="summary">\n' +
    `<thead><tr><th scope="col" rowspan="2">Region</th><th scope="colgroup" colspan="${withUsd ? 2 : 1}">Total cost</th>` +
    `<th scope="col">Relief payments</th></tr><tr>${amountHeadings}<th scope="col">${escapeHtml(code)}</th></tr></thead>\n` +
    `<tbody>\n${regionRows.join('\n')}\n</tbody>\n</table>`;

  return `${byLever}\n${byRegion}`;
}

/** Builds the caption of the cost tables: what the cells show and the exchange rate. */
export function costCaption(currency: ReportCurrency, deterministic: boolean): string {
  const cells = deterministic
    ? 'Costs over the whole horizon.'
    : 'Costs over the whole horizon: the mean over runs with the 5th to 95th percentile in parentheses.';
  const rate =
    currency.perUsd === null
      ? ' The scenario gives no exchange rate, so there are no US dollar amounts.'
      : ` US dollars at the scenario's fixed rate of ${currency.perUsd.toLocaleString('en-US')} ${currency.code} per USD.`;
  return `${cells} Each lever is priced at the scenario's unit costs.${rate} ${MONEY_ROUNDING_TEXT}`;
}
