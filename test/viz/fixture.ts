/**
 * A synthetic report input for the viz tests. Every number is made up: smooth epidemic curves of plausible size
 * for Korean regions in 2020, not model output and not observed data.
 */
import { METRICS, SUMMARY_STATISTICS, type MetricName, type SummaryStatistic } from '../../engine/index.js';
import type { ObservedRow, QuantileRow, ReportInput, SummaryRow } from '../../viz/index.js';

/** The 17 first-level divisions of Korea, ISO 3166-2 codes with English names. */
export const KOREAN_REGIONS = [
  { code: 'KR-11', name: 'Seoul' },
  { code: 'KR-26', name: 'Busan' },
  { code: 'KR-27', name: 'Daegu' },
  { code: 'KR-28', name: 'Incheon' },
  { code: 'KR-29', name: 'Gwangju' },
  { code: 'KR-30', name: 'Daejeon' },
  { code: 'KR-31', name: 'Ulsan' },
  { code: 'KR-50', name: 'Sejong' },
  { code: 'KR-41', name: 'Gyeonggi-do' },
  { code: 'KR-42', name: 'Gangwon-do' },
  { code: 'KR-43', name: 'Chungcheongbuk-do' },
  { code: 'KR-44', name: 'Chungcheongnam-do' },
  { code: 'KR-45', name: 'Jeollabuk-do' },
  { code: 'KR-46', name: 'Jeollanam-do' },
  { code: 'KR-47', name: 'Gyeongsangbuk-do' },
  { code: 'KR-48', name: 'Gyeongsangnam-do' },
  { code: 'KR-49', name: 'Jeju-do' },
] as const;

/** Options of {@link syntheticReportInput}. */
export interface SyntheticOptions {
  /** How many of {@link KOREAN_REGIONS} to include, from the start of the list. */
  regionCount?: number;
  dayCount?: number;
  mode?: 'deterministic' | 'stochastic';
  /** Whether to add observed rows for every region (not the national code). */
  observed?: boolean;
  startDate?: string;
  /** Whether to add a currency with made-up relief, consumption, income and cost figures. */
  economy?: boolean;
  /**
   * Whether the bed tiers have a limit. Without one, every bed capacity is Infinity, as the engine records it for a
   * scenario with `care.capacityLimits` false. @default true
   */
  bedLimits?: boolean;
}

const BED_CAPACITY_METRICS = new Set<string>(['rtc_capacity', 'ward_capacity', 'icu_capacity']);

/** Metrics whose national figure is a ratio or mean, not a sum. The fixture takes the mean over regions. */
const SHARE_METRICS = new Set<string>([
  'test_positivity',
  'test_wait_days',
  'confirmed_in_quarantine_share',
  'rt',
  'households_paid_share',
  'households_supported_share',
  'income_q1',
  'income_q2',
  'income_q3',
  'income_q4',
  'income_q5',
  'income_quintile_ratio',
  'income_quintile_ratio_no_relief',
]);

function addDays(isoDate: string, days: number): string {
  const time = Date.parse(isoDate) + days * 86_400_000;
  return new Date(time).toISOString().slice(0, 10);
}

/**
 * Made-up daily values of every metric for one region, scaled by `size` and peaking on `peakDay`. A metric without
 * a curve of its own here gets half the confirmed curve, so that the fixture follows changes to `METRICS`.
 */
function regionCurves(size: number, peakDay: number, dayCount: number): Record<MetricName, number[]> {
  const curves = knownCurves(size, peakDay, dayCount);
  const fallback = curves.confirmed_new!.map((value) => 0.5 * value);
  const entries = METRICS.map((metric) => [metric, curves[metric] ?? fallback]);
  return Object.fromEntries(entries) as Record<MetricName, number[]>;
}

