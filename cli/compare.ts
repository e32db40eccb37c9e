import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { ENGINE_VERSION, type RunMode } from '../engine/index.js';
import { calendarOf, MAX_RUNS, regionsOf, type Scenario } from '../scenarios/index.js';
import { COMPARED_METRICS, renderComparison } from '../viz/index.js';
import { aggregateRuns, comparePlan, costPerDeathAvertedBySlot, runBatch } from '../workers/index.js';
import { compareDocument, comparisonInput, formatCompareCsv, type Plan, type PlanResult } from './compare-output.js';
import { reportFailure } from './failure.js';
import { listenForInterrupts } from './interrupt.js';
import { checkBatchMemory } from './memory.js';
import { EXIT_CODES, InputError, messages } from './messages.js';
import { checkDefaultFolderOwner, prepareOutput, type StagedOutput } from './output.js';
import { createProgressReporter } from './progress.js';
import { folderName, parsePositiveInteger, parseSeed, parseWorkers } from './run-settings.js';
import { nationalCodeOf } from './run.js';
import { loadScenario } from './scenario-file.js';
import type { CurrencyInfo } from './summary-json.js';
import { buildSeriesRows, type OutputLayout } from './tables.js';

/** Files `tttsim compare` writes into its output folder. */
export const COMPARE_FILES = ['compare.csv', 'compare.json', 'compare.html'] as const;

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

/**
 * Runs `tttsim compare`: runs the base and every plan with common random numbers, so that run i of each
 * uses the same draws of the parameters they share and the same transition streams. It then writes
 * compare.csv, compare.json and compare.html with every KPI of every plan, its difference to the base run
 * by run, the probability that the plan does better, and its cost per death averted.
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
    const currency = currencyOf(base.loaded.scenario);
    for (const plan of plans.slice(1)) checkSameCurrency(base, plan, currency);
    const rateWarnings = plans.slice(1).flatMap((plan) => rateWarning(base, plan, currency));

    const simulation = base.loaded.scenario.simulation;
    const mode: RunMode = flags.mode ?? simulation.mode;
    let runs = flags.runs === undefined ? simulation.runs : parsePositiveInteger('--runs', flags.runs, MAX_RUNS);
    if (mode === 'deterministic') {
      if (flags.runs !== undefined && runs > 1) process.stderr.write(`${messages.runsIgnoredInDeterministicMode(runs)}\n`);
      runs = 1;
    }
    const seed = flags.seed === undefined ? simulation.seed : parseSeed(flags.seed);
    const workers = flags.workers === undefined ? availableParallelism() : parseWorkers(flags.workers);
    if (flags.out !== undefined && flags.out.trim() === '') throw new InputError(messages.outputEmpty);
    checkBatchMemory(runs, layout);
    // A plan repeats the warnings of the base it extends, so those are shown once, for the base.
    const baseWarnings = new Set(base.loaded.warnings);
    for (const [index, plan] of plans.entries()) {
      for (const line of plan.loaded.warnings) {
        if (index > 0 && baseWarnings.has(line)) continue;
        process.stderr.write(`${messages.scenarioWarning(`${plan.file}: ${line}`)}\n`);
      }
    }
    for (const line of rateWarnings) process.stderr.write(`${line}\n`);
    for (const plan of plans.slice(1)) {
      for (const line of simulationWarnings(base, plan, flags)) process.stderr.write(`${line}\n`);
    }

    const outDir = flags.out ?? join('out', `compare-${folderName(base.loaded.scenario.name)}`);
    if (flags.out === undefined) {
      const read = (document: unknown) => {
        const recorded = document as { base?: { file?: unknown; path?: unknown; name?: unknown }; plans?: unknown } | null;
        return recorded?.base === undefined ? undefined : { ...recorded.base, plans: recorded.plans };
      };
      const planFiles = plans.slice(1).map((plan) => plan.file);
      const owner = { record: 'compare.json', read, file: base.file, name: base.loaded.scenario.name, plans: planFiles };
      await checkDefaultFolderOwner(outDir, COMPARE_FILES, owner);
    }
    staged = await prepareOutput(outDir, COMPARE_FILES, plans.flatMap((plan) => plan.loaded.files), controller.signal);
    for (const line of staged.warnings) process.stderr.write(`${line}\n`);

    const results = await runPlans(plans, { mode, runs, seed, workers }, layout, controller.signal);
    controller.signal.throwIfAborted();

    const provenance = { mode, runs, seed, engineVersion: ENGINE_VERSION, currency };
    await staged.write('compare.csv', formatCompareCsv(results, layout));
    await staged.write('compare.json', `${JSON.stringify(compareDocument(results, layout, provenance, staged.dir), null, 2)}\n`);
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

/**
 * Returns a warning for each run setting (seed, runs, mode) that a plan sets otherwise than the base
 * while no flag sets it. compare runs every plan with the base's settings, so that run i of each plan
 * shares its random numbers with run i of the base.
 */
