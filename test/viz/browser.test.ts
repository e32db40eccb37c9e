import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReportSpecs, renderReport, type ReportInput } from '../../viz/index.js';
import { checkReportInBrowser } from './browser.js';
import { syntheticReportInput } from './fixture.js';

// Each page parses about 0.8 MB of inline vega and draws thousands of marks. A minute is generous, so that a slow
// CI machine does not time out.
const BROWSER_TIMEOUT_MS = 60_000;

// The pages and their screenshots stay in this folder after the run, for a reader to open. Each run empties it
// first, so that runs do not pile up.
const folder = join(tmpdir(), 'tttsim-report-browser-test');
rmSync(folder, { recursive: true, force: true });
mkdirSync(folder, { recursive: true });

async function renderAndCheck(name: string, input: ReportInput, timezoneId?: string) {
  const htmlPath = join(folder, `${name}.html`);
  writeFileSync(htmlPath, renderReport(input));
  const check = await checkReportInBrowser(htmlPath, {
    screenshotPath: join(folder, `${name}.png`),
    timeoutMs: BROWSER_TIMEOUT_MS,
    ...(timezoneId === undefined ? {} : { timezoneId }),
  });
  return { check, charts: buildReportSpecs(input) };
}

describe('report page in Chromium', () => {
  it('renders every chart offline, stochastic', { timeout: 2 * BROWSER_TIMEOUT_MS }, async () => {
    const { check, charts } = await renderAndCheck('stochastic', syntheticReportInput());
    expect(check.chartIds).toEqual(charts.map((chart) => chart.id));
    expect(check.renderedIds).toEqual(check.chartIds);
    expect(check.failedIds).toEqual([]);
    expect(check.consoleErrors).toEqual([]);
    expect(check.consoleWarnings).toEqual([]);
    expect(check.pageErrors).toEqual([]);
    expect(check.otherRequests).toEqual([]);
  });

  it('renders collapsed bands, deterministic', { timeout: 2 * BROWSER_TIMEOUT_MS }, async () => {
    const input = syntheticReportInput({ mode: 'deterministic', observed: false });
    const { check } = await renderAndCheck('deterministic', input);
    expect(check.renderedIds).toEqual(check.chartIds);
    expect(check.consoleErrors).toEqual([]);
    expect(check.consoleWarnings).toEqual([]);
    expect(check.pageErrors).toEqual([]);
    expect(check.otherRequests).toEqual([]);
  });

  it('keeps dates in any time zone', { timeout: 2 * BROWSER_TIMEOUT_MS }, async () => {
    // The dates are UTC midnights, which fall on the evening before in Los Angeles. On a local time scale the
    // domain would end at 16:00 on 25 February, so the axis would lose its tick for the last date, 26 February.
    const { check } = await renderAndCheck('los-angeles', syntheticReportInput(), 'America/Los_Angeles');
    expect(check.renderedIds).toEqual(check.chartIds);
    expect(check.chartTexts['confirmed-national']).toContain('Feb 17 2020');
    expect(check.chartTexts['confirmed-national']).toContain('Feb 26');
  });

  it('renders the economy charts and costs', { timeout: 2 * BROWSER_TIMEOUT_MS }, async () => {
    const input = syntheticReportInput({ economy: true, dayCount: 60 });
    const { check, charts } = await renderAndCheck('economy', input);
    expect(check.chartIds).toEqual(charts.map((chart) => chart.id));
    for (const id of ['relief-payout', 'consumption', 'income-ratio']) expect(check.renderedIds).toContain(id);
    expect(check.renderedIds).toEqual(check.chartIds);
    expect(check.failedIds).toEqual([]);
    expect(check.chartTexts['relief-payout']!.join(' ')).toContain('(million KRW)');
    expect(check.chartTexts['income-ratio']).toContain('Without relief');
    expect(check.consoleErrors).toEqual([]);
    expect(check.consoleWarnings).toEqual([]);
    expect(check.pageErrors).toEqual([]);
    expect(check.otherRequests).toEqual([]);
  });

  it('renders the economy charts of a deterministic run', { timeout: 2 * BROWSER_TIMEOUT_MS }, async () => {
    const input = syntheticReportInput({ economy: true, mode: 'deterministic', observed: false });
    const { check } = await renderAndCheck('economy-deterministic', input);
    expect(check.renderedIds).toEqual(check.chartIds);
    expect(check.consoleErrors).toEqual([]);
    expect(check.consoleWarnings).toEqual([]);
    expect(check.pageErrors).toEqual([]);
  });

  for (const mode of ['deterministic', 'stochastic'] as const) {
    it(`renders beds without a limit, ${mode}`, { timeout: 2 * BROWSER_TIMEOUT_MS }, async () => {
      const input = syntheticReportInput({ bedLimits: false, mode });
      const { check } = await renderAndCheck(`no-bed-limits-${mode}`, input);
      expect(check.renderedIds).toEqual(check.chartIds);
      expect(check.chartTexts['beds-national']).not.toContain('Capacity');
      expect(check.consoleErrors).toEqual([]);
      expect(check.consoleWarnings).toEqual([]);
      expect(check.pageErrors).toEqual([]);
    });
  }

  it('renders 17 regions over 120 days', { timeout: 2 * BROWSER_TIMEOUT_MS }, async () => {
    const input = syntheticReportInput({ regionCount: 17, dayCount: 120 });
    const { check } = await renderAndCheck('korea', input);
    expect(check.renderedIds).toEqual(check.chartIds);
    expect(check.consoleErrors).toEqual([]);
    expect(check.consoleWarnings).toEqual([]);
    expect(check.pageErrors).toEqual([]);
    expect(check.otherRequests).toEqual([]);
  });
});
