import { setImmediate } from 'node:timers/promises';

/**
 * Work split into steps, as a generator that yields between two steps and returns the result. A long
 * page takes seconds to build, and a signal handler runs only while the event loop is free, so an
 * interrupt can stop the work only between steps (see {@link finishStepsUnlessAborted}).
 */
export type Steps<T> = Generator<void, T, void>;

/** Runs every step without a pause and returns the result. */
export function finishSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done === true) return next.value;
  }
}

/**
 * Runs the steps with a turn of the event loop after each one, and runs no further step once `signal`
 * has aborted.
 *
 * @throws the signal's reason (as a rejection) when it aborts before the last step
 */
export async function finishStepsUnlessAborted<T>(steps: Steps<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted();
  for (;;) {
    const next = steps.next();
    if (next.done === true) return next.value;
    await setImmediate();
    signal.throwIfAborted();
  }
}
