import { SUMMARY_INDEX, type SummaryStatistic } from '../engine/index.js';
import type { Distribution } from '../workers/index.js';
import { MONEY_STATISTICS, outputRegions, quantilesAt, type OutputLayout } from './tables.js';

/** Mean and R-7 quantiles over the runs of one statistic. */
export type Quantiles = ReturnType<typeof quantilesAt>;

/** Quantiles of a date: each is the date of the rounded quantile of the day index, null when it is NaN. */
export type DateQuantiles = { [K in keyof Quantiles]: string | null };

/** Peak occupancy of one bed tier. */
export interface PeakOccupancy {
  /** Highest occupancy over the horizon, in beds. */
  beds: Quantiles;
  /** Date of the highest occupancy (the first such day of a run). */
  date: DateQuantiles;
}

/** Care tiers with beds, as named in the engine's metrics. */
const BED_TIERS = ['rtc', 'ward', 'icu'] as const;

/** Summary of one region or of the national total. */
export interface RegionSummary {
  code: string;
  name: string;
  /** Totals over the horizon, in persons. */
  totals: { infections: Quantiles; confirmed: Quantiles; deaths: Quantiles; deathsWithoutBed: Quantiles };
  peakOccupancy: Record<(typeof BED_TIERS)[number], PeakOccupancy>;
  /** Days on which more people waited for a bed of the tier than it had free beds, in days. */
  daysOverCapacity: Record<(typeof BED_TIERS)[number], Quantiles>;
  /** Largest test backlog of any day, in persons waiting. */
  testBacklogMax: Quantiles;
  /** Mean wait for a test over the horizon, in days. */
  testWaitMeanDays: Quantiles;
  /** Share of confirmed cases who were already in quarantine, 0-1. */
  confirmedInQuarantineShare: Quantiles;
  economy: EconomySummary;
}

/** Cost over the horizon of each lever, in the scenario's currency. */
export interface CostByLever {
  testingSites: Quantiles;
  tests: Quantiles;
  tracing: Quantiles;
  rtcBeds: Quantiles;
  wardBeds: Quantiles;
  icuBeds: Quantiles;
  /** Relief paid to households. */
  relief: Quantiles;
  grants: Quantiles;
}

/** Costs, relief and income of one region or of the nation over the horizon. */
export interface EconomySummary {
  /** Cost of every lever together, in the scenario's currency; the sum of `costByLever`. */
  costTotal: Quantiles;
  costByLever: CostByLever;
  /** Spending added by relief, revenue of local businesses, in the scenario's currency. */
  consumptionExtra: Quantiles;
  /**
   * Income of the highest quintile over that of the lowest, each summed over the horizon, with relief
   * included and without it. Null where there are no households.
   */
  incomeQuintileRatio: { withRelief: Quantiles; withoutRelief: Quantiles };
  /** People aged 75 or over taken to vaccination by grants. */
  vaccinationTransportPersons: Quantiles;
}

/** Currency of every amount in the economy figures, and its fixed rate for display. */
export interface CurrencyInfo {
  /** ISO 4217 code, such as `KRW`. */
  code: string;
  /** Currency units per US dollar, or null when the scenario gives none. */
  perUsd: number | null;
}

/** Content of summary.json. It leaves out the worker count, so the bytes do not depend on it. */
export interface SummaryDocument {
  /**
   * The scenario's name, its file as given on the command line and as a path from the output folder,
   * and the hash of the scenario as run.
   */
  scenario: { name: string; file: string; path: string; hash: string };
  engineVersion: string;
  mode: 'deterministic' | 'stochastic';
  runs: number;
  seed: string | number;
  startDate: string;
  endDate: string;
  quantiles: string;
  /** Currency of the economy figures, or null when the scenario has no economy group and they are all 0. */
  currency: CurrencyInfo | null;
  /** The national total first, then the regions in scenario order. */
  regions: RegionSummary[];
}

