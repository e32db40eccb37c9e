/**
 * The wording of the problems and warnings of the `economy` group. Like `messages.ts`, each problem
 * function takes the JSON path of the value at fault and returns the {@link Problem} with the value
 * found, what is expected and a message that names the fix.
 */
import type { Problem } from './messages.js';

export function amountMissing(path: string): Problem {
  return {
    path,
    received: 'neither amountPerHousehold nor amountPerHouseholdBySize',
    expected: 'amountPerHousehold, or amountPerHouseholdBySize with 4 amounts',
    message: `${path} has no amount, so give amountPerHousehold or amountPerHouseholdBySize.`,
  };
}

export function amountGivenTwice(path: string): Problem {
  return {
    path,
    received: 'both amountPerHousehold and amountPerHouseholdBySize',
    expected: 'amountPerHousehold or amountPerHouseholdBySize, not both',
    message: `${path} gives the amount twice, so keep either amountPerHousehold or amountPerHouseholdBySize.`,
  };
}

export function startsBeforeSimulation(path: string, date: string, start: string): Problem {
  return {
    path,
    received: JSON.stringify(date),
    expected: `a date on or after ${start} (simulation.start)`,
    message:
      `${path} (${date}) is before the simulation starts on ${start}, and money paid before then would be ` +
      `lost from the results, so move it or start the simulation earlier.`,
  };
}

export function uptakeOutsidePayout(path: string, date: string, from: string, to: string): Problem {
  return {
    path,
    received: JSON.stringify(date),
    expected: `a date from ${from} to ${to}, the payout dates`,
    message: `${path} (${date}) is outside the payout from ${from} to ${to}, so move the point or widen from and to.`,
  };
}

export function uptakeDatesNotIncreasing(path: string, date: string, previousDate: string): Problem {
  return {
    path,
    received: JSON.stringify(date),
    expected: `a date after ${previousDate}, the date of the point before`,
    message: `${path} (${date}) is not after the previous point (${previousDate}), so list the points in date order, each date once.`,
  };
}

export function uptakeShareFalls(path: string, share: number, previousShare: number): Problem {
  return {
    path,
    received: String(share),
    expected: `fraction, 0-1, at least ${previousShare}, the share of the point before`,
    message:
      `${path} (${share}) is below the share of the previous point (${previousShare}), but households once paid ` +
      `stay paid, so make the shares rise.`,
  };
}

export function unknownGroup(path: string, received: string, known: readonly string[]): Problem {
  const names = known.length === 0 ? 'none are defined' : `the groups are ${known.map((name) => JSON.stringify(name)).join(', ')}`;
  return {
    path,
    received,
    expected: 'a name from economy.households.groups',
    message: `${path} names household group ${received}, which is not in economy.households.groups (${names}), so add the group or correct the name.`,
  };
}

export function duplicateGroup(path: string, received: string): Problem {
  return {
    path,
    received,
    expected: 'a name used once',
    message: `${path} repeats group name ${received}, so give each household group its own name.`,
  };
}

export function groupSharesAboveOne(path: string, quintile: number, sum: number): Problem {
  return {
    path,
    received: `sum ${Number(sum.toPrecision(6))} in quintile ${quintile}`,
    expected: 'fractions that add up to at most 1 in each quintile, since a household is in one group at most',
    message:
      `${path}: the household groups take ${Number(sum.toPrecision(6))} of quintile ${quintile}, more than all ` +
      `of its households, so lower the shares of that quintile.`,
  };
}

export function duplicateRegionEntry(path: string, received: string, firstPath: string): Problem {
  return {
    path,
    received,
    expected: 'each region once',
    message: `${path} repeats region ${received} from ${firstPath}, so merge the two entries.`,
  };
}

export function householdsTotalMissing(path: string, regions: readonly string[]): Problem {
  const listed = regions.length > 3 ? `${regions.slice(0, 3).join(', ')} and ${regions.length - 3} more` : regions.join(', ');
  return {
    path,
    received: 'nothing',
    expected: 'households in the whole country',
    message:
      `${path} is missing, but the regions ${listed} have no household count in economy.households.regional, ` +
      `so give the national total or a count for every region.`,
  };
}

export function householdsAboveTotal(path: string, total: number, listed: number): Problem {
  return {
    path,
    received: String(total),
    expected: `households, at least ${listed}, the sum of the counts in economy.households.regional`,
    message:
      `${path} (${total}) is less than the ${listed} households listed per region, which leaves a negative ` +
      `number for the other regions, so raise the total or lower the regional counts.`,
  };
}

export function grantDaysMissing(path: string, use: string): Problem {
  return {
    path,
    received: 'nothing',
    expected: 'days, a whole number from 1',
    message: `${path} is missing, but a grant for ${use} needs the number of days it runs what it buys.`,
  };
}

export function grantTestsMissing(path: string, use: string): Problem {
  return {
    path,
    received: 'nothing',
    expected: 'tests per day, at least 0',
    message: `${path} is missing, but a grant for ${use} sites needs the tests per day of each site.`,
  };
}

export function grantUnitCostZero(path: string, received: string, grantPath: string): Problem {
  return {
    path,
    received,
    expected: 'currency units, above 0 at every value the parameter can take',
    message:
      `${path} (${received}) can be 0, but ${grantPath} buys at this unit cost, so give a cost above 0 or ` +
      `remove the grant.`,
  };
}

/** Warnings of the economy group, returned with a valid scenario. */
export const economyWarnings = {
  paymentAfterEnd: (path: string, from: string, end: string): string =>
    `${path}: the payment starts on ${from}, after the simulation ends (${end}), so it pays nothing.`,
  householdsAboveResidents: (path: string, households: number, residents: number): string =>
    `${path}: the scenario has ${Math.round(households).toLocaleString('en-US')} households but ` +
    `${Math.round(residents).toLocaleString('en-US')} residents, so relief and incomes count households that ` +
    'no one lives in; give households that fit the regions\' population',
  noHouseholds: (path: string): string =>
    `${path}: the scenario has no households, so no relief is paid and incomes and their ratios are empty; ` +
    'give the number of households in `total` or per region',
  grantAfterEnd: (path: string, date: string, end: string): string =>
    `${path}: the grant is paid on ${date}, after the simulation ends (${end}), so it buys nothing.`,
};
