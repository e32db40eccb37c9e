import { describe, expect, it } from 'vitest';

import { closestField } from '../../scenarios/field-names.js';
import { parseScenarioText } from '../../scenarios/load.js';
import { scenarioSchema } from '../../scenarios/scenario.js';
import { shippedDocument } from './fixtures.js';

describe('closestField', () => {
  it.each([
    [[], 'testng', 'testing'],
    [['transmission'], 'ro', 'r0'],
    [['regions', 0], 'popualtionByAge', 'populationByAge'],
    [['transmission', 'r0'], 'sdd', 'sd'],
    [['testing', 'sites', 3], 'Opens', 'opens'],
  ] as const)('finds the field at %j for %s', (parent, name, field) => {
    expect(closestField(scenarioSchema, parent, name)).toBe(field);
  });

  it('never returns the rejected name', () => {
    // The normal distribution has mean, so the union of the kinds lists it at transmission.r0.
    expect(closestField(scenarioSchema, ['transmission', 'r0'], 'mean')).toBeUndefined();
  });

  it('finds nothing for a name far from every field', () => {
    expect(closestField(scenarioSchema, [], 'zzz')).toBeUndefined();
    expect(closestField(scenarioSchema, ['tracing'], 'budget')).toBeUndefined();
  });
});

describe('unknown field problems', () => {
  it('name the closest field', () => {
    const document = shippedDocument('test-single-region.json');
    document.testng = {};
    const result = parseScenarioText(JSON.stringify(document), 'typo.json');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((problem) => problem.message)).toEqual([
      'testng is not a field of the scenario format; the closest field here is testing, so rename it to that or remove it.',
    ]);
  });

  const r0Problems = (r0: unknown): string[] => {
    const document = shippedDocument('test-single-region.json');
    document.transmission.r0 = r0;
    const result = parseScenarioText(JSON.stringify(document), 'r0.json');
    expect(result.ok).toBe(false);
    if (result.ok) return [];
    return result.problems.filter((problem) => problem.expected === 'no such field').map((problem) => problem.message);
  };

  it('list the fields of the distribution kind', () => {
    const messages = r0Problems({ dist: 'lognormal', mean: -1, sd: 0 });
    expect(messages).toEqual([
      'transmission.r0.mean is not a field of a "lognormal" distribution, which takes median and sdlog, so ' +
        'replace it with one of those or remove it. To use mean as written, set "dist" to "normal" instead.',
      'transmission.r0.sd is not a field of a "lognormal" distribution, which takes median and sdlog, so ' +
        'replace it with one of those or remove it. To use sd as written, set "dist" to "normal" instead.',
    ]);
    for (const message of messages) expect(message).not.toContain('closest field');
  });

  it('name a close field of the distribution kind', () => {
    expect(r0Problems({ dist: 'lognormal', medain: 2, sdlog: 0.1 })).toEqual([
      'transmission.r0.medain is not a field of a "lognormal" distribution, which takes median and sdlog, so ' +
        'rename it to median or remove it.',
    ]);
    expect(r0Problems({ dist: 'normal', meen: 2, sd: 0.1 })).toEqual([
      'transmission.r0.meen is not a field of a "normal" distribution, which takes mean and sd, so ' +
        'rename it to mean or remove it.',
    ]);
  });
});
