import { invalidTaskError } from '../errors.js';
import type { ProfileOptions } from './profile.js';

/** A batch of points on the optimiser's unbounded scale to evaluate. */
export interface EvaluateTask {
  kind: 'evaluate';
  points: number[][];
  /** Dispersion of each observed series to hold fixed, in the order of the evaluation's series; by default each is fitted at every point. */
  dispersions?: number[];
}

/** The search for one bound of a parameter's profile-likelihood interval. */
export interface ProfileTask {
  kind: 'profile';
  /** The maximum-likelihood point on the unbounded scale. */
  estimate: number[];
  maxLogLikelihood: number;
  parameterIndex: number;
  side: 'lower' | 'upper';
  options: ProfileOptions;
}

/** A message the calibration pool sends to a worker. */
export type CalibrationTask = EvaluateTask | ProfileTask;

function isPointList(value: unknown): value is number[][] {
  return Array.isArray(value) && value.every((point) => Array.isArray(point) && point.every((x) => typeof x === 'number'));
}

/**
 * Checks a message that arrived at a calibration worker and returns it as a task. The nested
 * options are not checked again, because the main thread built them.
 *
 * @throws TypeError naming the first field that is missing or of the wrong kind
 */
export function parseCalibrationTask(message: unknown): CalibrationTask {
  if (typeof message !== 'object' || message === null) throw invalidTaskError('', 'an object', message);
  const task = message as Record<string, unknown>;
  if (task['kind'] === 'evaluate') {
    if (!isPointList(task['points'])) throw invalidTaskError('points', 'a list of number lists', task['points']);
    const dispersions = task['dispersions'];
    if (dispersions === undefined) return { kind: 'evaluate', points: task['points'] };
    if (!isPointList([dispersions])) throw invalidTaskError('dispersions', 'a list of numbers', dispersions);
    return { kind: 'evaluate', points: task['points'], dispersions: dispersions as number[] };
  }
  if (task['kind'] !== 'profile') throw invalidTaskError('kind', '"evaluate" or "profile"', task['kind']);

  const estimate = task['estimate'];
  if (!isPointList([estimate])) throw invalidTaskError('estimate', 'a list of numbers', estimate);
  const index = task['parameterIndex'];
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= (estimate as number[]).length) {
    throw invalidTaskError('parameterIndex', 'an index into estimate', index);
  }
  const side = task['side'];
  if (side !== 'lower' && side !== 'upper') throw invalidTaskError('side', '"lower" or "upper"', side);
  const maxLogLikelihood = task['maxLogLikelihood'];
  if (typeof maxLogLikelihood !== 'number') throw invalidTaskError('maxLogLikelihood', 'a number', maxLogLikelihood);
  if (typeof task['options'] !== 'object' || task['options'] === null) throw invalidTaskError('options', 'an object', task['options']);
  return {
    kind: 'profile',
    estimate: estimate as number[],
    maxLogLikelihood,
    parameterIndex: index,
    side,
    options: task['options'] as ProfileOptions,
  };
}
