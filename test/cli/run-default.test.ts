/**
 * Runs the built command line on the default scenario with its default options, 100 stochastic runs of Korea's
 * first wave, and checks the four output files, the report page in headless Chromium included.
 *
 * Build first with `npx tsc -p tsconfig.json`; `npm test` does that in its pretest step.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENGINE_VERSION, METRICS } from '../../engine/index.js';
import { DEFAULT_SCENARIO_PATH, loadScenarioFile, parseScenarioText } from '../../scenarios/index.js';
import { type BrowserCheck, checkReportInBrowser } from '../viz/browser.js';
import { KOREAN_REGIONS } from '../viz/fixture.js';

const MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

// The 100 runs over 163 days took about 18 s with two workers on a two-core machine, so the scenario's 225 days
// should take about 25 s (an estimate). The limit leaves room for a slow CI machine that runs other test files at
// the same time.
const CLI_TIMEOUT_MS = 5 * 60_000;
// The page inlines about 4 MB and draws 17 regions over 225 days.
const BROWSER_TIMEOUT_MS = 2 * 60_000;

const OUTPUT_FILES = ['series.csv', 'summary.json', 'report.html', 'scenario.resolved.json'];
const SERIES_HEADER = 'date,region,metric,mean,p5,p25,p50,p75,p95';
const QUANTILE_COLUMNS = ['mean', 'p5', 'p25', 'p50', 'p75', 'p95'] as const;
const REPORT_CHART_IDS = [
  'confirmed-national',
  'confirmed-regions',
  'testing',
  'beds-national',
  'beds-regions',
  'waiting',
  'deaths',
  'rt',
  'relief-payout',
  'consumption',
  'income-ratio',
];
const NATIONAL_CODE = 'KR';
const REGION_CODES = KOREAN_REGIONS.map((region) => region.code);
const FIRST_DATE = '2020-01-20';
const LAST_DATE = '2020-08-31';

// The output and the screenshot stay in this folder after the run, for a reader to open. Each run empties it
// first, so that runs do not pile up.
const folder = join(tmpdir(), 'tttsim-run-default-test');
const outDir = join(folder, 'out');

interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built command line in `folder`, killing it after {@link CLI_TIMEOUT_MS}. */
function runCli(args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { cwd: folder, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), CLI_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** Lists the ISO dates from `first` to `last`, both included. */
function datesBetween(first: string, last: string): string[] {
  const dates: string[] = [];
  for (let time = Date.parse(first); time <= Date.parse(last); time += 86_400_000) {
    dates.push(new Date(time).toISOString().slice(0, 10));
  }
  return dates;
}

type SeriesRecord = Record<(typeof QUANTILE_COLUMNS)[number] | 'date' | 'region' | 'metric', string>;

/** Checks that a summary.json entry has the mean and the five quantiles, each a finite number. */
function expectQuantiles(value: unknown, path: string): void {
  const entry = value as Record<string, unknown>;
  expect(Object.keys(entry ?? {}).sort(), path).toEqual([...QUANTILE_COLUMNS].sort());
  for (const column of QUANTILE_COLUMNS) expect(Number.isFinite(entry[column]), `${path}.${column}`).toBe(true);
}

describe('tttsim run on the default scenario', () => {
  const observedDir = process.env['TTTSIM_OBSERVED_DIR'];
  // CI must have the observed data, so a missing variable fails there. Locally, without it, the run draws none.
  if (observedDir === undefined && process.env['CI'] === 'true') {
    it('has TTTSIM_OBSERVED_DIR set in CI', () => {
      expect.fail('TTTSIM_OBSERVED_DIR is not set; CI must point it at the Korean data folder');
    });
    return;
  }
  const observedArgs =
    observedDir === undefined ? [] : ['--observed', join(observedDir, 'kr_regional_daily_2020_2023.csv')];

  let run: CliResult;
  let records: SeriesRecord[];

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build with npx tsc -p tsconfig.json first`);
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
    run = await runCli(['run', '--out', outDir, ...observedArgs]);
    const seriesPath = join(outDir, 'series.csv');
    records = existsSync(seriesPath) ? parse(readFileSync(seriesPath, 'utf8'), { columns: true }) : [];
  }, CLI_TIMEOUT_MS + 30_000);

  it('exits with code 0', () => {
    expect(run.status, run.stderr).toBe(0);
  });

  it('writes all four files', () => {
    for (const name of OUTPUT_FILES) expect(existsSync(join(outDir, name)), name).toBe(true);
  });

  it('writes the series header', () => {
    const text = readFileSync(join(outDir, 'series.csv'), 'utf8');
    expect(text.slice(0, text.indexOf('\n'))).toBe(SERIES_HEADER);
  });

  it('covers every metric, region and day once', () => {
    const dates = datesBetween(FIRST_DATE, LAST_DATE);
    expect(dates).toHaveLength(225);
    const keys = new Set(records.map((row) => `${row.metric} ${row.region} ${row.date}`));
    expect(keys.size, 'rows that repeat a metric, region and date').toBe(records.length);

    const missing: string[] = [];
    for (const metric of METRICS) {
      for (const region of [NATIONAL_CODE, ...REGION_CODES]) {
        for (const date of dates) {
          if (!keys.has(`${metric} ${region} ${date}`)) missing.push(`${metric} ${region} ${date}`);
        }
      }
    }
    expect(missing.slice(0, 5), `${missing.length} missing rows, the first five`).toEqual([]);
    expect(records).toHaveLength(METRICS.length * (REGION_CODES.length + 1) * dates.length);
  });

  it('writes finite numbers', () => {
    const bad = records.filter((row) => QUANTILE_COLUMNS.some((column) => !Number.isFinite(Number(row[column]))));
    expect(bad.slice(0, 5), `${bad.length} rows with a value that is not a finite number`).toEqual([]);
  });

  it('orders the quantiles on every row', () => {
    const unordered = records.filter((row) => {
      const [p5, p25, p50, p75, p95] = (['p5', 'p25', 'p50', 'p75', 'p95'] as const).map((key) => Number(row[key]));
      return !(p5! <= p25! && p25! <= p50! && p50! <= p75! && p75! <= p95!);
    });
    expect(unordered.slice(0, 5), `${unordered.length} rows out of order`).toEqual([]);
  });

  it('spreads the runs near the national peak', () => {
    // Stochastic runs differ, so the 90 % band of new confirmed cases has a width around the peak. If every run
    // drew the same random numbers, the band would collapse to the median.
    const national = records.filter((row) => row.region === NATIONAL_CODE && row.metric === 'confirmed_new');
    const peak = national.reduce((best, row) => (Number(row.p50) > Number(best.p50) ? row : best), national[0]!);
    const nearPeak = national.filter((row) => Math.abs(Date.parse(row.date) - Date.parse(peak.date)) <= 7 * 86_400_000);
    expect(Number(peak.p50), 'median new confirmed cases at the peak').toBeGreaterThan(0);
    expect(nearPeak).toHaveLength(15);
    for (const row of nearPeak) expect(Number(row.p95), row.date).toBeGreaterThan(Number(row.p5));
  });

  it('writes the provenance to summary.json', async () => {
    const loaded = await loadScenarioFile(DEFAULT_SCENARIO_PATH);
    if (!loaded.ok) throw new Error(`the default scenario does not load: ${JSON.stringify(loaded.problems)}`);
    const summary = JSON.parse(readFileSync(join(outDir, 'summary.json'), 'utf8'));
    // The path from the output folder finds the scenario from any current folder.
    const path = relative(outDir, DEFAULT_SCENARIO_PATH).split(sep).join('/');
    expect(summary.scenario).toEqual({ name: loaded.scenario.name, file: DEFAULT_SCENARIO_PATH, path, hash: loaded.hash });
    expect(summary.engineVersion).toBe(ENGINE_VERSION);
    expect(summary.mode).toBe('stochastic');
    expect(summary.runs).toBe(100);
    expect(summary.seed).toBe(loaded.scenario.simulation.seed);
  });

  it('summarises the nation and every region', () => {
    const summary = JSON.parse(readFileSync(join(outDir, 'summary.json'), 'utf8'));
    const regions = summary.regions as Record<string, any>[];
    expect(regions.map((region) => region.code)).toEqual([NATIONAL_CODE, ...REGION_CODES]);

    for (const region of regions) {
      const code = region.code as string;
      for (const total of ['infections', 'confirmed', 'deaths', 'deathsWithoutBed']) {
        expectQuantiles(region.totals?.[total], `${code} totals.${total}`);
      }
      for (const tier of ['rtc', 'ward', 'icu']) {
        expectQuantiles(region.peakOccupancy?.[tier]?.beds, `${code} peakOccupancy.${tier}.beds`);
        // A tier that no run fills has no peak date: Seoul and the others have no treatment centre.
        const peakDate = region.peakOccupancy?.[tier]?.date?.p50;
        if (region.peakOccupancy?.[tier]?.beds?.p95 > 0) {
          expect(peakDate, `${code} peakOccupancy.${tier}.date.p50`).toMatch(/^2020-\d{2}-\d{2}$/);
        } else {
          expect(peakDate, `${code} peakOccupancy.${tier}.date.p50`).toBeNull();
        }
        expectQuantiles(region.daysOverCapacity?.[tier], `${code} daysOverCapacity.${tier}`);
      }
      expectQuantiles(region.testBacklogMax, `${code} testBacklogMax`);
      expectQuantiles(region.testWaitMeanDays, `${code} testWaitMeanDays`);
    }
    expect(regions[0]!.totals.confirmed.p50, 'national median of confirmed cases').toBeGreaterThan(0);
  });

  it('writes a resolved scenario with the same hash', async () => {
    const summary = JSON.parse(readFileSync(join(outDir, 'summary.json'), 'utf8'));
    const text = readFileSync(join(outDir, 'scenario.resolved.json'), 'utf8');
    const resolved = parseScenarioText(text, 'scenario.resolved.json');
    expect(resolved.ok).toBe(true);
    expect(resolved.ok ? resolved.hash : undefined).toBe(summary.scenario.hash);
  });

  describe('report.html in Chromium', () => {
    let check: BrowserCheck;

    beforeAll(async () => {
      check = await checkReportInBrowser(join(outDir, 'report.html'), {
        screenshotPath: join(folder, 'report.png'),
        timeoutMs: BROWSER_TIMEOUT_MS,
      });
    }, 2 * BROWSER_TIMEOUT_MS);

    it('renders every chart', () => {
      expect(check.chartIds).toEqual(REPORT_CHART_IDS);
      expect(check.renderedIds).toEqual(check.chartIds);
      expect(check.failedIds).toEqual([]);
    });

    it('logs no error', () => {
      expect(check.consoleErrors).toEqual([]);
      expect(check.consoleWarnings).toEqual([]);
      expect(check.pageErrors).toEqual([]);
    });

    it('makes no network request', () => {
      expect(check.otherRequests).toEqual([]);
    });

    it('shows the cost of each lever in KRW and USD', () => {
      const html = readFileSync(join(outDir, 'report.html'), 'utf8');
      expect(html).toContain('<h3>Cost by lever, National (KR)</h3>');
      expect(html).toContain('<th scope="col">KRW</th><th scope="col">USD</th>');
      expect(html).toContain('<th scope="row">Relief payments</th>');
    });

    it.runIf(observedDir !== undefined)('draws the observed cases', () => {
      expect(check.chartTexts['confirmed-national']).toContain('Observed');
    });
  });
});
