/**
 * The zod schema of a scenario file, group by group. Each field carries its bounds and default.
 * The checks that relate several fields live in `checks.ts` and join the schema in `scenario.ts`.
 */
import * as z from 'zod';

import { DETERMINISTIC_SOLVERS } from '../engine/index.js';
import {
  DEFAULT_AGE_BANDS,
  DEFAULT_CRITICAL_PERCENT_OF_HOSPITALISED,
  DEFAULT_HOSPITALISED_PERCENT,
  DEFAULT_INFECTION_FATALITY_PERCENT,
  DEFAULT_STEP_DAYS,
  DEFAULT_STOCHASTIC_STEP_DAYS,
  DEMAND_CLASSES,
  MAX_REGION_POPULATION,
  MAX_RUNS,
  SITE_KINDS,
} from './defaults.js';
import { economySchema } from './economy-schema.js';
import { bounded, group, isoDate, NAME_PATTERN, param, regionCode, regionSelection, seedText, timeline } from './fields.js';

const percentByAge = z.array(bounded(0, 100)).min(1);
const fractionByAge = z.array(bounded(0, 1)).min(1);
const matrix = z.array(z.array(bounded(0, 1000)).min(1)).min(1);

/**
 * Shortest solver step, in days (about 14 minutes). A step of a billionth of a day would take weeks
 * of computing for one run, and no epidemic rate needs steps below this.
 */
export const MIN_STEP_DAYS = 0.01;

/** Horizon, solver steps, mode, number of runs and seed. */
export const simulationSchema = group({
  /** First simulated day. */
  start: isoDate,
  /** Last simulated day, inclusive. */
  end: isoDate,
  /**
   * Method of the deterministic mode: `dopri5`, adaptive Dormand-Prince 5(4) with error control, or
   * `rk4`, classical Runge-Kutta at the fixed step `stepDays`.
   */
  solver: z.enum(DETERMINISTIC_SOLVERS).default('dopri5'),
  /** Step of the deterministic solver in days (the largest step for `dopri5`); a divisor of one day. */
  stepDays: z.number().min(MIN_STEP_DAYS).max(1).default(DEFAULT_STEP_DAYS),
  /** Fixed step of the stochastic solver, in days; a divisor of one day. */
  stochasticStepDays: z.number().min(MIN_STEP_DAYS).max(1).default(DEFAULT_STOCHASTIC_STEP_DAYS),
  mode: z.enum(['deterministic', 'stochastic']).default('stochastic'),
  runs: z.int().min(1).max(MAX_RUNS).default(100),
  seed: z.union([z.int().min(0), seedText]).default(1),
});

/** One region: code, names, bed group, coordinates and population. */
export const regionSchema = group({
  code: regionCode,
  name: z.string().min(1),
  nameKo: z.string().default(''),
  /** Regions with the same bed group may send patients to each other by a `"group"` transfer route. */
  bedGroup: z.string().min(1).optional(),
  /** Coordinates of the region's centre in degrees, used by `transmission.mobility.distanceDecayKm`. */
  latitude: bounded(-90, 90).optional(),
  longitude: bounded(-180, 180).optional(),
  /** Residents per age band, in persons. The alternative is `populationTotal` with `ageShares`. */
  populationByAge: z.array(bounded(0, MAX_REGION_POPULATION)).min(1).optional(),
  /** Residents, in persons, split over the age bands by `ageShares`. */
  populationTotal: z.int().min(0).max(MAX_REGION_POPULATION).optional(),
  /** Share of the residents in each age band, summing to 1. */
  ageShares: fractionByAge.optional(),
});

/**
 * Natural history of infection, in days and fractions. The defaults follow the wild-type virus of
 * 2020: incubation about 5 days (Li et al., NEJM 2020), split into 3 latent and 2 pre-symptomatic
 * days, and about a third of infections asymptomatic at half the infectiousness. The infectious
 * periods after onset and the times to a bed are assumptions.
 */
