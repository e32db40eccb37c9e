/** Durations and relative infectiousness that set how long an infection transmits. */
export interface InfectiousPeriods {
  presymptomaticDays: number;
  asymptomaticDays: number;
  mildDays: number;
  onsetToWardDays: number;
  onsetToIcuDays: number;
  asymptomaticInfectiousness: number;
  presymptomaticInfectiousness: number;
}

/** Per-band fractions that split infections into asymptomatic, mild, severe and critical. */
export interface SeveritySplit {
  asymptomaticFraction: Float64Array;
  severeFraction: Float64Array;
  criticalFraction: Float64Array;
}

/**
 * Mean infectiousness-weighted duration of an infection per age band, in days (symptomatic
 * infectiousness = 1): f relAsym Dasym + (1 - f)(relPre Dpre + mild Dmild + severe DonsetToWard +
 * critical DonsetToIcu). Severe and critical cases stop transmitting when they reach their bed.
 */
export function infectiousDaysByAge(periods: InfectiousPeriods, split: SeveritySplit): Float64Array {
  const bandCount = split.asymptomaticFraction.length;
  const days = new Float64Array(bandCount);
  for (let b = 0; b < bandCount; b++) {
    const asymptomatic = split.asymptomaticFraction[b]!;
    const severe = split.severeFraction[b]!;
    const critical = split.criticalFraction[b]!;
    const mild = 1 - severe - critical;
    days[b] =
      asymptomatic * periods.asymptomaticInfectiousness * periods.asymptomaticDays +
      (1 - asymptomatic) *
        (periods.presymptomaticInfectiousness * periods.presymptomaticDays +
          mild * periods.mildDays +
          severe * periods.onsetToWardDays +
          critical * periods.onsetToIcuDays);
  }
  return days;
}

/**
 * Next-generation matrix per unit transmission probability, `[a * n + b]`: infections in band a
 * caused by one infection in band b, K[a][b] = s_a C[a][b] N_a / N_b D_b, with C the contacts per
 * day that one person of band a has with band b (all settings), s the susceptibility, N the
 * population and D the infectious days. Bands without population get a zero column.
 */
export function nextGenerationMatrix(
  contacts: Float64Array,
  susceptibility: Float64Array,
  population: Float64Array,
  infectiousDays: Float64Array,
): Float64Array {
  const n = population.length;
  const matrix = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      if (population[b]! <= 0) continue;
      matrix[a * n + b] =
        (susceptibility[a]! * contacts[a * n + b]! * population[a]! * infectiousDays[b]!) / population[b]!;
    }
  }
  return matrix;
}

const MAX_ITERATIONS = 10_000;
const RELATIVE_TOLERANCE = 1e-12;

/**
 * Spectral radius of a non-negative square matrix `[i * n + j]`, by power iteration on M + I.
 *
 * The shift by the identity makes the iteration converge for every non-negative matrix, also a
 * periodic one: the Perron root rho of M is real and largest in modulus (Perron-Frobenius), so
 * rho + 1 strictly dominates |lambda + 1| for every other eigenvalue lambda with |lambda| <= rho and
 * lambda != rho. Each step brackets rho + 1 by the Collatz-Wielandt bounds min and max of
 * (Mx)_i / x_i, and the iteration stops when they agree to 1e-12. x stays positive because M + I
 * has a positive diagonal. A reducible matrix may keep the bounds apart, and then the last norm
 * ratio (which still converges to the dominant eigenvalue) is used.
 */
export function spectralRadius(matrix: Float64Array, n: number): number {
  if (matrix.length !== n * n) throw new RangeError(`matrix has ${matrix.length} entries, expected ${n * n}`);
  let x = new Float64Array(n).fill(1);
  let y = new Float64Array(n);
  let estimate = 0;
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    let lower = Infinity;
    let upper = 0;
    let norm = 0;
    for (let i = 0; i < n; i++) {
      let sum = x[i]!;
      for (let j = 0; j < n; j++) sum += matrix[i * n + j]! * x[j]!;
      y[i] = sum;
      const ratio = sum / x[i]!;
      if (ratio < lower) lower = ratio;
      if (ratio > upper) upper = ratio;
      if (sum > norm) norm = sum;
    }
    // x is scaled to a maximum of 1, so the new maximum is the norm ratio.
    estimate = norm;
    if (upper - lower <= RELATIVE_TOLERANCE * upper) return (lower + upper) / 2 - 1;
    for (let i = 0; i < n; i++) y[i] = y[i]! / norm;
    [x, y] = [y, x];
  }
  return estimate - 1;
}

/**
 * Probability of infection per contact that gives the basic reproduction number r0:
 * r0 / spectralRadius(K) for the next-generation matrix of {@link nextGenerationMatrix}.
 *
 * @throws RangeError when the matrix has no transmission at all (no contacts, susceptibility or population)
 */
export function transmissionPerContactFor(r0: number, nextGeneration: Float64Array, n: number): number {
  const radius = spectralRadius(nextGeneration, n);
  if (!(radius > 0)) {
    throw new RangeError(
      'the next-generation matrix has spectral radius 0, because contacts, susceptibility or population are all zero',
    );
  }
  return r0 / radius;
}
