/**
 * Confidence intervals from the profile likelihood: the bound of a parameter's 95 % interval is where
 * the log-likelihood, maximised over every other parameter with this one held fixed, falls
 * χ²(1, 0.95) / 2 = 1.92 below its maximum (Wilks' theorem, as in Pawitan, "In All Likelihood",
 * Oxford University Press 2001, section 3.4). When the residuals are serially correlated, the caller
 * scales that drop by their variance factor (see autocorrelation.ts).
 */
import { BOUND_TOLERANCE, fromUnbounded } from '../../scenarios/index.js';
import { minimiseSync } from './nelder-mead.js';
import { countLogLikelihood, DISPERSION_RANGE, type CountSeries, type DispersionFit } from './negative-binomial.js';
import type { Objective } from './objective.js';

/** Half the 0.95 quantile of the χ² distribution with one degree of freedom, 3.841458820694124. */
export const PROFILE_DROP_95 = 3.841458820694124 / 2;

/** Effort limits of the search for one bound. */
export interface ProfileOptions {
  /** Evaluations of the re-optimisation of the other parameters at each profile point. */
  evaluationsPerPoint: number;
  /** Profile points per bound at most. */
  maxPoints: number;
  /**
   * Drop below the maximum that marks each bound, in log-likelihood units: {@link PROFILE_DROP_95},
   * or that times the variance factor of the residuals' autocorrelation.
   */
  targetDrop: number;
  /** A drop within this of `targetDrop` is taken as the bound, in log-likelihood units. */
  dropTolerance: number;
  /** Value tolerance of each re-optimisation, in log-likelihood units. */
  valueTolerance: number;
}

/**
 * Outcome of the search for one bound. `found`: a profile point lies within the tolerance of the
 * target drop. `interpolated`: the points bracket the target, and the bound is interpolated between
 * them. `rangeBound`: the drop stays below the target up to the bound of the parameter's range.
 * `unresolved`: the points ran out before the drop reached the target, so the interval reaches at
 * least the bound given. `betterOptimum`: a profile point beat the maximum, so the fit had not found it.
 */
export type ProfileStatus = 'found' | 'interpolated' | 'rangeBound' | 'unresolved' | 'betterOptimum';

/** One bound of a profile-likelihood interval. */
export interface ProfileBound {
  parameterIndex: number;
  side: 'lower' | 'upper';
  /** The bound, in the parameter's unit. */
  value: number;
  status: ProfileStatus;
  /** The profile points, each with the parameter's value and the maximised log-likelihood. */
  points: { value: number; logLikelihood: number }[];
  evaluations: number;
  /** The best point found when the status is `betterOptimum`, on the unbounded scale. */
  betterPoint?: { point: number[]; logLikelihood: number };
}

/**
 * Offset of the first point on the unbounded scale, which measures the curvature along the parameter.
 * It is turned into a step in position, at least {@link MIN_PROBE_POSITION}, so that an estimate
 * near a bound still gets a step that changes the likelihood.
 */
const CURVATURE_STEP = 0.1;

/** Smallest first step, as a share of the parameter's range. */
const MIN_PROBE_POSITION = 0.005;

/** Largest factor by which the next profile point moves further out than the last one. */
const MAX_GROWTH = 4;

/** Initial step of each re-optimisation on the unbounded scale. */
const REOPTIMISATION_STEP = 0.2;

/** Rise above the maximum, in log-likelihood units, beyond which a profile point counts as a better optimum. */
const BETTER_OPTIMUM_TOLERANCE = 0.05;

/**
 * Finds one bound of the 95 % profile-likelihood interval of parameter `index`. At each profile
 * point the parameter is held fixed and the others are re-optimised by Nelder-Mead. The search
 * moves along the parameter's position in its range (the logarithm's, for a parameter fitted on a
 * log scale), where a quadratic profile stays quadratic even next to a bound. The next point comes
 * from the square root of the drop, which is linear in the distance for a quadratic profile:
 * extrapolated from the points so far, or interpolated once two points bracket the target. Each
 * re-optimisation starts from the optimum of the nearest point between it and the estimate, so that
 * a point that overshot the bound does not hand its poor optimum to a point near the estimate.
 *
 * NOTE: each re-optimisation stops at `evaluationsPerPoint`, which can leave the profile a little
 * low and so the interval a little narrow.
 *
 * @param estimate the maximum-likelihood point on the unbounded scale
 * @param maxLogLikelihood the log-likelihood at `estimate`
 */
