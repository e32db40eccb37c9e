import { describe, expect, it } from 'vitest';

import { severityFractions } from '../../scenarios/severity.js';
import {
  DEFAULT_CRITICAL_PERCENT_OF_HOSPITALISED,
  DEFAULT_HOSPITALISED_PERCENT,
  DEFAULT_INFECTION_FATALITY_PERCENT,
} from '../../scenarios/defaults.js';

const defaults = {
  asymptomaticFraction: 1 / 3,
  hospitalisedPercentByAge: DEFAULT_HOSPITALISED_PERCENT,
  criticalPercentOfHospitalisedByAge: DEFAULT_CRITICAL_PERCENT_OF_HOSPITALISED,
  infectionFatalityPercentByAge: DEFAULT_INFECTION_FATALITY_PERCENT,
  waitingWardFatalityFactor: 1,
};

describe('severityFractions', () => {
  it('keeps the hospitalised share of symptomatic cases', () => {
    const result = severityFractions(defaults);
    for (let a = 0; a < 9; a++) {
      const ofSymptomatic = result.severeFraction[a]! + result.criticalFraction[a]!;
      // Products and quotients of a few doubles: relative error far below 1e-12.
      expect(ofSymptomatic).toBeCloseTo(DEFAULT_HOSPITALISED_PERCENT[a]! / 100, 12);
    }
  });

  it('does not scale hospital need by the asymptomatic fraction', () => {
    const fewer = severityFractions({ ...defaults, asymptomaticFraction: 0.4 });
    const result = severityFractions(defaults);
    expect(fewer.criticalFraction[8]).toBe(result.criticalFraction[8]);
    // Fewer symptomatic cases carry the same deaths, so each critical case is more often fatal.
    expect(fewer.icuFatalityFraction[5]!).toBeCloseTo((result.icuFatalityFraction[5]! * (2 / 3)) / 0.6, 12);
  });

  it('recovers the infection fatality ratio through ICU deaths', () => {
    const result = severityFractions(defaults);
    for (let a = 0; a < 9; a++) {
      const deaths = result.criticalFraction[a]! * (1 - 1 / 3) * result.icuFatalityFraction[a]!;
      expect(deaths).toBeCloseTo(DEFAULT_INFECTION_FATALITY_PERCENT[a]! / 100, 12);
    }
    expect(result.icuFatalityCapped).toEqual([]);
  });

  it('caps the ICU fatality at 0.95 and reports the band', () => {
    const fatality = [...DEFAULT_INFECTION_FATALITY_PERCENT.slice(0, 8), 25];
    const result = severityFractions({ ...defaults, infectionFatalityPercentByAge: fatality });
    expect(result.icuFatalityFraction[8]).toBe(0.95);
    expect(result.icuFatalityCapped.map((c) => c.band)).toEqual([8]);
    expect(result.icuFatalityCapped[0]!.value).toBeCloseTo(0.25 / ((2 / 3) * 0.273 * 0.709), 12);
  });

  it('scales the waiting-ward fatality by the factor and caps it', () => {
    const result = severityFractions({ ...defaults, waitingWardFatalityFactor: 4 });
    expect(result.waitingWardFatalityFraction[5]).toBeCloseTo((4 * 0.00595) / ((2 / 3) * 0.102), 12);
    expect(result.waitingWardFatalityFraction[8]).toBe(0.95);
    expect(result.waitingWardFatalityCapped.map((c) => c.band)).toEqual([7, 8]);
  });
});
