import { describe, expect, it } from 'vitest';

import { compileScenario, parameterStreams, type Scenario } from '../../scenarios/index.js';
import { shippedDocument, twoRegionDocument, validOrThrow } from './fixtures.js';

function korea(): Scenario {
  return validOrThrow(shippedDocument('korea-2020.json'));
}

function twoRegions(change?: (document: Record<string, any>) => void): Scenario {
  const document = twoRegionDocument();
  change?.(document);
  return validOrThrow(document);
}

const central = { sampling: 'central' } as const;

describe('compileScenario', () => {
  it('keeps each region population whole and summing to its total', () => {
    const scenario = korea();
    const model = compileScenario(scenario, central);
    const bands = model.ageBandCount;
    for (const [r, region] of scenario.regions.entries()) {
      let sum = 0;
      for (let a = 0; a < bands; a++) {
        const persons = model.population[r * bands + a]!;
        expect(Number.isInteger(persons)).toBe(true);
        sum += persons;
      }
      expect(sum).toBe(region.populationTotal);
    }
  });

  it('sums the Korean population to the 2020 total', () => {
    const model = compileScenario(korea(), central);
    expect(model.population.reduce((sum, x) => sum + x, 0)).toBe(51_829_023);
  });

  it('uses populationByAge as given', () => {
    const model = compileScenario(twoRegions(), central);
    expect(Array.from(model.population)).toEqual([1000, 3000, 500, 1500]);
  });

  it('makes every mobility row sum to 1', () => {
    const model = compileScenario(korea(), central);
    const regions = model.regionCount;
    for (let r = 0; r < regions; r++) {
      let sum = 0;
      for (let s = 0; s < regions; s++) {
        const share = model.transmission.mobility[r * regions + s]!;
        expect(share).toBeGreaterThanOrEqual(0);
        sum += share;
      }
      // Rounding in 17 additions of shares below 1 stays far below 1e-12.
      expect(Math.abs(sum - 1)).toBeLessThan(1e-12);
    }
  });

  it('applies the mobility formula', () => {
    // share(A -> B) = scale x flow / population = 2 x 100 / 4000; B -> A = 2 x 50 / 2000.
    const model = compileScenario(twoRegions(), central);
    expect(Array.from(model.transmission.mobility)).toEqual([0.95, 0.05, 0.05, 0.95]);
  });

  it('keeps Korean cross-region shares in the intended range', () => {
    const scenario = korea();
    const model = compileScenario(scenario, central);
    const regions = model.regionCount;
    const away = (code: string): number => {
      const r = scenario.regions.findIndex((region) => region.code === code);
      return 1 - model.transmission.mobility[r * regions + r]!;
    };
    for (const code of ['KR-11', 'KR-28', 'KR-41']) {
      expect(away(code)).toBeGreaterThanOrEqual(0.1);
      expect(away(code)).toBeLessThanOrEqual(0.2);
    }
    expect(away('KR-49')).toBeLessThan(0.02);
  });

  it('reaches R0 for one band', () => {
    const scenario = validOrThrow(shippedDocument('test-single-region.json'));
    const model = compileScenario(scenario, central);
    const e = model.epidemiology;
    const contacts = 3 + 4 + 2 + 3;
    const asymptomatic = e.asymptomaticFraction[0]!;
    const severe = e.severeFraction[0]!;
    const critical = e.criticalFraction[0]!;
    const days =
      asymptomatic * e.asymptomaticInfectiousness * e.asymptomaticDays +
      (1 - asymptomatic) *
        (e.presymptomaticInfectiousness * e.presymptomaticDays +
          (1 - severe - critical) * e.mildDays +
          severe * e.onsetToWardDays +
          critical * e.onsetToIcuDays);
    // The power iteration stops at a relative gap of 1e-12, and a 1 x 1 matrix converges at once.
    expect(model.transmission.transmissionPerContact * contacts * days).toBeCloseTo(2.5, 12);
  });

  it('converts severity shares to engine fractions', () => {
    const document = shippedDocument('test-single-region.json');
    document.epidemiology = {
      hospitalisedPercentByAge: [2],
      criticalPercentOfHospitalisedByAge: [20],
      infectionFatalityPercentByAge: [0.2],
    };
    const model = compileScenario(validOrThrow(document), central);
    const e = model.epidemiology;
    // 2 % of symptomatic cases hospitalised, 20 % of them critical, a third of infections
    // asymptomatic, IFR 0.2 %.
    expect(e.severeFraction[0]).toBeCloseTo(0.02 * 0.8, 14);
    expect(e.criticalFraction[0]).toBeCloseTo(0.02 * 0.2, 14);
    expect(e.icuFatalityFraction[0]).toBeCloseTo(0.002 / ((2 / 3) * 0.02 * 0.2), 14);
    expect(model.care.waitingWardFatalityFraction[0]).toBeCloseTo(0.002 / ((2 / 3) * 0.02), 14);
  });

  it('ramps site capacity up on the given days', () => {
    const scenario = twoRegions((document) => {
      document.testing = {
        sites: [
          {
            region: 'XA-01',
            kind: 'drive_through',
            count: 2,
            opens: '2020-03-03',
            testsPerDayPerSite: 100,
            rampUpDays: 4,
          },
          {
            region: 'XA-02',
            kind: 'screening_clinic',
            opens: '2020-02-20',
            closes: '2020-03-05',
            testsPerDayPerSite: 20,
          },
        ],
      };
    });
    const model = compileScenario(scenario, central);
    const capacity = (day: number, region: number): number => model.testing.siteCapacity[day * 2 + region]!;
    // Day means of a ramp from 0 at the start of 2020-03-03 to full 4 days later: 1/8, 3/8, 5/8, 7/8, 1.
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((d) => capacity(d, 0))).toEqual([0, 0, 25, 75, 125, 175, 200, 200]);
    // Opened before the start without a ramp, closed after 2020-03-05 (day 4).
    expect([0, 4, 5].map((d) => capacity(d, 1))).toEqual([20, 20, 0]);
  });

  it('tabulates the odds of screening with the demand, 1 where none is given', () => {
    const scenario = twoRegions((document) => {
      document.testing = {
        screeningDemand: [
          { from: '2020-03-02', regions: ['XA-01'], testsPerDay: 300, infectedOdds: 8 },
          { from: '2020-03-04', regions: ['XA-01'], testsPerDay: 100 },
          { from: '2020-03-03', regions: ['XA-02'], testsPerDay: 50, infectedOdds: 0.5 },
        ],
      };
    });
    const model = compileScenario(scenario, central);
    const odds = (day: number, region: number): number => model.testing.screeningInfectedOdds[day * 2 + region]!;
    const demand = (day: number, region: number): number => model.testing.screeningDemand[day * 2 + region]!;
    expect([0, 1, 2, 3].map((d) => [demand(d, 0), odds(d, 0)])).toEqual([[0, 1], [300, 8], [300, 8], [100, 1]]);
    expect([0, 1, 2].map((d) => [demand(d, 1), odds(d, 1)])).toEqual([[0, 1], [0, 1], [50, 0.5]]);
  });

  it('multiplies overlapping distancing periods', () => {
    const scenario = twoRegions((document) => {
      document.interventions = {
        distancing: [
          { start: '2020-03-02', end: '2020-03-05', multipliers: { work: 0.5, other: 0.8 } },
          { start: '2020-03-04', regions: ['XA-02'], multipliers: { work: 0.5, school: 0 } },
        ],
      };
    });
    const model = compileScenario(scenario, central);
    const factor = (day: number, region: number, setting: number): number =>
      model.transmission.settingMultiplier[(day * 2 + region) * 4 + setting]!;
    expect([0, 1, 2, 3].map((k) => factor(0, 1, k))).toEqual([1, 1, 1, 1]);
    expect([0, 1, 2, 3].map((k) => factor(1, 1, k))).toEqual([1, 0.5, 1, 0.8]);
    expect([0, 1, 2, 3].map((k) => factor(3, 1, k))).toEqual([1, 0.25, 0, 0.8]);
    expect([0, 1, 2, 3].map((k) => factor(3, 0, k))).toEqual([1, 0.5, 1, 0.8]);
    expect([0, 1, 2, 3].map((k) => factor(5, 1, k))).toEqual([1, 0.5, 0, 1]);
  });

  it('spreads seed infections over days and age bands', () => {
    const scenario = twoRegions((document) => {
      document.seeding = [
        { region: 'XA-01', date: '2020-03-02', infections: 40, spreadDays: 4 },
        { region: 'XA-02', date: '2020-03-09', infections: 10, spreadDays: 5, ageBands: ['old'] },
      ];
    });
    const model = compileScenario(scenario, central);
    const seed = (day: number, region: number, band: number): number =>
      model.transmission.seedInfections[(day * 2 + region) * 2 + band]!;
    // Region A has 1,000 young and 3,000 old residents, so 10 a day split 2.5 : 7.5.
    expect(seed(0, 0, 0)).toBe(0);
    expect(seed(1, 0, 0)).toBe(2.5);
    expect(seed(1, 0, 1)).toBe(7.5);
    expect(seed(4, 0, 1)).toBe(7.5);
    expect(seed(5, 0, 1)).toBe(0);
    // Region B: 2 a day from 2020-03-09, all old; the last three days fall after the end.
    expect(seed(8, 1, 1)).toBe(2);
    expect(seed(8, 1, 0)).toBe(0);
    expect(model.transmission.seedInfections.reduce((sum, x) => sum + x, 0)).toBe(40 + 4);
  });

  it('turns seeking shares into rates', () => {
    const scenario = twoRegions((document) => {
      document.testing = { seeking: [{ from: '2020-03-03', mildShare: 0.5, severeShare: 0.8 }] };
    });
    const model = compileScenario(scenario, central);
    // share / (1 - share) / duration, with the default mildDays 5 and onsetToWardDays 5.
    expect(model.testing.seekMildPerDay[0]).toBe(0);
    expect(model.testing.seekMildPerDay[2 * 2]).toBeCloseTo(0.2, 14);
    expect(model.testing.seekSeverePerDay[2 * 2 + 1]).toBeCloseTo(0.8, 14);
  });

  it('compiles switched-off testing, tracing and bed limits to neutral values', () => {
    const model = compileScenario(validOrThrow(shippedDocument('test-single-region.json')), central);
    expect(model.testing.siteCapacity.every((x) => x === 0)).toBe(true);
    expect(model.testing.seekMildPerDay.every((x) => x === 0)).toBe(true);
    expect(model.testing.seekSeverePerDay.every((x) => x === 0)).toBe(true);
    expect(model.testing.labCapacityNational.every((x) => x === Infinity)).toBe(true);
    expect(model.tracing.enabled).toBe(false);
    expect(model.tracing.capacityPerDay.every((x) => x === 0)).toBe(true);
    expect(model.tracing.clusters).toEqual([]);
    expect(model.care.wardCapacity.every((x) => x === Infinity)).toBe(true);
    expect(model.care.icuCapacity.every((x) => x === Infinity)).toBe(true);
    expect(model.care.rtcCapacity.every((x) => x === Infinity)).toBe(true);
    expect(model.care.transferCapacity.every((x) => x === 0)).toBe(true);
  });

  it('tabulates tracing capacity from staff', () => {
    const scenario = twoRegions((document) => {
      document.tracing = {
        casesPerTracerPerDay: 3,
        staff: [
          { from: '2020-02-01', tracers: 10 },
          { from: '2020-03-04', regions: ['XA-02'], tracers: 20 },
        ],
        clusters: [
          {
            region: 'XA-02',
            dateFound: '2020-03-05',
            linkedPersons: 500,
            infectedFraction: 0.2,
            investigationPerDay: 50,
          },
        ],
      };
    });
    const model = compileScenario(scenario, central);
    expect(Array.from(model.tracing.capacityPerDay.subarray(0, 2))).toEqual([30, 30]);
    expect(Array.from(model.tracing.capacityPerDay.subarray(3 * 2, 4 * 2))).toEqual([30, 60]);
    expect(model.tracing.clusters).toEqual([
      { region: 1, dayFound: 4, linkedPersons: 500, infectedFraction: 0.2, investigationPerDay: 50, infectedFirstOdds: 1 },
    ]);
  });

  it('opens transfer routes to the bed group', () => {
    const scenario = twoRegions((document) => {
      document.care = {
        wardBeds: [{ from: '2020-03-01', beds: 10 }],
        transfers: [
          { origin: 'XA-01', destinations: 'group', start: '2020-03-03', end: '2020-03-04', patientsPerDay: 5 },
        ],
      };
    });
    const model = compileScenario(scenario, central);
    const allowed = (day: number, from: number, to: number): number =>
      model.care.transferAllowed[(day * 2 + from) * 2 + to]!;
    expect([allowed(1, 0, 1), allowed(2, 0, 1), allowed(3, 0, 1), allowed(4, 0, 1)]).toEqual([0, 1, 1, 0]);
    expect(allowed(2, 0, 0)).toBe(0);
    expect(allowed(2, 1, 0)).toBe(0);
    expect(model.care.transferCapacity[2 * 2]).toBe(5);
    expect(model.care.wardCapacity[0]).toBe(10);
    expect(model.care.icuCapacity[0]).toBe(0);
  });

  it('fills every per-day table for the whole horizon', () => {
    const model = compileScenario(korea(), central);
    const cells = model.dayCount * model.regionCount;
    expect(model.dayCount).toBe(225);
    expect(model.testing.siteCapacity).toHaveLength(cells);
    expect(model.tracing.capacityPerDay).toHaveLength(cells);
    expect(model.care.wardCapacity).toHaveLength(cells);
    expect(model.transmission.settingMultiplier).toHaveLength(cells * 4);
    expect(model.transmission.seedInfections).toHaveLength(cells * model.ageBandCount);
    expect(model.care.transferAllowed).toHaveLength(cells * model.regionCount);
  });

  it('reproduces sampled parameters from the same random seed', () => {
    const scenario = korea();
    const a = compileScenario(scenario, { sampling: 'sampled', streamFor: parameterStreams(1, 3) });
    const b = compileScenario(scenario, { sampling: 'sampled', streamFor: parameterStreams(1, 3) });
    expect(a.transmission.transmissionPerContact).toBe(b.transmission.transmissionPerContact);
    expect(a.epidemiology.latentDays).toBe(b.epidemiology.latentDays);
    expect(a.care.wardStayDays).toBe(b.care.wardStayDays);
    expect(Array.from(a.testing.seekMildPerDay)).toEqual(Array.from(b.testing.seekMildPerDay));
  });

  it('draws other parameters for another seed', () => {
    const scenario = korea();
    const a = compileScenario(scenario, { sampling: 'sampled', streamFor: parameterStreams(1, 3) });
    const b = compileScenario(scenario, { sampling: 'sampled', streamFor: parameterStreams(2, 3) });
    expect(a.transmission.transmissionPerContact).not.toBe(b.transmission.transmissionPerContact);
    expect(a.epidemiology.latentDays).not.toBe(b.epidemiology.latentDays);
    expect(a.care.wardStayDays).not.toBe(b.care.wardStayDays);
  });

  it('gives a parameter the same draw whatever else changes', () => {
    // A plan that fixes two epidemiology ranges still draws the care parameters exactly as its base
    // does, because each parameter has its own stream, keyed by its path.
    const base = korea();
    const plan = korea();
    plan.epidemiology.latentDays = 3;
    plan.epidemiology.asymptomaticFraction = 0.33;
    const a = compileScenario(base, { sampling: 'sampled', streamFor: parameterStreams(1, 3) });
    const b = compileScenario(plan, { sampling: 'sampled', streamFor: parameterStreams(1, 3) });
    expect(b.care.wardStayDays).toBe(a.care.wardStayDays);
    expect(b.care.overflowFatalityFactor).toBe(a.care.overflowFatalityFactor);
    expect(b.epidemiology.latentDays).not.toBe(a.epidemiology.latentDays);
  });

  it('keeps sampled values within their distributions', () => {
    const scenario = korea();
    for (let run = 0; run < 50; run++) {
      const model = compileScenario(scenario, { sampling: 'sampled', streamFor: parameterStreams(9, run) });
      expect(model.care.wardStayDays).toBeGreaterThanOrEqual(14);
      expect(model.care.wardStayDays).toBeLessThanOrEqual(28);
      expect(model.epidemiology.latentDays).toBeGreaterThanOrEqual(3 - 4 * 0.3);
      expect(model.epidemiology.latentDays).toBeLessThanOrEqual(3 + 4 * 0.3);
      expect(model.epidemiology.asymptomaticFraction[0]).toBeGreaterThanOrEqual(0.23);
      expect(model.epidemiology.asymptomaticFraction[0]).toBeLessThanOrEqual(0.43);
    }
  });

  it('uses central values without drawing', () => {
    const model = compileScenario(korea(), {
      sampling: 'central',
      random: () => {
        throw new Error('central sampling drew a random number');
      },
    });
    expect(model.epidemiology.latentDays).toBe(3);
    expect(model.epidemiology.asymptomaticFraction[0]).toBeCloseTo(0.33, 14);
    expect(model.care.wardStayDays).toBe(21);
    expect(model.care.overflowFatalityFactor).toBe(2);
  });

  it('tabulates entry tests per day', () => {
    const model = compileScenario(
      twoRegions((document) => {
        document.tracing = {
          entryTests: [
            { from: '2020-03-04', uninfectedShare: 0.2, infectedShare: 0.6 },
            { from: '2020-03-07', regions: ['XA-02'], uninfectedShare: 1, infectedShare: 0.9 },
          ],
        };
      }),
      central,
    );
    // Days 0-2 before the first entry, 3-5 from it, 6-9 with region XA-02 changed again.
    const byDay = (table: Float64Array, r: number) => Array.from({ length: 10 }, (_, d) => table[d * 2 + r]);
    expect(byDay(model.tracing.entryTestedUninfected, 0)).toEqual([1, 1, 1, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2]);
    expect(byDay(model.tracing.entryTestedUninfected, 1)).toEqual([1, 1, 1, 0.2, 0.2, 0.2, 1, 1, 1, 1]);
    expect(byDay(model.tracing.entryTestedInfected, 1)).toEqual([1, 1, 1, 0.6, 0.6, 0.6, 0.9, 0.9, 0.9, 0.9]);
  });

  it('rejects sampling without a random source', () => {
    expect(() => compileScenario(korea(), { sampling: 'sampled' })).toThrow(TypeError);
  });
});
