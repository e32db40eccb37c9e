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

/**
 * Sums the log-probabilities of every observed day of the series, with each mean raised to
 * {@link MIN_MEAN_PER_DAY}.
 *
 * @param dispersion α, 0 for the Poisson model
 */
export function countLogLikelihood(series: readonly CountSeries[], dispersion: number): number {
  let sum = 0;
  for (const { counts, means } of series) {
    for (let d = 0; d < counts.length; d++) {
      const count = counts[d]!;
      if (Number.isNaN(count)) continue;
      sum += negativeBinomialLogPmf(count, Math.max(MIN_MEAN_PER_DAY, means[d]!), dispersion);
    }
  }
  return sum;
}

/** Iterations of the golden-section search for the dispersion, enough to narrow the log range to about 1e-5. */
const GOLDEN_SECTION_ITERATIONS = 40;

/** The best dispersion of a set of series, with the log-likelihood it reaches. */
export interface DispersionFit {
  dispersion: number;
  logLikelihood: number;
}

/**
 * Finds the dispersion that maximises the log-likelihood of the series, by golden-section search on
 * the logarithm of α over {@link DISPERSION_RANGE}.
 *
 * NOTE: golden-section search finds the maximum of a unimodal function. The negative binomial
 * likelihood in α is unimodal for the count series met in practice, but no proof covers every set of means.
 */
export function fitDispersion(series: readonly CountSeries[]): DispersionFit {
  const ratio = (Math.sqrt(5) - 1) / 2;
  let low = Math.log(DISPERSION_RANGE.lower);
  let high = Math.log(DISPERSION_RANGE.upper);
  const valueAt = (logDispersion: number): number => countLogLikelihood(series, Math.exp(logDispersion));

  let left = high - ratio * (high - low);
  let right = low + ratio * (high - low);
  let leftValue = valueAt(left);
  let rightValue = valueAt(right);
  for (let i = 0; i < GOLDEN_SECTION_ITERATIONS; i++) {
    if (leftValue >= rightValue) {
      high = right;
      right = left;
      rightValue = leftValue;
      left = high - ratio * (high - low);
      leftValue = valueAt(left);
    } else {
      low = left;
      left = right;
      leftValue = rightValue;
      right = low + ratio * (high - low);
      rightValue = valueAt(right);
    }
  }

  // The search never evaluates the ends, so a maximum at a bound is checked there.
  const candidates = [
    { dispersion: Math.exp(leftValue >= rightValue ? left : right), logLikelihood: Math.max(leftValue, rightValue) },
    { dispersion: DISPERSION_RANGE.lower, logLikelihood: countLogLikelihood(series, DISPERSION_RANGE.lower) },
    { dispersion: DISPERSION_RANGE.upper, logLikelihood: countLogLikelihood(series, DISPERSION_RANGE.upper) },
  ];
  return candidates.reduce((best, candidate) => (candidate.logLikelihood > best.logLikelihood ? candidate : best));
}
