/**
 * Opens a report page in headless Chromium and records what a reader's browser would do with it: which charts
 * rendered, console and page errors, and every request the page made.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';

/** Chromium flags: headless, and none of the browser's own background traffic. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The observations of {@link checkReportInBrowser}. */
export interface BrowserCheck {
  /** The file:// URL the page was opened from. */
  pageUrl: string;
  /** `data-chart` ids of all chart containers, in page order. */
  chartIds: string[];
  /** Ids of the containers that vega-embed marked as rendered and that hold an SVG or canvas. */
  renderedIds: string[];
  /** Ids of the containers whose embed promise rejected. */
  failedIds: string[];
  /** Text of every SVG text element in each chart, such as axis labels and titles, by chart id. */
  chartTexts: Record<string, string[]>;
  /** Text of console messages of type error, in order. */
  consoleErrors: string[];
  /** Text of console messages of type warning, in order. Vega reports spec problems as warnings. */
  consoleWarnings: string[];
  /** Messages of uncaught exceptions in the page. */
  pageErrors: string[];
  /** URLs of every request other than the page itself. Those not on file:// were aborted. */
  otherRequests: string[];
  /** Time from navigation until every chart settled, in milliseconds. */
  renderMs: number;
}

/** Options of {@link checkReportInBrowser}. */
export interface BrowserCheckOptions {
  /** Where to write a full-page PNG screenshot, or none when omitted. */
  screenshotPath?: string;
  /** How long to wait for all charts to settle, in milliseconds. @default 60000 */
  timeoutMs?: number;
  /** IANA time zone the browser runs in, to show that dates do not shift with it. @default 'UTC' */
  timezoneId?: string;
}

/**
 * Opens the HTML file at `htmlPath` in headless Chromium (from `CHROMIUM_PATH`, default /usr/bin/chromium) with a
 * fresh profile, waits until the page marks every chart as settled, and returns what it observed.
 *
 * @throws Error when Chromium cannot start, or the charts do not settle within `timeoutMs`.
 */
export async function checkReportInBrowser(htmlPath: string, options: BrowserCheckOptions = {}): Promise<BrowserCheck> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const profile = mkdtempSync(join(tmpdir(), 'tttsim-chromium-'));
  const context = await chromium
    .launchPersistentContext(profile, {
      executablePath,
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: { width: 1200, height: 900 },
      timezoneId: options.timezoneId ?? 'UTC',
    })
    .catch((error: unknown) => {
      rmSync(profile, { recursive: true, force: true });
      throw new Error(
        `Chromium failed to start from ${executablePath}: ${String(error)}. Install it with ` +
          'apt-get install -y chromium, or set CHROMIUM_PATH to its executable.',
      );
    });

  try {
    const page = await context.newPage();
    const pageUrl = pathToFileURL(htmlPath).href;
    const consoleErrors: string[] = [];
    const consoleWarnings: string[] = [];
    const pageErrors: string[] = [];
    const otherRequests: string[] = [];

    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
      if (message.type() === 'warning') consoleWarnings.push(message.text());
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('request', (request) => {
      if (request.url() !== pageUrl) otherRequests.push(request.url());
    });
    // Nothing but the page itself may load. Anything else is recorded above and never reaches the network.
    await context.route(/^(?!file:)/, (route) => route.abort());

    const started = performance.now();
    await page.goto(pageUrl, { waitUntil: 'load', timeout: timeoutMs });
    await page.waitForSelector('body[data-charts-done="true"]', { timeout: timeoutMs });
    const renderMs = performance.now() - started;

    const states = await page.$$eval('[data-chart]', (containers) =>
      containers.map((container) => ({
        id: container.getAttribute('data-chart') ?? '',
        state: container.getAttribute('data-rendered'),
        drawn: container.querySelector('svg, canvas') !== null,
        texts: [...container.querySelectorAll('svg text')].map((text) => text.textContent ?? ''),
      })),
    );
    if (options.screenshotPath !== undefined) await page.screenshot({ path: options.screenshotPath, fullPage: true });

    return {
      pageUrl,
      chartIds: states.map((state) => state.id),
      renderedIds: states.filter((state) => state.state === 'true' && state.drawn).map((state) => state.id),
      failedIds: states.filter((state) => state.state === 'failed').map((state) => state.id),
      chartTexts: Object.fromEntries(states.map((state) => [state.id, state.texts])),
      consoleErrors,
      consoleWarnings,
      pageErrors,
      otherRequests,
      renderMs,
    };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * Opens the HTML file at `htmlPath` in headless Chromium (from `CHROMIUM_PATH`, default /usr/bin/chromium) with a
 * viewport of 1280 by 900 pixels, waits until the page marks every chart as settled, and returns what `inspect`
 * returns for the page. Requests other than file:// are aborted.
 *
 * @throws Error when Chromium cannot start, or the charts do not settle within `timeoutMs`.
 */
export async function inspectPageInBrowser<T>(
  htmlPath: string,
  inspect: (page: Page) => Promise<T>,
  timeoutMs = 60_000,
): Promise<T> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true }).catch((error: unknown) => {
    throw new Error(
      `Chromium failed to start from ${executablePath}: ${String(error)}. Install it with ` +
        'apt-get install -y chromium, or set CHROMIUM_PATH to its executable.',
    );
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.route(/^(?!file:)/, (route) => route.abort());
    await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load', timeout: timeoutMs });
    await page.waitForSelector('body[data-charts-done="true"]', { timeout: timeoutMs });
    return await inspect(page);
  } finally {
    await browser.close();
  }
}
