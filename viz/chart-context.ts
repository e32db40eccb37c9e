import type { TopLevelSpec } from 'vega-lite';
import { METRIC_LABELS, type MetricName } from '../engine/index.js';
import type { ChartRegion } from './chart-rows.js';
import type { ReportInput } from './report-input.js';
import type { SeriesIndex } from './series-index.js';

/** One chart of the report: an id for its container, a heading and the vega-lite spec with its data inline. */
export interface ReportChart {
  id: string;
  title: string;
  spec: TopLevelSpec;
  /** Note that the page shows in place of the chart when its data has no finite value, with a default when absent. */
  emptyNote?: string;
}

/** Display name of the national figure in charts and tables. */
export function nationalName(nationalCode: string): string {
  return `National (${nationalCode})`;
}

/** Axis title of one metric in two lines, its label and its unit, from the engine's label table. */
export function metricTitle(metric: MetricName): string[] {
  const { label, unit } = METRIC_LABELS[metric];
  return [label, `(${unit})`];
}

/** The vega-lite schema every spec names. Vega-embed reads it to pick the vega-lite compiler and never fetches it. */
export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
/** Size of a full-width chart, in pixels. */
export const WIDE = { width: 760, height: 260 } as const;
/** Size of one panel of a small multiple, in pixels. */
export const PANEL = { width: 200, height: 110 } as const;

/**
 * The `resolve` setting that gives each panel of a wrapped facet its own date axis. Vega-lite puts a shared x axis
 * in the footer of every column, and so draws it below the empty cells after the last panel too.
 */
export const OWN_DATE_AXES = { axis: { x: 'independent' } } as const;

/** Lets the panels of a concatenation keep their own series colours and legends. */
export const INDEPENDENT_COLORS = { scale: { color: 'independent' } } as const;

/** Shared look: the system font, so that the page needs no web font. */
export const CHART_CONFIG = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal' },
  header: { labelFontSize: 12, titleFontSize: 12 },
  legend: { labelFontSize: 12 },
  axisY: { titlePadding: 8 },
} as const;

/** Maximum length of a short y tick label, in characters, such as "10,000" or "1.5e-4". */
const PANEL_LABEL_MAX_CHARACTERS = 6;

/** Leading branches of the y label expressions below, which end in the label for every other value. */
const TINY_LABEL_BRANCHES =
  "datum.value === 0 ? '0' : " +
  "indexof(datum.label, '.') >= 0 && length(datum.label) - indexof(datum.label, '.') > 4 ? format(datum.value, '.2~e') : ";

/**
 * Vega expression of a y tick label that writes tiny values in exponent notation. Vega gives every tick the
 * decimals of the tick step, so an axis over a few billionths of a person reads "0.000000002" and widens its chart.
 * A label with more than three decimals is written in exponent notation ("2e-9", with 0 as "0"). All labels of an
 * axis have the same decimals, so they switch to exponent notation together.
 */
export const TINY_Y_LABEL = `${TINY_LABEL_BRANCHES}datum.label`;

/**
 * Vega expression of a short y tick label: {@link TINY_Y_LABEL} for tiny values, and an SI prefix ("1.5M") for a
 * label longer than {@link PANEL_LABEL_MAX_CHARACTERS}. Large labels switch one by one, as in "500,000" next to "1M".
 */
export const PANEL_Y_LABEL =
  TINY_LABEL_BRANCHES +
  `length(datum.label) > ${PANEL_LABEL_MAX_CHARACTERS} ? format(datum.value, '.3~s') : datum.label`;

/**
 * Chart configuration of a chart whose quantitative y axes can span tiny values, as in the first days of a
 * deterministic run: {@link CHART_CONFIG} with the short y tick labels of {@link PANEL_Y_LABEL}. Every y axis of the
 * chart must be quantitative, because the expression formats `datum.value` as a number.
 */
export const SHORT_Y_CHART_CONFIG = {
  ...CHART_CONFIG,
  axisY: { ...CHART_CONFIG.axisY, labelExpr: PANEL_Y_LABEL },
} as const;

/**
 * Chart configuration of a chart of money in a scale that the cost tables share: {@link CHART_CONFIG} with tiny y
 * tick labels in exponent notation by {@link TINY_Y_LABEL}. Large labels keep their digits, because an SI prefix on
 * an axis titled "thousand KRW" would give a second scale.
 * NOTE: so a money axis can still read up to nine characters, such as "1,200,000".
 */
export const MONEY_CHART_CONFIG = {
  ...CHART_CONFIG,
  axisY: { ...CHART_CONFIG.axisY, labelExpr: TINY_Y_LABEL },
} as const;

/**
 * Space in pixels for the y ticks and labels of every panel, fixed so that a panel with long labels is not wider
 * than the others. It is the 5 px tick, 2 px of padding and a label of {@link PANEL_LABEL_MAX_CHARACTERS}
 * characters, which measured 35 to 39 px at the 11 px label font in Chromium with Debian's fonts.
 */
const PANEL_Y_AXIS_EXTENT = 48;

/**
 * Chart configuration of a small multiple whose panels have their own y scales: {@link CHART_CONFIG} with short y
 * tick labels in a y axis of one width, so that every column of the grid has the same width.
 */
export const PANEL_CHART_CONFIG = {
  ...CHART_CONFIG,
  axisY: {
    ...CHART_CONFIG.axisY,
    labelExpr: PANEL_Y_LABEL,
    minExtent: PANEL_Y_AXIS_EXTENT,
    maxExtent: PANEL_Y_AXIS_EXTENT,
    // A label that still does not fit ends in an ellipsis rather than running into the axis title.
    labelLimit: PANEL_Y_AXIS_EXTENT - 7,
  },
} as const;

/** Context the chart builders share: the checked input, its series index and the regions as charts name them. */
export interface ChartContext {
  input: ReportInput;
  index: SeriesIndex;
  /** Number of dates of the horizon, the length of `index.dates`. */
  dayCount: number;
  national: ChartRegion;
  regions: ChartRegion[];
}

/**
 * Label of a date tick: month and day, with the year on the first tick of the axis and on any tick in the first
 * week of January. So every axis names its starting year, and one that crosses a new year names the new one. Vega
 * sets `datum.index` of a tick from 0 at the first tick to 1 at the last (vega-encode 5.1, AxisTicks).
 */
export const DATE_LABEL =
  "utcFormat(datum.value, '%b %-d') + (datum.index === 0 || (utcmonth(datum.value) === 0 && utcdate(datum.value) <= 7) ? utcFormat(datum.value, ' %Y') : '')";

/** Label of a date tick on a horizon of more than a year, where ticks fall on the first of a month: month and year. */
export const LONG_DATE_LABEL = "utcFormat(datum.value, '%b %Y')";
