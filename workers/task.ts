import { MessagePort } from 'node:worker_threads';
import type { RunMode } from '../engine/index.js';
import type { Scenario } from '../scenarios/index.js';
import { invalidTaskError } from './errors.js';

/** The message the pool sends to a worker: a range of run indices of one scenario. */
export interface RunTask {
  /** The validated scenario with its defaults filled in, as plain JSON. */
  scenario: Scenario;
  mode: RunMode;
  /** Scenario seed, from which each run derives its own random streams with its run index. */
  seed: string | number;
  /** First run index of the task. */
  runStart: number;
  /** One past the last run index of the task. */
  runEnd: number;
  /**
   * Port on which the worker posts, at most every {@link PROGRESS_INTERVAL_MS}, how many of the
   * task's runs it has done, as a fraction such as 1.4, so that a long run shows progress.
   */
  progress?: MessagePort;
}

/** Least time between two progress messages of a task, in milliseconds. */
export const PROGRESS_INTERVAL_MS = 250;

/** The reply of a worker: per-run arrays for runs `runStart` to `runStart + series.length - 1`, in order. */
export interface TaskResult {
  runStart: number;
  /** Daily series of each run, laid out as `METRICS` in the engine describes. */
  series: Float64Array[];
  /** Summary statistics of each run, laid out as `SUMMARY_STATISTICS` in the engine describes. */
  summary: Float64Array[];
}

const RUN_MODES: readonly string[] = ['deterministic', 'stochastic'] satisfies RunMode[];

/**
 * Checks a message that arrived at a worker and returns it as a task.
 *
 * The scenario itself is not validated again: the main thread parsed it with the scenario schema,
 * and the structured clone that carried it here keeps plain JSON unchanged.
 *
 * @throws TypeError naming the first field that is missing or of the wrong kind
 */
export function parseRunTask(message: unknown): RunTask {
  if (typeof message !== 'object' || message === null) throw invalidTaskError('', 'an object', message);
  const task = message as Record<string, unknown>;

  if (typeof task['scenario'] !== 'object' || task['scenario'] === null) {
    throw invalidTaskError('scenario', 'a scenario object', task['scenario']);
  }
  const mode = task['mode'];
  if (typeof mode !== 'string' || !RUN_MODES.includes(mode)) {
    throw invalidTaskError('mode', '"deterministic" or "stochastic"', mode);
  }
  const seed = task['seed'];
  if (typeof seed !== 'string' && typeof seed !== 'number') throw invalidTaskError('seed', 'a string or number', seed);

  const runStart = task['runStart'];
  if (typeof runStart !== 'number' || !Number.isInteger(runStart) || runStart < 0) {
    throw invalidTaskError('runStart', 'a non-negative integer', runStart);
  }
  const runEnd = task['runEnd'];
  if (typeof runEnd !== 'number' || !Number.isInteger(runEnd) || runEnd <= runStart) {
    throw invalidTaskError('runEnd', `an integer greater than runStart (${runStart})`, runEnd);
  }

  const progress = task['progress'];
  if (progress !== undefined && !(progress instanceof MessagePort)) {
    throw invalidTaskError('progress', 'a MessagePort', progress);
  }
  const parsed: RunTask = { scenario: task['scenario'] as Scenario, mode: mode as RunMode, seed, runStart, runEnd };
  if (progress !== undefined) parsed.progress = progress;
  return parsed;
}
