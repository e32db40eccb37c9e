import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { ENGINE_VERSION, type RunMode } from '../engine/index.js';
import { calendarOf, MAX_RUNS, regionsOf, type Scenario } from '../scenarios/index.js';
import { renderComparison, type ComparisonInput, type QuantileRow } from '../viz/index.js';
import { aggregateRuns, comparePlan, runBatch, type KpiComparison, type Spread } from '../workers/index.js';
import { formatNumber } from './format.js';
import { reportFailure } from './failure.js';
import { listenForInterrupts } from './interrupt.js';
import { checkBatchMemory } from './memory.js';
import { EXIT_CODES, InputError, messages } from './messages.js';
import { prepareOutput, type StagedOutput } from './output.js';
import { createProgressReporter } from './progress.js';
import { folderName, parsePositiveInteger, parseSeed, parseWorkers } from './run-settings.js';
import { nationalCodeOf } from './run.js';
import { loadScenario, type LoadedScenario } from './scenario-file.js';
import { buildSeriesRows, type OutputLayout } from './tables.js';

/** Files `tttsim compare` writes into its output folder. */
export const COMPARE_FILES = ['compare.csv', 'compare.json', 'compare.html'] as const;

/** Header of compare.csv: one row per plan, region and KPI. */
export const COMPARE_CSV_HEADER =
  'plan,region,kpi,mean,p5,p25,p50,p75,p95,diff_mean,diff_p5,diff_p25,diff_p50,diff_p75,diff_p95,prob_better,prob_worse';

/** Flags of `tttsim compare` as yargs parses them; counts stay text, as for `run`. */
export interface CompareFlags {
  base: string;
  plans: string[];
  out?: string | undefined;
  mode?: RunMode | undefined;
  runs?: string | undefined;
  seed?: string | undefined;
  workers?: string | undefined;
}

/** A loaded scenario of the comparison with its file and its label in the outputs. */
interface Plan {
  file: string;
  /** The scenario name, or the file name when two scenarios share a name. */
  label: string;
  loaded: LoadedScenario;
}

/** One plan's results: its median series and its KPI comparison with the base. */
interface PlanResult {
  plan: Plan;
  series: QuantileRow[];
  kpis: KpiComparison[];
}

/**
 * Runs `tttsim compare`: runs the base and every plan with common random numbers, so that run i of each
 * uses the same draws of the parameters they share and the same transition streams. It then writes
 * compare.csv, compare.json and compare.html with every KPI of every plan, its difference to the base run
 * by run, and the probability that the plan does better.
 *
 * @returns the exit code
 */
export async function compareCommand(flags: CompareFlags): Promise<number> {
  const startMs = Date.now();
  const controller = new AbortController();
  let staged: StagedOutput | undefined;
  const stopListening = listenForInterrupts(controller, () => staged);

  try {
    if (flags.plans.length === 0) throw new InputError(messages.comparePlansMissing);
    const plans = await loadPlans([flags.base, ...flags.plans]);
    const base = plans[0]!;
    const layout = layoutOf(base.loaded.scenario);
    for (const plan of plans.slice(1)) checkSameLayout(base, plan, layout);

    const simulation = base.loaded.scenario.simulation;
    const mode: RunMode = flags.mode ?? simulation.mode;
    let runs = flags.runs === undefined ? simulation.runs : parsePositiveInteger('--runs', flags.runs, MAX_RUNS);
    if (mode === 'deterministic') runs = 1;
    const seed = flags.seed === undefined ? simulation.seed : parseSeed(flags.seed);
    const workers = flags.workers === undefined ? availableParallelism() : parseWorkers(flags.workers);
    if (flags.out !== undefined && flags.out.trim() === '') throw new InputError(messages.outputEmpty);
    checkBatchMemory(runs, layout);
    for (const plan of plans) {
      for (const line of plan.loaded.warnings) process.stderr.write(`${messages.scenarioWarning(`${plan.file}: ${line}`)}\n`);
    }

    staged = await prepareOutput(flags.out ?? join('out', `compare-${folderName(base.label)}`), COMPARE_FILES);
    for (const line of staged.warnings) process.stderr.write(`${line}\n`);

    const results = await runPlans(plans, { mode, runs, seed, workers }, layout, controller.signal);
    controller.signal.throwIfAborted();

    const provenance = { mode, runs, seed, engineVersion: ENGINE_VERSION };
    await staged.write('compare.csv', formatCompareCsv(results, layout));
    await staged.write('compare.json', `${JSON.stringify(compareDocument(results, layout, provenance), null, 2)}\n`);
    await staged.write('compare.html', renderComparison(comparisonInput(results, layout, provenance)));
    controller.signal.throwIfAborted();
    const commitWarning = await staged.commit();
    if (commitWarning !== undefined) process.stderr.write(`${commitWarning}\n`);
    process.stdout.write(`${messages.outputWritten(staged.dir, COMPARE_FILES, (Date.now() - startMs) / 1000)}\n`);
    return EXIT_CODES.success;
  } catch (error) {
    await staged?.discard();
    return reportFailure(controller.signal.aborted ? controller.signal.reason : error);
  } finally {
    stopListening();
  }
}

