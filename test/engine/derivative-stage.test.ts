import { describe, expect, it } from 'vitest';

import { createRunRandom, simulate } from '../../engine/index.js';
import { prepareDay } from '../../engine/day.js';
import { derivative } from '../../engine/derivative.js';
import { createWorkspace } from '../../engine/workspace.js';
import { buildModel } from './fixtures.js';

describe('derivative with the next stage', () => {
  const model = buildModel({ regions: 2, bands: 2, days: 40, mobilityOffDiagonal: 0.05, testsPerDay: 50, tracingPerDay: 20 });
  const day = 30;
  // A mid-epidemic state: people in most states, queues and counters.
  let state = new Float64Array(0);
  simulate(model, 'deterministic', createRunRandom(1, 0), (y, _layout, stepDay) => {
    if (stepDay === day) state = Float64Array.from(y);
  });

  it('gives the same derivative as without it', () => {
    const ws = createWorkspace(model);
    prepareDay(model, ws, state, day);
    const plain = new Float64Array(state.length);
    derivative(model, ws, state, day, plain);
    const withStage = new Float64Array(state.length);
    derivative(model, ws, state, day, withStage, new Float64Array(state.length), state, 0.25);
    expect(Array.from(withStage)).toEqual(Array.from(plain));
    expect(plain.some((value) => value !== 0)).toBe(true);
  });

  it('writes base plus scale times the derivative', () => {
    const ws = createWorkspace(model);
    prepareDay(model, ws, state, day);
    const dy = new Float64Array(state.length);
    const next = new Float64Array(state.length).fill(Number.NaN);
    const base = state.map((value, i) => value + i);
    derivative(model, ws, state, day, dy, next, base, 0.25);
    const expected = base.map((value, i) => value + 0.25 * dy[i]!);
    expect(Array.from(next)).toEqual(Array.from(expected));
  });
});
