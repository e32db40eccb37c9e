import type { Random } from './random.js';

/** Uniform numbers drawn from the generator at a time, so that each draw is an array read. */
const UNIFORM_BUFFER_SIZE = 512;

/** Below this mean, inversion by sequential search is faster than rejection. */
const INVERSION_MAX_MEAN = 10;

const LOG_FACTORIAL_TABLE_SIZE = 256;
const LOG_FACTORIAL = new Float64Array(LOG_FACTORIAL_TABLE_SIZE);
for (let k = 1; k < LOG_FACTORIAL_TABLE_SIZE; k++) LOG_FACTORIAL[k] = LOG_FACTORIAL[k - 1]! + Math.log(k);
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Results of `logFactorialInto` and `stirlingInto`. They write here instead of returning, because a
 * number returned from a call that V8 does not inline is boxed on the heap.
 */
const SERIES_RESULTS = new Float64Array(4);

/** log(k!), from a table for small k and Stirling's series beyond it. */
export function logFactorial(k: number): number {
  logFactorialInto(k, 0);
  return SERIES_RESULTS[0]!;
}

/** Writes log(k!) into `SERIES_RESULTS[slot]`. */
function logFactorialInto(k: number, slot: number): void {
  if (k < LOG_FACTORIAL_TABLE_SIZE) {
    SERIES_RESULTS[slot] = LOG_FACTORIAL[k]!;
    return;
  }
  const x = k + 1;
  SERIES_RESULTS[slot] = (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + 1 / (12 * x) - 1 / (360 * x * x * x);
}

/**
 * Writes the Stirling correction term log(k!) - [(k + 1/2) log(k + 1) - (k + 1) + log(2 pi) / 2]
 * into `SERIES_RESULTS[slot]`.
 */
function stirlingInto(k: number, slot: number): void {
  if (k < 16) {
    SERIES_RESULTS[slot] = LOG_FACTORIAL[k]! - ((k + 0.5) * Math.log(k + 1) - (k + 1) + HALF_LOG_TWO_PI);
    return;
  }
  const x = k + 1;
  const x2 = x * x;
  SERIES_RESULTS[slot] = (1 / 12 - (1 / 360 - 1 / (1260 * x2)) / x2) / x;
}

/**
 * The random draws of one stochastic run: uniforms, binomials and Poisson counts from one stream.
 *
 * A number passed to a function that V8 does not inline, or returned from one, is boxed on the heap
 * unless it is a small integer. So uniforms are made in bulk from the generator's 32-bit integers,
 * and the probability or mean of a draw in progress is kept in a field, which V8 updates in place.
 */
export class Draws {
  private readonly random: Random;
  private readonly uniforms = new Float64Array(UNIFORM_BUFFER_SIZE);
  private nextUniform = UNIFORM_BUFFER_SIZE;
  /** Success probability of the next binomial draw, 0 to 1. */
  probability = 0.5;
  /** Success probability of the binomial draw in progress, at most 1/2. */
  private p = 0.5;
  /** Mean of the next Poisson draw. */
  mean = 0.5;

  constructor(random: Random) {
    this.random = random;
  }

  /** Returns the next uniform number in [0, 1). */
  uniform(): number {
    return this.uniforms[this.takeUniform()]!;
  }

  /**
   * Returns the buffer index of the next uniform. The draws read the buffer through it, so that no
   * uniform crosses a call, where V8 would box it unless the call is inlined.
   */
  private takeUniform(): number {
    if (this.nextUniform === UNIFORM_BUFFER_SIZE) this.refill();
    return this.nextUniform++;
  }

  /** Fills the buffer with uniforms of 53 random bits, each from two 32-bit integer draws. */
  private refill(): void {
    for (let i = 0; i < UNIFORM_BUFFER_SIZE; i++) {
      const high = this.random.int32() >>> 5;
      const low = this.random.int32() >>> 6;
      this.uniforms[i] = (high * 67108864 + low) / 9007199254740992;
    }
    this.nextUniform = 0;
  }

  /**
   * Draws from Binomial(n, `probability`) for a whole number n >= 0. Callers set `probability` first,
   * a store that never boxes the number, where an argument could.
   *
   * Small means use inversion by sequential search; larger ones the BTRD transformed-rejection method
   * of W. Hörmann, "The generation of binomial random variates", J. Statist. Comput. Simul. 46 (1993)
   * 101-110, which is exact and takes about one uniform pair per draw whatever n is. A probability
   * above 1/2 draws the failures at 1 - p.
   */
  binomial(n: number): number {
    const p = this.probability;
    if (n <= 0 || !(p > 0)) return 0;
    if (p >= 1) return n;
    if (p > 0.5) {
      this.p = 1 - p;
      return n - this.binomialSmall(n);
    }
    this.p = p;
    return this.binomialSmall(n);
  }

  /** Draws for a probability `this.p` of at most 1/2. */
  private binomialSmall(n: number): number {
    return n * this.p < INVERSION_MAX_MEAN ? this.binomialInversion(n) : this.binomialBtrd(n);
  }

  private binomialInversion(n: number): number {
    const p = this.p;
    const q = 1 - p;
    const ratio = p / q;
    const scaled = (n + 1) * ratio;
    let probability = Math.exp(n * Math.log1p(-p));
    let u = this.uniforms[this.takeUniform()]!;
    let k = 0;
    while (u > probability) {
      u -= probability;
      k++;
      if (k > n) return n; // only reachable through rounding in the tail
      probability *= scaled / k - ratio;
    }
    return k;
  }

  private binomialBtrd(n: number): number {
    const p = this.p;
    const mode = Math.floor((n + 1) * p);
    const ratio = p / (1 - p);
    const scaled = (n + 1) * ratio;
    const variance = n * p * (1 - p);
    const sd = Math.sqrt(variance);
    const b = 1.15 + 2.53 * sd;
    const a = -0.0873 + 0.0248 * b + 0.01 * p;
    const c = n * p + 0.5;
    const alpha = (2.83 + 5.1 / b) * sd;
    const vr = 0.92 - 4.2 / b;
    const urvr = 0.86 * vr;

    for (;;) {
      let v = this.uniforms[this.takeUniform()]!;
      let u: number;
      if (v <= urvr) {
        u = v / vr - 0.43;
        return Math.floor(((2 * a) / (0.5 - Math.abs(u)) + b) * u + c);
      }
      if (v >= vr) {
        u = this.uniforms[this.takeUniform()]! - 0.5;
      } else {
        u = v / vr - 0.93;
        u = Math.sign(u) * 0.5 - u;
        v = this.uniforms[this.takeUniform()]! * vr;
      }
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + c);
      if (k < 0 || k > n) continue;
      v = (v * alpha) / (a / (us * us) + b);
      const distance = Math.abs(k - mode);
      if (distance <= 15) {
        // Recursive evaluation of f(k) / f(mode).
        let f = 1;
        if (mode < k) {
          for (let i = mode + 1; i <= k; i++) f *= scaled / i - ratio;
        } else if (mode > k) {
          for (let i = k + 1; i <= mode; i++) v *= scaled / i - ratio;
        }
        if (v <= f) return k;
        continue;
      }
      // Squeeze acceptance and rejection, then the exact log test.
      v = Math.log(v);
      const rho = (distance / variance) * (((distance / 3 + 0.625) * distance + 1 / 6) / variance + 0.5);
      const t = (-distance * distance) / (2 * variance);
      if (v < t - rho) return k;
      if (v > t + rho) continue;
      const nm = n - mode + 1;
      stirlingInto(mode, 0);
      stirlingInto(n - mode, 1);
      stirlingInto(k, 2);
      stirlingInto(n - k, 3);
      const h = (mode + 0.5) * Math.log((mode + 1) / (ratio * nm)) + SERIES_RESULTS[0]! + SERIES_RESULTS[1]!;
      const nk = n - k + 1;
      const bound = h + (n + 1) * Math.log(nm / nk) + (k + 0.5) * Math.log((nk * ratio) / (k + 1)) -
        SERIES_RESULTS[2]! - SERIES_RESULTS[3]!;
      if (v <= bound) return k;
    }
  }

  /**
   * Draws from Poisson(`mean`), which callers set first. Small means multiply uniforms; larger ones
   * use the PTRS transformed-rejection method of W. Hörmann, "The transformed rejection method for
   * generating Poisson random variables", Insurance: Mathematics and Economics 12 (1993) 39-45.
   */
  poisson(): number {
    const mean = this.mean;
    if (!(mean > 0)) return 0;
    return mean < 10 ? this.poissonProduct() : this.poissonPtrs();
  }

  private poissonProduct(): number {
    const mean = this.mean;
    const limit = Math.exp(-mean);
    let product = this.uniforms[this.takeUniform()]!;
    let k = 0;
    while (product > limit) {
      k++;
      product *= this.uniforms[this.takeUniform()]!;
    }
    return k;
  }

  private poissonPtrs(): number {
    const mean = this.mean;
    const logMean = Math.log(mean);
    const sqrtMean = Math.sqrt(mean);
    const b = 0.931 + 2.53 * sqrtMean;
    const a = -0.059 + 0.02483 * b;
    const inverseAlpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.uniforms[this.takeUniform()]! - 0.5;
      const v = this.uniforms[this.takeUniform()]!;
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      logFactorialInto(k, 0);
      if (Math.log(v) + Math.log(inverseAlpha) - Math.log(a / (us * us) + b) <= -mean + k * logMean - SERIES_RESULTS[0]!) {
        return k;
      }
    }
  }
}
