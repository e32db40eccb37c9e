import cliProgress from 'cli-progress';
import { elapsed, messages, pace } from './messages.js';

/** Shows how far a batch of runs has come. */
export interface ProgressReporter {
  /** Records that `runsDone` runs have finished; a fraction counts the part done of the runs under way. */
  update(runsDone: number): void;
  /** Shows the final state and releases the terminal and timers. */
  stop(): void;
}

/** Destination and pace of the progress output. */
export interface ProgressOptions {
  /** Total runs of the batch. */
  runsTotal: number;
  stream: NodeJS.WriteStream;
  /** Milliseconds between plain lines when the stream is not a terminal. @default 5000 */
  lineIntervalMs?: number;
  /** Clock in milliseconds, for tests. @default Date.now */
  nowMs?: () => number;
}

const DEFAULT_LINE_INTERVAL_MS = 5000;

/**
 * Creates a progress reporter: a bar with runs done, their pace and time left when the stream
 * is a terminal, else one plain line at each interval and one at the end, which suits log files.
 * A batch of one run, such as a deterministic run, shows the time elapsed in place of the pace.
 * A run that ends before its first progress report leaves no pace to measure, so a pace would read 0.0 runs/s.
 */
export function createProgressReporter(options: ProgressOptions): ProgressReporter {
  return options.stream.isTTY ? createBar(options) : createLines(options);
}

function createBar(options: ProgressOptions): ProgressReporter {
  const nowMs = options.nowMs ?? Date.now;
  const startMs = nowMs();
  const singleRun = options.runsTotal === 1;
  const meter = paceMeter();
  const template = 'runs {bar} {runs}/{total} | {timing} | ~{eta_formatted} left';
  const bar = new cliProgress.SingleBar({
    stream: options.stream,
    // The bar formats at each redraw, so that the time elapsed of a single run moves on between progress reports.
    format: (barOptions, params, payload: Record<string, unknown>) => {
      const timing = singleRun ? elapsed((nowMs() - startMs) / 1000) : payload['pace'];
      return cliProgress.Format.Formatter({ ...barOptions, format: template }, params, { ...payload, timing });
    },
    // The command handles Ctrl-C itself, so that it can remove the half-written output first.
    gracefulExit: false,
    hideCursor: true,
  });
  bar.start(options.runsTotal, 0, { pace: pace(0), runs: 0 });
  return {
    update(runsDone) {
      // The bar and the time left move with the part done of a long run, the count with whole runs.
      meter.record(runsDone, nowMs());
      bar.update(runsDone, { pace: pace(meter.runsPerSecond(nowMs())), runs: Math.floor(runsDone) });
    },
    stop() {
      bar.stop();
    },
  };
}

function createLines(options: ProgressOptions): ProgressReporter {
  const nowMs = options.nowMs ?? Date.now;
  const startMs = nowMs();
  const meter = paceMeter();
  let runsDone = 0;
  let stopped = false;

  const print = (): void => {
    const rate = meter.runsPerSecond(nowMs());
    const timing = options.runsTotal === 1 ? elapsed((nowMs() - startMs) / 1000) : pace(rate);
    let secondsLeft: number | undefined;
    if (runsDone >= options.runsTotal) secondsLeft = 0;
    else if (rate > 0) secondsLeft = (options.runsTotal - runsDone) / rate;
    options.stream.write(`${messages.progressLine(runsDone, options.runsTotal, timing, secondsLeft)}\n`);
  };
  const timer = setInterval(print, options.lineIntervalMs ?? DEFAULT_LINE_INTERVAL_MS);
  // The timer alone must not keep the process alive once the batch is over.
  timer.unref();

  return {
    update(done) {
      runsDone = done;
      meter.record(done, nowMs());
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      print();
    },
  };
}

/**
 * Measures the pace of the runs from the first progress report on, so that the time the worker
 * threads take to start does not count as time spent on the runs.
 */
function paceMeter(): { record(runsDone: number, nowMs: number): void; runsPerSecond(nowMs: number): number } {
  let first: { runsDone: number; ms: number } | undefined;
  let latest = 0;
  return {
    record(runsDone, nowMs) {
      first ??= { runsDone, ms: nowMs };
      latest = runsDone;
    },
    runsPerSecond(nowMs) {
      if (first === undefined || nowMs <= first.ms) return 0;
      return ((latest - first.runsDone) * 1000) / (nowMs - first.ms);
    },
  };
}
