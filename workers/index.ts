export { runBatch, createPool, runsPerTaskFor, shrinkingRanges } from './pool.js';
export type { PoolOptions, BatchRequest, BatchResult, ProgressListener } from './pool.js';
export { aggregateRuns, QUANTILE_PROBABILITIES } from './aggregate.js';
export type { Distribution, QuantileName } from './aggregate.js';
export { BatchError } from './errors.js';
export type { RunTask, TaskResult } from './task.js';
export { COMPARISON_KPIS, comparePlan, CURRENCY_UNIT, kpiValue, spreadOf } from './compare.js';
export type { Direction, KpiComparison, KpiDefinition, Spread } from './compare.js';
export { costPerDeathAverted, costPerDeathAvertedBySlot } from './cost-per-death-averted.js';
export type { CostPerDeathAverted } from './cost-per-death-averted.js';
export {
  calibrate,
  createObjective,
  DISPERSION_RANGE,
  MAX_LAG1,
  MIN_MEAN_PER_DAY,
  OBSERVED_METRICS,
  PROFILE_DROP_95,
  PROFILE_SETTINGS,
} from './calibrate/index.js';
export type {
  CalibrationOptions,
  CalibrationProblem,
  CalibrationResult,
  Evaluation,
  Interval,
  ObservedQuantity,
  ObservedSeries,
  ObservedStream,
  ProfileBound,
  ProfileStatus,
  ResidualAutocorrelation,
  SeriesFit,
} from './calibrate/index.js';