export const epidemiologySchema = group({
  latentDays: param(0.1, 30).default(3),
  presymptomaticDays: param(0.1, 30).default(2),
  asymptomaticDays: param(0.1, 60).default(5),
  mildDays: param(0.1, 60).default(5),
  onsetToWardDays: param(0.1, 60).default(5),
  onsetToIcuDays: param(0.1, 60).default(6),
  asymptomaticFraction: param(0, 0.99).default(1 / 3),
  /** Infectiousness of an asymptomatic infection relative to a symptomatic one. */
  asymptomaticInfectiousness: param(0, 2).default(0.5),
  presymptomaticInfectiousness: param(0, 2).default(1),
  /** Share of symptomatic cases that need hospital care, percent per age band. */
  hospitalisedPercentByAge: percentByAge.default(() => [...DEFAULT_HOSPITALISED_PERCENT]),
  criticalPercentOfHospitalisedByAge: percentByAge.default(() => [...DEFAULT_CRITICAL_PERCENT_OF_HOSPITALISED]),
  infectionFatalityPercentByAge: percentByAge.default(() => [...DEFAULT_INFECTION_FATALITY_PERCENT]),
});

/** Age contact matrices per setting. */
const contactsSchema = group({ home: matrix, work: matrix, school: matrix, other: matrix });

/** Mixing between regions from annual flows, with the formula in its description. */
const mobilitySchema = group({
  /** Region codes in the order of the rows and columns of `flowsPerYear`. */
  order: z.array(regionCode).min(1),
  /** Persons per year moving from the row region to the column region. The diagonal is ignored. */
  flowsPerYear: z.array(z.array(bounded(0, 1e9)).min(1)).min(1),
  /** Multiplier from per-capita annual flows to shares of out-of-home contacts. */
  scale: bounded(0, 1e4),
  /** Length over which the contact share decays with distance, in km. Without it there is no decay. */
  distanceDecayKm: z.number().positive().max(1e5).optional(),
}).describe(
  'Share of the out-of-home contacts of a resident of r made in s != r: ' +
    'scale * flowsPerYear[r][s] / population(r) * exp(-distanceKm(r, s) / distanceDecayKm), without the ' +
    'exponential factor when distanceDecayKm is omitted. The home region r takes the rest.',
);

/** Basic reproduction number, susceptibility, contacts and mixing between regions. */
export const transmissionSchema = group({
  r0: param(0, 30).default(2.5),
  /** Relative susceptibility per age band, 1 for every band when omitted. */
  susceptibilityByAge: z.array(bounded(0, 10)).min(1).optional(),
  /** Contacts per person per day with each age band, by setting: `[a][b]` for a person of band a. */
  contactsPerDay: contactsSchema,
  /**
   * Mixing between regions. The share of the out-of-home contacts of a resident of r made in
   * s != r is `scale * flowsPerYear[r][s] / population(r) * exp(-distanceKm(r, s) / distanceDecayKm)`,
   * and the home region takes the rest. Omitted means no mixing between regions.
   */
  mobility: mobilitySchema.optional(),
});

/** Infections introduced from outside or at known clusters. */
export const seedingSchema = z
  .array(
    group({
      region: regionCode,
      /** First day of introduction. */
      date: isoDate,
      /** Infections introduced in total, in persons. */
      infections: bounded(0, 1e9),
      /** Days over which the infections are spread evenly, starting on `date`. */
      spreadDays: z.int().min(1).max(3650).default(1),
      /** Age bands infected, in proportion to the region's population in them. */
      ageBands: z.array(z.string()).min(1).optional(),
      /** Share of the infections in each age band, summing to 1. */
      ageShares: fractionByAge.optional(),
    }),
  )
  .default([]);

/** One testing site, or several identical ones. */
const siteSchema = group({
  name: z.string().optional(),
  region: regionCode,
  kind: z.enum(SITE_KINDS),
  count: z.int().min(0).max(1e6).default(1),
  opens: isoDate,
  /** Last day the site operates, inclusive. Without it the site stays open. */
  closes: isoDate.optional(),
  testsPerDayPerSite: bounded(0, 1e7),
  rampUpDays: bounded(0, 365).default(0),
});

