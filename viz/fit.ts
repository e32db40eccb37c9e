import { CHART_CONFIG, DATE_LABEL, OWN_DATE_AXES, PANEL, SCHEMA, WIDE, type ReportChart } from './chart-context.js';
import { escapeHtml, formatNumber, NOT_AVAILABLE } from './format.js';
import { renderChart, renderPage } from './page.js';

/** One day of one observed series beside the fitted mean. */
export interface FitSeriesRow {
  date: string;
  /** Display name of the region, or of the national figure. */
  region: string;
  quantity: 'confirmed' | 'deaths' | 'tests';
  /** Observed count, null on a day left out of the likelihood. */
  observed: number | null;
  fitted: number;
  /** Pearson residual, (observed - fitted) / standard deviation of the count model; null without an observation. */
  residual: number | null;
}

/** One fitted parameter as the page shows it. */
export interface FitParameterRow {
  name: string;
  label: string;
  unit: string;
  estimate: number;
  lower: number | null;
  upper: number | null;
  /** Status of each end of the interval (`found`, `interpolated`, `rangeBound`, `unresolved`, `betterOptimum`), or null. */
  lowerStatus: string | null;
  upperStatus: string | null;
  /** The profile likelihood by value, the estimate included: the drop below the maximum at each point. */
  profile: { value: number; drop: number }[];
  rangeLower: number;
  rangeUpper: number;
  onBound: boolean;
}

/** Goodness of fit of one series as the page shows it. */
export interface FitRegionRow {
  region: string;
  quantity: string;
  dispersion: number;
  rmsePerDay: number;
  /** Cumulative count at each month end in the window: observed, fitted and relative error. */
  monthEnds: { date: string; observed: number | null; fitted: number; relativeError: number | null }[];
  /** The same at the month ends after the window that have observed counts: out of sample. */
  forecast: { date: string; observed: number | null; fitted: number; relativeError: number | null }[];
}

/** Everything the fit page shows. */
export interface FitPageInput {
  scenarioName: string;
  command: string;
  createdAt?: string;
  from: string;
  to: string;
  logLikelihood: number;
  countModel: string;
  /** Description of the intervals, or null when none were computed. */
  intervalMethod: string | null;
  /** Drop of the log-likelihood that marks each end of an interval, or null when none were computed. */
  targetDrop: number | null;
  /** Reasons to review the fit; empty when it converged inside every range. */
  reviewReasons: string[];
  evaluations: number;
  parameters: FitParameterRow[];
  /** The correlation of the estimates from the curvature of the likelihood, or null when intervals were not computed. */
  correlation: { parameters: string[]; matrix: number[][] | null; failure: string | null } | null;
  regions: FitRegionRow[];
  series: FitSeriesRow[];
  /** Best log-likelihood after each step of the search. */
  trace: { evaluations: number; logLikelihood: number }[];
}

const QUANTITY_TITLES = {
  confirmed: 'Confirmed cases per day',
  deaths: 'Deaths per day',
  tests: 'Tests performed per day',
} as const;

/** Date axis of the fit charts, in UTC so that each date stays on its own day in any time zone. */
const DATE_AXIS = {
  field: 'date',
  type: 'temporal',
  title: null,
  scale: { type: 'utc' },
  axis: { labelExpr: DATE_LABEL, labelOverlap: true, labelSeparation: 8 },
} as const;

