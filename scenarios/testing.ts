import type { Testing } from '../engine/index.js';

import { dayIndexOf } from './calendar.js';
import { DEMAND_CLASSES } from './defaults.js';
import type { ResolvedScenario } from './distributions.js';
import { tabulateNationalTimeline, tabulateTimeline, type TimelineFrame } from './timeline.js';

/**
 * Computes a site's ramp-up, 0-1, as its mean over simulated day `day`. Capacity rises linearly
 * from 0 at the start of the opening day to full `rampUpDays` later, and a ramp of 0 days is full
 * from the opening day. Taking the mean over the day makes the tests a site adds over its ramp
 * equal to the area under the ramp.
 *
 * @param day day index of the simulation
 * @param opensDay day index of the opening day (may be negative)
 */
export function siteRampFraction(day: number, opensDay: number, rampUpDays: number): number {
  const elapsed = day - opensDay;
  if (elapsed < 0) return 0;
  if (rampUpDays <= 0 || elapsed >= rampUpDays) return 1;
  if (elapsed + 1 <= rampUpDays) return (elapsed + 0.5) / rampUpDays;
  // The ramp ends within this day: the rising part, then full capacity for the rest of the day.
  return (rampUpDays * rampUpDays - elapsed * elapsed) / (2 * rampUpDays) + (elapsed + 1 - rampUpDays);
}

/**
 * Tabulates site capacity per day and region, `[d * regionCount + r]`, in tests per day: the sum
 * over sites open that day of count x testsPerDayPerSite x ramp-up. A site is open from `opens`
 * to `closes` inclusive.
 */
export function siteCapacity(sites: ResolvedScenario['testing']['sites'], frame: TimelineFrame): Float64Array {
  const { dayCount, regionIndex } = frame;
  const regionCount = regionIndex.size;
  const table = new Float64Array(dayCount * regionCount);
  for (const [i, site] of sites.entries()) {
    const r = regionIndex.get(site.region);
    if (r === undefined) throw new RangeError(`testing.sites[${i}].region names unknown region ${site.region}`);
    const opensDay = dayIndexOf(site.opens, frame.startDate);
    const closesDay = site.closes === undefined ? dayCount - 1 : dayIndexOf(site.closes, frame.startDate);
    const lastDay = Math.min(dayCount - 1, closesDay);
    const fullPerDay = site.count * site.testsPerDayPerSite;
    for (let d = Math.max(0, opensDay); d <= lastDay; d++) {
      table[d * regionCount + r]! += fullPerDay * siteRampFraction(d, opensDay, site.rampUpDays);
    }
  }
  return table;
}

/**
 * Converts the share of cases who seek a test before they leave the state (recovery or a bed)
 * into a seeking rate per day. Seeking at rate lambda competes with leaving at rate
 * 1 / durationDays, so the share who seek first is lambda / (lambda + 1 / durationDays). Solved
 * for lambda, this gives share / (1 - share) / durationDays.
 */
export function seekPerDayFromShare(share: number, durationDays: number): number {
  return share / (1 - share) / durationDays;
}

/**
 * Compiles the testing group. With `testing.enabled` false there is no site capacity, no test
 * seeking and no background or screening demand, and laboratories have no limit.
 */
export function compileTesting(scenario: ResolvedScenario, frame: TimelineFrame): Testing {
  const { testing, epidemiology } = scenario;
  const cells = frame.dayCount * frame.regionIndex.size;
  const enabled = testing.enabled;

  const mildDays = epidemiology.mildDays;
  const onsetToWardDays = epidemiology.onsetToWardDays;

  return {
    siteCapacity: enabled ? siteCapacity(testing.sites, frame) : new Float64Array(cells),
    labCapacityRegional: enabled
      ? tabulateTimeline(testing.labCapacity.regional, (step) => step.testsPerDay, Infinity, frame)
      : new Float64Array(cells).fill(Infinity),
    labCapacityNational: enabled
      ? tabulateNationalTimeline(testing.labCapacity.national, (step) => step.testsPerDay, Infinity, frame)
      : new Float64Array(frame.dayCount).fill(Infinity),
    backgroundDemandPerCapita: enabled
      ? tabulateTimeline(testing.backgroundDemand, (step) => step.testsPerPersonPerDay, 0, frame)
      : new Float64Array(cells),
    screeningDemand: enabled
      ? tabulateTimeline(testing.screeningDemand, (step) => step.testsPerDay, 0, frame)
      : new Float64Array(cells),
    screeningInfectedOdds: enabled
      ? tabulateTimeline(testing.screeningDemand, (step) => step.infectedOdds, 1, frame)
      : new Float64Array(cells).fill(1),
    seekMildPerDay: enabled
      ? tabulateTimeline(testing.seeking, (step) => seekPerDayFromShare(step.mildShare, mildDays), 0, frame)
      : new Float64Array(cells),
    seekSeverePerDay: enabled
      ? tabulateTimeline(testing.seeking, (step) => seekPerDayFromShare(step.severeShare, onsetToWardDays), 0, frame)
      : new Float64Array(cells),
    maxServicePerDay: 1 / testing.shortestWaitDays,
    turnaroundDays: testing.turnaroundDays,
    sensitivityPresymptomatic: testing.sensitivity.presymptomatic,
    sensitivityAsymptomatic: testing.sensitivity.asymptomatic,
    sensitivitySymptomatic: testing.sensitivity.symptomatic,
    priority: Int8Array.from(testing.priority, (name) => DEMAND_CLASSES.indexOf(name)),
  };
}