/** Testing capacity, demand and the test itself. The defaults of the test itself are assumptions. */
export const testingSchema = group({
  /** `false` switches community testing off: no site capacity, no test seeking, no demand. */
  enabled: z.boolean().default(true),
  sites: z.array(siteSchema).default([]),
  /** Laboratory limits. Before a region's first step there is no limit. */
  labCapacity: group({
    national: z.array(group({ from: isoDate, testsPerDay: bounded(0, 1e9) })).default([]),
    regional: timeline({ testsPerDay: bounded(0, 1e9) }),
  }).prefault({}),
  /** Tests sought by people with other respiratory illness, 0 before the first step. */
  backgroundDemand: timeline({ testsPerPersonPerDay: bounded(0, 1) }),
  /**
   * Screening of people without symptoms, per region, 0 before the first step. `infectedOdds` is the
   * odds ratio of an infected person being among those screened against an uninfected one. At 1 the
   * campaign draws at random from the region. Above 1 it targets a group where infection is commoner
   * (a congregation, care homes, arrivals), and below 1 one where it is rarer.
   * NOTE: people still queued when the next step starts take that step's odds.
   */
  screeningDemand: timeline({ testsPerDay: bounded(0, 1e9), infectedOdds: bounded(0.01, 1000).default(1) }),
  /**
   * Share of mild (severe) symptomatic cases who seek a test before they recover (before they
   * need a bed), 0 before the first step.
   * NOTE: the delay from onset to seeking is not a separate input. Seeking races recovery as two
   * exponential rates, so the mean delay of those who seek is mildDays x (1 - mildShare).
   */
  seeking: timeline({ mildShare: param(0, 0.99), severeShare: param(0, 0.99) }),
  turnaroundDays: param(0.1, 30).default(1),
  /** Shortest wait for a test when there is no queue, in days. */
  shortestWaitDays: bounded(0.01, 30).default(0.5),
  /** Test sensitivity by stage, 0-1. The engine takes latent infections to test negative. */
  sensitivity: group({
    presymptomatic: param(0, 1).default(0.6),
    asymptomatic: param(0, 1).default(0.7),
    symptomatic: param(0, 1).default(0.85),
  }).prefault({}),
  /** Order in which the demand classes are served when capacity is short. */
  priority: z.array(z.enum(DEMAND_CLASSES)).length(3).default(() => [...DEMAND_CLASSES]),
});

/** A known cluster whose linked persons are all tested once it is found. */
const clusterSchema = group({
  name: z.string().optional(),
  region: regionCode,
  dateFound: isoDate,
  linkedPersons: bounded(0, 1e9),
  /** Share of the linked persons infected when the cluster is found. */
  infectedFraction: bounded(0, 1),
  /** Linked persons the investigation reaches and sends to testing per day. */
  investigationPerDay: z.number().positive().max(1e9),
  /**
   * Odds ratio of reaching an infected member before an uninfected one, as when members with
   * symptoms are tested first. 1, the default, reaches members in random order.
   */
  infectedFirstOdds: bounded(1, 1000).default(1),
});

/** Contact tracing, quarantine and known clusters. The defaults are assumptions except the quarantine length. */
export const tracingSchema = group({
  /** `false` switches tracing off: no tracing capacity and no cluster investigations. */
  enabled: z.boolean().default(true),
  /** Tracing staff per region, in persons, 0 before the first step. */
  staff: timeline({ tracers: bounded(0, 1e7) }),
  casesPerTracerPerDay: bounded(0, 1000).default(2),
  delayDays: param(0.1, 30).default(1),
  /** Share of a traced case's infected contacts who are identified, 0 before the first step. */
  identified: timeline({ fraction: param(0, 1) }),
  uninfectedContactsPerCase: bounded(0, 1e4).default(10),
  /**
   * Shares of the uninfected and of the infected contacts found by case-by-case tracing who take an
   * entry test on joining quarantine. The others are tested when symptoms begin and at the quarantine
   * retest rate. Every contact is tested before the first step, and cluster members always are.
   */
  entryTests: timeline({ uninfectedShare: param(0, 1), infectedShare: param(0, 1) }),
  /** Mean quarantine of an uninfected contact, in days. Korea quarantined contacts for 14 days in 2020. */
  quarantineDays: bounded(1, 120).default(14),
  /** Tests per day wanted by each infected contact in quarantine who has not yet tested positive. */
  quarantineRetestPerDay: bounded(0, 10).default(1 / 14),
  quarantineCompliance: param(0, 1).default(0.9),
  isolationCompliance: param(0, 1).default(0.9),
  pendingCompliance: param(0, 1).default(0.5),
  clusters: z.array(clusterSchema).default([]),
});

/** A route along which patients without a bed move to other regions. */
const transferSchema = group({
  origin: regionCode,
  /** Destination regions, or `"group"` for the other regions of the origin's bed group. */
  destinations: z.union([z.literal('group'), z.array(regionCode).min(1)]),
  start: isoDate,
  /** Last day of the route, inclusive, or the end of the simulation when omitted. */
  end: isoDate.optional(),
  patientsPerDay: bounded(0, 1e7),
});

/**
 * Care tiers: beds per region, the treatment-centre policy, stays and transfers. The stay defaults
 * and fatality factors are assumptions.
 */
