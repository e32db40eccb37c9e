import { describe, expect, it } from 'vitest';
import { buildReportSpecs, renderReport, renderReportAsync } from '../../viz/index.js';
import { renderChart } from '../../viz/page.js';
import { syntheticReportInput } from './fixture.js';

/** Extracts the JSON specs embedded in the page, by chart id. */
function embeddedSpecs(html: string): Map<string, unknown> {
  const specs = new Map<string, unknown>();
  for (const match of html.matchAll(/<script type="application\/json" id="spec-([^"]+)">(.*?)<\/script>/gs)) {
    specs.set(match[1]!, JSON.parse(match[2]!));
  }
  return specs;
}

describe('renderReport', () => {
  const input = syntheticReportInput();
  const html = renderReport(input);

  it('embeds each chart spec once', () => {
    const charts = buildReportSpecs(input);
    const specs = embeddedSpecs(html);
    expect([...specs.keys()]).toEqual(charts.map((chart) => chart.id));
    for (const chart of charts) expect(specs.get(chart.id), chart.id).toEqual(JSON.parse(JSON.stringify(chart.spec)));
  });

  it('gives every chart a container', () => {
    for (const chart of buildReportSpecs(input)) expect(html).toContain(`<div class="chart" data-chart="${chart.id}">`);
  });

  it('inlines vega, vega-lite and vega-embed', () => {
    for (const name of ['vega', 'vega-lite', 'vega-embed']) expect(html).toContain(`<script data-package="${name}">`);
  });

  it('loads no script, style or image by URL', () => {
    // The inlined builds mention tags in their own strings, so only the page's markup is checked.
    const markup = html.replace(/<script data-package="[^"]+">.*?<\/script>/gs, '');
    expect(markup).not.toMatch(/<script[^>]*\ssrc=/i);
    expect(markup).not.toMatch(/<link\b/i);
    expect(markup).not.toMatch(/<img\b/i);
    expect(markup).not.toMatch(/@import|url\(/i);
  });

  it('forbids requests in its content security policy', () => {
    expect(html).toContain(`content="default-src 'none';`);
  });

  it('embeds charts without export actions', () => {
    expect(html).toContain('actions: false');
  });

  it('shows the provenance in the header', () => {
    expect(html).toContain('<h1>Synthetic test scenario</h1>');
    const hash = '3f9a1c0b7d2e4f6a8b1c2d3e4f5a6b7c';
    expect(html).toContain(`<dt>Scenario hash</dt><dd><span title="${hash}">${hash.slice(0, 12)}</span>`);
    expect(html).toContain('<dt>Engine version</dt><dd>0.1.0</dd>');
    expect(html).toContain('<dt>Mode</dt><dd>stochastic</dd>');
    expect(html).toContain('<dt>Runs</dt><dd>200</dd>');
    expect(html).toContain('<dt>Seed</dt><dd>20200217</dd>');
    expect(html).toContain('<dt>Created</dt><dd>2020-06-30T12:00:00Z</dd>');
    expect(html).toContain('Lines are the median over 200 runs.');
  });

  it('explains collapsed bands in deterministic mode', () => {
    const deterministic = renderReport(syntheticReportInput({ mode: 'deterministic' }));
    expect(deterministic).toContain('Deterministic run: one trajectory from mean values');
  });

  it('keeps names from closing the data script', () => {
    const hostile = syntheticReportInput();
    hostile.scenarioName = '</script><script>window.injected = 1</script>';
    hostile.regions[0]!.name = 'Seoul</script><script>window.injected = 2</script>';
    const page = renderReport(hostile);
    expect(page).not.toContain('<script>window.injected');
    const specs = embeddedSpecs(page);
    expect(JSON.stringify(specs.get('confirmed-regions'))).toContain('Seoul</script><script>window.injected = 2');
  });

  it('shows costs only with an economy', () => {
    expect(html).not.toContain('<section id="costs">');
    expect(html).not.toContain('href="#costs"');
    const withEconomy = renderReport(syntheticReportInput({ economy: true }));
    expect(withEconomy).toContain('<section id="costs">');
    expect(withEconomy).toContain('<li><a href="#costs">Costs</a></li>');
    expect(withEconomy).toContain('<h3>Cost by lever, National (KR)</h3>');
    expect(withEconomy.indexOf('<section id="costs">')).toBeLessThan(withEconomy.indexOf('<section id="summary">'));
  });

  it('shows economy charts only with an economy', () => {
    for (const id of ['relief-payout', 'consumption', 'income-ratio']) {
      expect(html, id).not.toContain(`data-chart="${id}"`);
      expect(renderReport(syntheticReportInput({ economy: true })), id).toContain(`data-chart="${id}"`);
    }
  });

  it('lists the summary after the charts', () => {
    expect(html.indexOf('<section id="summary">')).toBeGreaterThan(html.indexOf('<section id="rt">'));
    expect(html).toContain('<h3>Totals and testing</h3>');
    expect(html).toContain('<h3>Beds by tier</h3>');
  });
});

describe('renderChart', () => {
  const chart = (p50: number) => ({
    id: 'series',
    title: 'Series',
    spec: { data: { values: [{ date: '2020-01-20', series: 'Series', p50 }] }, mark: 'line' as const },
  });

  it('notes a chart without values', () => {
    const html = renderChart(chart(NaN));
    expect(html).toContain('<h2>Series</h2>');
    expect(html).toContain('No day of this run has a value to draw in this chart.');
    expect(html).not.toContain('data-chart');
    expect(html).not.toContain('id="spec-series"');
  });

  it('embeds a chart with a value', () => {
    const html = renderChart(chart(1.2));
    expect(html).toContain('<div class="chart" data-chart="series">');
    expect(html).toContain('id="spec-series"');
    expect(html).not.toContain('No day of this run');
  });
});

describe('renderReportAsync', () => {
  const input = syntheticReportInput();

  it('renders the page of renderReport', async () => {
    expect(await renderReportAsync(input, new AbortController().signal)).toBe(renderReport(input));
  });

  it('stops when its signal aborts', async () => {
    const controller = new AbortController();
    const reason = new Error('interrupted');
    const page = renderReportAsync(input, controller.signal);
    controller.abort(reason);
    await expect(page).rejects.toBe(reason);
  });

  it('renders nothing after an abort', async () => {
    const controller = new AbortController();
    controller.abort(new Error('interrupted'));
    await expect(renderReportAsync(input, controller.signal)).rejects.toThrow('interrupted');
  });
});
