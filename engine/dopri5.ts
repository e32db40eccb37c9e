import type { CompiledModel } from './model.js';
import type { Workspace } from './workspace.js';
import { derivative } from './derivative.js';

/** Relative tolerance of the deterministic solver's error control, per state. */
export const RELATIVE_TOLERANCE = 1e-6;
/** Absolute tolerance, in persons (or tests, for counters): a thousandth of a person. */
export const ABSOLUTE_TOLERANCE = 1e-3;
/** Values below this, in persons, are set to zero (see `integrateDay`). */
const FLUSH_BELOW = 1e-30;
const SAFETY = 0.9;
const MIN_SHRINK = 0.2;
const MAX_GROWTH = 5;

// Dormand-Prince 5(4) coefficients: J. R. Dormand and P. J. Prince, "A family of embedded
// Runge-Kutta formulae", J. Comput. Appl. Math. 6 (1980) 19-26, table 2 (the RK5(4)7M pair).
const A21 = 1 / 5;
const A31 = 3 / 40, A32 = 9 / 40;
const A41 = 44 / 45, A42 = -56 / 15, A43 = 32 / 9;
const A51 = 19372 / 6561, A52 = -25360 / 2187, A53 = 64448 / 6561, A54 = -212 / 729;
const A61 = 9017 / 3168, A62 = -355 / 33, A63 = 46732 / 5247, A64 = 49 / 176, A65 = -5103 / 18656;
const B1 = 35 / 384, B3 = 500 / 1113, B4 = 125 / 192, B5 = -2187 / 6784, B6 = 11 / 84;
// Fifth-order minus fourth-order weights: the local error estimate.
const E1 = 71 / 57600, E3 = -71 / 16695, E4 = 71 / 1920, E5 = -17253 / 339200, E6 = 22 / 525, E7 = -1 / 40;

/** Solver state kept across days: the last accepted step size, in days. */
export interface AdaptiveState {
  stepDays: number;
}

/**
 * Integrates the mean-field equations over one day, in place, with the adaptive Dormand-Prince 5(4)
 * method and error control: a step is accepted when the root mean square of the states' local error
 * estimates, each relative to RELATIVE_TOLERANCE x |value| + ABSOLUTE_TOLERANCE, is at most 1, and the
 * next step size follows the usual controller (Hairer, Nørsett and Wanner, Solving Ordinary Differential Equations I, 2nd ed., II.4).
 * Steps never cross the day boundary, since the day's inputs change there, and never exceed
 * `model.stepDays`.
 *
 * `afterStep` runs after each accepted step (the capacity step) and returns true when it changed
 * the state, so that the first stage of the next step is evaluated afresh.
 */
export function integrateDay(
  model: CompiledModel,
  ws: Workspace,
  y: Float64Array,
  day: number,
  solver: AdaptiveState,
  afterStep: () => boolean,
): void {
  const { k1, k2, k3, k4, k5, k6, k7, stage, next } = ws;
  const n = y.length;
  const maxStep = model.stepDays;
  let t = 0;
  let h = Math.min(solver.stepDays, maxStep);
  derivative(model, ws, y, day, k1);

  while (t < 1 - 1e-12) {
    if (t + h > 1) h = 1 - t;
    for (let i = 0; i < n; i++) stage[i] = y[i]! + h * A21 * k1[i]!;
    derivative(model, ws, stage, day, k2);
    for (let i = 0; i < n; i++) stage[i] = y[i]! + h * (A31 * k1[i]! + A32 * k2[i]!);
    derivative(model, ws, stage, day, k3);
    for (let i = 0; i < n; i++) stage[i] = y[i]! + h * (A41 * k1[i]! + A42 * k2[i]! + A43 * k3[i]!);
    derivative(model, ws, stage, day, k4);
    for (let i = 0; i < n; i++) {
      stage[i] = y[i]! + h * (A51 * k1[i]! + A52 * k2[i]! + A53 * k3[i]! + A54 * k4[i]!);
    }
    derivative(model, ws, stage, day, k5);
    for (let i = 0; i < n; i++) {
      stage[i] = y[i]! + h * (A61 * k1[i]! + A62 * k2[i]! + A63 * k3[i]! + A64 * k4[i]! + A65 * k5[i]!);
    }
    derivative(model, ws, stage, day, k6);
    for (let i = 0; i < n; i++) {
      next[i] = y[i]! + h * (B1 * k1[i]! + B3 * k3[i]! + B4 * k4[i]! + B5 * k5[i]! + B6 * k6[i]!);
    }
    derivative(model, ws, next, day, k7);

    let error = 0;
    for (let i = 0; i < n; i++) {
      const estimate = h * (E1 * k1[i]! + E3 * k3[i]! + E4 * k4[i]! + E5 * k5[i]! + E6 * k6[i]! + E7 * k7[i]!);
      const scale = ABSOLUTE_TOLERANCE + RELATIVE_TOLERANCE * Math.max(Math.abs(y[i]!), Math.abs(next[i]!));
      const ratio = estimate / scale;
      error += ratio * ratio;
    }
    error = Math.sqrt(error / n);

    if (!(error <= 1)) {
      // Rejected, or not a number (a stage left the region where the rates are defined): shrink.
      h *= Number.isFinite(error) ? Math.max(MIN_SHRINK, SAFETY * error ** -0.2) : MIN_SHRINK;
      continue;
    }
    const factor = error === 0 ? MAX_GROWTH : Math.min(MAX_GROWTH, Math.max(MIN_SHRINK, SAFETY * error ** -0.2));

    t += h;
    for (let i = 0; i < n; i++) {
      // A state that decays, or is seeded through weak mobility links, otherwise drifts into
      // subnormal numbers, whose arithmetic is many times slower; 1e-30 persons is far below any
      // reported figure.
      const value = next[i]!;
      y[i] = value < FLUSH_BELOW && value > -FLUSH_BELOW ? 0 : value;
    }
    solver.stepDays = Math.min(maxStep, h * factor);
    h = solver.stepDays;
    // The last stage is the derivative at the new state (first same as last) and serves as the
    // next step's first stage, unless the capacity step moved people.
    if (afterStep()) derivative(model, ws, y, day, k1);
    else k1.set(k7);
  }
}