export const careSchema = group({
  /** `false` means unlimited beds in every tier and no transfers. */
  capacityLimits: z.boolean().default(true),
  /** Beds per region, 0 before the first step. */
  rtcBeds: timeline({ beds: bounded(0, 1e8) }),
  wardBeds: timeline({ beds: bounded(0, 1e8) }),
  icuBeds: timeline({ beds: bounded(0, 1e8) }),
  /** Share of mild confirmed cases sent to a residential treatment centre, 0 before the first step. */
  rtcShare: timeline({ share: bounded(0, 1) }),
  /** Mean time from a free bed to the next waiting patient taking it. */
  admissionDays: param(0.05, 30).default(0.5),
  /** Mean stay of a mild confirmed case in home isolation or a treatment centre. */
  mildCareDays: param(0.5, 120).default(14),
  wardStayDays: param(0.5, 120).default(14),
  icuStayDays: param(0.5, 120).default(10),
  stepDownDays: param(0.5, 120).default(7),
  /** Multiplier on the ICU fatality for critical patients without an ICU bed. */
  overflowFatalityFactor: param(1, 20).default(2),
  /**
   * Fatality of a severe patient who never gets a ward bed, as a multiple of the deaths per
   * hospitalised case at that age (infection fatality over hospitalised share), capped at 0.95.
   */
  waitingWardFatalityFactor: param(0, 20).default(1),
  transfers: z.array(transferSchema).default([]),
});

const multiplier = bounded(0, 2).default(1);

/** A distancing period: contact multipliers per setting from a start to an end date. */
export const distancingSchema = group({
  name: z.string().optional(),
  start: isoDate,
  /** Last day, inclusive, or the end of the simulation when omitted. */
  end: isoDate.optional(),
  regions: regionSelection.default('all'),
  /** Contact multiplier per setting, 0-2, where 1 means no change. Overlapping periods multiply. */
  multipliers: group({ home: multiplier, work: multiplier, school: multiplier, other: multiplier }).prefault({}),
});

/**
 * One fitted parameter of a calibrated scenario: its name (as `tttsim calibrate --fit` takes it), the
 * estimate already written into the scenario, and its 95 % interval. Sampled runs draw the parameter
 * within this interval, so that the fit's uncertainty reaches the Monte Carlo ranges.
 */
export const fitUncertaintySchema = group({
  name: z.string().min(1),
  estimate: z.number(),
  lower: z.number(),
  upper: z.number(),
});

/**
 * Most parameters a correlation matrix may name. A fit has a few dozen at most, and checking that
 * the matrix is positive semidefinite takes time with the cube of its size.
 */
export const MAX_CORRELATED_PARAMETERS = 100;

/**
 * The correlation matrix of some fitted parameters, each named as in `fitUncertainty`, on the scale
 * of their draws. `tttsim calibrate` writes it from the curvature of the likelihood at the estimate.
 */
export const fitCorrelationSchema = group({
  parameters: z.array(z.string().min(1)).max(MAX_CORRELATED_PARAMETERS),
  matrix: z.array(z.array(z.number().min(-1).max(1)).max(MAX_CORRELATED_PARAMETERS)).max(MAX_CORRELATED_PARAMETERS),
});

/**
 * The fields of a scenario file, each checked on its own. `scenarioSchema` adds the checks that
 * relate several fields.
 */
export const scenarioFieldsSchema = group({
  name: z.string().regex(NAME_PATTERN),
  description: z.string().default(''),
  simulation: simulationSchema,
  ageBands: z.array(z.string().min(1)).min(1).default(() => [...DEFAULT_AGE_BANDS]),
  regions: z.array(regionSchema).min(1),
  epidemiology: epidemiologySchema.prefault({}),
  transmission: transmissionSchema,
  seeding: seedingSchema,
  testing: testingSchema.prefault({}),
  tracing: tracingSchema.prefault({}),
  care: careSchema.prefault({}),
  interventions: group({ distancing: z.array(distancingSchema).default([]) }).prefault({}),
  fitUncertainty: z.array(fitUncertaintySchema).default([]),
  fitCorrelation: fitCorrelationSchema.optional(),
  /** Households, income, relief and costs; without it the run has no economy metrics. */
  economy: economySchema.optional(),
});

/**
 * The top level of a scenario file as written, before merging: `extends` is the path of the base file
 * it changes, relative to the folder of the file that names it. Only this check runs before merging.
 * The merged scenario has no `extends` and is checked by {@link scenarioFieldsSchema}, where `extends`
 * at the top level or in a group is an unknown field.
 */
export const scenarioFileSchema = z.looseObject({ extends: z.string().min(1).optional() });
