import { epochDayOf } from './calendar.js';
import { SHARE_SUM_TOLERANCE } from './defaults.js';
import * as economyMessages from './economy-messages.js';
import { QUINTILE_COUNT } from './economy-schema.js';
import { fieldOf, isRecord, listOf, numberOf, numbersOf, paramRangeOf, textOf } from './lenient.js';
import * as messages from './messages.js';
import type { Problem } from './messages.js';
import { formatPath, formatReceived, valueAt } from './problems.js';

/** The simulation window and the regions, as `checks.ts` reads them. */
export interface EconomyCheckContext {
  start: string | undefined;
  end: string | undefined;
  startDay: number | undefined;
  endDay: number | undefined;
  /** Region codes with the index of their first region, or undefined when a code is malformed. */
  regionIndex: ReadonlyMap<string, number> | undefined;
}

type Keys = (string | number)[];

const ECONOMY = ['economy'];

/**
 * Runs the checks of the `economy` group that relate several fields: region references, shares
 * that sum to 1, household groups, the national household total, payment amounts and dates, uptake
 * curves and the unit costs that grants buy at. Like the other checks it reads the document leniently.
 */
export function checkEconomy(document: unknown, context: EconomyCheckContext): Problem[] {
  const economy = fieldOf(document, 'economy');
  if (!isRecord(economy)) return [];
  return [
    ...checkRegionReferences(document, context),
    ...checkHouseholds(document, context),
    ...checkPayments(document, context),
    ...checkGrants(document, context),
  ];
}

function dateOf(document: unknown, keys: Keys): { text: string; day: number } | undefined {
  const text = textOf(valueAt(document, keys));
  const day = text === undefined ? undefined : epochDayOf(text);
  return text === undefined || day === undefined ? undefined : { text, day };
}

function sumProblem(keys: Keys, value: unknown): Problem[] {
  const shares = numbersOf(value);
  if (shares === undefined) return [];
  const sum = shares.reduce((total, share) => total + share, 0);
  return Math.abs(sum - 1) <= SHARE_SUM_TOLERANCE ? [] : [messages.sharesDoNotSumToOne(formatPath(keys), sum)];
}

function checkRegionReferences(document: unknown, context: EconomyCheckContext): Problem[] {
  const { regionIndex } = context;
  if (regionIndex === undefined) return [];
  const references: { keys: Keys; value: unknown }[] = [];
  const regionalKeys = [...ECONOMY, 'households', 'regional'];
  for (const [i, entry] of listOf(valueAt(document, regionalKeys)).entries()) {
    references.push({ keys: [...regionalKeys, i, 'region'], value: fieldOf(entry, 'region') });
  }
  const paymentKeys = [...ECONOMY, 'relief', 'payments'];
  for (const [i, payment] of listOf(valueAt(document, paymentKeys)).entries()) {
    for (const [j, code] of listOf(fieldOf(payment, 'regions')).entries()) {
      references.push({ keys: [...paymentKeys, i, 'regions', j], value: code });
    }
  }
  const grantKeys = [...ECONOMY, 'relief', 'grants'];
  for (const [i, grant] of listOf(valueAt(document, grantKeys)).entries()) {
    references.push({ keys: [...grantKeys, i, 'region'], value: fieldOf(grant, 'region') });
  }

  const problems: Problem[] = [];
  for (const { keys, value } of references) {
    const code = textOf(value);
    if (code !== undefined && !regionIndex.has(code)) {
      problems.push(messages.unknownRegion(formatPath(keys), formatReceived(code)));
    }
  }
  return problems;
}

