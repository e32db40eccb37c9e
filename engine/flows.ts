import {
  C_CONFIRMED, C_CONFIRMED_QUARANTINED, C_CONTACTS_QUARANTINED, C_DEATHS, C_DEATHS_WITHOUT_BED, C_INFECTED_CONTACTS_QUARANTINED,
  C_INFECTIONS, C_TESTS_DEMANDED, C_TESTS_PERFORMED, C_TESTS_POSITIVE, C_TRANSFERS_OUT,
  A, AH, AQ, AQN, AR, AWR, D, E1, E1Q, E2, E2Q, IC, ICH, ICQ, ICR, ICU, ICUAWAY, ICW, ICWR, IM, IMH, IMQ, IMR,
  IMW, IMWR, IS, ISH, ISQ, ISR, ISW, ISWR, P, PH, PQ, PQN, PR, PWR, R, S, STATE_COUNT, STEPDOWN, TA, TAQ, TC, TCQ,
  TM, TMQ, TP, TPQ, TS, TSQ, WAITICU, WAITWARD, WARD, WARDAWAY,
} from './layout.js';

/**
 * The flow table: every transition between the states of one region and age band.
 *
 * A flow moves people from `source` to `target` at a per-capita rate per day that `cellRates`
 * writes into the slot of the same index. Flows with the same source compete: in stochastic mode
 * they are one multinomial draw. A flow whose target equals its source only counts (a negative
 * test that changes nothing). Bits name the counters a flow adds to.
 */
export const BIT_INFECTION = 1;
export const BIT_CONFIRM = 2;
/** Confirmation of a person who was already a quarantined contact. */
export const BIT_CONFIRM_QUARANTINED = 4;
/** A test performed (its demand was counted when the person joined a queue). */
export const BIT_TEST = 8;
/** A test performed that was demanded at the same moment (quarantine tests). */
export const BIT_TEST_DEMANDED = 16;
export const BIT_POSITIVE = 32;
/** Joins the symptomatic test queue: counts as a test demanded. */
export const BIT_DEMAND = 64;
export const BIT_TRACED = 128;
export const BIT_DEATH = 256;
export const BIT_DEATH_WITHOUT_BED = 512;
export const BIT_TRANSFER_OUT = 1024;
/**
 * A traced contact in the latent stage, whose entry test will be negative: joins the queue of contact
 * tests with the uninfected contacts, and counts as a test demanded.
 */
export const BIT_ENTRY_NEGATIVE = 2048;

const sources: number[] = [];
const targets: number[] = [];
const flags: number[] = [];

function flow(source: number, target: number, bits = 0): number {
  sources.push(source);
  targets.push(target);
  flags.push(bits);
  return sources.length - 1;
}

const CONFIRM_Q = BIT_CONFIRM | BIT_CONFIRM_QUARANTINED;
const TEST_POSITIVE = BIT_TEST | BIT_POSITIVE;
/** A retest in quarantine, demanded when it is performed. */
const QUARANTINE_TEST = BIT_TEST | BIT_TEST_DEMANDED;
/** A traced contact who can test positive: the entry test is demanded on entry to quarantine. */
const TRACED_TO_TEST = BIT_TRACED | BIT_DEMAND;
const ENTRY_POSITIVE = TEST_POSITIVE | BIT_CONFIRM_QUARANTINED;

