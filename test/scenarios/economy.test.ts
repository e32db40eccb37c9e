import { describe, expect, it } from 'vitest';

import { QUINTILES, type CompiledModel, type Economy } from '../../engine/index.js';
import { calendarOf, compileScenario } from '../../scenarios/index.js';
import { checkScenario } from '../../scenarios/checks.js';
import { validateScenario } from '../../scenarios/scenario.js';
import { scenarioWarnings } from '../../scenarios/warnings.js';
import { economyDocument } from './economy-fixture.js';
import { validOrThrow } from './fixtures.js';

const central = { sampling: 'central' } as const;

function compiled(document: Record<string, any>): { model: CompiledModel; economy: Economy; dates: string[] } {
  const scenario = validOrThrow(document);
  const model = compileScenario(scenario, central);
  return { model, economy: model.economy!, dates: calendarOf(scenario).dates };
}

/** Sums a per-day-and-region table over days and regions. */
function total(table: Float64Array): number {
  return table.reduce((sum, value) => sum + value, 0);
}

/** Sums a per-day-and-region table over the regions up to and including a day. */
function totalUntil(table: Float64Array, regionCount: number, lastDay: number): number {
  let sum = 0;
  for (let i = 0; i < (lastDay + 1) * regionCount; i++) sum += table[i]!;
  return sum;
}

/** Households of a model, summed over regions and quintiles. */
function allHouseholds(economy: Economy): number {
  return total(economy.householdsByQuintile);
}

// Sums of many products carry rounding errors of about 1e-16 each; a relative 1e-9 is far above that.
const RELATIVE = 1e-9;

describe('compileEconomy households', () => {
  it('splits the national total by population', () => {
    const { economy } = compiled(economyDocument());
    const north = economy.householdsByQuintile.slice(0, QUINTILES).reduce((a, b) => a + b, 0);
    const south = economy.householdsByQuintile.slice(QUINTILES).reduce((a, b) => a + b, 0);
    // North has 500,000 residents and South 250,000.
    expect(north).toBeCloseTo((100_000 * 2) / 3, 6);
    expect(south).toBeCloseTo(100_000 / 3, 6);
  });

  it('keeps a regional count and gives the rest to the other region', () => {
    const document = economyDocument();
    document.economy.households.regional = [{ region: 'XA-02', households: 40_000 }];
    const { economy } = compiled(document);
    const south = economy.householdsByQuintile.slice(QUINTILES).reduce((a, b) => a + b, 0);
    expect(south).toBeCloseTo(40_000, 6);
    expect(allHouseholds(economy)).toBeCloseTo(100_000, 6);
  });
});

