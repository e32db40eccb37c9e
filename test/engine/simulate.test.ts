import { describe, expect, test } from 'vitest';
import {
  METRIC_INDEX, SUMMARY_INDEX, createRunRandom, seriesOffset, simulate, stateIndex as L,
  type CompiledModel, type DeterministicSolver, type RunMode, type StateLayout,
} from '../../engine/index.js';
import { buildModel } from './fixtures.js';

/** Builds a model with few beds, few tests and little tracing, so that every limit binds. */
function strainedModel(deterministicSolver: DeterministicSolver = 'dopri5'): CompiledModel {
  const model = buildModel({
    deterministicSolver,
    regions: 3,
    bands: 2,
    days: 120,
    populationPerCell: 300_000,
    transmissionPerContact: 0.06,
    seedPerDay: 100,
    seedDays: 10,
    testsPerDay: 150,
    tracingPerDay: 5,
    wardBeds: 40,
    icuBeds: 5,
    rtcBeds: 60,
    transferPerDay: 5,
  });
  // Beds close on day 60 in region 0, so the capacity step must send patients back to waiting.
  for (let d = 60; d < model.dayCount; d++) {
    model.care.wardCapacity[d * 3] = 10;
    model.care.icuCapacity[d * 3] = 1;
    model.care.rtcCapacity[d * 3] = 10;
  }
  return model;
}

interface StepCheck {
  worstPopulationError: number;
  mostNegative: number;
  worstOverCapacity: number;
  nonInteger: number;
  steps: number;
}

function checkEveryStep(model: CompiledModel, mode: RunMode): StepCheck {
  const check: StepCheck = { worstPopulationError: 0, mostNegative: 0, worstOverCapacity: 0, nonInteger: 0, steps: 0 };
  const bands = model.ageBandCount;
  const regions = model.regionCount;
  simulate(model, mode, createRunRandom('invariants', 0), (y: Float64Array, layout: StateLayout, day: number) => {
    check.steps++;
    for (let cell = 0; cell < layout.cellCount; cell++) {
      let total = 0;
      for (let s = 0; s < L.STATE_COUNT; s++) {
        const value = y[cell * L.STATE_COUNT + s]!;
        total += value;
        check.mostNegative = Math.min(check.mostNegative, value);
        if (value !== Math.round(value)) check.nonInteger++;
      }
      check.worstPopulationError = Math.max(check.worstPopulationError, Math.abs(total - model.population[cell]!));
    }
    for (let i = layout.auxOffset; i < layout.length; i++) check.mostNegative = Math.min(check.mostNegative, y[i]!);
    for (let r = 0; r < regions; r++) {
      let rtc = 0;
      let ward = y[layout.auxOffset + r * L.AUX_COUNT + L.HOSTED_WARD]!;
      let icu = y[layout.auxOffset + r * L.AUX_COUNT + L.HOSTED_ICU]!;
      for (let a = 0; a < bands; a++) {
        const o = (r * bands + a) * L.STATE_COUNT;
        rtc += y[o + L.PR]! + y[o + L.AR]! + y[o + L.IMR]! + y[o + L.ISR]! + y[o + L.ICR]!;
        ward += y[o + L.WARD]! + y[o + L.STEPDOWN]!;
        icu += y[o + L.ICU]!;
      }
      const i = day * regions + r;
      check.worstOverCapacity = Math.max(
        check.worstOverCapacity,
        rtc - model.care.rtcCapacity[i]!,
        ward - model.care.wardCapacity[i]!,
        icu - model.care.icuCapacity[i]!,
      );
    }
  });
  return check;
}

function seriesOf(model: CompiledModel, series: Float64Array, metric: keyof typeof METRIC_INDEX, region: number): Float64Array {
  const offset = seriesOffset(METRIC_INDEX[metric], region, model.regionCount, model.dayCount);
  return series.subarray(offset, offset + model.dayCount);
}

describe.each(['dopri5', 'rk4'] as const)('simulate, deterministic %s', (solver) => {
  const model = strainedModel(solver);
  const check = checkEveryStep(model, 'deterministic');

  test('conserves population at every step', () => {
    expect(check.steps).toBeGreaterThan(model.dayCount);
    // Rounding only: each step adds and subtracts the same fluxes, on populations of 3e5.
    expect(check.worstPopulationError).toBeLessThan(1e-6);
  });

  test('keeps every state non-negative within the solver tolerance', () => {
    // The error control accepts a step when the states are within a thousandth of a person plus
    // 1e-6 of their value, so a stock near zero may dip below it by about that much and no more.
    // The fixed step is held to the same bound.
    expect(check.mostNegative).toBeGreaterThan(-1e-3);
  });

  test('keeps occupancy within capacity at every step', () => {
    expect(check.worstOverCapacity).toBeLessThan(1e-9);
  });
});