export function profileBound(
  objective: Objective,
  estimate: readonly number[],
  maxLogLikelihood: number,
  index: number,
  side: 'lower' | 'upper',
  options: ProfileOptions,
): ProfileBound {
  const parameter = objective.problem.parameters[index]!;
  const direction = side === 'upper' ? 1 : -1;
  const centre = 1 / (1 + Math.exp(-estimate[index]!));
  // The position at which the value enters the bound zone of isOnBound.
  const edge = side === 'upper' ? 1 - BOUND_TOLERANCE : BOUND_TOLERANCE;
  const maxDistance = Math.max(0, direction * (edge - centre));
  const bound: ProfileBound = { parameterIndex: index, side, value: NaN, status: 'unresolved', points: [], evaluations: 0 };
  const unboundedAt = (distance: number): number => {
    const position = centre + direction * distance;
    return Math.log(position / (1 - position));
  };
  const pointAt = (distance: number): number[] => {
    const point = [...estimate];
    point[index] = unboundedAt(distance);
    return point;
  };
  const valueAt = (distance: number): number => fromUnbounded(parameter, unboundedAt(distance));

  if (maxDistance === 0) return { ...bound, value: side === 'upper' ? parameter.upper : parameter.lower, status: 'rangeBound' };

  // The drop along the parameter alone is larger than along the profile, so this first step falls short of the bound.
  const probe = Math.min(maxDistance, Math.max(CURVATURE_STEP * centre * (1 - centre), MIN_PROBE_POSITION));
  const probeDrop = maxLogLikelihood - objective.evaluate(objective.valuesOf(pointAt(probe))).logLikelihood;
  bound.evaluations++;
  let distance = Math.min(maxDistance, probe * Math.sqrt(options.targetDrop / Math.max(probeDrop, 1e-12)));

  const profile: ProfilePoint[] = [{ distance: 0, drop: 0, others: estimate.filter((_, i) => i !== index) }];
  for (let k = 0; k < options.maxPoints; k++) {
    const fixed = pointAt(distance);
    const start = profile.filter((point) => point.distance < distance).reduce((a, b) => (b.distance > a.distance ? b : a));
    const optimum = reoptimise(objective, fixed, index, start.others, options);
    bound.evaluations += optimum.evaluations;
    const drop = maxLogLikelihood - optimum.logLikelihood;
    bound.points.push({ value: valueAt(distance), logLikelihood: optimum.logLikelihood });
    profile.push({ distance, drop, others: optimum.others });

    if (drop < -BETTER_OPTIMUM_TOLERANCE) {
      const others = optimum.others;
      const point = [...others.slice(0, index), fixed[index]!, ...others.slice(index)];
      return { ...bound, value: valueAt(distance), status: 'betterOptimum', betterPoint: { point, logLikelihood: optimum.logLikelihood } };
    }
    if (Math.abs(drop - options.targetDrop) <= options.dropTolerance) return { ...bound, value: valueAt(distance), status: 'found' };
    if (distance >= maxDistance && drop < options.targetDrop) {
      return { ...bound, value: side === 'upper' ? parameter.upper : parameter.lower, status: 'rangeBound' };
    }
    distance = nextDistance(profile, maxDistance, options.targetDrop);
  }

  const bracket = bracketOf(profile, options.targetDrop);
  if (bracket !== undefined) return { ...bound, value: valueAt(interpolate(bracket, options.targetDrop)), status: 'interpolated' };
  const furthest = Math.max(...profile.map((point) => point.distance));
  return { ...bound, value: valueAt(furthest), status: 'unresolved' };
}

