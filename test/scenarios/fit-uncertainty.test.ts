import { describe, expect, it } from 'vitest';

import { createRunRandom } from '../../engine/index.js';
import { compileScenario, parameterStreams } from '../../scenarios/compile.js';
import { centralValue } from '../../scenarios/distributions.js';
import { fitUncertaintyWarnings, sampleFitUncertainty } from '../../scenarios/fit-uncertainty.js';
import { validateScenario, type Scenario } from '../../scenarios/scenario.js';
import { fittedTwoRegionDocument, validOrThrow } from './fixtures.js';

const fittedDocument = fittedTwoRegionDocument;

const ENTRIES = [
  { name: 'transmission.scale', estimate: 1.2, lower: 1.1, upper: 1.3 },
  { name: 'seeding:XA-01.shiftDays', estimate: 2, lower: 1, upper: 3.5 },
  { name: 'distancing[0].scale', estimate: 0.9, lower: 0.6, upper: 1.1 },
];

describe('fitUncertainty', () => {
  const scenario = validOrThrow(fittedDocument(ENTRIES));

  it('draws each fitted parameter within its interval', () => {
    const r0s: number[] = [];
    for (let run = 0; run < 200; run++) {
      const drawn = sampleFitUncertainty(scenario, parameterStreams(7, run));
      const r0 = centralValue(drawn.transmission.r0);
      // R0 2.4 already includes the estimate 1.2, so the draw of the scale is R0 / 2.4 * 1.2.
      const scale = (r0 / 2.4) * 1.2;
      expect(scale).toBeGreaterThanOrEqual(1.1 - 1e-12);
      expect(scale).toBeLessThanOrEqual(1.3 + 1e-12);
      r0s.push(r0);
      // A shift moves the seeding date by at most the interval's distance from the estimate.
      const dates = drawn.seeding.map((entry) => Date.parse(entry.date) / 86_400_000);
      const earliest = Date.parse('2020-03-05') / 86_400_000 - 1;
      expect(Math.min(...dates)).toBeGreaterThanOrEqual(earliest);
      expect(Math.max(...dates)).toBeLessThanOrEqual(earliest + 1 + 1.5 + 1);
      const work = drawn.interventions.distancing[0]!.multipliers.work;
      expect(1 - work).toBeGreaterThanOrEqual((0.5 * 0.6) / 0.9 - 1e-12);
      expect(1 - work).toBeLessThanOrEqual((0.5 * 1.1) / 0.9 + 1e-12);
    }
    // The median of the draws sits at the estimate, and they spread over most of the interval.
    r0s.sort((a, b) => a - b);
    expect(r0s[100]!).toBeGreaterThan(2.4 * (1.15 / 1.2));
    expect(r0s[100]!).toBeLessThan(2.4 * (1.25 / 1.2));
    expect(r0s[199]! - r0s[0]!).toBeGreaterThan(2.4 * (0.12 / 1.2));
  });

  it('draws each side over its half', () => {
    // R0 has a wider interval above its estimate, and the distancing effect's interval ends at its estimate.
    const oneSided = validOrThrow(
      fittedDocument([
        { name: 'transmission.scale', estimate: 1.2, lower: 1.1, upper: 1.5 },
        { name: 'distancing[0].scale', estimate: 1.1, lower: 0.6, upper: 1.1 },
      ]),
    );
    const scales: number[] = [];
    const effects: number[] = [];
    for (let run = 0; run < 400; run++) {
      const drawn = sampleFitUncertainty(oneSided, parameterStreams(11, run));
      scales.push((centralValue(drawn.transmission.r0) / 2.4) * 1.2);
      effects.push(((1 - drawn.interventions.distancing[0]!.multipliers.work) / 0.5) * 1.1);
    }
    scales.sort((a, b) => a - b);
    // Log-normal halves: the 10th percentile at 1.2 exp(-1.28 ln(1.2 / 1.1) / 1.96) = 1.134, the 90th at 1.389.
    expect(scales[40]!).toBeGreaterThan(1.12);
    expect(scales[40]!).toBeLessThan(1.15);
    expect(scales[360]!).toBeGreaterThan(1.36);
    expect(scales[360]!).toBeLessThan(1.42);
    // Half the draws stay at the estimate, and the other half reach down to the lower end.
    const atEstimate = effects.filter((effect) => Math.abs(effect - 1.1) < 1e-9).length;
    expect(atEstimate).toBeGreaterThan(160);
    expect(atEstimate).toBeLessThan(240);
    expect(Math.min(...effects)).toBeLessThan(0.7);
    expect(Math.min(...effects)).toBeGreaterThanOrEqual(0.6 - 1e-12);
  });

  it('repeats draws and leaves central runs', () => {
    const a = compileScenario(scenario, { sampling: 'sampled', streamFor: parameterStreams(7, 3) });
    const b = compileScenario(scenario, { sampling: 'sampled', streamFor: parameterStreams(7, 3) });
    const c = compileScenario(scenario, { sampling: 'sampled', streamFor: parameterStreams(7, 4) });
    expect(a.transmission.transmissionPerContact).toBe(b.transmission.transmissionPerContact);
    expect(a.transmission.transmissionPerContact).not.toBe(c.transmission.transmissionPerContact);

    const plain: Scenario = { ...scenario, fitUncertainty: [] };
    const central = compileScenario(scenario, { sampling: 'central' });
    expect(central).toEqual(compileScenario(plain, { sampling: 'central' }));
    // Without the block a sampled run of fixed values is the central run.
    expect(compileScenario(plain, { sampling: 'sampled', streamFor: parameterStreams(7, 3) })).toEqual(central);
  });

  it('does not change a scenario whose draws all equal their estimates', () => {
    const fixed = validOrThrow(fittedDocument([{ name: 'transmission.scale', estimate: 1.2, lower: 1.2, upper: 1.2 }]));
    const random = () => createRunRandom(1, 0, 'unused');
    expect(sampleFitUncertainty(fixed, random)).toEqual(fixed);
  });

  it('accepts a distancing interval that reaches 0', () => {
    const document = fittedDocument([{ name: 'distancing[0].scale', estimate: 0.5, lower: 0, upper: 0.95 }]);
    const scenario = validOrThrow(document);
    for (let run = 0; run < 50; run++) {
      const work = sampleFitUncertainty(scenario, parameterStreams(7, run)).interventions.distancing[0]!.multipliers.work;
      // The fitted work multiplier 0.5 already includes the estimate 0.5, so a draw s gives 1 - s.
      expect(work).toBeGreaterThanOrEqual(1 - 0.95 - 1e-12);
      expect(work).toBeLessThanOrEqual(1 + 1e-12);
    }
  });

  it('reports invalid entries', () => {
    const validation = validateScenario(
      fittedDocument([
        { name: 'transmission.scale', estimate: 1.2, lower: 1.1, upper: 1.3 },
        { name: 'seeding:XA-09.scale', estimate: 1, lower: 0.5, upper: 2 },
        { name: 'transmission.scale', estimate: 1.2, lower: 1.1, upper: 1.3 },
        { name: 'distancing[0].scale', estimate: 1.4, lower: 0.6, upper: 1.1 },
        { name: 'seeding:XA-01.scale', estimate: 1, lower: 0, upper: 2 },
      ]),
    );
    expect(validation.ok).toBe(false);
    if (validation.ok) return;
    const byPath = Object.fromEntries(validation.problems.map((problem) => [problem.path, problem.message]));
    expect(byPath['fitUncertainty[1].name']).toContain('XA-09 is not a region code of the scenario');
    expect(byPath['fitUncertainty[2].name']).toContain('fitUncertainty[0] already holds it');
    expect(byPath['fitUncertainty[3]']).toContain('expected lower <= estimate <= upper, got 0.6, 1.4 and 1.1');
    expect(byPath['fitUncertainty[4].lower']).toContain('must lie above 0');
    expect(validation.problems).toHaveLength(4);
  });

  it('rejects two names for one parameter', () => {
    const validation = validateScenario(
      fittedDocument([
        { name: 'seeding:XA-01.shiftDays', estimate: 2, lower: 1, upper: 3 },
        { name: 'seeding[0].shiftDays', estimate: 2, lower: 1, upper: 3 },
      ]),
    );
    expect(validation.ok).toBe(false);
    if (validation.ok) return;
    expect(validation.problems).toHaveLength(1);
    expect(validation.problems[0]!.path).toBe('fitUncertainty[1].name');
    expect(validation.problems[0]!.message).toBe(
      'seeding[0].shiftDays changes the same values as seeding:XA-01.shiftDays, listed before it, so each draw ' +
        'would apply twice; remove one of them.',
    );
  });

  it('reports intervals outside the range', () => {
    const validation = validateScenario(
      fittedDocument([
        { name: 'seeding:XA-01.shiftDays', estimate: 0, lower: -1e6, upper: 1e6 },
        { name: 'transmission.scale', estimate: 1, lower: 1e-9, upper: 2 },
        { name: 'dispersion', estimate: 1, lower: 0.5, upper: 2 },
      ]),
    );
    expect(validation.ok).toBe(false);
    if (validation.ok) return;
    const byPath = Object.fromEntries(validation.problems.map((problem) => [problem.path, problem]));
    expect(byPath['fitUncertainty[0].lower']!.message).toContain('-1000000 days from the estimate');
    expect(byPath['fitUncertainty[0].lower']!.expected).toBe('within -4 to 21 days of the estimate');
    expect(byPath['fitUncertainty[0].upper']!.message).toContain('narrow the interval');
    expect(byPath['fitUncertainty[1].lower']!.expected).toContain('times the estimate');
    expect(byPath['fitUncertainty[2].name']!.message).toContain('dispersion belongs to the count model');
    expect(validation.problems).toHaveLength(4);
  });

  it('accepts range ends past by rounding', () => {
    // The transmission scale's range is 0.25 to 4 times the scenario's R0, and 0.25 / 1.0000000000000002 is just below 0.25.
    const estimate = 1.0000000000000002;
    const entry = { name: 'transmission.scale', estimate, lower: 0.25, upper: 4 };
    expect(validateScenario(fittedDocument([entry])).ok).toBe(true);
    const beyond = { ...entry, lower: 0.2499 };
    expect(validateScenario(fittedDocument([beyond])).ok).toBe(false);
  });
});

