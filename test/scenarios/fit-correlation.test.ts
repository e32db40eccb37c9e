import { describe, expect, it } from 'vitest';

import { parameterStreams } from '../../scenarios/compile.js';
import { centralValue } from '../../scenarios/distributions.js';
import { choleskyFactor, correlateDraws } from '../../scenarios/fit-correlation.js';
import { sampleFitUncertainty } from '../../scenarios/fit-uncertainty.js';
import { validateScenario, type Scenario } from '../../scenarios/scenario.js';
import { fittedTwoRegionDocument, validOrThrow } from './fixtures.js';

const ENTRIES = [
  { name: 'transmission.scale', estimate: 1.2, lower: 1.1, upper: 1.3 },
  { name: 'seeding:XA-01.scale', estimate: 1, lower: 0.8, upper: 1.25 },
  { name: 'distancing[0].scale', estimate: 0.9, lower: 0.6, upper: 1.2 },
];

/** The fitted two-region fixture with the entries above and, when given, a correlation block. */
function fittedDocument(fitCorrelation?: unknown): Record<string, unknown> {
  const document = fittedTwoRegionDocument(ENTRIES);
  if (fitCorrelation !== undefined) document['fitCorrelation'] = fitCorrelation;
  return document;
}

/** Pearson correlation of two equally long lists. */
function correlation(xs: readonly number[], ys: readonly number[]): number {
  const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
  const [mx, my] = [mean(xs), mean(ys)];
  let [sxy, sxx, syy] = [0, 0, 0];
  xs.forEach((x, i) => {
    sxy += (x - mx) * (ys[i]! - my);
    sxx += (x - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

/** Draws the scenario's fitted parameters in many runs and returns log R0 and the distancing effect of each. */
function drawPairs(scenario: Scenario, runs: number): { logR0: number[]; distancing: number[] } {
  const logR0: number[] = [];
  const distancing: number[] = [];
  for (let run = 0; run < runs; run++) {
    const drawn = sampleFitUncertainty(scenario, parameterStreams(5, run));
    logR0.push(Math.log(centralValue(drawn.transmission.r0)));
    distancing.push(1 - drawn.interventions.distancing[0]!.multipliers.work!);
  }
  return { logR0, distancing };
}

describe('choleskyFactor', () => {
  it('returns the identity for the identity', () => {
    const identity = [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ];
    expect(choleskyFactor(identity)).toEqual(identity);
  });

  it('reproduces a positive definite matrix', () => {
    const matrix = [
      [1, 0.6, -0.3],
      [0.6, 1, 0.2],
      [-0.3, 0.2, 1],
    ];
    const factor = choleskyFactor(matrix);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const product = [0, 1, 2].reduce((sum, k) => sum + factor[i]![k]! * factor[j]![k]!, 0);
        expect(product).toBeCloseTo(matrix[i]![j]!, 12);
      }
      expect(factor[i]!.slice(i + 1).every((value) => value === 0)).toBe(true);
    }
  });

  it('leaves a singular direction at 0', () => {
    expect(
      choleskyFactor([
        [1, 1],
        [1, 1],
      ]),
    ).toEqual([
      [1, 0],
      [1, 0],
    ]);
  });
});

describe('fitCorrelation', () => {
  const pair = (r: number) => ({
    parameters: ['transmission.scale', 'distancing[0].scale'],
    matrix: [
      [1, r],
      [r, 1],
    ],
  });

  it('keeps draws unchanged without a matrix', () => {
    const scenario = validOrThrow(fittedDocument());
    expect(correlateDraws(scenario, [0.5, -1, 2])).toEqual([0.5, -1, 2]);
  });

  it('draws the same with an identity matrix as without', () => {
    const plain = validOrThrow(fittedDocument());
    const identity = validOrThrow(fittedDocument(pair(0)));
    for (let run = 0; run < 20; run++) {
      const { fitCorrelation, ...drawn } = sampleFitUncertainty(identity, parameterStreams(3, run));
      expect(fitCorrelation).toEqual(pair(0));
      expect(drawn).toEqual(sampleFitUncertainty(plain, parameterStreams(3, run)));
    }
  });

  it('mixes only the named parameters', () => {
    const scenario = validOrThrow(fittedDocument(pair(0.8)));
    // The second entry, the seeding scale, is not named, so its draw stays. The third,
    // distancing[0].scale, comes first in name order and keeps its draw; the first is mixed with it.
    const mixed = correlateDraws(scenario, [1, 2, 0.5]);
    expect(mixed[2]).toBe(0.5);
    expect(mixed[1]).toBe(2);
    expect(mixed[0]).toBeCloseTo(0.8 * 0.5 + 0.6 * 1, 12);
  });

  it('draws the same whatever the order of the matrix', () => {
    const written = pair(0.8);
    const reversed = { parameters: [...written.parameters].reverse(), matrix: written.matrix.map((row) => [...row].reverse()).reverse() };
    const first = validOrThrow(fittedDocument(written));
    const second = validOrThrow(fittedDocument(reversed));
    for (const draws of [[1, 2, 0.5], [-0.3, 0, 1.7]]) {
      expect(correlateDraws(second, draws)).toEqual(correlateDraws(first, draws));
    }
  });

  it.each([
    [0.8, 0.7, 0.9],
    [-0.8, -0.9, -0.7],
    [0, -0.1, 0.1],
  ])('gives draws with correlation %d', (r, low, high) => {
    const { logR0, distancing } = drawPairs(validOrThrow(fittedDocument(pair(r))), 2000);
    // Draws are clamped to their intervals, which pulls the correlation a little towards 0.
    const found = correlation(logR0, distancing);
    expect(found).toBeGreaterThan(low);
    expect(found).toBeLessThan(high);
  });

  it('reports names, sizes and entries', () => {
    const validation = validateScenario(
      fittedDocument({
        parameters: ['transmission.scale', 'seeding:XA-09.scale', 'transmission.scale'],
        matrix: [
          [1, 0.2, 0],
          [0.2, 1],
          [0, 0, 1],
        ],
      }),
    );
    expect(validation.ok).toBe(false);
    if (validation.ok) return;
    const byPath = Object.fromEntries(validation.problems.map((problem) => [problem.path, problem.message]));
    expect(byPath['fitCorrelation.parameters[1]']).toContain('seeding:XA-09.scale is not in fitUncertainty');
    expect(byPath['fitCorrelation.parameters[2]']).toContain('fitCorrelation.parameters[0] already names it');
    expect(byPath['fitCorrelation.matrix[1]']).toContain('row 1 has 2 entries');
    expect(validation.problems).toHaveLength(3);
  });

  it('rejects more than 100 parameters', () => {
    const names = Array.from({ length: 101 }, (_, i) => `seeding[${i}].scale`);
    const identity = names.map((_, i) => names.map((__, j) => (i === j ? 1 : 0)));
    const validation = validateScenario(fittedDocument({ parameters: names, matrix: identity }));
    expect(validation.ok).toBe(false);
    if (validation.ok) return;
    const paths = validation.problems.map((problem) => problem.path);
    expect(paths).toContain('fitCorrelation.parameters');
    expect(paths).toContain('fitCorrelation.matrix');
  });

  it('reports a matrix that is no correlation matrix', () => {
    const names = ['transmission.scale', 'seeding:XA-01.scale', 'distancing[0].scale'];
    const check = (matrix: number[][]) => {
      const validation = validateScenario(fittedDocument({ parameters: names, matrix }));
      return validation.ok ? [] : validation.problems;
    };
    const [diagonal] = check([
      [1, 0, 0],
      [0, 0.9, 0],
      [0, 0, 1],
    ]);
    expect(diagonal!.path).toBe('fitCorrelation.matrix[1][1]');
    expect(diagonal!.message).toContain('correlation with itself is 1, not 0.9');

    const [asymmetric] = check([
      [1, 0.5, 0],
      [0.4, 1, 0],
      [0, 0, 1],
    ]);
    expect(asymmetric!.path).toBe('fitCorrelation.matrix[1][0]');
    expect(asymmetric!.message).toContain('[0][1] is 0.5 and [1][0] is 0.4');

    const [indefinite] = check([
      [1, 0.9, -0.9],
      [0.9, 1, 0.9],
      [-0.9, 0.9, 1],
    ]);
    expect(indefinite!.path).toBe('fitCorrelation.matrix');
    expect(indefinite!.message).toContain('negative eigenvalue');

    const [outside] = check([
      [1, 1.5, 0],
      [1.5, 1, 0],
      [0, 0, 1],
    ]);
    expect(outside!.path).toBe('fitCorrelation.matrix[0][1]');
    expect(check([[1, 0.3, 0], [0.3, 1, 0], [0, 0, 1]])).toEqual([]);
  });
});
