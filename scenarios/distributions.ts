import type { Random } from '../engine/index.js';

import { distributionSupport, type Distribution, type Param } from './fields.js';
import type { Scenario } from './scenario.js';

/**
 * Central value of a parameter: the number itself, the mean of a uniform or normal distribution,
 * the median of a log-normal and the mode of a triangular one.
 */
export function centralValue(value: Param): number {
  if (typeof value === 'number') return value;
  switch (value.dist) {
    case 'uniform':
      return (value.min + value.max) / 2;
    case 'normal':
      return value.mean;
    case 'lognormal':
      return value.median;
    case 'triangular':
      return value.mode;
  }
}

/**
 * Draws a standard normal value by the Box-Muller transform (Box and Muller, Ann. Math. Statist.
 * 1958) from two uniform draws. `1 - random()` lies in (0, 1], so the logarithm stays finite.
 */
export function standardNormal(random: Random): number {
  const u1 = 1 - random();
  const u2 = random();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Inverse of the triangular distribution's CDF at u in [0, 1). */
function triangularQuantile(d: Extract<Distribution, { dist: 'triangular' }>, u: number): number {
  const width = d.max - d.min;
  if (width === 0) return d.mode;
  const modeCdf = (d.mode - d.min) / width;
  if (u < modeCdf) return d.min + Math.sqrt(u * width * (d.mode - d.min));
  return d.max - Math.sqrt((1 - u) * width * (d.max - d.mode));
}

/**
 * Draws a parameter value. A plain number uses no draw. Uniform and triangular use one draw each
 * (inverse CDF), normal and log-normal two (Box-Muller), so the draws of a scenario come in a
 * fixed sequence. Normal and log-normal draws are clamped to the support of
 * {@link distributionSupport}, 4 standard deviations, which validation keeps inside the field's bounds.
 */
export function sampleValue(value: Param, random: Random): number {
  if (typeof value === 'number') return value;
  switch (value.dist) {
    case 'uniform':
      return value.min + (value.max - value.min) * random();
    case 'triangular':
      return triangularQuantile(value, random());
    case 'normal':
    case 'lognormal': {
      const z = standardNormal(random);
      const draw = value.dist === 'normal' ? value.mean + value.sd * z : value.median * Math.exp(value.sdlog * z);
      const { low, high } = distributionSupport(value);
      return Math.min(high, Math.max(low, draw));
    }
  }
}

/** A scenario type with every parameter resolved to a number. */
export type Resolved<T> = T extends Distribution
  ? number
  : T extends readonly (infer U)[]
    ? Resolved<U>[]
    : T extends object
      ? { [K in keyof T]: Resolved<T[K]> }
      : T;

const DISTRIBUTION_KINDS = new Set(['uniform', 'normal', 'lognormal', 'triangular']);

export function isDistribution(value: object): value is Distribution {
  const dist = (value as { dist?: unknown }).dist;
  return typeof dist === 'string' && DISTRIBUTION_KINDS.has(dist);
}

/**
 * Replaces every distribution in a validated scenario by a number from `pick`, which gets the
 * distribution and its JSON path (`transmission.r0`, `testing.seeking[3].mildShare`). No other
 * object in the format has a `dist` field.
 */
export function resolveParameters<T>(scenario: T, pick: (value: Distribution, path: string) => number): Resolved<T> {
  const visit = (value: unknown, path: string): unknown => {
    if (Array.isArray(value)) return value.map((entry, index) => visit(entry, `${path}[${index}]`));
    if (typeof value === 'object' && value !== null) {
      if (isDistribution(value)) return pick(value, path);
      const resolved: Record<string, unknown> = {};
      for (const [key, entry] of Object.entries(value)) resolved[key] = visit(entry, path === '' ? key : `${path}.${key}`);
      return resolved;
    }
    return value;
  };
  return visit(scenario, '') as Resolved<T>;
}

/** A validated scenario with every parameter resolved to a number. */
export type ResolvedScenario = Resolved<Scenario>;
