import { QUINTILES } from '../engine/index.js';

import { dayIndexOf } from './calendar.js';
import { cellIndex, householdsByQuintile, SIZES, type HouseholdTable, type ResolvedEconomy } from './households.js';
import { selectedRegions, type TimelineFrame } from './timeline.js';

/** A resolved relief payment. */
export type ResolvedPayment = ResolvedEconomy['relief']['payments'][number];

/**
 * Builds the uptake curve of a payment: the share of its eligible households paid by the end of a
 * day index. It is 0 before `from`. With uptake points it is linear between them, starting from 0
 * at the end of the day before `from`, and stays at the last point's share after it. Without them,
 * payout is even from `from` to `to` and reaches every eligible household. No household is paid after `to`.
 */
export function uptakeCurve(payment: ResolvedPayment, startDate: string): (day: number) => number {
  const fromDay = dayIndexOf(payment.from, startDate);
  const toDay = dayIndexOf(payment.to, startDate);
  const points = payment.uptake?.map((point) => ({ day: dayIndexOf(point.date, startDate), share: point.share }));
  const shareAt = (day: number): number => {
    if (day < fromDay) return 0;
    if (points === undefined) return Math.min(1, (day - fromDay + 1) / (toDay - fromDay + 1));
    let previousDay = fromDay - 1;
    let previousShare = 0;
    for (const point of points) {
      if (day <= point.day) {
        const span = point.day - previousDay;
        return span > 0 ? previousShare + ((point.share - previousShare) * (day - previousDay)) / span : point.share;
      }
      previousDay = point.day;
      previousShare = point.share;
    }
    return previousShare;
  };
  return (day) => shareAt(Math.min(day, toDay));
}

/** Returns the amount a household of size index s receives from a payment. */
export function amountFor(payment: ResolvedPayment, s: number): number {
  return payment.amountPerHouseholdBySize?.[s] ?? payment.amountPerHousehold ?? 0;
}

/**
 * Returns the share of the households in the cell of quintile q and group g that a payment covers.
 * The quintile and group conditions give 0 or 1. A `lowestIncomeShare` then keeps the part of
 * quintile q below it, `5 x share - q` clamped to 0-1, with q counted from 0.
 */
export function coveredFraction(payment: ResolvedPayment, table: HouseholdTable, q: number, g: number): number {
  const coverage = payment.coverage;
  if (coverage === 'all') return 1;
  const groupName = table.groupNames[g];
  if (coverage.quintiles !== undefined && !coverage.quintiles.includes(q + 1)) return 0;
  if (coverage.groups !== undefined && (groupName === undefined || !coverage.groups.includes(groupName))) return 0;
  if (coverage.excludeGroups !== undefined && groupName !== undefined && coverage.excludeGroups.includes(groupName)) {
    return 0;
  }
  if (coverage.lowestIncomeShare === undefined) return 1;
  return Math.min(1, Math.max(0, QUINTILES * coverage.lowestIncomeShare - q));
}

/** Relief tabulated per day and region (`[d * regionCount + r]`) and per day, region and quintile. */
export interface ReliefTables {
  /** Money paid to households per day and region. */
  paid: Float64Array;
  /** Households paid a non-zero amount by at least one payment, by the end of each day. */
  householdsPaid: Float64Array;
  /** Households paid and still inside a payment's spending window on each day. */
  householdsSupported: Float64Array;
  /**
   * Relief that counts as monthly income per household on each day, by region and quintile,
   * `[(d * regionCount + r) * 5 + q]`: what the quintile's households received in the last
   * `reliefIncomeDays` days, divided by their number.
   */
  incomePerHousehold: Float64Array;
  /** Spending added by relief per day and region; 0 when the consumption effect is off. */
  consumptionExtra: Float64Array;
}

/**
 * Tabulates every payment over the simulated days.
 *
 * A household of an eligible cell is paid on the day the uptake curve rises. The share of a cell's
 * households paid by any payment is the largest covered fraction times uptake among the payments
 * that pay the cell a non-zero amount. This takes the households that take up one payment to take
 * up the others too, and payments with disjoint coverage simply add. Each spends the propensity to consume times the amount on top
 * of its normal spending, evenly from the day it is paid to the payment's `expires` date, or over
 * `spendingDays` without one, and counts as supported over the same window.
 *
 * NOTE: spending and support that fall after the simulated horizon are not in the tables.
 */
