export { DEFAULT_SCENARIO_PATH } from './paths.js';
export { MAX_REGION_POPULATION, MAX_RUNS } from './defaults.js';
export { readSeedText } from './fields.js';
export { scenarioSchema } from './scenario.js';
export type { Scenario } from './scenario.js';
export type { Problem } from './messages.js';
export { parseScenarioText, loadScenarioFile } from './load.js';
export type { LoadResult, ParseOptions } from './load.js';
export { MAX_EXTENDS_DEPTH } from './extends.js';
export { scenarioHash } from './hash.js';
export { compileScenario, parameterStreams } from './compile.js';
export type { CompileOptions } from './compile.js';
export { calendarOf } from './calendar.js';
export { centralValue } from './distributions.js';
export { checkFitUncertainty, sampleFitUncertainty } from './fit-uncertainty.js';
export { choleskyFactor, restrictCorrelation } from './fit-correlation.js';
export type { ScenarioCalendar } from './calendar.js';
export { regionsOf } from './regions.js';
export {
  applyFitParameters,
  BOUND_TOLERANCE,
  boundPosition,
  fromUnbounded,
  isOnBound,
  parseFitParameter,
  targetKey,
  toUnbounded,
} from './fit-parameters.js';
export type { FitParameter, FitTarget, FitTransform } from './fit-parameters.js';
export { FitParameterError, FIT_NAME_FORMS, fitMessages } from './fit-messages.js';
export type { RegionInfo } from './regions.js';
export { quoteText } from './problems.js';
