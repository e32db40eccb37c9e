import { METRIC_LABELS, type MetricName } from '../engine/index.js';
import { bandLayer, SERIES_COLORS, type SeriesColors, singleSeries } from './bands.js';
import {
  type ChartContext,
  INDEPENDENT_COLORS,
  metricTitle,
  MONEY_CHART_CONFIG,
  type ReportChart,
  SCHEMA,
  WIDE,
} from './chart-context.js';
import { type BandRow, bandRows } from './chart-rows.js';
import { moneyScaleFor, moneyUnit } from './money.js';

/** The series the economy charts draw. The report needs them for every region and the national code on every day. */
export const ECONOMY_REPORT_METRICS = [
  'relief_paid_cum',
  'households_paid_share',
  'consumption',
  'consumption_extra',
  'income_quintile_ratio',
  'income_quintile_ratio_no_relief',
] as const satisfies readonly MetricName[];

/** Height of the lower panel of a two-panel chart, in pixels. */
const LOWER_PANEL_HEIGHT = 180;

/** Multiplies a value for a chart, keeping 6 significant digits like the unscaled rows. */
function scaleValue(value: number, factor: number): number {
  const scaled = value * factor;
  return Number.isFinite(scaled) ? Number(scaled.toPrecision(6)) : scaled;
}

/** Multiplies every quantile of the rows, so that a chart shows shares in percent. */
function scaledRows(rows: readonly BandRow[], factor: number): BandRow[] {
  return rows.map((row) => ({
    ...row,
    p5: scaleValue(row.p5, factor),
    p25: scaleValue(row.p25, factor),
    p50: scaleValue(row.p50, factor),
    p75: scaleValue(row.p75, factor),
    p95: scaleValue(row.p95, factor),
  }));
}

/** D3 format of money in tooltips: a whole number of the chart's scale with thousands separators. */
const MONEY_TOOLTIP_FORMAT = ',.0f';

/**
 * Builds the national rows of a money metric as whole numbers of the scale that the tables use for its largest
 * 95th percentile, with the axis title that names that scale and the currency, such as "(million KRW per day)".
 */
function moneyPanel(context: ChartContext, metric: MetricName, currencyCode: string, perDay: boolean) {
  const label = METRIC_LABELS[metric].label;
  const unscaled = bandRows(context.index, metric, context.national, label);
  const largest = unscaled.reduce((max, row) => Math.max(max, Math.abs(row.p95)), 0);
  const scale = moneyScaleFor(largest);
  // Adding 0 turns the -0 of a small negative amount into 0.
  const rows = bandRows(context.index, metric, context.national, label, (value) =>
    Number.isFinite(value) ? Math.round(value / scale.divisor) + 0 : value,
  );
  const unit = `${moneyUnit(scale, currencyCode)}${perDay ? ' per day' : ''}`;
  return { rows, yTitle: [label, `(${unit})`] };
}

function reliefPayout(context: ChartContext, currencyCode: string): ReportChart {
  const paid = moneyPanel(context, 'relief_paid_cum', currencyCode, false);
  const shareLabel = METRIC_LABELS.households_paid_share.label;
  const shares = scaledRows(bandRows(context.index, 'households_paid_share', context.national, shareLabel), 100);
  return {
    id: 'relief-payout',
    title: 'Relief paid and households paid, national',
    spec: {
      $schema: SCHEMA,
      description:
        'Relief paid to households since the start, and the share of all households paid by at least one payment ' +
        'by the end of each day (lower panel).',
      config: MONEY_CHART_CONFIG,
      datasets: { paid: paid.rows, shares },
      resolve: INDEPENDENT_COLORS,
      vconcat: [
        {
          ...WIDE,
          data: { name: 'paid' },
          layer: [
            bandLayer({
              yTitle: paid.yTitle,
              colors: singleSeries(METRIC_LABELS.relief_paid_cum.label),
              dayCount: context.dayCount,
              tooltipFormat: MONEY_TOOLTIP_FORMAT,
            }),
          ],
        },
        {
          ...WIDE,
          height: LOWER_PANEL_HEIGHT,
          data: { name: 'shares' },
          layer: [
            bandLayer({
              yTitle: [shareLabel, '(% of households)'],
              colors: singleSeries(shareLabel, SERIES_COLORS[2]),
              dayCount: context.dayCount,
            }),
          ],
        },
      ],
    },
  };
}

function consumption(context: ChartContext, currencyCode: string): ReportChart {
  const total = moneyPanel(context, 'consumption', currencyCode, true);
  const extra = moneyPanel(context, 'consumption_extra', currencyCode, true);
  return {
    id: 'consumption',
    title: 'Household consumption and the part added by relief, national',
    spec: {
      $schema: SCHEMA,
      description:
        'Household consumption per day, relief spending included, and the spending that relief adds on top of ' +
        'normal consumption (lower panel), which is revenue of local businesses.',
      config: MONEY_CHART_CONFIG,
      datasets: { total: total.rows, extra: extra.rows },
      resolve: INDEPENDENT_COLORS,
      vconcat: [
        {
          ...WIDE,
          data: { name: 'total' },
          layer: [
            bandLayer({
              yTitle: total.yTitle,
              colors: singleSeries(METRIC_LABELS.consumption.label),
              dayCount: context.dayCount,
              tooltipFormat: MONEY_TOOLTIP_FORMAT,
            }),
          ],
        },
        {
          ...WIDE,
          height: LOWER_PANEL_HEIGHT,
          data: { name: 'extra' },
          layer: [
            bandLayer({
              yTitle: extra.yTitle,
              colors: singleSeries(METRIC_LABELS.consumption_extra.label, SERIES_COLORS[1]),
              dayCount: context.dayCount,
              tooltipFormat: MONEY_TOOLTIP_FORMAT,
            }),
          ],
        },
      ],
    },
  };
}

function incomeRatio(context: ChartContext): ReportChart {
  const withRelief = 'With relief';
  const withoutRelief = 'Without relief';
  const colors: SeriesColors = { domain: [withRelief, withoutRelief], range: [SERIES_COLORS[0], SERIES_COLORS[1]] };
  const rows = [
    ...bandRows(context.index, 'income_quintile_ratio', context.national, withRelief),
    ...bandRows(context.index, 'income_quintile_ratio_no_relief', context.national, withoutRelief),
  ];
  return {
    id: 'income-ratio',
    title: 'Income ratio of the highest to the lowest quintile, national',
    spec: {
      $schema: SCHEMA,
      description:
        'Mean monthly income per household of the highest quintile over that of the lowest, with the relief ' +
        'received in the last days counted as income and without it. A lower ratio is a narrower income gap.',
      config: MONEY_CHART_CONFIG,
      ...WIDE,
      datasets: { rows },
      data: { name: 'rows' },
      layer: [bandLayer({ yTitle: metricTitle('income_quintile_ratio'), colors, dayCount: context.dayCount })],
    },
  };
}

/**
 * Builds the economy charts: the relief payout, household consumption with the part relief adds, and the
 * income ratio of the highest to the lowest quintile with and without relief. The report has a currency
 * when the scenario has an economy group, and without one this returns no chart.
 */
export function economySpecs(context: ChartContext): ReportChart[] {
  const currency = context.input.currency;
  if (currency === undefined) return [];
  return [reliefPayout(context, currency.code), consumption(context, currency.code), incomeRatio(context)];
}
