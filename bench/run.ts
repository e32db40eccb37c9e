import { availableParallelism, cpus } from 'node:os';
import { Bench, type Task } from 'tinybench';
import { createRunRandom, simulate } from '../engine/index.js';
import { DEFAULT_SCENARIO_PATH, compileScenario, loadScenarioFile, type Scenario } from '../scenarios/index.js';
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
    const sampled = compileScenario(scenario, { sampling: 'sampled', random: createRunRandom(1, index, 'parameters') });
    simulate(sampled, 'stochastic', createRunRandom(1, index));
  });
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