describe('fitUncertaintyWarnings', () => {
  const seeking = [
    { from: '2020-03-01', regions: 'all', mildShare: 0.2, severeShare: 0.8 },
    { from: '2020-03-15', regions: 'all', mildShare: { dist: 'uniform', min: 0.2, max: 0.4 }, severeShare: 0.9 },
  ];

  it('stays quiet for fitted numbers', () => {
    const document = fittedDocument([ENTRIES[0], { name: 'testing.seeking.mildShare.scale', estimate: 1, lower: 0.9, upper: 1.1 }]);
    document.testing = { ...document.testing, seeking: [seeking[0]] };
    expect(fitUncertaintyWarnings(validOrThrow(document))).toEqual([]);
  });

  it('warns about a range on R0', () => {
    const document = fittedDocument(ENTRIES);
    document.transmission.r0 = { dist: 'uniform', min: 2, max: 3 };
    const warnings = fitUncertaintyWarnings(validOrThrow(document));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('transmission.r0 is a distribution, and fitUncertainty[0] (transmission.scale) scales it');
    expect(warnings[0]).toContain('give transmission.r0 a number');
    expect(warnings[0]).toContain('remove the fitUncertainty entry transmission.scale');
  });

  it('names each seeking entry with a range', () => {
    const entry = { name: 'testing.seeking.mildShare.scale', estimate: 1, lower: 0.9, upper: 1.1 };
    const document = fittedDocument([entry, { ...entry, name: 'testing.seeking[0].mildShare.scale' }]);
    document.testing = { ...document.testing, seeking };
    const warnings = fitUncertaintyWarnings(validOrThrow(document));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('testing.seeking[1].mildShare is a distribution, and fitUncertainty[0] (testing.seeking.mildShare.scale)');
  });
});
