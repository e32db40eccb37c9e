/**
 * Index layout of the engine's state vector.
 *
 * The state is one Float64Array in three blocks:
 * 1. people: `[(r * ageBandCount + a) * STATE_COUNT + s]`, one slot per region, age band and state;
 * 2. auxiliary stocks that are not people of the cell: per region `AUX_COUNT` slots (queues of
 *    uninfected people, hosted transfers), then two slots per known cluster;
 * 3. cumulative counters per region, `COUNTER_COUNT` slots, from which daily figures are differenced.
 */

// Community, undetected.
export const S = 0;
export const E1 = 1;
export const E2 = 2;
export const P = 3;
export const A = 4;
export const IM = 5;
export const IS = 6;
export const IC = 7;
// Community, waiting in the symptomatic test queue.
export const IMW = 8;
export const ISW = 9;
export const ICW = 10;
// Quarantined contacts, not yet confirmed. The pre-symptomatic and asymptomatic ones await their entry test.
export const E1Q = 11;
export const E2Q = 12;
export const PQ = 13;
export const AQ = 14;
export const IMQ = 15;
export const ISQ = 16;
export const ICQ = 17;
// Quarantined contacts whose entry test was negative, retested at the quarantine retest rate.
export const PQN = 18;
export const AQN = 19;
// Tested positive in the community, awaiting the result while self-isolating.
export const TP = 20;
export const TA = 21;
export const TM = 22;
export const TS = 23;
export const TC = 24;
// Quarantined contacts who tested positive, awaiting the result in quarantine.
export const TPQ = 25;
export const TAQ = 26;
export const TMQ = 27;
export const TSQ = 28;
export const TCQ = 29;
// Confirmed, in home isolation.
export const PH = 30;
export const AH = 31;
export const IMH = 32;
export const ISH = 33;
export const ICH = 34;
// Confirmed, in a residential treatment centre.
export const PR = 35;
export const AR = 36;
export const IMR = 37;
export const ISR = 38;
export const ICR = 39;
// Confirmed, at home waiting for a treatment centre bed.
export const PWR = 40;
export const AWR = 41;
export const IMWR = 42;
export const ISWR = 43;
export const ICWR = 44;
// Hospital tiers, waiting states and patients treated in another region.
export const WARD = 45;
export const STEPDOWN = 46;
export const ICU = 47;
export const WAITWARD = 48;
export const WAITICU = 49;
export const WARDAWAY = 50;
export const ICUAWAY = 51;
// Outcomes.
export const R = 52;
export const D = 53;

export const STATE_COUNT = 54;

/** Short fixed name of each state, for messages and tests. */
export const STATE_NAMES: readonly string[] = [
  'susceptible', 'exposed1', 'exposed2', 'presymptomatic', 'asymptomatic', 'mild', 'severe', 'critical',
  'mildQueued', 'severeQueued', 'criticalQueued',
  'exposed1Quarantined', 'exposed2Quarantined', 'presymptomaticQuarantined', 'asymptomaticQuarantined',
  'mildQuarantined', 'severeQuarantined', 'criticalQuarantined',
  'presymptomaticQuarantinedNegative', 'asymptomaticQuarantinedNegative',
  'presymptomaticPending', 'asymptomaticPending', 'mildPending', 'severePending', 'criticalPending',
  'presymptomaticPendingQuarantined', 'asymptomaticPendingQuarantined', 'mildPendingQuarantined',
  'severePendingQuarantined', 'criticalPendingQuarantined',
  'presymptomaticHome', 'asymptomaticHome', 'mildHome', 'severeHome', 'criticalHome',
  'presymptomaticRtc', 'asymptomaticRtc', 'mildRtc', 'severeRtc', 'criticalRtc',
  'presymptomaticWaitingRtc', 'asymptomaticWaitingRtc', 'mildWaitingRtc', 'severeWaitingRtc',
  'criticalWaitingRtc',
  'ward', 'stepDown', 'icu', 'waitingWard', 'waitingIcu', 'wardAway', 'icuAway',
  'recovered', 'dead',
];

// Auxiliary stocks per region.
/** People with other respiratory illness waiting for a test. */
export const QUEUE_BACKGROUND = 0;
/** Uninfected quarantined contacts waiting for their entry test. */
export const QUEUE_CONTACTS = 1;
/** Screening requests of people without symptoms not yet served. */
export const QUEUE_SCREENING = 2;
/** Cases confirmed in the community, waiting for their contacts to be traced. */
export const QUEUE_TRACING = 3;
/** Ward and ICU beds of this region taken by patients transferred in from elsewhere. */
export const HOSTED_WARD = 4;
export const HOSTED_ICU = 5;
/** Cases confirmed while quarantined as contacts, waiting for their contacts to be traced. */
export const QUEUE_TRACING_QUARANTINED = 6;
export const AUX_COUNT = 7;

/** Per cluster: linked people not yet reached, and the infected among them (expected count). */
export const CLUSTER_LINKED = 0;
export const CLUSTER_INFECTED = 1;
export const CLUSTER_SLOTS = 2;

// Cumulative counters per region.
export const C_INFECTIONS = 0;
export const C_CONFIRMED = 1;
/** Confirmed cases who were already quarantined contacts when they tested positive or were admitted. */
export const C_CONFIRMED_QUARANTINED = 2;
export const C_DEATHS = 3;
export const C_DEATHS_WITHOUT_BED = 4;
export const C_TESTS_DEMANDED = 5;
export const C_TESTS_PERFORMED = 6;
export const C_TESTS_POSITIVE = 7;
export const C_CASES_TRACED = 8;
/** Infected and uninfected contacts sent to quarantine, by tracing or by cluster investigation. */
export const C_CONTACTS_QUARANTINED = 9;
export const C_INFECTED_CONTACTS_QUARANTINED = 10;
export const C_TRANSFERS_IN = 11;
export const C_TRANSFERS_OUT = 12;
export const COUNTER_COUNT = 13;

/** Offsets of the three blocks for a model of the given size. */
export interface StateLayout {
  cellCount: number;
  auxOffset: number;
  clusterOffset: number;
  counterOffset: number;
  length: number;
}

export function stateLayout(regionCount: number, ageBandCount: number, clusterCount: number): StateLayout {
  const cellCount = regionCount * ageBandCount;
  const auxOffset = cellCount * STATE_COUNT;
  const clusterOffset = auxOffset + regionCount * AUX_COUNT;
  const counterOffset = clusterOffset + clusterCount * CLUSTER_SLOTS;
  return { cellCount, auxOffset, clusterOffset, counterOffset, length: counterOffset + regionCount * COUNTER_COUNT };
}
