import { METRIC_LABELS, RT_MIN_WINDOW_PRESSURE } from '../engine/index.js';
import { bandLayer, CAPACITY_COLOR, capacityLayer, SERIES_COLORS, type SeriesColors, singleSeries } from './bands.js';
import { bedSpecSteps } from './beds.js';
import {
  type ChartContext,
  INDEPENDENT_COLORS,
  metricTitle,
  nationalName,
  type ReportChart,
  SCHEMA,
  SHORT_Y_CHART_CONFIG,
  WIDE,
} from './chart-context.js';
import { bandRows } from './chart-rows.js';
import { checkReportInput } from './check-input.js';
import { confirmedSpecs } from './confirmed.js';
import { economySpecs } from './economy.js';
import type { ReportInput } from './report-input.js';
import { finishSteps, type Steps } from './steps.js';

function testing(context: ChartContext): ReportChart {
  const demandedLabel = METRIC_LABELS.tests_demanded.label;
  const performedLabel = METRIC_LABELS.tests_performed.label;
  const capacityLabel = METRIC_LABELS.tests_capacity.label;
  const colors: SeriesColors = {
    domain: [demandedLabel, performedLabel, capacityLabel],
    range: [SERIES_COLORS[1], SERIES_COLORS[0], CAPACITY_COLOR],
    dashedSeries: [capacityLabel],
  };
  const backlogLabel = METRIC_LABELS.tests_backlog.label;
  // Both band layers name the title, because vega-lite drops a shared axis title when any layer sets it to null.
  const testsTitle = ['Tests', `(${METRIC_LABELS.tests_performed.unit})`];
  const seriesIs = (label: string) => `datum.series === ${JSON.stringify(label)}`;
  const dayCount = context.dayCount;

  return {
    id: 'testing',
    title: 'Test demand and capacity, tests performed and the backlog, national',
    spec: {
      $schema: SCHEMA,
      description:
        'Tests demanded and tests performed per day with their bands. The dashed step line is the median testing ' +
        'capacity, the sum over regions. Tests performed stay below demand even with capacity to spare, because ' +
        'some people leave the queue untested. On average, people tested for other illness and people with mild ' +
        'COVID-19 leave when they recover, contacts when their quarantine ends, and people who asked for screening ' +
        'after a week. Each region also has its own limit, so a region can run short while the national line is ' +
        'above demand. The backlog (lower panel) counts everyone waiting for a test at the end of the day. Even ' +
        'with tests to spare, each person waits the shortest wait for a test (testing.shortestWaitDays) on average, ' +
        'so the backlog holds about that many days of demand and stays flat while demand does.',
      config: SHORT_Y_CHART_CONFIG,
      datasets: {
        demand: [
          ...bandRows(context.index, 'tests_demanded', context.national, demandedLabel),
          ...bandRows(context.index, 'tests_performed', context.national, performedLabel),
          ...bandRows(context.index, 'tests_capacity', context.national, capacityLabel),
        ],
        backlog: bandRows(context.index, 'tests_backlog', context.national, backlogLabel),
      },
      resolve: INDEPENDENT_COLORS,
      vconcat: [
        {
          ...WIDE,
          data: { name: 'demand' },
          layer: [
            bandLayer({ yTitle: testsTitle, colors, dayCount, filter: seriesIs(demandedLabel) }),
            bandLayer({ yTitle: testsTitle, colors, dayCount, filter: seriesIs(performedLabel) }),
            capacityLayer(colors, dayCount, seriesIs(capacityLabel)),
          ],
        },
        {
          ...WIDE,
          height: 180,
          data: { name: 'backlog' },
          layer: [
            bandLayer({
              yTitle: metricTitle('tests_backlog'),
              colors: singleSeries(backlogLabel, SERIES_COLORS[2]),
              dayCount,
            }),
          ],
        },
      ],
    },
  };
}

