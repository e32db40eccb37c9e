import { describe, expect, it } from 'vitest';

import { compileScenario } from '../../scenarios/compile.js';
import { FitParameterError } from '../../scenarios/fit-messages.js';
import {
  applyFitParameters,
  boundPosition,
  fromUnbounded,
  isOnBound,
  numberRange,
  parseFitParameter,
  scaleParam,
  toUnbounded,
  type FitParameter,
} from '../../scenarios/fit-parameters.js';
import { validateScenario, type Scenario } from '../../scenarios/scenario.js';
import { transmissionSchema } from '../../scenarios/schema.js';
import { shippedDocument, twoRegionDocument, validOrThrow } from './fixtures.js';

const korea = validOrThrow(shippedDocument('korea-2020.json'));

/** The two-region fixture with seeding, distancing and test seeking to fit. */
function smallScenario(): Scenario {
  const document = twoRegionDocument();
  document['simulation'] = { start: '2020-03-01', end: '2020-03-30', mode: 'deterministic' };
  document['seeding'] = [
    { region: 'XA-01', date: '2020-03-05', infections: 100, spreadDays: 4 },
    { region: 'XA-02', date: '2020-03-03', infections: 20 },
    { region: 'XA-01', date: '2020-03-10', infections: 10, spreadDays: 2 },
  ];
  document['interventions'] = {
    distancing: [
      { name: 'Campaign', start: '2020-03-10', multipliers: { work: 0.5, other: 0.8 } },
      { name: 'Schools shut', start: '2020-03-01', multipliers: { school: 0 } },
      { name: 'Nothing', start: '2020-03-01', multipliers: {} },
    ],
  };
  document['testing'] = {
    sites: [
      { region: 'XA-02', kind: 'screening_clinic', opens: '2020-03-01', count: 3, testsPerDayPerSite: 20 },
      { region: 'XA-02', kind: 'drive_through', opens: '2020-03-05', testsPerDayPerSite: 200 },
    ],
    seeking: [
      { from: '2020-03-01', mildShare: 0.4, severeShare: 0.8 },
      { from: '2020-03-15', regions: ['XA-02'], mildShare: { dist: 'uniform', min: 0.5, max: 0.9 }, severeShare: 0.9 },
    ],
    backgroundDemand: [
      { from: '2020-03-01', testsPerPersonPerDay: 0.0001 },
      { from: '2020-03-01', regions: ['XA-02'], testsPerPersonPerDay: 0.2 },
    ],
  };
  return validOrThrow(document);
}

function parse(name: string, scenario: Scenario = smallScenario()): FitParameter {
  return parseFitParameter(name, scenario);
}

/** Total infections a compiled scenario seeds, and their mean day weighted by infections. */
function seedingTotals(scenario: Scenario): { total: number; meanDay: number } {
  const model = compileScenario(scenario, { sampling: 'central' });
  const perDay = model.regionCount * model.ageBandCount;
  let total = 0;
  let weightedDay = 0;
  model.transmission.seedInfections.forEach((value, index) => {
    total += value;
    weightedDay += value * Math.floor(index / perDay);
  });
  return { total, meanDay: weightedDay / total };
}

describe('numberRange', () => {
  it('reads the bounds of a parameter field', () => {
    expect(numberRange(transmissionSchema.shape.r0)).toEqual({ min: 0, max: 30 });
  });
});

