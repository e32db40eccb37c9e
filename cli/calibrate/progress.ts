import { messages } from '../messages.js';

/** Shows how far a calibration has come. */
export interface FitProgress {
  /** Records the evaluations of the search so far, restarts included, and the best log-likelihood. */
  evaluations(done: number, bestLogLikelihood: number): void;
  /** Records the profile bounds searched so far. */
  bounds(done: number, total: number): void;
  /** Shows the final state and stops the timer. */
  stop(): void;
}

/** Destination and pace of the progress output. */
export interface FitProgressOptions {
  stream: NodeJS.WriteStream;
  maxEvaluations: number;
  /** Milliseconds between lines when the stream is not a terminal. @default 5000 */
  lineIntervalMs?: number;
}

const DEFAULT_LINE_INTERVAL_MS = 5000;

/**
 * Creates the progress output of a calibration: one line that rewrites itself on a terminal, else a
 * line at each interval and one at the end, which suits log files.
 */
export function createFitProgress(options: FitProgressOptions): FitProgress {
  const { stream } = options;
  let line = '';
  let printed = '';
  let stopped = false;
  const print = (): void => {
    if (line === printed) return;
    printed = line;
    // On a terminal the line returns to column 0 and clears the rest of the previous one.
    stream.write(stream.isTTY ? `\r${line}\u001b[K` : `${line}\n`);
  };
  const timer = stream.isTTY ? undefined : setInterval(print, options.lineIntervalMs ?? DEFAULT_LINE_INTERVAL_MS);
  // The timer alone must not keep the process alive once the fit is over.
  timer?.unref();

  return {
    evaluations(done, best) {
      line = messages.calibrateProgress(done, options.maxEvaluations, best);
      if (stream.isTTY) print();
    },
    bounds(done, total) {
      // The last line of the search is shown once before the intervals replace it.
      if (done === 1) print();
      line = messages.calibrateBoundsProgress(done, total);
      if (stream.isTTY) print();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (timer !== undefined) clearInterval(timer);
      print();
      if (stream.isTTY && printed !== '') stream.write('\n');
    },
  };
}
