import type { CompiledModel } from './model.js';
import { FLOW_COUNT } from './flows.js';
import { stateLayout, type StateLayout } from './layout.js';

/**
 * Preallocated buffers of one run, so that the step allocates nothing.
 *
 * Per-region arrays have `regionCount` slots; per-cell arrays `regionCount * ageBandCount`.
 * "Day" values are refreshed once per simulated day by `prepareDay`; the rest on every
 * evaluation of the rates.
 */
export interface Workspace {
  layout: StateLayout;
  /** Per-capita rate per cell and flow, per day: `[cell * FLOW_COUNT + f]`. */
  rate: Float64Array;
  /** Force of infection per cell, per day. */
  infectionPerDay: Float64Array;
  /** The part of `infectionPerDay` that people free in the community cause, for tracing. */
  communityInfectionPerDay: Float64Array;

  // Day values.
  /** Out-of-home contact matrix of each region for the day, `[(r * A + a) * A + b]`. */
  contactsOut: Float64Array;
  /** Home contact matrix of each region for the day. */
  contactsHome: Float64Array;
  /** Tests per day available in each region after laboratory limits. */
  testCapacity: Float64Array;
  /** People present in each region for out-of-home mixing, per region and band. */
  presentPopulation: Float64Array;

  // Per evaluation, per cell or region and band.
  alive: Float64Array;
  mobileInfectious: Float64Array;
  homeInfectious: Float64Array;
  /** Infectious people present in each region, then their share of everyone present. */
  presentInfectious: Float64Array;
  /** Infectiousness-weighted share of infectious residents, for home contacts. */
  homePrevalence: Float64Array;
  /** Infectiousness-weighted share of residents who are infectious and free in the community. */
  communityHomePrevalence: Float64Array;
  pressureOut: Float64Array;

  // Per evaluation, per region.
  symptomaticServicePerDay: Float64Array;
  contactServiceFraction: Float64Array;
  screeningServed: Float64Array;
  screeningPerCapita: Float64Array;
  backgroundServed: Float64Array;
  contactsServed: Float64Array;
  /** Cases traced per day from both queues, and of those the cases confirmed while quarantined. */
  tracedCasesPerDay: Float64Array;
  tracedQuarantinedPerDay: Float64Array;
  /**
   * Contacts of a case confirmed while quarantined, as a share of those of a case confirmed in the
   * community: the infections it caused before it was quarantined and through non-compliance.
   */
  quarantinedContactShare: Float64Array;
  /** Cases traced per day, each weighted by its share of a whole case's contacts. */
  tracedInFullPerDay: Float64Array;
  /** Infected people still undetected in the community, the pool that tracing draws from. */
  communityInfected: Float64Array;
  tracePerCapita: Float64Array;
  clusterPerCapita: Float64Array;
  clusterUninfectedReached: Float64Array;
  rtcAdmissionPerDay: Float64Array;
  wardAdmissionPerDay: Float64Array;
  icuAdmissionPerDay: Float64Array;
  stepDownFraction: Float64Array;
  wardTransferPerDay: Float64Array;
  icuTransferPerDay: Float64Array;
  /** Share of each region's outgoing transfers sent to each other region, `[from * R + to]`. */
  wardTransferShare: Float64Array;
  icuTransferShare: Float64Array;
  wardSpare: Float64Array;
  icuSpare: Float64Array;
  wardRequest: Float64Array;
  icuRequest: Float64Array;
  wardInbound: Float64Array;
  icuInbound: Float64Array;
  /** Patients drawn for transfer out of each region in the current stochastic step. */
  wardDrawn: Float64Array;
  icuDrawn: Float64Array;
  /** The same per region and age band, so that those left without a bed go back to their own band. */
  wardDrawnByCell: Float64Array;
  icuDrawnByCell: Float64Array;
  /** Whole tests each region can still perform today, in the current stochastic step. */
  testBudget: Float64Array;
  /** Whole free beds each region can still give to transferred patients in this stochastic step. */
  wardBudget: Float64Array;
  icuBudget: Float64Array;
  /** Reached and infected-found rates of each cluster, per day. */
  clusterReached: Float64Array;
  clusterFound: Float64Array;

