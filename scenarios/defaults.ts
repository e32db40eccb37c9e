/** Defaults and fixed vocabularies of the scenario format. */

/**
 * Step of the deterministic solver, in days. The default solver controls its error and takes shorter
 * steps where the state changes fast, so a whole day is a safe upper bound.
 */
export const DEFAULT_STEP_DAYS = 1;

/** Fixed step of the stochastic solver, in days. */
export const DEFAULT_STOCHASTIC_STEP_DAYS = 0.25;

/** The nine ten-year age bands of the default contact and severity tables. */
export const DEFAULT_AGE_BANDS: readonly string[] = [
  '0-9', '10-19', '20-29', '30-39', '40-49', '50-59', '60-69', '70-79', '80+',
];

/**
 * Share of symptomatic cases that need hospital care, percent per default age band: Ferguson et al.,
 * Imperial College COVID-19 Response Team report 9 (2020), table 1.
 */
export const DEFAULT_HOSPITALISED_PERCENT: readonly number[] = [0.1, 0.3, 1.2, 3.2, 4.9, 10.2, 16.6, 24.3, 27.3];

/** Share of hospitalised cases needing critical care, percent per default age band: same table. */
export const DEFAULT_CRITICAL_PERCENT_OF_HOSPITALISED: readonly number[] = [
  5.0, 5.0, 5.0, 5.0, 6.3, 12.2, 27.4, 43.2, 70.9,
];

/** Infection fatality ratio, percent per default age band: Verity et al., Lancet Infect Dis 2020. */
export const DEFAULT_INFECTION_FATALITY_PERCENT: readonly number[] = [
  0.00161, 0.00695, 0.0309, 0.0844, 0.161, 0.595, 1.93, 4.28, 7.8,
];

/** Demand classes of the testing queue, in the default order of service. */
export const DEMAND_CLASSES = ['contacts', 'symptomatic', 'screening'] as const;

/** Kinds of testing site. */
export const SITE_KINDS = ['screening_clinic', 'drive_through', 'walk_through', 'mass_screening'] as const;

/** Number of Erlang sub-stages of the latent period in the engine, so its sub-stage rate is this over `latentDays`. */
export const LATENT_STAGES = 2;

/** Largest `rate x step` that the stochastic solver accepts, for every rate derived from a duration. */
export const MAX_RATE_TIMES_STEP = 0.5;

/**
 * Largest `rate x step` that the fixed-step Runge-Kutta solver accepts. Classical RK4 is stable up to
 * about 2.79 on the negative real axis; 1 keeps a margin for the coupling between states.
 */
export const MAX_RK4_RATE_TIMES_STEP = 1;

/** Highest ICU fatality and waiting-ward fatality the compiler produces. */
export const MAX_FATALITY_FRACTION = 0.95;

/** Tolerance on the sum of age shares. */
export const SHARE_SUM_TOLERANCE = 1e-6;

/** Largest population of one region, in persons, more than that of any country. */
export const MAX_REGION_POPULATION = 2e9;

/** Largest number of Monte Carlo runs in one batch, for `simulation.runs` and the `--runs` flag. */
export const MAX_RUNS = 1_000_000;

/**
 * Largest number of simulated days, `simulation.start` to `simulation.end` inclusive: ten years,
 * leap days included, which is plenty for planning the response to an epidemic. Memory grows with
 * the horizon, because every run keeps a daily series of each metric and region, and the report
 * contains one row per metric, region and day. A deterministic run of the 17-region Korea scenario
 * (`tttsim run --mode deterministic`, Node 20 on a 2-core Linux machine with 24 GB) peaked at 1.6 GB
 * resident over ten years and at 3.8 GB over 25 years, close to V8's default heap limit of 4.3 GB there.
 */
export const MAX_SIMULATION_DAYS = 3653;
