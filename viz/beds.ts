import {
  bandLayer,
  CAPACITY_COLOR,
  capacityLayer,
  type LayerChild,
  SERIES_COLORS,
  type SeriesColors,
} from './bands.js';
import { CHART_CONFIG, type ChartContext, PANEL, type ReportChart, SCHEMA } from './chart-context.js';
import { type BandRow, bandRows, type ChartRegion } from './chart-rows.js';
import { BED_TIERS } from './tiers.js';

/** One day of a tier's occupancy or capacity in one region. */
interface BedRow extends BandRow {
  /** Display label of the bed tier, the panel it belongs to. */
  tier: string;
}

const OCCUPIED_SERIES = 'Occupied';
const CAPACITY_SERIES = 'Capacity';
const BED_COLORS: SeriesColors = {
  domain: [OCCUPIED_SERIES, CAPACITY_SERIES],
  range: [SERIES_COLORS[0], CAPACITY_COLOR],
  dashedSeries: [CAPACITY_SERIES],
};
const TIER_LABELS = BED_TIERS.map((tier) => tier.label);

function bedRows(context: ChartContext, region: ChartRegion): BedRow[] {
  return BED_TIERS.flatMap((tier) => [
    ...bandRows(context.index, tier.occupied, region, OCCUPIED_SERIES).map((row) => ({ ...row, tier: tier.label })),
    ...bandRows(context.index, tier.capacity, region, CAPACITY_SERIES).map((row) => ({ ...row, tier: tier.label })),
  ]);
}

function bedLayers(yTitle: string | null): LayerChild[] {
  return [
    bandLayer({ yTitle, colors: BED_COLORS, filter: `datum.series === '${OCCUPIED_SERIES}'` }),
    capacityLayer(BED_COLORS, `datum.series === '${CAPACITY_SERIES}'`),
  ];
}

/**
 * Builds the occupancy charts: one panel per bed tier nationally, and a grid of regions by tiers. Each panel has
 * its own y scale, because ICU beds number in the tens where treatment centre beds number in the thousands.
 */
export function bedSpecs(context: ChartContext): ReportChart[] {
  const national: ReportChart = {
    id: 'beds-national',
    title: 'Bed occupancy against capacity, national',
    spec: {
      $schema: SCHEMA,
      description: 'Occupied beds per tier with their bands. The dashed step line is the median capacity.',
      config: CHART_CONFIG,
      datasets: { rows: bedRows(context, context.national) },
      data: { name: 'rows' },
      facet: { field: 'tier', type: 'nominal', title: null, sort: TIER_LABELS },
      columns: 3,
      spec: { width: 240, height: 180, layer: bedLayers('Beds') },
      resolve: { scale: { y: 'independent' } },
    },
  };

  const byRegion: ReportChart = {
    id: 'beds-regions',
    title: 'Bed occupancy against capacity by region',
    spec: {
      $schema: SCHEMA,
      description: 'Beds, one row per region and one column per tier, each panel with its own y scale.',
      config: CHART_CONFIG,
      datasets: { rows: context.regions.flatMap((region) => bedRows(context, region)) },
      data: { name: 'rows' },
      facet: {
        row: {
          field: 'region',
          type: 'nominal',
          title: null,
          sort: context.regions.map((region) => region.name),
          header: { labelAngle: 0, labelAlign: 'left', labelOrient: 'left' },
        },
        column: { field: 'tier', type: 'nominal', title: null, sort: TIER_LABELS },
      },
      spec: { width: PANEL.width, height: 80, layer: bedLayers(null) },
      resolve: { scale: { y: 'independent' } },
    },
  };

  return [national, byRegion];
}
