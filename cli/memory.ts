import { totalmem } from 'node:os';
import { InputError, messages } from './messages.js';
import { seriesLength, summaryLength, type OutputLayout } from './tables.js';

/**
 * Share of the machine's memory that the per-run arrays of one batch may fill. The batch keeps
 * every run's series and summary until it ends. On top of them come the aggregated quantiles, the
 * rows and text of series.csv and report.html, each worker's own model and heap, and the operating
 * system and other programs. Half leaves room for all of that, while a batch that filled most of
 * memory would end in swapping or in a kill by the kernel's out-of-memory killer.
 */
export const BATCH_MEMORY_FRACTION = 0.5;

/**
 * Estimates the memory one run's arrays take, in bytes: the series and the summary that the
 * worker returns, as float64 values. The region and day counts of the layout are those of the
 * compiled model (the scenario's regions, and its days from `simulation.start` to `simulation.end`).
 */
export function runBytes(layout: OutputLayout): number {
  return (seriesLength(layout) + summaryLength(layout)) * Float64Array.BYTES_PER_ELEMENT;
}

/**
 * Checks, before a batch starts, that the per-run arrays of all its runs fit in
 * {@link BATCH_MEMORY_FRACTION} of the machine's memory.
 *
 * NOTE: the estimate counts the arrays that grow with the number of runs, not the fixed cost of the
 * workers and the output, and it compares with the total memory, not with what is free right now.
 *
 * @param totalBytes the machine's memory, in bytes
 * @throws InputError when the estimate is above the limit, with the estimate, the limit and the fix
 */
export function checkBatchMemory(runs: number, layout: OutputLayout, totalBytes: number = totalmem()): void {
  const perRunBytes = runBytes(layout);
  const limitBytes = Math.floor(totalBytes * BATCH_MEMORY_FRACTION);
  const batchBytes = runs * perRunBytes;
  if (batchBytes <= limitBytes) return;
  const maxRuns = Math.floor(limitBytes / perRunBytes);
  throw new InputError(messages.batchTooLarge({ runs, perRunBytes, batchBytes, limitBytes, totalBytes, maxRuns }));
}
