import { setMaxListeners } from 'node:events';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { RunMode } from '../engine/index.js';
import type { Scenario } from '../scenarios/index.js';
import { BatchError, poolOptionError, runsError, taskResultError } from './errors.js';
import type { RunTask, TaskResult } from './task.js';

/** Settings of the worker pool. */
export interface PoolOptions {
  /** Worker threads, a positive integer. */
  workers: number;
  /**
   * Runs per task, a positive integer.
   * @default about four tasks per worker, between 1 and 8 runs each (see {@link runsPerTaskFor}), with
   *   smaller tasks at the end so that the workers finish together
   */
  runsPerTask?: number;
  /**
   * Worker module to load, as a path or file URL.
   * @default the compiled `worker.js` beside this module
   */
  workerFile?: string | URL;
}

/** A batch of Monte Carlo runs of one scenario. */
export interface BatchRequest {
  /** The validated scenario with its defaults filled in, as plain JSON. */
  scenario: Scenario;
  mode: RunMode;
  seed: string | number;
  /** Number of runs; run indices are 0 to runs - 1. */
  runs: number;
  pool: PoolOptions;
  /** Aborting it stops the workers and rejects the batch with the signal's reason. */
  signal?: AbortSignal;
}

/** Per-run arrays of a batch, indexed by run index. */
export interface BatchResult {
  series: Float64Array[];
  summary: Float64Array[];
}

/**
 * Called after each task with the number of runs finished so far and the total, and while a long
 * run goes on with a fractional count that includes the part done of the runs under way.
 */
export type ProgressListener = (runsDone: number, runsTotal: number) => void;

/** The worker entry, resolved from this module so that it is found wherever dist/ is installed. */
const DEFAULT_WORKER_FILE = new URL('./worker.js', import.meta.url);

/** Upper bound of the default task size, so that progress moves at least every 8 runs per worker. */
const MAX_DEFAULT_RUNS_PER_TASK = 8;

/** Tasks in flight per worker: the next task is queued while one runs, so no worker waits. */
const LANES_PER_WORKER = 2;

/** Default number of tasks per worker: enough that one slow task does not leave the others idle. */
const TASKS_PER_WORKER = 4;

/**
 * Creates the piscina pool for a batch with the given number of tasks.
 *
 * @param taskCount tasks the batch will send; fewer threads are started when there are fewer tasks
 * @throws TypeError or RangeError when `workers` or `runsPerTask` is not a positive integer
 */
export function createPool(options: PoolOptions, taskCount: number): Piscina<RunTask, TaskResult> {
  checkPositiveInteger('workers', options.workers);
  if (options.runsPerTask !== undefined) checkPositiveInteger('runsPerTask', options.runsPerTask);

  const threads = Math.max(1, Math.min(options.workers, taskCount));
  const workerFile = options.workerFile ?? DEFAULT_WORKER_FILE;
  return new Piscina<RunTask, TaskResult>({
    filename: workerFile instanceof URL ? workerFile.href : workerFile,
    minThreads: threads,
    maxThreads: threads,
  });
}

/** Returns the default task size for a batch: about four tasks per worker, 1 to 8 runs each. */
export function runsPerTaskFor(runs: number, workers: number): number {
  const size = Math.ceil(runs / (workers * TASKS_PER_WORKER));
  return Math.min(MAX_DEFAULT_RUNS_PER_TASK, Math.max(1, size));
}

/**
 * Runs a batch on a new pool and returns each run's series and summary, ordered by run index
 * whatever order the tasks finish in.
 *
 * The first task to fail rejects the batch with a {@link BatchError} naming its run range. The pool
 * is destroyed when the batch settles, whether it succeeded, failed or was aborted.
 *
 * NOTE: every run's arrays stay in memory until the batch ends, about 0.7 MB per run for the
 * 17-region default scenario (500 runs peaked at 563 MB resident on a 2-core Linux machine).
 *
 * @throws TypeError or RangeError (as a rejection) for an invalid run count or pool option
 */
