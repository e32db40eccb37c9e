import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderComparison } from '../../viz/index.js';
import { inspectPageInBrowser } from './browser.js';
import { syntheticComparison } from './compare-fixture.js';

// A page parses about 0.8 MB of inline vega. A minute is generous, so that a slow CI machine does not time out.
const BROWSER_TIMEOUT_MS = 60_000;

// The page and its screenshot stay in this folder after the run, for a reader to open.
const folder = join(tmpdir(), 'tttsim-compare-browser-test');
rmSync(folder, { recursive: true, force: true });
mkdirSync(folder, { recursive: true });

describe('comparison page in Chromium', () => {
  it('keeps KPI names in view when scrolled', { timeout: 2 * BROWSER_TIMEOUT_MS }, async () => {
    // Eight plans with ranges in their cells, as the README's comparison of every plan file gives.
    const htmlPath = join(folder, 'eight-plans.html');
    writeFileSync(htmlPath, renderComparison(syntheticComparison(8, 'stochastic')));

    const layout = await inspectPageInBrowser(
      htmlPath,
      async (page) => {
        const box = await page.$eval('#kpis', (section) => {
          section.scrollIntoView({ block: 'start' });
          section.scrollLeft = section.scrollWidth;
          return { scrollLeft: section.scrollLeft, left: section.getBoundingClientRect().left };
        });
        await page.locator('#kpis').screenshot({ path: join(folder, 'eight-plans-scrolled.png') });
        const labels = await page.$$eval('#kpis th[scope="row"], #kpis thead tr:first-child > th:first-child', (cells) =>
          cells.map((cell) => {
            const rect = cell.getBoundingClientRect();
            const top = cell.ownerDocument.elementFromPoint(rect.left + 4, rect.top + rect.height / 2);
            return {
              text: cell.textContent ?? '',
              left: rect.left,
              onTop: top === cell || cell.contains(top),
              background: cell.ownerDocument.defaultView!.getComputedStyle(cell).backgroundColor,
            };
          }),
        );
        return { ...box, labels };
      },
      BROWSER_TIMEOUT_MS,
    );

    expect(layout.scrollLeft).toBeGreaterThan(1000);
    expect(layout.labels.map((label) => label.text)).toEqual([
      'KPI',
      'Deaths (persons)',
      'Days over ICU capacity (days)',
      'Maximum test backlog (persons)',
      'Mean wait for a test (days)',
    ]);
    for (const label of layout.labels) {
      expect(label.left, label.text).toBe(layout.left);
      expect(label.onTop, label.text).toBe(true);
      expect(label.background, label.text).not.toBe('rgba(0, 0, 0, 0)');
    }
  });
});
