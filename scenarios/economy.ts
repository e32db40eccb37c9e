import { QUINTILES, type Economy } from '../engine/index.js';

import { dayIndexOf } from './calendar.js';
import type { ResolvedScenario } from './distributions.js';
import { householdsByQuintile, householdTable, type ResolvedEconomy } from './households.js';
import { tabulateRelief } from './relief.js';
import { siteRampFraction } from './testing.js';
import { tabulateTimeline, type TimelineFrame } from './timeline.js';

/** Days per month when monthly income becomes income per day: 365.25 / 12. */
export const DAYS_PER_MONTH = 365.25 / 12;

/** Settings of the contact multiplier table: home, work, school, other. */
const SETTING_COUNT = 4;

/**
 * Tabulates the distancing intensity per day and region, `[d * regionCount + r]`: 1 minus the mean
 * of the work and other contact multipliers, clamped to 0-1. Work and other contacts stand for
 * working and for shopping and services, the activities whose loss cuts income; home and school
 * contacts do not enter.
 *
 * @param settingMultiplier the compiled contact multipliers, `[(d * regionCount + r) * 4 + k]`
 */
export function distancingIntensity(settingMultiplier: Float64Array, dayCount: number, regionCount: number): Float64Array {
  const intensity = new Float64Array(dayCount * regionCount);
  for (let i = 0; i < intensity.length; i++) {
    const work = settingMultiplier[i * SETTING_COUNT + 1]!;
    const other = settingMultiplier[i * SETTING_COUNT + 3]!;
    intensity[i] = Math.min(1, Math.max(0, 1 - (work + other) / 2));
  }
  return intensity;
}

/** Capacity, money and transport that the grants to regional governments buy, per day and region. */
export interface GrantTables {
  /** Tests per day of the sites that grants pay for. */
  siteCapacity: Float64Array;
  /** Treatment-centre beds that grants pay for. */
  rtcBeds: Float64Array;
  /** Grant money paid per day and region. */
  paid: Float64Array;
  /** People aged 75 or over taken to vaccination, per region. */
  transportPersons: Float64Array;
}

/**
 * Turns each grant into what it buys at the scenario's unit costs. A grant for testing sites runs
 * `amount / (cost per site per day x days)` sites from its date for `days` days, with the usual
 * ramp-up. A grant for treatment-centre beds runs `amount / (cost per open bed per day x days)`
 * beds, and one for transport pays `amount / cost per person` trips. Validation ensures that each
 * unit cost a grant uses is above 0.
 */
export function tabulateGrants(scenario: ResolvedScenario, frame: TimelineFrame): GrantTables {
  const { dayCount, regionIndex } = frame;
  const regionCount = regionIndex.size;
  const tables: GrantTables = {
    siteCapacity: new Float64Array(dayCount * regionCount),
    rtcBeds: new Float64Array(dayCount * regionCount),
    paid: new Float64Array(dayCount * regionCount),
    transportPersons: new Float64Array(regionCount),
  };
  const economy = scenario.economy;
  if (economy === undefined) return tables;
  const { costs } = economy;

  for (const [index, grant] of economy.relief.grants.entries()) {
    const r = regionIndex.get(grant.region);
    if (r === undefined) throw new RangeError(`economy.relief.grants[${index}].region names unknown region ${grant.region}`);
    const firstDay = dayIndexOf(grant.date, frame.startDate);
    if (firstDay >= 0 && firstDay < dayCount) tables.paid[firstDay * regionCount + r]! += grant.amount;

    if (grant.use === 'vaccination_transport') {
      // NOTE: the model has no vaccination yet, so these trips are counted and paid but change nothing.
      tables.transportPersons[r]! += grant.amount / costs.vaccinationTransportPerPerson;
      continue;
    }
    const days = grant.days ?? 0;
    const lastDay = Math.min(dayCount - 1, firstDay + days - 1);
    if (grant.use === 'rtc_beds') {
      const beds = grant.amount / (costs.rtcBedOpenPerDay * days);
      for (let d = Math.max(0, firstDay); d <= lastDay; d++) tables.rtcBeds[d * regionCount + r]! += beds;
      continue;
    }
    const sites = grant.amount / (costs.testingSitePerDay[grant.use] * days);
    const testsPerDay = sites * (grant.testsPerDayPerSite ?? 0);
    for (let d = Math.max(0, firstDay); d <= lastDay; d++) {
      tables.siteCapacity[d * regionCount + r]! += testsPerDay * siteRampFraction(d, firstDay, grant.rampUpDays);
    }
  }
  return tables;
}

