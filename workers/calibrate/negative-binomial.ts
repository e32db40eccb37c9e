/**
 * The count model of a calibration: observed daily counts are negative binomial around the simulated
 * means, with a dispersion fitted per observed series.
 *
 * The dispersion α sets the variance to μ + α μ², so α = 0 is the Poisson model and larger values
 * allow the day-to-day noise of reporting. With the size k = 1 / α the probability of a count y is
 * Γ(y + k) / (Γ(k) y!) (k / (k + μ))^k (μ / (k + μ))^y.
 */

/**
 * Range of a fitted dispersion. At 1e-4 the extra variance of a count of 100 a day is 1, against
 * the Poisson variance of 100, so the lower bound is as good as Poisson. At 100 the standard
 * deviation is ten times the mean, far beyond any reporting noise.
 */
export const DISPERSION_RANGE = { lower: 1e-4, upper: 100 } as const;

/**
 * Lowest simulated mean the likelihood uses, in persons per day. A model that expects no case on a
 * day where one was reported would otherwise score minus infinity, which no optimiser can compare.
 * At 0.01 a day such a case costs about 4.6 log-likelihood units.
 */
export const MIN_MEAN_PER_DAY = 0.01;

/**
 * Coefficients of the Lanczos approximation with g = 7 and 9 terms, as tabulated by Paul Godfrey
 * (https://en.wikipedia.org/wiki/Lanczos_approximation, section "Simple implementation"). The
 * relative error is below 1e-15 for positive arguments.
 */
