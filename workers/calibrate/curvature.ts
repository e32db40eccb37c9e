/**
 * The correlation of fitted parameters at the estimate, from the curvature of the log-likelihood.
 *
 * Near its maximum the log-likelihood is close to a quadratic, and the inverse of its negative
 * Hessian approximates the covariance of the estimates (the observed information). The Hessian is
 * taken by central differences on the optimiser's unbounded scale, where each parameter's transform
 * is smooth, and the covariance is scaled to a correlation matrix.
 */
import { inv } from 'mathjs';

import { choleskyFactor } from '../../scenarios/index.js';

/** The correlation matrix of some parameters, or the reason it was not found. */
export interface CurvatureCorrelation {
  /** Indices into the problem's parameters, in the order of the matrix. */
  parameters: number[];
  /** Correlation matrix, rows in the order of `parameters`, or null with a `failure`. */
  matrix: number[][] | null;
  /** Reason the matrix is null, or null when there is a matrix. */
  failure: string | null;
  /** Runs of the model spent on the Hessian. */
  evaluations: number;
}

/** Decimals the correlations are rounded to, so that fit.json and the scenario stay readable. */
const DECIMALS = 6;

/**
 * Finds the correlation matrix of the parameters with a step, at the estimate.
 *
 * Parameters whose step is undefined (an estimate on a bound, an interval not found) are left out.
 * Each step should be small against the parameter's interval on the unbounded scale but large
 * against the rounding of the log-likelihood: an eighth of the interval drops the log-likelihood by
 * about 0.12 along one axis.
 *
 * @param evaluate returns the log-likelihood at each point, on the unbounded scale
 * @param centre the estimate, on the unbounded scale
 * @param steps the difference step of each parameter, on the unbounded scale
 */
export async function curvatureCorrelation(
  evaluate: (points: number[][]) => Promise<number[]>,
  centre: readonly number[],
  steps: readonly (number | undefined)[],
): Promise<CurvatureCorrelation> {
  const parameters = steps.flatMap((step, i) => (step !== undefined && step > 0 ? [i] : []));
  const size = parameters.length;
  if (size < 2) {
    const failure = 'a correlation needs two parameters whose estimates and intervals lie inside their ranges, and this fit has fewer';
    return { parameters, matrix: null, failure, evaluations: 0 };
  }
  const shifted = (moves: [number, number][]): number[] => {
    const point = [...centre];
    for (const [index, sign] of moves) point[index]! += sign * steps[index]!;
    return point;
  };

  // One batch: the centre, two points per parameter, and four per pair.
  const points: number[][] = [[...centre]];
  for (const i of parameters) points.push(shifted([[i, 1]]), shifted([[i, -1]]));
  for (let a = 0; a < size; a++) {
    for (let b = a + 1; b < size; b++) {
      const [i, j] = [parameters[a]!, parameters[b]!];
      points.push(shifted([[i, 1], [j, 1]]), shifted([[i, 1], [j, -1]]), shifted([[i, -1], [j, 1]]), shifted([[i, -1], [j, -1]]));
    }
  }
  const values = await evaluate(points);
  const evaluations = points.length;

  // The information matrix is the negative Hessian.
  const information = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  const centreValue = values[0]!;
  parameters.forEach((i, a) => {
    const [plus, minus] = [values[1 + 2 * a]!, values[2 + 2 * a]!];
    information[a]![a] = -(plus - 2 * centreValue + minus) / steps[i]! ** 2;
  });
  let next = 1 + 2 * size;
  for (let a = 0; a < size; a++) {
    for (let b = a + 1; b < size; b++) {
      const [pp, pm, mp, mm] = values.slice(next, next + 4) as [number, number, number, number];
      next += 4;
      const cross = -(pp - pm - mp + mm) / (4 * steps[parameters[a]!]! * steps[parameters[b]!]!);
      information[a]![b] = cross;
      information[b]![a] = cross;
    }
  }

  if (!values.every(Number.isFinite)) {
    return { parameters, matrix: null, failure: 'a run near the estimate gave no finite log-likelihood', evaluations };
  }
  if (!isPositiveDefinite(information)) {
    return {
      parameters,
      matrix: null,
      failure: 'the log-likelihood does not curve down along every direction at the estimate, so it is no maximum there',
      evaluations,
    };
  }
  const covariance = inv(information) as number[][];
  const deviations = covariance.map((row, a) => Math.sqrt(row[a]!));
  const matrix = covariance.map((row, a) =>
    row.map((value, b) => (a === b ? 1 : round(value / (deviations[a]! * deviations[b]!)))),
  );
  return { parameters, matrix, failure: null, evaluations };
}

/** Tells whether a symmetric matrix is positive definite: every pivot of its Cholesky factor is positive. */
function isPositiveDefinite(matrix: number[][]): boolean {
  if (matrix.some((row, i) => !(row[i]! > 0))) return false;
  // Scaled to a unit diagonal first, so that the pivot tolerance is relative.
  const roots = matrix.map((row, i) => Math.sqrt(row[i]!));
  const unit = matrix.map((row, i) => row.map((value, j) => value / (roots[i]! * roots[j]!)));
  const factor = choleskyFactor(unit, 1e-9);
  return factor.every((row, i) => row[i]! > 0);
}

/** Rounds a correlation to {@link DECIMALS} decimals, within -1 to 1. */
function round(value: number): number {
  const factor = 10 ** DECIMALS;
  return Math.min(1, Math.max(-1, Math.round(value * factor) / factor));
}
