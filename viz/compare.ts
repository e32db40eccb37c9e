import { METRIC_LABELS, type MetricName } from '../engine/index.js';
import { bandLayer, type SeriesColors } from './bands.js';
import {
  CHART_CONFIG,
  metricTitle,
  nationalName,
  type ReportChart,
  SCHEMA,
  SHORT_Y_CHART_CONFIG,
  WIDE,
} from './chart-context.js';
import { bandRows, type BandRow } from './chart-rows.js';
import { escapeHtml, formatNumber, NOT_AVAILABLE } from './format.js';
import { DAYS_OVER_CAPACITY_TEXT, TEST_BACKLOG_TEXT } from './kpi-text.js';
import { formatMoneyTogether, MONEY_ROUNDING_TEXT, moneyScaleFor, moneyUnit } from './money.js';
import { renderChart, renderPage } from './page.js';
import type { QuantileRow } from './report-input.js';
import { indexSeries } from './series-index.js';

/** Mean and quantiles of one quantity over runs. */
export interface ComparisonSpread {
  mean: number;
  p5: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
}

/** One KPI of one plan in one region, as the comparison page shows it. */
export interface ComparisonKpi {
  kpi: string;
  label: string;
  unit: string;
  better: 'lower' | 'higher' | 'none';
  /** Whether the KPI is an amount of money in the comparison's currency, shown in short-scale words. */
  money?: boolean;
  /** Region code, or the national code. */
  region: string;
  value: ComparisonSpread;
  /** Plan minus base, run by run. */
  difference: ComparisonSpread;
  /** Share of runs in which the plan does better than the base; NaN when the KPI has no better direction. */
  probabilityBetter: number;
  /** The differences of every run, for the national KPIs; empty for the regions. */
  differences: number[];
}

/** The national cost per death averted of a plan against the base. */
export interface ComparisonCostPerDeath {
  unit: string;
  /** Mean extra cost over mean deaths averted; NaN when the plan averts no death on average. */
  ratioOfMeans: number;
  /** Quantiles of the run-by-run ratio over the runs that avert deaths. */
  perRun: ComparisonSpread;
  /** Share of runs that avert no death, 0-1. */
  noDeathsAvertedShare: number;
}

/** One plan of a comparison; the first is the base. */
export interface ComparisonPlan {
  name: string;
  hash: string;
  /** The national series of the plan, as quantiles over runs. */
  series: QuantileRow[];
  kpis: ComparisonKpi[];
  /** Its national cost per death averted against the base, shown for the plans after the base with an economy. */
  costPerDeathAverted?: ComparisonCostPerDeath;
}

/** Everything the comparison page shows. */
export interface ComparisonInput {
  engineVersion: string;
  mode: 'deterministic' | 'stochastic';
  runs: number;
  seed: string | number;
  createdAt?: string;
  nationalCode: string;
  regions: { code: string; name: string }[];
  /**
   * Currency of the money KPIs when the base has an economy group. Without it, the page leaves out
   * the costs, the consumption added by relief, the income ratio and the cost per death averted.
   */
  currency?: { code: string; perUsd: number | null } | null;
  /** The base first, then the plans. */
  plans: ComparisonPlan[];
}

/** KPIs that come from the economy group, left out of the page without one. */
const ECONOMY_KPIS = new Set(['consumption_extra', 'income_quintile_ratio']);

function hasEconomy(input: ComparisonInput): boolean {
  return input.currency !== undefined && input.currency !== null;
}

/** Keeps the national KPIs the page shows: all of them with an economy, the epidemic ones without. */
function shownKpis(input: ComparisonInput, plan: ComparisonPlan): ComparisonKpi[] {
  return plan.kpis.filter(
    (row) =>
      row.region === input.nationalCode &&
      (hasEconomy(input) || (row.money !== true && !ECONOMY_KPIS.has(row.kpi))),
  );
}

/** Text that states which direction is better for each KPI and the rule of the cost per death averted. */
const COST_PER_DEATH_TEXT =
  'Costs are better lower, consumption added by relief higher, and the income ratio of the highest to the ' +
  'lowest quintile, of incomes summed over the horizon, lower. The cost per death averted is the mean extra cost ' +
  'of a plan over the mean deaths it averts, with the 5th to 95th percentile of the run-by-run ratio below it. ' +
  'Runs that avert no death leave that ratio and are counted on their own; without deaths averted on average ' +
  'there is no ratio.';

