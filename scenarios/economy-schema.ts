/**
 * The zod schema of the `economy` group: households and their income, relief payments and their
 * effects, grants to regional governments, and the unit cost of every lever. Money is in the
 * scenario's `currency`. The checks that relate these fields to each other and to the rest of the
 * scenario live in `economy-checks.ts`.
 */
import * as z from 'zod';

import { SITE_KINDS } from './defaults.js';
import { bounded, CURRENCY_CODE_PATTERN, group, isoDate, param, regionCode, regionSelection } from './fields.js';

/** Household sizes, in the order of every per-size list: 1, 2, 3, and 4 or more persons. */
export const HOUSEHOLD_SIZES = ['1', '2', '3', '4+'] as const;

/** Number of income quintiles; quintile 1 has the lowest income. */
export const QUINTILE_COUNT = 5;

/** Ways a relief payment reaches households. */
export const PAYMENT_CHANNELS = ['cash', 'card_points', 'gift_certificate'] as const;

/** Uses of a grant to a regional government: testing sites of a kind, treatment-centre beds, or transport. */
export const GRANT_USES = [...SITE_KINDS, 'rtc_beds', 'vaccination_transport'] as const;

/** Largest amount of money in one field, in currency units: a thousand trillion. */
export const MAX_MONEY = 1e15;

const money = bounded(0, MAX_MONEY);
const sizeShares = z.array(bounded(0, 1)).length(HOUSEHOLD_SIZES.length);
const quintileShares = z.array(bounded(0, 1)).length(QUINTILE_COUNT);

/** Households of one region where they differ from the national figures. */
const regionalHouseholdsSchema = group({
  region: regionCode,
  /** Households in the region. Without it the region takes its population share of what `total` leaves. */
  households: bounded(0, 1e10).optional(),
  /** Share of the region's households of each size, summing to 1; the national `sizeShares` when omitted. */
  sizeShares: sizeShares.optional(),
  /** Share of the region's households in each national income quintile, summing to 1; a fifth each when omitted. */
  quintileShares: quintileShares.optional(),
  /** Multiplier on the national income of every quintile for the region's households. */
  incomeMultiplier: param(0, 100).default(1),
});

/**
 * A named group of households that a payment can cover or leave out, such as recipients of a
 * benefit. Groups do not overlap: a household belongs to at most one.
 */
const householdGroupSchema = group({
  name: z.string().min(1),
  /** Share of the households of each income quintile that belong to the group, 0-1. */
  shareByQuintile: quintileShares,
});

/** Households per region, by size, income quintile and group. */
export const householdsSchema = group({
  /** Households in the whole country. Regions not listed in `regional` share what the listed ones leave, by population. */
  total: bounded(0, 1e10).optional(),
  /** Share of households of 1, 2, 3, and 4 or more persons, summing to 1. */
  sizeShares: sizeShares,
  /**
   * Share of households of each size within each income quintile, one row of four per quintile,
   * each summing to 1. Without it every quintile has `sizeShares`.
   */
  sizeSharesByQuintile: z.array(sizeShares).length(QUINTILE_COUNT).optional(),
  regional: z.array(regionalHouseholdsSchema).default([]),
  groups: z.array(householdGroupSchema).default([]),
});

/** Income and consumption of households before relief, and how distancing cuts them. */
export const incomeSchema = group({
  /** Income per household per month in each quintile without distancing, lowest quintile first. */
  monthlyPerHouseholdByQuintile: z.array(money).length(QUINTILE_COUNT),
  /**
   * Share of the income of each quintile lost at distancing intensity 1, 0-1. The loss is
   * proportional to the intensity, so a quintile loses `elasticity x intensity` of its income.
   */
  distancingElasticityByQuintile: z.array(param(0, 1)).length(QUINTILE_COUNT),
  /** Consumption expenditure of each quintile as a share of its income before distancing. */
  consumptionShareByQuintile: z.array(param(0, 3)).length(QUINTILE_COUNT),
  /** Share of consumption lost at distancing intensity 1 beyond the loss of income, 0-1. */
  consumptionDistancingElasticity: param(0, 1).default(0),
  /** Days for which a payment counts as monthly income after it is received. */
  reliefIncomeDays: z.int().min(1).max(366).default(30),
});

/** One point of an uptake curve: the share of eligible households paid by the end of `date`. */
const uptakePointSchema = group({ date: isoDate, share: bounded(0, 1) });

/** The households a payment is meant for; the conditions combine, so a household must meet each one given. */
const coverageSchema = group({
  /** Income quintiles covered, 1 (lowest) to 5. Every quintile when omitted. */
  quintiles: z.array(z.int().min(1).max(QUINTILE_COUNT)).min(1).optional(),
  /** Household groups covered. Every household, in a group or not, when omitted. */
  groups: z.array(z.string().min(1)).min(1).optional(),
  /** Household groups left out. */
  excludeGroups: z.array(z.string().min(1)).min(1).optional(),
  /**
   * Share of all households covered, counted from the lowest income up, 0-1, taking each national
   * quintile as a fifth of households: 0.7 covers quintiles 1 to 3 and half of quintile 4. Within a
   * partly covered quintile, every size and group is covered in the same proportion. Every income
   * when omitted.
   */
  lowestIncomeShare: bounded(0, 1).optional(),
});

