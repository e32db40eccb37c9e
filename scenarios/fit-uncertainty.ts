/**
 * The uncertainty of a calibrated scenario's fitted parameters, carried into sampled runs.
 *
 * A fitted scenario contains each estimate as a plain value and lists, under `fitUncertainty`, each
 * parameter's estimate and 95 % interval. A sampled run draws every listed parameter within its
 * interval and applies the ratio of the draw to the estimate (or, for a shift in days, the
 * difference) on top of the fitted values. Central runs leave the scenario as it is.
 */
import type { Random } from '../engine/index.js';

import { standardNormal } from './distributions.js';
import { correlateDraws } from './fit-correlation.js';
import { FitParameterError, fitUncertaintyMessages } from './fit-messages.js';
import { applyFitParameters, resolveFitParameter, targetKey, type FitParameter } from './fit-parameters.js';
import { isDistribution } from './distributions.js';
import * as messages from './messages.js';
import type { Problem } from './messages.js';
import type { Scenario } from './scenario.js';

/** Standard normal quantile of 0.975: a 95 % interval spans this many standard deviations each side. */
const Z_975 = 1.959963984540054;

/**
 * Lists the problems of the `fitUncertainty` entries of a scenario whose fields are valid. They are
 * names that are no fittable parameter of this scenario, names listed twice, intervals that do not
 * contain their estimate, multipliers whose interval reaches 0, and intervals that reach outside the
 * parameter's range around the scenario's values.
 *
 * NOTE: an estimate that differs from the value written into the scenario goes unnoticed. The draws
 * use only the ratio (or difference) of the interval to the estimate.
 */
export function checkFitUncertainty(scenario: Scenario): Problem[] {
  const problems: Problem[] = [];
  const firstIndex = new Map<string, number>();
  const firstByTarget = new Map<string, string>();
  scenario.fitUncertainty.forEach((entry, index) => {
    const at = `fitUncertainty[${index}]`;
    const nameExpected = 'a fitted parameter name, as tttsim calibrate --fit takes it, listed once';
    if (entry.name === 'dispersion') {
      problems.push(problem(`${at}.name`, '"dispersion"', nameExpected, fitUncertaintyMessages.dispersion()));
      return;
    }
    const first = firstIndex.get(entry.name);
    if (first !== undefined) {
      problems.push(problem(`${at}.name`, JSON.stringify(entry.name), nameExpected, fitUncertaintyMessages.repeated(entry.name, first)));
      return;
    }
    firstIndex.set(entry.name, index);
    let parameter: FitParameter;
    try {
      parameter = resolveFitParameter(entry.name, scenario);
    } catch (error) {
      if (!(error instanceof FitParameterError)) throw error;
      const found = problem(`${at}.name`, JSON.stringify(entry.name), nameExpected, error.message);
      problems.push(error.entryMissing ? { ...found, entryMissing: true } : found);
      return;
    }
    const key = targetKey(parameter.target);
    const alias = firstByTarget.get(key);
    if (alias !== undefined) {
      problems.push(problem(`${at}.name`, JSON.stringify(entry.name), nameExpected, fitUncertaintyMessages.sameTarget(entry.name, alias)));
      return;
    }
    firstByTarget.set(key, entry.name);
    const { lower, estimate, upper } = entry;
    if (!(lower <= estimate && estimate <= upper)) {
      const received = `lower ${lower}, estimate ${estimate}, upper ${upper}`;
      problems.push(problem(at, received, 'lower <= estimate <= upper', fitUncertaintyMessages.outOfOrder(lower, estimate, upper)));
      return;
    }
    if (parameter.transform === 'logLogit' && !(lower > 0)) {
      problems.push(problem(`${at}.lower`, String(lower), 'a number above 0', fitUncertaintyMessages.notPositive(entry.name, lower)));
      return;
    }
    problems.push(...rangeProblems(at, entry, parameter));
  });
  return problems;
}

/** Relative rounding allowance of {@link rangeProblems}, far below any step a fit takes. */
const RANGE_TOLERANCE = 1e-9;

/** Checks that both ends of an interval, taken relative to the estimate, stay within the parameter's range. */
function rangeProblems(at: string, entry: Scenario['fitUncertainty'][number], parameter: FitParameter): Problem[] {
  const days = parameter.unit === 'days';
  // A multiplier estimated at 0 leaves nothing for a ratio to scale, so its draws never move.
  if (!days && entry.estimate === 0) return [];
  const relative = (value: number): number => (days ? value - entry.estimate : value / entry.estimate);
  const expected = days
    ? `within ${parameter.lower} to ${parameter.upper} days of the estimate`
    : `within ${parameter.lower} to ${parameter.upper} times the estimate`;
  // An interval end on the end of the range can fall a rounding error outside it once divided by the estimate.
  const tolerance = RANGE_TOLERANCE * Math.max(Math.abs(parameter.lower), Math.abs(parameter.upper), 1);
  const problems: Problem[] = [];
  for (const end of ['lower', 'upper'] as const) {
    const offset = relative(entry[end]);
    if (offset >= parameter.lower - tolerance && offset <= parameter.upper + tolerance) continue;
    const rounded = Number(offset.toPrecision(6));
    const position = days ? `${rounded} days from` : `${rounded} times`;
    const message = fitUncertaintyMessages.outsideRange(entry.name, end, position, expected);
    problems.push(problem(`${at}.${end}`, String(entry[end]), expected, message));
  }
  return problems;
}

