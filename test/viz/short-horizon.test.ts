import { describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { buildReportSpecs, renderReport, type ReportChart } from '../../viz/index.js';
import { syntheticReportInput } from './fixture.js';
import { renderScene, type SceneItem } from './scene.js';

/** Returns the series labels of the rows in a chart's inline datasets. */
function seriesOf(chart: ReportChart): string[] {
  const datasets = (chart.spec as { datasets?: Record<string, { series?: string }[]> }).datasets ?? {};
  const labels = Object.values(datasets).flatMap((rows) => rows.map((row) => row.series ?? ''));
  return [...new Set(labels)].filter((label) => label !== '').sort();
}

/** Returns the series labels that a chart shows as visible points. */
function seriesWithVisiblePoints(items: readonly SceneItem[]): string[] {
  const visible = items.filter(
    (item) =>
      item.mark.marktype === 'symbol' &&
      item.mark.role === 'mark' &&
      (item.opacity ?? 1) > 0 &&
      (item.size ?? 0) > 0 &&
      typeof item.datum?.series === 'string',
  );
  return [...new Set(visible.map((item) => item.datum!.series as string))].sort();
}

describe('report of a one-day horizon', () => {
  const input = syntheticReportInput({ dayCount: 1, observed: false, economy: true });
  const charts = buildReportSpecs(input);

  it('shows every series as points', async () => {
    for (const chart of charts) {
      const { items, messages } = await renderScene(chart.spec);
      expect(messages, chart.id).toEqual([]);
      expect(seriesWithVisiblePoints(items), chart.id).toEqual(seriesOf(chart));
    }
  });

  it('draws the bands as bars', async () => {
    const national = charts.find((chart) => chart.id === 'confirmed-national')!;
    const { items } = await renderScene(national.spec);
    const bars = items.filter((item) => item.mark.marktype === 'rule' && item.mark.role === 'mark');
    expect(bars).toHaveLength(2);
    for (const bar of bars) expect(Math.abs((bar.y2 ?? 0) - (bar.y ?? 0))).toBeGreaterThan(1);
  });
});

describe('report of a one-day horizon without Rt', () => {
  // The engine leaves Rt undefined on the first day, since no earlier infection can have caused that day's.
  const input = syntheticReportInput({ dayCount: 1, observed: false, economy: true });
  for (const row of input.series) {
    if (row.metric === 'rt') Object.assign(row, { mean: NaN, p5: NaN, p25: NaN, p50: NaN, p75: NaN, p95: NaN });
  }
  const html = renderReport(input);
  const rtSection = html.split('<section id="rt">')[1]!.split('</section>')[0]!;

  it('shows a note for Rt', () => {
    expect(rtSection).toContain('No day of this run has a value of Rt');
    expect(rtSection).not.toContain('data-chart');
    expect(html).not.toContain('id="spec-rt"');
  });

  it('embeds no chart that vega warns of', async () => {
    const specs = [...html.matchAll(/<script type="application\/json" id="spec-([^"]+)">(.*?)<\/script>/gs)];
    expect(specs.length).toBeGreaterThan(0);
    for (const [, id, json] of specs) {
      const { messages } = await renderScene(JSON.parse(json!) as TopLevelSpec);
      expect(messages, id).toEqual([]);
    }
  });
});

describe('report of a two-day horizon', () => {
  const input = syntheticReportInput({ dayCount: 2, observed: false });
  const charts = buildReportSpecs(input);

  it('labels each date once', async () => {
    const national = charts.find((chart) => chart.id === 'confirmed-national')!;
    const { items } = await renderScene(national.spec);
    const labels = items
      .filter((item) => item.mark.role === 'axis-label' && (item.opacity ?? 1) > 0 && /^[A-Z][a-z]{2} /.test(item.text ?? ''))
      .map((item) => item.text);
    expect(labels).toEqual(['Feb 17 2020', 'Feb 18']);
  });

  it('shows every series as points', async () => {
    for (const chart of charts) {
      const { items } = await renderScene(chart.spec);
      expect(seriesWithVisiblePoints(items), chart.id).toEqual(seriesOf(chart));
    }
  });
});

describe('report of a long horizon', () => {
  it('keeps the median points hidden', async () => {
    const charts = buildReportSpecs(syntheticReportInput({ dayCount: 30, observed: false }));
    const national = charts.find((chart) => chart.id === 'confirmed-national')!;
    const { items } = await renderScene(national.spec);
    expect(seriesWithVisiblePoints(items)).toEqual([]);
  });
});
