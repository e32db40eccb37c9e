import { describe, expect, it } from 'vitest';

import { createRunRandom } from '../../engine/index.js';
import { centralValue, resolveParameters, sampleValue } from '../../scenarios/distributions.js';
import type { Distribution } from '../../scenarios/fields.js';

const uniform: Distribution = { dist: 'uniform', min: 2, max: 6 };
const normal: Distribution = { dist: 'normal', mean: 3, sd: 0.5 };
const lognormal: Distribution = { dist: 'lognormal', median: 4, sdlog: 0.3 };
const triangular: Distribution = { dist: 'triangular', min: 1, mode: 2, max: 6 };

function draws(value: Distribution, count: number, seed = 11): number[] {
  const random = createRunRandom(seed, 0, 'test');
  return Array.from({ length: count }, () => sampleValue(value, random));
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, x) => sum + x, 0) / values.length;
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(q * (sorted.length - 1))]!;
}

describe('centralValue', () => {
  it('returns a plain number as it is', () => {
    expect(centralValue(2.5)).toBe(2.5);
  });

  it('returns the mean of a uniform distribution', () => {
    expect(centralValue(uniform)).toBe(4);
  });

  it('returns the mean of a normal distribution', () => {
    expect(centralValue(normal)).toBe(3);
  });

  it('returns the median of a log-normal distribution', () => {
    expect(centralValue(lognormal)).toBe(4);
  });

  it('returns the mode of a triangular distribution', () => {
    expect(centralValue(triangular)).toBe(2);
  });
});

// 20,000 draws: the standard error of a mean is sd / 141, so these tolerances are about 5
// standard errors and fail only when the sampler is wrong, not by chance.
const COUNT = 20_000;

describe('sampleValue', () => {
  it('draws uniform values with the right mean and range', () => {
    const values = draws(uniform, COUNT);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...values)).toBeLessThanOrEqual(6);
    expect(Math.abs(mean(values) - 4)).toBeLessThan(0.05);
  });

  it('draws normal values with the right mean and sd', () => {
    const values = draws(normal, COUNT);
    const m = mean(values);
    const sd = Math.sqrt(mean(values.map((x) => (x - m) ** 2)));
    expect(Math.abs(m - 3)).toBeLessThan(0.02);
    expect(Math.abs(sd - 0.5)).toBeLessThan(0.02);
  });

  it('clamps normal draws at 4 standard deviations', () => {
    const values = draws({ dist: 'normal', mean: 0, sd: 1 }, COUNT);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(-4);
    expect(Math.max(...values)).toBeLessThanOrEqual(4);
  });

  it('draws log-normal values with the right median', () => {
    const values = draws(lognormal, COUNT);
    expect(Math.abs(quantile(values, 0.5) - 4)).toBeLessThan(0.06);
    expect(Math.min(...values)).toBeGreaterThan(0);
  });

  it('draws triangular values with the right mean and range', () => {
    const values = draws(triangular, COUNT);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...values)).toBeLessThanOrEqual(6);
    // Mean (min + mode + max) / 3 = 3, sd about 1.08.
    expect(Math.abs(mean(values) - 3)).toBeLessThan(0.04);
    // CDF at the mode is (mode - min) / (max - min) = 0.2.
    expect(values.filter((x) => x < 2).length / COUNT).toBeCloseTo(0.2, 1);
  });

  it('uses no draw for a plain number', () => {
    let calls = 0;
    const random = (): number => {
      calls++;
      return 0.5;
    };
    expect(sampleValue(7, random)).toBe(7);
    expect(calls).toBe(0);
  });

  it('uses a fixed number of draws per kind', () => {
    const counted = (value: Distribution): number => {
      let calls = 0;
      const random = (): number => {
        calls++;
        return 0.3;
      };
      sampleValue(value, random);
      return calls;
    };
    expect([uniform, triangular, normal, lognormal].map(counted)).toEqual([1, 1, 2, 2]);
  });
});

describe('resolveParameters', () => {
  it('replaces distributions in key and list order', () => {
    const order: number[] = [];
    const document = { a: uniform, b: { c: [normal, 5, triangular] }, d: 'text', e: lognormal };
    const resolved = resolveParameters(document, (value) => {
      const picked = centralValue(value);
      order.push(picked);
      return picked;
    });
    expect(resolved).toEqual({ a: 4, b: { c: [3, 5, 2] }, d: 'text', e: 4 });
    expect(order).toEqual([4, 3, 2, 4]);
  });
});
