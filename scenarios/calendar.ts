import type { Scenario } from './scenario.js';

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Days from 1970-01-01 to an ISO date (UTC, so no time zone or daylight saving shifts), or
 * undefined when the text is not a valid calendar date.
 */
export function epochDayOf(isoDate: string): number | undefined {
  const match = ISO_DATE.exec(isoDate);
  if (match === null) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const ms = Date.UTC(year, month - 1, day);
  const date = new Date(ms);
  // Date.UTC rolls 2020-02-30 over to March, so only a valid date survives the round trip.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return ms / MS_PER_DAY;
}

/** Formats a day counted from 1970-01-01 as an ISO date. */
export function isoDateOfEpochDay(epochDay: number): string {
  return new Date(epochDay * MS_PER_DAY).toISOString().slice(0, 10);
}

function requireEpochDay(isoDate: string): number {
  const epochDay = epochDayOf(isoDate);
  if (epochDay === undefined) throw new RangeError(`"${isoDate}" is not a valid ISO date (YYYY-MM-DD)`);
  return epochDay;
}

/** The simulated days of a scenario. */
export interface ScenarioCalendar {
  /** ISO date of day 0. */
  startDate: string;
  /** Number of simulated days, counting the start and end dates. */
  dayCount: number;
  /** ISO date of each day, `dates[d]` for day index d. */
  dates: string[];
}

/**
 * Lists the simulated days of a scenario, from `simulation.start` to `simulation.end` inclusive.
 *
 * @throws RangeError when a date is invalid or the end is before the start, which a validated
 *   scenario rules out
 */
export function calendarOf(scenario: Scenario): ScenarioCalendar {
  const first = requireEpochDay(scenario.simulation.start);
  const last = requireEpochDay(scenario.simulation.end);
  if (last < first) {
    const { start, end } = scenario.simulation;
    throw new RangeError(`simulation.end (${end}) is before simulation.start (${start})`);
  }
  const dayCount = last - first + 1;
  const dates = Array.from({ length: dayCount }, (_, d) => isoDateOfEpochDay(first + d));
  return { startDate: scenario.simulation.start, dayCount, dates };
}

/**
 * Turns an ISO date into a day index of the simulation: 0 on the start date, negative before it.
 *
 * @throws RangeError when the date is invalid
 */
export function dayIndexOf(isoDate: string, startDate: string): number {
  return requireEpochDay(isoDate) - requireEpochDay(startDate);
}