describe('compileEconomy relief', () => {
  it('pays the hand-calculated total', () => {
    const { economy } = compiled(economyDocument());
    // 100,000 households x 200 on average x 0.8 paid by the last uptake point.
    expect(total(economy.reliefPaid) / 16_000_000 - 1).toBeLessThan(RELATIVE);
    expect(1 - total(economy.reliefPaid) / 16_000_000).toBeLessThan(RELATIVE);
  });

  it('follows the uptake curve', () => {
    const { model, economy, dates } = compiled(economyDocument());
    const paidBy = (date: string): number => totalUntil(economy.reliefPaid, model.regionCount, dates.indexOf(date));
    expect(paidBy('2020-03-09')).toBe(0);
    // Linear from 0 at the end of 03-09 to 0.5 at the end of 03-12: a sixth on 03-10.
    expect(paidBy('2020-03-10')).toBeCloseTo(20_000_000 * (0.5 / 3), 3);
    expect(paidBy('2020-03-12')).toBeCloseTo(20_000_000 * 0.5, 3);
    expect(paidBy('2020-03-16')).toBeCloseTo(20_000_000 * 0.65, 3);
    expect(paidBy('2020-05-31')).toBeCloseTo(20_000_000 * 0.8, 3);
  });

  it('counts paid and supported households', () => {
    const { model, economy, dates } = compiled(economyDocument());
    const households = (table: Float64Array, date: string): number => {
      const d = dates.indexOf(date);
      return table[d * model.regionCount]! + table[d * model.regionCount + 1]!;
    };
    expect(households(economy.householdsPaid, '2020-03-12')).toBeCloseTo(50_000, 6);
    expect(households(economy.householdsSupported, '2020-04-30')).toBeCloseTo(80_000, 6);
    // The card points expire on 04-30, and support ends with them.
    expect(households(economy.householdsSupported, '2020-05-01')).toBe(0);
    expect(households(economy.householdsPaid, '2020-05-01')).toBeCloseTo(80_000, 6);
  });

  it('pays only the covered quintiles', () => {
    const document = economyDocument();
    document.economy.relief.payments[0].coverage = { quintiles: [1, 2] };
    const { economy } = compiled(document);
    expect(total(economy.reliefPaid)).toBeCloseTo(16_000_000 * 0.4, 3);
  });

  it('pays the lowest 70 % of incomes', () => {
    const document = economyDocument();
    document.economy.relief.payments[0].coverage = { lowestIncomeShare: 0.7 };
    const { model, economy } = compiled(document);
    // Quintiles 1 to 3 and half of quintile 4, each with the same sizes: 70 % of the universal total.
    expect(total(economy.reliefPaid)).toBeCloseTo(16_000_000 * 0.7, 3);
    const last = (model.dayCount - 1) * model.regionCount;
    expect(economy.householdsPaid[last]! + economy.householdsPaid[last + 1]!).toBeCloseTo(100_000 * 0.7 * 0.8, 6);
  });

  it('covers part of the lowest quintile', () => {
    const document = economyDocument();
    document.economy.relief.payments[0].coverage = { lowestIncomeShare: 0.1 };
    expect(total(compiled(document).economy.reliefPaid)).toBeCloseTo(16_000_000 * 0.1, 3);
  });

  it('combines a lowest income share with quintiles', () => {
    const document = economyDocument();
    // Quintile 4 is half below the 70 % line, and quintile 5 not at all.
    document.economy.relief.payments[0].coverage = { quintiles: [4, 5], lowestIncomeShare: 0.7 };
    expect(total(compiled(document).economy.reliefPaid)).toBeCloseTo(16_000_000 * 0.1, 3);
  });

  it('pays a group and its complement without counting anyone twice', () => {
    const document = economyDocument();
    document.economy.households.groups = [{ name: 'benefit', shareByQuintile: [0.5, 0, 0, 0, 0] }];
    const payment = document.economy.relief.payments[0];
    document.economy.relief.payments = [
      { ...payment, coverage: { groups: ['benefit'] }, amountPerHouseholdBySize: undefined, amountPerHousehold: 500, uptake: undefined },
      { ...payment, coverage: { excludeGroups: ['benefit'] } },
    ];
    const { model, economy } = compiled(document);
    // 10,000 benefit households get 500 each; the other 90,000 get 200 on average, 80 % of them.
    expect(total(economy.reliefPaid)).toBeCloseTo(10_000 * 500 + 90_000 * 200 * 0.8, 3);
    const last = (model.dayCount - 1) * model.regionCount;
    expect(economy.householdsPaid[last]! + economy.householdsPaid[last + 1]!).toBeCloseTo(10_000 + 90_000 * 0.8, 6);
  });

  it('counts a household paid by two payments once', () => {
    const document = economyDocument();
    const payment = document.economy.relief.payments[0];
    document.economy.relief.payments = [payment, { ...payment, from: '2020-04-01', to: '2020-04-10', uptake: undefined }];
    const { model, economy } = compiled(document);
    const last = (model.dayCount - 1) * model.regionCount;
    expect(economy.householdsPaid[last]! + economy.householdsPaid[last + 1]!).toBeCloseTo(100_000, 6);
    expect(total(economy.reliefPaid)).toBeCloseTo(16_000_000 + 20_000_000, 3);
  });

  it('spreads the propensity to consume over the spending window', () => {
    const { model, economy, dates } = compiled(economyDocument());
    expect(total(economy.consumptionExtra)).toBeCloseTo(0.3 * 16_000_000, 3);
    const afterExpiry = dates.indexOf('2020-05-01') * model.regionCount;
    expect(economy.consumptionExtra[afterExpiry]).toBe(0);
  });

  it('adds nothing to consumption when the effect is off', () => {
    const document = economyDocument();
    document.economy.relief.consumptionEffect.enabled = false;
    const { economy } = compiled(document);
    expect(total(economy.consumptionExtra)).toBe(0);
  });

  it('counts a payment as income for the window after it', () => {
    const { model, economy, dates } = compiled(economyDocument());
    const lowest = (table: Float64Array, date: string): number => table[dates.indexOf(date) * model.regionCount * QUINTILES]!;
    // Distancing runs to 04-15, so on 05-20 income is back at its base and the payments are outside the 30 days.
    expect(lowest(economy.incomeWithRelief, '2020-05-20')).toBe(1000);
    // On 03-12 half the households hold a payment of 200 on average.
    const withRelief = lowest(economy.incomeWithRelief, '2020-03-12');
    const without = lowest(economy.incomeWithoutRelief, '2020-03-12');
    expect(withRelief - without).toBeCloseTo(0.5 * 200, 6);
  });

  it('cuts the lowest quintile most under distancing', () => {
    const { model, economy, dates } = compiled(economyDocument());
    const d = dates.indexOf('2020-03-05');
    // Intensity 1 - (0.6 + 0.5) / 2 = 0.45.
    expect(economy.distancingIntensity[d * model.regionCount]).toBeCloseTo(0.45, 12);
    const income = (q: number): number => economy.incomeWithoutRelief[d * model.regionCount * QUINTILES + q]!;
    expect(income(0)).toBeCloseTo(1000 * (1 - 0.4 * 0.45), 9);
    expect(income(4)).toBeCloseTo(8000 * (1 - 0.1 * 0.45), 9);
  });

  it('sets the leakage factor from the supported share', () => {
    const { model, economy, dates } = compiled(economyDocument());
    const d = dates.indexOf('2020-03-12');
    expect(economy.leakageFactor![d * model.regionCount]).toBeCloseTo(1 - 0.5 * 0.5, 12);
  });

  it('leaves the leakage factor null without support', () => {
    const off = economyDocument();
    off.economy.relief.complianceEffect.enabled = false;
    expect(compiled(off).economy.leakageFactor).toBeNull();
    const zero = economyDocument();
    zero.economy.relief.payments[0].amountPerHouseholdBySize = [0, 0, 0, 0];
    expect(compiled(zero).economy.leakageFactor).toBeNull();
  });
});