async function loadPlans(files: readonly string[]): Promise<Plan[]> {
  const plans: Plan[] = [];
  for (const file of files) plans.push({ file, label: '', loaded: await loadScenario(file) });
  const names = plans.map((plan) => plan.loaded.scenario.name);
  for (const plan of plans) {
    const name = plan.loaded.scenario.name;
    plan.label = names.indexOf(name) === names.lastIndexOf(name) ? name : `${name} (${basename(plan.file)})`;
  }
  return plans;
}

function layoutOf(scenario: Scenario): OutputLayout {
  return {
    regions: regionsOf(scenario).map(({ code, name }) => ({ code, name })),
    nationalCode: nationalCodeOf(scenario.regions.map((region) => region.code)),
    dates: calendarOf(scenario).dates,
  };
}

/**
 * Checks that a plan has the base's regions in the same order and the same dates, so that its runs line
 * up with the base's run by run and region by region.
 *
 * @throws InputError naming the plan and what differs
 */
function checkSameLayout(base: Plan, plan: Plan, layout: OutputLayout): void {
  const other = layoutOf(plan.loaded.scenario);
  const codes = (l: OutputLayout): string => l.regions.map((region) => region.code).join(',');
  if (codes(other) !== codes(layout)) {
    throw new InputError(messages.comparePlanRegions(plan.file, base.file, codes(other), codes(layout)));
  }
  const span = (l: OutputLayout): string => `${l.dates[0]} to ${l.dates[l.dates.length - 1]}`;
  if (span(other) !== span(layout)) throw new InputError(messages.comparePlanDates(plan.file, base.file, span(other), span(layout)));
}

interface BatchSettings {
  mode: RunMode;
  runs: number;
  seed: string | number;
  workers: number;
}

/** Runs every plan's batch in turn with the same seed, so that run i of each shares its random streams. */
async function runPlans(plans: readonly Plan[], settings: BatchSettings, layout: OutputLayout, signal: AbortSignal): Promise<PlanResult[]> {
  const total = settings.runs * plans.length;
  const progress = createProgressReporter({ runsTotal: total, stream: process.stderr });
  const regionSlots = layout.regions.length + 1;
  let baseSummaries: Float64Array[] = [];
  const results: PlanResult[] = [];
  try {
    for (const [index, plan] of plans.entries()) {
      const batch = await runBatch(
        {
          scenario: plan.loaded.scenario,
          mode: settings.mode,
          seed: settings.seed,
          runs: settings.runs,
          pool: { workers: settings.workers },
          signal,
        },
        (runsDone) => progress.update(index * settings.runs + runsDone),
      );
      if (index === 0) baseSummaries = batch.summary;
      results.push({
        plan,
        series: buildSeriesRows(aggregateRuns(batch.series), layout),
        kpis: comparePlan(baseSummaries, batch.summary, regionSlots),
      });
    }
  } finally {
    progress.stop();
  }
  return results;
}

