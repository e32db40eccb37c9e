import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, expectTypeOf, it } from 'vitest';

import {
  DEFAULT_SCENARIO_PATH,
  loadScenarioFile,
  parseScenarioText,
  type Problem,
  type Scenario,
} from '../../scenarios/index.js';
import { shippedScenarioPath } from '../../scenarios/paths.js';
import { shippedDocument, shippedText } from './fixtures.js';

function problemsOf(text: string): Problem[] {
  const result = parseScenarioText(text, 'test.json');
  if (result.ok) throw new Error('expected problems, got a valid scenario');
  return result.problems;
}

function problemsOfDocument(document: unknown): Problem[] {
  return problemsOf(JSON.stringify(document));
}

describe('loadScenarioFile', () => {
  it('validates korea-2020.json without problems', async () => {
    const result = await loadScenarioFile(DEFAULT_SCENARIO_PATH);
    if (!result.ok) expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('validates test-single-region.json without problems', async () => {
    const result = await loadScenarioFile(shippedScenarioPath('test-single-region.json'));
    if (!result.ok) expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('reports korea-2020.json without warnings', async () => {
    const result = await loadScenarioFile(DEFAULT_SCENARIO_PATH);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.warnings).toEqual([]);
  });

  it('reports a missing file as a problem', async () => {
    const missing = join(tmpdir(), 'no-such-scenario-file.json');
    const result = await loadScenarioFile(missing);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.received).toBe(missing);
    expect(result.problems[0]!.message).toContain('file not found');
  });

  it('reports a folder as an unreadable file', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'tttsim-scenario-'));
    const result = await loadScenarioFile(folder);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]!.message).toContain('Reading the scenario file');
  });

  it('loads a file written elsewhere', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'tttsim-scenario-'));
    const file = join(folder, 'copy.json');
    writeFileSync(file, shippedText('test-single-region.json'));
    const result = await loadScenarioFile(file);
    expect(result.ok).toBe(true);
  });

  it('rejects a file that is not UTF-8', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'tttsim-scenario-'));
    const file = join(folder, 'latin1.json');
    const text = shippedText('test-single-region.json').replace('Testland', 'Test\u00e9land');
    writeFileSync(file, Buffer.from(text, 'latin1'));
    const result = await loadScenarioFile(file);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((problem) => problem.message)).toEqual([
      `The scenario file ${file} is not UTF-8 text, so save it as UTF-8.`,
    ]);
  });

  it('rejects a base that is not UTF-8', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'tttsim-scenario-'));
    const text = shippedText('test-single-region.json').replace('Testland', 'Test\u00e9land');
    writeFileSync(join(folder, 'base.json'), Buffer.from(text, 'latin1'));
    writeFileSync(join(folder, 'plan.json'), JSON.stringify({ extends: 'base.json', name: 'plan' }));
    const result = await loadScenarioFile(join(folder, 'plan.json'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((problem) => problem.path)).toEqual(['extends']);
    expect(result.problems[0]!.message).toContain('is not UTF-8 text, so save it as UTF-8');
  });
});

