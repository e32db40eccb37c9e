/**
 * One day of one metric in one region, as quantiles over the runs of a scenario.
 * `region` is an ISO 3166-2 code, or the national code for the national figure.
 */
export interface QuantileRow {
  /** Calendar date, ISO 8601 `YYYY-MM-DD`. */
  date: string;
  region: string;
  /** A metric name from `METRICS` in the engine. */
  metric: string;
  mean: number;
  p5: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
}

/** One per-run summary statistic of one region, as quantiles over the runs. */
export interface SummaryRow {
  region: string;
  /** A statistic name from `SUMMARY_STATISTICS` in the engine. Peak days are day indices from the first date. */
  statistic: string;
  mean: number;
  p5: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
}

/** One day of observed confirmed cases in one region, for the overlay on the simulated series. */
export interface ObservedRow {
  /** Calendar date, ISO 8601 `YYYY-MM-DD`. */
  date: string;
  region: string;
  /** Newly confirmed cases on that date, in persons. */
  confirmed_new: number;
  /** Confirmed cases up to and including that date, in persons. */
  confirmed_cum: number;
}

/** Currency of the economy figures of a report, as in summary.json. */
export interface ReportCurrency {
  /** ISO 4217 code, such as `KRW`. */
  code: string;
  /** Currency units per US dollar, for display, or null when the scenario gives no rate. */
  perUsd: number | null;
}

/** Everything the report page shows: provenance, the daily quantile series and the summary statistics. */
export interface ReportInput {
  scenarioName: string;
  scenarioHash: string;
  engineVersion: string;
  mode: 'deterministic' | 'stochastic';
  /** Number of runs the quantiles were taken over. */
  runs: number;
  seed: string | number;
  /** Time the results were produced, ISO 8601, shown in the header when given. */
  createdAt?: string;
  /** The scenario's regions in display order, without the national code. */
  regions: { code: string; name: string }[];
  /** Region code of the national figure, `KR` for Korea. */
  nationalCode: string;
  /** All metrics for every region and the national code, one row per day. */
  series: QuantileRow[];
  /** Summary statistics for every region and the national code. */
  summary: SummaryRow[];
  /** Observed daily confirmed cases, drawn as points over the simulated confirmed cases. */
  observed?: ObservedRow[];
  /**
   * Currency of the economy figures, given when the scenario has an economy group. It adds the charts of
   * relief, consumption and the income ratio and the cost tables, and needs their series in `series`.
   */
  currency?: ReportCurrency;
}
