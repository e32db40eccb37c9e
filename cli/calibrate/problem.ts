import { epochDayOf, isoDateOfEpochDay } from '../../scenarios/calendar.js';
import { centralValue, type FitParameter, type Scenario } from '../../scenarios/index.js';
import type { CalibrationProblem, ObservedQuantity, ObservedStream } from '../../workers/index.js';
import { InputError, messages, type CalibrationWindow, type ConfirmationDelay, type DateRange } from '../messages.js';
import type { ObservedCounts, ObservedTests, RegionalQuantity } from './observed-counts.js';
import { defaultFitNames, overlapWarnings, resolveFitNames, type CalibrateSettings } from './settings.js';

/** A calibration problem with the lines to show the user about the data that went into it. */
export interface BuiltProblem {
  problem: CalibrationProblem;
  /** Every date of the window, in order. */
  dates: string[];
  warnings: string[];
}

/**
 * Builds the calibration problem. The window runs by default from the scenario start, or the first
 * observed day if later, to the scenario end, or the last observed day if earlier. The parameters
 * are those of `--fit`, or the default set for the window. Each quantity gets the daily counts of
 * every region the file covers. Days that the file lacks, and negative
 * daily changes (cases moved to another region), are left out of the likelihood.
 *
 * @param simulatedDates every date of the simulation
 * @param nationalCode the code that labels the national tests series
 * @throws InputError when the window has no observed confirmed case count, naming the window, where
 *   each of its ends came from, and the dates of the observed data
 */
export function buildProblem(
  scenario: Scenario,
  settings: CalibrateSettings,
  observed: ObservedCounts,
  tests: ObservedTests | undefined,
  simulatedDates: readonly string[],
  nationalCode: string,
): BuiltProblem {
  const confirmed = observed.daily.get('confirmed')!;
  const observedDates = [...confirmed.values()].flatMap((values) => [...values.keys()]).sort();
  let from = settings.from ?? later(simulatedDates[0]!, observedDates[0] ?? simulatedDates[0]!);
  let to = settings.to ?? earlier(simulatedDates.at(-1)!, observedDates.at(-1) ?? simulatedDates.at(-1)!);
  const observedRange = observedDates.length === 0 ? undefined : { from: observedDates[0]!, to: observedDates.at(-1)! };
  const warnings: string[] = [];
  // A window wider than the data fits the same days as the data's own range, so the window that
  // fit.json and the fitted scenario record is that range.
  if (observedRange !== undefined && from < observedRange.from && observedRange.from <= to) {
    warnings.push(messages.calibrateWindowBeyondData('--from', from, 'first', observedRange.from));
    from = observedRange.from;
  }
  if (observedRange !== undefined && to > observedRange.to && observedRange.to >= from) {
    warnings.push(messages.calibrateWindowBeyondData('--to', to, 'last', observedRange.to));
    to = observedRange.to;
  }
  const dates = simulatedDates.filter((date) => date >= from && date <= to);
  if (dates.length === 0) throw emptyWindowError(settings, from, to, simulatedDates, observedRange);

  const streams: ObservedStream[] = [];
  for (const quantity of ['confirmed', 'deaths'] as const satisfies RegionalQuantity[]) {
    const table = observed.daily.get(quantity);
    if (table === undefined) continue;
    const stream: ObservedStream = { quantity, series: [] };
    const negativeDays: string[] = [];
    const missing: string[] = [];
    scenario.regions.forEach((region, regionSlot) => {
      const values = table.get(region.code);
      if (values === undefined) {
        missing.push(region.code);
        return;
      }
      const counts = dates.map((date) => {
        const value = values.get(date);
        if (value !== undefined && value < 0) negativeDays.push(`${region.code} on ${date}`);
        return value === undefined || value < 0 ? Number.NaN : value;
      });
      stream.series.push({ region: region.code, regionSlot, counts });
    });
    if (quantity === 'confirmed' && missing.length > 0) warnings.push(messages.calibrateRegionsMissing(missing));
    if (negativeDays.length > 0) warnings.push(messages.calibrateNegativeDays(quantity, negativeDays));
    if (stream.series.length > 0) streams.push(stream);
  }
  const observedDays = streams[0]?.series.flatMap((series) => series.counts).filter((count) => !Number.isNaN(count));
  if (streams[0]?.quantity !== 'confirmed' || observedDays === undefined || observedDays.length === 0) {
    throw new InputError(messages.calibrateNoObservedDays(settings.observedPath, from, to, observedRange));
  }
  // The window has observed days at this point, so observedRange is defined.
  if (dates.length === 1) warnings.push(oneDayWindowWarning(settings, from, simulatedDates, observedRange!));

  if (tests !== undefined) {
    const negativeDays: string[] = [];
    const counts = dates.map((date) => {
      const value = tests.daily.get(date);
      if (value !== undefined && value < 0) negativeDays.push(`${nationalCode} on ${date}`);
      return value === undefined || value < 0 ? Number.NaN : value;
    });
    if (negativeDays.length > 0) warnings.push(messages.calibrateNegativeDays('tests', negativeDays));
    if (counts.every((count) => Number.isNaN(count))) {
      const testDates = [...tests.daily.keys()].sort();
      const range = testDates.length === 0 ? undefined : { from: testDates[0]!, to: testDates.at(-1)! };
      throw new InputError(messages.calibrateNoTestDays(settings.testsPath ?? '', from, to, range));
    }
    const quantity: ObservedQuantity = 'tests';
    streams.push({ quantity, series: [{ region: nationalCode, regionSlot: scenario.regions.length, counts }] });
  }

  const names = settings.fitNames ?? defaultFitNames(scenario, from, to);
  const { parameters, fitDispersion } = resolveFitNames(names, scenario);
  for (const parameter of parameters) {
    const warning = checkSeedingReachesWindow(parameter, scenario, to);
    if (warning !== undefined) warnings.push(warning);
  }
  warnings.push(...overlapWarnings(parameters));
  const problem: CalibrationProblem = {
    scenario,
    parameters,
    fitDispersion,
    from,
    to,
    streams,
  };
  return { problem, dates, warnings };
}