function simulationWarnings(base: Plan, plan: Plan, flags: CompareFlags): string[] {
  const own = plan.loaded.scenario.simulation;
  const shared = base.loaded.scenario.simulation;
  // A deterministic comparison makes one run without random numbers, so seed and runs do not matter.
  const deterministic = (flags.mode ?? shared.mode) === 'deterministic';
  const settings = [
    ...(deterministic
      ? []
      : [
          { field: 'seed', flag: flags.seed, planValue: own.seed, baseValue: shared.seed },
          { field: 'runs', flag: flags.runs, planValue: own.runs, baseValue: shared.runs },
        ]),
    { field: 'mode', flag: flags.mode, planValue: own.mode, baseValue: shared.mode },
  ];
  return settings
    .filter(({ flag, planValue, baseValue }) => flag === undefined && planValue !== baseValue)
    .map(({ field, planValue, baseValue }) =>
      messages.comparePlanSimulationIgnored(plan.file, field, String(planValue), base.file, String(baseValue)),
    );
}

async function loadPlans(files: readonly string[]): Promise<Plan[]> {
  const plans: Plan[] = [];
  for (const file of files) plans.push({ file, label: '', loaded: await loadScenario(file) });
  const names = plans.map((plan) => plan.loaded.scenario.name);
  for (const plan of plans) {
    const name = plan.loaded.scenario.name;
    plan.label = names.indexOf(name) === names.lastIndexOf(name) ? name : `${name} (${basename(plan.file)})`;
  }
  // The same file given twice, or the base given again as a plan, still shares its label, so its position distinguishes them.
  const labels = plans.map((plan) => plan.label);
  plans.forEach((plan, index) => {
    if (labels.indexOf(plan.label) === labels.lastIndexOf(plan.label)) return;
    plan.label = `${plan.label.replace(/\)$/, '')}, ${index === 0 ? 'base' : `plan ${index}`})`;
  });
  return plans;
}

/** Returns the currency of a scenario's economy figures, or null when it has no economy group. */
function currencyOf(scenario: Scenario): CurrencyInfo | null {
  const economy = scenario.economy;
  return economy === undefined ? null : { code: economy.currency, perUsd: economy.currencyPerUsd ?? null };
}

/**
 * Checks that a plan counts money in the base's currency, so that cost differences are in one unit.
 * A plan without an economy group matches only a base without one.
 *
 * @throws InputError naming the plan and both currencies
 */
function checkSameCurrency(base: Plan, plan: Plan, currency: CurrencyInfo | null): void {
  const planCode = currencyOf(plan.loaded.scenario)?.code ?? null;
  const baseCode = currency?.code ?? null;
  if (planCode !== baseCode) {
    throw new InputError(messages.comparePlanCurrency(plan.file, base.file, planCode, baseCode));
  }
}

/**
 * Returns a warning when a plan's exchange rate differs from the base's. Costs of every plan are in the
 * shared currency code, so they still compare, but compare.json records only the base's rate.
 */
function rateWarning(base: Plan, plan: Plan, currency: CurrencyInfo | null): string[] {
  const other = currencyOf(plan.loaded.scenario);
  if (currency === null || other === null || other.perUsd === currency.perUsd) return [];
  return [messages.comparePlanExchangeRate(plan.file, base.file, currency.code, other.perUsd, currency.perUsd)];
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
  const codes = (l: OutputLayout): string => l.regions.map((region) => region.code).join(', ');
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
        series: buildSeriesRows(aggregateRuns(batch.series), layout, { metrics: COMPARED_METRICS, nationalOnly: true }),
        kpis: comparePlan(baseSummaries, batch.summary, regionSlots),
        costPerDeathAverted: costPerDeathAvertedBySlot(baseSummaries, batch.summary, regionSlots),
      });
    }
  } finally {
    progress.stop();
  }
  return results;
}
