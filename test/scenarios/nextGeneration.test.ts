import { eigs } from 'mathjs';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';

import { nextGenerationMatrix, spectralRadius, transmissionPerContactFor } from '../../scenarios/nextGeneration.js';

function largestModulus(rows: number[][]): number {
  const { values } = eigs(rows);
  return Math.max(
    ...(values as unknown as (number | { re: number; im: number })[]).map((v) =>
      typeof v === 'number' ? Math.abs(v) : Math.hypot(v.re, v.im),
    ),
  );
}

describe('spectralRadius', () => {
  it('matches mathjs eigs on random positive matrices', () => {
    // M = D S D^-1 with S symmetric positive and D a positive diagonal is a non-symmetric positive
    // matrix with the eigenvalues of S, which mathjs computes reliably for symmetric input.
    const random = seedrandom.alea('spectral');
    for (let trial = 0; trial < 20; trial++) {
      const n = 2 + (trial % 8);
      const symmetric = Array.from({ length: n }, () => new Array<number>(n).fill(0));
      for (let i = 0; i < n; i++) {
        for (let j = 0; j <= i; j++) symmetric[i]![j] = symmetric[j]![i] = 0.1 + random() * 10;
      }
      const scale = Array.from({ length: n }, () => 0.2 + random() * 5);
      const matrix = Float64Array.from(symmetric.flatMap((row, i) => row.map((x, j) => (scale[i]! * x) / scale[j]!)));
      const radius = spectralRadius(matrix, n);
      // eigs is accurate to about 1e-12 relative on these small matrices.
      expect(Math.abs(radius - largestModulus(symmetric)) / radius).toBeLessThan(1e-9);
    }
  });

  it('converges for a periodic matrix', () => {
    // [[0, 2], [2, 0]] has eigenvalues 2 and -2; plain power iteration would oscillate.
    expect(spectralRadius(Float64Array.from([0, 2, 2, 0]), 2)).toBeCloseTo(2, 10);
  });

  it('handles a reducible matrix', () => {
    // Upper triangular: eigenvalues are the diagonal, 3 and 1.
    expect(spectralRadius(Float64Array.from([3, 1, 0, 1]), 2)).toBeCloseTo(3, 8);
  });

  it('returns the entry of a 1 x 1 matrix', () => {
    expect(spectralRadius(Float64Array.from([4.2]), 1)).toBeCloseTo(4.2, 12);
  });

  it('rejects a matrix of the wrong size', () => {
    expect(() => spectralRadius(new Float64Array(3), 2)).toThrow(RangeError);
  });
});

describe('nextGenerationMatrix', () => {
  it('weights contacts by population ratio and infectious days', () => {
    const matrix = nextGenerationMatrix(
      Float64Array.from([2, 1, 3, 4]),
      Float64Array.from([1, 0.5]),
      Float64Array.from([100, 300]),
      Float64Array.from([5, 6]),
    );
    // K[a][b] = s_a C[a][b] N_a / N_b D_b
    expect(Array.from(matrix)).toEqual([2 * 5, (1 * 100 * 6) / 300, (0.5 * 3 * 300 * 5) / 100, 0.5 * 4 * 6]);
  });

  it('leaves bands without population out', () => {
    const matrix = nextGenerationMatrix(
      Float64Array.from([1, 1, 1, 1]),
      Float64Array.from([1, 1]),
      Float64Array.from([100, 0]),
      Float64Array.from([5, 5]),
    );
    expect(matrix[1]).toBe(0);
    expect(matrix[3]).toBe(0);
  });
});

describe('transmissionPerContactFor', () => {
  it('divides R0 by the spectral radius', () => {
    expect(transmissionPerContactFor(2.5, Float64Array.from([50]), 1)).toBeCloseTo(0.05, 14);
  });

  it('rejects a matrix without transmission', () => {
    expect(() => transmissionPerContactFor(2.5, new Float64Array(4), 2)).toThrow(RangeError);
  });
});