export async function runBatch(request: BatchRequest, onProgress?: ProgressListener): Promise<BatchResult> {
  checkRuns(request.runs);
  checkPositiveInteger('workers', request.pool.workers);
  const ranges =
    request.pool.runsPerTask === undefined
      ? shrinkingRanges(request.runs, request.pool.workers)
      : splitRuns(request.runs, request.pool.runsPerTask);
  const pool = createPool(request.pool, ranges.length);

  // Piscina adds one abort listener per queued task, more than Node's default warning limit of 10,
  // so the tasks listen to a signal of the pool's own that follows the caller's.
  const controller = new AbortController();
  setMaxListeners(ranges.length + 1, controller.signal);
  const forwardAbort = (): void => controller.abort(request.signal?.reason);
  if (request.signal?.aborted === true) forwardAbort();
  request.signal?.addEventListener('abort', forwardAbort, { once: true });

  const series = new Array<Float64Array>(request.runs);
  const summary = new Array<Float64Array>(request.runs);
  let runsDone = 0;
  // The part done of each task under way, by its first run index, from the task's progress messages.
  const underway = new Map<number, number>();
  const report = (): void => {
    let partial = 0;
    for (const part of underway.values()) partial += part;
    onProgress?.(runsDone + partial, request.runs);
  };
  // Each lane sends one task at a time, so that after a failure no new task starts and the pool
  // can wait for the running ones before it is destroyed. Aborting a running task instead races
  // with its reply, which piscina then raises as an uncaught error.
  let next = 0;
  let failed = false;
  const lane = async (): Promise<void> => {
    while (!failed && next < ranges.length) {
      const [runStart, runEnd] = ranges[next++]!;
      try {
        const onPart = (part: number): void => {
          underway.set(runStart, part);
          report();
        };
        const result = await runTask(pool, request, controller.signal, runStart, runEnd, onProgress && onPart);
        underway.delete(runStart);
        for (let k = 0; k < runEnd - runStart; k++) {
          series[runStart + k] = result.series[k]!;
          summary[runStart + k] = result.summary[k]!;
        }
        runsDone += runEnd - runStart;
        report();
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const lanes = Array.from({ length: Math.min(ranges.length, LANES_PER_WORKER * request.pool.workers) }, lane);
  try {
    const outcomes = await Promise.allSettled(lanes);
    const rejected = outcomes.find((outcome) => outcome.status === 'rejected');
    if (rejected !== undefined) throw rejected.reason;
  } finally {
    request.signal?.removeEventListener('abort', forwardAbort);
    // NOTE: an abort in the first seconds, while the worker threads still load their modules, can
    // crash Node 20 in this call (FATAL ERROR v8::Module::IsGraphAsync, exit 134), which leaves the
    // staging folder for the next run to remove. piscina has no public way to wait for a loaded worker.
    await pool.destroy();
  }
  return { series, summary };
}

/**
 * Sends one task and checks that its reply contains one series and one summary per run.
 *
 * @param onPart called with the task's runs done, a fraction, while its runs go on
 */
async function runTask(
  pool: Piscina<RunTask, TaskResult>,
  request: BatchRequest,
  signal: AbortSignal,
  runStart: number,
  runEnd: number,
  onPart?: (part: number) => void,
): Promise<TaskResult> {
  const task: RunTask = { scenario: request.scenario, mode: request.mode, seed: request.seed, runStart, runEnd };
  const channel = onPart === undefined ? undefined : new MessageChannel();
  if (channel !== undefined) {
    channel.port1.on('message', (part: unknown) => {
      if (typeof part === 'number' && Number.isFinite(part)) onPart!(part);
    });
    task.progress = channel.port2;
  }
  let result: TaskResult;
  try {
    result = await pool.run(task, channel === undefined ? { signal } : { signal, transferList: [channel.port2] });
  } catch (error) {
    // An abort is the caller's decision, not a failure of these runs, so it keeps its own reason.
    if (signal.aborted) throw signal.reason;
    throw new BatchError(runStart, runEnd, error);
  } finally {
    // Closing one end closes both, so a message still on its way is dropped.
    channel?.port1.close();
  }

  const count = runEnd - runStart;
  if (result.runStart !== runStart || result.series.length !== count || result.summary.length !== count) {
    throw new BatchError(runStart, runEnd, taskResultError(runStart, runEnd, result.series.length));
  }
  return result;
}

/**
 * Splits run indices 0 to runs - 1 into consecutive [start, end) ranges of the default size. The last
 * ranges shrink, each to at most the remaining runs over twice the workers, so that the workers finish
 * at about the same time. Results do not depend on the split, since each run draws from its own streams.
 */
export function shrinkingRanges(runs: number, workers: number): [number, number][] {
  const largest = runsPerTaskFor(runs, workers);
  const ranges: [number, number][] = [];
  for (let start = 0; start < runs; ) {
    const size = Math.min(largest, Math.max(1, Math.ceil((runs - start) / (2 * workers))));
    ranges.push([start, Math.min(runs, start + size)]);
    start += size;
  }
  return ranges;
}

/** Splits run indices 0 to runs - 1 into consecutive [start, end) ranges of at most `size` runs. */
function splitRuns(runs: number, size: number): [number, number][] {
  const ranges: [number, number][] = [];
  for (let start = 0; start < runs; start += size) ranges.push([start, Math.min(runs, start + size)]);
  return ranges;
}

function checkPositiveInteger(name: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw poolOptionError(name, value);
}

function checkRuns(value: unknown): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw runsError(value);
}
