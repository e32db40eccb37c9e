/**
 * The compiled model: everything the engine needs for one run, as plain numbers and typed arrays.
 *
 * Dates are already day indices (day 0 is the scenario's start date), and time-varying inputs are
 * tabulated per day. Layout conventions, used throughout:
 * - per region and age band: `[r * ageBandCount + a]`
 * - per day and region: `[d * regionCount + r]`
 * - per day, region and age band: `[(d * regionCount + r) * ageBandCount + a]`
 * - age-by-age matrices: `[a * ageBandCount + b]`, contacts per day that one person of band a has
 *   with people of band b
 * - region-by-region matrices: `[r * regionCount + s]`
 */
/** Integration methods of the deterministic mode. */
export const DETERMINISTIC_SOLVERS = ['rk4', 'dopri5'] as const;
export type DeterministicSolver = (typeof DETERMINISTIC_SOLVERS)[number];

export interface CompiledModel {
  regionCount: number;
  ageBandCount: number;
  /** Number of simulated days, counting the start date. */
  dayCount: number;
  /**
   * Method of the deterministic mode: `rk4` takes fixed steps of `stepDays`, `dopri5` adaptive
   * steps of at most `stepDays`, shortened where its error control needs them.
   */
  deterministicSolver: DeterministicSolver;
  /** Step of the deterministic solver, in days (the largest step for `dopri5`); a divisor of one day. */
  stepDays: number;
  /** Step of the stochastic solver, in days; a divisor of one day. */
  stochasticStepDays: number;

  /** Residents per region and age band, in persons. */
  population: Float64Array;

  epidemiology: Epidemiology;
  transmission: Transmission;
  testing: Testing;
  tracing: Tracing;
  care: Care;
  /**
   * Households, income, relief and costs. The scenario compiler always sets it; a model built by hand
   * may leave it out, and then the economy metrics are 0 and incomes NaN.
   */
  economy?: Economy;
}

/** Natural history of infection: durations in days, fractions 0-1. */
export interface Epidemiology {
  /** Mean latent period (exposed, not infectious), in days; two Erlang sub-stages. */
  latentDays: number;
  /** Mean pre-symptomatic infectious period, in days. */
  presymptomaticDays: number;
  /** Mean infectious period of an asymptomatic infection, in days. */
  asymptomaticDays: number;
  /** Mean infectious period of a mild symptomatic case, from onset to recovery, in days. */
  mildDays: number;
  /** Mean time from onset to needing a ward bed for a severe case, in days. */
  onsetToWardDays: number;
  /** Mean time from onset to needing an ICU bed for a critical case, in days. */
  onsetToIcuDays: number;
  /** Share of infections that stay asymptomatic, per age band. */
  asymptomaticFraction: Float64Array;
  /** Share of symptomatic cases that become severe (need a ward), per age band. */
  severeFraction: Float64Array;
  /** Share of symptomatic cases that become critical (need ICU), per age band. */
  criticalFraction: Float64Array;
  /** Share of critical patients in intensive care who die, per age band. */
  icuFatalityFraction: Float64Array;
  /** Relative infectiousness of asymptomatic infections (symptomatic = 1). */
  asymptomaticInfectiousness: number;
  /** Relative infectiousness of pre-symptomatic infections (symptomatic = 1). */
  presymptomaticInfectiousness: number;
}

/** Contacts, mixing between regions and seeding. */
export interface Transmission {
  /** Probability of infection per contact with a fully infectious person. */
  transmissionPerContact: number;
  /** Relative susceptibility per age band. */
  susceptibility: Float64Array;
  /** Age contact matrices per setting, contacts per person per day. */
  contactsHome: Float64Array;
  contactsWork: Float64Array;
  contactsSchool: Float64Array;
  contactsOther: Float64Array;
  /**
   * Share of the out-of-home contacts (work, school, other) of a resident of region r made in
   * region s, `[r * regionCount + s]`; each row sums to 1. Home contacts stay in the home region.
   */
  mobility: Float64Array;
  /**
   * Contact multiplier per day, region and setting, `[(d * regionCount + r) * 4 + k]` with
   * k = 0 home, 1 work, 2 school, 3 other; 1 = no change.
   */
  settingMultiplier: Float64Array;
  /** Infections introduced per day, region and age band (imports and seeding), in persons. */
  seedInfections: Float64Array;
}

