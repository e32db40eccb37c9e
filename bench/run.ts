import { availableParallelism, cpus } from 'node:os';
import { Bench, type Task } from 'tinybench';
import { createRunRandom, simulate } from '../engine/index.js';
import { DEFAULT_SCENARIO_PATH, compileScenario, loadScenarioFile, type Scenario } from '../scenarios/index.js';
import { runBatch } from '../workers/index.js';

/**
 * Benchmarks of the default scenario: one deterministic run, one stochastic run, and a Monte Carlo
 * batch on the worker pool at 1 and 2 workers. Each prints runs per second and region-age-cell-days
 * per second per core (one cell is one region and age band advanced one day).
 *
 * Run with `npm run bench`; `--quick` takes fewer samples.
 */
const quick = process.argv.includes('--quick');
const BATCH_RUNS = 200;

async function main(): Promise<void> {
  const loaded = await loadScenarioFile(DEFAULT_SCENARIO_PATH);
  if (!loaded.ok) throw new Error(`default scenario is invalid: ${loaded.problems.map((p) => p.path).join(', ')}`);
  const scenario = loaded.scenario;
  const model = compileScenario(scenario, { sampling: 'central' });
  const cellDays = model.regionCount * model.ageBandCount * model.dayCount;
  console.log(`machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}`);
  console.log(`scenario: ${scenario.name}, ${model.regionCount} regions x ${model.ageBandCount} age bands x ${model.dayCount} days = ${cellDays} cell-days per run`);
  console.log(`steps: deterministic at most ${model.stepDays} days (adaptive), stochastic ${model.stochasticStepDays} days`);
  console.log('');

  const bench = new Bench({ time: quick ? 2_000 : 10_000, iterations: quick ? 3 : 10, warmupIterations: 2 });
  let runIndex = 0;
  bench.add('deterministic run', () => {
    simulate(model, 'deterministic', createRunRandom(1, 0));
  });
  bench.add('stochastic run', () => {
    const index = runIndex++;
    const sampled = compileScenario(scenario, { sampling: 'sampled', random: createRunRandom(1, index, 'parameters') });
    simulate(sampled, 'stochastic', createRunRandom(1, index));
  });
  await bench.run();
  for (const task of bench.tasks) report(task, cellDays, 1);

  const single = await timeBatch(scenario, 1);
  const double = await timeBatch(scenario, 2);
  printBatch(1, single, cellDays);
  printBatch(2, double, cellDays);
  const efficiency = single / (2 * double);
  console.log(`pool efficiency at 2 workers against 1: ${(100 * efficiency).toFixed(1)} %`);
}

function report(task: Task, cellDays: number, cores: number): void {
  const result = task.result;
  if (result.state !== 'completed') throw new Error(`benchmark ${task.name} did not complete (${result.state})`);
  const runsPerSecond = 1000 / result.latency.mean;
  console.log(
    `${task.name}: ${result.latency.mean.toFixed(1)} ms per run (±${result.latency.rme.toFixed(1)} %), ` +
      `${runsPerSecond.toFixed(2)} runs/s, ${Math.round((runsPerSecond * cellDays) / cores).toLocaleString('en-US')} cell-days/s per core`,
  );
}

/** Seconds for one stochastic batch of BATCH_RUNS runs on the pool; the best of two. */
async function timeBatch(scenario: Scenario, workers: number): Promise<number> {
  let best = Infinity;
  for (let attempt = 0; attempt < (quick ? 1 : 2); attempt++) {
    const start = performance.now();
    await runBatch({ scenario, mode: 'stochastic', seed: 1, runs: BATCH_RUNS, pool: { workers } });
    best = Math.min(best, (performance.now() - start) / 1000);
  }
  return best;
}

function printBatch(workers: number, seconds: number, cellDays: number): void {
  const runsPerSecond = BATCH_RUNS / seconds;
  console.log(
    `Monte Carlo batch of ${BATCH_RUNS} stochastic runs, ${workers} worker${workers > 1 ? 's' : ''}: ${seconds.toFixed(2)} s, ` +
      `${runsPerSecond.toFixed(2)} runs/s, ${Math.round((runsPerSecond * cellDays) / workers).toLocaleString('en-US')} cell-days/s per core`,
  );
}

await main();