/** Provenance fields of summary.json. */
export type SummaryProvenance = Pick<SummaryDocument, 'scenario' | 'engineVersion' | 'mode' | 'runs' | 'seed'>;

/**
 * Builds summary.json from the distribution of the per-run summaries.
 *
 * @param distribution aggregated summaries, laid out as `SUMMARY_STATISTICS` in the engine describes
 * @param nationalName display name of the national total
 * @param currency currency of the economy figures, null without an economy group
 */
export function buildSummaryDocument(
  provenance: SummaryProvenance,
  distribution: Distribution,
  layout: OutputLayout,
  nationalName: string,
  currency: CurrencyInfo | null = null,
): SummaryDocument {
  const regionSlots = layout.regions.length + 1;
  const names = [...layout.regions.map((region) => region.name), nationalName];

  const regions = outputRegions(layout).map(({ index, code }): RegionSummary => {
    const statistic = (name: SummaryStatistic): Quantiles =>
      quantilesAt(distribution, SUMMARY_INDEX[name] * regionSlots + index, MONEY_STATISTICS.has(name));
    const peak = (tier: (typeof BED_TIERS)[number]): PeakOccupancy => ({
      beds: statistic(`${tier}_peak_occupied`),
      date: datesOf(statistic(`${tier}_peak_day`), layout.dates),
    });
    return {
      code,
      name: names[index]!,
      totals: {
        infections: statistic('infections_total'),
        confirmed: statistic('confirmed_total'),
        deaths: statistic('deaths_total'),
        deathsWithoutBed: statistic('deaths_without_bed_total'),
      },
      peakOccupancy: { rtc: peak('rtc'), ward: peak('ward'), icu: peak('icu') },
      daysOverCapacity: {
        rtc: statistic('rtc_days_over_capacity'),
        ward: statistic('ward_days_over_capacity'),
        icu: statistic('icu_days_over_capacity'),
      },
      testBacklogMax: statistic('tests_backlog_max'),
      testWaitMeanDays: statistic('test_wait_mean_days'),
      confirmedInQuarantineShare: statistic('confirmed_in_quarantine_share'),
      economy: {
        costTotal: statistic('cost_total'),
        costByLever: {
          testingSites: statistic('cost_testing_sites'),
          tests: statistic('cost_tests'),
          tracing: statistic('cost_tracing'),
          rtcBeds: statistic('cost_rtc_beds'),
          wardBeds: statistic('cost_ward_beds'),
          icuBeds: statistic('cost_icu_beds'),
          relief: statistic('cost_relief'),
          grants: statistic('cost_grants'),
        },
        consumptionExtra: statistic('consumption_extra_total'),
        incomeQuintileRatio: {
          withRelief: statistic('income_quintile_ratio'),
          withoutRelief: statistic('income_quintile_ratio_no_relief'),
        },
        vaccinationTransportPersons: statistic('vaccination_transport_persons'),
      },
    };
  });

  return {
    ...provenance,
    startDate: layout.dates[0] ?? '',
    endDate: layout.dates[layout.dates.length - 1] ?? '',
    quantiles: 'R-7: linear interpolation between order statistics, over the runs',
    currency,
    regions,
  };
}

/** Writes summary.json text: pretty JSON with a final newline. */
export function formatSummaryJson(document: SummaryDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Turns quantiles of a day index into dates, rounding to whole days and clamping to the horizon. */
function datesOf(days: Quantiles, dates: readonly string[]): DateQuantiles {
  const dateOf = (day: number): string | null => {
    if (Number.isNaN(day)) return null;
    const index = Math.min(dates.length - 1, Math.max(0, Math.round(day)));
    return dates[index]!;
  };
  return {
    mean: dateOf(days.mean),
    p5: dateOf(days.p5),
    p25: dateOf(days.p25),
    p50: dateOf(days.p50),
    p75: dateOf(days.p75),
    p95: dateOf(days.p95),
  };
}