/** Running cost of the scenario's testing sites per day and region, from opening to closing day. */
function testingSiteCost(scenario: ResolvedScenario, economy: ResolvedEconomy, frame: TimelineFrame): Float64Array {
  const { dayCount, regionIndex } = frame;
  const regionCount = regionIndex.size;
  const table = new Float64Array(dayCount * regionCount);
  if (!scenario.testing.enabled) return table;
  for (const site of scenario.testing.sites) {
    const r = regionIndex.get(site.region)!;
    const opensDay = dayIndexOf(site.opens, frame.startDate);
    const closesDay = site.closes === undefined ? dayCount - 1 : dayIndexOf(site.closes, frame.startDate);
    const perDay = site.count * economy.costs.testingSitePerDay[site.kind];
    for (let d = Math.max(0, opensDay); d <= Math.min(dayCount - 1, closesDay); d++) table[d * regionCount + r]! += perDay;
  }
  return table;
}

/** Residents per region, summed over the age bands of the population table. */
function residentsByRegion(population: Float64Array, regionCount: number): Float64Array {
  const bands = population.length / regionCount;
  const residents = new Float64Array(regionCount);
  for (let r = 0; r < regionCount; r++) {
    for (let a = 0; a < bands; a++) residents[r]! += population[r * bands + a]!;
  }
  return residents;
}

/** Builds the economy of a scenario without an `economy` group: no households and no costs, only the distancing intensity. */
function emptyEconomy(intensity: Float64Array, frame: TimelineFrame, grants: GrantTables): Economy {
  const cells = frame.dayCount * frame.regionIndex.size;
  return {
    householdsByQuintile: new Float64Array(frame.regionIndex.size * QUINTILES),
    distancingIntensity: intensity,
    incomeWithRelief: new Float64Array(cells * QUINTILES),
    incomeWithoutRelief: new Float64Array(cells * QUINTILES),
    reliefPaid: new Float64Array(cells),
    householdsPaid: new Float64Array(cells),
    householdsSupported: new Float64Array(cells),
    consumptionBase: new Float64Array(cells),
    consumptionExtra: new Float64Array(cells),
    testingSiteCost: new Float64Array(cells),
    tracingCost: new Float64Array(cells),
    grantCost: grants.paid,
    costPerTest: 0,
    costPerOccupiedRtcBedDay: 0,
    costPerOccupiedWardBedDay: 0,
    costPerOccupiedIcuBedDay: 0,
    vaccinationTransportPersons: grants.transportPersons,
    leakageFactor: null,
  };
}

/**
 * Compiles the economy of a scenario: households per region by quintile, income per quintile with
 * and without relief, consumption, relief, the fixed costs of each lever and the leakage factor
 * of the compliance effect, each per day and region.
 *
 * Income without relief is the quintile's monthly income times the region's multiplier, less the
 * quintile's elasticity times the day's distancing intensity. Consumption is each quintile's
 * consumption share of that income, less the consumption elasticity times the intensity, plus the
 * spending that relief adds.
 *
 * @param population residents per region and age band
 * @param settingMultiplier the compiled contact multipliers per day, region and setting
 * @param grants what the grants buy, from {@link tabulateGrants}
 */
