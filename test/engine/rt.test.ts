import { describe, expect, test } from 'vitest';
import { METRIC_INDEX, createRunRandom, seriesOffset, simulate } from '../../engine/index.js';
import { buildModel } from './fixtures.js';

const POPULATION = 10_000_000;
const BETA = 0.05;
const CONTACTS = 10;
// Pre-symptomatic 2 days and mild 5 days at full infectiousness, as in the fixture.
const R0 = BETA * CONTACTS * (2 + 5);

function rtSeries(transmissionPerContact: number, seedPerDay: number, seedDays: number, days = 80): Float64Array {
  const model = buildModel({
    days,
    response: false,
    populationPerCell: POPULATION,
    contactsPerDay: CONTACTS,
    transmissionPerContact,
    asymptomaticFraction: 0,
    severeFraction: 0,
    criticalFraction: 0,
    seedPerDay,
    seedDays,
  });
  const { series } = simulate(model, 'deterministic', createRunRandom(1, 0));
  const offset = seriesOffset(METRIC_INDEX.rt, 0, 1, days);
  return series.slice(offset, offset + days);
}

describe('fillRt', () => {
  test('leaves days without enough pressure undefined', () => {
    const rt = rtSeries(BETA, 10, 1);
    // No infection before day 0 makes any pressure on day 0.
    expect(Number.isNaN(rt[0]!)).toBe(true);
  });

  test('does not count seeded infections as offspring', () => {
    // Seeds without transmission: every infection is seeded, so a defined Rt must be 0.
    const rt = rtSeries(0, 100, 20, 30);
    const defined = [...rt].filter((value) => !Number.isNaN(value));
    expect(defined.length).toBeGreaterThan(10);
    // Seeds are subtracted from the day's infections, which leaves rounding noise only.
    for (const value of defined) expect(value).toBeLessThan(1e-9);
  });

  test('matches R0 while almost everyone is susceptible', () => {
    const rt = rtSeries(BETA, 10, 1);
    // From day 20 the generation interval has filled the window, and by day 40 fewer than 0.1 % of
    // the population has been infected. Daily binning of a continuous interval leaves a few percent.
    for (let d = 20; d < 40; d++) expect(Math.abs(rt[d]! / R0 - 1)).toBeLessThan(0.03);
  });
});
