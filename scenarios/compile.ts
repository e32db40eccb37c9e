import { createRunRandom, type CompiledModel, type Epidemiology, type Random, type Transmission } from '../engine/index.js';

import { calendarOf } from './calendar.js';
import { compileCare } from './care.js';
import { settingMultipliers, SETTINGS } from './distancing.js';
import { compileEconomy, tabulateGrants } from './economy.js';
import { centralValue, resolveParameters, sampleValue, type ResolvedScenario } from './distributions.js';
import { sampleFitUncertainty } from './fit-uncertainty.js';
import { mobilityMatrix } from './mobility.js';
import { infectiousDaysByAge, nextGenerationMatrix, transmissionPerContactFor } from './nextGeneration.js';
import { populationTable, regionIndexOf } from './regions.js';
import type { Scenario } from './scenario.js';
import { seedInfections } from './seeding.js';
import { severityFractions, type SeverityFractions } from './severity.js';
import { compileTesting } from './testing.js';
import { compileTracing } from './tracing.js';
import type { TimelineFrame } from './timeline.js';

/** Options of the compiler: how parameter values are chosen. */
export interface CompileOptions {
  /**
   * `central` uses each parameter's central value: the number, the mean of a uniform or normal,
   * the median of a log-normal or the mode of a triangular distribution. `sampled` draws each
   * distribution from its own stream, `streamFor(path)`.
   */
  sampling: 'central' | 'sampled';
  /**
   * The random stream of the parameter at a JSON path such as `transmission.r0`, required for
   * `sampled`. A stream per path gives a parameter the same draw in every scenario that has it at the
   * same path, whatever else differs: plans compared with common random numbers share their draws.
   * {@link parameterStreams} makes the streams of one Monte Carlo run.
   */
  streamFor?: (path: string) => Random;
}

/** Returns the parameter streams of Monte Carlo run `runIndex`: one stream per parameter path, from the seed. */
export function parameterStreams(seed: string | number, runIndex: number): (path: string) => Random {
  return (path) => createRunRandom(seed, runIndex, `parameter ${path}`);
}

/**
 * Resolves every parameter of a scenario to a number, centrally or by drawing from its stream.
 * Sampling first draws the fitted parameters listed under `fitUncertainty` (see `fit-uncertainty.ts`).
 *
 * @throws TypeError when `sampling` is `sampled` and no `streamFor` is given
 */
export function resolveScenario(scenario: Scenario, options: CompileOptions): ResolvedScenario {
  if (options.sampling === 'central') return resolveParameters(scenario, centralValue);
  const streamFor = options.streamFor;
  if (streamFor === undefined) {
    throw new TypeError('compileScenario: options.streamFor is required when sampling is "sampled"');
  }
  const drawn = sampleFitUncertainty(scenario, streamFor);
  return resolveParameters(drawn, (value, path) => sampleValue(value, streamFor(path)));
}

/** Severity fractions of a resolved scenario, per age band. */
export function severityOf(scenario: ResolvedScenario): SeverityFractions {
  const { epidemiology, care } = scenario;
  return severityFractions({
    asymptomaticFraction: epidemiology.asymptomaticFraction,
    hospitalisedPercentByAge: epidemiology.hospitalisedPercentByAge,
    criticalPercentOfHospitalisedByAge: epidemiology.criticalPercentOfHospitalisedByAge,
    infectionFatalityPercentByAge: epidemiology.infectionFatalityPercentByAge,
    waitingWardFatalityFactor: care.waitingWardFatalityFactor,
  });
}

/**
 * Compiles a validated scenario into the engine's model: dates become day indices, timelines
 * become tables per day and region, and every parameter becomes a number.
 *
 * The transmission probability per contact is set from R0 with the next-generation matrix of the
 * whole country on day 0, without interventions and without regional mixing.
 *
 * @throws TypeError when `options.sampling` is `sampled` without `options.streamFor`
 * @throws RangeError when the scenario has not been validated and refers to unknown regions,
 *   has no contacts, or has tables of the wrong size
 */
