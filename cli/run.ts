import { ENGINE_VERSION } from '../engine/index.js';
import { calendarOf, regionsOf, scenarioHash, type Scenario } from '../scenarios/index.js';
import { renderReportAsync, reportMetrics, type ObservedRow, type ReportInput } from '../viz/index.js';
import { aggregateRuns, runBatch, type BatchResult } from '../workers/index.js';
import { reportFailure } from './failure.js';
import { listenForInterrupts } from './interrupt.js';
import { checkBatchMemory, checkReportMemory } from './memory.js';
import { EXIT_CODES, messages } from './messages.js';
import { readObservedFile, type ObservedContext } from './observed.js';
import { OUTPUT_FILES, checkDefaultFolderOwner, pathFromFolder, prepareOutput, type StagedOutput } from './output.js';
import { createProgressReporter } from './progress.js';
import { resolveRunSettings, type RunFlags, type RunSettings } from './run-settings.js';
import { loadScenario, type LoadedScenario } from './scenario-file.js';
import { formatSummaryJson, buildSummaryDocument } from './summary-json.js';
import {
  buildSeriesRowsAsync,
  buildSummaryRows,
  seriesCsvChunks,
  seriesRows,
  seriesLength,
  summaryLength,
  type OutputLayout,
} from './tables.js';

/** Code of the national total when the regions belong to more than one country. */
export const MIXED_NATIONAL_CODE = 'TOTAL';

/**
 * Rows of series.csv from which `run` prints a line before it writes the output. A million rows and
 * their report take about five seconds on a 2-core Intel Xeon.
 */
const LONG_OUTPUT_ROWS = 1_000_000;

/** Display name of the national total. */
const NATIONAL_NAME = 'National total';

/**
 * Runs `tttsim run`: loads the scenario, checks that the batch fits in memory, runs it on the worker
 * pool, and writes series.csv, summary.json, report.html and scenario.resolved.json. Everything is
 * written to a staging folder first, so that a failure or an interrupt leaves the previous output,
 * if any, untouched.
 *
 * @param defaultScenarioPath scenario used when the flags name none
 * @returns the exit code
 */
export async function runCommand(flags: RunFlags, defaultScenarioPath: string): Promise<number> {
  const startMs = Date.now();
  const controller = new AbortController();
  let staged: StagedOutput | undefined;
  const stopListening = listenForInterrupts(controller, () => staged);

  try {
    const scenarioPath = flags.scenario ?? defaultScenarioPath;
    const loaded = await loadScenario(scenarioPath);
    const settings = resolveRunSettings(flags, loaded.scenario);
    for (const line of [...loaded.warnings.map(messages.scenarioWarning), ...settings.warnings]) {
      process.stderr.write(`${line}\n`);
    }

    const layout = layoutOf(loaded.scenario);
    checkBatchMemory(settings.runs, layout);
    checkReportMemory(layout, loaded.scenario.economy !== undefined);
    const observed = await readObserved(settings, layout, regionsOf(loaded.scenario));
    if (flags.out === undefined) {
      const read = (document: unknown) => (document as { scenario?: { file?: unknown; name?: unknown } } | null)?.scenario;
      const owner = { record: 'summary.json', read, file: scenarioPath, name: loaded.scenario.name };
      await checkDefaultFolderOwner(settings.outDir, OUTPUT_FILES, owner);
    }
    const inputs = [...loaded.files, ...(settings.observedPath === undefined ? [] : [settings.observedPath])];
    staged = await prepareOutput(settings.outDir, OUTPUT_FILES, inputs, controller.signal);
    for (const line of staged.warnings) process.stderr.write(`${line}\n`);

    const batch = await runWithProgress(loaded.scenario, settings, controller.signal);
    checkBatchLayout(batch, layout);
    controller.signal.throwIfAborted();
    const rows = seriesLength(layout);
    if (rows >= LONG_OUTPUT_ROWS) process.stderr.write(`${messages.writingLongOutput(rows)}\n`);

    await writeOutputs(staged, { ...loaded, path: scenarioPath }, settings, layout, batch, observed, controller.signal);
    controller.signal.throwIfAborted();
    const commitWarning = await staged.commit();
    if (commitWarning !== undefined) process.stderr.write(`${commitWarning}\n`);

    process.stdout.write(`${messages.outputWritten(staged.dir, OUTPUT_FILES, (Date.now() - startMs) / 1000)}\n`);
    return EXIT_CODES.success;
  } catch (error) {
    await staged?.discard();
    return reportFailure(controller.signal.aborted ? controller.signal.reason : error);
  } finally {
    stopListening();
  }
}

function layoutOf(scenario: Scenario): OutputLayout {
  return {
    regions: regionsOf(scenario).map(({ code, name }) => ({ code, name })),
    nationalCode: nationalCodeOf(scenario.regions.map((region) => region.code)),
    dates: calendarOf(scenario).dates,
  };
}

