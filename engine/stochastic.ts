import type { CompiledModel } from './model.js';
import type { Workspace } from './workspace.js';
import * as L from './layout.js';
import * as F from './flows.js';
import { FLOW_BITS, FLOW_COUNT, FLOW_TARGET, FLOWS_BY_SOURCE, SOURCE_START } from './flows.js';
import { computeRates, SCREENING_LAPSE_DAYS } from './rates.js';
import { derivative } from './derivative.js';
import { countFlow } from './counters.js';
import type { Draws } from './binomial.js';

/**
 * Advances the state by one stochastic step of `stepDays`, in place, with integer people.
 *
 * The expected flows come from the state half a step ahead, projected with the mean-field
 * equations (the midpoint rule, second order in the step). The people leaving a state are one
 * binomial draw whose mean is that midpoint flow times the step, split among the competing flows by
 * sequential binomials in proportion to their rates. Changes collect in a separate buffer, so nobody moves twice
 * in one step. Each state of each cell, and each stock of a region, draws from a stream keyed by the step
 * and its slot (see {@link Draws}), so a change in one slot leaves the draws of every other slot as they were.
 *
 * Capacities hold for whole people: tests performed and cases traced in a region never pass the
 * day's capacity. A test drawn beyond what is left of the day's tests is not performed, and the person
 * stays where they were.
 *
 * NOTE: tests left for the day go to people in the order the step visits them (age band, then state,
 * then the queues of uninfected people by priority), which matters only in the step that uses up the
 * day's last tests.
 */
