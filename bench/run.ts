import { Session } from 'node:inspector/promises';
import { availableParallelism, cpus } from 'node:os';
import { Bench, type Task } from 'tinybench';
import { createRunRandom, simulate, type CompiledModel, type RunMode } from '../engine/index.js';
import { DEFAULT_SCENARIO_PATH, compileScenario, loadScenarioFile, parameterStreams, type Scenario } from '../scenarios/index.js';
import { runBatch } from '../workers/index.js';

/**
 * Benchmarks of the default scenario, three tinybench suites: one deterministic run, one stochastic
 * run (its parameters sampled as in a Monte Carlo run), and a Monte Carlo batch of 200 stochastic runs
 * on the worker pool at 1 and 2 workers. Each prints runs per second and region-age-cell-days per
 * second per core, where one cell-day is one region and age band advanced one day.
 *
 * Run with `npm run bench`; `--quick` takes fewer samples.
 */
const quick = process.argv.includes('--quick');
const BATCH_RUNS = 200;
const BATCH_SEED = 1;

async function main(): Promise<void> {
  const loaded = await loadScenarioFile(DEFAULT_SCENARIO_PATH);
  if (!loaded.ok) throw new Error(`default scenario is invalid: ${loaded.problems.map((p) => p.path).join(', ')}`);
  const scenario = loaded.scenario;
  const model = compileScenario(scenario, { sampling: 'central' });
  const cellDays = model.regionCount * model.ageBandCount * model.dayCount;
  console.log(`machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}`);
  console.log(
    `scenario: ${scenario.name}, ${model.regionCount} regions x ${model.ageBandCount} age bands x ` +
      `${model.dayCount} days = ${cellDays} cell-days per run`,
  );
  console.log(
    `steps: deterministic ${model.deterministicSolver} at ${model.stepDays} days, ` +
      `stochastic ${model.stochasticStepDays} days`,
  );
  console.log('');

  const runs = new Bench({ time: quick ? 2_000 : 10_000, iterations: quick ? 3 : 10, warmupIterations: 2 });
  let runIndex = 0;
  runs.add('deterministic run', () => {
    simulate(model, 'deterministic', createRunRandom(1, 0));
  });
  runs.add('stochastic run', () => {
    const index = runIndex++;
    const sampled = compileScenario(scenario, { sampling: 'sampled', streamFor: parameterStreams(1, index) });
    simulate(sampled, 'stochastic', createRunRandom(1, index));
  });
  await printStepAllocation(model, 'deterministic');
  await printStepAllocation(model, 'stochastic');
  await runs.run();
  for (const task of runs.tasks) printTask(task, 1, cellDays, 1);

  // Each batch takes seconds, so a few iterations give the mean; the first, which starts the worker
  // threads cold, is a warm-up.
  const batches = new Bench({ time: 0, iterations: quick ? 1 : 3, warmupIterations: 1 });
  for (const workers of [1, 2]) {
    batches.add(`Monte Carlo batch of ${BATCH_RUNS} stochastic runs, ${workers} worker${workers > 1 ? 's' : ''}`, () =>
      batch(scenario, workers),
    );
  }
  await batches.run();
  const [single, double] = batches.tasks;
  printTask(single!, BATCH_RUNS, cellDays, 1);
  printTask(double!, BATCH_RUNS, cellDays, 2);
  const efficiency = meanMs(single!) / (2 * meanMs(double!));
  console.log(`pool efficiency at 2 workers against 1: ${(100 * efficiency).toFixed(1)} %`);
}

/** Functions that make up the solver steps, whose allocations the step figure counts. */
const STEP_FUNCTIONS = new Set(['rk4Step', 'integrateDay', 'stochasticStep']);
const ALLOCATION_RUNS = 3;
const ALLOCATION_WARM_UP_RUNS = 10;

/**
 * Prints the bytes allocated per run inside the solver steps, from V8's sampling heap profiler with
 * the objects that the young-generation collector has already freed, so short-lived boxes count too.
 * The profiler samples on average every 256 bytes, so small figures are estimates.
 *
 * NOTE: a number crossing a call that V8 does not inline is boxed on the heap, so the figure depends
 * on V8's inlining, which can differ after other code has run (it rose to several MB per stochastic
 * run after the tinybench suites on Node 20.20).
 */
async function printStepAllocation(model: CompiledModel, mode: RunMode): Promise<void> {
  for (let i = 0; i < ALLOCATION_WARM_UP_RUNS; i++) simulate(model, mode, createRunRandom(3, i));
  const session = new Session();
  session.connect();
  try {
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 256,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    for (let i = 0; i < ALLOCATION_RUNS; i++) simulate(model, mode, createRunRandom(2, i));
    const { profile } = await session.post('HeapProfiler.stopSampling');
    let total = 0;
    let inSteps = 0;
    const visit = (node: HeapNode, underStep: boolean): void => {
      const stepHere = underStep || STEP_FUNCTIONS.has(node.callFrame.functionName);
      total += node.selfSize;
      if (stepHere) inSteps += node.selfSize;
      for (const child of node.children) visit(child, stepHere);
    };
    visit(profile.head, false);
    console.log(
      `${mode} run allocates about ${kilobytes(total / ALLOCATION_RUNS)} kB, of which the solver steps ` +
        `${kilobytes(inSteps / ALLOCATION_RUNS)} kB`,
    );
  } finally {
    session.disconnect();
  }
}

interface HeapNode {
  callFrame: { functionName: string };
  selfSize: number;
  children: HeapNode[];
}

function kilobytes(bytes: number): string {
  return (bytes / 1000).toFixed(0);
}

async function batch(scenario: Scenario, workers: number): Promise<void> {
  await runBatch({ scenario, mode: 'stochastic', seed: BATCH_SEED, runs: BATCH_RUNS, pool: { workers } });
}

function meanMs(task: Task): number {
  const result = task.result;
  if (result.state !== 'completed') throw new Error(`benchmark ${task.name} did not complete (${result.state})`);
  return result.latency.mean;
}

/** Prints a task's time per iteration, runs per second and cell-days per second per core. */
function printTask(task: Task, runsPerIteration: number, cellDays: number, cores: number): void {
  const ms = meanMs(task);
  if (task.result.state !== 'completed') return;
  const runsPerSecond = (1000 * runsPerIteration) / ms;
  const perIteration = runsPerIteration === 1 ? `${ms.toFixed(1)} ms per run` : `${(ms / 1000).toFixed(2)} s per batch`;
  console.log(
    `${task.name}: ${perIteration} (±${task.result.latency.rme.toFixed(1)} %, ${task.result.latency.samplesCount} samples), ` +
      `${runsPerSecond.toFixed(2)} runs/s, ` +
      `${Math.round((runsPerSecond * cellDays) / cores).toLocaleString('en-US')} cell-days/s per core`,
  );
}

await main();
