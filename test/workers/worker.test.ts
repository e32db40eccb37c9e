import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// The real worker is loaded by the pool from dist/, so these tests use the build.
import { METRICS, SUMMARY_STATISTICS } from '../../dist/engine/index.js';
import { calendarOf, parseScenarioText } from '../../dist/scenarios/index.js';
import { runBatch } from '../../dist/workers/index.js';

const SCENARIO_PATH = fileURLToPath(new URL('../../scenarios/test-single-region.json', import.meta.url));

function loadTestScenario() {
  const result = parseScenarioText(readFileSync(SCENARIO_PATH, 'utf8'), SCENARIO_PATH);
  if (!result.ok) throw new Error(`test scenario is invalid: ${JSON.stringify(result.problems)}`);
  return result.scenario;
}

const scenario = loadTestScenario();

describe('worker', { timeout: 30_000 }, () => {
  it('returns arrays in the engine layout', async () => {
    const { series, summary } = await runBatch({ scenario, mode: 'stochastic', seed: 3, runs: 2, pool: { workers: 1 } });
    const regionSlots = scenario.regions.length + 1;
    expect(series[0]).toBeInstanceOf(Float64Array);
    expect(series[0].length).toBe(METRICS.length * regionSlots * calendarOf(scenario).dayCount);
    expect(summary[1].length).toBe(SUMMARY_STATISTICS.length * regionSlots);
  });

  it('gives each run the same result on any split', async () => {
    const request = { scenario, mode: 'stochastic', seed: 3, runs: 6 };
    const oneByOne = await runBatch({ ...request, pool: { workers: 3, runsPerTask: 1 } });
    const inOneTask = await runBatch({ ...request, pool: { workers: 1, runsPerTask: 6 } });
    for (let run = 0; run < 6; run++) {
      expect(Buffer.from(oneByOne.series[run].buffer).equals(Buffer.from(inOneTask.series[run].buffer))).toBe(true);
    }
  });

  it('draws different runs from one seed', async () => {
    const { series } = await runBatch({ scenario, mode: 'stochastic', seed: 3, runs: 2, pool: { workers: 1 } });
    expect(Buffer.from(series[0].buffer).equals(Buffer.from(series[1].buffer))).toBe(false);
  });

  it('repeats the central run in deterministic mode', async () => {
    const { series } = await runBatch({ scenario, mode: 'deterministic', seed: 3, runs: 2, pool: { workers: 2 } });
    expect(Buffer.from(series[0].buffer).equals(Buffer.from(series[1].buffer))).toBe(true);
  });

  it('names the runs of a scenario that fails to compile', async () => {
    const broken = { ...scenario, regions: [] };
    const batch = runBatch({ scenario: broken, mode: 'stochastic', seed: 3, runs: 4, pool: { workers: 1, runsPerTask: 2 } });
    await expect(batch).rejects.toThrow(/^runs 0 to 1 failed: /);
  });
});