/** Charts observed counts as points against the fitted means as lines, one panel per region. */
function fitChart(input: FitPageInput, quantity: FitSeriesRow['quantity']): ReportChart | undefined {
  const rows = input.series.filter((row) => row.quantity === quantity);
  if (rows.length === 0) return undefined;
  const x = DATE_AXIS;
  return {
    id: `fit-${quantity}`,
    title: `${QUANTITY_TITLES[quantity]}: observed and fitted`,
    spec: {
      $schema: SCHEMA,
      description: `Points are the observed counts and lines the fitted deterministic run, ${input.from} to ${input.to}.`,
      config: CHART_CONFIG,
      data: { values: rows },
      facet: { field: 'region', type: 'nominal', title: null, sort: null },
      columns: 4,
      resolve: { ...OWN_DATE_AXES, scale: { y: 'independent' } },
      spec: {
        ...PANEL,
        layer: [
          {
            mark: { type: 'point', size: 12, filled: true, color: '#4a5568' },
            encoding: { x, y: { field: 'observed', type: 'quantitative', title: null } },
          },
          {
            mark: { type: 'line', color: '#dd6b20' },
            encoding: { x, y: { field: 'fitted', type: 'quantitative', title: null } },
          },
        ],
      },
    } as ReportChart['spec'],
  };
}

/** Charts the Pearson residuals of the confirmed cases, one panel per region. */
function residualChart(input: FitPageInput): ReportChart {
  const rows = input.series.filter((row) => row.quantity === 'confirmed' && row.residual !== null);
  const x = DATE_AXIS;
  return {
    id: 'residuals',
    title: 'Residuals of the confirmed cases',
    spec: {
      $schema: SCHEMA,
      description:
        'Pearson residuals: observed minus fitted, over the standard deviation of the count model. ' +
        'Runs of one sign show where the fitted curve misses the shape of the data.',
      config: CHART_CONFIG,
      data: { values: rows },
      facet: { field: 'region', type: 'nominal', title: null, sort: null },
      columns: 4,
      resolve: OWN_DATE_AXES,
      spec: {
        ...PANEL,
        layer: [
          { mark: { type: 'rule', color: '#a0aec0' }, encoding: { y: { datum: 0 } } },
          {
            mark: { type: 'point', size: 12, filled: true, color: '#2b6cb0' },
            encoding: { x, y: { field: 'residual', type: 'quantitative', title: null } },
          },
        ],
      },
    } as ReportChart['spec'],
  };
}

/**
 * Charts the profile likelihood of each parameter: the drop below the maximum against the value held
 * fixed, with the drop that marks the interval's ends. A profile that stays below that line at its
 * last point left the end unresolved.
 */
function profileChart(input: FitPageInput): ReportChart | undefined {
  const targetDrop = input.targetDrop;
  const rows = input.parameters.flatMap((parameter) =>
    parameter.profile.map((point) => ({ parameter: parameter.name, value: point.value, drop: point.drop })),
  );
  if (targetDrop === null || rows.length === 0) return undefined;
  return {
    id: 'profiles',
    title: 'Profile likelihood of each parameter',
    spec: {
      $schema: SCHEMA,
      description:
        `The log-likelihood maximised over the other parameters, as its drop below the maximum, at each ` +
        `value the profile search held fixed. The line marks the drop of ${formatPrecise(targetDrop)} at ` +
        'which each end of the 95 % interval lies.',
      config: CHART_CONFIG,
      data: { values: rows },
      facet: { field: 'parameter', type: 'nominal', title: null, sort: null },
      columns: 4,
      resolve: { scale: { x: 'independent' } },
      spec: {
        ...PANEL,
        layer: [
          { mark: { type: 'rule', color: '#a0aec0', strokeDash: [4, 3] }, encoding: { y: { datum: targetDrop } } },
          {
            mark: { type: 'line', point: { filled: true, size: 24 }, color: '#2b6cb0' },
            encoding: {
              x: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
              y: { field: 'drop', type: 'quantitative', title: 'Drop' },
            },
          },
        ],
      },
    } as ReportChart['spec'],
  };
}

/** Charts the best log-likelihood against the evaluations of the search. */
function traceChart(input: FitPageInput): ReportChart {
  return {
    id: 'trace',
    title: 'Likelihood trace of the search',
    spec: {
      $schema: SCHEMA,
      description: 'The best log-likelihood of the Nelder-Mead simplex after each step.',
      config: CHART_CONFIG,
      ...WIDE,
      data: { values: input.trace },
      mark: { type: 'line', color: '#2b6cb0' },
      encoding: {
        x: { field: 'evaluations', type: 'quantitative', title: 'Evaluations (deterministic runs)' },
        y: { field: 'logLikelihood', type: 'quantitative', title: 'Best log-likelihood', scale: { zero: false } },
      },
    } as ReportChart['spec'],
  };
}