describe('parseFitParameter', () => {
  it('resolves every name form', () => {
    expect(parse('transmission.scale').target).toEqual({ kind: 'transmissionScale' });
    expect(parse('seeding:XA-01.scale').target).toEqual({ kind: 'seedingScale', entries: [0, 2] });
    expect(parse('seeding:XA-01.shiftDays').target).toEqual({ kind: 'seedingShift', entries: [0, 2] });
    expect(parse('seeding[1].scale').target).toEqual({ kind: 'seedingScale', entries: [1] });
    expect(parse('seeding[1].shiftDays').target).toEqual({ kind: 'seedingShift', entries: [1] });
    expect(parse('distancing[0].scale').target).toEqual({ kind: 'distancingScale', period: 0 });
    expect(parse('testing.seeking.mildShare.scale').target).toEqual({ kind: 'seekingScale', field: 'mildShare', entries: [0, 1] });
    expect(parse('testing.seeking.severeShare.scale').target).toEqual({ kind: 'seekingScale', field: 'severeShare', entries: [0, 1] });
    expect(parse('testing.seeking[1].mildShare.scale').target).toEqual({ kind: 'seekingScale', field: 'mildShare', entries: [1] });
    expect(parse('testing.sites:XA-02.scale').target).toEqual({ kind: 'sitesScale', sites: [0, 1] });
    expect(parse('testing.backgroundDemand[1].scale').target).toEqual({ kind: 'backgroundScale', entry: 1 });
  });

  it('rejects unknown names', () => {
    for (const name of ['transmission.r0', 'seeding:XA-01.size', 'distancing[-1].scale', 'dispersion', '']) {
      expect(() => parse(name), name).toThrow(FitParameterError);
    }
    expect(() => parse('r0')).toThrow(/unknown parameter to fit "r0"; expected one of transmission.scale/);
  });

  it('rejects indices past the end', () => {
    expect(() => parse('seeding[3].scale')).toThrow('seeding has 3 entries, so the index must be below 3');
    expect(() => parse('distancing[3].scale')).toThrow('interventions.distancing has 3 entries');
    expect(() => parse('testing.backgroundDemand[2].scale')).toThrow('testing.backgroundDemand has 2 entries');
    const empty = { ...smallScenario(), testing: { ...smallScenario().testing, backgroundDemand: [] } };
    expect(() => parse('testing.backgroundDemand[0].scale', empty)).toThrow(
      'cannot fit testing.backgroundDemand[0].scale: testing.backgroundDemand has no entries',
    );
  });

  it('rejects a region without seeding', () => {
    const scenario = smallScenario();
    const onlyFirst = { ...scenario, seeding: scenario.seeding.filter((entry) => entry.region === 'XA-01') };
    expect(() => parse('seeding:XA-02.scale', onlyFirst)).toThrow('the scenario has no seeding entry for region XA-02');
  });

  it('rejects a code that is no region', () => {
    expect(() => parse('seeding:KR-11.scale')).toThrow('KR-11 is not a region code of the scenario; give one of XA-01, XA-02');
  });

  it('gives the code of a region named by name', () => {
    expect(() => parse('seeding:B.shiftDays')).toThrow('B is the name of a region, and names take its code, so give seeding:XA-02.shiftDays');
    expect(() => parse('testing.sites:b.scale')).toThrow('so give testing.sites:XA-02.scale');
  });

  it('rejects a region without testing sites', () => {
    expect(() => parse('testing.sites:XA-01.scale')).toThrow('the scenario has no testing site in region XA-01');
  });

  it('rejects periods that cannot move', () => {
    expect(() => parse('distancing[1].scale')).toThrow('a contact multiplier of that period is already 0 or 2');
    expect(() => parse('distancing[2].scale')).toThrow('every contact multiplier of that period is 1');
  });
});

describe('fit parameter bounds', () => {
  it('caps transmission.scale by the schema bound of R0', () => {
    const scenario = smallScenario();
    expect(parse('transmission.scale', scenario)).toMatchObject({ lower: 0.25, upper: 4 });
    scenario.transmission.r0 = { dist: 'uniform', min: 8, max: 12 };
    expect(parse('transmission.scale', scenario).upper).toBeCloseTo(30 / 12, 12);
  });

  it('keeps background demand within one test per person per day', () => {
    expect(parse('testing.backgroundDemand[0].scale')).toMatchObject({ lower: 0.1, upper: 10, transform: 'logLogit' });
    // 0.2 tests per person per day may grow five times before it reaches the schema's 1.
    expect(parse('testing.backgroundDemand[1].scale').upper).toBeCloseTo(5, 12);
  });

  it('keeps every contact multiplier from 0 to 2', () => {
    // work 0.5 reaches 0 at a scale of 2, other 0.8 at 5: the smaller limit wins.
    expect(parse('distancing[0].scale')).toMatchObject({ lower: 0, upper: 2, transform: 'logit' });
  });

  it('keeps the seeking rate within the stochastic step', () => {
    // With mildDays 5 and a quarter-day step, the seeking rate share / (1 - share) / 5 per day may reach
    // 0.5 / 0.25 = 2, so the share at most 10/11. The uniform distribution reaches 0.9, which caps the scale.
    const parameter = parse('testing.seeking.mildShare.scale');
    // Nine digits: bisection stops at 2^-40 of the logarithmic range.
    expect(parameter.upper).toBeCloseTo(10 / 11 / 0.9, 9);
    expect(parameter.lower).toBe(0.1);
    expect(parameter.boundsSource).toContain('upper bound narrowed to 1.0101 to pass the check on testing.seeking[1].mildShare');
  });

  it('keeps seeding at or after the start', () => {
    // The XA-01 entries are on 2020-03-05 and 2020-03-10, four days after the start and twenty before the end.
    expect(parse('seeding:XA-01.shiftDays')).toMatchObject({ lower: -4, upper: 20, start: 0 });
    // XA-01 has 4,000 residents and 110 seeded infections, so the scale stops where they would all be seeded.
    const scale = parse('seeding:XA-01.scale');
    expect(scale).toMatchObject({ lower: 0.01, start: 1 });
    expect(scale.upper).toBeCloseTo(4000 / 110, 6);
  });

  it('gives the Korea scenario its default set', () => {
    const names = [
      'transmission.scale',
      'distancing[5].scale',
      'distancing[6].scale',
      'distancing[7].scale',
      'seeding:KR-27.scale',
      'seeding:KR-27.shiftDays',
      'seeding:KR-47.scale',
      'seeding:KR-47.shiftDays',
      'testing.seeking.mildShare.scale',
    ];
    for (const name of names) expect(() => parseFitParameter(name, korea), name).not.toThrow();
    expect(parseFitParameter('seeding:KR-27.shiftDays', korea).lower).toBe(-12);
  });
});

