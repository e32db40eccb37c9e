import { quantileSorted } from 'd3-array';
import { runLengthError } from './errors.js';

/** Probabilities of the reported quantiles, matching the fields of {@link Distribution}. */
export const QUANTILE_PROBABILITIES = { p5: 0.05, p25: 0.25, p50: 0.5, p75: 0.75, p95: 0.95 } as const;

/** Name of one reported quantile. */
export type QuantileName = keyof typeof QUANTILE_PROBABILITIES;

/**
 * Mean and quantiles over runs, one value per slot of the per-run layout (a series or a summary).
 * A slot where every run is NaN is NaN. A slot where every run is Infinity, such as a capacity
 * without a limit, is Infinity.
 */
export interface Distribution {
  /** Number of runs aggregated. */
  runs: number;
  mean: Float64Array;
  p5: Float64Array;
  p25: Float64Array;
  p50: Float64Array;
  p75: Float64Array;
  p95: Float64Array;
}

const QUANTILE_NAMES = Object.keys(QUANTILE_PROBABILITIES) as QuantileName[];

/**
 * Aggregates per-run arrays of one layout into the mean and quantiles of each slot.
 *
 * Quantiles follow the R-7 definition (linear interpolation between the order statistics at
 * (n - 1) p, the default of R and NumPy), as d3-array's `quantileSorted` computes it. The mean is
 * summed in run-index order, so the result depends only on `runs[i]` for each i, never on which
 * worker produced a run or when it arrived. NaN values are skipped, as d3-array skips them.
 *
 * @param runs per-run arrays indexed by run index, all of the same length
 * @throws RangeError when `runs` is empty or the arrays differ in length
 */
export function aggregateRuns(runs: readonly Float64Array[]): Distribution {
  const first = runs[0];
  if (first === undefined) throw new RangeError('runs must contain at least one run (got 0)');
  const length = first.length;
  runs.forEach((run, index) => {
    if (run.length !== length) throw runLengthError(index, run.length, length);
  });

  const result: Distribution = {
    runs: runs.length,
    mean: new Float64Array(length),
    p5: new Float64Array(length),
    p25: new Float64Array(length),
    p50: new Float64Array(length),
    p75: new Float64Array(length),
    p95: new Float64Array(length),
  };
  // One scratch buffer for all slots: it is filled, sorted and read before the next slot.
  const scratch = new Float64Array(runs.length);

  for (let slot = 0; slot < length; slot++) {
    let count = 0;
    let sum = 0;
    for (let run = 0; run < runs.length; run++) {
      const value = runs[run]![slot]!;
      if (Number.isNaN(value)) continue;
      scratch[count++] = value;
      sum += value;
    }
    result.mean[slot] = count > 0 ? sum / count : NaN;

    // A typed array sorts numerically and natively.
    const sorted = scratch.subarray(0, count).sort();
    for (const name of QUANTILE_NAMES) {
      result[name][slot] = quantileOfSorted(sorted, QUANTILE_PROBABILITIES[name]);
    }
  }
  return result;
}

/**
 * Computes the R-7 quantile of ascending values with d3-array's `quantileSorted`, and corrects the
 * cases where its interpolation meets an infinity. It computes lower + (upper - lower) x fraction
 * between the order statistics around (n - 1) p, which is NaN when both are the same infinity, or
 * when the fraction is 0 and one of them is infinite. The quantile is then the lower order statistic.
 * Between -Infinity and Infinity it stays NaN.
 *
 * @returns NaN for no values
 */
function quantileOfSorted(sorted: Float64Array, p: number): number {
  // @types/d3-array declares a plain array here, but quantileSorted only reads `length` and indices
  // (d3-array 3.2.4, src/quantile.js).
  const value = quantileSorted(sorted as unknown as number[], p) ?? NaN;
  if (!Number.isNaN(value) || sorted.length === 0) return value;

  // quantileSorted returns the first or last value without interpolating for p <= 0, p >= 1 or a
  // single value, so here 0 < p < 1, and upper exists.
  const position = (sorted.length - 1) * p;
  const lowerIndex = Math.floor(position);
  const lower = sorted[lowerIndex]!;
  const upper = sorted[lowerIndex + 1]!;
  return lower === upper || position === lowerIndex ? lower : value;
}
