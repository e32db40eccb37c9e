import { move, transferableSymbol, valueSymbol } from 'piscina';
import { createRunRandom, simulate, type CompiledModel, type StepObserver } from '../engine/index.js';
import { compileScenario, parameterStreams } from '../scenarios/index.js';
import { PROGRESS_INTERVAL_MS, parseRunTask, type RunTask, type TaskResult } from './task.js';

/**
 * Runs the runs of one task and returns their arrays, moved to the main thread rather than copied.
 *
 * Deterministic runs use the central parameter values, so the model is compiled once per task.
 * Stochastic runs sample their parameters from the run's own `parameters` stream and draw their
 * transitions from its default stream, so run i gives the same result on any worker.
 */
export default function runTask(message: unknown): unknown {
  const task = parseRunTask(message);
  const central =
    task.mode === 'deterministic' ? compileScenario(task.scenario, { sampling: 'central' }) : undefined;

  const result: TaskResult = { runStart: task.runStart, series: [], summary: [] };
  for (let run = task.runStart; run < task.runEnd; run++) {
    const model: CompiledModel =
      central ??
      compileScenario(task.scenario, { sampling: 'sampled', streamFor: parameterStreams(task.seed, run) });
    const output = simulate(model, task.mode, createRunRandom(task.seed, run), progressObserver(task, run, model.dayCount));
    result.series.push(ownedArray(output.series));
    result.summary.push(ownedArray(output.summary));
  }

  const buffers = new Set<ArrayBuffer>();
  for (const array of [...result.series, ...result.summary]) buffers.add(array.buffer as ArrayBuffer);
  return move({
    get [transferableSymbol]() {
      return [...buffers];
    },
    get [valueSymbol]() {
      return result;
    },
  });
}

/**
 * Returns the array itself when it is the only view of its buffer, else a copy. Transferring
 * detaches the whole buffer, so a view into a larger buffer (one the engine might reuse, or one
 * that contains both series and summary) must not be moved as is.
 */
function ownedArray(array: Float64Array): Float64Array {
  const whole = array.byteOffset === 0 && array.byteLength === array.buffer.byteLength;
  return whole && array.buffer instanceof ArrayBuffer ? array : array.slice();
}

/**
 * Returns an observer that posts the task's runs done, the current run counted by its days, to the
 * task's progress port at most every {@link PROGRESS_INTERVAL_MS}, or undefined without a port. A
 * run shorter than the interval posts nothing, so small runs cost no messages.
 */
function progressObserver(task: RunTask, run: number, dayCount: number): StepObserver | undefined {
  const port = task.progress;
  if (port === undefined) return undefined;
  let lastPostMs = performance.now();
  return (_state, _layout, day) => {
    const nowMs = performance.now();
    if (nowMs - lastPostMs < PROGRESS_INTERVAL_MS) return;
    lastPostMs = nowMs;
    port.postMessage(run - task.runStart + day / dayCount);
  };
}
