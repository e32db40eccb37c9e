import { workerData } from 'piscina';
import { createObjective, type Objective } from './objective.js';
import type { CalibrationProblem } from './problem.js';
import { profileBound } from './profile.js';
import { parseCalibrationTask } from './task.js';

/** The objective of the pool's problem, compiled on the first task and kept for the worker's life. */
let objective: Objective | undefined;

/**
 * Runs one calibration task: evaluates a batch of points, or searches for one profile bound. The
 * problem itself arrives once per worker, as the pool's `workerData`, because it is large and the
 * same for every task.
 */
export default function runCalibrationTask(message: unknown): unknown {
  const task = parseCalibrationTask(message);
  objective ??= createObjective(workerData as CalibrationProblem);
  const current = objective;
  if (task.kind === 'evaluate') {
    return task.points.map((point) => current.evaluate(current.valuesOf(point), task.dispersions));
  }
  return profileBound(current, task.estimate, task.maxLogLikelihood, task.parameterIndex, task.side, task.options);
}
