import { describe, expect, test } from 'vitest';
import { Draws, logFactorial } from '../../engine/binomial.js';
import { createRunRandom } from '../../engine/index.js';

const DRAWS = 40_000;

function moments(draw: () => number): { mean: number; variance: number } {
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < DRAWS; i++) {
    const x = draw();
    sum += x;
    squares += x * x;
  }
  const mean = sum / DRAWS;
  return { mean, variance: squares / DRAWS - mean * mean };
}

describe('binomial', () => {
  // Both branches (inversion below a mean of 10, BTRD above) and the p > 1/2 reflection.
  const cases: [number, number][] = [
    [5, 0.3],
    [40, 0.1],
    [1000, 0.02],
    [1000, 0.5],
    [2_000_000, 0.0003],
    [500, 0.9],
  ];
  test.each(cases)('matches the mean and variance for n=%d, p=%d', (n, p) => {
    const draws = new Draws(createRunRandom('binomial', n));
    draws.probability = p;
    const { mean, variance } = moments(() => draws.binomial(n));
    const expectedVariance = n * p * (1 - p);
    // The sample mean has standard error sqrt(variance / draws); five of them bound a false alarm
    // well below one in a million. The variance estimate is within 5 % at this sample size.
    expect(Math.abs(mean - n * p)).toBeLessThan(5 * Math.sqrt(expectedVariance / DRAWS));
    expect(Math.abs(variance / expectedVariance - 1)).toBeLessThan(0.05);
  });

  test('returns whole numbers within 0..n', () => {
    const draws = new Draws(createRunRandom('range', 0));
    for (let i = 0; i < 5000; i++) {
      const n = 1 + Math.floor(draws.uniform() * 5000);
      draws.probability = draws.uniform();
      const x = draws.binomial(n);
      expect(Number.isInteger(x)).toBe(true);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(n);
    }
  });

  test('handles the edge probabilities', () => {
    const draws = new Draws(createRunRandom('edges', 0));
    const drawWith = (n: number, p: number): number => {
      draws.probability = p;
      return draws.binomial(n);
    };
    expect(drawWith(10, 0)).toBe(0);
    expect(drawWith(10, 1)).toBe(10);
    expect(drawWith(0, 0.5)).toBe(0);
    expect(drawWith(10, Number.NaN)).toBe(0);
  });
});

describe('poisson', () => {
  test.each([0.5, 4, 30, 2500])('matches the mean and variance for mean %d', (lambda) => {
    const draws = new Draws(createRunRandom('poisson', lambda));
    draws.mean = lambda;
    const { mean, variance } = moments(() => draws.poisson());
    expect(Math.abs(mean - lambda)).toBeLessThan(5 * Math.sqrt(lambda / DRAWS));
    expect(Math.abs(variance / lambda - 1)).toBeLessThan(0.05);
  });
});

describe('logFactorial', () => {
  test('agrees across the table and the series', () => {
    let exact = 0;
    for (let k = 1; k <= 300; k++) {
      exact += Math.log(k);
      expect(Math.abs(logFactorial(k) - exact)).toBeLessThan(1e-9 * Math.max(1, exact));
    }
  });
});

describe('Draws.uniform', () => {
  test('draws 53-bit uniforms in [0, 1)', () => {
    const draws = new Draws(createRunRandom('uniform', 0));
    let below = 0;
    let finer = 0;
    for (let i = 0; i < DRAWS; i++) {
      const u = draws.uniform();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      if (u < 0.25) below++;
      // A uniform built from one 32-bit integer is a multiple of 2^-32.
      if (u * 2 ** 32 !== Math.floor(u * 2 ** 32)) finer++;
    }
    // The count below 1/4 has standard deviation sqrt(DRAWS * 3 / 16), about 87.
    expect(Math.abs(below - DRAWS / 4)).toBeLessThan(5 * Math.sqrt((DRAWS * 3) / 16));
    expect(finer).toBeGreaterThan(DRAWS * 0.99);
  });
});