/** Test capacity, demand and the test itself. */
export interface Testing {
  /** Sum over testing sites of tests per day, with ramp-up, per day and region. */
  siteCapacity: Float64Array;
  /** Laboratory limit per day and region, tests per day; Infinity where there is none. */
  labCapacityRegional: Float64Array;
  /** National laboratory limit per day, tests per day; Infinity where there is none. */
  labCapacityNational: Float64Array;
  /** Per day and region: tests sought per resident per day by people with other respiratory illness. */
  backgroundDemandPerCapita: Float64Array;
  /** Per day and region: tests per day requested by screening of people without symptoms. */
  screeningDemand: Float64Array;
  /**
   * Per day and region: odds ratio of being screened for an infected person against an uninfected
   * one, 1 for screening at random. Above 1 the campaign targets a group where infection is commoner.
   */
  screeningInfectedOdds: Float64Array;
  /** Per day and region: rate at which an untested mild symptomatic case seeks a test, per day. */
  seekMildPerDay: Float64Array;
  /** Per day and region: rate at which an untested severe or critical case seeks a test, per day. */
  seekSeverePerDay: Float64Array;
  /** Fastest service when there is no queue: one over the shortest wait, per day. */
  maxServicePerDay: number;
  /** Days from sample to result. */
  turnaroundDays: number;
  /** Test sensitivity by stage, 0-1. Latent infections are taken to test negative. */
  sensitivityPresymptomatic: number;
  sensitivityAsymptomatic: number;
  sensitivitySymptomatic: number;
  /** Priority order of the three demand classes: 0 contacts, 1 symptomatic, 2 screening. */
  priority: Int8Array;
}

/** Contact tracing, quarantine and known clusters. */
export interface Tracing {
  /**
   * False when the scenario switches tracing off. No case is traced and the tracing backlog is
   * written as empty, since no case waits for tracers who do not exist.
   */
  enabled: boolean;
  /** Cases per day that the tracing staff can investigate, per day and region. */
  capacityPerDay: Float64Array;
  /** Mean delay from confirmation to the contacts being reached, in days. */
  delayDays: number;
  /** Share of an investigated case's infected contacts who are identified, per day and region. */
  identifiedFraction: Float64Array;
  /** Uninfected contacts quarantined per traced case, in persons. */
  uninfectedContactsPerCase: number;
  /**
   * Share of the uninfected contacts of a traced case who take an entry test, per day and region, 0-1.
   * The others are only quarantined. Cluster members are always tested.
   */
  entryTestedUninfected: Float64Array;
  /**
   * Share of the infected contacts found by case-by-case tracing who take an entry test, per day and
   * region, 0-1. The others are tested when symptoms begin and at the retest rate.
   */
  entryTestedInfected: Float64Array;
  /** Mean quarantine length of an uninfected contact, in days; unmet contact tests lapse after it. */
  quarantineDays: number;
  /** Tests per day wanted by each infected person in quarantine who has not yet tested positive. */
  quarantineRetestPerDay: number;
  /** Compliance of quarantined contacts, 0-1: transmission is cut by this share. */
  quarantineCompliance: number;
  /** Compliance of confirmed cases isolated at home, 0-1. */
  isolationCompliance: number;
  /** Compliance of people tested and awaiting their result, 0-1. */
  pendingCompliance: number;
  clusters: readonly Cluster[];
}

/** A known cluster: when found, everyone linked to it is tested. */
export interface Cluster {
  region: number;
  dayFound: number;
  /** People linked to the cluster, to be tested, in persons. */
  linkedPersons: number;
  /** Share of the linked people who are infected when found, 0-1. */
  infectedFraction: number;
  /** Linked people the investigation can reach and send to testing per day. */
  investigationPerDay: number;
  /**
   * Odds ratio of reaching an infected member before an uninfected one, 1 or more: members with
   * symptoms come forward first. 1 reaches them in random order.
   */
  infectedFirstOdds: number;
}

