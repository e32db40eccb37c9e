import { readBrowserBuilds } from './browser-builds.js';
import type { ReportChart } from './chart-context.js';
import { escapeHtml, jsonForScript } from './format.js';
import type { ReportInput } from './report-input.js';
import { chartSteps, createChartContext } from './specs.js';
import { finishSteps, finishStepsUnlessAborted, type Steps } from './steps.js';
import { costCaption, type CostTableInput, renderCostTables } from './cost-table.js';
import { renderSummaryTables } from './summary-table.js';

/** Length of the scenario hash shown in the header. The element's title carries the full hash. */
const SHORT_HASH_LENGTH = 12;

/**
 * The page may run inline scripts and styles and nothing else: no fetch, font, image or frame from anywhere.
 * Vega compiles its expressions with `new Function`, hence 'unsafe-eval'.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:";

const STYLE = `
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a202c; margin: 0; }
header, main { max-width: 1120px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 24px; border-bottom: 1px solid #e2e8f0; }
h1 { font-size: 1.6rem; margin: 0 0 8px; }
h2 { font-size: 1.2rem; margin: 32px 0 4px; }
h3 { font-size: 1rem; margin: 20px 0 6px; }
dl.provenance {
  display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; font-size: 0.9rem;
}
dl.provenance dt { color: #4a5568; }
dl.provenance dd { margin: 0; font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; }
p.bands, p.caption { color: #4a5568; font-size: 0.9rem; max-width: 80ch; }
nav ul { display: flex; flex-wrap: wrap; gap: 4px 16px; padding: 0; list-style: none; font-size: 0.9rem; }
section { overflow-x: auto; }
table.summary { border-collapse: collapse; font-size: 0.85rem; margin-bottom: 16px; }
table.summary th, table.summary td { border-bottom: 1px solid #e2e8f0; padding: 4px 8px; text-align: right; }
table.summary th[scope="row"], table.summary thead tr:first-child > th:first-child { text-align: left; }
table.summary thead th { vertical-align: bottom; background: #f7fafc; }
table.summary th[scope="colgroup"] { text-align: center; }
table.summary tr.national { font-weight: 600; border-top: 2px solid #a0aec0; }
table.summary th[scope="row"] { white-space: nowrap; }
/*
 * The first column names each row, so it stays in view while a wide table scrolls sideways in its section. The
 * first cell of the first header row is that column's heading, which spans every header row.
 */