export function stochasticStep(
  model: CompiledModel,
  ws: Workspace,
  y: Float64Array,
  day: number,
  stepDays: number,
  draws: Draws,
): void {
  draws.beginStep();
  // Rates at the midpoint of the step, from a mean-field half step: the draws then follow the
  // mean-field equations to second order in the step instead of first.
  const middle = ws.k2;
  derivative(model, ws, y, day, ws.k1);
  const half = stepDays / 2;
  for (let i = 0; i < y.length; i++) middle[i] = Math.max(0, y[i]! + half * ws.k1[i]!);
  computeRates(model, ws, middle, day);
  const delta = ws.stage;
  delta.fill(0);
  ws.wardDrawn.fill(0);
  ws.icuDrawn.fill(0);
  ws.wardDrawnByCell.fill(0);
  ws.icuDrawnByCell.fill(0);
  const regions = model.regionCount;
  const bands = model.ageBandCount;
  const { auxOffset, clusterOffset, counterOffset } = ws.layout;

  for (let r = 0; r < regions; r++) {
    const counterBase = counterOffset + r * L.COUNTER_COUNT;
    const auxBase = auxOffset + r * L.AUX_COUNT;
    const performedToday = y[counterBase + L.C_TESTS_PERFORMED]! - ws.dayStart[counterBase + L.C_TESTS_PERFORMED]!;
    // Whole tests left of the day's capacity.
    let testsLeft = Math.max(0, Math.floor(ws.testCapacity[r]! - performedToday + 1e-9));
    for (let a = 0; a < bands; a++) {
      const cell = r * bands + a;
      const o = cell * L.STATE_COUNT;
      const rateBase = cell * FLOW_COUNT;
      for (let s = 0; s < L.STATE_COUNT; s++) {
        const people = y[o + s]!;
        if (people <= 0) continue;
        const first = SOURCE_START[s]!;
        const last = SOURCE_START[s + 1]!;
        let totalRate = 0;
        let lastActive = -1;
        for (let j = first; j < last; j++) {
          const rate = ws.rate[rateBase + FLOWS_BY_SOURCE[j]!]!;
          if (rate > 0) {
            totalRate += rate;
            lastActive = j;
          }
        }
        if (lastActive < 0) continue;
        // Flux at the midpoint, rate x midpoint stock, drawn from the people here now.
        const midpointFlux = totalRate * middle[o + s]!;
        draws.key(o + s, 0);
        draws.probability = Math.min(1, (midpointFlux / people) * stepDays);
        let leaving = draws.binomial(people);
        let rateLeft = totalRate;
        for (let j = first; j <= lastActive && leaving > 0; j++) {
          const f = FLOWS_BY_SOURCE[j]!;
          const rate = ws.rate[rateBase + f]!;
          if (rate <= 0) continue;
          let moved = leaving;
          if (j !== lastActive) {
            draws.probability = Math.min(1, rate / rateLeft);
            moved = draws.binomial(leaving);
          }
          rateLeft -= rate;
          leaving -= moved;
          const bits = FLOW_BITS[f]!;
          if ((bits & F.BIT_TEST) !== 0) {
            // Tests past the day's capacity are not performed: those people stay in this state.
            if (moved > testsLeft) moved = testsLeft;
            testsLeft -= moved;
          }
          if (moved === 0) continue;
          delta[o + s] = delta[o + s]! - moved;
          delta[o + FLOW_TARGET[f]!] = delta[o + FLOW_TARGET[f]!]! + moved;
          if (bits !== 0) countFlow(delta, counterBase, auxBase, f, moved);
          if (f === F.F_WW_AWAY) {
            ws.wardDrawn[r] = ws.wardDrawn[r]! + moved;
            ws.wardDrawnByCell[cell] = ws.wardDrawnByCell[cell]! + moved;
          } else if (f === F.F_WI_AWAY) {
            ws.icuDrawn[r] = ws.icuDrawn[r]! + moved;
            ws.icuDrawnByCell[cell] = ws.icuDrawnByCell[cell]! + moved;
          }
        }
      }
    }
    ws.testBudget[r] = testsLeft;
  }

  drawRegionStocks(model, ws, y, delta, day, stepDays, draws);

  for (let k = 0; k < model.tracing.clusters.length; k++) {
    // The cluster's linked and infected counts are bookkeeping of expected values: the infected
    // members themselves move as integers through the tracing flows above.
    const slot = clusterOffset + k * L.CLUSTER_SLOTS;
    // A step takes at most what is left, so rounding cannot leave a count a hair below 0.
    const linkedLeft = Math.max(0, y[slot + L.CLUSTER_LINKED]!);
    const infectedLeft = Math.max(0, y[slot + L.CLUSTER_INFECTED]!);
    delta[slot + L.CLUSTER_LINKED] = delta[slot + L.CLUSTER_LINKED]! - Math.min(ws.clusterReached[k]! * stepDays, linkedLeft);
    delta[slot + L.CLUSTER_INFECTED] = delta[slot + L.CLUSTER_INFECTED]! - Math.min(ws.clusterFound[k]! * stepDays, infectedLeft);
  }

  for (let i = 0; i < y.length; i++) y[i] = y[i]! + delta[i]!;
}

