import type { CompiledModel } from './model.js';
import type { Workspace } from './workspace.js';
import * as L from './layout.js';
import { allocateTransfers } from './transfers.js';
import { writeStateRates } from './cell-rates.js';

/** Screening requests not served within this many days lapse (mean, in days). */
const SCREENING_LAPSE_DAYS = 7;

/**
 * Computes every per-capita flow rate of the current state, and the region-level rates of the
 * queues, tracing, clusters, admissions and transfers that set them.
 *
 * The order matters. The force of infection needs the infectious people of every region, test
 * service needs the queue sizes, tracing needs the confirmed cases waiting, admissions need
 * occupancy, and transfers need what admissions leave unmet.
 */
export function computeRates(model: CompiledModel, ws: Workspace, y: Float64Array, day: number): void {
  computeInfectious(model, ws, y, day);
  computeForceOfInfection(model, ws);
  computeTesting(model, ws, y, day);
  computeTracing(model, ws, y, day);
  computeAdmissions(model, ws, y, day);
  allocateTransfers(model, ws, y, day);
  writeStateRates(model, ws, y, day);
}

/**
 * Computes the infectiousness-weighted prevalence per region and band, split by where the contacts
 * happen. People free in the community mix at home and out of home. Quarantined, isolated and
 * waiting people transmit only through non-compliance, and only at home. Treatment centres and
 * hospitals do not transmit. Relief that supports compliance scales the non-compliance of
 * quarantined and isolated people by the region's leakage factor of the day.
 */
function computeInfectious(model: CompiledModel, ws: Workspace, y: Float64Array, day: number): void {
  const { epidemiology: ep, tracing: tr, care } = model;
  const relP = ep.presymptomaticInfectiousness;
  const relA = ep.asymptomaticInfectiousness;
  const leakQ = 1 - tr.quarantineCompliance;
  const leakI = 1 - tr.isolationCompliance;
  const leakT = 1 - tr.pendingCompliance;
  // Confirmed mild and asymptomatic cases stay in care for mildCareDays, longer than they are
  // infectious, so each is weighted by the infectious share of that stay to keep its expected leakage.
  const mildInCare = Math.min(1, ep.mildDays / care.mildCareDays);
  const asymInCare = Math.min(1, ep.asymptomaticDays / care.mildCareDays);
  const cells = ws.layout.cellCount;
  const bands = model.ageBandCount;
  const leakageFactor = model.economy?.leakageFactor ?? null;
  const leakageRow = day * model.regionCount;
  for (let cell = 0; cell < cells; cell++) {
    const o = cell * L.STATE_COUNT;
    // A factor of exactly 1 leaves both products unchanged to the last bit.
    const support = leakageFactor === null ? 1 : leakageFactor[leakageRow + Math.floor(cell / bands)]!;
    const leakQuarantined = leakQ * support;
    const leakIsolated = leakI * support;
    ws.alive[cell] = model.population[cell]! - y[o + L.D]!;
    ws.mobileInfectious[cell] =
      relP * y[o + L.P]! + relA * y[o + L.A]! + y[o + L.IM]! + y[o + L.IS]! + y[o + L.IC]! +
      y[o + L.IMW]! + y[o + L.ISW]! + y[o + L.ICW]!;
    // Contacts who tested positive in quarantine stay there until the result.
    const quarantined =
      relP * (y[o + L.PQ]! + y[o + L.PQN]! + y[o + L.TPQ]!) + relA * (y[o + L.AQ]! + y[o + L.AQN]! + y[o + L.TAQ]!) +
      y[o + L.IMQ]! + y[o + L.ISQ]! + y[o + L.ICQ]! + y[o + L.TMQ]! + y[o + L.TSQ]! + y[o + L.TCQ]!;
    const pending = relP * y[o + L.TP]! + relA * y[o + L.TA]! + y[o + L.TM]! + y[o + L.TS]! + y[o + L.TC]!;
    const isolated =
      relP * (y[o + L.PH]! + y[o + L.PWR]!) +
      relA * asymInCare * (y[o + L.AH]! + y[o + L.AWR]!) +
      mildInCare * (y[o + L.IMH]! + y[o + L.IMWR]!) +
      y[o + L.ISH]! + y[o + L.ICH]! + y[o + L.ISWR]! + y[o + L.ICWR]! +
      y[o + L.WAITWARD]! + y[o + L.WAITICU]!;
    ws.homeInfectious[cell] = leakQuarantined * quarantined + leakT * pending + leakIsolated * isolated;
  }
}