const LANCZOS_G = 7;
const LANCZOS_COEFFICIENTS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Returns log Γ(x) for x > 0 by the Lanczos approximation, with a relative error below about 1e-14.
 *
 * @throws RangeError when x is not a positive number
 */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs a positive argument (got ${x})`);
  // The series converges for x >= 1/2; below that, the recurrence Γ(x) = Γ(x + 1) / x moves the argument up.
  if (x < 0.5) return logGamma(x + 1) - Math.log(x);
  const z = x - 1;
  let sum = LANCZOS_COEFFICIENTS[0]!;
  for (let i = 1; i < LANCZOS_COEFFICIENTS.length; i++) sum += LANCZOS_COEFFICIENTS[i]! / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * Returns the log-probability of a count under the negative binomial with this mean and dispersion,
 * or under the Poisson when the dispersion is 0.
 *
 * @param count observed count, a whole number of at least 0
 * @param mean expected count, at least 0; a mean of 0 gives 0 for a count of 0 and minus infinity otherwise
 * @param dispersion α, at least 0, in variance = mean + α mean²
 */
export function negativeBinomialLogPmf(count: number, mean: number, dispersion: number): number {
  if (mean <= 0) return count === 0 ? 0 : -Infinity;
  const logFactorial = logGamma(count + 1);
  if (dispersion === 0) return count * Math.log(mean) - mean - logFactorial;

  const size = 1 / dispersion;
  const sizeTerm = count === 0 ? 0 : logGamma(count + size) - logGamma(size);
  // log(k / (k + μ)) = -log1p(α μ) keeps its precision when α μ is small.
  const logPNone = -Math.log1p(dispersion * mean);
  const countTerm = count === 0 ? 0 : count * (Math.log(mean) - Math.log(size + mean));
  return sizeTerm - logFactorial + size * logPNone + countTerm;
}

/** Observed counts of one series beside the simulated means of the same days. */
export interface CountSeries {
  /** Observed count per day; NaN marks a day left out of the likelihood. */
  counts: Float64Array;
  /** Simulated mean per day, the same length. */
  means: Float64Array;
}

/** log(count!) of each day's count, made once per counts array, because a fit evaluates the same counts many times. */
const LOG_FACTORIALS = new WeakMap<Float64Array, Float64Array>();

function logFactorialsOf(counts: Float64Array): Float64Array {
  let table = LOG_FACTORIALS.get(counts);
  if (table === undefined) {
    table = counts.map((count) => (Number.isNaN(count) ? 0 : logGamma(count + 1)));
    LOG_FACTORIALS.set(counts, table);
  }
  return table;
}

/**
 * Sums the log-probabilities of every observed day of the series, with each mean raised to
 * {@link MIN_MEAN_PER_DAY}. The terms are those of {@link negativeBinomialLogPmf}, with log(count!)
 * looked up rather than computed.
 *
 * @param dispersion α, 0 for the Poisson model
 */
export function countLogLikelihood(series: readonly CountSeries[], dispersion: number): number {
  const size = dispersion > 0 ? 1 / dispersion : Infinity;
  const logGammaSize = dispersion > 0 ? logGamma(size) : 0;
  let sum = 0;
  for (const { counts, means } of series) {
    const logFactorials = logFactorialsOf(counts);
    for (let d = 0; d < counts.length; d++) {
      const count = counts[d]!;
      if (Number.isNaN(count)) continue;
      const mean = Math.max(MIN_MEAN_PER_DAY, means[d]!);
      if (dispersion === 0) {
        sum += count * Math.log(mean) - mean - logFactorials[d]!;
        continue;
      }
      sum += size * -Math.log1p(dispersion * mean) - logFactorials[d]!;
      if (count > 0) sum += logGamma(count + size) - logGammaSize + count * (Math.log(mean) - Math.log(size + mean));
    }
  }
  return sum;
}

/** Tolerance of the search for the dispersion, on the scale of log α. */
const LOG_DISPERSION_TOLERANCE = 1e-4;

/** Distance in log α from an end of the range within which the search checks that end itself. */
const END_DISTANCE = 1e-3;

/** The best dispersion of a set of series, with the log-likelihood it reaches. */
export interface DispersionFit {
  dispersion: number;
  logLikelihood: number;
}

/**
 * Finds the dispersion that maximises the log-likelihood of the series, searching the logarithm of
 * α over {@link DISPERSION_RANGE} by {@link maximiseOnInterval}.
 *
 * NOTE: the search finds the maximum of a unimodal function. The negative binomial likelihood in α
 * is unimodal for the count series met in practice, but no proof covers every set of means.
 */
export function fitDispersion(series: readonly CountSeries[]): DispersionFit {
  const lowest = Math.log(DISPERSION_RANGE.lower);
  const highest = Math.log(DISPERSION_RANGE.upper);
  const valueAt = (logDispersion: number): number => countLogLikelihood(series, Math.exp(logDispersion));
  const best = maximiseOnInterval(valueAt, lowest, highest, LOG_DISPERSION_TOLERANCE);

  // The search never evaluates the ends of the range, so a search that closed in on one checks it.
  for (const end of ['lower', 'upper'] as const) {
    const dispersion = DISPERSION_RANGE[end];
    if (Math.abs(best.x - Math.log(dispersion)) > END_DISTANCE) continue;
    const logLikelihood = countLogLikelihood(series, dispersion);
    if (logLikelihood >= best.value) return { dispersion, logLikelihood };
  }
  return { dispersion: Math.exp(best.x), logLikelihood: best.value };
}

/** Golden-section fraction of Brent's method, (3 - √5) / 2. */
const GOLDEN_FRACTION = (3 - Math.sqrt(5)) / 2;

/**
 * Maximises a function of one variable on [low, high] by Brent's method: golden-section steps,
 * replaced by a parabola through the last three points wherever that step is safe. It follows the
 * description in R. P. Brent, "Algorithms for Minimization without Derivatives", Prentice-Hall
 * 1973, chapter 5. For a smooth function it needs about a dozen evaluations where golden-section
 * search alone needs twice as many.
 *
 * @param tolerance absolute tolerance on the argument
 */
export function maximiseOnInterval(
  f: (x: number) => number,
  low: number,
  high: number,
  tolerance: number,
): { x: number; value: number } {
  let a = low;
  let b = high;
  // x is the best point so far, w the second best and v the one before w.
  let x = a + GOLDEN_FRACTION * (b - a);
  let w = x;
  let v = x;
  let fx = -f(x);
  let fw = fx;
  let fv = fx;
  let step = 0;
  let previousStep = 0;

  for (;;) {
    const middle = (a + b) / 2;
    const tolerance1 = 1e-10 * Math.abs(x) + tolerance / 3;
    const tolerance2 = 2 * tolerance1;
    if (Math.abs(x - middle) <= tolerance2 - (b - a) / 2) break;

    let parabolic = false;
    if (Math.abs(previousStep) > tolerance1) {
      // Vertex of the parabola through (x, fx), (w, fw) and (v, fv), as x + p / q.
      const r = (x - w) * (fx - fv);
      let q = (x - v) * (fx - fw);
      let p = (x - v) * q - (x - w) * r;
      q = 2 * (q - r);
      if (q > 0) p = -p;
      else q = -q;
      const stepBefore = previousStep;
      previousStep = step;
      // The parabola is used only when its step is less than half the step before last and stays inside [a, b].
      if (Math.abs(p) < Math.abs(0.5 * q * stepBefore) && p > q * (a - x) && p < q * (b - x)) {
        step = p / q;
        const u = x + step;
        if (u - a < tolerance2 || b - u < tolerance2) step = x < middle ? tolerance1 : -tolerance1;
        parabolic = true;
      }
    }
    if (!parabolic) {
      previousStep = (x < middle ? b : a) - x;
      step = GOLDEN_FRACTION * previousStep;
    }

    const u = x + (Math.abs(step) >= tolerance1 ? step : Math.sign(step) * tolerance1);
    const fu = -f(u);
    if (fu <= fx) {
      if (u < x) b = x;
      else a = x;
      [v, fv, w, fw, x, fx] = [w, fw, x, fx, u, fu];
    } else {
      if (u < x) a = u;
      else b = u;
      if (fu <= fw || w === x) {
        [v, fv, w, fw] = [w, fw, u, fu];
      } else if (fu <= fv || v === x || v === w) {
        [v, fv] = [u, fu];
      }
    }
  }
  return { x, value: -fx };
}