export function compileScenario(scenario: Scenario, options: CompileOptions): CompiledModel {
  const resolved = resolveScenario(scenario, options);
  const calendar = calendarOf(scenario);
  const regionIndex = regionIndexOf(scenario);
  const frame: TimelineFrame = { startDate: calendar.startDate, dayCount: calendar.dayCount, regionIndex };
  const regionCount = scenario.regions.length;
  const ageBandCount = scenario.ageBands.length;

  const population = populationTable(scenario);
  const severity = severityOf(resolved);
  const epidemiology = compileEpidemiology(resolved, severity);
  const transmission = compileTransmission(resolved, population, epidemiology, frame);
  const testing = compileTesting(resolved, frame);
  const care = compileCare(resolved, frame, severity.waitingWardFatalityFraction);

  // Grants add to the capacity of the regions that receive them, where testing and bed limits apply.
  const grants = tabulateGrants(resolved, frame);
  if (scenario.testing.enabled) addInto(testing.siteCapacity, grants.siteCapacity);
  if (scenario.care.capacityLimits) addInto(care.rtcCapacity, grants.rtcBeds);

  return {
    regionCount,
    ageBandCount,
    dayCount: calendar.dayCount,
    deterministicSolver: scenario.simulation.solver,
    stepDays: scenario.simulation.stepDays,
    stochasticStepDays: scenario.simulation.stochasticStepDays,
    population,
    epidemiology,
    transmission,
    testing,
    tracing: compileTracing(resolved, frame),
    care,
    economy: compileEconomy(resolved, frame, population, transmission.settingMultiplier, grants),
  };
}

function addInto(target: Float64Array, addition: Float64Array): void {
  for (let i = 0; i < target.length; i++) target[i]! += addition[i]!;
}

function compileEpidemiology(scenario: ResolvedScenario, severity: SeverityFractions): Epidemiology {
  const e = scenario.epidemiology;
  return {
    latentDays: e.latentDays,
    presymptomaticDays: e.presymptomaticDays,
    asymptomaticDays: e.asymptomaticDays,
    mildDays: e.mildDays,
    onsetToWardDays: e.onsetToWardDays,
    onsetToIcuDays: e.onsetToIcuDays,
    asymptomaticFraction: severity.asymptomaticFraction,
    severeFraction: severity.severeFraction,
    criticalFraction: severity.criticalFraction,
    icuFatalityFraction: severity.icuFatalityFraction,
    asymptomaticInfectiousness: e.asymptomaticInfectiousness,
    presymptomaticInfectiousness: e.presymptomaticInfectiousness,
  };
}

function matrixOf(rows: readonly (readonly number[])[], n: number, name: string): Float64Array {
  if (rows.length !== n || rows.some((row) => row.length !== n)) {
    throw new RangeError(`transmission.contactsPerDay.${name} must be ${n} x ${n}, one row and column per age band`);
  }
  return Float64Array.from(rows.flat());
}

function compileTransmission(
  scenario: ResolvedScenario,
  population: Float64Array,
  epidemiology: Epidemiology,
  frame: TimelineFrame,
): Transmission {
  const { transmission } = scenario;
  const bandCount = scenario.ageBands.length;
  const regionCount = scenario.regions.length;
  const contacts = {
    home: matrixOf(transmission.contactsPerDay.home, bandCount, 'home'),
    work: matrixOf(transmission.contactsPerDay.work, bandCount, 'work'),
    school: matrixOf(transmission.contactsPerDay.school, bandCount, 'school'),
    other: matrixOf(transmission.contactsPerDay.other, bandCount, 'other'),
  };
  const susceptibility = Float64Array.from(transmission.susceptibilityByAge ?? new Array<number>(bandCount).fill(1));

  // National population per band, and per region for the mobility shares.
  const nationalByAge = new Float64Array(bandCount);
  const byRegion = new Float64Array(regionCount);
  for (let r = 0; r < regionCount; r++) {
    for (let a = 0; a < bandCount; a++) {
      nationalByAge[a]! += population[r * bandCount + a]!;
      byRegion[r]! += population[r * bandCount + a]!;
    }
  }

  const allSettings = new Float64Array(bandCount * bandCount);
  for (const setting of SETTINGS) {
    for (let i = 0; i < allSettings.length; i++) allSettings[i]! += contacts[setting][i]!;
  }
  const infectiousDays = infectiousDaysByAge(epidemiology, epidemiology);
  const nextGeneration = nextGenerationMatrix(allSettings, susceptibility, nationalByAge, infectiousDays);

  return {
    transmissionPerContact: transmissionPerContactFor(transmission.r0, nextGeneration, bandCount),
    susceptibility,
    contactsHome: contacts.home,
    contactsWork: contacts.work,
    contactsSchool: contacts.school,
    contactsOther: contacts.other,
    mobility: mobilityMatrix(scenario, byRegion),
    settingMultiplier: settingMultipliers(scenario.interventions.distancing, frame),
    seedInfections: seedInfections(scenario, population, frame),
  };
}
