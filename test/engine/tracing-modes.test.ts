import { describe, expect, it } from 'vitest';
import { createRunRandom, METRIC_INDEX, seriesOffset, simulate } from '../../engine/index.js';
import { compileScenario } from '../../scenarios/compile.js';
import { shippedDocument, validOrThrow } from '../scenarios/fixtures.js';

/**
 * Builds one region of 100,000 with 10 imported infections, tests for everyone who seeks one and ample
 * tracers. Tracing is what keeps the outbreak down, so a tracing rule whose mean-field form differs from
 * its whole-case form shows here as a gap between the modes.
 */
function tracedOutbreak(r0: number, quarantineCompliance = 0.9) {
  const document = shippedDocument('test-single-region.json');
  document['simulation'].end = '2020-07-01';
  document['transmission'].r0 = r0;
  document['testing'] = {
    enabled: true,
    sites: [
      { name: 'clinics', region: 'XX-01', kind: 'screening_clinic', count: 50, opens: '2020-01-01', testsPerDayPerSite: 50, rampUpDays: 1 },
    ],
    seeking: [{ from: '2020-01-01', regions: 'all', mildShare: 0.3, severeShare: 0.8 }],
  };
  document['tracing'] = {
    enabled: true,
    staff: [{ from: '2020-01-01', regions: ['XX-01'], tracers: 100 }],
    delayDays: 1,
    identified: [{ from: '2020-01-01', regions: 'all', fraction: 0.6 }],
    quarantineCompliance,
  };
  return compileScenario(validOrThrow(document), { sampling: 'central' });
}

function totalInfections(series: Float64Array, regionCount: number, dayCount: number): number {
  const offset = seriesOffset(METRIC_INDEX.infections_new, 0, regionCount, dayCount);
  let sum = 0;
  for (let day = 0; day < dayCount; day++) sum += series[offset + day]!;
  return sum;
}

describe('tracing in the two modes', { timeout: 120_000 }, () => {
  // Counting every case confirmed in quarantine as having a whole case's contacts let tracing feed
  // on itself in the deterministic run: the stochastic mean was 1.5 times its infections at R0 1.3
  // and 3.6 times at R0 2.
  it.each([1.3, 2])('gives the stochastic mean the infections of the deterministic run at R0 %s', (r0) => {
    const model = tracedOutbreak(r0);
    const { regionCount, dayCount } = model;
    const deterministic = totalInfections(simulate(model, 'deterministic', createRunRandom(1, 0)).series, regionCount, dayCount);
    const runs = 200;
    let mean = 0;
    for (let run = 0; run < runs; run++) {
      mean += totalInfections(simulate(model, 'stochastic', createRunRandom(7, run)).series, regionCount, dayCount) / runs;
    }
    expect(deterministic).toBeGreaterThan(100);
    expect(Math.abs(mean / deterministic - 1)).toBeLessThan(0.25);
  });
});

describe('quarantine compliance', () => {
  // A case confirmed in quarantine used to be credited with a free person's contacts in every setting
  // for its non-compliance, though it infects only at home, so less compliance meant more tracing
  // and fewer infections.
  it('gives more infections the less quarantined contacts comply', () => {
    const infections = [0, 0.5, 0.9, 1].map((compliance) => {
      const model = tracedOutbreak(1.6, compliance);
      return totalInfections(simulate(model, 'deterministic', createRunRandom(1, 0)).series, model.regionCount, model.dayCount);
    });
    for (let i = 1; i < infections.length; i++) expect(infections[i]!, `compliance step ${i}`).toBeLessThan(infections[i - 1]!);
  });
});
