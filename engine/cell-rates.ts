import type { CompiledModel } from './model.js';
import type { Workspace } from './workspace.js';
import * as L from './layout.js';
import * as F from './flows.js';
import { FLOW_COUNT } from './flows.js';

/**
 * Writes the per-capita rates of the flows whose rates stay fixed through a day (natural history,
 * test seeking, results, discharges), for every cell. Called once per day, before the solver steps.
 */
export function writeDayRates(model: CompiledModel, ws: Workspace, day: number): void {
  const regions = model.regionCount;
  const bands = model.ageBandCount;
  const { epidemiology: ep, testing, care } = model;
  const latentStage = 2 / ep.latentDays;
  const onset = 1 / ep.presymptomaticDays;
  const asymRecovery = 1 / ep.asymptomaticDays;
  const mildRecovery = 1 / ep.mildDays;
  const needWard = 1 / ep.onsetToWardDays;
  const needIcu = 1 / ep.onsetToIcuDays;
  const result = 1 / testing.turnaroundDays;
  const release = 1 / care.mildCareDays;
  const wardDischarge = 1 / care.wardStayDays;
  const icuDischarge = 1 / care.icuStayDays;
  const stepDownDischarge = 1 / care.stepDownDays;
  const x = ws.rate;

  for (let r = 0; r < regions; r++) {
    const i = day * regions + r;
    const seekMild = testing.seekMildPerDay[i]!;
    const seekSevere = testing.seekSeverePerDay[i]!;
    const toRtc = care.rtcShare[i]!;
    for (let a = 0; a < bands; a++) {
      const base = (r * bands + a) * FLOW_COUNT;
      const fa = ep.asymptomaticFraction[a]!;
      const fs = ep.severeFraction[a]!;
      const fc = ep.criticalFraction[a]!;
      const fm = 1 - fs - fc;
      const fatal = ep.icuFatalityFraction[a]!;

    x[base + F.F_E1_E2] = latentStage;
    x[base + F.F_E2_P] = latentStage * (1 - fa);
    x[base + F.F_E2_A] = latentStage * fa;
    x[base + F.F_P_IM] = onset * fm;
    x[base + F.F_P_IS] = onset * fs;
    x[base + F.F_P_IC] = onset * fc;
    x[base + F.F_A_R] = asymRecovery;
    x[base + F.F_IM_R] = mildRecovery;
    x[base + F.F_IS_WW] = needWard;
    x[base + F.F_IC_WI] = needIcu;
    x[base + F.F_IM_IMW] = seekMild;
    x[base + F.F_IS_ISW] = seekSevere;
    x[base + F.F_IC_ICW] = seekSevere;
    x[base + F.F_IMW_R] = mildRecovery;
    x[base + F.F_ISW_WW] = needWard;
    x[base + F.F_ICW_WI] = needIcu;
    x[base + F.F_E1Q_E2Q] = latentStage;
    x[base + F.F_E2Q_PQN] = latentStage * (1 - fa);
    x[base + F.F_E2Q_AQN] = latentStage * fa;
    x[base + F.F_PQ_IMQ] = onset * fm;
    x[base + F.F_PQ_ISQ] = onset * fs;
    x[base + F.F_PQ_ICQ] = onset * fc;
    x[base + F.F_PQN_IMQ] = onset * fm;
    x[base + F.F_PQN_ISQ] = onset * fs;
    x[base + F.F_PQN_ICQ] = onset * fc;
    x[base + F.F_AQ_R] = asymRecovery;
    x[base + F.F_AQN_R] = asymRecovery;
    x[base + F.F_IMQ_R] = mildRecovery;
    x[base + F.F_ISQ_WW] = needWard;
    x[base + F.F_ICQ_WI] = needIcu;
    x[base + F.F_TP_TM] = onset * fm;
    x[base + F.F_TP_TS] = onset * fs;
    x[base + F.F_TP_TC] = onset * fc;
    x[base + F.F_TP_PH] = result * (1 - toRtc);
    x[base + F.F_TP_PWR] = result * toRtc;
    x[base + F.F_TA_AH] = result * (1 - toRtc);
    x[base + F.F_TA_AWR] = result * toRtc;
    x[base + F.F_TM_IMH] = result * (1 - toRtc);
    x[base + F.F_TM_IMWR] = result * toRtc;
    x[base + F.F_TS_ISH] = result * (1 - toRtc);
    x[base + F.F_TS_ISWR] = result * toRtc;
    x[base + F.F_TS_WW] = needWard;
    x[base + F.F_TC_ICH] = result * (1 - toRtc);
    x[base + F.F_TC_ICWR] = result * toRtc;
    x[base + F.F_TC_WI] = needIcu;
    // Contacts awaiting a positive result in quarantine move at the same rates as those in the community.
    for (let k = 0; k < F.QUARANTINED_PENDING_FLOWS.length; k += 2) {
      x[base + F.QUARANTINED_PENDING_FLOWS[k + 1]!] = x[base + F.QUARANTINED_PENDING_FLOWS[k]!]!;
    }
    x[base + F.F_PH_IMH] = onset * fm;
    x[base + F.F_PH_ISH] = onset * fs;
    x[base + F.F_PH_ICH] = onset * fc;
    x[base + F.F_AH_R] = release;
    x[base + F.F_IMH_R] = release;
    x[base + F.F_ISH_WW] = needWard;
    x[base + F.F_ICH_WI] = needIcu;
    x[base + F.F_PR_IMR] = onset * fm;
    x[base + F.F_PR_ISR] = onset * fs;
    x[base + F.F_PR_ICR] = onset * fc;
    x[base + F.F_AR_R] = release;
    x[base + F.F_IMR_R] = release;
    x[base + F.F_ISR_WW] = needWard;
    x[base + F.F_ICR_WI] = needIcu;
    x[base + F.F_PWR_IMWR] = onset * fm;
    x[base + F.F_PWR_ISWR] = onset * fs;
    x[base + F.F_PWR_ICWR] = onset * fc;
    x[base + F.F_AWR_R] = release;
    x[base + F.F_IMWR_R] = release;
    x[base + F.F_ISWR_WW] = needWard;
    x[base + F.F_ICWR_WI] = needIcu;
    x[base + F.F_WARD_R] = wardDischarge;
    x[base + F.F_STEPDOWN_R] = stepDownDischarge;
    x[base + F.F_ICU_D] = icuDischarge * fatal;
    x[base + F.F_WARDAWAY_R] = wardDischarge;
    x[base + F.F_ICUAWAY_D] = icuDischarge * fatal;
    x[base + F.F_ICUAWAY_R] = icuDischarge * (1 - fatal);
    }
  }
}