function number(value: number | null): string {
  return value === null ? NOT_AVAILABLE : escapeHtml(formatPrecise(value));
}

/** Formats with four significant digits, so that multipliers near 1 keep their detail. */
function formatPrecise(value: number): string {
  if (!Number.isFinite(value)) return NOT_AVAILABLE;
  return Math.abs(value) >= 1000 ? formatNumber(value) : String(Number(value.toPrecision(4)));
}

/** Notes put after an interval end, by the status of the profile search that found it. */
const END_NOTES: Readonly<Record<string, string>> = {
  rangeBound: ' (end of the range)',
  unresolved: ' or wider',
  betterOptimum: ' (a better optimum)',
};

function intervalEnd(value: number | null, status: string | null): string {
  return number(value) + (status === null ? '' : escapeHtml(END_NOTES[status] ?? ''));
}

function parameterTable(input: FitPageInput): string {
  const rows = input.parameters.map(
    (parameter) =>
      `<tr><th scope="row" title="${escapeHtml(parameter.label)}">${escapeHtml(parameter.name)}</th>` +
      `<td>${number(parameter.estimate)}${parameter.onBound ? ' (on a bound)' : ''}</td>` +
      `<td>${
        parameter.lower === null && parameter.upper === null
          ? 'not computed'
          : `${intervalEnd(parameter.lower, parameter.lowerStatus)} to ${intervalEnd(parameter.upper, parameter.upperStatus)}`
      }</td>` +
      `<td>${number(parameter.rangeLower)} to ${number(parameter.rangeUpper)}</td>` +
      `<td>${escapeHtml(parameter.unit)}</td></tr>`,
  );
  const note =
    '<p>"Or wider": the profile search ran out of points before the likelihood fell far enough, so the ' +
    'interval reaches at least that value. "End of the range": the likelihood stays within the drop up to ' +
    'the end of the parameter\'s range.</p>';
  return (
    '<table class="summary"><thead><tr><th scope="col">Parameter</th><th scope="col">Estimate</th>' +
    '<th scope="col">95 % interval</th><th scope="col">Range</th><th scope="col">Unit</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table>\n${input.targetDrop === null ? '' : note}`
  );
}

/** Renders the correlation matrix of the estimates, or why there is none. */
function correlationTable(input: FitPageInput): string {
  const correlation = input.correlation;
  if (correlation === null) return '';
  const intro = '<h3>Correlation of the estimates</h3>\n';
  if (correlation.matrix === null) {
    return `${intro}<p>No correlation matrix: ${escapeHtml(correlation.failure ?? 'unknown reason')}.</p>`;
  }
  const names = correlation.parameters.map((name) => escapeHtml(name));
  const head = `<thead><tr><th scope="col">Parameter</th>${names.map((name) => `<th scope="col">${name}</th>`).join('')}</tr></thead>`;
  const rows = correlation.matrix.map(
    (row, i) => `<tr><th scope="row">${names[i]}</th>${row.map((value) => `<td>${value.toFixed(2)}</td>`).join('')}</tr>`,
  );
  return (
    `${intro}<p>From the curvature of the log-likelihood at the estimate. Sampled runs of the fitted ` +
    'scenario draw the parameters with these correlations.</p>\n' +
    `<table class="summary">${head}<tbody>${rows.join('')}</tbody></table>`
  );
}

