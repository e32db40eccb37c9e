import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { aggregateRuns } from '../../workers/aggregate.js';

/** Per-run arrays with awkward values: sums of these depend on the order they are added in. */
function makeRuns(runCount: number, length: number): Float64Array[] {
  const random = seedrandom.alea('aggregate-test');
  return Array.from({ length: runCount }, () =>
    Float64Array.from({ length }, () => (random() - 0.3) * 10 ** Math.floor(random() * 12 - 4)),
  );
}

/** Fisher-Yates shuffle of the arrival order, seeded so that a failure can be replayed. */
function shuffledIndices(count: number, seed: string): number[] {
  const random = seedrandom.alea(seed);
  const indices = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [indices[i], indices[j]] = [indices[j]!, indices[i]!];
  }
  return indices;
}

/** Places runs into a run-indexed array in a given arrival order, as the pool does. */
function collectInArrivalOrder(runs: Float64Array[], arrival: number[]): Float64Array[] {
  const collected = new Array<Float64Array>(runs.length);
  for (const runIndex of arrival) collected[runIndex] = runs[runIndex]!.slice();
  return collected;
}

describe('aggregateRuns', () => {
  it('gives identical bytes for any arrival order', () => {
    const runs = makeRuns(37, 200);
    const reference = aggregateRuns(collectInArrivalOrder(runs, shuffledIndices(37, 'first')));
    for (const seed of ['second', 'third', 'fourth']) {
      const other = aggregateRuns(collectInArrivalOrder(runs, shuffledIndices(37, seed)));
      for (const field of ['mean', 'p5', 'p25', 'p50', 'p75', 'p95'] as const) {
        expect(Buffer.from(other[field].buffer).equals(Buffer.from(reference[field].buffer))).toBe(true);
      }
    }
  });

  it('sums the mean in run-index order', () => {
    // Added left to right, 1e16 + 1 - 1e16 loses the 1, so the order of the sum shows in the mean.
    const runs = [1e16, 1, -1e16].map((value) => Float64Array.of(value));
    const expected = (1e16 + 1 + -1e16) / 3;
    expect(aggregateRuns(runs).mean[0]).toBe(expected);
  });

  it('computes R-7 quantiles', () => {
    // R: quantile(c(10, 20, 30, 40, 50), c(.05, .25, .5, .75, .95), type = 7) gives 12 20 30 40 48.
    const runs = [30, 10, 50, 20, 40].map((value) => Float64Array.of(value));
    const result = aggregateRuns(runs);
    expect(result.p5[0]).toBeCloseTo(12, 12);
    expect(result.p25[0]).toBe(20);
    expect(result.p50[0]).toBe(30);
    expect(result.p75[0]).toBe(40);
    expect(result.p95[0]).toBeCloseTo(48, 12);
    expect(result.mean[0]).toBe(30);
  });

  it('keeps each slot apart', () => {
    const runs = [Float64Array.of(1, 100), Float64Array.of(3, 300)];
    const result = aggregateRuns(runs);
    expect([...result.mean]).toEqual([2, 200]);
    expect([...result.p50]).toEqual([2, 200]);
  });

  it('returns the value itself for one run', () => {
    const result = aggregateRuns([Float64Array.of(7.5)]);
    expect(result.runs).toBe(1);
    for (const field of ['mean', 'p5', 'p25', 'p50', 'p75', 'p95'] as const) expect(result[field][0]).toBe(7.5);
  });

  it('keeps a slot of infinities infinite', () => {
    // A capacity without a limit is Infinity in every run. Interpolating between two infinities gives NaN.
    const runs = Array.from({ length: 20 }, () => Float64Array.of(Infinity));
    const result = aggregateRuns(runs);
    for (const field of ['mean', 'p5', 'p25', 'p50', 'p75', 'p95'] as const) {
      expect(result[field][0], field).toBe(Infinity);
    }
  });

  it('takes the order statistic next to an infinity', () => {
    // With 3 runs the median is the 2nd value exactly, and the 75th percentile lies halfway to the 3rd.
    const runs = [1, Infinity, 2].map((value) => Float64Array.of(value));
    const result = aggregateRuns(runs);
    expect(result.p5[0]).toBeCloseTo(1.1, 12);
    expect(result.p25[0]).toBe(1.5);
    expect(result.p50[0]).toBe(2);
    expect(result.p75[0]).toBe(Infinity);
    expect(result.mean[0]).toBe(Infinity);
  });

  it('skips NaN values', () => {
    const runs = [Float64Array.of(NaN, NaN), Float64Array.of(4, NaN), Float64Array.of(8, NaN)];
    const result = aggregateRuns(runs);
    expect(result.mean[0]).toBe(6);
    expect(result.p50[0]).toBe(6);
    expect(result.mean[1]).toBeNaN();
    expect(result.p95[1]).toBeNaN();
  });

  it('rejects runs of different lengths', () => {
    expect(() => aggregateRuns([new Float64Array(3), new Float64Array(2)])).toThrow(
      'run 1 has 2 values, but run 0 has 3',
    );
  });

  it('rejects an empty batch', () => {
    expect(() => aggregateRuns([])).toThrow(RangeError);
  });
});
