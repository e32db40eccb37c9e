import { describe, expect, it } from 'vitest';

import { scenarioSchema } from '../../scenarios/index.js';
import { validateScenario } from '../../scenarios/scenario.js';
import { shippedDocument } from './fixtures.js';

describe('scenarioSchema', () => {
  it('runs the cross-field checks when every field is valid', () => {
    const document = shippedDocument('test-single-region.json');
    document.seeding[0].region = 'XX-02';
    const result = scenarioSchema.safeParse(document);
    expect(result.success).toBe(false);
    expect(result.error?.issues).toHaveLength(1);
  });
});

describe('validateScenario', () => {
  it('reports field and cross-field problems together', () => {
    const document = shippedDocument('test-single-region.json');
    document.seeding[0].region = 'XX-02';
    document.transmission.r0 = -1;
    const result = validateScenario(document);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.path)).toEqual(['transmission.r0', 'seeding[0].region']);
  });

  it('reports a document that is not an object', () => {
    const result = validateScenario([1, 2]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.path).toBe('');
  });
});

describe('scenario name', () => {
  it.each(['', '   ', '\t', '\u200b', '---', '✓'])('rejects the name %j', (name) => {
    const document = shippedDocument('test-single-region.json');
    document.name = name;
    const result = validateScenario(document);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.path).toBe('name');
    expect(result.problems[0]!.message).toBe(
      'name has no letter or digit, so give the scenario a name with one, which also names its output folder.',
    );
  });

  it('accepts a name in any script', () => {
    const document = shippedDocument('test-single-region.json');
    document.name = '대구 ✓';
    expect(validateScenario(document).ok).toBe(true);
  });
});

describe('simulation seed', () => {
  it.each([5, '5', 'trial-a', '0'])('accepts the seed %j', (seed) => {
    const document = shippedDocument('test-single-region.json');
    document.simulation.seed = seed;
    expect(validateScenario(document).ok).toBe(true);
  });

  it.each([
    ['05', 'Write 5,'],
    ['-5', 'Write 5,'],
    ['5.0', 'Write 5,'],
    ['1e3', 'Write 1000,'],
    ['2.5', 'Write an integer from 0 to'],
    ['   ', 'white space alone'],
  ])('rejects the text seed %j', (seed, fix) => {
    const document = shippedDocument('test-single-region.json');
    document.simulation.seed = seed;
    const result = validateScenario(document);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.path).toBe('simulation.seed');
    expect(result.problems[0]!.message).toContain(fix);
  });
});

describe('distribution on a plain number', () => {
  const uniform = { dist: 'uniform', min: 0.25, max: 0.5 };

  it.each([
    ['simulation.stepDays', (document: Record<string, any>) => (document.simulation.stepDays = uniform)],
    ['testing.shortestWaitDays', (document: Record<string, any>) => (document.testing.shortestWaitDays = uniform)],
  ])('names %s as taking no distribution', (path, change) => {
    const document = shippedDocument('test-single-region.json');
    change(document);
    const result = validateScenario(document);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((problem) => problem.path)).toEqual([path]);
    expect(result.problems[0]!.message).toContain('takes one number, not a distribution');
    expect(result.problems[0]!.message).toContain('$multiply');
  });
});

describe('problems of one rejected value', () => {
  it('reports a distribution out of range once', () => {
    const document = shippedDocument('korea-2020.json');
    // A spread that reaches past 1 would also put the hospitalised percentages above the symptomatic share.
    document.epidemiology.asymptomaticFraction = { dist: 'normal', mean: 0.5, sd: 0.3 };
    const result = validateScenario(document);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((problem) => problem.path)).toEqual(['epidemiology.asymptomaticFraction.sd']);
  });

  it('keeps a cross-field problem of another value', () => {
    const document = shippedDocument('test-single-region.json');
    document.seeding[0].region = 'XX-02';
    document.simulation.stepDays = { dist: 'uniform', min: 0.25, max: 0.5 };
    const result = validateScenario(document);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((problem) => problem.path).sort()).toEqual(['seeding[0].region', 'simulation.stepDays']);
  });
});
