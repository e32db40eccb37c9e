import { describe, expect, it } from 'vitest';
import { checkBatchMemory, runBytes } from '../../cli/memory.js';
import { InputError } from '../../cli/messages.js';
import type { OutputLayout } from '../../cli/tables.js';
import { METRICS, SUMMARY_STATISTICS } from '../../engine/index.js';

/** A layout of 17 regions over 225 days, the size of the Korea 2020 scenario. */
const korea: OutputLayout = {
  regions: Array.from({ length: 17 }, (_, r) => ({ code: `KR-${10 + r}`, name: `Region ${r}` })),
  nationalCode: 'KR',
  dates: Array.from({ length: 225 }, (_, d) => `day ${d}`),
};

const GB = 1e9;

describe('runBytes', () => {
  it('counts one float64 per series and summary value', () => {
    const values = METRICS.length * 18 * 225 + SUMMARY_STATISTICS.length * 18;
    expect(runBytes(korea)).toBe(values * 8);
    // About 1.46 MB per run with the metrics and statistics the engine has now.
    expect(runBytes(korea)).toBeGreaterThan(1e6);
    expect(runBytes(korea)).toBeLessThan(2e6);
  });
});

describe('checkBatchMemory', () => {
  it('accepts a batch within half of the memory', () => {
    const runs = Math.floor((8 * GB) / runBytes(korea));
    expect(() => checkBatchMemory(runs, korea, 16 * GB)).not.toThrow();
  });

  it('rejects a batch above half of the memory', () => {
    const runs = Math.floor((8 * GB) / runBytes(korea)) + 1;
    expect(() => checkBatchMemory(runs, korea, 16 * GB)).toThrow(InputError);
  });

  it('gives the estimate, the limit and the fix', () => {
    let message = '';
    try {
      checkBatchMemory(500_000, korea, 16 * GB);
    } catch (error) {
      message = (error as Error).message;
    }
    const maxRuns = Math.floor((8 * GB) / runBytes(korea));
    const batchGb = Number(((500_000 * runBytes(korea)) / GB).toPrecision(3));
    const runMb = Number((runBytes(korea) / 1e6).toPrecision(3));
    expect(message).toContain(`500000 runs need an estimated ${batchGb} GB of memory for their results`);
    expect(message).toContain(`(${runMb} MB per run)`);
    expect(message).toContain('more than the limit of 8 GB, half of this machine\'s 16 GB');
    expect(message).toContain(`give at most ${maxRuns} runs with --runs or simulation.runs`);
    expect(message).toContain('or shorten the horizon from simulation.start to simulation.end');
  });

  it('asks for a shorter horizon when not even one run fits', () => {
    expect(() => checkBatchMemory(1, korea, runBytes(korea))).toThrow(
      'not even one run fits, so shorten the horizon from simulation.start to simulation.end',
    );
  });
});
