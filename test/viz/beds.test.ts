import { describe, expect, it } from 'vitest';
import { bedSpecs, bedSpecSteps } from '../../viz/beds.js';
import { createChartContext } from '../../viz/specs.js';
import { syntheticReportInput } from './fixture.js';

type Row = Record<string, unknown>;

function rows(spec: unknown): Row[] {
  return (spec as { datasets: { rows: Row[] } }).datasets.rows;
}

describe('bedSpecs', () => {
  const input = syntheticReportInput();
  const [national, byRegion] = bedSpecs(createChartContext(input));

  it('builds the national and the regional chart', () => {
    expect(national?.id).toBe('beds-national');
    expect(byRegion?.id).toBe('beds-regions');
  });

  it('takes occupancy and capacity from the input', () => {
    const icu = rows(national!.spec).filter((row) => row.tier === 'Intensive care');
    const capacity = input.series.find((row) => row.metric === 'icu_capacity' && row.region === 'KR')!;
    const occupied = input.series.find((row) => row.metric === 'icu_occupied' && row.region === 'KR')!;
    // The charts round to 6 significant digits, a relative error below 5e-6.
    const relativeError = (value: unknown, expected: number) => Math.abs((value as number) - expected) / expected;
    expect(relativeError(icu.find((row) => row.series === 'Capacity')?.p50, capacity.p50)).toBeLessThan(5e-6);
    expect(relativeError(icu.find((row) => row.series === 'Occupied')?.p95, occupied.p95)).toBeLessThan(5e-6);
  });

  it('lays out regions by rows and tiers by columns', () => {
    const facet = (byRegion!.spec as { facet: { row: { sort: string[] }; column: { sort: string[] } } }).facet;
    expect(facet.row.sort).toEqual(['Seoul', 'Busan']);
    expect(facet.column.sort).toEqual(['Residential treatment centre', 'Hospital ward', 'Intensive care']);
    expect(rows(byRegion!.spec)).toHaveLength(2 * 3 * 2 * 10);
  });

  it('gives each panel its own y scale', () => {
    for (const chart of [national!, byRegion!]) {
      expect((chart.spec as { resolve: unknown }).resolve, chart.id).toEqual({ scale: { y: 'independent' } });
    }
  });
});

describe('bedSpecSteps', () => {
  it('yields after each region', () => {
    const input = syntheticReportInput({ regionCount: 5 });
    const steps = bedSpecSteps(createChartContext(input));
    let pauses = 0;
    let next = steps.next();
    while (next.done !== true) {
      pauses++;
      next = steps.next();
    }
    expect(pauses).toBe(1 + 5);
    expect(next.value).toEqual(bedSpecs(createChartContext(input)));
  });
});

describe('bedSpecs without bed limits', () => {
  const input = syntheticReportInput({ bedLimits: false });
  const charts = bedSpecs(createChartContext(input));

  type Panel = { layer: { encoding?: { color?: { scale?: { domain?: string[] } } } }[] };

  it('has no capacity rows', () => {
    for (const chart of charts) {
      expect(rows(chart.spec).filter((row) => row.series === 'Capacity'), chart.id).toEqual([]);
    }
  });

  it('keeps the occupancy rows', () => {
    for (const chart of charts) {
      expect(rows(chart.spec).length, chart.id).toBeGreaterThan(0);
    }
  });

  it('draws occupancy alone', () => {
    for (const chart of charts) {
      const layers = (chart.spec as { spec: Panel }).spec.layer;
      expect(layers, chart.id).toHaveLength(1);
      expect(layers[0]?.encoding?.color?.scale?.domain, chart.id).toEqual(['Occupied']);
    }
  });

  it('says there is no limit', () => {
    expect(charts.map((chart) => chart.title)).toEqual(['Bed occupancy, national', 'Bed occupancy by region']);
    for (const chart of charts) {
      expect(chart.spec.description, chart.id).toContain('No tier has a bed limit');
      expect(chart.spec.description, chart.id).not.toContain('dashed');
    }
  });

  it('gives vega only finite medians', () => {
    for (const chart of charts) {
      const infinite = rows(chart.spec).filter((row) => !Number.isFinite(row.p50));
      expect(infinite, chart.id).toEqual([]);
    }
  });
});