function checkHouseholds(document: unknown, context: EconomyCheckContext): Problem[] {
  const keys = [...ECONOMY, 'households'];
  const households = valueAt(document, keys);
  if (!isRecord(households)) return [];
  const problems: Problem[] = [];

  problems.push(...sumProblem([...keys, 'sizeShares'], households.sizeShares));
  for (const [q, row] of listOf(households.sizeSharesByQuintile).entries()) {
    problems.push(...sumProblem([...keys, 'sizeSharesByQuintile', q], row));
  }

  // Regional entries: each region once, shares that sum to 1, and a national total for the rest.
  const firstEntry = new Map<string, number>();
  let listedHouseholds = 0;
  const counted = new Set<string>();
  for (const [i, entry] of listOf(households.regional).entries()) {
    const entryKeys = [...keys, 'regional', i];
    const code = textOf(fieldOf(entry, 'region'));
    if (code !== undefined) {
      const first = firstEntry.get(code);
      if (first === undefined) firstEntry.set(code, i);
      else {
        const firstPath = formatPath([...keys, 'regional', first, 'region']);
        problems.push(economyMessages.duplicateRegionEntry(formatPath([...entryKeys, 'region']), formatReceived(code), firstPath));
      }
    }
    problems.push(...sumProblem([...entryKeys, 'sizeShares'], fieldOf(entry, 'sizeShares')));
    problems.push(...sumProblem([...entryKeys, 'quintileShares'], fieldOf(entry, 'quintileShares')));
    const count = numberOf(fieldOf(entry, 'households'));
    if (count !== undefined && code !== undefined) {
      listedHouseholds += count;
      counted.add(code);
    }
  }
  const total = numberOf(households.total);
  const uncounted = context.regionIndex === undefined ? [] : [...context.regionIndex.keys()].filter((code) => !counted.has(code));
  if (households.total === undefined && uncounted.length > 0) {
    problems.push(economyMessages.householdsTotalMissing(formatPath([...keys, 'total']), uncounted));
  }
  if (total !== undefined && total < listedHouseholds) {
    problems.push(economyMessages.householdsAboveTotal(formatPath([...keys, 'total']), total, listedHouseholds));
  }

  // Groups: unique names, and at most all of each quintile's households.
  const seen = new Set<string>();
  const groupSums = new Array<number>(QUINTILE_COUNT).fill(0);
  for (const [g, group] of listOf(households.groups).entries()) {
    const name = textOf(fieldOf(group, 'name'));
    if (name !== undefined && seen.has(name)) {
      problems.push(economyMessages.duplicateGroup(formatPath([...keys, 'groups', g, 'name']), formatReceived(name)));
    }
    if (name !== undefined) seen.add(name);
    const shares = numbersOf(fieldOf(group, 'shareByQuintile'));
    shares?.forEach((share, q) => {
      if (q < QUINTILE_COUNT) groupSums[q]! += share;
    });
  }
  for (const [q, sum] of groupSums.entries()) {
    if (sum > 1 + SHARE_SUM_TOLERANCE) {
      problems.push(economyMessages.groupSharesAboveOne(formatPath([...keys, 'groups']), q + 1, sum));
      break;
    }
  }
  return problems;
}

/** Names of the household groups, or undefined when the list cannot be read. */
function groupNamesOf(document: unknown): string[] | undefined {
  const groups = valueAt(document, [...ECONOMY, 'households', 'groups']);
  if (groups === undefined) return [];
  if (!Array.isArray(groups)) return undefined;
  return groups.flatMap((group) => {
    const name = textOf(fieldOf(group, 'name'));
    return name === undefined ? [] : [name];
  });
}

function checkPayments(document: unknown, context: EconomyCheckContext): Problem[] {
  const listKeys = [...ECONOMY, 'relief', 'payments'];
  const groupNames = groupNamesOf(document);
  const problems: Problem[] = [];

  for (const [i, payment] of listOf(valueAt(document, listKeys)).entries()) {
    if (!isRecord(payment)) continue;
    const keys = [...listKeys, i];
    const path = formatPath(keys);
    const flat = payment.amountPerHousehold !== undefined;
    const bySize = payment.amountPerHouseholdBySize !== undefined;
    if (!flat && !bySize) problems.push(economyMessages.amountMissing(path));
    if (flat && bySize) problems.push(economyMessages.amountGivenTwice(path));

    const from = dateOf(document, [...keys, 'from']);
    const to = dateOf(document, [...keys, 'to']);
    if (from !== undefined && to !== undefined && to.day < from.day) {
      problems.push(messages.dateBefore(formatPath([...keys, 'to']), to.text, formatPath([...keys, 'from']), from.text));
    }
    const expires = dateOf(document, [...keys, 'expires']);
    if (from !== undefined && expires !== undefined && expires.day < from.day) {
      problems.push(messages.dateBefore(formatPath([...keys, 'expires']), expires.text, formatPath([...keys, 'from']), from.text));
    }
    if (from !== undefined && context.start !== undefined && context.startDay !== undefined && from.day < context.startDay) {
      problems.push(economyMessages.startsBeforeSimulation(formatPath([...keys, 'from']), from.text, context.start));
    }
    problems.push(...checkUptake(document, keys, from, to));

    // Coverage names only known groups.
    const coverage = payment.coverage;
    if (isRecord(coverage) && groupNames !== undefined) {
      for (const field of ['groups', 'excludeGroups']) {
        for (const [j, entry] of listOf(coverage[field]).entries()) {
          const name = textOf(entry);
          if (name !== undefined && !groupNames.includes(name)) {
            const entryPath = formatPath([...keys, 'coverage', field, j]);
            problems.push(economyMessages.unknownGroup(entryPath, formatReceived(name), groupNames));
          }
        }
      }
    }
  }
  return problems;
}

