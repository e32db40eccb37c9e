import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { METRIC_LABELS } from '../../engine/index.js';
import { buildReportSpecs, type ReportChart } from '../../viz/index.js';
import { syntheticReportInput } from './fixture.js';
import { recordingLogger } from './scene.js';

/** Replaces each inline dataset of a spec by its row count, so that a snapshot shows the structure only. */
function outline(spec: TopLevelSpec): unknown {
  const datasets = 'datasets' in spec && spec.datasets !== undefined ? spec.datasets : {};
  const counts = Object.fromEntries(
    Object.entries(datasets).map(([name, rows]) => [name, `${Array.isArray(rows) ? rows.length : 0} rows`]),
  );
  return { ...spec, datasets: counts };
}

function chart(charts: ReportChart[], id: string): ReportChart {
  const found = charts.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`no chart with id ${id}`);
  return found;
}

function dataset(spec: TopLevelSpec, name: string): Record<string, unknown>[] {
  const datasets = (spec as { datasets?: Record<string, Record<string, unknown>[]> }).datasets ?? {};
  return datasets[name] ?? [];
}

async function renderSvg(spec: TopLevelSpec): Promise<{ svg: string; messages: string[] }> {
  const { logger, messages } = recordingLogger();
  const view = new View(parse(compile(spec, { logger }).spec), { renderer: 'none', logger });
  try {
    return { svg: await view.toSVG(), messages };
  } finally {
    view.finalize();
  }
}

