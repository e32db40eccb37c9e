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
 * Creates a progress reporter: a bar with runs done, their share in percent, their pace and time left
 * when the stream is a terminal, else one plain line at each interval and one at the end, which suits
 * log files. A batch of one run, such as a deterministic run, shows the time elapsed in place of the
 * pace, and so does any batch until a pace can be measured (see {@link progressTiming}).
 */
export function createProgressReporter(options: ProgressOptions): ProgressReporter {
  return options.stream.isTTY ? createBar(options) : createLines(options);
}

function createBar(options: ProgressOptions): ProgressReporter {
  const nowMs = options.nowMs ?? Date.now;
  const startMs = nowMs();
  const meter = paceMeter();
  let runsDone = 0;
  // Taken at each progress report, so that the pace and the time left change only when the runs move on.
  let runsPerSecond = 0;
  const template = 'runs {bar} {runs}/{total} ({percentage} %) | {timing} | {left}';
  const bar = new cliProgress.SingleBar({
    stream: options.stream,
    // The bar formats at each redraw, so that the time elapsed moves on between progress reports.
    format: (barOptions, params, payload: Record<string, unknown>) => {
      const elapsedSeconds = (nowMs() - startMs) / 1000;
      const { timing, secondsLeft } = progressTiming(runsPerSecond, runsDone, options.runsTotal, elapsedSeconds);
      // cli-progress writes a time of up to 10 s as given, so it gets whole seconds, rounded up as in the plain lines.
      const left =
        secondsLeft === undefined
          ? 'time left unknown'
          : `~${cliProgress.Format.TimeFormat(Math.ceil(secondsLeft), barOptions, 5)} left`;
      return cliProgress.Format.Formatter({ ...barOptions, format: template }, params, { ...payload, timing, left });
    },
    // The command handles Ctrl-C itself, so that it can remove the half-written output first.
    gracefulExit: false,
    hideCursor: true,
  });
  bar.start(options.runsTotal, 0, { runs: 0 });
  return {
    update(done) {
      // The bar and the time left move with the part done of a long run, the count with whole runs.
      runsDone = done;
      meter.record(done, nowMs());
      runsPerSecond = meter.runsPerSecond(nowMs());
      bar.update(done, { runs: Math.floor(done) });
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
    const { timing, secondsLeft } = progressTiming(rate, runsDone, options.runsTotal, (nowMs() - startMs) / 1000);
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

/** The pace or time elapsed that a progress line shows, and the time left. */
interface ProgressTiming {
  /** The pace of the runs, or the time elapsed when there is no pace to show. */
  timing: string;
  /** Seconds left: 0 once every run is done, undefined while there is no pace to estimate them from. */
  secondsLeft: number | undefined;
}

/**
 * Returns the text of the pace and the time left, from a pace of {@link PaceMeter.runsPerSecond}. A
 * batch of one run shows the time elapsed in place of its pace. So does a batch whose pace is 0, not
 * known yet, because a pace of 0.0 runs/s would be false.
 */
function progressTiming(
  runsPerSecond: number,
  runsDone: number,
  runsTotal: number,
  elapsedSeconds: number,
): ProgressTiming {
  const timing = runsTotal > 1 && runsPerSecond > 0 ? pace(runsPerSecond) : elapsed(elapsedSeconds);
  let secondsLeft: number | undefined;
  if (runsDone >= runsTotal) secondsLeft = 0;
  else if (runsPerSecond > 0) secondsLeft = (runsTotal - runsDone) / runsPerSecond;
  return { timing, secondsLeft };
}

/** Pace of the runs, measured from the progress reports. */
interface PaceMeter {
  record(runsDone: number, nowMs: number): void;
  /** Runs per second since the first report, 0 before a second report or while no run has moved on since the first. */
  runsPerSecond(nowMs: number): number;
}

/**
 * Measures the pace of the runs from the first progress report on, so that the time the worker
 * threads take to start does not count as time spent on the runs.
 */
function paceMeter(): PaceMeter {
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