describe('simulate, stochastic', () => {
  const model = strainedModel();
  const check = checkEveryStep(model, 'stochastic');

  test('conserves population exactly with whole people', () => {
    expect(check.worstPopulationError).toBe(0);
    expect(check.nonInteger).toBe(0);
    expect(check.mostNegative).toBe(0);
  });

  test('keeps occupancy within capacity at every step', () => {
    expect(check.worstOverCapacity).toBeLessThanOrEqual(0);
  });

  test('gives the same series for the same seed', () => {
    const first = simulate(model, 'stochastic', createRunRandom(42, 3)).series;
    const again = simulate(model, 'stochastic', createRunRandom(42, 3)).series;
    const other = simulate(model, 'stochastic', createRunRandom(42, 4)).series;
    expect(Buffer.from(again.buffer).equals(Buffer.from(first.buffer))).toBe(true);
    expect(Buffer.from(other.buffer).equals(Buffer.from(first.buffer))).toBe(false);
  });
});

describe('simulate, response limits', () => {
  const model = strainedModel();
  const { series, summary } = simulate(model, 'deterministic', createRunRandom(1, 0));
  const regions = model.regionCount;

  test('traces no more cases than the capacity', () => {
    for (let r = 0; r < regions; r++) {
      const traced = seriesOf(model, series, 'cases_traced', r);
      const capacity = seriesOf(model, series, 'tracing_capacity', r);
      for (let d = 0; d < model.dayCount; d++) expect(traced[d]!).toBeLessThanOrEqual(capacity[d]! + 1e-6);
    }
  });

  test('performs no more tests than the capacity', () => {
    for (let r = 0; r < regions; r++) {
      const performed = seriesOf(model, series, 'tests_performed', r);
      for (let d = 0; d < model.dayCount; d++) expect(performed[d]!).toBeLessThanOrEqual(150 + 1e-6);
    }
  });

  test('lets patients wait and die without a bed once beds run out', () => {
    const national = regions;
    const at = (name: keyof typeof SUMMARY_INDEX): number => summary[SUMMARY_INDEX[name] * (regions + 1) + national]!;
    expect(at('icu_days_over_capacity')).toBeGreaterThan(0);
    expect(at('deaths_without_bed_total')).toBeGreaterThan(0);
    expect(at('tests_backlog_max')).toBeGreaterThan(0);
  });

  test('lets no patient die without a bed while beds are free', () => {
    for (const mode of ['deterministic', 'stochastic'] as const) {
      const ample = strainedModel();
      ample.care.wardCapacity.fill(Infinity);
      ample.care.icuCapacity.fill(Infinity);
      ample.care.rtcCapacity.fill(Infinity);
      const result = simulate(ample, mode, createRunRandom(1, 0));
      const national = SUMMARY_INDEX.deaths_without_bed_total * (regions + 1) + regions;
      expect(result.summary[national], mode).toBe(0);
      const deaths = SUMMARY_INDEX.deaths_total * (regions + 1) + regions;
      expect(result.summary[deaths], mode).toBeGreaterThan(0);
    }
  });

  test('transfers patients between regions', () => {
    let sent = 0;
    let received = 0;
    for (let r = 0; r < regions; r++) {
      for (const x of seriesOf(model, series, 'transfers_out', r)) sent += x;
      for (const x of seriesOf(model, series, 'transfers_in', r)) received += x;
    }
    expect(sent).toBeGreaterThan(1);
    expect(received).toBeCloseTo(sent, 6);
  });

  test('confirms more cases with more tests', () => {
    const generous = strainedModel();
    generous.testing.siteCapacity.fill(5000);
    const more = simulate(generous, 'deterministic', createRunRandom(1, 0)).summary;
    const confirmed = SUMMARY_INDEX.confirmed_total * (regions + 1) + regions;
    const infections = SUMMARY_INDEX.infections_total * (regions + 1) + regions;
    expect(more[confirmed]! / more[infections]!).toBeGreaterThan(summary[confirmed]! / summary[infections]!);
    expect(more[infections]!).toBeLessThan(summary[infections]!);
  });
});

/** Undetected community states, from which tracing and cluster investigation take infected contacts. */
const UNDETECTED_INFECTED = [L.E1, L.E2, L.P, L.A, L.IM, L.IS, L.IC, L.IMW, L.ISW, L.ICW] as const;

/**
 * Builds the strained model with a cluster of 4,000 people, half of them infected, found in region 0
 * on day 4. The region then has only a few hundred undetected infected people, far fewer than the
 * cluster's expected infected members, so the investigation finds as many as that pool allows.
 */