/**
 * Returns the code of the national total: the ISO 3166-1 code that the regions' ISO 3166-2 codes
 * share, such as `KR` for `KR-11` and `KR-27`, or {@link MIXED_NATIONAL_CODE} when they share none.
 */
export function nationalCodeOf(regionCodes: readonly string[]): string {
  const countries = new Set(regionCodes.map((code) => code.split('-')[0]));
  const [country] = countries;
  return countries.size === 1 && country !== undefined && country !== '' ? country : MIXED_NATIONAL_CODE;
}

async function readObserved(
  settings: RunSettings,
  layout: OutputLayout,
  regions: ObservedContext['regions'],
): Promise<ObservedRow[] | undefined> {
  if (settings.observedPath === undefined) return undefined;
  const data = await readObservedFile(settings.observedPath, {
    regions,
    nationalCode: layout.nationalCode,
    startDate: layout.dates[0]!,
    endDate: layout.dates[layout.dates.length - 1]!,
  });
  for (const line of [...data.warnings, ...data.reportWarnings]) process.stderr.write(`${line}\n`);
  return data.rows;
}

async function runWithProgress(scenario: Scenario, settings: RunSettings, signal: AbortSignal): Promise<BatchResult> {
  const progress = createProgressReporter({ runsTotal: settings.runs, stream: process.stderr });
  try {
    return await runBatch(
      {
        scenario,
        mode: settings.mode,
        seed: settings.seed,
        runs: settings.runs,
        pool: { workers: settings.workers },
        signal,
      },
      (runsDone) => progress.update(runsDone),
    );
  } finally {
    progress.stop();
  }
}

/** Checks that every run's arrays match the scenario's regions and days, so no value lands in the wrong row. */
function checkBatchLayout(batch: BatchResult, layout: OutputLayout): void {
  const expectedSeries = seriesLength(layout);
  const expectedSummary = summaryLength(layout);
  batch.series.forEach((series, run) => {
    if (series.length !== expectedSeries) {
      throw new Error(`run ${run} returned ${series.length} series values (expected ${expectedSeries})`);
    }
  });
  batch.summary.forEach((summary, run) => {
    if (summary.length !== expectedSummary) {
      throw new Error(`run ${run} returned ${summary.length} summary values (expected ${expectedSummary})`);
    }
  });
}

async function writeOutputs(
  staged: StagedOutput,
  loaded: LoadedScenario & { path: string },
  settings: RunSettings,
  layout: OutputLayout,
  batch: BatchResult,
  observed: ObservedRow[] | undefined,
  signal: AbortSignal,
): Promise<void> {
  const seriesDistribution = aggregateRuns(batch.series);
  const summaryDistribution = aggregateRuns(batch.summary);
  // The scenario as run takes the mode, runs and seed of the command line, so that running
  // scenario.resolved.json again gives the same output, and the hash names what ran.
  const asRun: Scenario = {
    ...loaded.scenario,
    simulation: { ...loaded.scenario.simulation, mode: settings.mode, runs: settings.runs, seed: settings.seed },
  };
  const hash = scenarioHash(asRun);
  const provenance = {
    scenario: { name: loaded.scenario.name, file: loaded.path, path: pathFromFolder(staged.dir, loaded.path), hash },
    engineVersion: ENGINE_VERSION,
    mode: settings.mode,
    runs: settings.runs,
    seed: settings.seed,
  };

  await staged.write('series.csv', seriesCsvChunks(seriesRows(seriesDistribution, layout)));
  const economy = loaded.scenario.economy;
  const currency = economy === undefined ? null : { code: economy.currency, perUsd: economy.currencyPerUsd ?? null };
  const summary = buildSummaryDocument(provenance, summaryDistribution, layout, NATIONAL_NAME, currency);
  await staged.write('summary.json', formatSummaryJson(summary));

  const selection = { metrics: reportMetrics(currency !== null) };
  const series = await buildSeriesRowsAsync(seriesDistribution, layout, selection, signal);
  const report: ReportInput = {
    scenarioName: loaded.scenario.name,
    scenarioHash: hash,
    engineVersion: ENGINE_VERSION,
    mode: settings.mode,
    runs: settings.runs,
    seed: settings.seed,
    createdAt: new Date().toISOString(),
    regions: [...layout.regions],
    nationalCode: layout.nationalCode,
    series,
    summary: buildSummaryRows(summaryDistribution, layout),
    ...(observed === undefined ? {} : { observed }),
    ...(currency === null ? {} : { currency }),
  };
  await staged.write('report.html', await renderReportAsync(report, signal));
  await staged.write('scenario.resolved.json', `${JSON.stringify(asRun, null, 2)}\n`);
}
