import { describe, expect, test } from 'vitest';
import { METRIC_INDEX, createRunRandom, seriesOffset, simulate, type DeterministicSolver } from '../../engine/index.js';
import { buildModel } from './fixtures.js';

// With testing, tracing and care limits off, one region and one age band, no asymptomatic and no
// severe cases, the engine is the chain S -> E1 -> E2 -> P -> I -> R with the force of infection
// beta * C * (P + I) / N. The reference below integrates that chain on its own, with classical RK4
// at 1/512 of a day, whose error (of order step^4) is far below the engine's at its own step.
const POPULATION = 10_000_000;
const BETA = 0.05;
const CONTACTS = 10;
const LATENT_DAYS = 3;
const PRESYMPTOMATIC_DAYS = 2;
const MILD_DAYS = 5;

function plainModel(days: number, stepDays: number, seedPerDay: number, deterministicSolver: DeterministicSolver) {
  return buildModel({
    deterministicSolver,
    days,
    stepDays,
    response: false,
    populationPerCell: POPULATION,
    contactsPerDay: CONTACTS,
    transmissionPerContact: BETA,
    asymptomaticFraction: 0,
    severeFraction: 0,
    criticalFraction: 0,
    seedPerDay,
    seedDays: 1,
  });
}

/** Cumulative infections at the end of each day, from the reference solution. */
function referenceInfections(days: number, seedPerDay: number): number[] {
  const latent = 2 / LATENT_DAYS;
  const rhs = (seed: number, y: readonly number[]): number[] => {
    const [s, e1, e2, p, i] = y as [number, number, number, number, number];
    const infection = (BETA * CONTACTS * (p + i) * s) / POPULATION + seed;
    return [
      -infection,
      infection - latent * e1,
      latent * e1 - latent * e2,
      latent * e2 - p / PRESYMPTOMATIC_DAYS,
      p / PRESYMPTOMATIC_DAYS - i / MILD_DAYS,
      i / MILD_DAYS,
      infection,
    ];
  };
  const stepsPerDay = 512;
  const h = 1 / stepsPerDay;
  let state = [POPULATION, 0, 0, 0, 0, 0, 0];
  const cumulative: number[] = [];
  const shifted = (y: readonly number[], k: readonly number[], scale: number): number[] =>
    y.map((value, j) => value + scale * k[j]!);
  for (let d = 0; d < days; d++) {
    const seed = d === 0 ? seedPerDay : 0;
    for (let step = 0; step < stepsPerDay; step++) {
      const k1 = rhs(seed, state);
      const k2 = rhs(seed, shifted(state, k1, h / 2));
      const k3 = rhs(seed, shifted(state, k2, h / 2));
      const k4 = rhs(seed, shifted(state, k3, h));
      state = state.map((value, j) => value + (h / 6) * (k1[j]! + 2 * k2[j]! + 2 * k3[j]! + k4[j]!));
    }
    cumulative.push(state[6]!);
  }
  return cumulative;
}

function engineInfections(days: number, stepDays: number, seedPerDay: number, solver: DeterministicSolver): number[] {
  const model = plainModel(days, stepDays, seedPerDay, solver);
  const { series } = simulate(model, 'deterministic', createRunRandom(1, 0));
  const offset = seriesOffset(METRIC_INDEX.infections_new, 0, 1, days);
  const cumulative: number[] = [];
  let total = 0;
  for (let d = 0; d < days; d++) {
    total += series[offset + d]!;
    cumulative.push(total);
  }
  return cumulative;
}

// The adaptive solver at its largest step of a quarter day, and the fixed-step solver at a step small
// enough for 1e-6: RK4's error per step on the fastest stage, 0.7 per day, is about (0.7 h)^5 / 120,
// 2e-7 at h = 1/8 of a day. The final size needs far less, and holds at the half-day step too.
const SOLVERS = [
  { solver: 'dopri5', stepDays: 0.25, finalSizeStepDays: 0.25 },
  { solver: 'rk4', stepDays: 1 / 8, finalSizeStepDays: 0.5 },
] as const;

describe.each(SOLVERS)('simulate without a response, $solver', ({ solver, stepDays, finalSizeStepDays }) => {
  test('matches a high-accuracy ODE solution', () => {
    const days = 150;
    const reference = referenceInfections(days, 10);
    const engine = engineInfections(days, stepDays, 10, solver);
    let worst = 0;
    for (let d = 0; d < days; d++) worst = Math.max(worst, Math.abs(engine[d]! - reference[d]!) / reference[d]!);
    // 1e-6 relative is the bound the engine must keep on every day's cumulative count.
    expect(worst).toBeLessThan(1e-6);
  });

  test('reaches the final size of R0', () => {
    const days = 400;
    const r0 = BETA * CONTACTS * (PRESYMPTOMATIC_DAYS + MILD_DAYS);
    // Solve z = 1 - exp(-R0 z) by fixed-point iteration, which converges for R0 > 1 from z = 1.
    let z = 1;
    for (let k = 0; k < 200; k++) z = 1 - Math.exp(-r0 * z);
    const engine = engineInfections(days, finalSizeStepDays, 1, solver);
    const attack = engine[days - 1]! / POPULATION;
    // One seeded infection in ten million shifts the final size by about 1e-7; 1e-4 leaves room
    // only for the solver, not for a wrong mechanism.
    expect(Math.abs(attack - z)).toBeLessThan(1e-4);
  });
});