/** Series drawn plan against plan, nationally. */
export const COMPARED_METRICS: readonly MetricName[] = [
  'confirmed_new',
  'deaths_cum',
  'icu_occupied',
  'ward_occupied',
  'rtc_occupied',
  'waiting_ward',
  'tests_backlog',
];

/** Colours of up to ten plans: a qualitative palette with the base in dark blue. */
const PLAN_COLORS = [
  '#2b6cb0', '#dd6b20', '#2f855a', '#c53030', '#6b46c1', '#b7791f', '#319795', '#d53f8c', '#4a5568', '#975a16',
];

function planColors(names: readonly string[]): SeriesColors {
  return { domain: [...names], range: names.map((_, i) => PLAN_COLORS[i % PLAN_COLORS.length]!) };
}

function seriesChart(input: ComparisonInput, metric: MetricName): ReportChart {
  const national = { code: input.nationalCode, name: nationalName(input.nationalCode) };
  const rows: BandRow[] = input.plans.flatMap((plan) => bandRows(indexSeries(plan.series), metric, national, plan.name));
  const names = input.plans.map((plan) => plan.name);
  const dayCount = new Set(rows.map((row) => row.date)).size;
  return {
    id: `series-${metric}`,
    title: `${METRIC_LABELS[metric].label}, national`,
    spec: {
      $schema: SCHEMA,
      description:
        'Each plan in its own colour: the line is the median over the runs and the band the 25th to 75th percentile.',
      config: SHORT_Y_CHART_CONFIG,
      ...WIDE,
      data: { values: rows },
      layer: [bandLayer({ yTitle: metricTitle(metric), colors: planColors(names), bands: 'inner', dayCount })],
    },
  };
}

/**
 * Returns each run's difference of a KPI with the facet label that names its unit. Money goes in whole
 * numbers of the scale that the tables use for the largest difference of the KPI over every plan, so
 * that axes read "million KRW".
 */
function differenceRows(input: ComparisonInput): { plan: string; kpi: string; difference: number }[] {
  const plans = input.plans.slice(1);
  const scaleOf = new Map<string, number>();
  for (const plan of plans) {
    for (const row of shownKpis(input, plan)) {
      if (row.money !== true) continue;
      const largest = Math.max(scaleOf.get(row.kpi) ?? 0, ...row.differences.map(Math.abs));
      scaleOf.set(row.kpi, largest);
    }
  }
  return plans.flatMap((plan) =>
    shownKpis(input, plan).flatMap((row) => {
      const scale = moneyScaleFor(row.money === true ? (scaleOf.get(row.kpi) ?? 0) : 1);
      const unit = row.money === true ? moneyUnit(scale, row.unit) : row.unit;
      // Adding 0 turns the -0 of a small negative amount into 0.
      const toChart = (difference: number) =>
        row.money === true ? Math.round(difference / scale.divisor) + 0 : difference;
      return row.differences.map((difference) => ({
        plan: plan.name,
        kpi: `${row.label} (${unit})`,
        difference: toChart(difference),
      }));
    }),
  );
}

/**
 * Widest plan label of the difference chart, in pixels; longer ones end in an ellipsis. With the boxes, it fits the
 * page's column, and each KPI's name sits above its boxes rather than beside them.
 */
const PLAN_LABEL_LIMIT = 500;

