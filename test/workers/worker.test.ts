import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// The real worker is loaded by the pool from dist/, so these tests use the build.
import { METRICS, METRIC_INDEX, SUMMARY_STATISTICS, seriesOffset } from '../../dist/engine/index.js';
import { calendarOf, parseScenarioText } from '../../dist/scenarios/index.js';
import { runBatch } from '../../dist/workers/index.js';

const SCENARIO_PATH = fileURLToPath(new URL('../../scenarios/test-single-region.json', import.meta.url));

function loadTestScenario() {
  const result = parseScenarioText(readFileSync(SCENARIO_PATH, 'utf8'), SCENARIO_PATH);
  if (!result.ok) throw new Error(`test scenario is invalid: ${JSON.stringify(result.problems)}`);
  return result.scenario;
}

/**
 * Builds the test scenario with R0 and the latent period drawn per run, and a cluster of 2,000 people
 * found on day 20, so that each run reads its own parameter stream and the cluster step runs. When
 * `sampled` is false, both parameters take their central values instead.
 */
function sampledClusterScenario(sampled = true) {
  const document = JSON.parse(readFileSync(SCENARIO_PATH, 'utf8'));
  document.epidemiology.latentDays = sampled ? { dist: 'uniform', min: 2.5, max: 3.5 } : 3;
  document.transmission.r0 = sampled ? { dist: 'uniform', min: 2, max: 3 } : 2.5;
  document.tracing = {
    enabled: true,
    clusters: [
      { region: 'XX-01', dateFound: '2020-01-21', linkedPersons: 2000, infectedFraction: 0.1, investigationPerDay: 200 },
    ],
  };
  const result = parseScenarioText(JSON.stringify(document), 'sampled cluster scenario');
  if (!result.ok) throw new Error(`sampled cluster scenario is invalid: ${JSON.stringify(result.problems)}`);
  return result.scenario;
}

function sameBytes(a: Float64Array, b: Float64Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
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

  describe('with sampled parameters and a cluster', () => {
    const RUNS = 8;
    const request = { scenario: sampledClusterScenario(), mode: 'stochastic', seed: 5, runs: RUNS } as const;

    it('repeats each run on 1, 2 and 4 workers', async () => {
      const batches = [];
      for (const workers of [1, 2, 4, 4]) batches.push(await runBatch({ ...request, pool: { workers } }));
      for (const batch of batches.slice(1)) {
        for (let run = 0; run < RUNS; run++) {
          expect(sameBytes(batch.series[run], batches[0]!.series[run]), `series of run ${run}`).toBe(true);
          expect(sameBytes(batch.summary[run], batches[0]!.summary[run]), `summary of run ${run}`).toBe(true);
        }
      }
    });

    it('draws the parameters in each run', async () => {
      // Guards the test above, which means something only if the drawn parameters change the runs
      // while the transition streams stay the same.
      const sampled = await runBatch({ ...request, runs: 2, pool: { workers: 1 } });
      const central = await runBatch({ ...request, scenario: sampledClusterScenario(false), runs: 2, pool: { workers: 1 } });
      expect(sameBytes(sampled.series[0], central.series[0])).toBe(false);
    });

    it('quarantines cluster members', async () => {
      const { series } = await runBatch({ ...request, runs: 1, pool: { workers: 1 } });
      const days = calendarOf(request.scenario).dayCount;
      const offset = seriesOffset(METRIC_INDEX.infected_contacts_quarantined, 0, 1, days);
      const quarantined = series[0].subarray(offset, offset + days).reduce((sum: number, x: number) => sum + x, 0);
      expect(quarantined).toBeGreaterThan(0);
    });
  });
});
