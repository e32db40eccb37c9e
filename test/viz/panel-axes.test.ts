import { describe, expect, it } from 'vitest';
import { buildReportSpecs, type QuantileRow, type ReportChart, type ReportInput } from '../../viz/index.js';
import { syntheticReportInput } from './fixture.js';
import { renderScene, type SceneItem } from './scene.js';

/**
 * Multiplies the series values of the rows that `selected` picks by `factor`, as in the first days of a
 * deterministic run, where a region has a few millionths of a person in each compartment.
 */
function scaleRows(input: ReportInput, selected: (row: QuantileRow) => boolean, factor: number): ReportInput {
  const series = input.series.map((row) =>
    !selected(row)
      ? row
      : {
          ...row,
          mean: row.mean * factor,
          p5: row.p5 * factor,
          p25: row.p25 * factor,
          p50: row.p50 * factor,
          p75: row.p75 * factor,
          p95: row.p95 * factor,
        },
  );
  return { ...input, series };
}

/** Builds the input of {@link mixedScaleInput} before scaling, with whole persons in every region. */
function plainInput(): ReportInput {
  return syntheticReportInput({ regionCount: 4, dayCount: 3, mode: 'deterministic', observed: false, bedLimits: false });
}

/**
 * Builds a three-day deterministic report over four regions without bed limits: two regions with tiny values, one with
 * large ones, and tiny intensive care occupancy everywhere, so that one column of the bed grid has long labels.
 */
function mixedScaleInput(): ReportInput {
  let input = plainInput();
  input = scaleRows(input, (row) => row.region === 'KR-26', 1e-6);
  input = scaleRows(input, (row) => row.region === 'KR-27', 1e-9);
  input = scaleRows(input, (row) => row.region === 'KR-28', 1e4);
  return scaleRows(input, (row) => row.metric === 'icu_occupied', 1e-6);
}

function chartOf(charts: readonly ReportChart[], id: string): ReportChart {
  const found = charts.find((chart) => chart.id === id);
  if (found === undefined) throw new Error(`no chart with id ${id}`);
  return found;
}

/** Returns the distinct left edges of the facet cells, in pixels, sorted: one per column of the grid. */
function columnLefts(items: readonly SceneItem[]): number[] {
  const cells = items.filter((item) => item.mark.name === 'cell');
  const lefts = cells.map((item) => Math.round(item.x ?? Number.NaN));
  return [...new Set(lefts)].sort((a, b) => a - b);
}

/** Returns the text of the visible tick labels that are not dates: those of the y axes. */
function yTickLabels(items: readonly SceneItem[]): string[] {
  const labels = items.filter((item) => item.mark.role === 'axis-label' && (item.opacity ?? 1) > 0);
  return labels.map((item) => item.text ?? '').filter((text) => !/^[A-Z][a-z]{2} /.test(text));
}

describe('regional grids with tiny values', () => {
  const charts = buildReportSpecs(mixedScaleInput());
  const plainCharts = buildReportSpecs(plainInput());

  for (const id of ['confirmed-regions', 'beds-regions']) {
    it(`keeps one column width, ${id}`, async () => {
      const { items, messages } = await renderScene(chartOf(charts, id).spec);
      expect(messages).toEqual([]);
      const lefts = columnLefts(items);
      expect(lefts.length).toBeGreaterThanOrEqual(3);
      const steps = lefts.slice(1).map((left, i) => left - lefts[i]!);
      expect(new Set(steps).size, `column steps ${steps.join(', ')}`).toBe(1);

      // A grid of whole persons has the same columns, so long labels widen no column.
      const plain = columnLefts((await renderScene(chartOf(plainCharts, id).spec)).items);
      expect(lefts).toEqual(plain);
    });

    it(`writes short y labels, ${id}`, async () => {
      const { items } = await renderScene(chartOf(charts, id).spec);
      const labels = yTickLabels(items);
      expect(labels.length).toBeGreaterThan(0);
      for (const label of labels) expect(label.length, label).toBeLessThanOrEqual(6);
    });
  }

  it('writes tiny ticks in exponent notation', async () => {
    const { items } = await renderScene(chartOf(charts, 'confirmed-regions').spec);
    const labels = yTickLabels(items);
    expect(labels).toContain('0');
    expect(labels.some((label) => /^\d(\.\d)?e-\d+$/.test(label)), labels.join(' ')).toBe(true);
    expect(labels.filter((label) => /^0\.0+$/.test(label))).toEqual([]);
  });

  it('writes large ticks with an SI prefix', async () => {
    const { items } = await renderScene(chartOf(charts, 'confirmed-regions').spec);
    const labels = yTickLabels(items);
    expect(labels.some((label) => /^\d+(\.\d+)?M$/.test(label)), labels.join(' ')).toBe(true);
  });
});

describe('national charts with tiny values', () => {
  // Every series a few billionths of a person, as on the first days of a deterministic run.
  const charts = buildReportSpecs(scaleRows(plainInput(), () => true, 1e-9));

  for (const id of ['deaths', 'testing', 'waiting', 'confirmed-national', 'beds-national']) {
    it(`writes short y labels, ${id}`, async () => {
      const { items, messages } = await renderScene(chartOf(charts, id).spec);
      expect(messages).toEqual([]);
      const labels = yTickLabels(items);
      expect(labels.length).toBeGreaterThan(0);
      for (const label of labels) expect(label.length, label).toBeLessThanOrEqual(6);
    });
  }

  it('writes deaths ticks in exponent notation', async () => {
    const { items } = await renderScene(chartOf(charts, 'deaths').spec);
    const labels = yTickLabels(items);
    expect(labels.some((label) => /^\d(\.\d+)?e-\d+$/.test(label)), labels.join(' ')).toBe(true);
    expect(labels.filter((label) => /^0\.0+/.test(label))).toEqual([]);
  });
});