export function tabulateRelief(economy: ResolvedEconomy, table: HouseholdTable, frame: TimelineFrame): ReliefTables {
  const { dayCount, regionIndex } = frame;
  const regionCount = regionIndex.size;
  const perDayRegion = dayCount * regionCount;
  const tables: ReliefTables = {
    paid: new Float64Array(perDayRegion),
    householdsPaid: new Float64Array(perDayRegion),
    householdsSupported: new Float64Array(perDayRegion),
    incomePerHousehold: new Float64Array(perDayRegion * QUINTILES),
    consumptionExtra: new Float64Array(perDayRegion),
  };
  const paidShare = new Float64Array(table.cells.length * dayCount);
  const supportedShare = new Float64Array(table.cells.length * dayCount);
  const receivedByQuintile = new Float64Array(perDayRegion * QUINTILES);
  const { consumptionEffect } = economy.relief;

  for (const payment of economy.relief.payments) {
    const uptake = uptakeCurve(payment, frame.startDate);
    const shares = Float64Array.from({ length: dayCount + 1 }, (_, k) => uptake(k - 1));
    const expiresDay = payment.expires === undefined ? undefined : dayIndexOf(payment.expires, frame.startDate);
    const supported = Float64Array.from({ length: dayCount }, (_, d) => {
      if (expiresDay !== undefined) return d <= expiresDay ? uptake(d) : 0;
      return uptake(d) - uptake(d - payment.spendingDays);
    });
    const lastSpendingDay = (paidDay: number): number =>
      expiresDay === undefined ? paidDay + payment.spendingDays - 1 : Math.max(paidDay, expiresDay);
    const propensity = consumptionEffect.enabled ? (payment.propensityToConsume ?? consumptionEffect.propensityToConsume) : 0;

    for (const r of selectedRegions(payment.regions, regionIndex)) {
      // Money paid to the region's eligible households on each day, in total and by quintile.
      const paidByDay = new Float64Array(dayCount);
      for (let q = 0; q < QUINTILES; q++) {
        for (let s = 0; s < SIZES; s++) {
          const amount = amountFor(payment, s);
          if (amount <= 0) continue;
          for (let g = 0; g < table.groupCount; g++) {
            const cell = cellIndex(table, r, q, s, g);
            const fraction = coveredFraction(payment, table, q, g);
            const households = table.cells[cell]! * fraction;
            if (households <= 0) continue;
            for (let d = 0; d < dayCount; d++) {
              const paidToday = amount * households * (shares[d + 1]! - shares[d]!);
              paidByDay[d]! += paidToday;
              receivedByQuintile[(d * regionCount + r) * QUINTILES + q]! += paidToday;
              const slot = cell * dayCount + d;
              paidShare[slot] = Math.max(paidShare[slot]!, fraction * shares[d + 1]!);
              supportedShare[slot] = Math.max(supportedShare[slot]!, fraction * supported[d]!);
            }
          }
        }
      }

      for (let d = 0; d < dayCount; d++) {
        const paidToday = paidByDay[d]!;
        tables.paid[d * regionCount + r]! += paidToday;
        if (paidToday <= 0 || propensity <= 0) continue;
        // Spent in the region where the household lives, evenly over its spending window.
        const last = lastSpendingDay(d);
        const perDay = (propensity * paidToday) / (last - d + 1);
        for (let spendDay = d; spendDay <= Math.min(last, dayCount - 1); spendDay++) {
          tables.consumptionExtra[spendDay * regionCount + r]! += perDay;
        }
      }
    }
  }

  const households = householdsByQuintile(table);
  const windowDays = economy.income.reliefIncomeDays;
  for (let r = 0; r < regionCount; r++) {
    for (let q = 0; q < QUINTILES; q++) {
      const count = households[r * QUINTILES + q]!;
      let received = 0;
      for (let d = 0; d < dayCount; d++) {
        // Payments of the last `windowDays` days, kept as a running sum.
        received += receivedByQuintile[(d * regionCount + r) * QUINTILES + q]!;
        if (d >= windowDays) received -= receivedByQuintile[((d - windowDays) * regionCount + r) * QUINTILES + q]!;
        tables.incomePerHousehold[(d * regionCount + r) * QUINTILES + q] = count > 0 ? Math.max(0, received) / count : 0;
      }
    }
    for (let d = 0; d < dayCount; d++) {
      const i = d * regionCount + r;
      for (let q = 0; q < QUINTILES; q++) {
        for (let s = 0; s < SIZES; s++) {
          for (let g = 0; g < table.groupCount; g++) {
            const cell = cellIndex(table, r, q, s, g);
            tables.householdsPaid[i]! += table.cells[cell]! * paidShare[cell * dayCount + d]!;
            tables.householdsSupported[i]! += table.cells[cell]! * supportedShare[cell * dayCount + d]!;
          }
        }
      }
    }
  }
  return tables;
}
