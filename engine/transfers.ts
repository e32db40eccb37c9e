import type { CompiledModel } from './model.js';
import type { Workspace } from './workspace.js';
import { STATE_COUNT, WAITICU, WAITWARD } from './layout.js';

/**
 * Transfers of waiting patients to regions with free beds, per day.
 *
 * Each region can send at most its transfer capacity per day, ICU patients first, only along the
 * day's allowed routes, and only patients that its own free beds cannot take. Each patient sent is
 * routed to the allowed regions in proportion to their spare beds (free beds not claimed by their own
 * waiting patients); when several regions send to the same one, all are scaled so that no destination
 * receives more than its spare beds can take within the admission delay.
 */
export function allocateTransfers(model: CompiledModel, ws: Workspace, y: Float64Array, day: number): void {
  const regions = model.regionCount;
  const bands = model.ageBandCount;
  const { care } = model;
  const admitPerDay = 1 / care.admissionDays;

  routeTier(model, ws.icuRequest, ws.icuSpare, ws.icuTransferShare, ws.icuInbound, day, admitPerDay, null);
  routeTier(model, ws.wardRequest, ws.wardSpare, ws.wardTransferShare, ws.wardInbound, day, admitPerDay, ws.icuTransferShare);

  for (let r = 0; r < regions; r++) {
    let wardWaiting = 0;
    let icuWaiting = 0;
    for (let a = 0; a < bands; a++) {
      const o = (r * bands + a) * STATE_COUNT;
      wardWaiting += y[o + WAITWARD]!;
      icuWaiting += y[o + WAITICU]!;
    }
    ws.icuTransferPerDay[r] = normaliseRow(ws.icuTransferShare, r, regions, icuWaiting);
    ws.wardTransferPerDay[r] = normaliseRow(ws.wardTransferShare, r, regions, wardWaiting);
  }
}

/**
 * Fills `flux[from * R + to]` with the patients per day sent from each region to each other, and
 * `inbound` with the total each region receives. `used`, when given, holds the fluxes of a tier
 * routed before this one, which count against the same transfer capacity.
 */
function routeTier(
  model: CompiledModel,
  request: Float64Array,
  spare: Float64Array,
  flux: Float64Array,
  inbound: Float64Array,
  day: number,
  admitPerDay: number,
  used: Float64Array | null,
): void {
  const regions = model.regionCount;
  const { care } = model;
  flux.fill(0);
  inbound.fill(0);
  for (let r = 0; r < regions; r++) {
    let capacity = care.transferCapacity[day * regions + r]!;
    if (used !== null) for (let s = 0; s < regions; s++) capacity -= used[r * regions + s]!;
    const wanted = Math.min(Math.max(0, capacity), request[r]! * admitPerDay);
    if (wanted <= 0) continue;
    const routes = (day * regions + r) * regions;
    let reachable = 0;
    for (let s = 0; s < regions; s++) if (s !== r && care.transferAllowed[routes + s] === 1) reachable += spare[s]!;
    if (reachable <= 0) continue;
    for (let s = 0; s < regions; s++) {
      if (s === r || care.transferAllowed[routes + s] !== 1) continue;
      const sent = (wanted * spare[s]!) / reachable;
      flux[r * regions + s] = sent;
      inbound[s] = inbound[s]! + sent;
    }
  }
  for (let s = 0; s < regions; s++) {
    const limit = spare[s]! * admitPerDay;
    if (inbound[s]! <= limit) continue;
    const scale = limit / inbound[s]!;
    for (let r = 0; r < regions; r++) flux[r * regions + s] = flux[r * regions + s]! * scale;
    inbound[s] = limit;
  }
}

/**
 * Turns row r of a flux matrix into shares of the row total and returns the per-capita transfer
 * rate of the region's waiting patients, per day.
 */
function normaliseRow(flux: Float64Array, r: number, regions: number, waiting: number): number {
  let total = 0;
  for (let s = 0; s < regions; s++) total += flux[r * regions + s]!;
  if (total <= 0 || waiting <= 0) return 0;
  for (let s = 0; s < regions; s++) flux[r * regions + s] = flux[r * regions + s]! / total;
  return total / waiting;
}