/**
 * Computes the force of infection on each susceptible, per day. Home contacts happen in the home
 * region with everyone infectious there. Out-of-home contacts in region s meet the infectious people
 * present in s, residents and visitors alike, in proportion to where each region's residents spend
 * their contacts.
 */
function computeForceOfInfection(model: CompiledModel, ws: Workspace): void {
  const regions = model.regionCount;
  const bands = model.ageBandCount;
  const { transmission } = model;
  // Local copies of the workspace arrays: loads of object fields are not hoisted out of these loops.
  const mobility = transmission.mobility;
  const susceptibility = transmission.susceptibility;
  const mobile = ws.mobileInfectious;
  const atHome = ws.homeInfectious;
  const alive = ws.alive;
  const present = ws.presentInfectious;
  const presentPopulation = ws.presentPopulation;
  const contactsOut = ws.contactsOut;
  const contactsHome = ws.contactsHome;
  const pressure = ws.pressureOut;
  const homePrevalence = ws.homePrevalence;
  const communityHomePrevalence = ws.communityHomePrevalence;
  const infection = ws.infectionPerDay;
  const communityInfection = ws.communityInfectionPerDay;

  // Infectious people present in each region, as a share of everyone present there. Each slot sums
  // its own column, so no slot is read back and written again for every home region.
  for (let s = 0; s < regions; s++) {
    for (let b = 0; b < bands; b++) {
      let sum = 0;
      for (let r = 0; r < regions; r++) sum += mobility[r * regions + s]! * mobile[r * bands + b]!;
      const slot = s * bands + b;
      const people = presentPopulation[slot]!;
      present[slot] = people > 0 ? sum / people : 0;
    }
  }
  for (let slot = 0; slot < regions * bands; slot++) {
    const residents = alive[slot]!;
    homePrevalence[slot] = residents > 0 ? (mobile[slot]! + atHome[slot]!) / residents : 0;
    communityHomePrevalence[slot] = residents > 0 ? mobile[slot]! / residents : 0;
  }

  // pressure[s][a]: out-of-home infection pressure on a person of band a while in region s.
  for (let s = 0; s < regions; s++) {
    for (let a = 0; a < bands; a++) {
      let sum = 0;
      const row = (s * bands + a) * bands;
      for (let b = 0; b < bands; b++) sum += contactsOut[row + b]! * present[s * bands + b]!;
      pressure[s * bands + a] = sum;
    }
  }

  const beta = transmission.transmissionPerContact;
  for (let r = 0; r < regions; r++) {
    for (let a = 0; a < bands; a++) {
      const row = (r * bands + a) * bands;
      let home = 0;
      let communityHome = 0;
      for (let b = 0; b < bands; b++) {
        const contacts = contactsHome[row + b]!;
        home += contacts * homePrevalence[r * bands + b]!;
        communityHome += contacts * communityHomePrevalence[r * bands + b]!;
      }
      let out = 0;
      const mobilityRow = r * regions;
      for (let s = 0; s < regions; s++) out += mobility[mobilityRow + s]! * pressure[s * bands + a]!;
      const perContact = beta * susceptibility[a]!;
      infection[r * bands + a] = perContact * (home + out);
      communityInfection[r * bands + a] = perContact * (communityHome + out);
    }
  }
}

/**
 * Computes test service by priority.
 *
 * Each demand class requests a rate of tests per day: everyone
 * queued at the fastest service, as are infected contacts awaiting their entry test or tested for
 * symptoms, and infected contacts whose entry test was negative at the retest rate. The capacity
 * goes to the classes in priority order. A class that cannot be served in full gets the same
 * fraction for each member.
 */