/**
 * Writes the per-capita rates that depend on the current state (infection, test service,
 * tracing, admissions and transfers), for every cell, from the region-level values that
 * `computeRates` has just set.
 */
export function writeStateRates(model: CompiledModel, ws: Workspace, y: Float64Array, day: number): void {
  const regions = model.regionCount;
  const bands = model.ageBandCount;
  const { epidemiology: ep, testing, care, transmission } = model;
  const wardDischarge = 1 / care.wardStayDays;
  const icuDischarge = 1 / care.icuStayDays;
  const fastest = testing.maxServicePerDay;
  const sensP = testing.sensitivityPresymptomatic;
  const sensA = testing.sensitivityAsymptomatic;
  const sensI = testing.sensitivitySymptomatic;
  const retest = model.tracing.quarantineRetestPerDay;
  const x = ws.rate;

  for (let r = 0; r < regions; r++) {
    const i = day * regions + r;
    const served = ws.symptomaticServicePerDay[r]!;
    const contactFraction = ws.contactServiceFraction[r]!;
    // Entry tests and tests of symptomatic contacts at the fastest service, retests at the retest rate.
    const testEntryQ = fastest * contactFraction;
    const testSymptomaticQ = testEntryQ;
    const testOtherQ = retest * contactFraction;
    const screen = ws.screeningPerCapita[r]!;
    const trace = ws.tracePerCapita[r]! + ws.clusterPerCapita[r]!;
    // Symptomatic contacts and cluster members are always tested. Case-by-case tracing sends only a
    // share of the other contacts to an entry test.
    const traceUntested = ws.tracePerCapita[r]! * (1 - model.tracing.entryTestedInfected[i]!);
    const traceTested = trace - traceUntested;
    const admitRtc = ws.rtcAdmissionPerDay[r]!;
    const admitWard = ws.wardAdmissionPerDay[r]!;
    const admitIcu = ws.icuAdmissionPerDay[r]!;
    const stepDown = ws.stepDownFraction[r]!;
    const transferWard = ws.wardTransferPerDay[r]!;
    const transferIcu = ws.icuTransferPerDay[r]!;
    // Patients who wait only for the admission delay, while beds are free, are all admitted. The share
    // that no free bed can take goes on to die or recover at the fatality without a bed.
    const unmetWard = Math.max(0, 1 - admitWard * care.admissionDays);
    const unmetIcu = Math.max(0, 1 - admitIcu * care.admissionDays);
    for (let a = 0; a < bands; a++) {
      const cell = r * bands + a;
      const base = cell * FLOW_COUNT;
      const fatal = ep.icuFatalityFraction[a]!;
      const susceptible = y[cell * L.STATE_COUNT + L.S]!;
      const seed = transmission.seedInfections[i * bands + a]!;

    x[base + F.F_INFECTION] = ws.infectionPerDay[cell]! + (susceptible > 0 ? seed / susceptible : 0);
    x[base + F.F_IMW_TM] = served * sensI;
    x[base + F.F_IMW_IM] = served * (1 - sensI);
    x[base + F.F_ISW_TS] = served * sensI;
    x[base + F.F_ISW_IS] = served * (1 - sensI);
    x[base + F.F_ICW_TC] = served * sensI;
    x[base + F.F_ICW_IC] = served * (1 - sensI);
    x[base + F.F_P_TP_SCREEN] = screen * sensP;
    x[base + F.F_A_TA_SCREEN] = screen * sensA;
    x[base + F.F_IM_TM_SCREEN] = screen * sensI;
    x[base + F.F_IS_TS_SCREEN] = screen * sensI;
    x[base + F.F_IC_TC_SCREEN] = screen * sensI;
    x[base + F.F_E1_TRACE] = traceTested;
    x[base + F.F_E2_TRACE] = traceTested;
    x[base + F.F_P_TRACE] = traceTested;
    x[base + F.F_A_TRACE] = traceTested;
    x[base + F.F_E1_TRACE_UNTESTED] = traceUntested;
    x[base + F.F_E2_TRACE_UNTESTED] = traceUntested;
    x[base + F.F_P_TRACE_UNTESTED] = traceUntested;
    x[base + F.F_A_TRACE_UNTESTED] = traceUntested;
    x[base + F.F_IM_TRACE] = trace;
    x[base + F.F_IS_TRACE] = trace;
    x[base + F.F_IC_TRACE] = trace;
    x[base + F.F_IMW_TRACE] = trace;
    x[base + F.F_ISW_TRACE] = trace;
    x[base + F.F_ICW_TRACE] = trace;
    x[base + F.F_PQ_TPQ] = testEntryQ * sensP;
    x[base + F.F_PQ_NEG] = testEntryQ * (1 - sensP);
    x[base + F.F_AQ_TAQ] = testEntryQ * sensA;
    x[base + F.F_AQ_NEG] = testEntryQ * (1 - sensA);
    x[base + F.F_PQN_TPQ] = testOtherQ * sensP;
    x[base + F.F_PQN_NEG] = testOtherQ * (1 - sensP);
    x[base + F.F_AQN_TAQ] = testOtherQ * sensA;
    x[base + F.F_AQN_NEG] = testOtherQ * (1 - sensA);
    x[base + F.F_IMQ_TMQ] = testSymptomaticQ * sensI;
    x[base + F.F_IMQ_NEG] = testSymptomaticQ * (1 - sensI);
    x[base + F.F_ISQ_TSQ] = testSymptomaticQ * sensI;
    x[base + F.F_ISQ_NEG] = testSymptomaticQ * (1 - sensI);
    x[base + F.F_ICQ_TCQ] = testSymptomaticQ * sensI;
    x[base + F.F_ICQ_NEG] = testSymptomaticQ * (1 - sensI);
    x[base + F.F_PWR_PR] = admitRtc;
    x[base + F.F_AWR_AR] = admitRtc;
    x[base + F.F_IMWR_IMR] = admitRtc;
    x[base + F.F_ISWR_ISR] = admitRtc;
    x[base + F.F_ICWR_ICR] = admitRtc;
    x[base + F.F_ICU_STEPDOWN] = icuDischarge * (1 - fatal) * stepDown;
    const fatalWithoutWard = care.waitingWardFatalityFraction[a]!;
    const fatalWithoutIcu = Math.min(1, fatal * care.overflowFatalityFactor);
    x[base + F.F_WW_D] = wardDischarge * fatalWithoutWard * unmetWard;
    x[base + F.F_WW_R] = wardDischarge * (1 - fatalWithoutWard) * unmetWard;
    x[base + F.F_WI_D] = icuDischarge * fatalWithoutIcu * unmetIcu;
    x[base + F.F_WI_R] = icuDischarge * (1 - fatalWithoutIcu) * unmetIcu;
    x[base + F.F_WW_WARD] = admitWard;
    x[base + F.F_WW_AWAY] = transferWard;
    x[base + F.F_WI_ICU] = admitIcu;
    x[base + F.F_WI_AWAY] = transferIcu;
    }
  }
}