// Community: infection, latency, onset, recovery.
export const F_INFECTION = flow(S, E1, BIT_INFECTION); // susceptible → exposed
export const F_E1_E2 = flow(E1, E2); // exposed, first → second latent sub-stage
export const F_E2_P = flow(E2, P); // exposed → pre-symptomatic
export const F_E2_A = flow(E2, A); // exposed → asymptomatic
export const F_P_IM = flow(P, IM); // pre-symptomatic → mild
export const F_P_IS = flow(P, IS); // pre-symptomatic → severe
export const F_P_IC = flow(P, IC); // pre-symptomatic → critical
export const F_A_R = flow(A, R); // asymptomatic → recovered
export const F_IM_R = flow(IM, R); // mild → recovered
export const F_IS_WW = flow(IS, WAITWARD, BIT_CONFIRM); // severe → needs a ward, confirmed at admission
export const F_IC_WI = flow(IC, WAITICU, BIT_CONFIRM); // critical → needs ICU, confirmed at admission
// Community: seeking a test.
export const F_IM_IMW = flow(IM, IMW, BIT_DEMAND); // mild → symptomatic test queue
export const F_IS_ISW = flow(IS, ISW, BIT_DEMAND); // severe → symptomatic test queue
export const F_IC_ICW = flow(IC, ICW, BIT_DEMAND); // critical → symptomatic test queue
// Symptomatic test queue: served, progressing while waiting.
export const F_IMW_TM = flow(IMW, TM, TEST_POSITIVE); // queued mild → tested positive
export const F_IMW_IM = flow(IMW, IM, BIT_TEST); // queued mild → tested negative, back to community
export const F_IMW_R = flow(IMW, R); // queued mild → recovered before a test
export const F_ISW_TS = flow(ISW, TS, TEST_POSITIVE); // queued severe → tested positive
export const F_ISW_IS = flow(ISW, IS, BIT_TEST); // queued severe → tested negative
export const F_ISW_WW = flow(ISW, WAITWARD, BIT_CONFIRM); // queued severe → needs a ward first
export const F_ICW_TC = flow(ICW, TC, TEST_POSITIVE); // queued critical → tested positive
export const F_ICW_IC = flow(ICW, IC, BIT_TEST); // queued critical → tested negative
export const F_ICW_WI = flow(ICW, WAITICU, BIT_CONFIRM); // queued critical → needs ICU first
// Community: positive screening tests of people without a test request.
export const F_P_TP_SCREEN = flow(P, TP, BIT_POSITIVE); // pre-symptomatic → screened positive
export const F_A_TA_SCREEN = flow(A, TA, BIT_POSITIVE); // asymptomatic → screened positive
export const F_IM_TM_SCREEN = flow(IM, TM, BIT_POSITIVE); // mild → screened positive
export const F_IS_TS_SCREEN = flow(IS, TS, BIT_POSITIVE); // severe → screened positive
export const F_IC_TC_SCREEN = flow(IC, TC, BIT_POSITIVE); // critical → screened positive
// Community → quarantine: traced contacts and cluster members. Each is tested on entry with contact
// priority; a latent contact's entry test is negative, so it joins the contact test queue.
export const F_E1_TRACE = flow(E1, E1Q, BIT_TRACED | BIT_ENTRY_NEGATIVE); // exposed → quarantined
export const F_E2_TRACE = flow(E2, E2Q, BIT_TRACED | BIT_ENTRY_NEGATIVE);
export const F_P_TRACE = flow(P, PQ, TRACED_TO_TEST);
export const F_A_TRACE = flow(A, AQ, TRACED_TO_TEST);
export const F_IM_TRACE = flow(IM, IMQ, TRACED_TO_TEST);
export const F_IS_TRACE = flow(IS, ISQ, TRACED_TO_TEST);
export const F_IC_TRACE = flow(IC, ICQ, TRACED_TO_TEST);
export const F_IMW_TRACE = flow(IMW, IMQ, BIT_TRACED); // queued → quarantined, tested as a contact instead
// Traced contacts without an entry test: tested only at onset or at the quarantine retest rate.
export const F_E1_TRACE_UNTESTED = flow(E1, E1Q, BIT_TRACED);
export const F_E2_TRACE_UNTESTED = flow(E2, E2Q, BIT_TRACED);
export const F_P_TRACE_UNTESTED = flow(P, PQN, BIT_TRACED);
export const F_A_TRACE_UNTESTED = flow(A, AQN, BIT_TRACED);
export const F_ISW_TRACE = flow(ISW, ISQ, BIT_TRACED);
export const F_ICW_TRACE = flow(ICW, ICQ, BIT_TRACED);
// Quarantine: the same natural history, and tests with contact priority. Latent contacts had their
// negative entry test, so they go on to the retested states; onset there asks for a new test.
export const F_E1Q_E2Q = flow(E1Q, E2Q);
export const F_E2Q_PQN = flow(E2Q, PQN);
export const F_E2Q_AQN = flow(E2Q, AQN);
export const F_PQ_IMQ = flow(PQ, IMQ);
export const F_PQ_ISQ = flow(PQ, ISQ);
export const F_PQ_ICQ = flow(PQ, ICQ);
export const F_PQN_IMQ = flow(PQN, IMQ, BIT_DEMAND);
export const F_PQN_ISQ = flow(PQN, ISQ, BIT_DEMAND);
export const F_PQN_ICQ = flow(PQN, ICQ, BIT_DEMAND);
export const F_AQ_R = flow(AQ, R);
export const F_AQN_R = flow(AQN, R);
export const F_IMQ_R = flow(IMQ, R);
export const F_ISQ_WW = flow(ISQ, WAITWARD, CONFIRM_Q); // quarantined severe → needs a ward
export const F_ICQ_WI = flow(ICQ, WAITICU, CONFIRM_Q); // quarantined critical → needs ICU
export const F_PQ_TPQ = flow(PQ, TPQ, ENTRY_POSITIVE); // entry test positive
export const F_PQ_NEG = flow(PQ, PQN, BIT_TEST); // entry test negative
export const F_AQ_TAQ = flow(AQ, TAQ, ENTRY_POSITIVE);
export const F_AQ_NEG = flow(AQ, AQN, BIT_TEST);
export const F_PQN_TPQ = flow(PQN, TPQ, QUARANTINE_TEST | BIT_POSITIVE | BIT_CONFIRM_QUARANTINED); // retest positive
export const F_PQN_NEG = flow(PQN, PQN, QUARANTINE_TEST); // retest negative
export const F_AQN_TAQ = flow(AQN, TAQ, QUARANTINE_TEST | BIT_POSITIVE | BIT_CONFIRM_QUARANTINED);
export const F_AQN_NEG = flow(AQN, AQN, QUARANTINE_TEST);
export const F_IMQ_TMQ = flow(IMQ, TMQ, ENTRY_POSITIVE);
export const F_IMQ_NEG = flow(IMQ, IMQ, QUARANTINE_TEST); // a false negative: tested again, demanded anew
export const F_ISQ_TSQ = flow(ISQ, TSQ, ENTRY_POSITIVE);
export const F_ISQ_NEG = flow(ISQ, ISQ, QUARANTINE_TEST);
export const F_ICQ_TCQ = flow(ICQ, TCQ, ENTRY_POSITIVE);
export const F_ICQ_NEG = flow(ICQ, ICQ, QUARANTINE_TEST);
// Awaiting a result: onset, the result itself (home or treatment centre), or needing a bed first.
export const F_TP_TM = flow(TP, TM);
export const F_TP_TS = flow(TP, TS);
export const F_TP_TC = flow(TP, TC);
export const F_TP_PH = flow(TP, PH, BIT_CONFIRM); // result → home isolation
export const F_TP_PWR = flow(TP, PWR, BIT_CONFIRM); // result → waiting for a treatment centre
export const F_TA_AH = flow(TA, AH, BIT_CONFIRM);
export const F_TA_AWR = flow(TA, AWR, BIT_CONFIRM);
export const F_TM_IMH = flow(TM, IMH, BIT_CONFIRM);
export const F_TM_IMWR = flow(TM, IMWR, BIT_CONFIRM);
export const F_TS_ISH = flow(TS, ISH, BIT_CONFIRM);
export const F_TS_ISWR = flow(TS, ISWR, BIT_CONFIRM);
export const F_TS_WW = flow(TS, WAITWARD, BIT_CONFIRM);
export const F_TC_ICH = flow(TC, ICH, BIT_CONFIRM);
export const F_TC_ICWR = flow(TC, ICWR, BIT_CONFIRM);
export const F_TC_WI = flow(TC, WAITICU, BIT_CONFIRM);
// Quarantined contacts awaiting a positive result: the same flows, from the quarantine states.
export const F_TPQ_TMQ = flow(TPQ, TMQ);
export const F_TPQ_TSQ = flow(TPQ, TSQ);
export const F_TPQ_TCQ = flow(TPQ, TCQ);
export const F_TPQ_PH = flow(TPQ, PH, BIT_CONFIRM);
export const F_TPQ_PWR = flow(TPQ, PWR, BIT_CONFIRM);
export const F_TAQ_AH = flow(TAQ, AH, BIT_CONFIRM);
export const F_TAQ_AWR = flow(TAQ, AWR, BIT_CONFIRM);
export const F_TMQ_IMH = flow(TMQ, IMH, BIT_CONFIRM);
export const F_TMQ_IMWR = flow(TMQ, IMWR, BIT_CONFIRM);
export const F_TSQ_ISH = flow(TSQ, ISH, BIT_CONFIRM);
export const F_TSQ_ISWR = flow(TSQ, ISWR, BIT_CONFIRM);
export const F_TSQ_WW = flow(TSQ, WAITWARD, BIT_CONFIRM);
export const F_TCQ_ICH = flow(TCQ, ICH, BIT_CONFIRM);
export const F_TCQ_ICWR = flow(TCQ, ICWR, BIT_CONFIRM);
export const F_TCQ_WI = flow(TCQ, WAITICU, BIT_CONFIRM);
/** Pairs of flows, the community one then its quarantine twin, that share a rate: `[community, quarantine, ...]`. */
export const QUARANTINED_PENDING_FLOWS = Int32Array.from([
  F_TP_TM, F_TPQ_TMQ, F_TP_TS, F_TPQ_TSQ, F_TP_TC, F_TPQ_TCQ, F_TP_PH, F_TPQ_PH, F_TP_PWR, F_TPQ_PWR,
  F_TA_AH, F_TAQ_AH, F_TA_AWR, F_TAQ_AWR, F_TM_IMH, F_TMQ_IMH, F_TM_IMWR, F_TMQ_IMWR,
  F_TS_ISH, F_TSQ_ISH, F_TS_ISWR, F_TSQ_ISWR, F_TS_WW, F_TSQ_WW,
  F_TC_ICH, F_TCQ_ICH, F_TC_ICWR, F_TCQ_ICWR, F_TC_WI, F_TCQ_WI,
]);
// Home isolation.
export const F_PH_IMH = flow(PH, IMH);
export const F_PH_ISH = flow(PH, ISH);
export const F_PH_ICH = flow(PH, ICH);
export const F_AH_R = flow(AH, R); // released from isolation
export const F_IMH_R = flow(IMH, R);
export const F_ISH_WW = flow(ISH, WAITWARD); // home → needs a ward
export const F_ICH_WI = flow(ICH, WAITICU); // home → needs ICU
// Residential treatment centre.
export const F_PR_IMR = flow(PR, IMR);
export const F_PR_ISR = flow(PR, ISR);
export const F_PR_ICR = flow(PR, ICR);
export const F_AR_R = flow(AR, R); // discharged
export const F_IMR_R = flow(IMR, R);
export const F_ISR_WW = flow(ISR, WAITWARD); // treatment centre → ward (step up)
export const F_ICR_WI = flow(ICR, WAITICU); // treatment centre → ICU (step up)
// Waiting at home for a treatment centre bed.
export const F_PWR_IMWR = flow(PWR, IMWR);
export const F_PWR_ISWR = flow(PWR, ISWR);
export const F_PWR_ICWR = flow(PWR, ICWR);
export const F_AWR_R = flow(AWR, R);
export const F_IMWR_R = flow(IMWR, R);
export const F_ISWR_WW = flow(ISWR, WAITWARD);
export const F_ICWR_WI = flow(ICWR, WAITICU);
export const F_PWR_PR = flow(PWR, PR); // waiting → treatment centre bed
export const F_AWR_AR = flow(AWR, AR);
export const F_IMWR_IMR = flow(IMWR, IMR);
export const F_ISWR_ISR = flow(ISWR, ISR);
export const F_ICWR_ICR = flow(ICWR, ICR);
// Hospital.
export const F_WARD_R = flow(WARD, R); // ward → discharged
export const F_STEPDOWN_R = flow(STEPDOWN, R); // ward after ICU → discharged
export const F_ICU_D = flow(ICU, D, BIT_DEATH); // ICU → dead
export const F_ICU_STEPDOWN = flow(ICU, STEPDOWN); // ICU → ward (step down)
export const F_WW_WARD = flow(WAITWARD, WARD); // waiting → ward bed
export const F_WW_AWAY = flow(WAITWARD, WARDAWAY, BIT_TRANSFER_OUT); // waiting → ward bed in another region
export const F_WW_D = flow(WAITWARD, D, BIT_DEATH | BIT_DEATH_WITHOUT_BED); // waiting → dead without a bed
export const F_WW_R = flow(WAITWARD, R); // waiting → recovered without a bed
export const F_WI_ICU = flow(WAITICU, ICU); // waiting → ICU bed
export const F_WI_AWAY = flow(WAITICU, ICUAWAY, BIT_TRANSFER_OUT); // waiting → ICU bed in another region
export const F_WI_D = flow(WAITICU, D, BIT_DEATH | BIT_DEATH_WITHOUT_BED); // waiting → dead without ICU
export const F_WI_R = flow(WAITICU, R); // waiting → survived without ICU
export const F_WARDAWAY_R = flow(WARDAWAY, R);
export const F_ICUAWAY_D = flow(ICUAWAY, D, BIT_DEATH);
export const F_ICUAWAY_R = flow(ICUAWAY, R);

