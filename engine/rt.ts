import type { CompiledModel } from './model.js';
import { METRIC_INDEX, seriesOffset } from './metrics.js';

/** Days of the generation interval kept; the weight beyond is negligible for 2020 durations. */
const GENERATION_DAYS = 40;
/** Sub-steps per day when tracing one infection's infectiousness over time. */
const PROFILE_STEPS_PER_DAY = 100;
/** Width of the window over which infections and infection pressure are summed, in days. */
const WINDOW_DAYS = 7;

/**
 * The generation interval of the model without any control: the share of an infection's onward
 * transmission made on each day since infection, from its expected infectiousness over time
 * (latent, then pre-symptomatic and symptomatic, or asymptomatic), averaged over the national age
 * structure. `weights[s]` is the share made s days later, for s = 1 .. GENERATION_DAYS.
 */
export function generationInterval(model: CompiledModel): Float64Array {
  const ep = model.epidemiology;
  const bands = model.ageBandCount;
  let asymptomaticShare = 0;
  let total = 0;
  for (let r = 0; r < model.regionCount; r++) {
    for (let a = 0; a < bands; a++) {
      const people = model.population[r * bands + a]!;
      asymptomaticShare += people * ep.asymptomaticFraction[a]!;
      total += people;
    }
  }
  asymptomaticShare = total > 0 ? asymptomaticShare / total : 0;

  const h = 1 / PROFILE_STEPS_PER_DAY;
  const latent = 2 / ep.latentDays;
  let e1 = 1;
  let e2 = 0;
  let pre = 0;
  let asym = 0;
  let sym = 0;
  const weights = new Float64Array(GENERATION_DAYS + 1);
  for (let step = 0; step < GENERATION_DAYS * PROFILE_STEPS_PER_DAY; step++) {
    // Infector and infectee each fall anywhere in their day, so transmission at u days after the
    // infection counts at lags floor(u) and floor(u) + 1 in proportion to its closeness to each
    // (a triangular kernel). Counting it all at lag ceil(u) would lengthen the interval by half a
    // day and bias Rt upwards in growth.
    const u = (step + 0.5) * h;
    const lag = Math.floor(u);
    const fraction = u - lag;
    const transmission = h * (ep.presymptomaticInfectiousness * pre + ep.asymptomaticInfectiousness * asym + sym);
    weights[lag] = weights[lag]! + (1 - fraction) * transmission;
    if (lag + 1 <= GENERATION_DAYS) weights[lag + 1] = weights[lag + 1]! + fraction * transmission;
    const toE2 = latent * e1;
    const fromE2 = latent * e2;
    const onset = pre / ep.presymptomaticDays;
    e1 -= h * toE2;
    e2 += h * (toE2 - fromE2);
    pre += h * (fromE2 * (1 - asymptomaticShare) - onset);
    asym += h * (fromE2 * asymptomaticShare - asym / ep.asymptomaticDays);
    sym += h * (onset - sym / ep.mildDays);
  }
  // The renewal equation counts infectors from earlier days only, so the same-day share, which a latent
  // period of days makes negligible, is dropped.
  weights[0] = 0;
  let sum = 0;
  for (let s = 1; s <= GENERATION_DAYS; s++) sum += weights[s]!;
  for (let s = 1; s <= GENERATION_DAYS; s++) weights[s] = weights[s]! / sum;
  return weights;
}

/**
 * Infection pressure a window must carry for Rt to be estimated: below it the ratio is mostly noise.
 * Cori et al. (Am J Epidemiol 2013) advise at least 12 cases in a window for a coefficient of
 * variation of Rt near 0.3.
 */
export const MIN_WINDOW_PRESSURE = 12;

/**
 * Fills the rt metric of every region from its daily infections by the renewal equation: the local
 * infections of the last week over the infection pressure of that week, where each day's pressure is
 * the earlier infections weighted by the generation interval (Cori et al., Am J Epidemiol 2013, with a
 * known generation interval and no prior). Seeded infections (imported cases and clusters set by the
 * scenario) add to the pressure but are not counted as offspring. A window with less pressure than
 * MIN_WINDOW_PRESSURE gets NaN: Rt is undefined there, and output files leave it empty.
 *
 * NOTE: mobility makes a region's infections partly the offspring of other regions' cases, so a
 * regional value is the reproduction number of infections occurring there, not of cases living there.
 */
export function fillRt(model: CompiledModel, series: Float64Array, weights: Float64Array): void {
  const regions = model.regionCount;
  const bands = model.ageBandCount;
  const days = model.dayCount;
  const seeds = model.transmission.seedInfections;
  for (let r = 0; r <= regions; r++) {
    const infections = seriesOffset(METRIC_INDEX.infections_new, r, regions, days);
    const rt = seriesOffset(METRIC_INDEX.rt, r, regions, days);
    for (let d = 0; d < days; d++) {
      let cases = 0;
      let pressure = 0;
      for (let t = Math.max(0, d - WINDOW_DAYS + 1); t <= d; t++) {
        cases += Math.max(0, series[infections + t]! - seededOn(seeds, t, r, regions, bands));
        for (let s = 1; s <= GENERATION_DAYS && s <= t; s++) pressure += weights[s]! * series[infections + t - s]!;
      }
      series[rt + d] = pressure >= MIN_WINDOW_PRESSURE ? cases / pressure : NaN;
    }
  }
}

/** Infections seeded on day d in region r, or in every region for r = regions. */
function seededOn(seeds: Float64Array, d: number, r: number, regions: number, bands: number): number {
  const first = r === regions ? 0 : r;
  const last = r === regions ? regions - 1 : r;
  let total = 0;
  for (let region = first; region <= last; region++) {
    for (let a = 0; a < bands; a++) total += seeds[(d * regions + region) * bands + a]!;
  }
  return total;
}
