import { describe, expect, test } from 'vitest';
import { SUMMARY_INDEX, createRunRandom, simulate } from '../../engine/index.js';
import { buildModel } from './fixtures.js';

// A large population with no testing or tracing, so that the epidemic takes off in every run and
// demographic noise is small: the stochastic mean must then follow the mean-field equations.
const model = buildModel({
  regions: 2,
  bands: 3,
  days: 200,
  populationPerCell: 2_000_000,
  transmissionPerContact: 0.05,
  seedPerDay: 50,
  seedDays: 2,
  response: false,
});
const RUNS = 200;

describe('stochastic mode', () => {
  test('agrees on average with the deterministic run', () => {
    const national = model.regionCount;
    const stride = model.regionCount + 1;
    const population = model.population.reduce((sum, x) => sum + x, 0);
    const deterministic = simulate(model, 'deterministic', createRunRandom(1, 0)).summary;
    let attack = 0;
    let peakIcu = 0;
    for (let i = 0; i < RUNS; i++) {
      const { summary } = simulate(model, 'stochastic', createRunRandom('agreement', i));
      attack += summary[SUMMARY_INDEX.infections_total * stride + national]! / population;
      peakIcu += summary[SUMMARY_INDEX.icu_peak_occupied * stride + national]!;
    }
    attack /= RUNS;
    peakIcu /= RUNS;
    const expectedAttack = deterministic[SUMMARY_INDEX.infections_total * stride + national]! / population;
    const expectedPeakIcu = deterministic[SUMMARY_INDEX.icu_peak_occupied * stride + national]!;
    expect(Math.abs(attack / expectedAttack - 1)).toBeLessThan(0.02);
    expect(Math.abs(peakIcu / expectedPeakIcu - 1)).toBeLessThan(0.02);
  }, 120_000);
});