/** Draws the queues of uninfected people, the tracing queues and the transferred patients of each region. */
function drawRegionStocks(
  model: CompiledModel,
  ws: Workspace,
  y: Float64Array,
  delta: Float64Array,
  day: number,
  stepDays: number,
  draws: Draws,
): void {
  const regions = model.regionCount;
  const bands = model.ageBandCount;
  const { testing, tracing, care } = model;
  const { auxOffset, counterOffset } = ws.layout;

  for (let r = 0; r < regions; r++) {
    const i = day * regions + r;
    const q = auxOffset + r * L.AUX_COUNT;
    const c = counterOffset + r * L.COUNTER_COUNT;
    let alive = 0;
    for (let a = 0; a < bands; a++) alive += ws.alive[r * bands + a]!;

    const communityQueue = y[q + L.QUEUE_TRACING]!;
    const quarantinedQueue = y[q + L.QUEUE_TRACING_QUARANTINED]!;
    const quarantinedPerDay = ws.tracedQuarantinedPerDay[r]!;
    const tracedToday = y[c + L.C_CASES_TRACED]! - ws.dayStart[c + L.C_CASES_TRACED]!;
    // Each of the region's stocks draws from a stream of its own, keyed by the region's auxiliary slot.
    draws.key(q, 0);
    draws.probability = Math.min(1, perCapita(ws.tracedCasesPerDay[r]! - quarantinedPerDay, communityQueue) * stepDays);
    const communityDrawn = communityQueue > 0 ? draws.binomial(communityQueue) : 0;
    draws.key(q, 12);
    draws.probability = Math.min(1, perCapita(quarantinedPerDay, quarantinedQueue) * stepDays);
    const quarantinedDrawn = quarantinedQueue > 0 ? draws.binomial(quarantinedQueue) : 0;
    const tracingLeft = Math.max(0, Math.floor(tracing.capacityPerDay[i]! - tracedToday + 1e-9));
    let tracedCommunity = communityDrawn;
    let tracedQuarantined = quarantinedDrawn;
    if (communityDrawn + quarantinedDrawn > tracingLeft) {
      // The day's last cases are shared between the queues in proportion to the cases drawn, as the
      // mean-field equations share them in proportion to the queues.
      tracedCommunity = Math.round((tracingLeft * communityDrawn) / (communityDrawn + quarantinedDrawn));
      tracedQuarantined = tracingLeft - tracedCommunity;
    }
    const traced = tracedCommunity + tracedQuarantined;
    delta[q + L.QUEUE_TRACING] = delta[q + L.QUEUE_TRACING]! - tracedCommunity;
    delta[q + L.QUEUE_TRACING_QUARANTINED] = delta[q + L.QUEUE_TRACING_QUARANTINED]! - tracedQuarantined;
    delta[c + L.C_CASES_TRACED] = delta[c + L.C_CASES_TRACED]! + traced;

    draws.key(q, 1);
    draws.mean = testing.backgroundDemandPerCapita[i]! * alive * stepDays;
    const backgroundArrivals = draws.poisson();
    // The untested contacts are a thinned Poisson count of their own, drawn only when some skip the
    // entry test, so a scenario that tests every contact draws as before.
    const tracedContacts =
      (tracedCommunity + tracedQuarantined * ws.quarantinedContactShare[r]!) * tracing.uninfectedContactsPerCase;
    const testedShare = tracing.entryTestedUninfected[i]!;
    draws.key(q, 2);
    draws.mean = tracedContacts * testedShare + ws.clusterUninfectedReached[r]! * stepDays;
    const contactArrivals = draws.poisson();
    let untestedContacts = 0;
    if (testedShare < 1 && tracedContacts > 0) {
      draws.key(q, 3);
      draws.mean = tracedContacts * (1 - testedShare);
      untestedContacts = draws.poisson();
    }
    draws.key(q, 4);
    draws.mean = testing.screeningDemand[i]! * stepDays;
    const screeningArrivals = draws.poisson();

    // The queues are served in the order of testing priority, from the tests the day has left.
    let served = 0;
    for (let k = 0; k < 3; k++) {
      const demandClass = testing.priority[k]!;
      draws.key(q, 5 + demandClass);
      serveQueue(model, ws, y, r, demandClass, draws);
      if (demandClass === 0) {
        delta[q + L.QUEUE_CONTACTS] = delta[q + L.QUEUE_CONTACTS]! + contactArrivals - queueDraw[0]!;
      } else if (demandClass === 1) {
        delta[q + L.QUEUE_BACKGROUND] = delta[q + L.QUEUE_BACKGROUND]! + backgroundArrivals - queueDraw[0]!;
      } else {
        delta[q + L.QUEUE_SCREENING] = delta[q + L.QUEUE_SCREENING]! + screeningArrivals - queueDraw[0]!;
      }
      served += queueDraw[1]!;
    }
    delta[c + L.C_TESTS_PERFORMED] = delta[c + L.C_TESTS_PERFORMED]! + served;
    delta[c + L.C_TESTS_DEMANDED] = delta[c + L.C_TESTS_DEMANDED]! + backgroundArrivals + contactArrivals + screeningArrivals;
    delta[c + L.C_CONTACTS_QUARANTINED] = delta[c + L.C_CONTACTS_QUARANTINED]! + contactArrivals + untestedContacts;

    // NOTE: a transferred patient's discharge is drawn twice, here for the host's bed and in the home
    // region's away state, so the two counts agree on average but not patient by patient.
    draws.key(q, 8);
    draws.probability = Math.min(1, stepDays / care.wardStayDays);
    const wardDischarged = draws.binomial(y[q + L.HOSTED_WARD]!);
    draws.key(q, 9);
    draws.probability = Math.min(1, stepDays / care.icuStayDays);
    const icuDischarged = draws.binomial(y[q + L.HOSTED_ICU]!);
    delta[q + L.HOSTED_WARD] = delta[q + L.HOSTED_WARD]! - wardDischarged;
    delta[q + L.HOSTED_ICU] = delta[q + L.HOSTED_ICU]! - icuDischarged;
  }

  // Whole free beds each region can offer to transferred patients: those its own waiting patients
  // do not claim, at the start of the step.
  for (let s = 0; s < regions; s++) {
    const i = day * regions + s;
    const q = auxOffset + s * L.AUX_COUNT;
    let ward = y[q + L.HOSTED_WARD]!;
    let icu = y[q + L.HOSTED_ICU]!;
    for (let a = 0; a < bands; a++) {
      const o = (s * bands + a) * L.STATE_COUNT;
      ward += y[o + L.WARD]! + y[o + L.STEPDOWN]! + y[o + L.WAITWARD]!;
      icu += y[o + L.ICU]! + y[o + L.WAITICU]!;
    }
    ws.wardBudget[s] = Math.max(0, Math.floor(care.wardCapacity[i]! - ward));
    ws.icuBudget[s] = Math.max(0, Math.floor(care.icuCapacity[i]! - icu));
  }

  // Route each transferred patient to a destination, by the shares computed with the rates; those
  // for whom no bed is left this step go back to waiting at home.
  for (let r = 0; r < regions; r++) {
    const q = auxOffset + r * L.AUX_COUNT;
    draws.key(q, 10);
    const unroutedWard = routeDrawn(ws.wardDrawn[r]!, ws.wardTransferShare, ws.wardBudget, r, regions, L.HOSTED_WARD, delta, auxOffset, counterOffset, draws);
    returnUnrouted(unroutedWard, r, bands, ws.wardDrawnByCell, L.WARDAWAY, L.WAITWARD, delta, counterOffset);
    draws.key(q, 11);
    const unroutedIcu = routeDrawn(ws.icuDrawn[r]!, ws.icuTransferShare, ws.icuBudget, r, regions, L.HOSTED_ICU, delta, auxOffset, counterOffset, draws);
    returnUnrouted(unroutedIcu, r, bands, ws.icuDrawnByCell, L.ICUAWAY, L.WAITICU, delta, counterOffset);
  }
}