function differencesChart(input: ComparisonInput): ReportChart {
  const base = input.plans[0]!.name;
  const rows = differenceRows(input);
  const kpiOrder = [...new Set(rows.map((row) => row.kpi))];
  return {
    id: 'differences',
    title: `Difference to ${base}, national, run by run`,
    spec: {
      $schema: SCHEMA,
      description:
        `Each plan minus ${base} in the same run, which shares its random numbers: the box spans the 25th to 75th ` +
        'percentile with the median inside, and the whiskers reach the smallest and the largest difference.',
      // Thousands separators in the tooltips, and at most six decimals where vega would print every digit.
      config: { ...CHART_CONFIG, tooltipFormat: { numberFormat: ',~f' } },
      data: { values: rows },
      facet: {
        row: { field: 'kpi', type: 'nominal', title: null, sort: kpiOrder, header: { labelAngle: 0, labelAlign: 'left', labelOrient: 'top' } },
      },
      resolve: { scale: { x: 'independent' } },
      spec: {
        width: 440,
        height: { step: 18 },
        mark: { type: 'boxplot', extent: 'min-max' },
        encoding: {
          x: { field: 'difference', type: 'quantitative', title: 'Plan minus base' },
          // The plans in the order given, with labels long enough for names that differ only in their file.
          y: {
            field: 'plan',
            type: 'nominal',
            title: null,
            sort: input.plans.slice(1).map((plan) => plan.name),
            axis: { labelLimit: PLAN_LABEL_LIMIT },
          },
          color: { field: 'plan', type: 'nominal', scale: planColors(input.plans.map((p) => p.name)), legend: null },
        },
      },
    },
  };
}

/** Formats a ratio with two decimals, since income ratios of plans differ in the second. */
function formatRatio(value: number): string {
  return Number.isFinite(value) ? value.toFixed(2) : NOT_AVAILABLE;
}

/**
 * Picks the number format of a KPI's cell: short-scale words for money, in one scale for every amount of the cell,
 * and two decimals for ratios.
 */
function formatterOf(row: ComparisonKpi): (values: readonly number[]) => string[] {
  if (row.money === true) return formatMoneyTogether;
  const format = row.unit === 'ratio' ? formatRatio : formatNumber;
  return (values) => values.map(format);
}

function spreadCell(spread: ComparisonSpread, formatCell: (values: readonly number[]) => string[]): string {
  const [median, low, high] = formatCell([spread.p50, spread.p5, spread.p95]);
  // A KPI without a value in any run, or with one value in every run (one deterministic run), has no range to show.
  // Neither has a KPI whose 5th and 95th percentiles read the same once rounded.
  if (!Number.isFinite(spread.p5) && !Number.isFinite(spread.p95)) return median!;
  if (spread.p5 === spread.p95 || low === high) return median!;
  return `${median}<span class="range">${low} to ${high}</span>`;
}

function percent(share: number): string {
  return Number.isFinite(share) ? `${Math.round(100 * share)} %` : NOT_AVAILABLE;
}

function probabilityCell(row: ComparisonKpi): string {
  return percent(row.probabilityBetter);
}

/**
 * Renders the cost per death averted of one plan as table cells: the ratio of means over the
 * 5th to 95th percentile of the run-by-run ratio, and the share of runs that avert no death.
 */
function costPerDeathCells(entry: ComparisonCostPerDeath | undefined): string {
  if (entry === undefined) return `<td class="group-start">${NOT_AVAILABLE}</td><td></td><td>${NOT_AVAILABLE}</td>`;
  const [ratio, low, high] = formatMoneyTogether([entry.ratioOfMeans, entry.perRun.p5, entry.perRun.p95]);
  // One run, or runs that all give the same ratio, have no range to show.
  const perRun = Number.isFinite(entry.perRun.p50) && low !== high ? `<span class="range">${low} to ${high}</span>` : '';
  const value = `${ratio}${perRun}`;
  const none = `no death averted in ${percent(entry.noDeathsAvertedShare)} of runs`;
  return `<td class="group-start">${value}</td><td>${none}</td><td>${NOT_AVAILABLE}</td>`;
}