describe('fit parameter transforms', () => {
  const parameters = ['transmission.scale', 'distancing[0].scale', 'seeding:XA-01.shiftDays'].map((name) => parse(name));

  it('round-trips values inside the range', () => {
    for (const parameter of parameters) {
      for (const position of [0.001, 0.2, 0.5, 0.93, 0.999]) {
        const value =
          parameter.transform === 'logLogit'
            ? parameter.lower * (parameter.upper / parameter.lower) ** position
            : parameter.lower + position * (parameter.upper - parameter.lower);
        // Twelve digits: the logit and its inverse lose a few bits each near the ends of the range.
        expect(fromUnbounded(parameter, toUnbounded(parameter, value)), parameter.name).toBeCloseTo(value, 9);
      }
    }
  });

  it('maps the middle of the range to 0', () => {
    const scale = parse('transmission.scale');
    expect(toUnbounded(scale, 1)).toBeCloseTo(0, 12);
    const shift = parse('seeding:XA-01.shiftDays');
    expect(toUnbounded(shift, 8)).toBeCloseTo(0, 12);
  });

  it('stays within the bounds far out', () => {
    for (const parameter of parameters) {
      expect(fromUnbounded(parameter, -800)).toBe(parameter.lower);
      expect(fromUnbounded(parameter, 800)).toBe(parameter.upper);
    }
  });

  it('rejects values outside the range', () => {
    const scale = parse('transmission.scale');
    expect(() => toUnbounded(scale, 0.25)).toThrow('transmission.scale must lie strictly between 0.25 and 4 (got 0.25)');
    expect(() => toUnbounded(scale, 5)).toThrow(RangeError);
  });

  it('tells when a value is on a bound', () => {
    const scale = parse('transmission.scale');
    expect(isOnBound(scale, 0.2501)).toBe(true);
    expect(isOnBound(scale, 3.999)).toBe(true);
    expect(isOnBound(scale, 1)).toBe(false);
    expect(boundPosition(scale, 1)).toBeCloseTo(0.5, 12);
  });
});

