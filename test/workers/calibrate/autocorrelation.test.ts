import { describe, expect, it } from 'vitest';

import { MAX_LAG1, residualAutocorrelation } from '../../../workers/calibrate/autocorrelation.js';
import { autoregressiveNormals } from './fixtures.js';

/** Builds a Poisson series around a mean of 400 whose Pearson residuals are exactly `residuals`. */
function seriesOf(residuals: readonly number[]) {
  const mean = 400;
  return {
    counts: Float64Array.from(residuals, (r) => mean + 20 * r),
    means: new Float64Array(residuals.length).fill(mean),
    dispersion: 0,
  };
}

describe('residualAutocorrelation', () => {
  it('recovers the lag-1 correlation of an autoregression', () => {
    const series = [1, 2, 3, 4].map((k) => seriesOf(autoregressiveNormals(500, 0.6, 1, `ar ${k}`)));
    const { lag1, pairs, varianceFactor } = residualAutocorrelation(series);
    expect(pairs).toBe(4 * 499);
    // 2,000 pairs estimate the correlation to within about 0.02 (one standard error).
    expect(lag1).toBeGreaterThan(0.54);
    expect(lag1).toBeLessThan(0.66);
    expect(varianceFactor).toBeCloseTo((1 + lag1) / (1 - lag1), 12);
  });

  it('keeps a factor of 1 for alternating residuals', () => {
    const alternating = Array.from({ length: 50 }, (_, d) => (d % 2 === 0 ? 1 : -1));
    const { lag1, varianceFactor } = residualAutocorrelation([seriesOf(alternating)]);
    expect(lag1).toBeLessThan(-0.9);
    expect(varianceFactor).toBe(1);
  });

  it('clips a persistent misfit', () => {
    const { lag1, varianceFactor } = residualAutocorrelation([seriesOf(new Array(100).fill(2))]);
    expect(lag1).toBeGreaterThan(MAX_LAG1);
    expect(varianceFactor).toBeCloseTo((1 + MAX_LAG1) / (1 - MAX_LAG1), 12);
  });

  it('breaks pairs at missing days', () => {
    const series = seriesOf([1, 1, 1, 1, 1, 1]);
    series.counts[2] = NaN;
    expect(residualAutocorrelation([series]).pairs).toBe(3);
  });

  it('leaves out days without a neighbour', () => {
    // Every other day observed: no pairs, so no factor, however the residuals run.
    const alternate = seriesOf(new Array(40).fill(2));
    for (let d = 1; d < 40; d += 2) alternate.counts[d] = NaN;
    expect(residualAutocorrelation([alternate])).toEqual({ lag1: 0, pairs: 0, seriesMeasured: 1, varianceFactor: 1 });
    // One day in three missing: the correlated pairs keep their full weight.
    const persistent = seriesOf(autoregressiveNormals(3000, 0.6, 1, 'gaps'));
    for (let d = 2; d < 3000; d += 3) persistent.counts[d] = NaN;
    const { lag1, pairs } = residualAutocorrelation([persistent]);
    expect(pairs).toBe(1000);
    expect(lag1).toBeGreaterThan(0.54);
    expect(lag1).toBeLessThan(0.66);
  });

  it('skips series without a positive count', () => {
    const empty = { counts: new Float64Array(30), means: new Float64Array(30).fill(5), dispersion: 0.5 };
    const result = residualAutocorrelation([empty]);
    expect(result.pairs).toBe(0);
    expect(result.varianceFactor).toBe(1);
  });

  it('scales residuals by the negative binomial variance', () => {
    // Mean 100 and dispersion 0.01 give a variance of 200, so a count of 100 + sqrt(200) is one unit.
    const unit = Math.sqrt(200);
    const counts = Float64Array.from([1, 1, -1, -1, 1, 1], (sign) => 100 + sign * unit);
    const series = { counts, means: new Float64Array(6).fill(100), dispersion: 0.01 };
    // Products of neighbours: 1, -1, 1, -1, 1, a mean of 1 / 5 over a mean square of 1.
    expect(residualAutocorrelation([series]).lag1).toBeCloseTo(1 / 5, 12);
  });
});