describe('parseScenarioText', () => {
  it('fills in defaults', () => {
    const result = parseScenarioText(shippedText('test-single-region.json'), 'single');
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const { scenario } = result;
    expect(scenario.epidemiology.latentDays).toBe(3);
    expect(scenario.epidemiology.presymptomaticDays).toBe(2);
    expect(scenario.epidemiology.asymptomaticFraction).toBeCloseTo(1 / 3, 12);
    expect(scenario.epidemiology.asymptomaticInfectiousness).toBe(0.5);
    expect(scenario.testing.sensitivity.symptomatic).toBe(0.85);
    expect(scenario.testing.priority).toEqual(['contacts', 'symptomatic', 'screening']);
    expect(scenario.tracing.quarantineDays).toBe(14);
    expect(scenario.care.wardBeds).toEqual([]);
    expect(scenario.interventions.distancing).toEqual([]);
  });

  it('fills in the default age bands and severity tables', () => {
    const document = shippedDocument('korea-2020.json');
    delete document.ageBands;
    delete document.epidemiology.hospitalisedPercentByAge;
    const result = parseScenarioText(JSON.stringify(document), 'korea');
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const bands = ['0-9', '10-19', '20-29', '30-39', '40-49', '50-59', '60-69', '70-79', '80+'];
    expect(result.scenario.ageBands).toEqual(bands);
    const hospitalised = [0.1, 0.3, 1.2, 3.2, 4.9, 10.2, 16.6, 24.3, 27.3];
    expect(result.scenario.epidemiology.hospitalisedPercentByAge).toEqual(hospitalised);
  });

  it('returns the same hash for reordered keys', () => {
    const document = shippedDocument('test-single-region.json');
    const reordered = Object.fromEntries(Object.entries(document).reverse());
    const a = parseScenarioText(JSON.stringify(document), 'a');
    const b = parseScenarioText(JSON.stringify(reordered), 'b');
    expect(a.ok).toBe(true);
    expect(b.ok).toBe(true);
    if (a.ok && b.ok) expect(a.hash).toBe(b.hash);
  });

  it('accepts a byte order mark', () => {
    const result = parseScenarioText(`\uFEFF${shippedText('test-single-region.json')}`, 'bom');
    expect(result.ok).toBe(true);
  });

  it('reports malformed JSON with line and column', () => {
    const text = '{\n  "name": "x",\n  "simulation": { "start": "2020-01-01" "end": "2020-02-01" }\n}';
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe('');
    expect(problems[0]!.message).toContain('line 3, column 41');
    expect(problems[0]!.message).toContain('test.json');
  });

  it('reports truncated JSON at its end', () => {
    const problems = problemsOf('{\n  "name": "x",\n');
    expect(problems[0]!.message).toContain('line 3, column 1');
    expect(problems[0]!.received).toBe('end of input');
  });

  it('reports a missing field with its path', () => {
    const document = shippedDocument('test-single-region.json');
    delete document.simulation.start;
    const problems = problemsOfDocument(document);
    expect(problems.map((p) => p.path)).toEqual(['simulation.start']);
    expect(problems[0]!.received).toBe('nothing');
    expect(problems[0]!.expected).toBe('ISO date YYYY-MM-DD');
  });

  it('reports a negative population with its path', () => {
    const document = shippedDocument('test-single-region.json');
    document.regions[0].populationByAge = [-100];
    const problems = problemsOfDocument(document);
    expect(problems.map((p) => p.path)).toEqual(['regions[0].populationByAge[0]']);
    expect(problems[0]!.received).toBe('-100');
    expect(problems[0]!.expected).toBe('persons, at least 0');
  });

  it('reports a date out of order with its path', () => {
    const document = shippedDocument('korea-2020.json');
    document.interventions.distancing[0].end = '2020-01-10';
    const problems = problemsOfDocument(document);
    expect(problems.map((p) => p.path)).toEqual(['interventions.distancing[0].end']);
    expect(problems[0]!.message).toContain('before interventions.distancing[0].start');
  });

  it('reports a site in an unknown region with its path', () => {
    const document = shippedDocument('korea-2020.json');
    document.testing.sites[3].region = 'KR-99';
    const problems = problemsOfDocument(document);
    expect(problems.map((p) => p.path)).toEqual(['testing.sites[3].region']);
    expect(problems[0]!.received).toBe('"KR-99"');
  });

  it('reports three mistakes as three problems', () => {
    const document = shippedDocument('korea-2020.json');
    document.regions[2].populationTotal = -5;
    document.simulation.end = '2020-01-01';
    document.testing.sites[3].region = 'KR-99';
    const problems = problemsOfDocument(document);
    expect(problems.map((p) => p.path).sort()).toEqual(
      ['regions[2].populationTotal', 'simulation.end', 'testing.sites[3].region'].sort(),
    );
  });

  it('reports unknown fields by their own path', () => {
    const document = shippedDocument('test-single-region.json');
    document.epidemiology.latentDay = 3;
    const problems = problemsOfDocument(document);
    expect(problems.map((p) => p.path)).toEqual(['epidemiology.latentDay']);
  });

  it('reports an invalid distribution field by its path', () => {
    const document = shippedDocument('test-single-region.json');
    document.epidemiology.mildDays = { dist: 'uniform', min: 3 };
    document.transmission.r0 = { dist: 'weibull' };
    document.epidemiology.latentDays = { dist: 'normal', mean: 3, sd: 1 };
    document.epidemiology.presymptomaticDays = { dist: 'triangular', min: 1, mode: 4, max: 3 };
    const problems = problemsOfDocument(document);
    expect(problems.map((p) => p.path).sort()).toEqual(
      [
        'epidemiology.latentDays.sd',
        'epidemiology.mildDays.max',
        'epidemiology.presymptomaticDays.mode',
        'transmission.r0.dist',
      ].sort(),
    );
  });

  it('reports a value that is neither number nor distribution', () => {
    const document = shippedDocument('test-single-region.json');
    document.transmission.r0 = 'high';
    const problems = problemsOfDocument(document);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe('transmission.r0');
    expect(problems[0]!.expected).toBe('a number or a distribution object {"dist": ...}');
  });

  it('shows a number past the double range as Infinity', () => {
    const document = shippedDocument('test-single-region.json');
    document.transmission.r0 = 12345.678;
    const problems = problemsOf(JSON.stringify(document).replace('12345.678', '1e999'));
    expect(problems.map((p) => p.path)).toEqual(['transmission.r0']);
    expect(problems[0]!.received).toBe('Infinity');
    expect(problems[0]!.message).toContain('is a number beyond the range of a 64-bit float');
    expect(problems[0]!.message).toContain('so give a finite number');
    const negative = problemsOf(JSON.stringify(document).replace('12345.678', '-1e999'));
    expect(negative[0]!.received).toBe('-Infinity');
  });

  it('reports a missing parameter with its forms', () => {
    const document = shippedDocument('test-single-region.json');
    document.tracing = { ...document.tracing, entryTests: [{ from: '2020-03-01', uninfectedShare: 0.5 }] };
    const problems = problemsOfDocument(document);
    expect(problems.map((p) => p.path)).toEqual(['tracing.entryTests[0].infectedShare']);
    expect(problems[0]!.received).toBe('nothing');
    expect(problems[0]!.message).toContain('is missing and must be added (a number or a distribution object');
  });

  it('names both forms of a region selection', () => {
    const document = shippedDocument('test-single-region.json');
    document.tracing = { ...document.tracing, entryTests: [{ from: '2020-03-01', regions: 'XA-01', uninfectedShare: 1, infectedShare: 1 }] };
    const problems = problemsOfDocument(document);
    expect(problems.map((p) => p.path)).toEqual(['tracing.entryTests[0].regions']);
    expect(problems[0]!.expected).toBe('"all" or a list of region codes such as ["KR-11"]');
  });

  it('reports regions of a wrong type alone', () => {
    for (const value of [null, 'Seoul', 17, {}, true]) {
      const document = shippedDocument('korea-2020.json');
      document.regions = value;
      const problems = problemsOfDocument(document);
      const received = JSON.stringify(value);
      expect(problems.map((p) => p.path), received).toEqual(['regions']);
      expect(problems[0]!.received, received).toBe(received);
      expect(problems[0]!.expected, received).toBe('a list of regions');
      expect(problems[0]!.message, received).toBe(
        `regions must be a list of regions, not ${received}, so give one object per region, each with its code, ` +
          'name and residents (populationByAge, or populationTotal with ageShares).',
      );
    }
  });

  it('reports missing regions alone', () => {
    const document = shippedDocument('korea-2020.json');
    delete document.regions;
    const problems = problemsOfDocument(document);
    expect(problems.map((p) => p.path)).toEqual(['regions']);
    expect(problems[0]!.message).toBe(
      'regions is missing, so add a list with one object per region, each with its code, name and residents ' +
        '(populationByAge, or populationTotal with ageShares).',
    );
  });

  it('reports an empty region list alone', () => {
    const document = shippedDocument('korea-2020.json');
    document.regions = [];
    const problems = problemsOfDocument(document);
    expect(problems.map((p) => p.path)).toEqual(['regions']);
    expect(problems[0]!.expected).toBe('at least one entry');
  });

  it('asks for a quoted date in place of a number', () => {
    const document = shippedDocument('test-single-region.json');
    document.seeding[0].date = 20200201;
    const problems = problemsOfDocument(document);
    expect(problems.map((p) => p.path)).toEqual(['seeding[0].date']);
    expect(problems[0]!.expected).toBe('ISO date YYYY-MM-DD');
    expect(problems[0]!.message).toBe('seeding[0].date must be a date in quotes such as "2020-02-18", not 20200201.');
  });

  it('reports an invalid calendar date', () => {
    const document = shippedDocument('test-single-region.json');
    document.seeding[0].date = '2020-02-30';
    const problems = problemsOfDocument(document);
    expect(problems.map((p) => p.path)).toEqual(['seeding[0].date']);
    expect(problems[0]!.expected).toBe('ISO date YYYY-MM-DD');
  });

  it('reports deeply nested JSON as problems', () => {
    const text = `{"name": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const problems = problemsOf(text);
    expect(problems.map((p) => p.path)).toEqual(['name', 'simulation', 'regions', 'transmission']);
    expect(problems[0]!.received).toBe(`${'['.repeat(57)}...`);
  });

  it('reports a repeated key with its path', () => {
    const repeat = '"simulation": { "end": "2020-01-05",';
    const text = shippedText('test-single-region.json').replace('"simulation": {', repeat);
    const problems = problemsOf(text);
    expect(problems.map((p) => p.path)).toEqual(['simulation.end']);
    expect(problems[0]!.message).toContain('appears more than once in its object');
  });

  it('reports a repeated key besides the field problems', () => {
    const text = '{"name": "a", "name": "b", "description": 5}';
    const paths = problemsOf(text).map((p) => p.path);
    expect(paths[0]).toBe('name');
    expect(paths).toContain('description');
  });

  it('reports a population above its maximum once', () => {
    const document = shippedDocument('test-single-region.json');
    document.regions[0].populationTotal = 1e300;
    document.regions[0].ageShares = [1];
    delete document.regions[0].populationByAge;
    const problems = problemsOfDocument(document);
    expect(problems.map((p) => p.path)).toEqual(['regions[0].populationTotal']);
    expect(problems[0]!.expected).toBe('persons, at most 2000000000');
  });

  it('gives every problem a message, received and expected text', () => {
    const document = shippedDocument('korea-2020.json');
    document.regions[2].populationTotal = -5;
    document.regions[3].code = 'Seoul';
    document.simulation.stepDays = 0.3;
    document.care.admissionDays = 0.1;
    document.seeding[0].date = '2019-12-01';
    document.tracing.clusters[0].region = 'KR-00';
    document.transmission.contactsPerDay.home.pop();
    const problems = problemsOfDocument(document);
    for (const problem of problems) {
      expect(problem.message.length).toBeGreaterThan(10);
      expect(problem.received.length).toBeGreaterThan(0);
      expect(problem.expected.length).toBeGreaterThan(0);
    }
    expect(problems).toMatchSnapshot();
  });
});

describe('Scenario type', () => {
  it('has defaults filled in', () => {
    expectTypeOf<Scenario['simulation']['stepDays']>().toEqualTypeOf<number>();
    expectTypeOf<Scenario['testing']['enabled']>().toEqualTypeOf<boolean>();
    expectTypeOf<Scenario['regions'][number]['nameKo']>().toEqualTypeOf<string>();
    expectTypeOf<Scenario['simulation']['mode']>().toEqualTypeOf<'deterministic' | 'stochastic'>();
  });
});
