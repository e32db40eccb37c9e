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

  const late = (entries: readonly { date: string }[]): number[] =>
    entries.flatMap(({ date }, i) => (dayIndexOf(date, start) > lastDay ? [i] : []));
  const afterEnd = (
    keys: readonly PropertyKey[],
    field: string,
    entries: readonly { date: string }[],
    singleMessage: (path: string, date: string, end: string) => string,
  ): void => {
    list.push(...entriesAfterEnd(keys, field, entries, late(entries), end, singleMessage));
  };

  afterEnd(['testing', 'sites'], 'opens', scenario.testing.sites.map((site) => ({ date: site.opens })), warnings.siteOpensAfterEnd);
  const periods = scenario.interventions.distancing.map((period) => ({ date: period.start }));
  afterEnd(['interventions', 'distancing'], 'start', periods, warnings.distancingAfterEnd);
  for (const [i, period] of scenario.interventions.distancing.entries()) {
    if (period.end !== undefined && dayIndexOf(period.end, start) < 0) {
      list.push(warnings.distancingBeforeStart(formatPath(['interventions', 'distancing', i, 'end']), period.end, start));
    }
  }
  for (const keys of TIMELINES) {
    const entries = (listOf(valueAt(scenario, keys)) as readonly { from: string }[]).map((entry) => ({ date: entry.from }));
    afterEnd(keys, 'from', entries, warnings.timelineEntryAfterEnd);
  }
  const populationByCode = new Map(scenario.regions.map((region) => [region.code, populationOf(region) ?? 0]));
  for (const [i, cluster] of scenario.tracing.clusters.entries()) {
    const population = populationByCode.get(cluster.region) ?? 0;
    if (cluster.linkedPersons > population) {
      const path = formatPath(['tracing', 'clusters', i, 'linkedPersons']);
      list.push(warnings.clusterLargerThanRegion(path, cluster.linkedPersons, cluster.region, population));
    }
  }
  const clusters = scenario.tracing.clusters.map((cluster) => ({ date: cluster.dateFound }));
  afterEnd(['tracing', 'clusters'], 'dateFound', clusters, warnings.clusterAfterEnd);
  afterEnd(['care', 'transfers'], 'start', scenario.care.transfers.map((route) => ({ date: route.start })), warnings.transferAfterEnd);

  const seeds = scenario.seeding.map((seed) => ({ date: seed.date }));
  afterEnd(['seeding'], 'date', seeds, warnings.seedingAfterEnd);
  // Seeding that starts in time but is spread past the end loses only its last days.
  const cutShort = scenario.seeding.flatMap((seed, i) => {
    const seedFirst = dayIndexOf(seed.date, start);
    const lastDate = isoDateOfEpochDay(epochDayOf(seed.date)! + seed.spreadDays - 1);
    return seedFirst <= lastDay && seedFirst + seed.spreadDays - 1 > lastDay ? [{ index: i, lastDate }] : [];
  });
  if (cutShort.length === 1) {
    list.push(warnings.seedingPastEnd(formatPath(['seeding', cutShort[0]!.index, 'spreadDays']), cutShort[0]!.lastDate, end));
  } else if (cutShort.length > 1) {
    const lastDates = cutShort.map(({ lastDate }) => lastDate).sort();
    const positions = cutShort.map(({ index }) => index);
    list.push(warnings.seedingsPastEnd(positions, lastDates[0]!, lastDates.at(-1)!, end));
  }

  const payments = (scenario.economy?.relief.payments ?? []).map((payment) => ({ date: payment.from }));
  afterEnd(['economy', 'relief', 'payments'], 'from', payments, economyWarnings.paymentAfterEnd);
  const households = scenario.economy?.households;
  if (households !== undefined) {
    const listed = households.regional.reduce((sum, entry) => sum + (entry.households ?? 0), 0);
    if ((households.total ?? 0) + listed === 0) list.push(economyWarnings.noHouseholds(formatPath(['economy', 'households'])));
    // Every household has at least one member, so more households than residents means the two disagree,
    // as when a plan shrinks the regions of its base and keeps the base's households.
    const residents = [...populationByCode.values()].reduce((sum, persons) => sum + persons, 0);
    const counted = Math.max(households.total ?? 0, listed);
    if (residents > 0 && counted > residents) {
      list.push(economyWarnings.householdsAboveResidents(formatPath(['economy', 'households']), counted, residents));
    }
  }
  afterEnd(['economy', 'relief', 'grants'], 'date', scenario.economy?.relief.grants ?? [], economyWarnings.grantAfterEnd);

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

/**
 * Words the warnings for the entries of one list that start after the simulation ends. A single
 * entry gets its own message, and several get one warning for the list, so that a plan with a
 * shorter horizon gets one line per list.
 */
function entriesAfterEnd(
  keys: readonly PropertyKey[],
  field: string,
  entries: readonly { date: string }[],
  late: readonly number[],
  end: string,
  singleMessage: (path: string, date: string, end: string) => string,
): string[] {
  if (late.length === 0) return [];
  if (late.length === 1) return [singleMessage(formatPath([...keys, late[0]!, field]), entries[late[0]!]!.date, end)];
  const dates = late.map((i) => entries[i]!.date).sort();
  return [warnings.entriesAfterEnd(formatPath(keys), field, late, dates[0]!, dates.at(-1)!, end)];
}