function computeTesting(model: CompiledModel, ws: Workspace, y: Float64Array, day: number): void {
  const regions = model.regionCount;
  const bands = model.ageBandCount;
  const { testing, tracing } = model;
  const fastest = testing.maxServicePerDay;
  const aux = ws.layout.auxOffset;
  for (let r = 0; r < regions; r++) {
    let queuedSymptomatic = 0;
    let quarantinedAwaitingTest = 0;
    let quarantinedRetested = 0;
    let freeLiving = 0;
    let freeInfected = 0;
    for (let a = 0; a < bands; a++) {
      const o = (r * bands + a) * L.STATE_COUNT;
      queuedSymptomatic += y[o + L.IMW]! + y[o + L.ISW]! + y[o + L.ICW]!;
      quarantinedAwaitingTest += y[o + L.PQ]! + y[o + L.AQ]! + y[o + L.IMQ]! + y[o + L.ISQ]! + y[o + L.ICQ]!;
      quarantinedRetested += y[o + L.PQN]! + y[o + L.AQN]!;
      freeLiving += y[o + L.S]! + y[o + L.E1]! + y[o + L.E2]! + y[o + L.P]! + y[o + L.A]! + y[o + L.IM]! +
        y[o + L.IS]! + y[o + L.IC]! + y[o + L.R]!;
      freeInfected += y[o + L.E1]! + y[o + L.E2]! + y[o + L.P]! + y[o + L.A]! + y[o + L.IM]! + y[o + L.IS]! + y[o + L.IC]!;
    }
    // The solver's error control lets a stock near zero dip below it by up to its tolerance, so the
    // rates treat such a stock as empty and no demand or service turns negative.
    const q = aux + r * L.AUX_COUNT;
    const background = Math.max(0, y[q + L.QUEUE_BACKGROUND]!);
    const contacts = Math.max(0, y[q + L.QUEUE_CONTACTS]!);
    const screening = Math.max(0, y[q + L.QUEUE_SCREENING]!);
    queuedSymptomatic = Math.max(0, queuedSymptomatic);
    quarantinedAwaitingTest = Math.max(0, quarantinedAwaitingTest);
    quarantinedRetested = Math.max(0, quarantinedRetested);
    const demandContacts =
      fastest * (contacts + quarantinedAwaitingTest) + tracing.quarantineRetestPerDay * quarantinedRetested;
    const demandSymptomatic = fastest * (background + queuedSymptomatic);
    // No person is screened faster than the fastest service, so a queue longer than the people
    // living freely demands no more tests than they can take.
    const screenable = Math.min(screening, Math.max(0, freeLiving));
    const demandScreening = fastest * screenable;

    let left = ws.testCapacity[r]!;
    let fractionContacts = 0;
    let fractionSymptomatic = 0;
    let fractionScreening = 0;
    for (let k = 0; k < 3; k++) {
      const cls = testing.priority[k]!;
      let demand = demandScreening;
      if (cls === 0) demand = demandContacts;
      else if (cls === 1) demand = demandSymptomatic;
      const fraction = demand > 0 ? Math.min(1, left / demand) : 0;
      left = Math.max(0, left - fraction * demand);
      if (cls === 0) fractionContacts = fraction;
      else if (cls === 1) fractionSymptomatic = fraction;
      else fractionScreening = fraction;
    }
    ws.contactServiceFraction[r] = fractionContacts;
    ws.symptomaticServicePerDay[r] = fastest * fractionSymptomatic;
    ws.backgroundServed[r] = fastest * fractionSymptomatic * background;
    ws.contactsServed[r] = fastest * fractionContacts * contacts;
    const screened = fastest * fractionScreening * screenable;
    ws.screeningServed[r] = screened;
    const odds = testing.screeningInfectedOdds[day * regions + r]!;
    if (odds === 1) {
      // Odds of 1 keep the plain ratio, the same bits as screening without odds.
      ws.screeningPerCapita[r] = freeLiving > 0 ? Math.min(fastest, screened / freeLiving) : 0;
    } else {
      // Each infected person is `odds` times as likely to be screened as an uninfected one, so the
      // infected are screened at odds x screened / (odds x infected + uninfected) each.
      const infected = Math.max(0, freeInfected);
      const weighted = odds * infected + Math.max(0, freeLiving - infected);
      ws.screeningPerCapita[r] = weighted > 0 ? Math.min(fastest, (odds * screened) / weighted) : 0;
    }
  }
}

/**
 * Case-by-case tracing and cluster investigation, per region. Confirmed cases wait in one of two
 * tracing queues and are investigated after the tracing delay, at most the day's capacity, shared
 * between the queues in proportion to their length. Each investigated case identifies a share of its
 * infected contacts, estimated as the infections that people free in the community cause per such
 * person, over one infectious period. Infections through the non-compliance of people at home are left
 * out of that estimate, because their sources are not counted: as the community emptied, they would
 * raise the estimate and so speed up the tracing that empties it.
 *
 * A case confirmed while quarantined as a contact has only the contacts it met before it was
 * quarantined. Tracing finds contacts in every stage of the undetected pool, so the infectiousness that
 * the pool's people have already spent, as a share of a whole case's, stands for them, taking each
 * person halfway through their current stage.
 * Counting such cases in full would let tracing feed on itself: each traced contact, once confirmed,
 * would find as many new contacts as the case that led to it.
 *
 * NOTE: the people that a quarantined case infects at home by not complying are left out of its
 * contacts. Drawn from the region's whole undetected pool, they would let less compliance speed up
 * the tracing of other chains, and so lower infections.
 *
 * Identified contacts are taken from the undetected infected people of the region, at a rate that
 * can never exceed that pool.
 */
