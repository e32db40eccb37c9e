import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
// The pool loads its worker beside its own compiled module, so these tests use the build in dist/.
import { parseScenarioText } from '../../dist/scenarios/index.js';
import { BatchError, runBatch, runsPerTaskFor, shrinkingRanges } from '../../dist/workers/index.js';

const FAKE_WORKER = fileURLToPath(new URL('./fixtures/fake-worker.mjs', import.meta.url));
const KOREA = fileURLToPath(new URL('../../scenarios/korea-2020.json', import.meta.url));
const POOL_MODULE = fileURLToPath(new URL('../../dist/workers/index.js', import.meta.url));
const tempDir = mkdtempSync(join(tmpdir(), 'tttsim-pool-'));

afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

/** Builds a batch request for the fake worker, with `behaviour` as its scenario object. */
function fakeRequest(runs: number, behaviour: Record<string, unknown>, pool: Record<string, unknown> = {}) {
  return {
    scenario: behaviour,
    mode: 'stochastic',
    seed: 1,
    runs,
    pool: { workers: 4, runsPerTask: 2, workerFile: FAKE_WORKER, ...pool },
  };
}

describe('runBatch', () => {
  it('orders results by run index whatever the finish order', async () => {
    const logFile = join(tempDir, 'finish-order.log');
    const result = await runBatch(fakeRequest(24, { delayMs: 3, totalRuns: 24, logFile }));

    // Later tasks sleep less, so they finish before earlier ones on other threads.
    const finishOrder = readFileSync(logFile, 'utf8').trim().split('\n').map(Number);
    expect(finishOrder).toHaveLength(12);
    expect(finishOrder).not.toEqual([...finishOrder].sort((a, b) => a - b));

    expect(result.series).toHaveLength(24);
    result.series.forEach((series: Float64Array, run: number) => expect([...series]).toEqual([run, 2 * run]));
    result.summary.forEach((summary: Float64Array, run: number) => expect([...summary]).toEqual([10 * run]));
  });

  it('reports progress up to the total', async () => {
    const calls: [number, number][] = [];
    await runBatch(fakeRequest(7, {}), (done: number, total: number) => calls.push([done, total]));
    // Four tasks of 2, 2, 2 and 1 runs, finishing in any order.
    const done = calls.map(([runsDone]) => runsDone);
    expect(done).toHaveLength(4);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done.at(-1)).toBe(7);
    expect(calls.every(([, total]) => total === 7)).toBe(true);
  });

  it('reports the part done of a long run', async () => {
    // Eight years at quarter-day steps take a few seconds, far longer than the interval between messages,
    // and several times that on a loaded machine.
    const document = JSON.parse(readFileSync(KOREA, 'utf8'));
    document.simulation.end = '2027-12-31';
    const loaded = parseScenarioText(JSON.stringify(document), 'long.json');
    if (!loaded.ok) throw new Error(loaded.problems.map((problem) => problem.message).join('\n'));
    const done: number[] = [];
    const request = { scenario: loaded.scenario, mode: 'stochastic', seed: 1, runs: 1, pool: { workers: 1 } };
    await runBatch(request, (runsDone: number) => done.push(runsDone));
    const parts = done.slice(0, -1);
    expect(parts.length).toBeGreaterThan(0);
    expect(parts.every((part) => part > 0 && part < 1)).toBe(true);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done.at(-1)).toBe(1);
  }, 60_000);

  it('names the run range of a throwing task', async () => {
    const batch = runBatch(fakeRequest(10, { throwAtRun: 5 }));
    await expect(batch).rejects.toThrow(BatchError);
    await expect(batch).rejects.toThrow('runs 4 to 5 failed: fake failure at run 5');
  });

  it('names the run range of a dead worker', async () => {
    const batch = runBatch(fakeRequest(10, { exitAtRun: 7 }));
    await expect(batch).rejects.toThrow(/^runs 6 to 7 failed: /);
  });

  it('rejects with the abort reason', async () => {
    const controller = new AbortController();
    const reason = new Error('stopped by test');
    const batch = runBatch({
      ...fakeRequest(40, { delayMs: 5, totalRuns: 40 }),
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(reason), 20);
    await expect(batch).rejects.toBe(reason);
  });

  it('rejects workers 0', async () => {
    await expect(runBatch(fakeRequest(4, {}, { workers: 0 }))).rejects.toThrow(
      'workers must be a positive integer (got 0)',
    );
  });

  it('rejects a fractional runsPerTask', async () => {
    await expect(runBatch(fakeRequest(4, {}, { runsPerTask: 1.5 }))).rejects.toThrow(
      'runsPerTask must be a positive integer (got 1.5)',
    );
  });

  it('rejects runs 0', async () => {
    await expect(runBatch(fakeRequest(0, {}))).rejects.toThrow('runs must be a positive integer (got 0)');
  });

  it('destroys the pool after success and failure', () => {
    // A live pool leaves worker message ports open; a fresh process shows exactly what remains.
    const script = `
      const { runBatch } = await import(${JSON.stringify(POOL_MODULE)});
      const open = () => process.getActiveResourcesInfo().filter((name) => ['MessagePort', 'Worker'].includes(name));
      const pool = { workers: 3, runsPerTask: 1, workerFile: ${JSON.stringify(FAKE_WORKER)} };
      const request = { mode: 'stochastic', seed: 1, runs: 6, pool };
      await runBatch({ ...request, scenario: {} });
      const afterSuccess = open();
      await runBatch({ ...request, scenario: { throwAtRun: 2 } }).catch(() => {});
      const afterFailure = open();
      console.log(JSON.stringify({ afterSuccess, afterFailure }));
    `;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual({ afterSuccess: [], afterFailure: [] });
  });
});

describe('runsPerTaskFor', () => {
  it('makes about four tasks per worker', () => {
    expect(runsPerTaskFor(100, 4)).toBe(7);
  });

  it('keeps tasks between 1 and 8 runs', () => {
    expect(runsPerTaskFor(3, 16)).toBe(1);
    expect(runsPerTaskFor(10_000, 2)).toBe(8);
  });
});

describe('shrinkingRanges', () => {
  it('covers every run once, with smaller tasks at the end', () => {
    for (const [runs, workers] of [[200, 2], [100, 4], [7, 3], [1, 2], [10_000, 2]] as const) {
      const ranges = shrinkingRanges(runs, workers);
      expect(ranges[0]![0], `${runs} runs`).toBe(0);
      expect(ranges.at(-1)![1], `${runs} runs`).toBe(runs);
      const sizes = ranges.map(([start, end]) => end - start);
      ranges.slice(1).forEach(([start], i) => expect(start, `${runs} runs`).toBe(ranges[i]![1]));
      expect(Math.max(...sizes), `${runs} runs`).toBeLessThanOrEqual(runsPerTaskFor(runs, workers));
      sizes.slice(1).forEach((size, i) => expect(size, `${runs} runs`).toBeLessThanOrEqual(sizes[i]!));
    }
  });

  it('ends 200 runs on 2 workers with single runs', () => {
    const sizes = shrinkingRanges(200, 2).map(([start, end]) => end - start);
    expect(sizes.slice(0, 21)).toEqual(new Array(21).fill(8));
    expect(sizes.slice(-4)).toEqual([1, 1, 1, 1]);
  });
});
