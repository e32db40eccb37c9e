import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { reportMetrics } from '../viz/index.js';
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

/**
 * Estimated bytes of the main thread's heap per daily value that report.html charts: its row, its
 * index entry, its chart data and its text in the page. A deterministic run of 120 regions over
 * 3,653 days charts 7.5 million values. It ran out of a 2.5 GB heap and finished within Node's
 * default of 4.3 GB on a 24 GB machine, so the cost lies between 330 and 570 bytes.
 */
export const REPORT_BYTES_PER_VALUE = 500;

/** Share of the heap limit that the report's values may fill, leaving the rest to the other outputs. */
export const REPORT_HEAP_FRACTION = 0.9;

/**
 * Checks, before a batch starts, that the report of its regions and days fits in the heap of the
 * main thread. A long run of many regions then ends with a clear error at the start, in place of a
 * crash when its output is written.
 *
 * @param heapLimitBytes the heap limit of this process, which NODE_OPTIONS=--max-old-space-size raises
 * @throws InputError when the estimate is above the limit, with the estimate, the limit and the fix
 */
export function checkReportMemory(
  layout: OutputLayout,
  hasCurrency: boolean,
  heapLimitBytes: number = getHeapStatistics().heap_size_limit,
): void {
  const values = reportMetrics(hasCurrency).length * (layout.regions.length + 1) * layout.dates.length;
  const neededBytes = values * REPORT_BYTES_PER_VALUE;
  const limitBytes = heapLimitBytes * REPORT_HEAP_FRACTION;
  if (neededBytes <= limitBytes) return;
  const heapMegabytes = Math.ceil(neededBytes / REPORT_HEAP_FRACTION / 2 ** 20);
  throw new InputError(messages.reportTooLarge({ values, neededBytes, heapLimitBytes, heapMegabytes }));
}
