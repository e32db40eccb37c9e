import { METRIC_LABELS, type MetricName } from '../engine/index.js';
import { bandLayer, type SeriesColors } from './bands.js';
import { CHART_CONFIG, metricTitle, nationalName, type ReportChart, SCHEMA, WIDE } from './chart-context.js';
import { bandRows, type BandRow } from './chart-rows.js';
import { escapeHtml, formatNumber } from './format.js';
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

/** One plan of a comparison; the first is the base. */
export interface ComparisonPlan {
  name: string;
  hash: string;
  /** The national series of the plan, as quantiles over runs. */
  series: QuantileRow[];
  kpis: ComparisonKpi[];
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
  /** The base first, then the plans. */
  plans: ComparisonPlan[];
}

/** Series drawn plan against plan, nationally. */
const COMPARED_METRICS: readonly MetricName[] = [
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
  return {
    id: `series-${metric}`,
    title: `${METRIC_LABELS[metric].label}, national`,
    spec: {
      $schema: SCHEMA,
      description:
        'Each plan in its own colour: the line is the median over the runs and the band the 25th to 75th percentile.',
      config: CHART_CONFIG,
      ...WIDE,
      data: { values: rows },
      layer: [bandLayer({ yTitle: metricTitle(metric), colors: planColors(names), bands: 'inner' })],
    },
  };
}

function differencesChart(input: ComparisonInput): ReportChart {
  const base = input.plans[0]!.name;
  const rows = input.plans.slice(1).flatMap((plan) =>
    plan.kpis
      .filter((row) => row.region === input.nationalCode)
      .flatMap((row) => row.differences.map((difference) => ({ plan: plan.name, kpi: `${row.label} (${row.unit})`, difference }))),
  );
  const kpiOrder = [...new Set(rows.map((row) => row.kpi))];
  return {
    id: 'differences',
    title: `Difference to ${base}, national, run by run`,
    spec: {
      $schema: SCHEMA,
      description:
        `Each plan minus ${base} in the same run, which shares its random numbers: the box spans the 25th to 75th ` +
        'percentile with the median inside, and the whiskers reach the smallest and the largest difference.',
      config: CHART_CONFIG,
      data: { values: rows },
      facet: {
        row: { field: 'kpi', type: 'nominal', title: null, sort: kpiOrder, header: { labelAngle: 0, labelAlign: 'left' } },
      },
      resolve: { scale: { x: 'independent' } },
      spec: {
        width: 560,
        height: { step: 18 },
        mark: { type: 'boxplot', extent: 'min-max' },
        encoding: {
          x: { field: 'difference', type: 'quantitative', title: 'Plan minus base' },
          y: { field: 'plan', type: 'nominal', title: null },
          color: { field: 'plan', type: 'nominal', scale: planColors(input.plans.map((p) => p.name)), legend: null },
        },
      },
    },
  };
}

function spreadCell(spread: ComparisonSpread): string {
  return (
    `${formatNumber(spread.p50)}<span class="range">${formatNumber(spread.p5)} to ${formatNumber(spread.p95)}</span>`
  );
}

function probabilityCell(row: ComparisonKpi): string {
  return Number.isFinite(row.probabilityBetter) ? `${Math.round(100 * row.probabilityBetter)} %` : 'n/a';
}

/** Renders the national KPI table: per KPI, each plan's median value, its difference to the base and P(better). */
function kpiTable(input: ComparisonInput): string {
  const [base, ...plans] = input.plans;
  const nationalOf = (plan: ComparisonPlan): ComparisonKpi[] => plan.kpis.filter((row) => row.region === input.nationalCode);
  const baseRows = nationalOf(base!);
  const head =
    '<thead><tr><th scope="col">KPI</th>' +
    `<th scope="col">${escapeHtml(base!.name)} (base)</th>` +
    plans
      .map(
        (plan) =>
          `<th scope="colgroup" colspan="3" class="group-start">${escapeHtml(plan.name)}</th>`,
      )
      .join('') +
    '</tr><tr><th></th><th>median (90 %)</th>' +
    plans.map(() => '<th class="group-start">median (90 %)</th><th>difference (90 %)</th><th>P(better)</th>').join('') +
    '</tr></thead>';
  const body = baseRows.map((baseRow, k) => {
    const cells = plans.map((plan) => {
      const row = nationalOf(plan)[k]!;
      return `<td class="group-start">${spreadCell(row.value)}</td><td>${spreadCell(row.difference)}</td><td>${probabilityCell(row)}</td>`;
    });
    return (
      `<tr><th scope="row">${escapeHtml(baseRow.label)} (${escapeHtml(baseRow.unit)})</th>` +
      `<td>${spreadCell(baseRow.value)}</td>${cells.join('')}</tr>`
    );
  });
  return `<table class="summary">${head}<tbody>${body.join('')}</tbody></table>`;
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
    'plan did better than the base, ties left out.</p>\n</header>'
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
      `<section id="kpis">\n<h2>Key performance indicators, national</h2>\n${kpiTable(input)}\n</section>`,
      ...charts.map(renderChart),
    ],
  });
}
