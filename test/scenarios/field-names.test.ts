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
});
