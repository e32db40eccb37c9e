import { dayIndexOf, epochDayOf, isoDateOfEpochDay } from './calendar.js';
import { resolveScenario, severityOf } from './compile.js';
import { economyWarnings } from './economy-messages.js';
import { warnings } from './messages.js';
import { populationOf } from './checks.js';
import { listOf } from './lenient.js';
import { formatPath, valueAt } from './problems.js';
import type { Scenario } from './scenario.js';
import { TIMELINES } from './timelineConflicts.js';

/**
 * Lists the warnings for a valid scenario: inputs that have no effect (a site, timeline entry, period,
 * route, payment or grant that starts after the end, seeding past the end), empty capacity tables, and fatality caps
 * that bind at the central parameter values.
 */
export function scenarioWarnings(scenario: Scenario): string[] {
  const { start, end } = scenario.simulation;
  const lastDay = dayIndexOf(end, start);
  const list: string[] = [];

  for (const [i, site] of scenario.testing.sites.entries()) {
    if (dayIndexOf(site.opens, start) > lastDay) {
      list.push(warnings.siteOpensAfterEnd(formatPath(['testing', 'sites', i, 'opens']), site.opens, end));
    }
  }
  for (const [i, period] of scenario.interventions.distancing.entries()) {
    if (dayIndexOf(period.start, start) > lastDay) {
      const path = formatPath(['interventions', 'distancing', i, 'start']);
      list.push(warnings.distancingAfterEnd(path, period.start, end));
    }
  }
  for (const keys of TIMELINES) {
    for (const [i, entry] of (listOf(valueAt(scenario, keys)) as readonly { from: string }[]).entries()) {
      if (dayIndexOf(entry.from, start) > lastDay) {
        list.push(warnings.timelineEntryAfterEnd(formatPath([...keys, i, 'from']), entry.from, end));
      }
    }
  }
  const populationByCode = new Map(scenario.regions.map((region) => [region.code, populationOf(region) ?? 0]));
  for (const [i, cluster] of scenario.tracing.clusters.entries()) {
    const population = populationByCode.get(cluster.region) ?? 0;
    if (cluster.linkedPersons > population) {
      const path = formatPath(['tracing', 'clusters', i, 'linkedPersons']);
      list.push(warnings.clusterLargerThanRegion(path, cluster.linkedPersons, cluster.region, population));
    }
    if (dayIndexOf(cluster.dateFound, start) > lastDay) {
      list.push(warnings.clusterAfterEnd(formatPath(['tracing', 'clusters', i, 'dateFound']), cluster.dateFound, end));
    }
  }
  for (const [i, route] of scenario.care.transfers.entries()) {
    if (dayIndexOf(route.start, start) > lastDay) {
      list.push(warnings.transferAfterEnd(formatPath(['care', 'transfers', i, 'start']), route.start, end));
    }
  }
  for (const [i, seed] of scenario.seeding.entries()) {
    const seedFirst = dayIndexOf(seed.date, start);
    const seedLast = seedFirst + seed.spreadDays - 1;
    if (seedFirst > lastDay) {
      list.push(warnings.seedingAfterEnd(formatPath(['seeding', i, 'date']), seed.date, end));
    } else if (seedLast > lastDay) {
      const seedLastDate = isoDateOfEpochDay(epochDayOf(seed.date)! + seed.spreadDays - 1);
      list.push(warnings.seedingPastEnd(formatPath(['seeding', i, 'spreadDays']), seedLastDate, end));
    }
  }

  for (const [i, payment] of (scenario.economy?.relief.payments ?? []).entries()) {
    if (dayIndexOf(payment.from, start) > lastDay) {
      const path = formatPath(['economy', 'relief', 'payments', i, 'from']);
      list.push(economyWarnings.paymentAfterEnd(path, payment.from, end));
    }
  }
  const households = scenario.economy?.households;
  if (households !== undefined) {
    const listed = households.regional.reduce((sum, entry) => sum + (entry.households ?? 0), 0);
    if ((households.total ?? 0) + listed === 0) list.push(economyWarnings.noHouseholds(formatPath(['economy', 'households'])));
  }
  for (const [i, grant] of (scenario.economy?.relief.grants ?? []).entries()) {
    if (dayIndexOf(grant.date, start) > lastDay) {
      list.push(economyWarnings.grantAfterEnd(formatPath(['economy', 'relief', 'grants', i, 'date']), grant.date, end));
    }
  }

  if (scenario.testing.enabled && scenario.testing.sites.length === 0) list.push(warnings.noSites());
  if (scenario.seeding.length === 0) list.push(warnings.noSeeding());
  if (scenario.tracing.enabled && scenario.tracing.staff.length === 0) list.push(warnings.noTracers());
  if (scenario.care.capacityLimits) {
    // Treatment-centre beds matter only while some mild cases are sent to a centre.
    const sendsToCentres = scenario.care.rtcShare.some((step) => step.share > 0);
    const tiers = sendsToCentres ? (['rtcBeds', 'wardBeds', 'icuBeds'] as const) : (['wardBeds', 'icuBeds'] as const);
    for (const tier of tiers) {
      if (scenario.care[tier].length === 0) list.push(warnings.noBeds(`care.${tier}`));
    }
  }

  const severity = severityOf(resolveScenario(scenario, { sampling: 'central' }));
  for (const { band, value } of severity.icuFatalityCapped) {
    list.push(warnings.icuFatalityCapped(scenario.ageBands[band]!, value));
  }
  for (const { band, value } of severity.waitingWardFatalityCapped) {
    list.push(warnings.waitingWardFatalityCapped(scenario.ageBands[band]!, value));
  }
  return list;
}