/** A relief payment to households. */
export const paymentSchema = group({
  name: z.string().optional(),
  /** First and last day of payout, inclusive. */
  from: isoDate,
  to: isoDate,
  /** The same amount for every eligible household. Give this or `amountPerHouseholdBySize`. */
  amountPerHousehold: money.optional(),
  /** Amount for households of 1, 2, 3, and 4 or more persons. */
  amountPerHouseholdBySize: z.array(money).length(HOUSEHOLD_SIZES.length).optional(),
  regions: regionSelection.default('all'),
  coverage: z.union([z.literal('all'), coverageSchema]).default('all'),
  channel: z.enum(PAYMENT_CHANNELS),
  /** Last day on which card points or certificates can be spent. Without it each household has `spendingDays`. */
  expires: isoDate.optional(),
  /** Days over which a household spends the payment from the day it is paid, when there is no `expires` date. */
  spendingDays: z.int().min(1).max(3650).default(90),
  /**
   * Share of eligible households paid by the end of each date, rising; linear between the points and
   * constant after the last. Without it payout is even from `from` to `to` and reaches everyone.
   */
  uptake: z.array(uptakePointSchema).min(1).optional(),
  /** Share of the payment spent on top of what the household would have spent; `consumptionEffect` when omitted. */
  propensityToConsume: param(0, 1).optional(),
});

/** A grant to a regional government that buys capacity at the unit costs of `costs`. */
export const grantSchema = group({
  name: z.string().optional(),
  region: regionCode,
  /** Day the money is paid and the capacity starts. */
  date: isoDate,
  amount: money,
  use: z.enum(GRANT_USES),
  /** Days the grant runs the sites or beds it buys, from `date`. Not used for transport. */
  days: z.int().min(1).max(3650).optional(),
  /** Tests per day of each site the grant buys; required for testing sites. */
  testsPerDayPerSite: bounded(0, 1e7).optional(),
  rampUpDays: bounded(0, 365).default(0),
});

/** Payments, grants and the two effects of support on households. */
export const reliefSchema = group({
  payments: z.array(paymentSchema).default([]),
  grants: z.array(grantSchema).default([]),
  /** Spending of payments on top of normal consumption, counted as revenue of local businesses. */
  consumptionEffect: group({
    enabled: z.boolean().default(true),
    /** Share of a payment spent on top of normal consumption, spread over the spending window. */
    propensityToConsume: param(0, 1).default(0),
  }).prefault({}),
  /** Better quarantine and isolation compliance of households that received support. */
  complianceEffect: group({
    enabled: z.boolean().default(true),
    /** Fraction by which support cuts the non-compliance of supported households in quarantine or isolation. */
    leakageReductionFraction: param(0, 1).default(0),
  }).prefault({}),
});

const perSiteKind = group({
  screening_clinic: param(0, MAX_MONEY).default(0),
  drive_through: param(0, MAX_MONEY).default(0),
  walk_through: param(0, MAX_MONEY).default(0),
  mass_screening: param(0, MAX_MONEY).default(0),
});

const perBedTier = group({
  rtc: param(0, MAX_MONEY).default(0),
  ward: param(0, MAX_MONEY).default(0),
  icu: param(0, MAX_MONEY).default(0),
});

/** Unit costs of the levers, in currency units. Relief payments and grants cost their amounts. */
export const costsSchema = group({
  /** Running cost of one open testing site per day, by kind. */
  testingSitePerDay: perSiteKind.prefault({}),
  perTest: param(0, MAX_MONEY).default(0),
  perTracerPerDay: param(0, MAX_MONEY).default(0),
  /** Cost of one occupied bed per day, by tier. */
  occupiedBedPerDay: perBedTier.prefault({}),
  /** Cost of keeping one treatment-centre bed open for a day; prices the beds that grants buy. */
  rtcBedOpenPerDay: param(0, MAX_MONEY).default(0),
  /** Cost of taking one person aged 75 or over to vaccination and back; prices what grants buy. */
  vaccinationTransportPerPerson: param(0, MAX_MONEY).default(0),
});

/** Households, income, relief and costs. Without this group the economy metrics are 0, and incomes have no value. */
export const economySchema = group({
  /** ISO 4217 code of the currency of every amount, such as `KRW`. */
  currency: z.string().regex(CURRENCY_CODE_PATTERN),
  /** Fixed exchange rate for display: currency units per US dollar. */
  currencyPerUsd: z.number().positive().max(1e7).optional(),
  households: householdsSchema,
  income: incomeSchema,
  relief: reliefSchema.prefault({}),
  costs: costsSchema.prefault({}),
});
