import { describe, expect, it } from 'vitest';

import { fromUnbounded, toUnbounded, type FitParameter } from '../../../scenarios/index.js';
import type { Objective } from '../../../workers/calibrate/objective.js';
import type { CalibrationProblem } from '../../../workers/calibrate/problem.js';
import { PROFILE_DROP_95, profileBound, type ProfileOptions } from '../../../workers/calibrate/profile.js';

/** Returns a parameter on the range 0 to 10, mapped to the unbounded scale by the logit of its position. */
function parameter(name: string): FitParameter {
  return { name, label: name, unit: 'multiplier', lower: 0, upper: 10, transform: 'logit', start: 1 } as FitParameter;
}

/**
 * A log-likelihood whose profile in `a` is the parabola -(a - a0)² / (2 σ²), whatever the coupling:
 * `b` follows `a` along a narrow ridge, b = a / 2, so the re-optimisation must move `b` with `a`.
 */
function ridgeObjective(a0: number, sigma: number, coupling: number): Objective {
  const parameters = [parameter('a'), parameter('b')];
  return {
    problem: { parameters } as CalibrationProblem,
    fromDay: 0,
    windowDays: 1,
    simulateMeans: () => [],
    evaluate: ([a, b]) => ({ logLikelihood: -((a! - a0) ** 2) / (2 * sigma ** 2) - coupling * (b! - a! / 2) ** 2, series: [] }),
    valuesOf: (point) => point.map((x, i) => fromUnbounded(parameters[i]!, x)),
  };
}

const OPTIONS: ProfileOptions = {
  evaluationsPerPoint: 40,
  maxPoints: 6,
  targetDrop: PROFILE_DROP_95,
  dropTolerance: 0.1,
  valueTolerance: 0.02,
};

/** Distance from the maximum at which the parabola drops by the 95 % target: 1.96 σ. */
const HALF_WIDTH = Math.sqrt(2 * PROFILE_DROP_95);

describe('profileBound', () => {
  it('finds both bounds of an interior estimate', () => {
    const objective = ridgeObjective(4, 0.5, 50);
    const estimate = [toUnbounded(objective.problem.parameters[0]!, 4), toUnbounded(objective.problem.parameters[1]!, 2)];
    for (const side of ['lower', 'upper'] as const) {
      const bound = profileBound(objective, estimate, 0, 0, side, OPTIONS);
      const expected = 4 + (side === 'upper' ? 1 : -1) * 0.5 * HALF_WIDTH;
      expect(['found', 'interpolated']).toContain(bound.status);
      expect(Math.abs(bound.value - expected), side).toBeLessThan(0.05);
    }
  });

  it('finds the bound beside a range end', () => {
    // At 9.99999 the estimate sits where the unbounded scale barely moves the value, and a step
    // taken there in unbounded units overshoots to the far end of the range.
    const a0 = 9.99999;
    const objective = ridgeObjective(a0, 0.5, 50);
    const estimate = [toUnbounded(objective.problem.parameters[0]!, a0), toUnbounded(objective.problem.parameters[1]!, a0 / 2)];
    expect(profileBound(objective, estimate, 0, 0, 'upper', OPTIONS).status).toBe('rangeBound');
    const lower = profileBound(objective, estimate, 0, 0, 'lower', OPTIONS);
    expect(['found', 'interpolated']).toContain(lower.status);
    expect(Math.abs(lower.value - (a0 - 0.5 * HALF_WIDTH))).toBeLessThan(0.05);
    // Every point of the profile is at least as high as the parabola allows, minus the re-optimisation's tolerance.
    for (const point of lower.points) {
      expect(point.logLikelihood, String(point.value)).toBeGreaterThan(-((point.value - a0) ** 2) / (2 * 0.5 ** 2) - 0.05);
    }
  });
});