function computeTracing(model: CompiledModel, ws: Workspace, y: Float64Array, day: number): void {
  const regions = model.regionCount;
  const bands = model.ageBandCount;
  const { tracing, epidemiology: ep, testing } = model;
  const fastest = testing.maxServicePerDay;
  const aux = ws.layout.auxOffset;
  const infectiousDays = ep.presymptomaticDays + ep.mildDays;
  // Infectiousness spent before the current stage and halfway through it, as a share of a whole
  // symptomatic case's (or an asymptomatic one's, for the asymptomatic).
  const presymptomatic = ep.presymptomaticInfectiousness * ep.presymptomaticDays;
  const symptomaticCase = presymptomatic + ep.mildDays;
  const spentPresymptomatic = (0.5 * presymptomatic) / symptomaticCase;
  const spentSymptomatic = (presymptomatic + 0.5 * ep.mildDays) / symptomaticCase;
  const spentAsymptomatic = 0.5;
  ws.clusterPerCapita.fill(0);
  ws.clusterUninfectedReached.fill(0);

  for (let r = 0; r < regions; r++) {
    let pool = 0;
    let infectious = 0;
    let infections = 0;
    let spent = 0;
    for (let a = 0; a < bands; a++) {
      const cell = r * bands + a;
      const o = cell * L.STATE_COUNT;
      const symptomatic = y[o + L.IM]! + y[o + L.IS]! + y[o + L.IC]! + y[o + L.IMW]! + y[o + L.ISW]! + y[o + L.ICW]!;
      const community = y[o + L.P]! + y[o + L.A]! + symptomatic;
      pool += y[o + L.E1]! + y[o + L.E2]! + community;
      infectious += community;
      infections += ws.communityInfectionPerDay[cell]! * y[o + L.S]!;
      spent += spentPresymptomatic * y[o + L.P]! + spentAsymptomatic * y[o + L.A]! + spentSymptomatic * symptomatic;
    }
    const i = day * regions + r;
    const q = aux + r * L.AUX_COUNT;
    const waitingCommunity = Math.max(0, y[q + L.QUEUE_TRACING]!);
    const waitingQuarantined = Math.max(0, y[q + L.QUEUE_TRACING_QUARANTINED]!);
    const waiting = waitingCommunity + waitingQuarantined;
    const traced = Math.min(waiting / tracing.delayDays, tracing.capacityPerDay[i]!);
    const tracedQuarantined = waiting > 0 ? (traced * waitingQuarantined) / waiting : 0;
    const share = pool > 0 ? Math.min(1, spent / pool) : 0;
    ws.tracedCasesPerDay[r] = traced;
    ws.tracedQuarantinedPerDay[r] = tracedQuarantined;
    ws.quarantinedContactShare[r] = share;
    const contactsPerCase = infectious > 0 && infections > 0 ? (infections / infectious) * infectiousDays : 0;
    const tracedInFull = traced - tracedQuarantined + tracedQuarantined * share;
    ws.tracedInFullPerDay[r] = tracedInFull;
    const identified = tracedInFull * tracing.identifiedFraction[i]! * contactsPerCase;
    ws.tracePerCapita[r] = pool > 0 ? Math.min(fastest, identified / pool) : 0;
    pool = Math.max(0, pool);
    ws.communityInfected[r] = pool;
  }

  const clusters = tracing.clusters;
  for (let c = 0; c < clusters.length; c++) {
    const cluster = clusters[c]!;
    const slot = ws.layout.clusterOffset + c * L.CLUSTER_SLOTS;
    const linked = y[slot + L.CLUSTER_LINKED]!;
    const infected = y[slot + L.CLUSTER_INFECTED]!;
    if (day < cluster.dayFound || linked <= 0) {
      ws.clusterReached[c] = 0;
      ws.clusterFound[c] = 0;
      continue;
    }
    const reached = Math.min(cluster.investigationPerDay, fastest * linked);
    const pool = ws.communityInfected[cluster.region]!;
    // Infected members are reached first by the cluster's odds ratio, so the share infected among
    // those reached starts high and falls as they are found.
    const infectedLeft = Math.min(linked, Math.max(0, infected));
    const odds = cluster.infectedFirstOdds;
    // Odds of 1 take the plain ratio, which gives the same bits as before the odds existed.
    const share = odds === 1 ? infectedLeft / linked : (odds * infectedLeft) / (odds * infectedLeft + linked - infectedLeft);
    // No member is found faster than the fastest test service, which keeps a solver step from taking
    // the infected count below 0 when the odds ratio speeds up the last of them.
    const found = Math.min(reached * share, fastest * infectedLeft, fastest * pool);
    ws.clusterReached[c] = reached;
    ws.clusterFound[c] = found;
    ws.clusterUninfectedReached[cluster.region] = ws.clusterUninfectedReached[cluster.region]! + reached - found;
    if (pool > 0) ws.clusterPerCapita[cluster.region] = ws.clusterPerCapita[cluster.region]! + found / pool;
  }
  for (let r = 0; r < regions; r++) {
    // Tracing and cluster investigation together never take more than the pool at the fastest rate.
    const total = ws.tracePerCapita[r]! + ws.clusterPerCapita[r]!;
    if (total > fastest) {
      const scale = fastest / total;
      ws.tracePerCapita[r] = ws.tracePerCapita[r]! * scale;
      ws.clusterPerCapita[r] = ws.clusterPerCapita[r]! * scale;
    }
  }
}

