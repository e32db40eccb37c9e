import { describe, expect, it } from 'vitest';
import { checkBatchMemory, checkReportMemory, REPORT_BYTES_PER_VALUE, runBytes } from '../../cli/memory.js';
import { InputError } from '../../cli/messages.js';
import type { OutputLayout } from '../../cli/tables.js';
import { METRICS, SUMMARY_STATISTICS } from '../../engine/index.js';
import { reportMetrics } from '../../viz/index.js';

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

describe('checkReportMemory', () => {
  /** A layout of `regions` regions over ten years, the longest horizon a scenario may have. */
  const tenYears = (regions: number): OutputLayout => ({
    regions: Array.from({ length: regions }, (_, r) => ({ code: `XX-${r}`, name: `Region ${r}` })),
    nationalCode: 'XX',
    dates: Array.from({ length: 3653 }, (_, d) => `day ${d}`),
  });
  const reportBytes = (layout: OutputLayout, hasCurrency: boolean): number =>
    reportMetrics(hasCurrency).length * (layout.regions.length + 1) * layout.dates.length * REPORT_BYTES_PER_VALUE;

  it('accepts the Korea scenario with a small heap', () => {
    expect(() => checkReportMemory(korea, true, 0.5 * GB)).not.toThrow();
  });

  it('accepts ten years of 120 regions with the default heap', () => {
    expect(() => checkReportMemory(tenYears(120), false, 4.3 * GB)).not.toThrow();
  });

  it('rejects ten years of 200 regions with the estimate and the fix', () => {
    const layout = tenYears(200);
    expect(() => checkReportMemory(layout, false, 4.3 * GB)).toThrow(InputError);
    const megabytes = Math.ceil(reportBytes(layout, false) / 0.9 / 2 ** 20);
    expect(() => checkReportMemory(layout, false, 4.3 * GB)).toThrow(
      `report.html would chart ${(reportMetrics(false).length * 201 * 3653).toLocaleString('en-US')} daily values`,
    );
    expect(() => checkReportMemory(layout, false, 4.3 * GB)).toThrow(`NODE_OPTIONS=--max-old-space-size=${megabytes}`);
  });

  it('counts the economy charts when there is a currency', () => {
    const layout = tenYears(100);
    const heap = (reportBytes(layout, false) + reportBytes(layout, true)) / 2 / 0.9;
    expect(() => checkReportMemory(layout, false, heap)).not.toThrow();
    expect(() => checkReportMemory(layout, true, heap)).toThrow(InputError);
  });
});
