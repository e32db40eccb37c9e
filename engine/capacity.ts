import type { CompiledModel, RunMode } from './model.js';
import type { Workspace } from './workspace.js';
import * as L from './layout.js';

const RTC_STATES = [L.PR, L.AR, L.IMR, L.ISR, L.ICR] as const;
/** Waiting state that receives a patient bumped from each treatment centre state. */
const RTC_WAITING = [L.PWR, L.AWR, L.IMWR, L.ISWR, L.ICWR] as const;

/**
 * Keeps every tier's occupancy within its capacity after a step.
 *
 * Admissions only fill free beds, so occupancy rises above capacity only when the capacity itself
 * falls (beds closed by schedule) or, in the stochastic step, when more patients are drawn into a
 * bed than there were free beds. The excess goes back to the tier's waiting state: treatment centre
 * residents to waiting at home, ward and step-down patients to waiting for a ward, ICU patients to
 * waiting for ICU. Deterministic mode takes the excess from every age band in proportion; stochastic
 * mode takes whole people, youngest band first.
 *
 * Returns true when it moved anyone.
 *
 * NOTE: patients hosted from other regions are never bumped; when capacity falls below the hosted
 * patients alone, occupancy stays above capacity until they leave.
 */
export function enforceCapacity(model: CompiledModel, ws: Workspace, y: Float64Array, day: number, mode: RunMode): boolean {
  let changed = false;
  const regions = model.regionCount;
  const bands = model.ageBandCount;
  const { care } = model;
  const aux = ws.layout.auxOffset;
  for (let r = 0; r < regions; r++) {
    const i = day * regions + r;
    let rtc = 0;
    let ward = 0;
    let icu = 0;
    for (let a = 0; a < bands; a++) {
      const o = (r * bands + a) * L.STATE_COUNT;
      for (let k = 0; k < RTC_STATES.length; k++) rtc += y[o + RTC_STATES[k]!]!;
      ward += y[o + L.WARD]! + y[o + L.STEPDOWN]!;
      icu += y[o + L.ICU]!;
    }
    const hostedWard = y[aux + r * L.AUX_COUNT + L.HOSTED_WARD]!;
    const hostedIcu = y[aux + r * L.AUX_COUNT + L.HOSTED_ICU]!;

    const rtcExcess = rtc - care.rtcCapacity[i]!;
    if (rtcExcess > 1e-9) {
      changed = true;
      for (let k = 0; k < RTC_STATES.length; k++) {
        bump(y, r, bands, RTC_STATES[k]!, RTC_WAITING[k]!, rtcExcess, rtc, mode);
      }
    }
    const wardExcess = Math.min(ward, ward + hostedWard - care.wardCapacity[i]!);
    if (wardExcess > 1e-9) {
      changed = true;
      bump(y, r, bands, L.WARD, L.WAITWARD, wardExcess, ward, mode);
      bump(y, r, bands, L.STEPDOWN, L.WAITWARD, wardExcess, ward, mode);
    }
    const icuExcess = Math.min(icu, icu + hostedIcu - care.icuCapacity[i]!);
    if (icuExcess > 1e-9) {
      changed = true;
      bump(y, r, bands, L.ICU, L.WAITICU, icuExcess, icu, mode);
    }
  }
  return changed;
}

/**
 * Moves this state's part of a tier's excess (its share of `tierTotal`) from `from` to `to` in every
 * age band of region r.
 */
function bump(
  y: Float64Array,
  r: number,
  bands: number,
  from: number,
  to: number,
  excess: number,
  tierTotal: number,
  mode: RunMode,
): void {
  if (tierTotal <= 0) return;
  if (mode === 'deterministic') {
    const fraction = excess / tierTotal;
    for (let a = 0; a < bands; a++) {
      const o = (r * bands + a) * L.STATE_COUNT;
      const moved = y[o + from]! * fraction;
      y[o + from] = y[o + from]! - moved;
      y[o + to] = y[o + to]! + moved;
    }
    return;
  }
  let stateTotal = 0;
  for (let a = 0; a < bands; a++) stateTotal += y[(r * bands + a) * L.STATE_COUNT + from]!;
  let left = Math.ceil((excess * stateTotal) / tierTotal - 1e-9);
  for (let a = 0; a < bands && left > 0; a++) {
    const o = (r * bands + a) * L.STATE_COUNT;
    const moved = Math.min(left, y[o + from]!);
    y[o + from] = y[o + from]! - moved;
    y[o + to] = y[o + to]! + moved;
    left -= moved;
  }
}