function clusterModel(deterministicSolver: DeterministicSolver): CompiledModel {
  const model = strainedModel(deterministicSolver);
  model.tracing.clusters = [
    { region: 0, dayFound: 4, linkedPersons: 4000, infectedFraction: 0.5, investigationPerDay: 2000, infectedFirstOdds: 1 },
  ];
  return model;
}

interface TracingRun {
  series: Float64Array;
  /** Undetected infected people per day and region at the start of the day, `[d * regionCount + r]`. */
  undetectedAtDayStart: Float64Array;
}

/** Runs the model and reads the undetected infected people of each region at every day boundary. */
function runWithDayStarts(model: CompiledModel, mode: RunMode, runIndex: number): TracingRun {
  const regions = model.regionCount;
  const bands = model.ageBandCount;
  // The last step of a day ends at the day boundary, so the value it leaves is the next day's start.
  // Day 0 starts with everyone susceptible.
  const undetectedAtDayStart = new Float64Array(model.dayCount * regions);
  const observe = (y: Float64Array, _layout: StateLayout, day: number): void => {
    if (day + 1 >= model.dayCount) return;
    for (let r = 0; r < regions; r++) {
      let undetected = 0;
      for (let a = 0; a < bands; a++) {
        const o = (r * bands + a) * L.STATE_COUNT;
        for (const s of UNDETECTED_INFECTED) undetected += y[o + s]!;
      }
      undetectedAtDayStart[(day + 1) * regions + r] = undetected;
    }
  };
  const { series } = simulate(model, mode, createRunRandom('tracing limits', runIndex), observe);
  return { series, undetectedAtDayStart };
}

const TRACING_CASES: readonly [string, RunMode, DeterministicSolver, number][] = [
  ['deterministic dopri5', 'deterministic', 'dopri5', 1],
  ['deterministic rk4', 'deterministic', 'rk4', 1],
  ['stochastic', 'stochastic', 'dopri5', 4],
];

describe.each(TRACING_CASES)('simulate, tracing limits, %s', (_name, mode, solver, runs) => {
  const model = clusterModel(solver);
  const regions = model.regionCount;
  const results = Array.from({ length: runs }, (_, i) => runWithDayStarts(model, mode, i));
  // Deterministic states may dip below zero by up to a thousandth of a person each (the solver
  // tolerance), so the ten undetected states of two bands may together hold 0.02 persons less than
  // the flows took from them. Stochastic runs move whole people and get no tolerance.
  const toleranceInPersons = mode === 'deterministic' ? 0.02 : 0;

  test('quarantines at most the undetected infected', () => {
    const violations: string[] = [];
    for (const [run, { series, undetectedAtDayStart }] of results.entries()) {
      for (let r = 0; r < regions; r++) {
        const quarantined = seriesOf(model, series, 'infected_contacts_quarantined', r);
        const infections = seriesOf(model, series, 'infections_new', r);
        for (let d = 0; d < model.dayCount; d++) {
          const available = undetectedAtDayStart[d * regions + r]! + infections[d]!;
          if (quarantined[d]! > available + toleranceInPersons) {
            violations.push(`run ${run}, day ${d}, region ${r}: ${quarantined[d]} quarantined of ${available}`);
          }
        }
      }
    }
    expect(violations).toEqual([]);
  });

  test('lets the cluster find most infected', () => {
    // Guards the check above, which could not fail unless some day came close to its bound.
    let largestShare = 0;
    for (const { series, undetectedAtDayStart } of results) {
      const quarantined = seriesOf(model, series, 'infected_contacts_quarantined', 0);
      const infections = seriesOf(model, series, 'infections_new', 0);
      for (let d = 0; d < model.dayCount; d++) {
        const available = undetectedAtDayStart[d * regions]! + infections[d]!;
        if (available > 0) largestShare = Math.max(largestShare, quarantined[d]! / available);
      }
    }
    expect(largestShare).toBeGreaterThan(0.5);
  });

  test('traces no more cases than the capacity', () => {
    const violations: string[] = [];
    for (const [run, { series }] of results.entries()) {
      for (let r = 0; r < regions; r++) {
        const traced = seriesOf(model, series, 'cases_traced', r);
        const capacity = seriesOf(model, series, 'tracing_capacity', r);
        for (let d = 0; d < model.dayCount; d++) {
          if (traced[d]! > capacity[d]! + 1e-6) {
            violations.push(`run ${run}, day ${d}, region ${r}: ${traced[d]} traced, capacity ${capacity[d]}`);
          }
        }
      }
    }
    expect(violations).toEqual([]);
  });
});
