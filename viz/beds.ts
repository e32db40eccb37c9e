import {
  bandLayer,
  CAPACITY_COLOR,
  capacityLayer,
  type LayerChild,
  SERIES_COLORS,
  type SeriesColors,
  singleSeries,
} from './bands.js';
import { type ChartContext, PANEL, PANEL_CHART_CONFIG, type ReportChart, SCHEMA } from './chart-context.js';
import { type BandRow, bandRows, capacityRows, type ChartRegion } from './chart-rows.js';
import { finishSteps, type Steps } from './steps.js';
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
/** Caption sentence of a chart whose rows have no capacity, as with `care.capacityLimits` false. */
const NO_LIMIT_NOTE = 'No tier has a bed limit in this scenario, so there is no capacity line.';

/** Builds the rows of one region: occupancy on every day, and capacity on the days that have a limit. */
function bedRows(context: ChartContext, region: ChartRegion): BedRow[] {
  return BED_TIERS.flatMap((tier) => [
    ...bandRows(context.index, tier.occupied, region, OCCUPIED_SERIES).map((row) => ({ ...row, tier: tier.label })),
    ...capacityRows(context.index, tier.capacity, region, CAPACITY_SERIES).map((row) => ({ ...row, tier: tier.label })),
  ]);
}

function hasCapacity(rows: readonly BedRow[]): boolean {
  return rows.some((row) => row.series === CAPACITY_SERIES);
}

/** Builds the layers of a panel: occupancy with its bands, and the capacity line when `rows` have a capacity. */
function bedLayers(rows: readonly BedRow[], yTitle: string | null, dayCount: number): LayerChild[] {
  // Without a capacity the chart has one series, so the legend names no capacity and is left out.
  if (!hasCapacity(rows)) return [bandLayer({ yTitle, colors: singleSeries(OCCUPIED_SERIES), dayCount })];
  return [
    bandLayer({ yTitle, colors: BED_COLORS, dayCount, filter: `datum.series === '${OCCUPIED_SERIES}'` }),
    capacityLayer(BED_COLORS, dayCount, `datum.series === '${CAPACITY_SERIES}'`),
  ];
}

/**
 * Builds the occupancy charts: one panel per bed tier nationally, and a grid of regions by tiers. Each panel has
 * its own y scale, because ICU beds number in the tens where treatment centre beds number in the thousands. A
 * chart without a capacity on any day draws no capacity line, and its caption states that there is no limit.
 */
export function bedSpecs(context: ChartContext): ReportChart[] {
  return finishSteps(bedSpecSteps(context));
}

/** Builds the charts of {@link bedSpecs} in steps: the national rows, then the rows of each region. */
export function* bedSpecSteps(context: ChartContext): Steps<ReportChart[]> {
  const nationalRows = bedRows(context, context.national);
  yield;
  const national: ReportChart = {
    id: 'beds-national',
    title: hasCapacity(nationalRows) ? 'Bed occupancy against capacity, national' : 'Bed occupancy, national',
    spec: {
      $schema: SCHEMA,
      description: hasCapacity(nationalRows)
        ? 'Occupied beds per tier with their bands. The dashed step line is the median capacity.'
        : `Occupied beds per tier with their bands. ${NO_LIMIT_NOTE}`,
      config: PANEL_CHART_CONFIG,
      datasets: { rows: nationalRows },
      data: { name: 'rows' },
      facet: { field: 'tier', type: 'nominal', title: null, sort: TIER_LABELS },
      columns: 3,
      spec: { width: 240, height: 180, layer: bedLayers(nationalRows, 'Beds', context.dayCount) },
      resolve: { scale: { y: 'independent' } },
    },
  };

  const regionRows: BedRow[] = [];
  for (const region of context.regions) {
    for (const row of bedRows(context, region)) regionRows.push(row);
    yield;
  }
  const regionsDescription = 'Beds, one row per region and one column per tier, each panel with its own y scale.';
  const byRegion: ReportChart = {
    id: 'beds-regions',
    title: hasCapacity(regionRows) ? 'Bed occupancy against capacity by region' : 'Bed occupancy by region',
    spec: {
      $schema: SCHEMA,
      description: hasCapacity(regionRows) ? regionsDescription : `${regionsDescription} ${NO_LIMIT_NOTE}`,
      config: PANEL_CHART_CONFIG,
      datasets: { rows: regionRows },
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
      spec: { width: PANEL.width, height: 80, layer: bedLayers(regionRows, null, context.dayCount) },
      resolve: { scale: { y: 'independent' } },
    },
  };

  return [national, byRegion];
}