/** Builds the error for a window with no simulated day, which names where each of its ends came from. */
function emptyWindowError(
  settings: CalibrateSettings,
  from: string,
  to: string,
  simulatedDates: readonly string[],
  observedRange: DateRange | undefined,
): InputError {
  const simulation = { from: simulatedDates[0]!, to: simulatedDates.at(-1)! };
  const window = calibrationWindow(settings, from, to, simulation);
  const flagsGiven = settings.from !== undefined || settings.to !== undefined;
  return new InputError(messages.calibrateEmptyWindow(window, settings.observedPath, observedRange, simulation, flagsGiven));
}

/**
 * Builds the warning for a window of one day, which names where its ends came from and how to widen it
 * within the simulation and the observed days of confirmed cases.
 */
function oneDayWindowWarning(
  settings: CalibrateSettings,
  day: string,
  simulatedDates: readonly string[],
  observedRange: DateRange,
): string {
  const simulation = { from: simulatedDates[0]!, to: simulatedDates.at(-1)! };
  const window = calibrationWindow(settings, day, day, simulation);
  const widest = { from: later(simulation.from, observedRange.from), to: earlier(simulation.to, observedRange.to) };
  return messages.calibrateOneDayWindow(window, widest);
}

/**
 * Returns the window with where each end came from: the flag, or, for an end the flags leave open,
 * the simulation or the observed days. A --from or --to moved to the observed days is named after
 * the observed day it moved to.
 */
function calibrationWindow(settings: CalibrateSettings, from: string, to: string, simulation: DateRange): CalibrationWindow {
  let fromSource = '--from';
  if (settings.from !== from) fromSource = from === simulation.from ? 'the simulation start' : 'the first observed day';
  let toSource = '--to';
  if (settings.to !== to) toSource = to === simulation.to ? 'the simulation end' : 'the last observed day';
  return { from, fromSource, to, toSource };
}

function later(a: string, b: string): string {
  return a > b ? a : b;
}

function earlier(a: string, b: string): string {
  return a < b ? a : b;
}

/**
 * Checks that a seeding parameter can change the fitted days, with its entries at the earliest date
 * its shift allows. It rejects a parameter whose entries start after the window ends: the fitted
 * days cannot depend on it, so its search and profile would run on a flat likelihood and end on a
 * bound. It returns a warning when the entries start too close to the window end for the mean
 * infection to be confirmed in the window, and undefined otherwise.
 *
 * @throws InputError naming the parameter, its earliest date and the end of the window
 */
function checkSeedingReachesWindow(parameter: FitParameter, scenario: Scenario, to: string): string | undefined {
  const { target } = parameter;
  if (target.kind !== 'seedingScale' && target.kind !== 'seedingShift') return undefined;
  const shift = target.kind === 'seedingShift' ? Math.floor(parameter.lower) : 0;
  const firstDays = target.entries.map((entry) => epochDayOf(scenario.seeding[entry]!.date)! + shift);
  const earliestDay = Math.min(...firstDays);
  const earliest = isoDateOfEpochDay(earliestDay);
  if (earliest > to) throw new InputError(messages.calibrateSeedingAfterWindow(parameter.name, earliest, to));

  const delay = confirmationDelay(scenario);
  const daysBeforeEnd = epochDayOf(to)! - earliestDay;
  if (daysBeforeEnd >= delay.totalDays) return undefined;
  const enoughTo = isoDateOfEpochDay(earliestDay + Math.ceil(delay.totalDays));
  return messages.calibrateSeedingNearWindowEnd(parameter.name, earliest, to, daysBeforeEnd, delay, enoughTo);
}

/**
 * Estimates the mean time from infection to a confirmed case at the scenario's central values: the
 * latent and pre-symptomatic periods until symptoms start, then the test turnaround.
 *
 * NOTE: the estimate leaves out the delay to seek a test and the wait for one, which change with the
 * date, so most cases take longer. A case found by screening or tracing before onset can take less.
 */
function confirmationDelay(scenario: Scenario): ConfirmationDelay {
  const latentDays = centralValue(scenario.epidemiology.latentDays);
  const presymptomaticDays = centralValue(scenario.epidemiology.presymptomaticDays);
  const turnaroundDays = centralValue(scenario.testing.turnaroundDays);
  // Rounded to a hundredth of a day, so that a sum such as 0.1 + 0.2 does not round up to a further day.
  const totalDays = Math.round((latentDays + presymptomaticDays + turnaroundDays) * 100) / 100;
  return { latentDays, presymptomaticDays, turnaroundDays, totalDays };
}
