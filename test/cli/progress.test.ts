import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createProgressReporter } from '../../cli/progress.js';

/** Creates a non-terminal stream that records what is written to it. */
function recordingStream(): { stream: NodeJS.WriteStream; text: () => string } {
  let written = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      written += String(chunk);
      done();
    },
  });
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => written };
}

/** Creates a terminal stream, 120 columns wide, that records what is written to it with escape codes removed. */
function recordingTerminal(): { stream: NodeJS.WriteStream; text: () => string } {
  const { stream, text } = recordingStream();
  Object.assign(stream, { isTTY: true, columns: 120 });
  // Removes the cursor and line control sequences that the bar writes around its text.
  return { stream, text: () => text().replace(/\x1B(\[[0-9;?]*[A-Za-z]|7|8)/g, '') };
}

describe('createProgressReporter without a terminal', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('prints one line per interval and one at the end', () => {
    vi.useFakeTimers();
    let nowMs = 0;
    const { stream, text } = recordingStream();
    const progress = createProgressReporter({ runsTotal: 100, stream, nowMs: () => nowMs });

    nowMs = 4000;
    progress.update(10);
    vi.advanceTimersByTime(4000);
    expect(text()).toBe('');

    // The pace counts from the first report: 30 runs in 8.5 s is 3.5 runs/s, so 60 more runs take 17 s.
    nowMs = 12_500;
    progress.update(40);
    vi.advanceTimersByTime(1000);
    expect(text()).toBe('runs 40/100 (40 %), 3.5 runs/s, ~17 s left\n');

    nowMs = 20_000;
    progress.update(100);
    progress.stop();
    expect(text().split('\n').at(-2)).toBe('runs 100/100 (100 %), 5.6 runs/s, ~0 s left');
  });

  it('shows the progress and pace of a long run', () => {
    vi.useFakeTimers();
    let nowMs = 0;
    const { stream, text } = recordingStream();
    const progress = createProgressReporter({ runsTotal: 2, stream, nowMs: () => nowMs, lineIntervalMs: 2000 });
    // The workers take the first second to start, which the pace leaves out: 0.4 runs in 1 s.
    nowMs = 1000;
    progress.update(0.1);
    nowMs = 2000;
    progress.update(0.5);
    vi.advanceTimersByTime(2000);
    expect(text()).toBe('runs 0/2 (25 %), 2.5 s per run, ~4 s left\n');
    progress.stop();
  });

  it('shows the elapsed time before the first report', () => {
    vi.useFakeTimers();
    let nowMs = 0;
    const { stream, text } = recordingStream();
    const progress = createProgressReporter({ runsTotal: 8, stream, nowMs: () => nowMs, lineIntervalMs: 100 });
    nowMs = 100;
    vi.advanceTimersByTime(100);
    expect(text()).toBe('runs 0/8 (0 %), 0.1 s elapsed, time left unknown\n');
    progress.stop();
  });

  it('shows no pace from one report', () => {
    vi.useFakeTimers();
    let nowMs = 0;
    const { stream, text } = recordingStream();
    const progress = createProgressReporter({ runsTotal: 10, stream, nowMs: () => nowMs, lineIntervalMs: 2000 });
    // The first report only starts the pace measurement, so 2 runs after 1 s give no pace yet.
    nowMs = 1000;
    progress.update(2);
    nowMs = 2000;
    vi.advanceTimersByTime(2000);
    expect(text()).toBe('runs 2/10 (20 %), 2.0 s elapsed, time left unknown\n');
    progress.stop();
  });

  it('shows the elapsed time of a single run', () => {
    vi.useFakeTimers();
    let nowMs = 0;
    const { stream, text } = recordingStream();
    const progress = createProgressReporter({ runsTotal: 1, stream, nowMs: () => nowMs, lineIntervalMs: 2000 });
    // The run goes from 25 % to 75 % in 1 s, so the other 25 % take 0.5 s more, which the line rounds up to ~1 s.
    nowMs = 1000;
    progress.update(0.25);
    nowMs = 2000;
    progress.update(0.75);
    vi.advanceTimersByTime(2000);
    expect(text()).toBe('runs 0/1 (75 %), 2.0 s elapsed, ~1 s left\n');

    nowMs = 2500;
    progress.update(1);
    progress.stop();
    expect(text().split('\n').at(-2)).toBe('runs 1/1 (100 %), 2.5 s elapsed, ~0 s left');
  });

  it('shows a single run done before any report', () => {
    vi.useFakeTimers();
    let nowMs = 0;
    const { stream, text } = recordingStream();
    const progress = createProgressReporter({ runsTotal: 1, stream, nowMs: () => nowMs });
    nowMs = 400;
    progress.update(1);
    progress.stop();
    expect(text()).toBe('runs 1/1 (100 %), 0.4 s elapsed, ~0 s left\n');
  });

  it('prints nothing more after stop', () => {
    vi.useFakeTimers();
    const { stream, text } = recordingStream();
    const progress = createProgressReporter({ runsTotal: 8, stream, lineIntervalMs: 100 });
    progress.stop();
    const afterStop = text();
    vi.advanceTimersByTime(1000);
    progress.stop();
    expect(text()).toBe(afterStop);
  });
});

describe('createProgressReporter on a terminal', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows the elapsed time of a single run', () => {
    vi.useFakeTimers();
    let nowMs = 0;
    const { stream, text } = recordingTerminal();
    const progress = createProgressReporter({ runsTotal: 1, stream, nowMs: () => nowMs });
    nowMs = 1500;
    vi.advanceTimersByTime(1500);
    expect(text()).toContain('1.5 s elapsed');

    nowMs = 2000;
    progress.update(1);
    progress.stop();
    expect(text()).toContain('1/1 (100 %) | 2.0 s elapsed');
    expect(text()).not.toContain('runs/s');
  });

  it('shows the pace of several runs', () => {
    vi.useFakeTimers();
    let nowMs = 0;
    const { stream, text } = recordingTerminal();
    const progress = createProgressReporter({ runsTotal: 10, stream, nowMs: () => nowMs });
    nowMs = 1000;
    progress.update(2);
    nowMs = 3000;
    progress.update(6);
    vi.advanceTimersByTime(200);
    progress.stop();
    expect(text()).toContain('6/10 (60 %) | 2.0 runs/s | ~2s left');
  });

  it('shows no pace before the first report', () => {
    vi.useFakeTimers();
    let nowMs = 0;
    const { stream, text } = recordingTerminal();
    const progress = createProgressReporter({ runsTotal: 10, stream, nowMs: () => nowMs });
    nowMs = 500;
    vi.advanceTimersByTime(500);
    expect(text()).toContain('0/10 (0 %) | 0.5 s elapsed | time left unknown');
    expect(text()).not.toContain('runs/s');
    expect(text()).not.toContain('~0s left');
    progress.stop();
  });

  it('shows the percentage of a run under way', () => {
    vi.useFakeTimers();
    let nowMs = 0;
    const { stream, text } = recordingTerminal();
    const progress = createProgressReporter({ runsTotal: 4, stream, nowMs: () => nowMs });
    nowMs = 1000;
    progress.update(0.5);
    vi.advanceTimersByTime(200);
    expect(text()).toContain('0/4 (12 %) | 1.0 s elapsed | time left unknown');
    progress.stop();
  });
});