function knownCurves(size: number, peakDay: number, dayCount: number): Partial<Record<MetricName, number[]>> {
  const days = Array.from({ length: dayCount }, (_, d) => d);
  const widthDays = Math.max(2, dayCount / 6);
  const confirmed = days.map((d) => 60 * size * Math.exp(-(((d - peakDay) / widthDays) ** 2)));
  const cumulative = (values: number[]) => {
    let total = 0;
    return values.map((value) => (total += value));
  };
  const capacity = (base: number) => days.map((d) => (d < dayCount / 2 ? base : base * 1.5));
  const rtcCapacity = capacity(400 * size);
  const wardCapacity = capacity(150 * size);
  const icuCapacity = capacity(12 * size);
  const need = (factor: number) => confirmed.map((value) => factor * value);
  const occupied = (demand: number[], cap: number[]) => demand.map((value, d) => Math.min(value, cap[d]!));
  const waiting = (demand: number[], cap: number[]) => demand.map((value, d) => Math.max(0, value - cap[d]!));
  const rtcNeed = need(9);
  const wardNeed = need(3);
  const icuNeed = need(0.3);
  const demanded = confirmed.map((value) => 40 * value + 800 * size);
  const testCapacity = capacity(2400 * size);
  const performed = demanded.map((value, d) => Math.min(value, testCapacity[d]!));
  let backlog = 0;
  const backlogs = demanded.map((value, d) => (backlog = Math.max(0, 0.5 * backlog + value - performed[d]!)));
  const deaths = confirmed.map((_, d) => 0.02 * (confirmed[Math.max(0, d - 3)] ?? 0));

  return {
    infections_new: days.map((d) => 1.6 * (confirmed[Math.min(dayCount - 1, d + 2)] ?? 0)),
    confirmed_new: confirmed,
    confirmed_cum: cumulative(confirmed),
    deaths_new: deaths,
    deaths_cum: cumulative(deaths),
    deaths_without_bed_new: deaths.map((value, d) => (waiting(icuNeed, icuCapacity)[d]! > 0 ? 0.2 * value : 0)),
    tests_demanded: demanded,
    tests_performed: performed,
    tests_capacity: testCapacity,
    tests_backlog: backlogs,
    test_positivity: confirmed.map((value, d) => value / performed[d]!),
    test_wait_days: backlogs.map((value, d) => value / performed[d]!),
    tracing_capacity: days.map(() => 50 * size),
    cases_traced: confirmed.map((value) => Math.min(value, 50 * size)),
    tracing_backlog: confirmed.map((value) => Math.max(0, value - 50 * size)),
    contacts_quarantined: confirmed.map((value) => 12 * Math.min(value, 50 * size)),
    confirmed_in_quarantine_share: days.map(() => 0.4),
    home_isolation: need(2),
    rtc_occupied: occupied(rtcNeed, rtcCapacity),
    rtc_capacity: rtcCapacity,
    ward_occupied: occupied(wardNeed, wardCapacity),
    ward_capacity: wardCapacity,
    icu_occupied: occupied(icuNeed, icuCapacity),
    icu_capacity: icuCapacity,
    waiting_rtc: waiting(rtcNeed, rtcCapacity),
    waiting_ward: waiting(wardNeed, wardCapacity),
    waiting_icu: waiting(icuNeed, icuCapacity),
    transfers_in: days.map(() => 0),
    transfers_out: days.map(() => 0),
    rt: days.map((d) => 2.5 - (1.8 * d) / Math.max(1, dayCount - 1)),
    ...economyCurves(size, dayCount),
  };
}

/**
 * Made-up economy series of a region of `size` million households: a relief payment of 650,000 KRW on
 * average paid from a third of the horizon, spent over the rest, and an income gap that it narrows.
 */
