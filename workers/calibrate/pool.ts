import { setMaxListeners } from 'node:events';
import { Piscina } from 'piscina';
import { poolOptionError } from '../errors.js';
import type { Evaluation } from './objective.js';
import type { CalibrationProblem } from './problem.js';
import type { ProfileBound } from './profile.js';
import type { CalibrationTask, ProfileTask } from './task.js';

/** The worker entry, resolved from this module so that it is found wherever dist/ is installed. */
const DEFAULT_WORKER_FILE = new URL('./worker.js', import.meta.url);

/** Worker threads that evaluate the points of one calibration problem. */
export interface CalibrationPool {
  /**
   * Evaluates points of the optimiser's unbounded scale, spread over the workers, and returns them in
   * order. With `dispersions`, each series keeps its given dispersion instead of its best one at each point.
   */
  evaluate(points: number[][], dispersions?: number[]): Promise<Evaluation[]>;
  /** Searches for one profile bound on a worker. */
  profile(task: Omit<ProfileTask, 'kind'>): Promise<ProfileBound>;
  /** Stops the worker threads. */
  destroy(): Promise<void>;
}

/** Settings of the calibration pool. */
export interface CalibrationPoolOptions {
  /** Worker threads, a positive integer. */
  workers: number;
  /** Aborting it rejects every pending task with the signal's reason. */
  signal?: AbortSignal;
  /** Worker module to load, as a path or file URL. @default the compiled `worker.js` beside this module */
  workerFile?: string | URL;
}

/**
 * Creates the pool of a calibration problem. Each worker receives the problem once, at start, and
 * builds its objective from it on its first task.
 *
 * @throws TypeError or RangeError when `workers` is not a positive integer
 */
export function createCalibrationPool(problem: CalibrationProblem, options: CalibrationPoolOptions): CalibrationPool {
  const { workers } = options;
  if (typeof workers !== 'number' || !Number.isInteger(workers) || workers < 1) throw poolOptionError('workers', workers);
  const workerFile = options.workerFile ?? DEFAULT_WORKER_FILE;
  const pool = new Piscina<CalibrationTask, unknown>({
    filename: workerFile instanceof URL ? workerFile.href : workerFile,
    minThreads: workers,
    maxThreads: workers,
    workerData: problem,
  });

  // Piscina adds one abort listener per queued task, more than Node's default warning limit of 10.
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  const forwardAbort = (): void => controller.abort(options.signal?.reason);
  if (options.signal?.aborted === true) forwardAbort();
  options.signal?.addEventListener('abort', forwardAbort, { once: true });

  const run = async <T>(task: CalibrationTask): Promise<T> => {
    try {
      return (await pool.run(task, { signal: controller.signal })) as T;
    } catch (error) {
      // An abort is the caller's decision, so it keeps its own reason rather than piscina's AbortError.
      if (controller.signal.aborted) throw controller.signal.reason;
      throw error;
    }
  };

  return {
    async evaluate(points, dispersions) {
      const chunks = splitEvenly(points, workers);
      const task = (chunk: number[][]): CalibrationTask =>
        dispersions === undefined ? { kind: 'evaluate', points: chunk } : { kind: 'evaluate', points: chunk, dispersions };
      const results = await Promise.all(chunks.map((chunk) => run<Evaluation[]>(task(chunk))));
      return results.flat();
    },
    profile(task) {
      return run<ProfileBound>({ kind: 'profile', ...task });
    },
    async destroy() {
      options.signal?.removeEventListener('abort', forwardAbort);
      await pool.destroy();
    },
  };
}

/** Splits a list into at most `parts` consecutive chunks whose sizes differ by at most one. */
function splitEvenly<T>(items: readonly T[], parts: number): T[][] {
  const count = Math.min(parts, items.length);
  const chunks: T[][] = [];
  let start = 0;
  for (let i = 0; i < count; i++) {
    const size = Math.floor(items.length / count) + (i < items.length % count ? 1 : 0);
    chunks.push(items.slice(start, start + size));
    start += size;
  }
  return chunks;
}