/**
 * Moves patients drawn for transfer but not routed back from `away` to `waiting`, youngest band
 * first, at most the patients each band had drawn this step (`drawnByCell`). The step's discharges
 * from `away` are in `delta` too, so its value there would undercount the drawn patients.
 */
function returnUnrouted(
  patients: number,
  region: number,
  bands: number,
  drawnByCell: Float64Array,
  away: number,
  waiting: number,
  delta: Float64Array,
  counterOffset: number,
): void {
  let left = patients;
  for (let a = 0; a < bands && left > 0; a++) {
    const cell = region * bands + a;
    const o = cell * L.STATE_COUNT;
    const back = Math.min(left, drawnByCell[cell]!);
    if (back <= 0) continue;
    delta[o + away] = delta[o + away]! - back;
    delta[o + waiting] = delta[o + waiting]! + back;
    left -= back;
  }
  const slot = counterOffset + region * L.COUNTER_COUNT + L.C_TRANSFERS_OUT;
  delta[slot] = delta[slot]! - (patients - left);
}

/** Result of `serveQueue`: people who left the queue, and how many of them were tested. */
const queueDraw = new Float64Array(2);

/** Per-capita rate of a flow of `perDay` people out of a stock of `stock`; 0 for an empty stock. */
function perCapita(perDay: number, stock: number): number {
  return stock > 0 ? perDay / stock : 0;
}

