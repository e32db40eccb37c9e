import type { CompiledModel } from './model.js';
import type { Workspace } from './workspace.js';
import * as L from './layout.js';
import { METRIC_INDEX as M, seriesOffset } from './metrics.js';

/** Metrics that are shares or ratios: national values come from national sums, not from adding. */
const RATIO_METRICS: readonly number[] = [M.test_positivity, M.test_wait_days, M.confirmed_in_quarantine_share, M.rt];

/**
 * Records day d's metrics of every region from the state at the end of the day. Flows (new cases,
 * tests, deaths) are the change of the cumulative counters over the day, against `counters`, the
 * copy taken at the start of the day; stocks (occupancy, queues) are end-of-day values.
 */
export function recordDay(model: CompiledModel, ws: Workspace, y: Float64Array, counters: Float64Array, day: number, series: Float64Array): void {
  const regions = model.regionCount;
  const bands = model.ageBandCount;
  const days = model.dayCount;
  const { auxOffset, counterOffset } = ws.layout;
  const { care, tracing } = model;
  const put = (metric: number, r: number, value: number): void => {
    series[seriesOffset(metric, r, regions, days) + day] = value;
  };

  for (let r = 0; r < regions; r++) {
    const c = counterOffset + r * L.COUNTER_COUNT;
    const q = auxOffset + r * L.AUX_COUNT;
    const i = day * regions + r;
    const counted = (k: number): number => y[c + k]! - counters[c + k]!;

    let home = 0;
    let rtc = 0;
    let waitingRtc = 0;
    let ward = y[q + L.HOSTED_WARD]!;
    let icu = y[q + L.HOSTED_ICU]!;
    let waitingWard = 0;
    let waitingIcu = 0;
    let queued = y[q + L.QUEUE_BACKGROUND]! + y[q + L.QUEUE_CONTACTS]! + y[q + L.QUEUE_SCREENING]!;
    for (let a = 0; a < bands; a++) {
      const o = (r * bands + a) * L.STATE_COUNT;
      home += y[o + L.PH]! + y[o + L.AH]! + y[o + L.IMH]! + y[o + L.ISH]! + y[o + L.ICH]!;
      rtc += y[o + L.PR]! + y[o + L.AR]! + y[o + L.IMR]! + y[o + L.ISR]! + y[o + L.ICR]!;
      waitingRtc += y[o + L.PWR]! + y[o + L.AWR]! + y[o + L.IMWR]! + y[o + L.ISWR]! + y[o + L.ICWR]!;
      ward += y[o + L.WARD]! + y[o + L.STEPDOWN]!;
      icu += y[o + L.ICU]!;
      waitingWard += y[o + L.WAITWARD]!;
      waitingIcu += y[o + L.WAITICU]!;
      queued += y[o + L.IMW]! + y[o + L.ISW]! + y[o + L.ICW]!;
      queued += y[o + L.PQ]! + y[o + L.AQ]! + y[o + L.IMQ]! + y[o + L.ISQ]! + y[o + L.ICQ]!;
    }

    const confirmed = counted(L.C_CONFIRMED);
    const performed = counted(L.C_TESTS_PERFORMED);
    put(M.infections_new, r, counted(L.C_INFECTIONS));
    put(M.confirmed_new, r, confirmed);
    put(M.confirmed_cum, r, y[c + L.C_CONFIRMED]!);
    put(M.deaths_new, r, counted(L.C_DEATHS));
    put(M.deaths_cum, r, y[c + L.C_DEATHS]!);
    put(M.deaths_without_bed_new, r, counted(L.C_DEATHS_WITHOUT_BED));
    put(M.tests_demanded, r, counted(L.C_TESTS_DEMANDED));
    put(M.tests_performed, r, performed);
    put(M.tests_capacity, r, ws.testCapacity[r]!);
    put(M.tests_backlog, r, queued);
    put(M.test_positivity, r, performed > 0 ? counted(L.C_TESTS_POSITIVE) / performed : 0);
    put(M.test_wait_days, r, performed > 0 ? queued / performed : 0);
    put(M.tracing_capacity, r, tracing.capacityPerDay[i]!);
    put(M.cases_traced, r, counted(L.C_CASES_TRACED));
    put(M.tracing_backlog, r, y[q + L.QUEUE_TRACING]!);
    put(M.contacts_quarantined, r, counted(L.C_CONTACTS_QUARANTINED));
    put(M.infected_contacts_quarantined, r, counted(L.C_INFECTED_CONTACTS_QUARANTINED));
    // Positives in quarantine are counted at the test and confirmed at the result, a day apart,
    // so a day's ratio can pass 1 when new cases fall; it is capped there.
    put(M.confirmed_in_quarantine_share, r, confirmed > 0 ? Math.min(1, counted(L.C_CONFIRMED_QUARANTINED) / confirmed) : 0);
    put(M.home_isolation, r, home);
    put(M.rtc_occupied, r, rtc);
    put(M.rtc_capacity, r, care.rtcCapacity[i]!);
    put(M.ward_occupied, r, ward);
    put(M.ward_capacity, r, care.wardCapacity[i]!);
    put(M.icu_occupied, r, icu);
    put(M.icu_capacity, r, care.icuCapacity[i]!);
    put(M.waiting_rtc, r, waitingRtc);
    put(M.waiting_ward, r, waitingWard);
    put(M.waiting_icu, r, waitingIcu);
    put(M.transfers_in, r, counted(L.C_TRANSFERS_IN));
    put(M.transfers_out, r, counted(L.C_TRANSFERS_OUT));
  }

  // National figures: sums, and ratios of sums.
  const metricCount = series.length / ((regions + 1) * days);
  for (let m = 0; m < metricCount; m++) {
    if (RATIO_METRICS.includes(m)) continue;
    let total = 0;
    for (let r = 0; r < regions; r++) total += series[seriesOffset(m, r, regions, days) + day]!;
    put(m, regions, total);
  }
  let positives = 0;
  let confirmedQuarantined = 0;
  for (let r = 0; r < regions; r++) {
    const c = counterOffset + r * L.COUNTER_COUNT;
    positives += y[c + L.C_TESTS_POSITIVE]! - counters[c + L.C_TESTS_POSITIVE]!;
    confirmedQuarantined += y[c + L.C_CONFIRMED_QUARANTINED]! - counters[c + L.C_CONFIRMED_QUARANTINED]!;
  }
  const at = (metric: number): number => series[seriesOffset(metric, regions, regions, days) + day]!;
  const performed = at(M.tests_performed);
  const confirmed = at(M.confirmed_new);
  put(M.test_positivity, regions, performed > 0 ? positives / performed : 0);
  put(M.test_wait_days, regions, performed > 0 ? at(M.tests_backlog) / performed : 0);
  put(M.confirmed_in_quarantine_share, regions, confirmed > 0 ? Math.min(1, confirmedQuarantined / confirmed) : 0);
}