function waitingForBed(context: ChartContext): ReportChart {
  const metrics = ['waiting_rtc', 'waiting_ward', 'waiting_icu'] as const;
  const colors: SeriesColors = {
    domain: metrics.map((metric) => METRIC_LABELS[metric].label),
    range: [...SERIES_COLORS],
  };
  const rows = metrics.flatMap((metric) =>
    bandRows(context.index, metric, context.national, METRIC_LABELS[metric].label),
  );
  return {
    id: 'waiting',
    title: 'People waiting for a bed, national',
    spec: {
      $schema: SCHEMA,
      description: 'People who need a bed of each tier and have none.',
      config: SHORT_Y_CHART_CONFIG,
      ...WIDE,
      datasets: { rows },
      data: { name: 'rows' },
      layer: [
        bandLayer({
          yTitle: ['People waiting', `(${METRIC_LABELS.waiting_icu.unit})`],
          colors,
          dayCount: context.dayCount,
        }),
      ],
    },
  };
}

function deaths(context: ChartContext): ReportChart {
  const panel = (metric: 'deaths_new' | 'deaths_cum') => {
    const label = METRIC_LABELS[metric].label;
    return {
      width: 370,
      height: 240,
      data: { name: metric },
      layer: [bandLayer({ yTitle: metricTitle(metric), colors: singleSeries(label), dayCount: context.dayCount })],
    };
  };
  return {
    id: 'deaths',
    title: 'Deaths, national',
    spec: {
      $schema: SCHEMA,
      description: 'Deaths per day (left) and cumulative deaths (right).',
      config: SHORT_Y_CHART_CONFIG,
      datasets: {
        deaths_new: bandRows(context.index, 'deaths_new', context.national, METRIC_LABELS.deaths_new.label),
        deaths_cum: bandRows(context.index, 'deaths_cum', context.national, METRIC_LABELS.deaths_cum.label),
      },
      resolve: INDEPENDENT_COLORS,
      hconcat: [panel('deaths_new'), panel('deaths_cum')],
    },
  };
}

function reproductionNumber(context: ChartContext): ReportChart {
  const label = METRIC_LABELS.rt.label;
  return {
    id: 'rt',
    title: 'Effective reproduction number, national',
    spec: {
      $schema: SCHEMA,
      description: 'The dashed red rule marks Rt = 1, above which infections grow.',
      config: SHORT_Y_CHART_CONFIG,
      ...WIDE,
      datasets: { rows: bandRows(context.index, 'rt', context.national, label) },
      data: { name: 'rows' },
      layer: [
        bandLayer({ yTitle: metricTitle('rt'), colors: singleSeries(label), dayCount: context.dayCount }),
        { mark: { type: 'rule', color: CAPACITY_COLOR, strokeDash: [4, 3] }, encoding: { y: { datum: 1 } } },
      ],
    },
    emptyNote:
      'No day of this run has a value of Rt, so there is no chart. Rt is estimated over the week up to each day, ' +
      `and only where the earlier infections that could have caused that week's infections add up to at least ` +
      `${RT_MIN_WINDOW_PRESSURE}, each weighted by the generation interval. A horizon of a few days never ` +
      'reaches that, and neither does an epidemic with too few infections.',
  };
}

/**
 * Checks a report input and prepares what the chart builders share.
 *
 * @throws RangeError when the input is inconsistent, as described at `checkReportInput`.
 */
export function createChartContext(input: ReportInput): ChartContext {
  const index = checkReportInput(input);
  return {
    input,
    index,
    dayCount: index.dates.length,
    national: { code: input.nationalCode, name: nationalName(input.nationalCode) },
    regions: input.regions.map((region) => ({ code: region.code, name: region.name })),
  };
}

/** Builds the report's charts in page order from a prepared context. */
export function buildCharts(context: ChartContext): ReportChart[] {
  return finishSteps(chartSteps(context));
}

/**
 * Builds the charts of {@link buildCharts} in steps, with a pause after each group of charts and after
 * each region's bed rows, the longest part.
 */
export function* chartSteps(context: ChartContext): Steps<ReportChart[]> {
  const charts = confirmedSpecs(context);
  yield;
  charts.push(testing(context));
  yield;
  charts.push(...(yield* bedSpecSteps(context)));
  yield;
  charts.push(waitingForBed(context), deaths(context), reproductionNumber(context));
  yield;
  charts.push(...economySpecs(context));
  return charts;
}

/**
 * Builds the report's charts, in page order, each a vega-lite spec that carries only the rows it draws.
 *
 * @throws RangeError when the input is inconsistent, as described at `checkReportInput`.
 */
export function buildReportSpecs(input: ReportInput): ReportChart[] {
  return buildCharts(createChartContext(input));
}