/**
 * Admission rates from each waiting state into free beds. A bed frees for the next patient after the
 * admission delay; when the waiting outnumber the free beds, each waiting patient gets the same share.
 * Ward beds are shared between waiting severe patients and ICU patients stepping down, in proportion
 * to their demand. An ICU patient who cannot step down stays in ICU.
 */
function computeAdmissions(model: CompiledModel, ws: Workspace, y: Float64Array, day: number): void {
  const regions = model.regionCount;
  const bands = model.ageBandCount;
  const { care, epidemiology: ep } = model;
  const aux = ws.layout.auxOffset;
  const admitPerDay = 1 / care.admissionDays;
  for (let r = 0; r < regions; r++) {
    let rtcOccupied = 0;
    let rtcWaiting = 0;
    let wardOccupied = y[aux + r * L.AUX_COUNT + L.HOSTED_WARD]!;
    let wardWaiting = 0;
    let stepDownDemand = 0;
    let icuOccupied = y[aux + r * L.AUX_COUNT + L.HOSTED_ICU]!;
    let icuWaiting = 0;
    for (let a = 0; a < bands; a++) {
      const o = (r * bands + a) * L.STATE_COUNT;
      rtcOccupied += y[o + L.PR]! + y[o + L.AR]! + y[o + L.IMR]! + y[o + L.ISR]! + y[o + L.ICR]!;
      rtcWaiting += y[o + L.PWR]! + y[o + L.AWR]! + y[o + L.IMWR]! + y[o + L.ISWR]! + y[o + L.ICWR]!;
      wardOccupied += y[o + L.WARD]! + y[o + L.STEPDOWN]!;
      wardWaiting += y[o + L.WAITWARD]!;
      stepDownDemand += (y[o + L.ICU]! * (1 - ep.icuFatalityFraction[a]!)) / care.icuStayDays;
      icuOccupied += y[o + L.ICU]!;
      icuWaiting += y[o + L.WAITICU]!;
    }
    const i = day * regions + r;
    const rtcFree = Math.max(0, care.rtcCapacity[i]! - rtcOccupied);
    const wardFree = Math.max(0, care.wardCapacity[i]! - wardOccupied);
    const icuFree = Math.max(0, care.icuCapacity[i]! - icuOccupied);

    ws.rtcAdmissionPerDay[r] = admitPerDay * (rtcWaiting > rtcFree ? rtcFree / rtcWaiting : 1);
    const wardDemand = wardWaiting * admitPerDay + stepDownDemand;
    const wardSupply = wardFree * admitPerDay;
    const wardShare = wardDemand > wardSupply ? wardSupply / wardDemand : 1;
    ws.wardAdmissionPerDay[r] = admitPerDay * wardShare;
    ws.stepDownFraction[r] = wardShare;
    ws.icuAdmissionPerDay[r] = admitPerDay * (icuWaiting > icuFree ? icuFree / icuWaiting : 1);

    // What transfers may use: patients left waiting here, and beds left free elsewhere.
    ws.wardRequest[r] = Math.max(0, wardWaiting - wardFree);
    ws.icuRequest[r] = Math.max(0, icuWaiting - icuFree);
    ws.wardSpare[r] = Math.max(0, wardFree - wardWaiting);
    ws.icuSpare[r] = Math.max(0, icuFree - icuWaiting);
  }
}

export { SCREENING_LAPSE_DAYS };
