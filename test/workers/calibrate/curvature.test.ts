import { inv } from 'mathjs';
import { describe, expect, it } from 'vitest';

import { curvatureCorrelation } from '../../../workers/calibrate/curvature.js';

const COVARIANCE = [
  [1, 0.5, -0.3],
  [0.5, 2, 0.1],
  [-0.3, 0.1, 0.5],
];
const CENTRE = [0.2, -1, 3];

/** Returns a log-likelihood that is exactly quadratic, with its maximum at the centre and the covariance above. */
function quadratic(covariance: number[][], centre: number[]) {
  const information = inv(covariance) as number[][];
  return async (points: number[][]) =>
    points.map((point) => {
      const d = point.map((x, i) => x - centre[i]!);
      let sum = 0;
      d.forEach((di, i) => d.forEach((dj, j) => (sum += di * information[i]![j]! * dj)));
      return -sum / 2;
    });
}

/** Scales a covariance matrix to a correlation matrix. */
function correlationOf(covariance: number[][]): number[][] {
  return covariance.map((row, i) => row.map((value, j) => value / Math.sqrt(covariance[i]![i]! * covariance[j]![j]!)));
}

describe('curvatureCorrelation', () => {
  it('recovers the correlation of a quadratic', async () => {
    const result = await curvatureCorrelation(quadratic(COVARIANCE, CENTRE), CENTRE, [0.1, 0.3, 0.05]);
    expect(result.failure).toBeNull();
    expect(result.parameters).toEqual([0, 1, 2]);
    // The centre, two points per parameter and four per pair.
    expect(result.evaluations).toBe(1 + 6 + 12);
    const expected = correlationOf(COVARIANCE);
    result.matrix!.forEach((row, i) => row.forEach((value, j) => expect(value).toBeCloseTo(expected[i]![j]!, 5)));
    expect(result.matrix![1]![1]).toBe(1);
  });

  it('holds a parameter without a step fixed', async () => {
    const result = await curvatureCorrelation(quadratic(COVARIANCE, CENTRE), CENTRE, [0.1, 0.3, undefined]);
    expect(result.parameters).toEqual([0, 1]);
    // With the third fixed, the other two have the inverse of their block of the information matrix.
    const information = inv(COVARIANCE) as number[][];
    const block = inv([information[0]!.slice(0, 2), information[1]!.slice(0, 2)]) as number[][];
    expect(result.matrix![0]![1]).toBeCloseTo(correlationOf(block)[0]![1]!, 5);
  });

  it('fails at a saddle', async () => {
    const saddle = async (points: number[][]) => points.map(([x, y]) => -(x! ** 2) + y! ** 2);
    const result = await curvatureCorrelation(saddle, [0, 0], [0.1, 0.1]);
    expect(result.matrix).toBeNull();
    expect(result.failure).toContain('does not curve down along every direction');
  });

  it('needs two parameters', async () => {
    const result = await curvatureCorrelation(quadratic(COVARIANCE, CENTRE), CENTRE, [0.1, undefined, undefined]);
    expect(result.matrix).toBeNull();
    expect(result.evaluations).toBe(0);
  });
});
