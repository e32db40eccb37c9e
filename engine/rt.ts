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
 * structure. `weights[s]` is the share made on day s, for s = 1 .. GENERATION_DAYS.
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
    const day = Math.floor(step / PROFILE_STEPS_PER_DAY) + 1;
    weights[day] = weights[day]! + h * (ep.presymptomaticInfectiousness * pre + ep.asymptomaticInfectiousness * asym + sym);
    const toE2 = latent * e1;
    const fromE2 = latent * e2;
    const onset = pre / ep.presymptomaticDays;
    e1 -= h * toE2;
    e2 += h * (toE2 - fromE2);
    pre += h * (fromE2 * (1 - asymptomaticShare) - onset);
    asym += h * (fromE2 * asymptomaticShare - asym / ep.asymptomaticDays);
    sym += h * (onset - sym / ep.mildDays);
  }
  let sum = 0;
  for (let s = 1; s <= GENERATION_DAYS; s++) sum += weights[s]!;
  for (let s = 1; s <= GENERATION_DAYS; s++) weights[s] = weights[s]! / sum;
  return weights;
}

/**
 * Fills the rt metric of every region from its daily infections by the renewal equation: the
 * infections of the last week over the infection pressure of that week, where each day's pressure is
 * the earlier infections weighted by the generation interval (Cori et al., Am J Epidemiol 2013, with a
 * known generation interval and no prior). Days with no pressure get 0.
 *
 * NOTE: mobility makes a region's infections partly the offspring of other regions' cases, so a
 * regional value is the reproduction number of infections occurring there, not of cases living there.
 */
export function fillRt(model: CompiledModel, series: Float64Array, weights: Float64Array): void {
  const regions = model.regionCount;
  const days = model.dayCount;
  for (let r = 0; r <= regions; r++) {
    const infections = seriesOffset(METRIC_INDEX.infections_new, r, regions, days);
    const rt = seriesOffset(METRIC_INDEX.rt, r, regions, days);
    for (let d = 0; d < days; d++) {
      let cases = 0;
      let pressure = 0;
      for (let t = Math.max(0, d - WINDOW_DAYS + 1); t <= d; t++) {
        cases += series[infections + t]!;
        for (let s = 1; s <= GENERATION_DAYS && s <= t; s++) pressure += weights[s]! * series[infections + t - s]!;
      }
      series[rt + d] = pressure > 1e-9 ? cases / pressure : 0;
    }
  }
}