table.summary th[scope="row"], table.summary thead tr:first-child > th:first-child {
  position: sticky; left: 0; z-index: 1; box-shadow: inset -1px 0 0 #cbd5e0;
}
table.summary tbody th[scope="row"] { background: #fff; }
table.summary .group-start { border-left: 1px solid #cbd5e0; }
table.summary .range { display: block; color: #718096; font-weight: normal; font-size: 0.75rem; white-space: nowrap; }
.chart[data-rendered="failed"] { color: #c53030; }
`;

/** Runs in the page: embeds every chart from its JSON spec and marks each container when vega has drawn it. */
const EMBED_SCRIPT = `
(function () {
  var containers = document.querySelectorAll('[data-chart]');
  var pending = Array.prototype.map.call(containers, function (container) {
    var id = container.getAttribute('data-chart');
    var spec = JSON.parse(document.getElementById('spec-' + id).textContent);
    return vegaEmbed(container, spec, { actions: false, renderer: 'svg' }).then(
      function () { container.setAttribute('data-rendered', 'true'); },
      function (error) {
        container.setAttribute('data-rendered', 'failed');
        container.textContent = 'This chart failed to render: ' + error.message;
        console.error(error);
      }
    );
  });
  Promise.all(pending).then(function () { document.body.setAttribute('data-charts-done', 'true'); });
})();
`;

function bandsExplanation(input: ReportInput): string {
  if (input.mode === 'deterministic') {
    return (
      'Deterministic run: one trajectory from mean values, so every band coincides with its line and each table ' +
      'cell is a single value.'
    );
  }
  const runs = `${input.runs.toLocaleString('en-US')} run${input.runs === 1 ? '' : 's'}`;
  return (
    `Lines are the median over ${runs}. The darker band spans the 25th to 75th percentile (50 % interval) and ` +
    'the lighter band the 5th to 95th percentile (90 % interval). Table cells show the mean over runs with the ' +
    '5th to 95th percentile in parentheses.'
  );
}

function renderHeader(input: ReportInput): string {
  const shortHash = input.scenarioHash.slice(0, SHORT_HASH_LENGTH);
  const items: [string, string][] = [
    ['Scenario hash', `<span title="${escapeHtml(input.scenarioHash)}">${escapeHtml(shortHash)}</span>`],
    ['Engine version', escapeHtml(input.engineVersion)],
    ['Mode', escapeHtml(input.mode)],
    ['Runs', escapeHtml(input.runs.toLocaleString('en-US'))],
    ['Seed', escapeHtml(String(input.seed))],
  ];
  if (input.createdAt !== undefined) items.push(['Created', escapeHtml(input.createdAt)]);
  const list = items.map(([term, value]) => `<dt>${term}</dt><dd>${value}</dd>`).join('');
  return (
    '<header>\n' +
    `<h1>${escapeHtml(input.scenarioName)}</h1>\n` +
    `<dl class="provenance">${list}</dl>\n` +
    `<p class="bands">${escapeHtml(bandsExplanation(input))}</p>\n` +
    '</header>'
  );
}

function renderNavigation(charts: readonly ReportChart[], withCosts: boolean): string {
  const links = charts.map((chart) => `<li><a href="#${chart.id}">${escapeHtml(chart.title)}</a></li>`);
  if (withCosts) links.push('<li><a href="#costs">Costs</a></li>');
  links.push('<li><a href="#summary">Summary</a></li>');
  return `<nav><ul>${links.join('')}</ul></nav>`;
}

/** Note shown in place of a chart without any value to draw, unless the chart brings its own. */
const NO_VALUES_NOTE = 'No day of this run has a value to draw in this chart.';

/**
 * Reports whether any row of a spec's inline data, in `datasets` or `data.values`, has a finite number. Vega
 * draws an empty frame for data without one and warns of an infinite extent for each scale.
 */
function hasFiniteValue(spec: ReportChart['spec']): boolean {
  const datasets = 'datasets' in spec && spec.datasets !== undefined ? Object.values(spec.datasets) : [];
  const inline = 'data' in spec && spec.data !== undefined && spec.data !== null && 'values' in spec.data ? [spec.data.values] : [];
  for (const rows of [...datasets, ...inline]) {
    if (!Array.isArray(rows)) continue;
    for (const row of rows as unknown[]) {
      if (typeof row !== 'object' || row === null) continue;
      if (Object.values(row).some((value) => typeof value === 'number' && Number.isFinite(value))) return true;
    }
  }
  return false;
}

/**
 * Renders one chart as a section: its heading, caption, container and JSON spec. A chart without any finite
 * value gets its heading and a note in place of the rest.
 */
export function renderChart(chart: ReportChart): string {
  if (!hasFiniteValue(chart.spec)) {
    return (
      `<section id="${escapeHtml(chart.id)}">\n` +
      `<h2>${escapeHtml(chart.title)}</h2>\n` +
      `<p class="caption">${escapeHtml(chart.emptyNote ?? NO_VALUES_NOTE)}</p>\n` +
      '</section>'
    );
  }
  const caption = chart.spec.description ?? '';
  return (
    `<section id="${escapeHtml(chart.id)}">\n` +
    `<h2>${escapeHtml(chart.title)}</h2>\n` +
    (caption === '' ? '' : `<p class="caption">${escapeHtml(caption)}</p>\n`) +
    `<div class="chart" data-chart="${escapeHtml(chart.id)}"></div>\n` +
    `<script type="application/json" id="spec-${escapeHtml(chart.id)}">${jsonForScript(chart.spec)}</script>\n` +
    '</section>'
  );
}

/** The parts of a page that differ between the report and the comparison. */
export interface PageParts {
  /** Text of the `<title>` element. */
  title: string;
  /** HTML of the `<header>` element, already escaped. */
  header: string;
  /** HTML of the sections inside `<main>`, already escaped, charts as {@link renderChart} makes them. */
  sections: string[];
}

/**
 * Renders a self-contained HTML page around the given parts: the style, a content security policy that allows
 * no request, and the browser builds of vega, vega-lite and vega-embed inline, so that it opens offline.
 *
 * @throws Error when a browser build is missing from node_modules.
 */
export function renderPage(parts: PageParts): string {
  const builds = readBrowserBuilds();
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(parts.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    parts.header,
    '<main>',
    ...parts.sections,
    '</main>',
    ...builds.map((build) => `<script data-package="${build.packageName}">${build.source}</script>`),
    `<script>${EMBED_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** Renders the section of cost tables of a report with an economy. */
function renderCostSection(input: ReportInput, regions: CostTableInput['regions'], national: CostTableInput['national']): string {
  const currency = input.currency!;
  const tables = renderCostTables({ summary: input.summary, regions, national, currency });
  const caption = escapeHtml(costCaption(currency, input.mode === 'deterministic'));
  return `<section id="costs">\n<h2>Costs</h2>\n<p class="caption">${caption}</p>\n${tables}\n</section>`;
}

/**
 * Renders the report as one self-contained HTML page: the charts of `buildReportSpecs`, the cost tables when
 * the input has a currency, and the summary tables. The browser builds of vega, vega-lite and vega-embed are
 * inline, so that the page opens offline and requests nothing.
 *
 * @throws RangeError when the input is inconsistent, as described at `checkReportInput`.
 * @throws Error when a browser build is missing from node_modules.
 */
export function renderReport(input: ReportInput): string {
  return finishSteps(reportSteps(input));
}

/**
 * Renders the report as {@link renderReport} does, with a turn of the event loop between steps, so
 * that an interrupt can abort `signal` while a long report is built. No step runs after it aborts.
 *
 * @throws the signal's reason (as a rejection) when it aborts before the page is complete
 * @throws RangeError and Error (as rejections) as {@link renderReport} does
 */
export function renderReportAsync(input: ReportInput, signal: AbortSignal): Promise<string> {
  return finishStepsUnlessAborted(reportSteps(input), signal);
}

/** Renders the report in steps: the checks and the series index, each chart, then the page. */
function* reportSteps(input: ReportInput): Steps<string> {
  const context = createChartContext(input);
  yield;
  const charts = yield* chartSteps(context);
  yield;
  const renderedCharts: string[] = [];
  for (const chart of charts) {
    renderedCharts.push(renderChart(chart));
    yield;
  }
  const tables = renderSummaryTables({
    summary: input.summary,
    regions: context.regions,
    national: context.national,
    dates: context.index.dates,
  });
  const costs = input.currency === undefined ? [] : [renderCostSection(input, context.regions, context.national)];
  return renderPage({
    title: `tttsim report: ${input.scenarioName}`,
    header: renderHeader(input),
    sections: [
      renderNavigation(charts, costs.length > 0),
      ...renderedCharts,
      ...costs,
      `<section id="summary">\n<h2>Summary</h2>\n${tables}\n</section>`,
    ],
  });
}
