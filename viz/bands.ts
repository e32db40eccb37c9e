import type { TopLevelSpec } from 'vega-lite';
import { DATE_LABEL, LONG_DATE_LABEL, WIDE } from './chart-context.js';

/** One layer of a layered vega-lite chart, as the public `TopLevelSpec` type defines it. */
export type LayerChild = Extract<TopLevelSpec, { layer: unknown }>['layer'][number];

/** Colours of simulated series, in the order a chart lists them. */
export const SERIES_COLORS = ['#2b6cb0', '#dd6b20', '#2f855a'] as const;
/** Colour of observed points. */
export const OBSERVED_COLOR = '#1a1a1a';
/** Colour of capacity lines and reference rules. */
export const CAPACITY_COLOR = '#c53030';

/** Opacity of the 90 % band (p5 to p95) and of the 50 % band (p25 to p75), which is drawn over it. */
const OUTER_BAND_OPACITY = 0.18;
const INNER_BAND_OPACITY = 0.32;
/** Width of the vertical bars that stand in for the bands on a horizon of one date, in pixels. */
const ONE_DATE_BAND_WIDTH = 8;
/** Dash pattern of capacity lines, in pixels drawn and skipped. */
const CAPACITY_DASH = [5, 3];

/**
 * The colour scale of a chart: the `series` labels its rows carry and a colour for each. Every layer of a chart
 * passes the same scale, so that they share one legend, which a chart with a single series leaves out.
 */
export interface SeriesColors {
  domain: string[];
  range: string[];
  /** Series drawn as points, which the legend shows as circles. It shows the other series as lines. */
  pointSeries?: string[];
  /** Series drawn as dashed lines, which the legend shows dashed. */
  dashedSeries?: string[];
}

/** Builds the colour scale of a chart with one series. */
export function singleSeries(label: string, color: string = SERIES_COLORS[0]): SeriesColors {
  return { domain: [label], range: [color] };
}

/**
 * Maximum number of dates of a short horizon. Its charts mark each day's median with a point, because a line over
 * one date draws nothing and a line over a few dates hides which days it joins.
 */
export const SHORT_HORIZON_DAYS = 7;

/** The shared x encoding: calendar dates on a UTC scale, so a date never shifts with the reader's time zone. */
export const DATE_X = {
  field: 'date',
  type: 'temporal',
  scale: { type: 'utc' },
  axis: { labelExpr: DATE_LABEL, labelOverlap: true, labelSeparation: 8 },
  title: null,
} as const;

/**
 * Most dates of a horizon whose tick labels give the day. Over a longer one, ticks fall months apart and need not be
 * in January, so each label names the month and the year.
 */
export const LONG_HORIZON_DAYS = 366;

/**
 * Builds the x encoding of a chart over `dayCount` dates: {@link DATE_X}, with month and year on every tick of a long
 * horizon, and one tick a day on a short one. Without that, vega puts its ticks on the hours of a domain of a day or
 * two, and several labels name the same day.
 */
export function dateX(dayCount: number) {
  if (dayCount > LONG_HORIZON_DAYS) return { ...DATE_X, axis: { ...DATE_X.axis, labelExpr: LONG_DATE_LABEL } } as const;
  if (dayCount > SHORT_HORIZON_DAYS) return DATE_X;
  return { ...DATE_X, axis: { ...DATE_X.axis, tickCount: { interval: 'day', step: 1 } } } as const;
}

/**
 * The date in tooltips. Vega parses the field into a time for the x scale, so the tooltip formats it back, in UTC
 * like the axis.
 */
const TOOLTIP_DATE = {
  field: 'date',
  type: 'temporal',
  timeUnit: 'utcyearmonthdate',
  title: 'Date',
  format: '%Y-%m-%d',
} as const;

/** Builds a vega expression that is true when the legend entry's series is one of `labels`. */
function legendEntryIn(labels: readonly string[]): string {
  return `indexof(${JSON.stringify(labels)}, datum.value) >= 0`;
}

/** Widest legend, in pixels: the width of a wide chart, so that a legend never widens its chart. */
const LEGEND_WIDTH = WIDE.width;
/** Rough width of a legend entry: its symbol and gap, and each character of its label at the legend's font size. */
const LEGEND_SYMBOL_PX = 40;
const LEGEND_CHARACTER_PX = 7;

function seriesLegend(colors: SeriesColors) {
  if (colors.domain.length < 2) return null;
  // Entries wrap into as many columns as fit, so that long plan names stack rather than run off the page.
  const longest = Math.max(...colors.domain.map((label) => label.length));
  const columns = Math.max(1, Math.floor(LEGEND_WIDTH / (LEGEND_SYMBOL_PX + LEGEND_CHARACTER_PX * longest)));
  return {
    orient: 'top',
    columns,
    labelLimit: LEGEND_WIDTH - LEGEND_SYMBOL_PX,
    symbolOpacity: 1,
    symbolStrokeWidth: 2,
    encode: {
      symbols: {
        update: {
          shape: { signal: `${legendEntryIn(colors.pointSeries ?? [])} ? 'circle' : 'stroke'` },
          strokeDash: { signal: `${legendEntryIn(colors.dashedSeries ?? [])} ? ${JSON.stringify(CAPACITY_DASH)} : []` },
        },
      },
    },
  } as const;
}

function seriesColor(colors: SeriesColors) {
  return {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: { domain: colors.domain, range: colors.range },
    legend: seriesLegend(colors),
  } as const;
}

