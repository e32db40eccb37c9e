import { MIN_MEAN_PER_DAY, type CountSeries } from './negative-binomial.js';

/**
 * Highest lag-1 autocorrelation the variance factor takes. At 0.95 the factor is 39, and closer to
 * 1 it grows without bound, where the residuals no longer measure anything but the model's misfit.
 */
export const MAX_LAG1 = 0.95;

/** The serial correlation of the residuals at the estimate, and the widening of the intervals it implies. */
export interface ResidualAutocorrelation {
  /** Lag-1 autocorrelation of the Pearson residuals, pooled over every series with a positive count. */
  lag1: number;
  /** Pairs of neighbouring observed days behind `lag1`. */
  pairs: number;
  /** Series with a positive count, the only ones measured. */
  seriesMeasured: number;
  /**
   * Factor by which the variance of the estimates grows: (1 + ρ) / (1 - ρ), with ρ the lag-1
   * autocorrelation clipped to 0 to {@link MAX_LAG1}. The profile drop of each interval is scaled by it.
   */
  varianceFactor: number;
}

/** One observed series beside its simulated means at the estimate, with its fitted dispersion α. */
export interface ResidualSeries extends CountSeries {
  dispersion: number;
}

/**
 * Measures how strongly each day's residual follows the day before, and from that how much the
 * likelihood overstates the information in the data.
 *
 * The negative binomial likelihood takes every day as independent. When the model misses a wave by a
 * few days, the residuals run in long stretches of one sign, and neighbouring days carry much of the
 * same information. For residuals that follow a first-order autoregression with correlation ρ, the
 * variance of their sum is (1 + ρ) / (1 - ρ) times that of independent ones, so the log-likelihood
 * overstates the curvature by that factor. Scaling the profile drop by it widens each interval by its
 * square root.
 *
 * The Pearson residual of a day is (count - mean) / sqrt(mean + α mean²), with the mean raised to
 * {@link MIN_MEAN_PER_DAY} as in the likelihood. The residuals are not centred, so a series the model
 * misses on one side throughout counts as correlated. Days left out (NaN) break the pairs around them,
 * and a day with no observed neighbour is left out, so gaps do not dilute the correlation.
 * Series without a positive count are left out, since their residuals measure only the floor on the mean.
 * Without a single pair of neighbouring days the factor is 1 and `pairs` is 0.
 *
 * NOTE: the first-order autoregression is an approximation; a misfit with a longer memory would
 * need a larger factor.
 */
export function residualAutocorrelation(series: readonly ResidualSeries[]): ResidualAutocorrelation {
  let products = 0;
  let squares = 0;
  let pairs = 0;
  let days = 0;
  let seriesMeasured = 0;
  for (const { counts, means, dispersion } of series) {
    if (!counts.some((count) => count > 0)) continue;
    seriesMeasured++;
    const residualOn = (d: number): number => {
      const count = counts[d];
      if (count === undefined || Number.isNaN(count)) return NaN;
      const mean = Math.max(MIN_MEAN_PER_DAY, means[d]!);
      return (count - mean) / Math.sqrt(mean + dispersion * mean * mean);
    };
    for (let d = 0; d < counts.length; d++) {
      const residual = residualOn(d);
      if (Number.isNaN(residual)) continue;
      const next = residualOn(d + 1);
      if (Number.isNaN(residualOn(d - 1)) && Number.isNaN(next)) continue;
      squares += residual * residual;
      days++;
      if (!Number.isNaN(next)) {
        products += residual * next;
        pairs++;
      }
    }
  }
  // The mean product of the pairs over the mean square of their days. A run of m days has m - 1
  // pairs, so the plain ratio of sums would shrink the correlation by a factor (m - 1) / m.
  const lag1 = pairs > 0 && squares > 0 ? products / pairs / (squares / days) : 0;
  const clipped = Math.min(MAX_LAG1, Math.max(0, lag1));
  return { lag1, pairs, seriesMeasured, varianceFactor: (1 + clipped) / (1 - clipped) };
}