describe('buildReportSpecs', () => {
  const input = syntheticReportInput();
  const charts = buildReportSpecs(input);

  it('lists the charts in page order', () => {
    expect(charts.map((item) => item.id)).toEqual([
      'confirmed-national',
      'confirmed-regions',
      'testing',
      'beds-national',
      'beds-regions',
      'waiting',
      'deaths',
      'rt',
    ]);
  });

  it('gives every chart a title and a caption', () => {
    for (const item of charts) {
      expect(item.title, item.id).not.toBe('');
      expect(item.spec.description ?? '', item.id).not.toBe('');
    }
  });

  it('compiles every spec without warnings', () => {
    for (const item of charts) {
      const { logger, messages } = recordingLogger();
      compile(item.spec, { logger });
      expect(messages, item.id).toEqual([]);
    }
  });

  it('renders every spec to SVG in Node', async () => {
    for (const item of charts) {
      const { svg, messages } = await renderSvg(item.spec);
      expect(svg.startsWith('<svg'), item.id).toBe(true);
      expect(svg, item.id).toContain('<path');
      expect(messages, item.id).toEqual([]);
    }
  });

  it('renders collapsed bands in deterministic mode', async () => {
    const deterministic = buildReportSpecs(syntheticReportInput({ mode: 'deterministic', observed: false }));
    for (const item of deterministic) {
      const { svg, messages } = await renderSvg(item.spec);
      expect(svg, item.id).toContain('<path');
      expect(messages, item.id).toEqual([]);
    }
  });

  it('carries one national row per day', () => {
    const rows = dataset(chart(charts, 'confirmed-national').spec, 'simulated');
    expect(rows.map((row) => row.date)).toEqual([...new Set(input.series.map((row) => row.date))].sort());
    expect(new Set(rows.map((row) => row.region))).toEqual(new Set(['National (KR)']));
  });

  it('carries the quantiles of the input rows', () => {
    const first = input.series.find((row) => row.metric === 'confirmed_new' && row.region === 'KR')!;
    const row = dataset(chart(charts, 'confirmed-national').spec, 'simulated')[0]!;
    // The charts round to 6 significant digits, a relative error below 5e-6.
    for (const key of ['p5', 'p25', 'p50', 'p75', 'p95'] as const) {
      expect(Math.abs((row[key] as number) - first[key]) / first[key], key).toBeLessThan(5e-6);
    }
  });

  it('sums observed regions into national points', () => {
    const observed = dataset(chart(charts, 'confirmed-national').spec, 'observed');
    const firstDate = observed[0]!.date;
    const expected = input.observed!
      .filter((row) => row.date === firstDate)
      .reduce((total, row) => total + row.confirmed_new, 0);
    expect(observed).toHaveLength(10);
    expect(observed[0]!.observed).toBe(expected);
  });

  it('facets every region with its observed points', () => {
    const rows = dataset(chart(charts, 'confirmed-regions').spec, 'rows');
    const simulated = rows.filter((row) => row.series === 'Simulated');
    const observed = rows.filter((row) => row.series === 'Observed');
    expect(new Set(simulated.map((row) => row.region))).toEqual(new Set(['Seoul', 'Busan']));
    expect(new Set(observed.map((row) => row.region))).toEqual(new Set(['Seoul', 'Busan']));
    expect(simulated).toHaveLength(20);
    expect(observed).toHaveLength(20);
  });

  it('draws no observed layer without observed rows', () => {
    const withoutObserved = buildReportSpecs(syntheticReportInput({ observed: false }));
    const json = JSON.stringify(chart(withoutObserved, 'confirmed-national').spec);
    expect(json).not.toContain('"observed"');
    expect(json).not.toContain('Observed');
  });

  it('titles axes with metric labels and units', () => {
    const json = JSON.stringify(chart(charts, 'confirmed-national').spec);
    const { label, unit } = METRIC_LABELS.confirmed_new;
    expect(json).toContain(JSON.stringify([label, `(${unit})`]));
    const deaths = JSON.stringify(chart(charts, 'deaths').spec);
    expect(deaths).toContain(JSON.stringify([METRIC_LABELS.deaths_cum.label, `(${METRIC_LABELS.deaths_cum.unit})`]));
  });

  it('draws capacity as a step line per tier', () => {
    const spec = chart(charts, 'beds-national').spec;
    const rows = dataset(spec, 'rows');
    expect(new Set(rows.map((row) => row.tier))).toEqual(
      new Set(['Residential treatment centre', 'Hospital ward', 'Intensive care']),
    );
    expect(rows.filter((row) => row.series === 'Capacity')).toHaveLength(30);
    expect(JSON.stringify(spec)).toContain('"interpolate":"step-after"');
  });

  it('draws testing capacity as a step line', () => {
    const spec = chart(charts, 'testing').spec;
    const capacity = dataset(spec, 'demand').filter((row) => row.series === METRIC_LABELS.tests_capacity.label);
    const expected = input.series.filter((row) => row.metric === 'tests_capacity' && row.region === 'KR');
    expect(capacity.map((row) => row.p50)).toEqual(expected.map((row) => row.p50));
    const json = JSON.stringify(spec);
    expect(json).toContain('"interpolate":"step-after"');
    expect(json).toContain(`"filter":"datum.series === \\"${METRIC_LABELS.tests_capacity.label}\\""`);
  });

  it('draws bands for tests demanded and performed', () => {
    const spec = chart(charts, 'testing').spec;
    const rows = dataset(spec, 'demand');
    for (const metric of ['tests_demanded', 'tests_performed'] as const) {
      const label = METRIC_LABELS[metric].label;
      expect(rows.filter((row) => row.series === label), label).toHaveLength(10);
    }
    // Each of the two band layers draws a 90 % and a 50 % band, so the upper panel has four areas.
    const upperPanel = (spec as { vconcat: unknown[] }).vconcat[0];
    expect(JSON.stringify(upperPanel).match(/"type":"area"/g)).toHaveLength(4);
  });

  it('gives the true reasons for the backlog', () => {
    const caption = chart(charts, 'testing').spec.description ?? '';
    expect(caption).not.toContain('unmet demand waits in the backlog');
    expect(caption).toContain('even with capacity to spare');
    expect(caption).toContain('other illness');
    expect(caption).toContain('testing.shortestWaitDays');
  });

  it('marks Rt = 1 with a rule', () => {
    expect(JSON.stringify(chart(charts, 'rt').spec)).toContain('{"y":{"datum":1}}');
  });

  it('matches the spec outline snapshot', () => {
    expect(charts.map((item) => ({ id: item.id, title: item.title, spec: outline(item.spec) }))).toMatchSnapshot();
  });
});
