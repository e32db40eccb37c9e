import type { CompiledModel } from './model.js';
import type { Workspace } from './workspace.js';
import * as L from './layout.js';
import { computeRates, SCREENING_LAPSE_DAYS } from './rates.js';
import { applyFlows } from './apply.js';

/**
 * Writes the time derivative of the whole state (people, queues, clusters and counters), per day,
 * into `dy`: the mean-field equations that the deterministic solver integrates.
 *
 * When `next` is given, it also sets `next` to `base + scale x dy`, the next Runge-Kutta stage, with
 * the same bits as a separate pass would give. `next` is an array other than `y` and `base`.
 */
export function derivative(
  model: CompiledModel, ws: Workspace, y: Float64Array, day: number, dy: Float64Array,
  next: Float64Array | null = null, base: Float64Array = y, scale = 0,
): void {
  computeRates(model, ws, y, day);
  const regions = model.regionCount;
  const bands = model.ageBandCount;
  const { auxOffset, clusterOffset, counterOffset } = ws.layout;
  // applyFlows writes every state of every cell; the queues, clusters and counters after them are summed into.
  dy.fill(0, auxOffset);

  applyFlows(y, dy, ws.rate, regions, bands, auxOffset, counterOffset, next, base, scale);

  const { testing, tracing, care, epidemiology: ep } = model;
  for (let r = 0; r < regions; r++) {
    const i = day * regions + r;
    const q = auxOffset + r * L.AUX_COUNT;
    const c = counterOffset + r * L.COUNTER_COUNT;
    let alive = 0;
    for (let a = 0; a < bands; a++) alive += ws.alive[r * bands + a]!;

    const backgroundArrivals = testing.backgroundDemandPerCapita[i]! * alive;
    const traced = ws.tracedCasesPerDay[r]!;
    const tracedQuarantined = ws.tracedQuarantinedPerDay[r]!;
    const tracedContacts = ws.tracedInFullPerDay[r]! * tracing.uninfectedContactsPerCase;
    const contactArrivals = tracedContacts * tracing.entryTestedUninfected[i]! + ws.clusterUninfectedReached[r]!;
    const quarantined = tracedContacts + ws.clusterUninfectedReached[r]!;
    const screeningArrivals = testing.screeningDemand[i]!;

    // Queued people with other illness recover and stop waiting; unmet contact tests lapse when
    // quarantine ends; unmet screening lapses after a week.
    dy[q + L.QUEUE_BACKGROUND] = dy[q + L.QUEUE_BACKGROUND]! + backgroundArrivals - ws.backgroundServed[r]! - y[q + L.QUEUE_BACKGROUND]! / ep.mildDays;
    dy[q + L.QUEUE_CONTACTS] = dy[q + L.QUEUE_CONTACTS]! + contactArrivals - ws.contactsServed[r]! - y[q + L.QUEUE_CONTACTS]! / tracing.quarantineDays;
    dy[q + L.QUEUE_SCREENING] = dy[q + L.QUEUE_SCREENING]! + screeningArrivals - ws.screeningServed[r]! - y[q + L.QUEUE_SCREENING]! / SCREENING_LAPSE_DAYS;
    dy[q + L.QUEUE_TRACING] = dy[q + L.QUEUE_TRACING]! - (traced - tracedQuarantined);
    dy[q + L.QUEUE_TRACING_QUARANTINED] = dy[q + L.QUEUE_TRACING_QUARANTINED]! - tracedQuarantined;
    dy[q + L.HOSTED_WARD] = dy[q + L.HOSTED_WARD]! + ws.wardInbound[r]! - y[q + L.HOSTED_WARD]! / care.wardStayDays;
    dy[q + L.HOSTED_ICU] = dy[q + L.HOSTED_ICU]! + ws.icuInbound[r]! - y[q + L.HOSTED_ICU]! / care.icuStayDays;

    dy[c + L.C_TESTS_PERFORMED] = dy[c + L.C_TESTS_PERFORMED]! + ws.backgroundServed[r]! + ws.contactsServed[r]! + ws.screeningServed[r]!;
    dy[c + L.C_TESTS_DEMANDED] = dy[c + L.C_TESTS_DEMANDED]! + backgroundArrivals + contactArrivals + screeningArrivals;
    dy[c + L.C_CASES_TRACED] = dy[c + L.C_CASES_TRACED]! + traced;
    dy[c + L.C_CONTACTS_QUARANTINED] = dy[c + L.C_CONTACTS_QUARANTINED]! + quarantined;
    dy[c + L.C_TRANSFERS_IN] = dy[c + L.C_TRANSFERS_IN]! + ws.wardInbound[r]! + ws.icuInbound[r]!;
  }

  for (let k = 0; k < tracing.clusters.length; k++) {
    const slot = clusterOffset + k * L.CLUSTER_SLOTS;
    dy[slot + L.CLUSTER_LINKED] = dy[slot + L.CLUSTER_LINKED]! - ws.clusterReached[k]!;
    dy[slot + L.CLUSTER_INFECTED] = dy[slot + L.CLUSTER_INFECTED]! - ws.clusterFound[k]!;
  }

  if (next !== null) for (let i = auxOffset; i < dy.length; i++) next[i] = base[i]! + scale * dy[i]!;
}
