import { METRIC_LABELS } from '../engine/index.js';
import {
  bandLayer,
  type LayerChild,
  OBSERVED_COLOR,
  observedLayer,
  SERIES_COLORS,
  type SeriesColors,
} from './bands.js';
import {
  type ChartContext,
  metricTitle,
  OWN_DATE_AXES,
  PANEL,
  PANEL_CHART_CONFIG,
  type ReportChart,
  SCHEMA,
  SHORT_Y_CHART_CONFIG,
  WIDE,
} from './chart-context.js';
import { bandRows, OBSERVED_SERIES, observedPoints } from './chart-rows.js';

const SIMULATED_SERIES = 'Simulated';
const SIMULATED_FILTER = `datum.series === '${SIMULATED_SERIES}'`;
const OBSERVED_FILTER = `datum.series === '${OBSERVED_SERIES}'`;

/** Area of an observed point, in square pixels: smaller in the panels of a small multiple. */
const OBSERVED_POINT_SIZE = 16;
const OBSERVED_PANEL_POINT_SIZE = 7;

function confirmedColors(withObserved: boolean): SeriesColors {
  if (!withObserved) return { domain: [SIMULATED_SERIES], range: [SERIES_COLORS[0]] };
  return {
    domain: [SIMULATED_SERIES, OBSERVED_SERIES],
    range: [SERIES_COLORS[0], OBSERVED_COLOR],
    pointSeries: [OBSERVED_SERIES],
  };
}

function caption(withObserved: boolean, suffix: string): string {
  const observed = withObserved ? ' The points are the observed daily counts.' : '';
  return `Simulated new confirmed cases per day.${observed}${suffix}`;
}

/**
 * Builds the charts of new confirmed cases per day: national, and a small multiple of the regions, each with the
 * observed daily counts as points when the input has them.
 */
export function confirmedSpecs(context: ChartContext): ReportChart[] {
  const observed = observedPoints(context.input.observed ?? [], context.regions, context.national, context.index.dates);
  const nationalObserved = observed.filter((point) => point.region === context.national.name);
  const regionalObserved = observed.filter((point) => point.region !== context.national.name);

  const nationalColors = confirmedColors(nationalObserved.length > 0);
  const nationalLayers: LayerChild[] = [
    {
      data: { name: 'simulated' },
      ...bandLayer({ yTitle: metricTitle('confirmed_new'), colors: nationalColors, dayCount: context.dayCount }),
    },
  ];
  if (nationalObserved.length > 0) {
    nationalLayers.push({
      data: { name: 'observed' },
      ...observedLayer(nationalColors, OBSERVED_POINT_SIZE, context.dayCount),
    });
  }
  const national: ReportChart = {
    id: 'confirmed-national',
    title: 'Confirmed cases per day, national',
    spec: {
      $schema: SCHEMA,
      description: caption(nationalObserved.length > 0, ''),
      config: SHORT_Y_CHART_CONFIG,
      ...WIDE,
      datasets: {
        simulated: bandRows(context.index, 'confirmed_new', context.national, SIMULATED_SERIES),
        ...(nationalObserved.length > 0 ? { observed: nationalObserved } : {}),
      },
      layer: nationalLayers,
    },
  };

  const regionalColors = confirmedColors(regionalObserved.length > 0);
  const regionalLayers: LayerChild[] = [
    // The caption names the unit once, because a title beside each of the 17 panels would push the grid past the
    // width of the page.
    bandLayer({
      yTitle: null,
      colors: regionalColors,
      dayCount: context.dayCount,
      filter: SIMULATED_FILTER,
    }),
  ];
  if (regionalObserved.length > 0) {
    regionalLayers.push(observedLayer(regionalColors, OBSERVED_PANEL_POINT_SIZE, context.dayCount, OBSERVED_FILTER));
  }
  const simulated = context.regions.flatMap((region) =>
    bandRows(context.index, 'confirmed_new', region, SIMULATED_SERIES),
  );
  // One dataset for both series, because every panel of a facet reads the facet's data.
  const byRegion: ReportChart = {
    id: 'confirmed-regions',
    title: 'Confirmed cases per day by region',
    spec: {
      $schema: SCHEMA,
      description: caption(
        regionalObserved.length > 0,
        ` Each panel has its own y scale, in ${METRIC_LABELS.confirmed_new.unit}.`,
      ),
      config: PANEL_CHART_CONFIG,
      datasets: { rows: [...simulated, ...regionalObserved] },
      data: { name: 'rows' },
      facet: { field: 'region', type: 'nominal', title: null, sort: context.regions.map((region) => region.name) },
      columns: 4,
      // Columns 14 px apart rather than vega-lite's 20, so that four of them fit the page's 1,072 px column.
      spacing: { column: 14 },
      spec: { ...PANEL, layer: regionalLayers },
      resolve: { ...OWN_DATE_AXES, scale: { y: 'independent' } },
    },
  };

  return [national, byRegion];
}