/** Maximises the likelihood over every parameter but `index`, which stays at its value in `fixed`. */
function reoptimise(
  objective: Objective,
  fixed: readonly number[],
  index: number,
  start: readonly number[],
  options: ProfileOptions,
): { others: number[]; logLikelihood: number; evaluations: number } {
  const full = (others: readonly number[]): number[] => [...others.slice(0, index), fixed[index]!, ...others.slice(index)];
  const logLikelihoodAt = (others: readonly number[]): number =>
    objective.evaluate(objective.valuesOf(full(others))).logLikelihood;
  if (start.length === 0) return { others: [], logLikelihood: logLikelihoodAt([]), evaluations: 1 };

  const result = minimiseSync((others) => -logLikelihoodAt(others), start, {
    initialStep: REOPTIMISATION_STEP,
    maxEvaluations: options.evaluationsPerPoint,
    valueTolerance: options.valueTolerance,
    pointTolerance: 1e-3,
    // Positions in the ranges, as in the main search, so that a parameter drifting to a bound does not hold it up.
    pointMap: (x) => 1 / (1 + Math.exp(-x)),
    maxRestarts: 0,
  });
  return { others: result.point, logLikelihood: -result.value, evaluations: result.evaluations };
}

/** A point of the profile: its distance from the estimate in position, its drop, and the optimum of the other parameters. */
interface ProfilePoint {
  distance: number;
  drop: number;
  others: readonly number[];
}

/** Returns the nearest points on each side of the target drop, when the profile has both. */
function bracketOf(profile: readonly ProfilePoint[], targetDrop: number): [ProfilePoint, ProfilePoint] | undefined {
  const below = profile.filter((point) => point.drop < targetDrop);
  const above = profile.filter((point) => point.drop >= targetDrop);
  if (below.length === 0 || above.length === 0) return undefined;
  const inner = below.reduce((a, b) => (b.distance > a.distance ? b : a));
  const outer = above.reduce((a, b) => (b.distance < a.distance ? b : a));
  return [inner, outer];
}

/** Distance at which the square root of the drop, linear between the two points, reaches the target. */
function interpolate([a, b]: [ProfilePoint, ProfilePoint], targetDrop: number): number {
  const rootA = Math.sqrt(Math.max(0, a.drop));
  const rootB = Math.sqrt(Math.max(0, b.drop));
  const target = Math.sqrt(targetDrop);
  if (rootB === rootA) return (a.distance + b.distance) / 2;
  return a.distance + ((target - rootA) * (b.distance - a.distance)) / (rootB - rootA);
}

function nextDistance(profile: readonly ProfilePoint[], maxDistance: number, targetDrop: number): number {
  const bracket = bracketOf(profile, targetDrop);
  if (bracket !== undefined) return interpolate(bracket, targetDrop);

  // Every point so far falls short of the target: extrapolate from the origin through the furthest one.
  const furthest = profile.reduce((a, b) => (b.distance > a.distance ? b : a));
  const root = Math.sqrt(Math.max(0, furthest.drop));
  const extrapolated = root > 0 ? (furthest.distance * Math.sqrt(targetDrop)) / root : Infinity;
  return Math.min(maxDistance, MAX_GROWTH * furthest.distance, Math.max(1.2 * furthest.distance, extrapolated));
}

/**
 * Finds the 95 % interval of a dispersion from its profile with the model parameters held at their
 * estimates, by bisection on the logarithm of α on each side of the estimate. Holding them fixed
 * makes the interval a little narrower than a full profile, and it costs no further runs.
 *
 * @param series the observed counts of the stream beside its simulated means at the estimate
 * @param targetDrop drop below the maximum that marks each bound, in log-likelihood units
 */
export function dispersionInterval(
  series: readonly CountSeries[],
  fit: DispersionFit,
  targetDrop: number = PROFILE_DROP_95,
): { lower: number; upper: number } {
  const target = fit.logLikelihood - targetDrop;
  const boundTowards = (end: number): number => {
    if (countLogLikelihood(series, end) >= target) return end;
    let inside = Math.log(fit.dispersion);
    let outside = Math.log(end);
    for (let i = 0; i < 50; i++) {
      const middle = (inside + outside) / 2;
      if (countLogLikelihood(series, Math.exp(middle)) >= target) inside = middle;
      else outside = middle;
    }
    return Math.exp((inside + outside) / 2);
  };
  // A series without extra variance has the Poisson estimate 0, below the range, which the interval then starts at.
  return { lower: Math.min(fit.dispersion, boundTowards(DISPERSION_RANGE.lower)), upper: boundTowards(DISPERSION_RANGE.upper) };
}