/**
 * Lists a warning for each distribution that a `fitUncertainty` entry scales, such as a range that a plan put
 * back on `transmission.r0` over a fitted base. A sampled run would draw that value from the
 * distribution and again from the fit's interval. Of the fittable parameters, only R0 and the test
 * seeking shares can be distributions.
 */
export function fitUncertaintyWarnings(scenario: Scenario): string[] {
  const warnings: string[] = [];
  scenario.fitUncertainty.forEach((entry, index) => {
    let parameter: FitParameter;
    try {
      parameter = resolveFitParameter(entry.name, scenario);
    } catch (error) {
      // checkFitUncertainty has already reported a name that does not resolve.
      if (error instanceof FitParameterError) return;
      throw error;
    }
    for (const path of distributionPaths(parameter, scenario)) {
      warnings.push(messages.fitDrawnTwice(path, index, entry.name));
    }
  });
  return warnings;
}

/** Lists the paths of the distributions among the values that a fitted parameter scales. */
function distributionPaths(parameter: FitParameter, scenario: Scenario): string[] {
  const target = parameter.target;
  if (target.kind === 'transmissionScale') {
    return isDistributionValue(scenario.transmission.r0) ? ['transmission.r0'] : [];
  }
  if (target.kind === 'seekingScale') {
    return target.entries
      .filter((index) => isDistributionValue(scenario.testing.seeking[index]![target.field]))
      .map((index) => `testing.seeking[${index}].${target.field}`);
  }
  return [];
}

function isDistributionValue(value: unknown): boolean {
  return typeof value === 'object' && value !== null && isDistribution(value);
}

function problem(path: string, received: string, expected: string, detail: string): Problem {
  return { path, received, expected, message: `${detail}.` };
}

/**
 * Draws each parameter of `fitUncertainty` and returns the scenario with the draws applied, or the
 * scenario itself when it lists none.
 *
 * A multiplier whose range spans orders of magnitude (R0, seeding size, test seeking, site
 * throughput) is log-normal with its median at the estimate, on the log scale. The others (a
 * distancing effect, a shift in days) are normal on their own scale. Each side of the estimate takes
 * the spread of its own half of the interval (a two-piece normal), so a profile interval wider on one
 * side keeps its shape. An estimate on the end of its range, whose interval ends there, is drawn
 * below it over the whole interval, and at the estimate half the time. Draws are kept inside the
 * interval, whose ends the calibration found valid, so the spread comes out a little narrower than
 * the interval implies.
 *
 * NOTE: a distancing effect estimated at 0 has taken the period out of the fitted scenario, and a
 * draw cannot put it back, so such a parameter does not vary.
 * Each parameter draws from the stream `fitUncertainty:NAME`, so plans that extend one fitted
 * scenario share their draws.
 *
 * Each draw starts from a standard normal value. With `fitCorrelation`, the values of the parameters
 * it names are mixed by the Cholesky factor of its matrix, so they keep the correlation the fit found.
 * Without it each parameter is drawn on its own.
 */
export function sampleFitUncertainty(scenario: Scenario, streamFor: (path: string) => Random): Scenario {
  const entries = scenario.fitUncertainty;
  if (entries.length === 0) return scenario;
  const parameters = entries.map((entry) => resolveFitParameter(entry.name, scenario));
  const normals = correlateDraws(
    scenario,
    entries.map((entry) => standardNormal(streamFor(`fitUncertainty:${entry.name}`))),
  );
  const values = entries.map((entry, index) => {
    const { lower, estimate, upper } = entry;
    const parameter = parameters[index]!;
    const z = normals[index]!;
    if (parameter.transform === 'logit') {
      const sd = (z < 0 ? estimate - lower : upper - estimate) / Z_975;
      const draw = Math.min(upper, Math.max(lower, estimate + sd * z));
      if (parameter.unit === 'days') return draw - estimate;
      return estimate > 0 ? draw / estimate : 1;
    }
    const sdlog = (z < 0 ? Math.log(estimate / lower) : Math.log(upper / estimate)) / Z_975;
    const draw = estimate * Math.exp(sdlog * z);
    return Math.min(upper, Math.max(lower, draw)) / estimate;
  });
  return applyFitParameters(scenario, parameters, values);
}
