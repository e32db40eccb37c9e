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
/** Largest factor by which a step is lengthened to end exactly at the end of the day. */
const STRETCH = 1.1;

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
  const maxStep = model.stepDays;
  let t = 0;
  let h = Math.min(solver.stepDays, maxStep);
  derivative(model, ws, y, day, k1);

  while (t < 1 - 1e-12) {
    // A step that ends exactly at the day's end would often leave a sliver of a step behind. Stretching
    // the step by up to STRETCH, or splitting the rest of the day into equal steps, saves those slivers.
    const remaining = 1 - t;
    const proposed = h;
    if (h * STRETCH >= remaining) h = remaining;
    else h = remaining / Math.ceil(remaining / (h * STRETCH));

    addStage1(stage, y, h * A21, k1);
    derivative(model, ws, stage, day, k2);
    addStage2(stage, y, h * A31, k1, h * A32, k2);
    derivative(model, ws, stage, day, k3);
    addStage3(stage, y, h * A41, k1, h * A42, k2, h * A43, k3);
    derivative(model, ws, stage, day, k4);
    addStage4(stage, y, h * A51, k1, h * A52, k2, h * A53, k3, h * A54, k4);
    derivative(model, ws, stage, day, k5);
    addStage5(stage, y, h * A61, k1, h * A62, k2, h * A63, k3, h * A64, k4, h * A65, k5);
    derivative(model, ws, stage, day, k6);
    addSolution(next, y, h, k1, k3, k4, k5, k6);
    derivative(model, ws, next, day, k7);
    const error = errorNorm(y, next, h, k1, k3, k4, k5, k6, k7);

    if (!(error <= 1)) {
      // Rejected, or not a number (a stage left the region where the rates are defined): shrink.
      h *= Number.isFinite(error) ? Math.max(MIN_SHRINK, SAFETY * error ** -0.2) : MIN_SHRINK;
      continue;
    }
    const factor = error === 0 ? MAX_GROWTH : Math.min(MAX_GROWTH, Math.max(MIN_SHRINK, SAFETY * error ** -0.2));

    t += h;
    y.set(next);
    // A step shortened to fit the day is no reason to shorten the next one below the proposed size.
    solver.stepDays = Math.min(maxStep, Math.max(h * factor, h < proposed ? proposed : 0));
    h = solver.stepDays;
    // The last stage is the derivative at the new state (first same as last) and serves as the
    // next step's first stage, unless the capacity step moved people.
    if (afterStep()) derivative(model, ws, y, day, k1);
    else k1.set(k7);
  }
}

function addStage1(out: Float64Array, y: Float64Array, c1: number, k1: Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] = y[i]! + c1 * k1[i]!;
}

function addStage2(out: Float64Array, y: Float64Array, c1: number, k1: Float64Array, c2: number, k2: Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] = y[i]! + c1 * k1[i]! + c2 * k2[i]!;
}

function addStage3(
  out: Float64Array, y: Float64Array,
  c1: number, k1: Float64Array, c2: number, k2: Float64Array, c3: number, k3: Float64Array,
): void {
  for (let i = 0; i < out.length; i++) out[i] = y[i]! + c1 * k1[i]! + c2 * k2[i]! + c3 * k3[i]!;
}

function addStage4(
  out: Float64Array, y: Float64Array,
  c1: number, k1: Float64Array, c2: number, k2: Float64Array, c3: number, k3: Float64Array, c4: number, k4: Float64Array,
): void {
  for (let i = 0; i < out.length; i++) out[i] = y[i]! + c1 * k1[i]! + c2 * k2[i]! + c3 * k3[i]! + c4 * k4[i]!;
}

function addStage5(
  out: Float64Array, y: Float64Array,
  c1: number, k1: Float64Array, c2: number, k2: Float64Array, c3: number, k3: Float64Array, c4: number, k4: Float64Array,
  c5: number, k5: Float64Array,
): void {
  for (let i = 0; i < out.length; i++) {
    out[i] = y[i]! + c1 * k1[i]! + c2 * k2[i]! + c3 * k3[i]! + c4 * k4[i]! + c5 * k5[i]!;
  }
}

/**
 * Writes the fifth-order solution into `out`, with values below FLUSH_BELOW set to zero. A state that
 * decays, or is seeded through weak mobility links, otherwise drifts into subnormal numbers, whose
 * arithmetic is many times slower. 1e-30 persons is far below any reported figure.
 */
function addSolution(
  out: Float64Array, y: Float64Array, h: number,
  k1: Float64Array, k3: Float64Array, k4: Float64Array, k5: Float64Array, k6: Float64Array,
): void {
  const c1 = h * B1, c3 = h * B3, c4 = h * B4, c5 = h * B5, c6 = h * B6;
  for (let i = 0; i < out.length; i++) {
    const value = y[i]! + c1 * k1[i]! + c3 * k3[i]! + c4 * k4[i]! + c5 * k5[i]! + c6 * k6[i]!;
    out[i] = value < FLUSH_BELOW && value > -FLUSH_BELOW ? 0 : value;
  }
}

/**
 * Returns the root mean square of the local error estimates, each relative to
 * RELATIVE_TOLERANCE x |value| + ABSOLUTE_TOLERANCE.
 */
function errorNorm(
  y: Float64Array, next: Float64Array, h: number,
  k1: Float64Array, k3: Float64Array, k4: Float64Array, k5: Float64Array, k6: Float64Array, k7: Float64Array,
): number {
  const c1 = h * E1, c3 = h * E3, c4 = h * E4, c5 = h * E5, c6 = h * E6, c7 = h * E7;
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    const estimate = c1 * k1[i]! + c3 * k3[i]! + c4 * k4[i]! + c5 * k5[i]! + c6 * k6[i]! + c7 * k7[i]!;
    const a = Math.abs(y[i]!);
    const b = Math.abs(next[i]!);
    const ratio = estimate / (ABSOLUTE_TOLERANCE + RELATIVE_TOLERANCE * (a > b ? a : b));
    sum += ratio * ratio;
  }
  return Math.sqrt(sum / y.length);
}
