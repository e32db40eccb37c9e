export { runCommand, nationalCodeOf, MIXED_NATIONAL_CODE } from './run.js';
export { validateCommand } from './validate.js';
export { readObservedFile, parseObservedText, DS4C_PROVINCE_CODES } from './observed.js';
export type { ObservedContext, ObservedData, ObservedFormat } from './observed.js';
export { formatNumber, roundForOutput } from './format.js';
export {
  buildSeriesRows,
  buildSummaryRows,
  seriesCsvChunks,
  seriesRows,
  outputRegions,
  SERIES_CSV_HEADER,
  seriesLength,
  summaryLength,
} from './tables.js';
export type { OutputLayout } from './tables.js';
export { buildSummaryDocument, formatSummaryJson } from './summary-json.js';
export type { SummaryDocument, RegionSummary, Quantiles, DateQuantiles, PeakOccupancy } from './summary-json.js';
export { createProgressReporter } from './progress.js';
export type { ProgressReporter, ProgressOptions } from './progress.js';
export { prepareOutput, OUTPUT_FILES } from './output.js';
export type { StagedOutput, OutputFile } from './output.js';
export { resolveRunSettings, parsePositiveInteger, parseSeed, MAX_WORKERS_PER_CORE } from './run-settings.js';
export type { RunFlags, RunSettings } from './run-settings.js';
export { EXIT_CODES, InputError, InterruptedError, OutputWriteError, messages } from './messages.js';
export { BATCH_MEMORY_FRACTION, checkBatchMemory, runBytes } from './memory.js';
export { reportFailure } from './failure.js';
