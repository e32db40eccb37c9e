import { LATENT_STAGES, MAX_RATE_TIMES_STEP, MAX_RK4_RATE_TIMES_STEP } from './defaults.js';
import { fieldOf, listOf, numberOf, paramRangeOf } from './lenient.js';
import * as messages from './messages.js';
import type { Problem } from './messages.js';
import { formatPath, formatReceived } from './problems.js';
import { careSchema, epidemiologySchema, simulationSchema, testingSchema, tracingSchema } from './schema.js';

const DEFAULTS = {
  simulation: {
    stepDays: simulationSchema.shape.stepDays.parse(undefined),
    stochasticStepDays: simulationSchema.shape.stochasticStepDays.parse(undefined),
  },
  epidemiology: epidemiologySchema.parse({}),
  testing: testingSchema.parse({}),
  tracing: tracingSchema.parse({}),
  care: careSchema.parse({}),
} as const;

type Group = 'epidemiology' | 'testing' | 'tracing' | 'care';

/**
 * Durations turned into rates by the solvers, with the number of sub-stages each passes through
 * (the engine splits the latent period into Erlang sub-stages, so its sub-stage rate is higher).
 */
const DURATIONS: readonly { group: Group; key: string; stages: number }[] = [
  { group: 'epidemiology', key: 'latentDays', stages: LATENT_STAGES },
  { group: 'epidemiology', key: 'presymptomaticDays', stages: 1 },
  { group: 'epidemiology', key: 'asymptomaticDays', stages: 1 },
  { group: 'epidemiology', key: 'mildDays', stages: 1 },
  { group: 'epidemiology', key: 'onsetToWardDays', stages: 1 },
  { group: 'epidemiology', key: 'onsetToIcuDays', stages: 1 },
  { group: 'testing', key: 'turnaroundDays', stages: 1 },
  { group: 'testing', key: 'shortestWaitDays', stages: 1 },
  { group: 'tracing', key: 'delayDays', stages: 1 },
  { group: 'tracing', key: 'quarantineDays', stages: 1 },
  { group: 'care', key: 'admissionDays', stages: 1 },
  { group: 'care', key: 'mildCareDays', stages: 1 },
  { group: 'care', key: 'wardStayDays', stages: 1 },
  { group: 'care', key: 'icuStayDays', stages: 1 },
  { group: 'care', key: 'stepDownDays', stages: 1 },
];

function lowOf(document: unknown, group: Group, key: string): number | undefined {
  const value = fieldOf(fieldOf(document, group), key);
  if (value !== undefined) return paramRangeOf(value)?.low;
  return paramRangeOf((DEFAULTS[group] as Record<string, unknown>)[key])?.low;
}

/**
 * Checks every rate the solvers derive from a duration (one over the mean duration, per sub-stage)
 * against each fixed step. The stochastic step must keep rate x step at most MAX_RATE_TIMES_STEP, so
 * that a binomial step never moves more than half of a compartment. A fixed Runge-Kutta step must keep
 * it at most MAX_RK4_RATE_TIMES_STEP. A distribution is checked at its lowest value. The seeking rates
 * derived from `testing.seeking` shares are checked the same way.
 */
export function checkStability(document: unknown): Problem[] {
  const simulation = fieldOf(document, 'simulation');
  const problems: Problem[] = [];
  const steps: FixedStep[] = [];
  for (const key of ['stepDays', 'stochasticStepDays'] as const) {
    const value = fieldOf(simulation, key);
    const days = value === undefined ? DEFAULTS.simulation[key] : numberOf(value);
    if (days === undefined || days <= 0) continue;
    const perDay = 1 / days;
    if (Math.abs(perDay - Math.round(perDay)) > 1e-9 * perDay) {
      problems.push(messages.stepNotDivisor(formatPath(['simulation', key]), formatReceived(days)));
    }
    // The adaptive solver controls its error and shortens its steps where rates are fast, so its
    // largest step needs no such limit.
    if (key === 'stochasticStepDays') steps.push({ path: `simulation.${key}`, days, limit: MAX_RATE_TIMES_STEP });
    else if (fieldOf(simulation, 'solver') === 'rk4') {
      steps.push({ path: `simulation.${key}`, days, limit: MAX_RK4_RATE_TIMES_STEP });
    }
  }
  for (const step of steps) problems.push(...checkStep(document, step));
  return problems;
}

/** A fixed solver step, in days, and the largest rate x step it accepts. */
type FixedStep = messages.StepLimit;

function checkStep(document: unknown, step: FixedStep): Problem[] {
  const problems: Problem[] = [];
  for (const { group, key, stages } of DURATIONS) {
    const low = lowOf(document, group, key);
    if (low === undefined || low <= 0) continue;
    const ratePerDay = stages / low;
    if (ratePerDay * step.days > step.limit) {
      const path = formatPath([group, key]);
      const received = formatReceived(fieldOf(fieldOf(document, group), key) ?? low);
      const minimumDays = (stages * step.days) / step.limit;
      problems.push(messages.rateTooFast(path, received, ratePerDay, step, minimumDays));
    }
  }

  const retest = fieldOf(fieldOf(document, 'tracing'), 'quarantineRetestPerDay');
  const retestPerDay = retest === undefined ? DEFAULTS.tracing.quarantineRetestPerDay : numberOf(retest);
  if (retestPerDay !== undefined && retestPerDay * step.days > step.limit) {
    const received = formatReceived(retestPerDay);
    problems.push(messages.perDayRateTooFast('tracing.quarantineRetestPerDay', received, step));
  }

  // Seeking rate = share / (1 - share) / duration, highest at the highest share and shortest duration.
  const seekDurations = {
    mildShare: lowOf(document, 'epidemiology', 'mildDays'),
    severeShare: lowOf(document, 'epidemiology', 'onsetToWardDays'),
  };
  for (const [i, entry] of listOf(fieldOf(fieldOf(document, 'testing'), 'seeking')).entries()) {
    for (const share of ['mildShare', 'severeShare'] as const) {
      const high = paramRangeOf(fieldOf(entry, share))?.high;
      const days = seekDurations[share];
      if (high === undefined || days === undefined || days <= 0 || high >= 1) continue;
      const ratePerDay = high / (1 - high) / days;
      if (ratePerDay * step.days > step.limit) {
        const keys = ['testing', 'seeking', i, share];
        const received = formatReceived(fieldOf(entry, share));
        problems.push(messages.seekShareTooHigh(formatPath(keys), received, ratePerDay, step));
      }
    }
  }
  return problems;
}