describe('compileEconomy costs and grants', () => {
  it('prices sites from opening day and tracers per day', () => {
    const { model, economy, dates } = compiled(economyDocument());
    const d = dates.indexOf('2020-02-05');
    expect(economy.testingSiteCost[d * model.regionCount]).toBe(20 * 3000);
    expect(economy.testingSiteCost[d * model.regionCount + 1]).toBe(0);
    expect(economy.tracingCost[d * model.regionCount]).toBe(40 * 200);
  });

  it('turns grants into sites, beds and trips', () => {
    const base = compiled(economyDocument());
    const document = economyDocument();
    document.economy.relief.grants = [
      // Two drive-through sites for 30 days at 3,000 a day.
      { region: 'XA-02', date: '2020-03-01', amount: 180_000, use: 'drive_through', days: 30, testsPerDayPerSite: 100 },
      // 50 centre beds for 10 days at 80 a day.
      { region: 'XA-02', date: '2020-03-01', amount: 40_000, use: 'rtc_beds', days: 10 },
      { region: 'XA-01', date: '2020-03-01', amount: 2_000, use: 'vaccination_transport' },
    ];
    const { model, economy, dates } = compiled(document);
    const d = dates.indexOf('2020-03-05') * model.regionCount + 1;
    expect(model.testing.siteCapacity[d]! - base.model.testing.siteCapacity[d]!).toBeCloseTo(200, 9);
    expect(model.care.rtcCapacity[d]! - base.model.care.rtcCapacity[d]!).toBeCloseTo(50, 9);
    const after = dates.indexOf('2020-03-31') * model.regionCount + 1;
    expect(model.testing.siteCapacity[after]).toBe(base.model.testing.siteCapacity[after]);
    expect(economy.vaccinationTransportPersons[0]).toBe(100);
    expect(total(economy.grantCost)).toBe(222_000);
  });
});