/**
 * Draws the people leaving region r's queue of a demand class (0 contacts, 1 people with other
 * illness, 2 screening) in one step, tested or lapsed, into `queueDraw`. Tests come out of the
 * region's test budget, and those drawn beyond it stay in the queue. The arguments are objects and
 * small integers only, so that the call boxes no number.
 */
function serveQueue(model: CompiledModel, ws: Workspace, y: Float64Array, r: number, demandClass: number, draws: Draws): void {
  const q = ws.layout.auxOffset + r * L.AUX_COUNT;
  let queue: number;
  let servedPerDay: number;
  let lapsePerDay: number;
  if (demandClass === 0) {
    queue = y[q + L.QUEUE_CONTACTS]!;
    servedPerDay = ws.contactsServed[r]!;
    lapsePerDay = 1 / model.tracing.quarantineDays;
  } else if (demandClass === 1) {
    queue = y[q + L.QUEUE_BACKGROUND]!;
    servedPerDay = ws.backgroundServed[r]!;
    lapsePerDay = 1 / model.epidemiology.mildDays;
  } else {
    queue = y[q + L.QUEUE_SCREENING]!;
    servedPerDay = ws.screeningServed[r]!;
    lapsePerDay = 1 / SCREENING_LAPSE_DAYS;
  }
  queueDraw[0] = 0;
  queueDraw[1] = 0;
  if (queue <= 0) return;
  const servePerCapita = perCapita(servedPerDay, queue);
  const total = servePerCapita + lapsePerDay;
  draws.probability = Math.min(1, total * model.stochasticStepDays);
  const leaving = draws.binomial(queue);
  draws.probability = servePerCapita / total;
  const drawnTests = draws.binomial(leaving);
  const tested = Math.min(drawnTests, ws.testBudget[r]!);
  ws.testBudget[r] = ws.testBudget[r]! - tested;
  queueDraw[0] = leaving - (drawnTests - tested);
  queueDraw[1] = tested;
}


/**
 * Sends drawn patients to destinations by the routing shares, at most each destination's budget of
 * whole free beds, which it lowers; returns how many found no bed.
 */
function routeDrawn(
  patients: number,
  shares: Float64Array,
  budget: Float64Array,
  from: number,
  regions: number,
  hostedSlot: number,
  delta: Float64Array,
  auxOffset: number,
  counterOffset: number,
  draws: Draws,
): number {
  let left = patients;
  let unrouted = 0;
  let shareLeft = 1;
  for (let s = 0; s < regions && left > 0; s++) {
    const share = shares[from * regions + s]!;
    if (share <= 0) continue;
    draws.probability = share / shareLeft;
    const drawn = share >= shareLeft - 1e-12 ? left : draws.binomial(left);
    const sent = Math.min(drawn, budget[s]!);
    budget[s] = budget[s]! - sent;
    unrouted += drawn - sent;
    shareLeft -= share;
    left -= drawn;
    delta[auxOffset + s * L.AUX_COUNT + hostedSlot] = delta[auxOffset + s * L.AUX_COUNT + hostedSlot]! + sent;
    delta[counterOffset + s * L.COUNTER_COUNT + L.C_TRANSFERS_IN] = delta[counterOffset + s * L.COUNTER_COUNT + L.C_TRANSFERS_IN]! + sent;
  }
  return unrouted + left;
}