export const FLOW_COUNT = sources.length;
export const FLOW_SOURCE = Int32Array.from(sources);
export const FLOW_TARGET = Int32Array.from(targets);
export const FLOW_BITS = Int32Array.from(flags);

/**
 * Counters each flow adds to, precomputed from its bits so the solvers' inner loops add by index:
 * `FLOW_COUNTERS[f * MAX_FLOW_COUNTERS + k]` for k < `FLOW_COUNTER_COUNT[f]` are counter indices
 * (layout.ts). `FLOW_JOINS_TRACING[f]` names the tracing queue that the flow's confirmed cases join,
 * one for cases confirmed in the community and one for cases confirmed while quarantined as contacts.
 */
export const MAX_FLOW_COUNTERS = 4;
export const FLOW_COUNTERS = new Int32Array(FLOW_COUNT * MAX_FLOW_COUNTERS);
export const FLOW_COUNTER_COUNT = new Int32Array(FLOW_COUNT);
export const FLOW_JOINS_TRACING = new Uint8Array(FLOW_COUNT);
/** Values of {@link FLOW_JOINS_TRACING}: which tracing queue a confirmation joins, if any. */
export const JOINS_COMMUNITY_QUEUE = 1;
export const JOINS_QUARANTINED_QUEUE = 2;
/** States of quarantined contacts awaiting a positive result, whose confirmations join the second queue. */
const QUARANTINED_PENDING: ReadonlySet<number> = new Set([TPQ, TAQ, TMQ, TSQ, TCQ]);
/** 1 when the flow's people join the contact test queue (`BIT_ENTRY_NEGATIVE`). */
export const FLOW_JOINS_CONTACT_QUEUE = new Uint8Array(FLOW_COUNT);
{
  const counterOf: readonly (readonly [number, readonly number[]])[] = [
    [BIT_INFECTION, [C_INFECTIONS]],
    [BIT_CONFIRM, [C_CONFIRMED]],
    [BIT_CONFIRM_QUARANTINED, [C_CONFIRMED_QUARANTINED]],
    [BIT_TEST, [C_TESTS_PERFORMED]],
    [BIT_TEST_DEMANDED | BIT_DEMAND, [C_TESTS_DEMANDED]],
    [BIT_POSITIVE, [C_TESTS_POSITIVE]],
    [BIT_TRACED, [C_CONTACTS_QUARANTINED, C_INFECTED_CONTACTS_QUARANTINED]],
    [BIT_DEATH, [C_DEATHS]],
    [BIT_DEATH_WITHOUT_BED, [C_DEATHS_WITHOUT_BED]],
    [BIT_TRANSFER_OUT, [C_TRANSFERS_OUT]],
    [BIT_ENTRY_NEGATIVE, [C_TESTS_DEMANDED]],
  ];
  for (let f = 0; f < FLOW_COUNT; f++) {
    const bits = FLOW_BITS[f]!;
    const list: number[] = [];
    for (const [mask, counters] of counterOf) if ((bits & mask) !== 0) list.push(...counters);
    if (list.length > MAX_FLOW_COUNTERS) throw new Error(`flow ${f} adds to more than ${MAX_FLOW_COUNTERS} counters`);
    list.forEach((counter, k) => (FLOW_COUNTERS[f * MAX_FLOW_COUNTERS + k] = counter));
    FLOW_COUNTER_COUNT[f] = list.length;
    if ((bits & BIT_CONFIRM) === 0) FLOW_JOINS_TRACING[f] = 0;
    else if ((bits & BIT_CONFIRM_QUARANTINED) !== 0 || QUARANTINED_PENDING.has(sources[f]!)) FLOW_JOINS_TRACING[f] = JOINS_QUARANTINED_QUEUE;
    else FLOW_JOINS_TRACING[f] = JOINS_COMMUNITY_QUEUE;
    FLOW_JOINS_CONTACT_QUEUE[f] = (bits & BIT_ENTRY_NEGATIVE) !== 0 ? 1 : 0;
  }
}

/**
 * Flows grouped by source state, for the multinomial draw of the stochastic step:
 * the flows leaving state s are `FLOWS_BY_SOURCE[SOURCE_START[s] .. SOURCE_START[s + 1])`.
 */
export const SOURCE_START = new Int32Array(STATE_COUNT + 1);
export const FLOWS_BY_SOURCE = new Int32Array(FLOW_COUNT);
{
  for (let f = 0; f < FLOW_COUNT; f++) SOURCE_START[FLOW_SOURCE[f]! + 1]!++;
  for (let s = 0; s < STATE_COUNT; s++) SOURCE_START[s + 1] = SOURCE_START[s + 1]! + SOURCE_START[s]!;
  const fill = SOURCE_START.slice(0, STATE_COUNT);
  for (let f = 0; f < FLOW_COUNT; f++) FLOWS_BY_SOURCE[fill[FLOW_SOURCE[f]!]!++] = f;
}
