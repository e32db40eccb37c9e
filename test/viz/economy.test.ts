import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { METRICS } from '../../engine/index.js';
import { ECONOMY_REPORT_METRICS } from '../../viz/economy.js';
import { buildReportSpecs, type ReportChart } from '../../viz/index.js';
import { syntheticReportInput } from './fixture.js';
import { recordingLogger } from './scene.js';

const ECONOMY_CHART_IDS = ['relief-payout', 'consumption', 'income-ratio'];

function chart(charts: ReportChart[], id: string): ReportChart {
  const found = charts.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`no chart with id ${id}`);
  return found;
}

function dataset(spec: TopLevelSpec, name: string): Record<string, number | string>[] {
  const datasets = (spec as { datasets?: Record<string, Record<string, number | string>[]> }).datasets ?? {};
  return datasets[name] ?? [];
}

/** Compiles and renders a spec in Node, returning the SVG and every vega warning or error. */
async function renderSvg(spec: TopLevelSpec): Promise<{ svg: string; messages: string[] }> {
  const { logger, messages } = recordingLogger();
  const view = new View(parse(compile(spec, { logger }).spec), { renderer: 'none', logger });
  try {
    return { svg: await view.toSVG(), messages };
  } finally {
    view.finalize();
  }
}

describe('economy charts', () => {
  const input = syntheticReportInput({ economy: true });
  const charts = buildReportSpecs(input);

  it('appear only with an economy', () => {
    const without = buildReportSpecs(syntheticReportInput()).map((item) => item.id);
    for (const id of ECONOMY_CHART_IDS) expect(without).not.toContain(id);
    expect(charts.map((item) => item.id).slice(-3)).toEqual(ECONOMY_CHART_IDS);
  });

  it('chart only metrics the engine reports', () => {
    for (const metric of ECONOMY_REPORT_METRICS) expect(METRICS as readonly string[]).toContain(metric);
  });

  it('render to SVG without warnings', async () => {
    for (const id of ECONOMY_CHART_IDS) {
      const { svg, messages } = await renderSvg(chart(charts, id).spec);
      expect(svg, id).toContain('<path');
      expect(messages, id).toEqual([]);
    }
  });

  it('render in deterministic mode', async () => {
    const deterministic = buildReportSpecs(syntheticReportInput({ economy: true, mode: 'deterministic' }));
    for (const id of ECONOMY_CHART_IDS) {
      const { messages } = await renderSvg(chart(deterministic, id).spec);
      expect(messages, id).toEqual([]);
    }
  });

  it('show relief paid in whole millions', () => {
    const spec = chart(charts, 'relief-payout').spec;
    const last = input.series.filter((row) => row.metric === 'relief_paid_cum' && row.region === 'KR').at(-1)!;
    // Two regions of 1 and 2 million households, 95 % paid 650,000 KRW: about 1.85 trillion KRW, which is
    // 1,852,500 million and so keeps seven digits.
    expect(last.p50).toBeGreaterThan(1e12);
    expect(dataset(spec, 'paid').at(-1)!.p50).toBe(Math.round(last.p50 / 1e6));
    expect(JSON.stringify(spec)).toContain('(million KRW)');
  });

  it('give money tooltips as whole numbers', () => {
    const text = JSON.stringify(chart(charts, 'relief-payout').spec);
    expect(text).toContain('"title":"Median","format":",.0f"');
    const shares = JSON.stringify((chart(charts, 'relief-payout').spec as { vconcat: unknown[] }).vconcat[1]);
    expect(shares).not.toContain('",.0f"');
  });

  it('show the paid share in percent', () => {
    const spec = chart(charts, 'relief-payout').spec;
    const last = input.series.filter((row) => row.metric === 'households_paid_share' && row.region === 'KR').at(-1)!;
    expect(dataset(spec, 'shares').at(-1)!.p50).toBeCloseTo(100 * last.p50, 6);
    expect(JSON.stringify(spec)).toContain('(% of households)');
  });

  it('carry the uncertainty bands', () => {
    const rows = dataset(chart(charts, 'consumption').spec, 'extra');
    const paidDay = rows.find((row) => (row.p50 as number) > 0)!;
    expect(paidDay.p5).toBeLessThan(paidDay.p50 as number);
    expect(paidDay.p95).toBeGreaterThan(paidDay.p50 as number);
    // A 90 % and a 50 % band in each of the two panels.
    expect(JSON.stringify(chart(charts, 'consumption').spec).match(/"type":"area"/g)).toHaveLength(4);
  });

  it('draw the income ratio with and without relief', () => {
    const rows = dataset(chart(charts, 'income-ratio').spec, 'rows');
    expect(new Set(rows.map((row) => row.series))).toEqual(new Set(['With relief', 'Without relief']));
    const day = rows.length / 2 - 1;
    expect(rows[day]!.p50).toBeLessThan(rows[2 * day + 1]!.p50 as number);
  });
});
