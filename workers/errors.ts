/** Error constructors of the worker pool, so that wording stays the same everywhere. */

/** Builds the error for a pool option that is not a positive integer. */
export function poolOptionError(name: string, value: unknown): TypeError | RangeError {
  const message = `${name} must be a positive integer (got ${String(value)})`;
  return typeof value === 'number' ? new RangeError(message) : new TypeError(message);
}

/** Builds the error for a batch request whose run count is not a positive integer. */
export function runsError(value: unknown): TypeError | RangeError {
  const message = `runs must be a positive integer (got ${String(value)})`;
  return typeof value === 'number' ? new RangeError(message) : new TypeError(message);
}

/** Builds the error for a task message that a worker cannot use. */
export function invalidTaskError(field: string, expected: string, value: unknown): TypeError {
  const name = field === '' ? 'task' : `task.${field}`;
  return new TypeError(`${name} must be ${expected} (got ${JSON.stringify(value) ?? String(value)})`);
}

/** Builds the error for a task whose result does not hold one series and one summary per run. */
export function taskResultError(runStart: number, runEnd: number, received: number): Error {
  return new Error(
    `the worker for runs ${runStart} to ${runEnd - 1} returned ${received} results (expected ${runEnd - runStart})`,
  );
}

/** Builds the error for per-run arrays that cannot be aggregated together. */
export function runLengthError(runIndex: number, length: number, expectedLength: number): RangeError {
  return new RangeError(
    `run ${runIndex} has ${length} values, but run 0 has ${expectedLength}. Every run must share one layout`,
  );
}

/** Raised when the runs of one task fail: the worker threw, or its thread died. */
export class BatchError extends Error {
  override readonly name = 'BatchError';

  /**
   * @param runStart first run index of the failed task
   * @param runEnd one past the last run index of the failed task
   * @param cause what the worker or piscina reported
   */
  constructor(
    readonly runStart: number,
    readonly runEnd: number,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`runs ${runStart} to ${runEnd - 1} failed: ${reason}`, { cause });
  }
}
