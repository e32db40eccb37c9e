import type { CompiledModel, RunMode } from './model.js';
import type { Random } from './random.js';
import { METRICS } from './metrics.js';
import { summarise } from './summary.js';
import { createWorkspace } from './workspace.js';
import { COUNTER_COUNT, S, STATE_COUNT, type StateLayout } from './layout.js';
import { prepareDay } from './day.js';
import { integrateDay, type AdaptiveState } from './dopri5.js';
import { rk4Step } from './rk4.js';
import { stochasticStep } from './stochastic.js';
import { Draws } from './binomial.js';
import { enforceCapacity } from './capacity.js';
import { recordDay } from './observe.js';
import { fillRt, generationInterval } from './rt.js';
import { summariseEconomy } from './economy-summary.js';

/** Version of the model and its solvers, recorded in every summary for provenance. */
export const ENGINE_VERSION = '0.1.0';

/** The output of one run. */
export interface RunResult {
  /** Daily metrics, laid out as described in `metrics.ts`. */
  series: Float64Array;
  /** Per-region statistics, laid out as described in `summary.ts`. */
  summary: Float64Array;
}

/**
 * Called after every solver step with the whole state (layout in layout.ts) and the day; for tests
 * that check invariants at every step. The state must not be changed.
 */
export type StepObserver = (state: Float64Array, layout: StateLayout, day: number) => void;

/**
 * Runs the model once over its whole horizon. In deterministic mode `random` is not used.
 *
 * Each simulated day is this ordered list of steps:
 * 1. prepareDay: the day's contacts, capacities and newly found clusters, fixed for the day because
 *    every scenario input changes only between days;
 * 2. the solver steps (fixed Runge-Kutta or adaptive Dormand-Prince steps in deterministic mode,
 *    fixed binomial steps in stochastic mode), each moving people along every flow at rates from the
 *    state. After each step comes enforceCapacity, so that a fall in capacity sends the excess back
 *    to waiting before anything is recorded;
 * 3. recordDay: the day's figures from the end-of-day state, after all of the day's flows.
 * After the last day, Rt comes from the whole infection series and the summary from all series and,
 * for the costs, the model's unit costs.
 *
 * @throws RangeError when a step does not divide one day
 */
export function simulate(model: CompiledModel, mode: RunMode, random: Random, onStep?: StepObserver): RunResult {
  const stepDays = mode === 'deterministic' ? model.stepDays : model.stochasticStepDays;
  const stepsPerDay = Math.round(1 / stepDays);
  if (!(stepDays > 0) || Math.abs(stepsPerDay * stepDays - 1) > 1e-9) {
    throw new RangeError(`step must divide one day into whole steps (got ${stepDays} days)`);
  }
  const regions = model.regionCount;
  const days = model.dayCount;
  const ws = createWorkspace(model);
  const { counterOffset } = ws.layout;
  const y = new Float64Array(ws.layout.length);
  for (let cell = 0; cell < ws.layout.cellCount; cell++) y[cell * STATE_COUNT + S] = model.population[cell]!;
  const series = new Float64Array(METRICS.length * (regions + 1) * days);
  const counters = ws.dayStart;
  const counterEnd = counterOffset + regions * COUNTER_COUNT;

  const solver: AdaptiveState = { stepDays: model.stepDays };
  const draws = new Draws(random);
  let day = 0;
  const afterDeterministicStep = (): boolean => {
    const changed = enforceCapacity(model, ws, y, day, mode);
    if (onStep !== undefined) onStep(y, ws.layout, day);
    return changed;
  };

  for (day = 0; day < days; day++) {
    prepareDay(model, ws, y, day);
    for (let i = counterOffset; i < counterEnd; i++) counters[i] = y[i]!;
    if (mode === 'deterministic' && model.deterministicSolver === 'dopri5') {
      integrateDay(model, ws, y, day, solver, afterDeterministicStep);
    } else if (mode === 'deterministic') {
      for (let step = 0; step < stepsPerDay; step++) {
        rk4Step(model, ws, y, day, stepDays);
        enforceCapacity(model, ws, y, day, mode);
        if (onStep !== undefined) onStep(y, ws.layout, day);
      }
    } else {
      for (let step = 0; step < stepsPerDay; step++) {
        stochasticStep(model, ws, y, day, stepDays, draws);
        enforceCapacity(model, ws, y, day, mode);
        if (onStep !== undefined) onStep(y, ws.layout, day);
      }
    }
    recordDay(model, ws, y, counters, day, series);
  }

  fillRt(model, series, generationInterval(model));
  const summary = summarise(series, regions, days);
  summariseEconomy(model, series, summary);
  return { series, summary };
}
