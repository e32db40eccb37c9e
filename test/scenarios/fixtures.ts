import { readFileSync } from 'node:fs';

import { shippedScenarioPath } from '../../scenarios/paths.js';
import { validateScenario, type Scenario } from '../../scenarios/scenario.js';

/** Reads the text of a shipped scenario file. */
export function shippedText(fileName: string): string {
  return readFileSync(shippedScenarioPath(fileName), 'utf8');
}

/** Parses a fresh copy of a shipped scenario file, for a test to change. */
export function shippedDocument(fileName: string): Record<string, any> {
  return JSON.parse(shippedText(fileName)) as Record<string, any>;
}

/** Validates a document and fails the test with its problems when it is invalid. */
export function validOrThrow(document: unknown): Scenario {
  const result = validateScenario(document);
  if (!result.ok) throw new Error(`expected a valid scenario, got:\n${JSON.stringify(result.problems, null, 2)}`);
  return result.scenario;
}

/**
 * Builds a document with two regions and two age bands, small enough to check compiled tables by hand: 2020-03-01 to
 * 2020-03-10, A (1,000 + 3,000 persons) and B (2,000 persons given as a total with shares).
 */
export function twoRegionDocument(): Record<string, any> {
  return {
    name: 'Two regions',
    simulation: { start: '2020-03-01', end: '2020-03-10' },
    ageBands: ['young', 'old'],
    regions: [
      { code: 'XA-01', name: 'A', populationByAge: [1000, 3000], bedGroup: 'g', latitude: 0, longitude: 0 },
      {
        code: 'XA-02',
        name: 'B',
        populationTotal: 2000,
        ageShares: [0.25, 0.75],
        bedGroup: 'g',
        latitude: 0,
        longitude: 1,
      },
    ],
    epidemiology: {
      hospitalisedPercentByAge: [1, 10],
      criticalPercentOfHospitalisedByAge: [10, 30],
      infectionFatalityPercentByAge: [0.01, 1],
    },
    transmission: {
      contactsPerDay: {
        home: [[1, 1], [1, 1]],
        work: [[2, 1], [1, 2]],
        school: [[3, 0], [0, 0]],
        other: [[1, 1], [1, 1]],
      },
      mobility: { order: ['XA-01', 'XA-02'], flowsPerYear: [[0, 100], [50, 0]], scale: 2 },
    },
  };
}

/**
 * Returns the two-region fixture as a fit would leave it: R0 2.4, one seeding entry of XA-01 and one
 * distancing period, with the given `fitUncertainty` entries.
 */
export function fittedTwoRegionDocument(fitUncertainty: unknown[]): Record<string, any> {
  const document = twoRegionDocument();
  document['simulation'] = { start: '2020-03-01', end: '2020-03-30', mode: 'stochastic', runs: 10 };
  document['transmission'] = { ...(document['transmission'] as object), r0: 2.4 };
  document['seeding'] = [{ region: 'XA-01', date: '2020-03-05', infections: 100 }];
  document['interventions'] = { distancing: [{ start: '2020-03-10', multipliers: { work: 0.5, other: 0.8 } }] };
  document['fitUncertainty'] = fitUncertainty;
  return document;
}