export function compileEconomy(
  scenario: ResolvedScenario,
  frame: TimelineFrame,
  population: Float64Array,
  settingMultiplier: Float64Array,
  grants: GrantTables,
): Economy {
  const { dayCount, regionIndex } = frame;
  const regionCount = regionIndex.size;
  const intensity = distancingIntensity(settingMultiplier, dayCount, regionCount);
  const economy = scenario.economy;
  if (economy === undefined) return emptyEconomy(intensity, frame, grants);

  const table = householdTable(economy, regionIndex, residentsByRegion(population, regionCount));
  const households = householdsByQuintile(table);
  const relief = tabulateRelief(economy, table, frame);
  const { income, costs } = economy;

  const multiplier = new Float64Array(regionCount).fill(1);
  for (const entry of economy.households.regional) multiplier[regionIndex.get(entry.region)!] = entry.incomeMultiplier;

  const cells = dayCount * regionCount;
  const incomeWithRelief = new Float64Array(cells * QUINTILES);
  const incomeWithoutRelief = new Float64Array(cells * QUINTILES);
  const consumptionBase = new Float64Array(cells);
  for (let d = 0; d < dayCount; d++) {
    for (let r = 0; r < regionCount; r++) {
      const i = d * regionCount + r;
      const spendingKept = 1 - income.consumptionDistancingElasticity * intensity[i]!;
      for (let q = 0; q < QUINTILES; q++) {
        const monthly =
          income.monthlyPerHouseholdByQuintile[q]! * multiplier[r]! * (1 - income.distancingElasticityByQuintile[q]! * intensity[i]!);
        incomeWithoutRelief[i * QUINTILES + q] = monthly;
        incomeWithRelief[i * QUINTILES + q] = monthly + relief.incomePerHousehold[i * QUINTILES + q]!;
        const spentPerMonth = income.consumptionShareByQuintile[q]! * monthly * spendingKept;
        consumptionBase[i]! += (households[r * QUINTILES + q]! * spentPerMonth) / DAYS_PER_MONTH;
      }
    }
  }

  return {
    householdsByQuintile: households,
    distancingIntensity: intensity,
    incomeWithRelief,
    incomeWithoutRelief,
    reliefPaid: relief.paid,
    householdsPaid: relief.householdsPaid,
    householdsSupported: relief.householdsSupported,
    consumptionBase,
    consumptionExtra: relief.consumptionExtra,
    testingSiteCost: testingSiteCost(scenario, economy, frame),
    tracingCost: scenario.tracing.enabled
      ? tabulateTimeline(scenario.tracing.staff, (step) => step.tracers * costs.perTracerPerDay, 0, frame)
      : new Float64Array(cells),
    grantCost: grants.paid,
    costPerTest: costs.perTest,
    costPerOccupiedRtcBedDay: costs.occupiedBedPerDay.rtc,
    costPerOccupiedWardBedDay: costs.occupiedBedPerDay.ward,
    costPerOccupiedIcuBedDay: costs.occupiedBedPerDay.icu,
    vaccinationTransportPersons: grants.transportPersons,
    leakageFactor: leakageFactor(economy, relief.householdsSupported, table, regionCount),
  };
}

/**
 * Returns the multiplier on non-compliance per day and region, `1 - reduction x supported share`,
 * or null when the compliance effect is off, its reduction is 0 or no household is ever supported.
 */
function leakageFactor(
  economy: ResolvedEconomy,
  householdsSupported: Float64Array,
  table: { cells: Float64Array },
  regionCount: number,
): Float64Array | null {
  const effect = economy.relief.complianceEffect;
  if (!effect.enabled || effect.leakageReductionFraction <= 0) return null;
  const households = new Float64Array(regionCount);
  const perRegion = table.cells.length / regionCount;
  for (let r = 0; r < regionCount; r++) {
    for (let k = 0; k < perRegion; k++) households[r]! += table.cells[r * perRegion + k]!;
  }
  const factor = new Float64Array(householdsSupported.length);
  let anySupport = false;
  for (let i = 0; i < factor.length; i++) {
    const r = i % regionCount;
    const share = households[r]! > 0 ? Math.min(1, householdsSupported[i]! / households[r]!) : 0;
    if (share > 0) anySupport = true;
    factor[i] = 1 - effect.leakageReductionFraction * share;
  }
  return anySupport ? factor : null;
}
