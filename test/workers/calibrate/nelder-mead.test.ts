import { describe, expect, it } from 'vitest';

import { minimise, minimiseSync, type NelderMeadOptions } from '../../../workers/calibrate/nelder-mead.js';

const OPTIONS: NelderMeadOptions = {
  initialStep: 0.5,
  maxEvaluations: 5000,
  valueTolerance: 1e-12,
  pointTolerance: 1e-8,
};

function rosenbrock(point: readonly number[]): number {
  const [x, y] = point as [number, number];
  return 100 * (y - x * x) ** 2 + (1 - x) ** 2;
}

/** Returns a quadratic bowl in ten dimensions, centred on 1, 2, ..., 10, whose axes differ in scale by up to 100 times. */
function bowl(point: readonly number[]): number {
  return point.reduce((sum, x, i) => sum + 10 ** (i / 4.5) * (x - (i + 1)) ** 2, 0);
}

describe('minimiseSync', () => {
  it('finds the Rosenbrock minimum', () => {
    const result = minimiseSync(rosenbrock, [-1.2, 1], OPTIONS);
    expect(result.converged).toBe(true);
    // The valley is flat along its length, so 1e-5 is what a value tolerance of 1e-12 resolves.
    expect(result.point[0]).toBeCloseTo(1, 5);
    expect(result.point[1]).toBeCloseTo(1, 5);
    expect(result.value).toBeLessThan(1e-10);
  });

  it('finds a badly scaled minimum in ten dimensions', () => {
    const result = minimiseSync(bowl, new Array<number>(10).fill(0), { ...OPTIONS, maxEvaluations: 40_000 });
    expect(result.converged).toBe(true);
    result.point.forEach((x, i) => expect(x, `coordinate ${i}`).toBeCloseTo(i + 1, 3));
  });

  it('stops unconverged at the budget', () => {
    const result = minimiseSync(rosenbrock, [-1.2, 1], { ...OPTIONS, maxEvaluations: 30 });
    expect(result.converged).toBe(false);
    // The budget is checked before each step, and a step evaluates at most n = 2 points.
    expect(result.evaluations).toBeGreaterThanOrEqual(30);
    expect(result.evaluations).toBeLessThanOrEqual(32);
  });

  it('records a falling trace', () => {
    const result = minimiseSync(rosenbrock, [-1.2, 1], OPTIONS);
    expect(result.trace[0]!.evaluations).toBe(3);
    for (let i = 1; i < result.trace.length; i++) {
      expect(result.trace[i]!.value).toBeLessThanOrEqual(result.trace[i - 1]!.value);
      expect(result.trace[i]!.evaluations).toBeGreaterThan(result.trace[i - 1]!.evaluations);
    }
    expect(result.trace.at(-1)!.value).toBe(result.value);
  });

  it('avoids points where the function fails', () => {
    // NaN outside the disc of radius 2 around the origin, with the minimum at (1.5, 0) inside it.
    const f = (point: readonly number[]): number =>
      point[0]! ** 2 + point[1]! ** 2 > 4 ? Number.NaN : (point[0]! - 1.5) ** 2 + point[1]! ** 2;
    const result = minimiseSync(f, [0, 0], { ...OPTIONS, initialStep: 1.5 });
    expect(result.point[0]).toBeCloseTo(1.5, 5);
    expect(result.point[1]).toBeCloseTo(0, 5);
  });

  it('measures point distances through the map', () => {
    // A map that sends every coordinate to 0 leaves only the value tolerance, which a search meets sooner.
    const plain = minimiseSync(rosenbrock, [-1.2, 1], { ...OPTIONS, valueTolerance: 1e-6, pointTolerance: 1e-6 });
    const mapped = minimiseSync(rosenbrock, [-1.2, 1], {
      ...OPTIONS,
      valueTolerance: 1e-6,
      pointTolerance: 1e-6,
      pointMap: () => 0,
    });
    expect(mapped.converged).toBe(true);
    expect(mapped.evaluations).toBeLessThan(plain.evaluations);
  });

  it('rejects invalid options', () => {
    expect(() => minimiseSync(rosenbrock, [], OPTIONS)).toThrow('the start point needs at least one coordinate');
    expect(() => minimiseSync(rosenbrock, [0, 0], { ...OPTIONS, maxEvaluations: 0 })).toThrow(
      'maxEvaluations must be a positive integer (got 0)',
    );
    expect(() => minimiseSync(rosenbrock, [0, 0], { ...OPTIONS, initialStep: [1] })).toThrow(
      'initialStep must have 2 entries, one per coordinate (got 1)',
    );
    expect(() => minimiseSync(rosenbrock, [0, 0], { ...OPTIONS, initialStep: 0 })).toThrow(
      'every initial step must be a non-zero number (got 0)',
    );
  });
});

describe('minimise', () => {
  it('matches the synchronous search', async () => {
    const batches: number[] = [];
    const result = await minimise(
      async (points) => {
        batches.push(points.length);
        return points.map(rosenbrock);
      },
      [-1.2, 1],
      OPTIONS,
    );
    expect(result).toEqual(minimiseSync(rosenbrock, [-1.2, 1], OPTIONS));
    // The initial simplex comes as one batch of n + 1 = 3 points.
    expect(batches[0]).toBe(3);
  });
});