describe('applyFitParameters', () => {
  it('leaves the scenario unchanged at the start values', () => {
    const scenario = smallScenario();
    const names = ['transmission.scale', 'seeding:XA-01.scale', 'distancing[0].scale', 'testing.seeking.mildShare.scale'];
    const parameters = names.map((name) => parse(name, scenario));
    const result = applyFitParameters(scenario, parameters, parameters.map((parameter) => parameter.start));
    expect(result).toEqual(scenario);
  });

  it('scales R0, distributions included', () => {
    const scenario = smallScenario();
    scenario.transmission.r0 = { dist: 'triangular', min: 2, mode: 2.5, max: 3 };
    const result = applyFitParameters(scenario, [parse('transmission.scale', scenario)], [1.2]);
    const r0 = result.transmission.r0 as { min: number; mode: number; max: number };
    expect(r0.min).toBeCloseTo(2.4, 12);
    expect(r0.mode).toBeCloseTo(3, 12);
    expect(r0.max).toBeCloseTo(3.6, 12);
    expect(scenario.transmission.r0).toEqual({ dist: 'triangular', min: 2, mode: 2.5, max: 3 });
  });

  it('scales a period by its distance from 1', () => {
    const result = applyFitParameters(smallScenario(), [parse('distancing[0].scale')], [1.5]);
    expect(result.interventions.distancing[0]!.multipliers).toMatchObject({ home: 1, school: 1 });
    expect(result.interventions.distancing[0]!.multipliers.work).toBeCloseTo(0.25, 12);
    expect(result.interventions.distancing[0]!.multipliers.other).toBeCloseTo(0.7, 12);
  });

  it('scales every seeking share', () => {
    const result = applyFitParameters(smallScenario(), [parse('testing.seeking.mildShare.scale')], [0.5]);
    expect(result.testing.seeking[0]!.mildShare).toBeCloseTo(0.2, 12);
    expect(result.testing.seeking[1]!.mildShare).toEqual({ dist: 'uniform', min: 0.25, max: 0.45 });
    expect(result.testing.seeking[0]!.severeShare).toBe(0.8);
  });

  it('scales the testing sites of a region', () => {
    const result = applyFitParameters(smallScenario(), [parse('testing.sites:XA-02.scale')], [1.5]);
    expect(result.testing.sites.map((site) => site.testsPerDayPerSite)).toEqual([30, 300]);
    expect(result.testing.sites[0]!.count).toBe(3);
  });

  it('scales one background demand entry', () => {
    const result = applyFitParameters(smallScenario(), [parse('testing.backgroundDemand[1].scale')], [0.5]);
    expect(result.testing.backgroundDemand.map((entry) => entry.testsPerPersonPerDay)).toEqual([0.0001, 0.1]);
  });

  it('scales the seeding of a region', () => {
    const scenario = smallScenario();
    const result = applyFitParameters(scenario, [parse('seeding:XA-01.scale')], [2]);
    expect(result.seeding.map((entry) => entry.infections)).toEqual([200, 20, 20]);
    expect(seedingTotals(result).total).toBeCloseTo(240, 9);
  });

  it('moves seeding smoothly by fractions of a day', () => {
    const scenario = smallScenario();
    const before = seedingTotals(scenario);
    const shift = parse('seeding[0].shiftDays', scenario);
    for (const days of [-3.75, -1, 0.3, 2.5, 6]) {
      const result = applyFitParameters(scenario, [shift], [days]);
      const after = seedingTotals(result);
      expect(after.total, `${days} days`).toBeCloseTo(before.total, 9);
      // Only entry 0 moves, and it seeds 100 of the 130 infections.
      expect(after.meanDay - before.meanDay, `${days} days`).toBeCloseTo((days * 100) / 130, 9);
    }
  });

  it('splits a fractional shift into two entries', () => {
    const result = applyFitParameters(smallScenario(), [parse('seeding[0].shiftDays')], [-1.25]);
    expect(result.seeding.slice(0, 2)).toMatchObject([
      { date: '2020-03-03', infections: 25, spreadDays: 4 },
      { date: '2020-03-04', infections: 75, spreadDays: 4 },
    ]);
    expect(result.seeding).toHaveLength(4);
  });

  it('combines region and entry parameters', () => {
    const scenario = smallScenario();
    const parameters = ['seeding:XA-01.scale', 'seeding[2].scale', 'seeding:XA-01.shiftDays', 'seeding[2].shiftDays'];
    const result = applyFitParameters(scenario, parameters.map((name) => parse(name, scenario)), [2, 3, 1, 2]);
    expect(result.seeding).toMatchObject([
      { date: '2020-03-06', infections: 200 },
      { date: '2020-03-03', infections: 20 },
      { date: '2020-03-13', infections: 60 },
    ]);
  });

  it('writes a note on each change', () => {
    const scenario = smallScenario();
    scenario.transmission.note = 'existing';
    const parameters = [parse('transmission.scale', scenario), parse('seeding[1].scale', scenario)];
    const result = applyFitParameters(scenario, parameters, [1.1, 0.5], 'fitted');
    expect(result.transmission.note).toEqual(['existing', 'transmission.scale = 1.1: fitted']);
    expect(result.seeding[1]!.note).toBe('seeding[1].scale = 0.5: fitted');
    expect(result.seeding[0]!.note).toBeUndefined();
  });

  it('gives a valid scenario at the bounds', () => {
    const scenario = smallScenario();
    const names = [
      'transmission.scale',
      'seeding:XA-01.scale',
      'seeding:XA-01.shiftDays',
      'distancing[0].scale',
      'testing.seeking.mildShare.scale',
    ];
    const parameters = names.map((name) => parse(name, scenario));
    for (const end of ['lower', 'upper'] as const) {
      const result = applyFitParameters(scenario, parameters, parameters.map((parameter) => parameter[end]));
      const validation = validateScenario(result);
      expect(validation.ok ? [] : validation.problems, end).toEqual([]);
    }
  });

  it('rejects a wrong number of values', () => {
    expect(() => applyFitParameters(smallScenario(), [parse('transmission.scale')], [])).toThrow(
      'expected 1 values, one per parameter (got 0)',
    );
  });
});

describe('scaleParam', () => {
  it('scales the location of a log-normal only', () => {
    expect(scaleParam({ dist: 'lognormal', median: 2, sdlog: 0.3 }, 1.5)).toEqual({
      dist: 'lognormal',
      median: 3,
      sdlog: 0.3,
    });
    expect(scaleParam({ dist: 'normal', mean: 2, sd: 0.5 }, 2)).toEqual({ dist: 'normal', mean: 4, sd: 1 });
  });
});
