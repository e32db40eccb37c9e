import { describe, expect, it } from 'vitest';

import { distributionSupport, param, timeline } from '../../scenarios/fields.js';
import { problemsFromIssues } from '../../scenarios/problems.js';
import { validateScenario } from '../../scenarios/scenario.js';
import { twoRegionDocument } from './fixtures.js';

describe('param', () => {
  const days = param(0.5, 30);

  it('accepts a number in range and each distribution kind', () => {
    for (const value of [
      3,
      { dist: 'uniform', min: 1, max: 5 },
      { dist: 'normal', mean: 3, sd: 0.5 },
      { dist: 'lognormal', median: 3, sdlog: 0.2 },
      { dist: 'triangular', min: 1, mode: 2, max: 5 },
    ]) {
      expect(days.safeParse(value).success).toBe(true);
    }
  });

  it('rejects a number out of range', () => {
    expect(days.safeParse(0.2).success).toBe(false);
    expect(days.safeParse(31).success).toBe(false);
  });

  it('rejects a distribution that reaches outside the range', () => {
    expect(days.safeParse({ dist: 'uniform', min: 0.1, max: 5 }).success).toBe(false);
    // 3 - 4 x 0.7 = 0.2 < 0.5
    expect(days.safeParse({ dist: 'normal', mean: 3, sd: 0.7 }).success).toBe(false);
    expect(days.safeParse({ dist: 'lognormal', median: 20, sdlog: 0.2 }).success).toBe(false);
  });

  it('reports the centre of a normal that is out of range', () => {
    const value = { dist: 'normal', mean: 40, sd: 0 };
    const result = days.safeParse(value);
    expect(result.success).toBe(false);
    const problems = problemsFromIssues(result.error?.issues ?? [], value);
    expect(problems.map((problem) => problem.path)).toEqual(['mean']);
  });

  it('rejects distributions out of order', () => {
    expect(days.safeParse({ dist: 'uniform', min: 5, max: 1 }).success).toBe(false);
    expect(days.safeParse({ dist: 'triangular', min: 1, mode: 6, max: 5 }).success).toBe(false);
  });

  it('rejects unknown distribution fields', () => {
    expect(days.safeParse({ dist: 'normal', mean: 3, sd: 0.5, skew: 1 }).success).toBe(false);
  });

  /** Returns the problems that validation reports for a parameter value. */
  function problemsOf(value: unknown): { path: string; message: string }[] {
    const result = days.safeParse(value);
    expect(result.success).toBe(false);
    return problemsFromIssues(result.error?.issues ?? [], value).map(({ path, message }) => ({ path, message }));
  }

  it('names the kind that a distribution without dist needs', () => {
    const problems = problemsOf({ mean: 3, sd: 0.5 });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe('dist');
    expect(problems[0]?.message).toContain('is missing, so add "dist": "normal"');
  });

  it('reports unknown fields with a missing dist', () => {
    const problems = problemsOf({ mean: 3, sd: 0.5, skew: 1 });
    expect(problems.map((problem) => problem.path)).toEqual(['dist', 'skew']);
    expect(problems[1]?.message).toContain('is not a field of the scenario format');
  });

  it('lists every kind that fits the fields', () => {
    const [problem] = problemsOf({ min: 1, max: 5 });
    expect(problem?.message).toContain('"uniform" with min, max, or "triangular" with min, mode, max');
    expect(problem?.message).not.toContain('normal');
  });

  it('reports a misspelt kind and unknown fields', () => {
    const problems = problemsOf({ dist: 'normall', mean: 3, sdev: 0.5 });
    expect(problems.map((problem) => problem.path)).toEqual(['dist', 'sdev']);
    expect(problems[0]?.message).toContain('is "normall", not a kind of distribution, so use "normal"');
  });
});

describe('distributionSupport', () => {
  it('cuts normal and log-normal at 4 standard deviations', () => {
    expect(distributionSupport({ dist: 'normal', mean: 3, sd: 0.5 })).toEqual({ low: 1, high: 5 });
    const support = distributionSupport({ dist: 'lognormal', median: 2, sdlog: 0.25 });
    expect(support.low).toBeCloseTo(2 / Math.E, 14);
    expect(support.high).toBeCloseTo(2 * Math.E, 14);
  });
});

describe('timeline', () => {
  it('defaults to an empty list and each step to all regions', () => {
    const schema = timeline({ beds: param(0, 10) });
    expect(schema.parse(undefined)).toEqual([]);
    expect(schema.parse([{ from: '2020-01-01', beds: 2 }])).toEqual([{ from: '2020-01-01', regions: 'all', beds: 2 }]);
  });
});

describe('dates and steps', () => {
  it.each([
    ['simulation.start', '0000-01-01'],
    ['simulation.end', '0099-12-31'],
  ])('rejects %s before the year 100', (field, date) => {
    const document = twoRegionDocument();
    document.simulation[field.split('.')[1]!] = date;
    const validation = validateScenario(document);
    expect(validation.ok).toBe(false);
    if (validation.ok) return;
    const problem = validation.problems.find((candidate) => candidate.path === field)!;
    expect(problem.message).toBe(`${field} is before 0100-01-01, the first date the calendar handles, so write a later date.`);
    expect(problem.expected).toBe('a date from 0100-01-01 to 9999-12-31');
  });

  it.each(['stepDays', 'stochasticStepDays'])('rejects a %s below 0.01', (field) => {
    const document = twoRegionDocument();
    document.simulation[field] = 1e-9;
    const validation = validateScenario(document);
    expect(validation.ok).toBe(false);
    if (validation.ok) return;
    expect(validation.problems.map((problem) => problem.path)).toEqual([`simulation.${field}`]);
    expect(validation.problems[0]!.message).toContain('must be at least 0.01');
  });
});
