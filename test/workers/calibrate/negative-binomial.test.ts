import { describe, expect, it } from 'vitest';

import {
  countLogLikelihood,
  DISPERSION_RANGE,
  fitDispersion,
  logGamma,
  MIN_MEAN_PER_DAY,
  negativeBinomialLogPmf,
  maximiseOnInterval,
  type CountSeries,
} from '../../../workers/calibrate/negative-binomial.js';
import { dispersionInterval } from '../../../workers/calibrate/profile.js';

function series(counts: number[], means: number[]): CountSeries {
  return { counts: Float64Array.from(counts), means: Float64Array.from(means) };
}

describe('logGamma', () => {
  it('matches known values', () => {
    // Γ(1/2) = √π and Γ(10) = 9! = 362,880.
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(logGamma(10)).toBeCloseTo(Math.log(362_880), 12);
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(2)).toBeCloseTo(0, 14);
  });

  it('matches the C library over a wide range', () => {
    // Reference values: Python 3.11's math.lgamma, which calls the C library's lgamma (glibc 2.36).
    const reference: [number, number][] = [
      [1e-3, 6.907178885383854],
      [0.1, 2.2527126517342055],
      [0.7, 0.2608672465316669],
      [3.5, 1.2009736023470738],
      [42, 114.03421178146169],
      [1234.5, 7550.550901077896],
      [1e4, 82099.71749644238],
      [2.5e5, 2857298.753541864],
    ];
    for (const [x, expected] of reference) {
      // Relative 1e-14: the Lanczos series and the C library agree to a few units in the last place.
      expect(Math.abs(logGamma(x) - expected), `x = ${x}`).toBeLessThan(1e-14 * Math.max(1, Math.abs(expected)));
    }
  });

  it('rejects arguments of 0 or below', () => {
    expect(() => logGamma(0)).toThrow('logGamma needs a positive argument (got 0)');
    expect(() => logGamma(-2)).toThrow(RangeError);
  });
});

describe('negativeBinomialLogPmf', () => {
  it('matches a hand computation', () => {
    // α = 0.5 gives the size k = 2. P(3) = Γ(5) / (Γ(2) 3!) (2/4)² (2/4)³ = 4 × 1/4 × 1/8 = 1/8.
    expect(negativeBinomialLogPmf(3, 2, 0.5)).toBeCloseTo(Math.log(1 / 8), 13);
    // P(0) = (k / (k + μ))^k = (2/4)² = 1/4.
    expect(negativeBinomialLogPmf(0, 2, 0.5)).toBeCloseTo(Math.log(1 / 4), 13);
  });

  it('is Poisson at dispersion 0', () => {
    // P(2) = e^-3 3² / 2!.
    expect(negativeBinomialLogPmf(2, 3, 0)).toBeCloseTo(-3 + 2 * Math.log(3) - Math.log(2), 13);
  });

  it('tends to Poisson as dispersion falls', () => {
    const poisson = negativeBinomialLogPmf(7, 4.5, 0);
    // The difference shrinks in proportion to α, about 1e-8 here.
    expect(negativeBinomialLogPmf(7, 4.5, 1e-8)).toBeCloseTo(poisson, 6);
  });

  it('sums to 1 over all counts', () => {
    for (const [mean, dispersion] of [
      [0.3, 0],
      [5, 0.2],
      [40, 1.5],
    ] as const) {
      let total = 0;
      for (let count = 0; count < 5000; count++) total += Math.exp(negativeBinomialLogPmf(count, mean, dispersion));
      // The tail beyond 5,000 is below 1e-12 for these means.
      expect(total, `mean ${mean}, dispersion ${dispersion}`).toBeCloseTo(1, 10);
    }
  });

  it('handles a mean of 0', () => {
    expect(negativeBinomialLogPmf(0, 0, 0.3)).toBe(0);
    expect(negativeBinomialLogPmf(1, 0, 0.3)).toBe(-Infinity);
  });
});

describe('countLogLikelihood', () => {
  it('sums the days of every series', () => {
    const data = [series([3, 0], [2, 2]), series([2], [3])];
    const expected = Math.log(1 / 8) + Math.log(1 / 4) + negativeBinomialLogPmf(2, 3, 0.5);
    expect(countLogLikelihood(data, 0.5)).toBeCloseTo(expected, 12);
  });

  it('skips days without a count', () => {
    const data = [series([3, Number.NaN, 0], [2, 100, 2])];
    expect(countLogLikelihood(data, 0.5)).toBeCloseTo(Math.log(1 / 8) + Math.log(1 / 4), 12);
  });

  it('raises small means to the floor', () => {
    const floor = negativeBinomialLogPmf(1, MIN_MEAN_PER_DAY, 0);
    expect(countLogLikelihood([series([1], [0])], 0)).toBe(floor);
    expect(countLogLikelihood([series([1], [1e-9])], 0)).toBe(floor);
  });
});

describe('fitDispersion', () => {
  it('finds the maximum over a grid', () => {
    const data = [series([0, 5, 12, 3, 30, 8, 1, 19], [6, 6, 10, 10, 14, 14, 9, 9])];
    const fit = fitDispersion(data);
    let gridBest = -Infinity;
    for (let logAlpha = -9; logAlpha <= 4.6; logAlpha += 0.001) {
      gridBest = Math.max(gridBest, countLogLikelihood(data, Math.exp(logAlpha)));
    }
    // The grid step of 0.001 in log α leaves it at most about 1e-6 below the true maximum.
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(gridBest - 1e-9);
    expect(fit.logLikelihood).toBeCloseTo(countLogLikelihood(data, fit.dispersion), 12);
    expect(fit.dispersion).toBeGreaterThan(0.1);
    expect(fit.dispersion).toBeLessThan(2);
  });

  it('reaches the lower bound without overdispersion', () => {
    const data = [series([10, 20, 30], [10, 20, 30])];
    expect(fitDispersion(data).dispersion).toBe(DISPERSION_RANGE.lower);
  });
});

describe('maximiseOnInterval', () => {
  it('finds an inner maximum in few steps', () => {
    let evaluations = 0;
    const result = maximiseOnInterval(
      (x) => {
        evaluations++;
        return -((x - 1.3) ** 2) + Math.sin(x) / 10;
      },
      0,
      5,
      1e-6,
    );
    // The maximum of -(x - 1.3)² + sin(x) / 10 solves 2 (x - 1.3) = cos(x) / 10, near x = 1.3134.
    expect(2 * (result.x - 1.3) - Math.cos(result.x) / 10).toBeCloseTo(0, 5);
    expect(evaluations).toBeLessThan(25);
  });

  it('closes in on a maximum at an end', () => {
    const result = maximiseOnInterval((x) => -x, 2, 3, 1e-6);
    expect(result.x - 2).toBeLessThan(1e-5);
  });
});

describe('dispersionInterval', () => {
  it('starts at an estimate of 0 for a series without counts', () => {
    const series = [{ counts: Float64Array.from([Number.NaN, Number.NaN]), means: Float64Array.from([0, 0]) }];
    expect(dispersionInterval(series, { dispersion: 0, logLikelihood: 0 })).toEqual({ lower: 0, upper: 100 });
  });
});
