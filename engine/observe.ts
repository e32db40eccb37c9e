import type { CompiledModel } from './model.js';
import type { Workspace } from './workspace.js';
import * as L from './layout.js';
import { METRIC_INDEX as M, METRICS, seriesOffset } from './metrics.js';
import { ECONOMY_METRICS, recordEconomyDay } from './economy.js';

/**
 * 1 for metrics whose national values do not come from adding the regions: shares and ratios, which
 * come from national sums, and the economy metrics, which `recordEconomyDay` writes.
 */
const IS_RATIO_METRIC = new Uint8Array(METRICS.length);
for (const metric of [M.test_positivity, M.test_wait_days, M.confirmed_in_quarantine_share, M.rt]) IS_RATIO_METRIC[metric] = 1;
for (const metric of ECONOMY_METRICS) IS_RATIO_METRIC[metric] = 1;

/** Returns the change of a cumulative counter since the start of the day. */
function change(y: Float64Array, counters: Float64Array, slot: number): number {
  return y[slot]! - counters[slot]!;
}

/** Writes one day's value of a metric for region r (or the nation, r = regions). */
function put(series: Float64Array, metric: number, r: number, regions: number, days: number, day: number, value: number): void {
  series[seriesOffset(metric, r, regions, days) + day] = value;
}

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

  for (let r = 0; r < regions; r++) {
    const c = counterOffset + r * L.COUNTER_COUNT;
    const q = auxOffset + r * L.AUX_COUNT;
    const i = day * regions + r;

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

    const confirmed = change(y, counters, c + L.C_CONFIRMED);
    const performed = change(y, counters, c + L.C_TESTS_PERFORMED);
    put(series, M.infections_new, r, regions, days, day, change(y, counters, c + L.C_INFECTIONS));
    put(series, M.confirmed_new, r, regions, days, day, confirmed);
    put(series, M.confirmed_cum, r, regions, days, day, y[c + L.C_CONFIRMED]!);
    put(series, M.deaths_new, r, regions, days, day, change(y, counters, c + L.C_DEATHS));
    put(series, M.deaths_cum, r, regions, days, day, y[c + L.C_DEATHS]!);
    put(series, M.deaths_without_bed_new, r, regions, days, day, change(y, counters, c + L.C_DEATHS_WITHOUT_BED));
    put(series, M.tests_demanded, r, regions, days, day, change(y, counters, c + L.C_TESTS_DEMANDED));
    put(series, M.tests_performed, r, regions, days, day, performed);
    put(series, M.tests_capacity, r, regions, days, day, ws.testCapacity[r]!);
    put(series, M.tests_backlog, r, regions, days, day, queued);
    put(series, M.test_positivity, r, regions, days, day, performed > NO_COUNT ? change(y, counters, c + L.C_TESTS_POSITIVE) / performed : NaN);
    put(series, M.test_wait_days, r, regions, days, day, waitDays(queued, performed));
    put(series, M.tracing_capacity, r, regions, days, day, tracing.capacityPerDay[i]!);
    put(series, M.cases_traced, r, regions, days, day, change(y, counters, c + L.C_CASES_TRACED));
    const tracingBacklog = tracing.enabled ? y[q + L.QUEUE_TRACING]! + y[q + L.QUEUE_TRACING_QUARANTINED]! : NaN;
    put(series, M.tracing_backlog, r, regions, days, day, tracingBacklog);
    put(series, M.contacts_quarantined, r, regions, days, day, change(y, counters, c + L.C_CONTACTS_QUARANTINED));
    put(series, M.infected_contacts_quarantined, r, regions, days, day, change(y, counters, c + L.C_INFECTED_CONTACTS_QUARANTINED));
    // Positives in quarantine are counted at the test and confirmed at the result, a day apart,
    // so a day's ratio can pass 1 when new cases fall; it is capped there.
    put(series, M.confirmed_in_quarantine_share, r, regions, days, day, confirmed > NO_COUNT ? Math.min(1, change(y, counters, c + L.C_CONFIRMED_QUARANTINED) / confirmed) : NaN);
    put(series, M.home_isolation, r, regions, days, day, home);
    put(series, M.rtc_occupied, r, regions, days, day, rtc);
    put(series, M.rtc_capacity, r, regions, days, day, care.rtcCapacity[i]!);
    put(series, M.ward_occupied, r, regions, days, day, ward);
    put(series, M.ward_capacity, r, regions, days, day, care.wardCapacity[i]!);
    put(series, M.icu_occupied, r, regions, days, day, icu);
    put(series, M.icu_capacity, r, regions, days, day, care.icuCapacity[i]!);
    put(series, M.waiting_rtc, r, regions, days, day, waitingRtc);
    put(series, M.waiting_ward, r, regions, days, day, waitingWard);
    put(series, M.waiting_icu, r, regions, days, day, waitingIcu);
    put(series, M.transfers_in, r, regions, days, day, change(y, counters, c + L.C_TRANSFERS_IN));
    put(series, M.transfers_out, r, regions, days, day, change(y, counters, c + L.C_TRANSFERS_OUT));
  }

  // National figures: sums, and ratios of sums.
  const metricCount = series.length / ((regions + 1) * days);
  for (let m = 0; m < metricCount; m++) {
    if (IS_RATIO_METRIC[m] === 1) continue;
    let total = 0;
    for (let r = 0; r < regions; r++) total += series[seriesOffset(m, r, regions, days) + day]!;
    series[seriesOffset(m, regions, regions, days) + day] = total;
  }
  let positives = 0;
  let confirmedQuarantined = 0;
  for (let r = 0; r < regions; r++) {
    const c = counterOffset + r * L.COUNTER_COUNT;
    positives += change(y, counters, c + L.C_TESTS_POSITIVE);
    confirmedQuarantined += change(y, counters, c + L.C_CONFIRMED_QUARANTINED);
  }
  const performed = series[seriesOffset(M.tests_performed, regions, regions, days) + day]!;
  const confirmed = series[seriesOffset(M.confirmed_new, regions, regions, days) + day]!;
  const backlog = series[seriesOffset(M.tests_backlog, regions, regions, days) + day]!;
  put(series, M.test_positivity, regions, regions, days, day, performed > NO_COUNT ? positives / performed : NaN);
  put(series, M.test_wait_days, regions, regions, days, day, waitDays(backlog, performed));
  put(series, M.confirmed_in_quarantine_share, regions, regions, days, day, confirmed > NO_COUNT ? Math.min(1, confirmedQuarantined / confirmed) : NaN);

  // Last, because the cost of tests and beds comes from the day's metrics above.
  recordEconomyDay(model, series, day);
}

/**
 * Counts at or below this, in persons, are taken as none: a deterministic run leaves a trace of a
 * person where a whole-person count would be 0, and output files write it as 0.
 */
export const NO_COUNT = 1e-9;

/**
 * Days that the people waiting for a test wait at the day's pace: no wait without a queue, and no
 * value (NaN) for a queue when no test is done, whose wait has no end.
 */
export function waitDays(queued: number, performed: number): number {
  if (performed > NO_COUNT) return queued / performed;
  return queued > NO_COUNT ? NaN : 0;
}