function checkUptake(
  document: unknown,
  keys: Keys,
  from: { text: string; day: number } | undefined,
  to: { text: string; day: number } | undefined,
): Problem[] {
  const problems: Problem[] = [];
  let previous: { text: string; day: number; share: number | undefined } | undefined;
  for (const [j] of listOf(valueAt(document, [...keys, 'uptake'])).entries()) {
    const pointKeys = [...keys, 'uptake', j];
    const date = dateOf(document, [...pointKeys, 'date']);
    const share = numberOf(valueAt(document, [...pointKeys, 'share']));
    if (date === undefined) continue;
    const datePath = formatPath([...pointKeys, 'date']);
    if (from !== undefined && to !== undefined && (date.day < from.day || date.day > to.day)) {
      problems.push(economyMessages.uptakeOutsidePayout(datePath, date.text, from.text, to.text));
    }
    if (previous !== undefined && date.day <= previous.day) {
      problems.push(economyMessages.uptakeDatesNotIncreasing(datePath, date.text, previous.text));
    }
    if (previous?.share !== undefined && share !== undefined && share < previous.share) {
      problems.push(economyMessages.uptakeShareFalls(formatPath([...pointKeys, 'share']), share, previous.share));
    }
    previous = { ...date, share };
  }
  return problems;
}

/** Returns the path of the unit cost at which a grant of this use buys, below `economy.costs`. */
function unitCostKeys(use: string): Keys | undefined {
  if (use === 'rtc_beds') return [...ECONOMY, 'costs', 'rtcBedOpenPerDay'];
  if (use === 'vaccination_transport') return [...ECONOMY, 'costs', 'vaccinationTransportPerPerson'];
  if (['screening_clinic', 'drive_through', 'walk_through', 'mass_screening'].includes(use)) {
    return [...ECONOMY, 'costs', 'testingSitePerDay', use];
  }
  return undefined;
}

function checkGrants(document: unknown, context: EconomyCheckContext): Problem[] {
  const listKeys = [...ECONOMY, 'relief', 'grants'];
  const problems: Problem[] = [];
  for (const [i, grant] of listOf(valueAt(document, listKeys)).entries()) {
    if (!isRecord(grant)) continue;
    const keys = [...listKeys, i];
    const use = textOf(grant.use);
    const date = dateOf(document, [...keys, 'date']);
    if (date !== undefined && context.start !== undefined && context.startDay !== undefined && date.day < context.startDay) {
      problems.push(economyMessages.startsBeforeSimulation(formatPath([...keys, 'date']), date.text, context.start));
    }
    if (use === undefined) continue;
    if (use !== 'vaccination_transport' && grant.days === undefined) {
      problems.push(economyMessages.grantDaysMissing(formatPath([...keys, 'days']), use));
    }
    if (use !== 'vaccination_transport' && use !== 'rtc_beds' && grant.testsPerDayPerSite === undefined) {
      problems.push(economyMessages.grantTestsMissing(formatPath([...keys, 'testsPerDayPerSite']), use));
    }
    const costKeys = unitCostKeys(use);
    if (costKeys === undefined) continue;
    const cost = valueAt(document, costKeys);
    const low = cost === undefined ? 0 : paramRangeOf(cost)?.low;
    if (low !== undefined && low <= 0) {
      problems.push(economyMessages.grantUnitCostZero(formatPath(costKeys), formatReceived(cost ?? 0), formatPath(keys)));
    }
  }
  return problems;
}
