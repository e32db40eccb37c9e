/**
 * The correlation between the fitted parameters of a calibrated scenario, which sampled runs keep
 * when they draw the parameters of `fitUncertainty`.
 *
 * `fitCorrelation` names some of those parameters and gives their correlation matrix on the scale
 * of the draws: the logarithm for a multiplier drawn log-normal, the value itself for the others.
 */
import { eigs } from 'mathjs';

import { fitCorrelationMessages } from './fit-messages.js';
import type { Problem } from './messages.js';
import { MAX_CORRELATED_PARAMETERS } from './schema.js';
import type { Scenario } from './scenario.js';

/** Largest difference between r(i, j) and r(j, i), or between a diagonal entry and 1, taken as rounding. */
export const CORRELATION_TOLERANCE = 1e-6;

/**
 * Most negative eigenvalue still taken as rounding of a positive semidefinite matrix. A matrix
 * written to 6 decimals can fall this far below 0 when its parameters are nearly collinear.
 */
const EIGENVALUE_TOLERANCE = 1e-4;

/**
 * Lists the problems of a scenario's `fitCorrelation`: a name missing from `fitUncertainty` or
 * listed twice, a matrix of the wrong size, asymmetric, with a diagonal entry other than 1, or not
 * positive semidefinite, which no correlation matrix can be.
 */
export function checkFitCorrelation(scenario: Scenario): Problem[] {
  const correlation = scenario.fitCorrelation;
  if (correlation === undefined) return [];
  const problems: Problem[] = [];
  const listed = new Set(scenario.fitUncertainty.map((entry) => entry.name));
  const seen = new Map<string, number>();
  correlation.parameters.forEach((name, index) => {
    const at = `fitCorrelation.parameters[${index}]`;
    // An empty name is already reported by the schema.
    const first = seen.get(name);
    if (first !== undefined) {
      problems.push(problem(at, JSON.stringify(name), 'a name listed once', fitCorrelationMessages.repeated(name, first)));
    } else if (name !== '' && !listed.has(name)) {
      problems.push(problem(at, JSON.stringify(name), 'a name of fitUncertainty', fitCorrelationMessages.notListed(name)));
    }
    seen.set(name, first ?? index);
  });

  const size = correlation.parameters.length;
  const { matrix } = correlation;
  if (matrix.length !== size) {
    return [...problems, problem('fitCorrelation.matrix', `${matrix.length} rows`, `${size} rows`, fitCorrelationMessages.rows(matrix.length, size))];
  }
  matrix.forEach((row, i) => {
    if (row.length !== size) {
      problems.push(problem(`fitCorrelation.matrix[${i}]`, `${row.length} entries`, `${size} entries`, fitCorrelationMessages.columns(i, row.length, size)));
    }
  });
  if (problems.length > 0) return problems;

  for (let i = 0; i < size; i++) {
    const diagonal = matrix[i]![i]!;
    if (Math.abs(diagonal - 1) > CORRELATION_TOLERANCE) {
      problems.push(problem(`fitCorrelation.matrix[${i}][${i}]`, String(diagonal), '1', fitCorrelationMessages.diagonal(diagonal)));
    }
    for (let j = i + 1; j < size; j++) {
      const [upper, lower] = [matrix[i]![j]!, matrix[j]![i]!];
      if (Math.abs(upper - lower) > CORRELATION_TOLERANCE) {
        const at = `fitCorrelation.matrix[${j}][${i}]`;
        problems.push(problem(at, String(lower), `${upper}, as at [${i}][${j}]`, fitCorrelationMessages.asymmetric(i, j, upper, lower)));
      }
    }
  }
  if (problems.length > 0 || size === 0 || size > MAX_CORRELATED_PARAMETERS) return problems;

  const smallest = Math.min(...(eigs(matrix.map((row) => [...row])).values as number[]));
  if (smallest < -EIGENVALUE_TOLERANCE) {
    const received = `smallest eigenvalue ${Number(smallest.toPrecision(3))}`;
    problems.push(problem('fitCorrelation.matrix', received, 'a positive semidefinite matrix', fitCorrelationMessages.notSemidefinite(smallest)));
  }
  return problems;
}

/**
 * Returns the lower triangular factor L of a positive semidefinite matrix, with L Lᵀ equal to it
 * (the Cholesky decomposition). Where a pivot is no more than the tolerance, the matrix is singular
 * in that direction, and the column of L stays 0. An identity matrix gives itself exactly.
 *
 * mathjs has no Cholesky decomposition, and its eigenvectors would not give the identity back
 * exactly, so the factor is computed here.
 */
export function choleskyFactor(matrix: readonly (readonly number[])[], tolerance = EIGENVALUE_TOLERANCE): number[][] {
  const size = matrix.length;
  const factor = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  for (let j = 0; j < size; j++) {
    let pivot = matrix[j]![j]!;
    for (let k = 0; k < j; k++) pivot -= factor[j]![k]! ** 2;
    if (pivot <= tolerance) continue;
    const root = Math.sqrt(pivot);
    factor[j]![j] = root;
    for (let i = j + 1; i < size; i++) {
      let sum = matrix[i]![j]!;
      for (let k = 0; k < j; k++) sum -= factor[i]![k]! * factor[j]![k]!;
      factor[i]![j] = sum / root;
    }
  }
  return factor;
}

/**
 * Turns independent standard normal draws, one per entry of `fitUncertainty`, into draws with the
 * scenario's correlation. Entries that `fitCorrelation` leaves out keep their own draw, and without
 * `fitCorrelation` every draw is returned unchanged.
 *
 * The Cholesky factor is taken with the parameters in name order, so that a matrix written in another
 * order gives the same draws. Leaving a parameter out of the matrix changes the draws of the
 * parameters whose names sort after it.
 */
export function correlateDraws(scenario: Scenario, draws: readonly number[]): number[] {
  const written = scenario.fitCorrelation;
  const result = [...draws];
  if (written === undefined) return result;
  const order = written.parameters.map((_, index) => index).sort((a, b) => compareNames(written.parameters[a]!, written.parameters[b]!));
  const correlation = {
    parameters: order.map((index) => written.parameters[index]!),
    matrix: order.map((row) => order.map((column) => written.matrix[row]![column]!)),
  };
  const positions = correlation.parameters.map((name) => scenario.fitUncertainty.findIndex((entry) => entry.name === name));
  const factor = choleskyFactor(correlation.matrix);
  positions.forEach((position, i) => {
    let sum = 0;
    for (let k = 0; k <= i; k++) sum += factor[i]![k]! * draws[positions[k]!]!;
    result[position] = sum;
  });
  return result;
}

/** Orders names by their UTF-16 code units, the same on every machine and locale. */
function compareNames(first: string, second: string): number {
  if (first === second) return 0;
  return first < second ? -1 : 1;
}

function problem(path: string, received: string, expected: string, detail: string): Problem {
  return { path, received, expected, message: `${detail}.` };
}

/** Returns the rows and columns of a correlation matrix whose parameters `keep` accepts, or undefined when fewer than two are left. */
export function restrictCorrelation(
  correlation: NonNullable<Scenario['fitCorrelation']>,
  keep: (name: string) => boolean,
): Scenario['fitCorrelation'] {
  const kept = correlation.parameters.flatMap((name, index) => (keep(name) ? [index] : []));
  if (kept.length < 2) return undefined;
  return {
    parameters: kept.map((index) => correlation.parameters[index]!),
    matrix: kept.map((row) => kept.map((column) => correlation.matrix[row]![column]!)),
  };
}