function economyCurves(size: number, dayCount: number): Partial<Record<MetricName, number[]>> {
  const days = Array.from({ length: dayCount }, (_, d) => d);
  const payDay = Math.floor(dayCount / 3);
  const paidShare = days.map((d) => (d < payDay ? 0 : Math.min(0.95, 0.3 + (0.65 * (d - payDay)) / Math.max(1, dayCount / 4))));
  const households = size * 1e6;
  const extra = days.map((d) => (d < payDay ? 0 : (0.3 * 650_000 * households * paidShare[d]!) / Math.max(1, dayCount - payDay)));
  const ratioWithout = days.map((d) => 7.4 + 0.6 * Math.sin(d / 9));
  return {
    relief_paid_cum: paidShare.map((share) => 650_000 * households * share),
    households_paid_share: paidShare,
    consumption: extra.map((value) => 95_000 * households + value),
    consumption_extra: extra,
    income_quintile_ratio: ratioWithout.map((ratio, d) => ratio * (1 - 0.25 * paidShare[d]!)),
    income_quintile_ratio_no_relief: ratioWithout,
    cost_cum: days.map((d) => 2e9 * size * d + 650_000 * households * paidShare[d]!),
  };
}

/** Spreads one value into quantiles: a fixed ±15 % and ±40 % around the median, or none in deterministic mode. */
function quantiles(value: number, stochastic: boolean) {
  if (!stochastic) return { mean: value, p5: value, p25: value, p50: value, p75: value, p95: value };
  return {
    mean: value * 1.02,
    p5: value * 0.6,
    p25: value * 0.85,
    p50: value,
    p75: value * 1.15,
    p95: value * 1.4,
  };
}

function capQuantiles(spread: ReturnType<typeof quantiles>, limit: number): void {
  for (const key of ['mean', 'p5', 'p25', 'p50', 'p75', 'p95'] as const) spread[key] = Math.min(spread[key], limit);
}

/** Spreads a summary statistic into quantiles. A peak day spreads by one day each way, within the horizon. */
function summaryQuantiles(statistic: SummaryStatistic, value: number, dayCount: number, stochastic: boolean) {
  if (!stochastic || !statistic.endsWith('_peak_day')) return quantiles(value, stochastic);
  const p5 = Math.max(0, value - 1);
  const p95 = Math.min(dayCount - 1, value + 1);
  return { mean: value, p5, p25: value, p50: value, p75: value, p95 };
}

function summaryValues(curves: Record<MetricName, number[]>): Record<SummaryStatistic, number> {
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const peak = (values: number[]) => values.reduce((best, value, d) => (value > values[best]! ? d : best), 0);
  const over = (values: number[]) => values.filter((value) => value > 0.5).length;
  return {
    infections_total: sum(curves.infections_new),
    confirmed_total: sum(curves.confirmed_new),
    deaths_total: sum(curves.deaths_new),
    deaths_without_bed_total: sum(curves.deaths_without_bed_new),
    rtc_peak_occupied: Math.max(...curves.rtc_occupied),
    rtc_peak_day: peak(curves.rtc_occupied),
    ward_peak_occupied: Math.max(...curves.ward_occupied),
    ward_peak_day: peak(curves.ward_occupied),
    icu_peak_occupied: Math.max(...curves.icu_occupied),
    icu_peak_day: peak(curves.icu_occupied),
    rtc_days_over_capacity: over(curves.waiting_rtc),
    ward_days_over_capacity: over(curves.waiting_ward),
    icu_days_over_capacity: over(curves.waiting_icu),
    tests_backlog_max: Math.max(...curves.tests_backlog),
    test_wait_mean_days: sum(curves.tests_backlog) / sum(curves.tests_performed),
    confirmed_in_quarantine_share: 0.4,
    ...economySummary(curves),
  };
}

/** Made-up costs by lever that add up to the last day of `cost_cum`, and the other economy statistics. */
function economySummary(curves: Record<MetricName, number[]>): Partial<Record<SummaryStatistic, number>> {
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const relief = curves.relief_paid_cum.at(-1)!;
  const other = curves.cost_cum.at(-1)! - relief;
  return {
    cost_total: relief + other,
    cost_testing_sites: 0.3 * other,
    cost_tests: 0.35 * other,
    cost_tracing: 0.15 * other,
    cost_rtc_beds: 0.05 * other,
    cost_ward_beds: 0.1 * other,
    cost_icu_beds: 0.05 * other,
    cost_relief: relief,
    cost_grants: 0,
    consumption_extra_total: sum(curves.consumption_extra),
    income_quintile_ratio: sum(curves.income_quintile_ratio) / curves.income_quintile_ratio.length,
    income_quintile_ratio_no_relief: sum(curves.income_quintile_ratio_no_relief) / curves.income_quintile_ratio.length,
    vaccination_transport_persons: 0,
  };
}

