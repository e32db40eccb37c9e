import type { Random } from './random.js';

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

/** Odd multipliers that spread keys and counters over 32 bits: 2^32 over the golden ratio, and xxHash's second 32-bit prime. */
const GOLDEN = 0x9e3779b9 | 0;
const SPREAD = 0x85ebca77 | 0;

/**
 * The random draws of one stochastic run: uniforms, binomials and Poisson counts.
 *
 * Each group of draws reads a stream of its own, keyed by the run, the step and a slot (a state of a
 * cell, or a queue of a region): {@link Draws.beginStep} starts a step and {@link Draws.key} a slot.
 * So two scenarios that differ somewhere take the same uniforms for the same slot of the same step,
 * whatever the other slots drew. Common random numbers then stay in step through a whole run
 * instead of drifting apart after the first draw that differs.
 *
 * The i-th word of a stream is MurmurHash3's 32-bit finaliser (Austin Appleby, public domain)
 * applied to the stream's key plus i times an odd constant, the construction of SplitMix
 * (G. Steele, D. Lea and C. Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014).
 * A uniform takes 53 bits from two such words of two keys. The run's keys come from its seedrandom
 * stream, so the draws still depend only on the seed and the run index.
 *
 * A number passed to a function that V8 does not inline, or returned from one, is boxed on the heap
 * unless it is a small integer. So the probability or mean of a draw in progress is kept in a
 * field, which V8 updates in place, and a uniform is read from a two-slot buffer by index.
 */
export class Draws {
  private readonly uniforms = new Float64Array(2);
  private nextSlot = 0;
  /** Keys of the run, and of the current step. */
  private readonly runHigh: number;
  private readonly runLow: number;
  private stepHigh = 0;
  private stepLow = 0;
  /** Keys of the current stream, and the words it has given. */
  private streamHigh = 0;
  private streamLow = 0;
  private counter = 0;
  /** Steps begun, the first being step 0. */
  private step = -1;
  /** Success probability of the next binomial draw, 0 to 1. */
  probability = 0.5;
  /** Success probability of the binomial draw in progress, at most 1/2. */
  private p = 0.5;
  /** Mean of the next Poisson draw. */
  mean = 0.5;

  constructor(random: Random) {
    this.runHigh = random.int32() | 0;
    this.runLow = random.int32() | 0;
    this.beginStep();
    this.key(0, 0);
  }

  /**
   * Starts the next step: the streams of its slots differ from those of every other step.
   * NOTE: the hash is written out in each method rather than called, since a 32-bit integer returned
   * from a call that V8 does not inline is boxed, which allocated 1.9 MB per stochastic run.
   */
  beginStep(): void {
    this.step++;
    let h = this.runHigh ^ Math.imul(this.step, GOLDEN);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    let l = (this.runLow + Math.imul(this.step, SPREAD)) | 0;
    l ^= l >>> 16;
    l = Math.imul(l, 0x85ebca6b);
    l ^= l >>> 13;
    l = Math.imul(l, 0xc2b2ae35);
    l ^= l >>> 16;
    this.stepHigh = h;
    this.stepLow = l;
  }

  /**
   * Starts the stream of one slot of the current step; the draws until the next call read it in order.
   *
   * @param slot a whole number below 2^24 that names what is drawn, such as a state's index in the state vector
   * @param part a whole number below 64 that separates several streams of one slot
   */
  key(slot: number, part: number): void {
    let m = (slot * 64 + part) | 0;
    m ^= m >>> 16;
    m = Math.imul(m, 0x85ebca6b);
    m ^= m >>> 13;
    m = Math.imul(m, 0xc2b2ae35);
    m ^= m >>> 16;
    let h = this.stepHigh ^ m;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    let l = (this.stepLow + Math.imul(m, GOLDEN)) | 0;
    l ^= l >>> 16;
    l = Math.imul(l, 0x85ebca6b);
    l ^= l >>> 13;
    l = Math.imul(l, 0xc2b2ae35);
    l ^= l >>> 16;
    this.streamHigh = h;
    this.streamLow = l;
    this.counter = 0;
  }

  /** Returns the next uniform number in [0, 1) of the current stream. */
  uniform(): number {
    return this.uniforms[this.takeUniform()]!;
  }

  /**
   * Makes the next uniform of the current stream, of 53 random bits, and returns its buffer index.
   * The draws read the buffer through it, so that no uniform crosses a call, where V8 would box it
   * unless the call is inlined.
   */
  private takeUniform(): number {
    const step = Math.imul(this.counter, GOLDEN);
    this.counter = (this.counter + 1) | 0;
    let h = (this.streamHigh + step) | 0;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    let l = (this.streamLow + step) | 0;
    l ^= l >>> 16;
    l = Math.imul(l, 0x85ebca6b);
    l ^= l >>> 13;
    l = Math.imul(l, 0xc2b2ae35);
    l ^= l >>> 16;
    const slot = this.nextSlot;
    this.nextSlot = slot ^ 1;
    this.uniforms[slot] = ((h >>> 5) * 67108864 + (l >>> 6)) / 9007199254740992;
    return slot;
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