/** Region code of a region slot of the summary layout: the regions in order, then the national code. */
function regionCodeOf(slot: number, layout: OutputLayout): string {
  return slot < layout.regions.length ? layout.regions[slot]!.code : layout.nationalCode;
}

const SPREAD_FIELDS = ['mean', 'p5', 'p25', 'p50', 'p75', 'p95'] as const;

/** Formats compare.csv: per plan (the base first), region (the national code last) and KPI. */
export function formatCompareCsv(results: readonly PlanResult[], layout: OutputLayout): string {
  const lines = [COMPARE_CSV_HEADER];
  for (const { plan, kpis } of results) {
    for (const row of kpis) {
      const cells = [
        csvText(plan.label),
        regionCodeOf(row.regionSlot, layout),
        row.kpi.name,
        ...SPREAD_FIELDS.map((field) => formatNumber(row.value[field])),
        ...SPREAD_FIELDS.map((field) => formatNumber(row.difference[field])),
        formatNumber(row.probabilityBetter),
        formatNumber(row.probabilityWorse),
      ];
      lines.push(cells.join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Quotes a text cell that contains a comma, a quote or a line break, as RFC 4180 does. */
function csvText(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

interface Provenance {
  mode: RunMode;
  runs: number;
  seed: string | number;
  engineVersion: string;
}

function spreadJson(spread: Spread): Record<string, number | null> {
  return Object.fromEntries(SPREAD_FIELDS.map((field) => [field, finiteOrNull(spread[field])]));
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/** Builds compare.json: provenance, the plans, and every KPI of every plan per region. */
export function compareDocument(results: readonly PlanResult[], layout: OutputLayout, provenance: Provenance): unknown {
  return {
    ...provenance,
    base: planJson(results[0]!.plan),
    plans: results.slice(1).map(({ plan }) => planJson(plan)),
    kpis: results.flatMap(({ plan, kpis }) =>
      kpis.map((row) => ({
        plan: plan.label,
        region: regionCodeOf(row.regionSlot, layout),
        kpi: row.kpi.name,
        unit: row.kpi.unit,
        better: row.kpi.better,
        value: spreadJson(row.value),
        difference: spreadJson(row.difference),
        probabilityBetter: finiteOrNull(row.probabilityBetter),
        probabilityWorse: finiteOrNull(row.probabilityWorse),
      })),
    ),
  };
}

function planJson(plan: Plan): Record<string, string> {
  return { name: plan.label, file: plan.file, hash: plan.loaded.hash };
}

function comparisonInput(results: readonly PlanResult[], layout: OutputLayout, provenance: Provenance): ComparisonInput {
  const national = layout.regions.length;
  return {
    engineVersion: provenance.engineVersion,
    mode: provenance.mode,
    runs: provenance.runs,
    seed: provenance.seed,
    createdAt: new Date().toISOString(),
    nationalCode: layout.nationalCode,
    regions: [...layout.regions],
    plans: results.map(({ plan, series, kpis }) => ({
      name: plan.label,
      hash: plan.loaded.hash,
      series: series.filter((row) => row.region === layout.nationalCode),
      kpis: kpis.map((row) => ({
        kpi: row.kpi.name,
        label: row.kpi.label,
        unit: row.kpi.unit,
        better: row.kpi.better,
        region: regionCodeOf(row.regionSlot, layout),
        value: row.value,
        difference: row.difference,
        probabilityBetter: row.probabilityBetter,
        differences: row.regionSlot === national ? Array.from(row.differences) : [],
      })),
    })),
  };
}
