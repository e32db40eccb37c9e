import { MAX_FATALITY_FRACTION } from './defaults.js';

/**
 * Age-specific severity as a scenario gives it, in percent: the hospitalised share of symptomatic
 * cases, the critical share of hospitalised cases and the fatality share of infections.
 */
export interface SeverityInput {
  /** Share of infections that stay asymptomatic, 0-1, the same for every band. */
  asymptomaticFraction: number;
  hospitalisedPercentByAge: readonly number[];
  criticalPercentOfHospitalisedByAge: readonly number[];
  infectionFatalityPercentByAge: readonly number[];
  /** Fatality without a ward bed, as a multiple of the deaths per hospitalised case. */
  waitingWardFatalityFactor: number;
}

/** The engine's severity fractions per age band, and where the fatality caps bind. */
export interface SeverityFractions {
  asymptomaticFraction: Float64Array;
  /** Share of symptomatic cases that need a ward bed (and no ICU). */
  severeFraction: Float64Array;
  /** Share of symptomatic cases that need an ICU bed. */
  criticalFraction: Float64Array;
  /** Share of ICU patients who die. */
  icuFatalityFraction: Float64Array;
  /** Share of severe patients who die when they never get a ward bed. */
  waitingWardFatalityFraction: Float64Array;
  /** Bands whose ICU fatality was capped, with the uncapped value (Infinity when no one is critical but some die). */
  icuFatalityCapped: { band: number; value: number }[];
  waitingWardFatalityCapped: { band: number; value: number }[];
}

/**
 * Converts the scenario's percentages into the engine's fractions. The hospitalised share h of
 * symptomatic cases is split by the critical share c of hospitalised cases into severe h(1 - c) and
 * critical hc. Deaths occur among critical patients, who are a share (1 - asymptomatic fraction) h c
 * of infections, so the ICU fatality is the infection fatality ratio over that share, capped at 0.95.
 */
export function severityFractions(input: SeverityInput): SeverityFractions {
  const bandCount = input.hospitalisedPercentByAge.length;
  const result: SeverityFractions = {
    asymptomaticFraction: new Float64Array(bandCount).fill(input.asymptomaticFraction),
    severeFraction: new Float64Array(bandCount),
    criticalFraction: new Float64Array(bandCount),
    icuFatalityFraction: new Float64Array(bandCount),
    waitingWardFatalityFraction: new Float64Array(bandCount),
    icuFatalityCapped: [],
    waitingWardFatalityCapped: [],
  };
  const symptomatic = 1 - input.asymptomaticFraction;

  for (let a = 0; a < bandCount; a++) {
    const hospitalised = input.hospitalisedPercentByAge[a]! / 100;
    const critical = input.criticalPercentOfHospitalisedByAge[a]! / 100;
    const fatality = input.infectionFatalityPercentByAge[a]! / 100;

    result.severeFraction[a] = hospitalised * (1 - critical);
    result.criticalFraction[a] = hospitalised * critical;

    // Deaths with no critical cases at all cannot be reached, which the cap reports as Infinity.
    const criticalShare = symptomatic * hospitalised * critical;
    let icuFatality = fatality > 0 ? Infinity : 0;
    if (criticalShare > 0) icuFatality = fatality / criticalShare;
    if (icuFatality > MAX_FATALITY_FRACTION) result.icuFatalityCapped.push({ band: a, value: icuFatality });
    result.icuFatalityFraction[a] = Math.min(MAX_FATALITY_FRACTION, icuFatality);

    const hospitalisedShare = symptomatic * hospitalised;
    const perHospitalised = hospitalisedShare > 0 ? fatality / hospitalisedShare : 0;
    const waitingWard = input.waitingWardFatalityFactor * perHospitalised;
    if (waitingWard > MAX_FATALITY_FRACTION) result.waitingWardFatalityCapped.push({ band: a, value: waitingWard });
    result.waitingWardFatalityFraction[a] = Math.min(MAX_FATALITY_FRACTION, waitingWard);
  }
  return result;
}