describe('economy validation', () => {
  it('accepts the fixture', () => {
    expect(checkScenario(economyDocument())).toEqual([]);
  });

  it('names the path, the value and the fix of each problem', () => {
    const document = economyDocument();
    const payment = document.economy.relief.payments[0];
    payment.amountPerHousehold = 300;
    payment.uptake = [
      { date: '2020-03-15', share: 0.6 },
      { date: '2020-03-14', share: 0.5 },
      { date: '2020-03-25', share: 0.9 },
    ];
    payment.coverage = { excludeGroups: ['pensioners'] };
    payment.regions = ['XA-09'];
    document.economy.households.sizeShares = [0.5, 0.25, 0.25, 0.25];
    document.economy.relief.grants = [{ region: 'XA-01', date: '2020-03-01', amount: 1000, use: 'walk_through' }];
    const result = validateScenario(document);
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    const byPath = new Map(problems.map((problem) => [problem.path, problem]));
    expect([...byPath.keys()].sort()).toEqual(
      [
        'economy.households.sizeShares',
        'economy.relief.payments[0]',
        'economy.relief.payments[0].uptake[1].date',
        'economy.relief.payments[0].uptake[1].share',
        'economy.relief.payments[0].uptake[2].date',
        'economy.relief.payments[0].coverage.excludeGroups[0]',
        'economy.relief.payments[0].regions[0]',
        'economy.relief.grants[0].days',
        'economy.relief.grants[0].testsPerDayPerSite',
        'economy.costs.testingSitePerDay.walk_through',
      ].sort(),
    );
    expect(byPath.get('economy.households.sizeShares')!.received).toBe('sum 1.25');
    expect(byPath.get('economy.relief.payments[0].uptake[1].share')!.received).toBe('0.5');
    expect(byPath.get('economy.relief.payments[0].uptake[2].date')!.message).toContain('2020-03-10 to 2020-03-20');
    expect(byPath.get('economy.relief.payments[0].coverage.excludeGroups[0]')!.received).toBe('"pensioners"');
    expect(byPath.get('economy.relief.payments[0].regions[0]')!.received).toBe('"XA-09"');
    expect(byPath.get('economy.costs.testingSitePerDay.walk_through')!.received).toBe('0');
    for (const problem of problems) expect(problem.message, problem.path).toMatch(/, so |needs|must|but /);
  });

  it('reports a payment before the simulation and a missing total', () => {
    const document = economyDocument();
    document.economy.relief.payments[0].from = '2020-01-15';
    delete document.economy.households.total;
    const paths = checkScenario(document).map((problem) => problem.path);
    expect(paths).toContain('economy.relief.payments[0].from');
    expect(paths).toContain('economy.households.total');
  });

  it('reports group shares above all of a quintile', () => {
    const document = economyDocument();
    document.economy.households.groups = [
      { name: 'a', shareByQuintile: [0.7, 0, 0, 0, 0] },
      { name: 'b', shareByQuintile: [0.4, 0, 0, 0, 0] },
    ];
    const problems = checkScenario(document);
    expect(problems.map((problem) => problem.path)).toEqual(['economy.households.groups']);
    expect(problems[0]!.message).toContain('quintile 1');
  });

  it('reports a field out of range at its path', () => {
    const document = economyDocument();
    document.economy.relief.consumptionEffect.propensityToConsume = 1.5;
    const result = validateScenario(document);
    const problems = result.ok ? [] : result.problems;
    expect(problems.map((problem) => problem.path)).toEqual(['economy.relief.consumptionEffect.propensityToConsume']);
    expect(problems[0]!.expected).toContain('fraction of the payment');
  });

  it('warns about a payment after the end', () => {
    const document = economyDocument();
    document.economy.relief.payments[0] = { ...document.economy.relief.payments[0], from: '2020-07-01', to: '2020-07-10', uptake: undefined, expires: undefined };
    const warnings = scenarioWarnings(validOrThrow(document));
    expect(warnings.some((line) => line.startsWith('economy.relief.payments[0].from'))).toBe(true);
  });
});

describe('economy households', () => {
  it('warns about no households', () => {
    const document = economyDocument();
    document.economy.households.total = 0;
    const warnings = scenarioWarnings(validOrThrow(document));
    expect(warnings).toContain(
      'economy.households: the scenario has no households, so no relief is paid and incomes and their ratios are empty; ' +
        'give the number of households in `total` or per region',
    );
    expect(scenarioWarnings(validOrThrow(economyDocument())).some((line) => line.startsWith('economy.households:'))).toBe(false);
  });

  it('warns about more households than residents', () => {
    const document = economyDocument();
    const scenario = validOrThrow(document);
    const residents = scenario.regions.reduce((sum, region) => sum + (region.populationByAge ?? []).reduce((a, b) => a + b, 0), 0);
    document.economy.households.total = residents + 1;
    const warnings = scenarioWarnings(validOrThrow(document)).filter((line) => line.startsWith('economy.households:'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`has ${(residents + 1).toLocaleString('en-US')} households but ${residents.toLocaleString('en-US')} residents`);
  });
});

describe('economy currency', () => {
  it('names the code form', () => {
    const document = economyDocument();
    document['economy'] = { ...document['economy'], currency: 'krw won' };
    const validation = validateScenario(document);
    expect(validation.ok).toBe(false);
    if (validation.ok) return;
    const problem = validation.problems.find((candidate) => candidate.path === 'economy.currency');
    expect(problem?.message).toBe('economy.currency is not an ISO 4217 currency code, so write three capital letters such as "KRW" or "USD".');
    expect(problem?.expected).toBe('ISO 4217 code of three capital letters such as "KRW"');
  });
});