/** Returns the `transform` property of a layer that keeps the rows matching `filter`, or none without a filter. */
function filterTransform(filter: string | undefined) {
  return filter === undefined ? {} : { transform: [{ filter }] };
}

/** Options of {@link bandLayer}. */
export interface BandOptions {
  /** Title of the y axis, the quantity and its unit, one string per line, or `null` for none. */
  yTitle: string | string[] | null;
  colors: SeriesColors;
  /** Number of dates of the horizon. Up to {@link SHORT_HORIZON_DAYS}, each day's median shows as a point. */
  dayCount: number;
  /** Vega-lite filter expression that picks the rows of this layer out of the chart's data. */
  filter?: string;
  /**
   * Bands to draw: `both` the 50 % and 90 % bands, `inner` the 50 % band only, for charts where
   * several series overlap, and `none` the median line alone. @default 'both'
   */
  bands?: 'both' | 'inner' | 'none';
  /**
   * D3 number format of the values in the tooltip. @default ',.4~r', four significant digits in
   * decimal notation, since the `g` type writes 20,000 as "2e+4"
   */
  tooltipFormat?: string;
}

/**
 * Builds a quantile band chart over `BandRow`s as one layer: the 90 % band, the 50 % band over it, the median
 * line and hover points with a tooltip. When all quantiles are equal, as in a deterministic run, both bands have
 * zero height and only the line shows. On a short horizon the hover points are visible, one on each day's median.
 * On a horizon of one date, where an area has no width, each band is a vertical bar.
 *
 * The x and colour encodings sit on the layer and the marks inherit them, so that all marks agree on one legend.
 * Vega-lite warns when layers that share a scale disagree on whether it has a legend.
 */
export function bandLayer(options: BandOptions): LayerChild {
  const y = { type: 'quantitative', title: options.yTitle } as const;
  const format = options.tooltipFormat ?? ',.4~r';
  const short = options.dayCount <= SHORT_HORIZON_DAYS;
  // An area over a single date has no width, so a horizon of one date draws each band as a vertical bar.
  const bandShape =
    options.dayCount === 1 ? ({ type: 'rule', strokeWidth: ONE_DATE_BAND_WIDTH } as const) : ({ type: 'area' } as const);
  const bands = [
    {
      mark: { ...bandShape, opacity: OUTER_BAND_OPACITY },
      encoding: { y: { ...y, field: 'p5' }, y2: { field: 'p95' } },
    },
    {
      mark: { ...bandShape, opacity: INNER_BAND_OPACITY },
      encoding: { y: { ...y, field: 'p25' }, y2: { field: 'p75' } },
    },
  ] as const;

  return {
    ...filterTransform(options.filter),
    encoding: { x: dateX(options.dayCount), color: seriesColor(options.colors) },
    layer: [
      ...bandsOf(options.bands ?? 'both', bands),
      {
        mark: { type: 'line', strokeWidth: 1.75 },
        encoding: { y: { ...y, field: 'p50' } },
      },
      // Points that carry the tooltip, because a line mark has one tooltip for its whole path. Only a short
      // horizon shows them.
      {
        mark: short ? { type: 'point', filled: true, opacity: 1, size: 40 } : { type: 'point', opacity: 0, size: 40 },
        encoding: {
          y: { ...y, field: 'p50' },
          tooltip: [
            { field: 'series', type: 'nominal', title: 'Series' },
            TOOLTIP_DATE,
            { field: 'p50', type: 'quantitative', title: 'Median', format },
            { field: 'p5', type: 'quantitative', title: '5th percentile', format },
            { field: 'p95', type: 'quantitative', title: '95th percentile', format },
          ],
        },
      },
    ],
  };
}

/**
 * Builds the layer of observed daily confirmed cases over `ObservedPoint`s, drawn as points.
 *
 * @param sizePixels - Area of each point, in square pixels.
 * @param dayCount - Number of dates of the horizon, which sets the ticks of the date axis.
 */
export function observedLayer(
  colors: SeriesColors,
  sizePixels: number,
  dayCount: number,
  filter?: string,
): LayerChild {
  return {
    ...filterTransform(filter),
    mark: { type: 'point', filled: true, size: sizePixels, opacity: 0.8 },
    encoding: {
      x: dateX(dayCount),
      y: { field: 'observed', type: 'quantitative' },
      color: seriesColor(colors),
      tooltip: [
        TOOLTIP_DATE,
        { field: 'observed', type: 'quantitative', title: 'Observed', format: ',' },
      ],
    },
  };
}

/**
 * Builds the layer of a capacity over `BandRow`s as a dashed step line through its median, which changes on the
 * day a bed expansion takes effect. On a short horizon each day's median also shows as a point.
 *
 * @param dayCount - Number of dates of the horizon.
 */
export function capacityLayer(colors: SeriesColors, dayCount: number, filter?: string): LayerChild {
  const line = { type: 'line', interpolate: 'step-after', strokeWidth: 1.5, strokeDash: CAPACITY_DASH } as const;
  return {
    ...filterTransform(filter),
    mark: dayCount <= SHORT_HORIZON_DAYS ? { ...line, point: { filled: true, size: 30 } } : line,
    encoding: {
      x: dateX(dayCount),
      y: { field: 'p50', type: 'quantitative' },
      color: seriesColor(colors),
    },
  };
}

function bandsOf<O, I>(choice: 'both' | 'inner' | 'none', bands: readonly [O, I]): (O | I)[] {
  if (choice === 'both') return [...bands];
  return choice === 'inner' ? [bands[1]] : [];
}