  // Solver scratch: Runge-Kutta stages (the stochastic step reuses `stage` for its changes) and
  // the counters at the start of the day.
  k1: Float64Array;
  k2: Float64Array;
  k3: Float64Array;
  k4: Float64Array;
  k5: Float64Array;
  k6: Float64Array;
  k7: Float64Array;
  stage: Float64Array;
  /** The Runge-Kutta stage after `stage`, which a fourth-order step writes while `stage` is read. */
  stageNext: Float64Array;
  /** Candidate state at the end of a step, before it is accepted. */
  next: Float64Array;
  dayStart: Float64Array;
}

/** Allocates the workspace for one model. */
export function createWorkspace(model: CompiledModel): Workspace {
  const regions = model.regionCount;
  const bands = model.ageBandCount;
  const cells = regions * bands;
  const layout = stateLayout(regions, bands, model.tracing.clusters.length);
  const perRegion = (): Float64Array => new Float64Array(regions);
  const perCell = (): Float64Array => new Float64Array(cells);
  const perState = (): Float64Array => new Float64Array(layout.length);
  const clusterCount = model.tracing.clusters.length;
  return {
    layout,
    rate: new Float64Array(cells * FLOW_COUNT),
    infectionPerDay: perCell(),
    communityInfectionPerDay: perCell(),
    contactsOut: new Float64Array(cells * bands),
    contactsHome: new Float64Array(cells * bands),
    testCapacity: perRegion(),
    presentPopulation: perCell(),
    alive: perCell(),
    mobileInfectious: perCell(),
    homeInfectious: perCell(),
    presentInfectious: perCell(),
    homePrevalence: perCell(),
    communityHomePrevalence: perCell(),
    pressureOut: perCell(),
    symptomaticServicePerDay: perRegion(),
    contactServiceFraction: perRegion(),
    screeningServed: perRegion(),
    screeningPerCapita: perRegion(),
    backgroundServed: perRegion(),
    contactsServed: perRegion(),
    tracedCasesPerDay: perRegion(),
    tracedQuarantinedPerDay: perRegion(),
    quarantinedContactShare: perRegion(),
    tracedInFullPerDay: perRegion(),
    communityInfected: perRegion(),
    tracePerCapita: perRegion(),
    clusterPerCapita: perRegion(),
    clusterUninfectedReached: perRegion(),
    rtcAdmissionPerDay: perRegion(),
    wardAdmissionPerDay: perRegion(),
    icuAdmissionPerDay: perRegion(),
    stepDownFraction: perRegion(),
    wardTransferPerDay: perRegion(),
    icuTransferPerDay: perRegion(),
    wardTransferShare: new Float64Array(regions * regions),
    icuTransferShare: new Float64Array(regions * regions),
    wardSpare: perRegion(),
    icuSpare: perRegion(),
    wardRequest: perRegion(),
    icuRequest: perRegion(),
    wardInbound: perRegion(),
    icuInbound: perRegion(),
    wardDrawn: perRegion(),
    icuDrawn: perRegion(),
    wardDrawnByCell: perCell(),
    icuDrawnByCell: perCell(),
    testBudget: perRegion(),
    wardBudget: perRegion(),
    icuBudget: perRegion(),
    clusterReached: new Float64Array(clusterCount),
    clusterFound: new Float64Array(clusterCount),
    k1: perState(),
    k2: perState(),
    k3: perState(),
    k4: perState(),
    k5: perState(),
    k6: perState(),
    k7: perState(),
    stage: perState(),
    stageNext: perState(),
    next: perState(),
    dayStart: perState(),
  };
}