/**
 * Builds a synthetic report input over the first `regionCount` Korean regions, with every metric for every
 * region and the national code on every day, and the summary statistics taken from the same curves.
 *
 * @default regionCount 2, dayCount 10, mode 'stochastic', observed true, startDate '2020-02-17', bedLimits true
 */
export function syntheticReportInput(options: SyntheticOptions = {}): ReportInput {
  const regionCount = options.regionCount ?? 2;
  const dayCount = options.dayCount ?? 10;
  const mode = options.mode ?? 'stochastic';
  const startDate = options.startDate ?? '2020-02-17';
  const stochastic = mode === 'stochastic';
  const bedLimits = options.bedLimits ?? true;
  const regions = KOREAN_REGIONS.slice(0, regionCount).map((region) => ({ ...region }));
  const dates = Array.from({ length: dayCount }, (_, d) => addDays(startDate, d));

  // Regions differ in size (1 to 5) and in the day of their peak (30 % to 60 % into the horizon).
  const curvesByRegion = new Map<string, Record<MetricName, number[]>>();
  regions.forEach((region, r) => {
    const peakDay = Math.round(dayCount * (0.3 + 0.05 * (r % 7)));
    curvesByRegion.set(region.code, regionCurves(1 + (r % 5), peakDay, dayCount));
  });
  const national = {} as Record<MetricName, number[]>;
  for (const metric of METRICS) {
    const perRegion = [...curvesByRegion.values()].map((curves) => curves[metric]);
    national[metric] = dates.map((_, d) => {
      const total = perRegion.reduce((sum, values) => sum + values[d]!, 0);
      return SHARE_METRICS.has(metric) ? total / perRegion.length : total;
    });
  }
  curvesByRegion.set('KR', national);

  const series: QuantileRow[] = [];
  const summary: SummaryRow[] = [];
  for (const [region, curves] of curvesByRegion) {
    for (const metric of METRICS) {
      curves[metric].forEach((value, d) => {
        const unlimited = !bedLimits && BED_CAPACITY_METRICS.has(metric);
        const spread = quantiles(unlimited ? Infinity : value, stochastic);
        // Capacity limits the tests performed, so the fixture caps every quantile and the mean at it.
        if (metric === 'tests_performed') capQuantiles(spread, curves.tests_capacity[d]!);
        series.push({ date: dates[d]!, region, metric, ...spread });
      });
    }
    const values = summaryValues(curves);
    for (const statistic of SUMMARY_STATISTICS) {
      summary.push({ region, statistic, ...summaryQuantiles(statistic, values[statistic], dayCount, stochastic) });
    }
  }

  const observed: ObservedRow[] = [];
  if (options.observed ?? true) {
    for (const region of regions) {
      let cumulative = 0;
      curvesByRegion.get(region.code)!.confirmed_new.forEach((value, d) => {
        // Observed counts are whole persons, off the simulated median by a made-up weekday pattern.
        const confirmedNew = Math.round(value * (d % 7 === 6 ? 0.7 : 1.1));
        cumulative += confirmedNew;
        observed.push({ date: dates[d]!, region: region.code, confirmed_new: confirmedNew, confirmed_cum: cumulative });
      });
    }
  }

  return {
    scenarioName: 'Synthetic test scenario',
    scenarioHash: '3f9a1c0b7d2e4f6a8b1c2d3e4f5a6b7c',
    engineVersion: '0.1.0',
    mode,
    runs: stochastic ? 200 : 1,
    seed: 20200217,
    createdAt: '2020-06-30T12:00:00Z',
    regions,
    nationalCode: 'KR',
    series,
    summary,
    ...(observed.length > 0 ? { observed } : {}),
    ...(options.economy === true ? { currency: { code: 'KRW', perUsd: 1180 } } : {}),
  };
}
