import type { CompiledModel } from './model.js';
import type { Workspace } from './workspace.js';
import { derivative } from './derivative.js';

/** Values below this, in persons, are set to zero after a step, as in the adaptive solver. */
const FLUSH_BELOW = 1e-30;

/**
 * Advances the mean-field equations by one classical fourth-order Runge-Kutta step of `stepDays`, in
 * place. The step has no error control, so its accuracy on a scenario is checked by halving the step.
 * The scenario checks keep every rate derived from a duration times the step at most 1, well inside
 * the method's stability interval.
 */
export function rk4Step(model: CompiledModel, ws: Workspace, y: Float64Array, day: number, stepDays: number): void {
  const { k1, k2, k3, k4, stage, stageNext } = ws;
  const half = stepDays / 2;
  // Each derivative also writes the next stage (y + h k), alternating between two buffers so that no
  // stage is overwritten while its own derivative reads it.
  derivative(model, ws, y, day, k1, stage, y, half);
  derivative(model, ws, stage, day, k2, stageNext, y, half);
  derivative(model, ws, stageNext, day, k3, stage, y, stepDays);
  derivative(model, ws, stage, day, k4);
  addWeighted(y, stepDays / 6, k1, k2, k3, k4);
}

/**
 * Adds `scale` x (k1 + 2 k2 + 2 k3 + k4) to `y`, and sets values below FLUSH_BELOW to zero, since
 * subnormal numbers make every later step many times slower.
 */
function addWeighted(
  y: Float64Array, scale: number, k1: Float64Array, k2: Float64Array, k3: Float64Array, k4: Float64Array,
): void {
  for (let i = 0; i < y.length; i++) {
    const value = y[i]! + scale * (k1[i]! + 2 * (k2[i]! + k3[i]!) + k4[i]!);
    y[i] = value < FLUSH_BELOW && value > -FLUSH_BELOW ? 0 : value;
  }
}
