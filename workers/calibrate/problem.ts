import type { MetricName } from '../../engine/index.js';
import type { FitParameter, Scenario } from '../../scenarios/index.js';

/** Observed quantities a calibration can compare, each with the simulated metric it is compared with. */
export const OBSERVED_METRICS = {
  confirmed: 'confirmed_new',
  deaths: 'deaths_new',
  tests: 'tests_performed',
} as const satisfies Record<string, MetricName>;

/** Name of an observed quantity: `confirmed` cases, `deaths` or national `tests` performed, each per day. */
export type ObservedQuantity = keyof typeof OBSERVED_METRICS;

/** Daily counts of one quantity in one region, or nationally, over the calibration window. */
export interface ObservedSeries {
  /** Region code, or the national code. */
  region: string;
  /** Index of the region in the simulated series, or the number of regions for the national figure. */
  regionSlot: number;
  /** Count per day of the window, in persons or tests; NaN marks a day left out. */
  counts: number[];
}

/** The observed series of one quantity, one per region or one national. */
export interface ObservedStream {
  quantity: ObservedQuantity;
  series: ObservedSeries[];
}

/**
 * Everything a calibration compares, in plain data so that it reaches worker threads by structured
 * clone: the base scenario, the parameters to fit, the window and the observed counts.
 */
export interface CalibrationProblem {
  /** The validated scenario with its defaults filled in, before any parameter is applied. */
  scenario: Scenario;
  parameters: FitParameter[];
  /** True to fit a negative binomial dispersion per observed series, false for the Poisson model. */
  fitDispersion: boolean;
  /** First day of the likelihood, ISO 8601, on or after `simulation.start`. */
  from: string;
  /** Last day of the likelihood, ISO 8601, on or before `simulation.end`. The runs stop on it. */
  to: string;
  streams: ObservedStream[];
}