/** Renders the national KPI table: per KPI, each plan's median value, its difference to the base and P(better). */
function kpiTable(input: ComparisonInput): string {
  const [base, ...plans] = input.plans;
  const nationalOf = (plan: ComparisonPlan): ComparisonKpi[] => shownKpis(input, plan);
  const baseRows = nationalOf(base!);
  // One deterministic run has a value, not a median and a spread.
  const single = input.mode === 'deterministic';
  const value = single ? 'value' : 'median (90 %)';
  const difference = single ? 'difference' : 'difference (90 %)';
  const head =
    '<thead><tr><th scope="col" rowspan="2">KPI</th>' +
    `<th scope="col">${escapeHtml(base!.name)} (base)</th>` +
    plans
      .map(
        (plan) =>
          `<th scope="colgroup" colspan="3" class="group-start">${escapeHtml(plan.name)}</th>`,
      )
      .join('') +
    `</tr><tr><th>${value}</th>` +
    plans.map(() => `<th class="group-start">${value}</th><th>${difference}</th><th>P(better)</th>`).join('') +
    '</tr></thead>';
  const body = baseRows.map((baseRow, k) => {
    const cells = plans.map((plan) => {
      const row = nationalOf(plan)[k]!;
      const format = formatterOf(row);
      return (
        `<td class="group-start">${spreadCell(row.value, format)}</td><td>${spreadCell(row.difference, format)}</td>` +
        `<td>${probabilityCell(row)}</td>`
      );
    });
    return (
      `<tr><th scope="row">${escapeHtml(baseRow.label)} (${escapeHtml(baseRow.unit)})</th>` +
      `<td>${spreadCell(baseRow.value, formatterOf(baseRow))}</td>${cells.join('')}</tr>`
    );
  });
  if (hasEconomy(input)) {
    const unit = plans.find((plan) => plan.costPerDeathAverted !== undefined)?.costPerDeathAverted?.unit ?? '';
    body.push(
      `<tr><th scope="row">Cost per death averted (${escapeHtml(unit)})</th><td>${NOT_AVAILABLE}</td>` +
        `${plans.map((plan) => costPerDeathCells(plan.costPerDeathAverted)).join('')}</tr>`,
    );
  }
  return `<table class="summary">${head}<tbody>${body.join('')}</tbody></table>`;
}

/** Renders the caption of the KPI table, which explains the KPIs that mislead without it. */
function kpiCaption(): string {
  return (
    `<p class="caption">${escapeHtml(DAYS_OVER_CAPACITY_TEXT)}</p>\n` +
    `<p class="caption">${escapeHtml(TEST_BACKLOG_TEXT)}</p>`
  );
}

function renderHeader(input: ComparisonInput): string {
  const items: [string, string][] = [
    ['Base', escapeHtml(input.plans[0]!.name)],
    ['Plans', escapeHtml(input.plans.slice(1).map((plan) => plan.name).join(', '))],
    ['Engine version', escapeHtml(input.engineVersion)],
    ['Mode', escapeHtml(input.mode)],
    ['Runs', escapeHtml(input.runs.toLocaleString('en-US'))],
    ['Seed', escapeHtml(String(input.seed))],
  ];
  if (input.createdAt !== undefined) items.push(['Created', escapeHtml(input.createdAt)]);
  const list = items.map(([term, value]) => `<dt>${term}</dt><dd>${value}</dd>`).join('');
  return (
    '<header>\n<h1>Plan comparison</h1>\n' +
    `<dl class="provenance">${list}</dl>\n` +
    '<p class="bands">Every plan ran with common random numbers: run i of each plan drew the same parameter values ' +
    'and the same random streams, so a difference between plans in one run is the plans\' own. Table cells give ' +
    'the median over runs with the 5th to 95th percentile below it; P(better) is the share of runs in which the ' +
    'plan did better than the base, ties left out.' +
    (hasEconomy(input) ? ` ${COST_PER_DEATH_TEXT} ${MONEY_ROUNDING_TEXT}` : '') +
    '</p>\n</header>'
  );
}

/**
 * Renders the comparison as one self-contained HTML page: the national KPI table, the main series plan
 * against plan, and the run-by-run distribution of each plan's difference to the base.
 *
 * @throws RangeError when a plan's series is empty or malformed, as `indexSeries` reports.
 */
export function renderComparison(input: ComparisonInput): string {
  const charts = [...COMPARED_METRICS.map((metric) => seriesChart(input, metric))];
  if (input.plans.length > 1) charts.push(differencesChart(input));
  const links = [
    '<li><a href="#kpis">KPIs</a></li>',
    ...charts.map((chart) => `<li><a href="#${chart.id}">${escapeHtml(chart.title)}</a></li>`),
  ];
  return renderPage({
    title: `tttsim comparison: ${input.plans.map((plan) => plan.name).join(', ')}`,
    header: renderHeader(input),
    sections: [
      `<nav><ul>${links.join('')}</ul></nav>`,
      `<section id="kpis">\n<h2>Key performance indicators, national</h2>\n${kpiCaption()}\n${kpiTable(input)}\n</section>`,
      ...charts.map(renderChart),
    ],
  });
}