function regionTable(input: FitPageInput): string {
  const dates = [...new Set(input.regions.flatMap((region) => region.monthEnds.map((end) => end.date)))];
  const forecastDates = [...new Set(input.regions.flatMap((region) => region.forecast.map((end) => end.date)))];
  const head =
    '<thead><tr><th scope="col">Series</th><th scope="col">Dispersion</th><th scope="col">RMSE per day</th>' +
    dates.map((date) => `<th scope="col">Cumulative ${escapeHtml(date)}: fitted (observed, error)</th>`).join('') +
    forecastDates.map((date) => `<th scope="col">Forecast ${escapeHtml(date)}, out of sample: fitted (observed, error)</th>`).join('') +
    '</tr></thead>';
  const body = input.regions.map((region) => {
    const ends = [...region.monthEnds, ...region.forecast];
    const cells = [...dates, ...forecastDates].map((date) => {
      const end = ends.find((candidate) => candidate.date === date);
      if (end === undefined) return `<td>${NOT_AVAILABLE}</td>`;
      const error = end.relativeError === null ? NOT_AVAILABLE : `${(100 * end.relativeError).toFixed(1)} %`;
      return `<td>${number(Math.round(end.fitted))} <span class="range">(${number(end.observed)}, ${escapeHtml(error)})</span></td>`;
    });
    return (
      `<tr><th scope="row">${escapeHtml(region.region)}, ${escapeHtml(region.quantity)}</th>` +
      `<td>${number(region.dispersion)}</td><td>${number(region.rmsePerDay)}</td>${cells.join('')}</tr>`
    );
  });
  return `<table class="summary">${head}<tbody>${body.join('')}</tbody></table>`;
}

function renderHeader(input: FitPageInput): string {
  const items: [string, string][] = [
    ['Command', escapeHtml(input.command)],
    ['Window', `${escapeHtml(input.from)} to ${escapeHtml(input.to)}`],
    ['Log-likelihood', escapeHtml(input.logLikelihood.toFixed(2))],
    ['Evaluations', escapeHtml(input.evaluations.toLocaleString('en-US'))],
    ['Status', escapeHtml(input.reviewReasons.length === 0 ? 'converged' : `needs review: ${input.reviewReasons.join('; ')}`)],
  ];
  if (input.createdAt !== undefined) items.push(['Created', escapeHtml(input.createdAt)]);
  const list = items.map(([term, value]) => `<dt>${term}</dt><dd>${value}</dd>`).join('');
  const intervals = input.intervalMethod === null ? 'No intervals were computed.' : `Intervals: ${input.intervalMethod}`;
  return (
    `<header>\n<h1>Fit of ${escapeHtml(input.scenarioName)}</h1>\n<dl class="provenance">${list}</dl>\n` +
    `<p class="bands">Count model: ${escapeHtml(input.countModel)}. ${escapeHtml(intervals)}</p>\n</header>`
  );
}

/**
 * Renders the fit report as one self-contained HTML page: the estimates with their intervals, the
 * goodness of fit per series, the observed counts against the fitted run per region, the residuals,
 * the profile likelihood of each parameter and the likelihood trace of the search.
 *
 * @throws Error when a browser build is missing from node_modules
 */
export function renderFitPage(input: FitPageInput): string {
  const charts = [
    ...(['confirmed', 'deaths', 'tests'] as const).flatMap((quantity) => fitChart(input, quantity) ?? []),
    residualChart(input),
    profileChart(input) ?? [],
    traceChart(input),
  ].flat();
  const links = [
    '<li><a href="#parameters">Parameters</a></li>',
    '<li><a href="#goodness">Goodness of fit</a></li>',
    ...charts.map((chart) => `<li><a href="#${chart.id}">${escapeHtml(chart.title)}</a></li>`),
  ];
  return renderPage({
    title: `tttsim fit: ${input.scenarioName}`,
    header: renderHeader(input),
    sections: [
      `<nav><ul>${links.join('')}</ul></nav>`,
      `<section id="parameters">\n<h2>Parameters</h2>\n${parameterTable(input)}\n${correlationTable(input)}\n</section>`,
      `<section id="goodness">\n<h2>Goodness of fit</h2>\n${regionTable(input)}\n</section>`,
      ...charts.map(renderChart),
    ],
  });
}