/** Care tiers: capacity, policy, stays and transfers. */
export interface Care {
  /** Beds per day and region. */
  rtcCapacity: Float64Array;
  wardCapacity: Float64Array;
  icuCapacity: Float64Array;
  /** Share of mild confirmed cases sent to a residential treatment centre, per day and region; the rest stay home. */
  rtcShare: Float64Array;
  /** Mean time from a bed becoming free to the next waiting patient taking it, in days. */
  admissionDays: number;
  /** Mean stay of a mild confirmed case in home isolation or a treatment centre, in days. */
  mildCareDays: number;
  wardStayDays: number;
  icuStayDays: number;
  /** Mean ward stay after intensive care, in days. */
  stepDownDays: number;
  /** Multiplier on the ICU fatality for critical patients without an ICU bed. */
  overflowFatalityFactor: number;
  /** Share of severe patients who die when they never get a ward bed, per age band. */
  waitingWardFatalityFraction: Float64Array;
  /** Patients per day that can leave each region by transfer, per day and region. */
  transferCapacity: Float64Array;
  /** Allowed transfer routes per day, `[(d * regionCount + from) * regionCount + to]`, 1 = allowed. */
  transferAllowed: Uint8Array;
}

/** Number of income quintiles in the economy tables. */
export const QUINTILES = 5;

/**
 * Households, income, relief and the cost of each lever, tabulated per day by the scenario compiler.
 * Money is in the scenario's currency. Per day, region and quintile: `[(d * regionCount + r) * 5 + q]`.
 * Everything here is fixed before the run except the costs of tests and occupied beds, which the
 * engine takes from the day's tests performed and occupancy.
 */
export interface Economy {
  /** Households per region and income quintile, `[r * 5 + q]`. */
  householdsByQuintile: Float64Array;
  /** Distancing intensity per day and region, 0-1: 1 minus the mean of the work and other contact multipliers. */
  distancingIntensity: Float64Array;
  /** Mean income per household per month, relief received in the last `reliefIncomeDays` included, per day, region and quintile. */
  incomeWithRelief: Float64Array;
  /** The same without relief. */
  incomeWithoutRelief: Float64Array;
  /** Relief paid to households per day and region. */
  reliefPaid: Float64Array;
  /** Households paid a non-zero amount by at least one payment by the end of the day, per day and region. */
  householdsPaid: Float64Array;
  /** Households paid and still inside a payment's spending window, per day and region. */
  householdsSupported: Float64Array;
  /** Consumption expenditure of households per day and region, without the spending that relief adds. */
  consumptionBase: Float64Array;
  /** Spending added by relief per day and region, which is revenue of the region's businesses. */
  consumptionExtra: Float64Array;
  /** Running cost of the scenario's testing sites per day and region; sites that grants buy cost the grant. */
  testingSiteCost: Float64Array;
  /** Cost of the tracing staff per day and region. */
  tracingCost: Float64Array;
  /** Grants paid per day and region. */
  grantCost: Float64Array;
  /** Cost of one test performed. */
  costPerTest: number;
  /** Cost of one occupied bed for a day, by tier. */
  costPerOccupiedRtcBedDay: number;
  costPerOccupiedWardBedDay: number;
  costPerOccupiedIcuBedDay: number;
  /** People aged 75 or over taken to vaccination by grants, per region. */
  vaccinationTransportPersons: Float64Array;
  /**
   * Multiplier on the non-compliance of people in quarantine and isolation per day and region,
   * `1 - leakageReductionFraction x supported share`, or null when no payment supports compliance,
   * so that the transmission step is then exactly the one without relief.
   */
  leakageFactor: Float64Array | null;
}

/** Mode of a run: mean-field ODE or integer counts with random transitions. */
export type RunMode = 'deterministic' | 'stochastic';
