import { describe, expect, it } from 'vitest';
import {
  buildSeriesRows,
  buildSeriesRowsAsync,
  buildSummaryRows,
  MONEY_METRICS,
  seriesCsvChunks,
  seriesLength,
  summaryLength,
  SERIES_CSV_HEADER,
} from '../../cli/tables.js';
import {
  METRICS,
  METRIC_INDEX,
  SUMMARY_INDEX,
  SUMMARY_STATISTICS,
  seriesOffset,
  type MetricName,
} from '../../engine/index.js';
import { aggregateRuns, type Distribution } from '../../workers/index.js';
import type { QuantileRow } from '../../viz/index.js';

const layout = {
  regions: [
    { code: 'KR-11', name: 'Seoul' },
    { code: 'KR-27', name: 'Daegu' },
  ],
  nationalCode: 'KR',
  dates: ['2020-03-01', '2020-03-02', '2020-03-03'],
};

/** Builds a distribution whose mean at each slot is the slot index, with quantiles offset from it. */
function indexDistribution(length: number): Distribution {
  const shifted = (shift: number) => Float64Array.from({ length }, (_, slot) => slot + shift);
  return { runs: 1, mean: shifted(0), p5: shifted(0.05), p25: shifted(0.25), p50: shifted(0.5), p75: shifted(0.75), p95: shifted(0.95) };
}

describe('buildSeriesRows', () => {
  const rows = buildSeriesRows(indexDistribution(seriesLength(layout)), layout);

  it('has one row per metric, region and day', () => {
    expect(rows).toHaveLength(METRICS.length * 3 * 3);
  });

  it('orders rows by metric, national first, then date', () => {
    const firstNine = rows.slice(0, 9).map((row) => `${row.metric} ${row.region} ${row.date}`);
    expect(firstNine).toEqual([
      'infections_new KR 2020-03-01',
      'infections_new KR 2020-03-02',
      'infections_new KR 2020-03-03',
      'infections_new KR-11 2020-03-01',
      'infections_new KR-11 2020-03-02',
      'infections_new KR-11 2020-03-03',
      'infections_new KR-27 2020-03-01',
      'infections_new KR-27 2020-03-02',
      'infections_new KR-27 2020-03-03',
    ]);
    expect(rows.at(-1)).toMatchObject({ metric: METRICS.at(-1), region: 'KR-27', date: '2020-03-03' });
  });

  it('reads each value from its engine offset', () => {
    const regionIndex: Record<string, number> = { KR: 2, 'KR-11': 0, 'KR-27': 1 };
    for (const row of rows) {
      const metric = METRIC_INDEX[row.metric as keyof typeof METRIC_INDEX];
      const slot = seriesOffset(metric, regionIndex[row.region]!, 2, 3) + layout.dates.indexOf(row.date);
      const money = MONEY_METRICS.has(row.metric as MetricName);
      expect(row.mean).toBe(slot);
      expect(row.p95, row.metric).toBe(money ? slot + 1 : slot + 0.95);
    }
  });

  it('writes money in whole currency units', () => {
    const length = seriesLength(layout);
    const amounts = (value: number) => Float64Array.from({ length }, () => value);
    const distribution: Distribution = {
      runs: 20,
      mean: amounts(14_755_101_623_777.4),
      p5: amounts(-0.4),
      p25: amounts(1.5),
      p50: amounts(2.345678),
      p75: amounts(3),
      p95: amounts(Number.NaN),
    };
    const relief = buildSeriesRows(distribution, layout).find((row) => row.metric === 'relief_paid_cum')!;
    expect(relief.mean).toBe(14_755_101_623_777);
    expect(Object.is(relief.p5, 0)).toBe(true);
    expect(relief.p25).toBe(2);
    expect(relief.p50).toBe(2);
    expect(relief.p95).toBeNaN();
    const rt = buildSeriesRows(distribution, layout).find((row) => row.metric === 'rt')!;
    expect(rt.mean).toBe(14_755_100_000_000);
    expect(rt.p50).toBe(2.34568);
  });

  it('lists the money metrics', () => {
    expect([...MONEY_METRICS].sort()).toEqual([
      'consumption',
      'consumption_extra',
      'cost_cum',
      'income_q1',
      'income_q2',
      'income_q3',
      'income_q4',
      'income_q5',
      'relief_paid_cum',
    ]);
  });
});

describe('buildSeriesRowsAsync', () => {
  // 600 days of two regions and the national total: more rows than are built between two turns of the event loop.
  const longLayout = {
    ...layout,
    dates: Array.from({ length: 600 }, (_, day) => new Date(Date.UTC(2020, 0, 1 + day)).toISOString().slice(0, 10)),
  };
  const distribution = indexDistribution(seriesLength(longLayout));

  it('builds the rows of buildSeriesRows', async () => {
    const rows = await buildSeriesRowsAsync(distribution, longLayout, {}, new AbortController().signal);
    expect(rows).toEqual(buildSeriesRows(distribution, longLayout));
  });

  it('stops when its signal aborts', async () => {
    const controller = new AbortController();
    const reason = new Error('interrupted');
    const rows = buildSeriesRowsAsync(distribution, longLayout, {}, controller.signal);
    controller.abort(reason);
    await expect(rows).rejects.toBe(reason);
  });

  it('builds nothing after an abort', async () => {
    const controller = new AbortController();
    controller.abort(new Error('interrupted'));
    await expect(buildSeriesRowsAsync(distribution, longLayout, {}, controller.signal)).rejects.toThrow('interrupted');
  });
});

describe('buildSummaryRows', () => {
  it('writes costs in whole currency units', () => {
    const length = summaryLength(layout);
    const distribution: Distribution = {
      runs: 1,
      mean: Float64Array.from({ length }, () => 237_643_410_122.3),
      p5: new Float64Array(length),
      p25: new Float64Array(length),
      p50: new Float64Array(length),
      p75: new Float64Array(length),
      p95: new Float64Array(length),
    };
    const rows = buildSummaryRows(distribution, layout);
    const tests = rows.find((row) => row.region === 'KR' && row.statistic === 'cost_tests')!;
    expect(tests.mean).toBe(237_643_410_122);
    const consumption = rows.find((row) => row.region === 'KR' && row.statistic === 'consumption_extra_total')!;
    expect(consumption.mean).toBe(237_643_410_122);
    const infections = rows.find((row) => row.region === 'KR' && row.statistic === 'infections_total')!;
    expect(infections.mean).toBe(237_643_000_000);
  });

  it('reads each statistic from its engine slot', () => {
    const rows = buildSummaryRows(indexDistribution(summaryLength(layout)), layout);
    expect(rows).toHaveLength(SUMMARY_STATISTICS.length * 3);
    const daegu = rows.find((row) => row.region === 'KR-27' && row.statistic === 'icu_peak_day');
    expect(daegu?.mean).toBe(SUMMARY_INDEX.icu_peak_day * 3 + 1);
    expect(rows[0]).toMatchObject({ region: 'KR', statistic: SUMMARY_STATISTICS[0], mean: 2 });
  });
});

describe('seriesCsvChunks', () => {
  const csvText = (rows: QuantileRow[]): string => [...seriesCsvChunks(rows)].join('');

  it('writes the header and formatted values', () => {
    const text = csvText([
      { date: '2020-03-01', region: 'KR', metric: 'rt', mean: 1.23456789, p5: 0, p25: 1e-12, p50: 2, p75: 3, p95: NaN },
    ]);
    expect(text).toBe(`${SERIES_CSV_HEADER}\n2020-03-01,KR,rt,1.23457,0,0,2,3,\n`);
  });

  it('quotes a region code with a comma', () => {
    const text = csvText([{ date: '2020-03-01', region: 'A,B', metric: 'rt', mean: 1, p5: 1, p25: 1, p50: 1, p75: 1, p95: 1 }]);
    expect(text.split('\n')[1]).toBe('2020-03-01,"A,B",rt,1,1,1,1,1,1');
  });

  it('splits many rows into whole lines', () => {
    const rows = Array.from({ length: 40_000 }, (_, day) => ({
      date: '2020-03-01', region: 'KR', metric: 'rt', mean: day, p5: 0, p25: 0, p50: 0, p75: 0, p95: 0,
    }));
    const chunks = [...seriesCsvChunks(rows)];
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) expect(chunk.endsWith('\n')).toBe(true);
    const lines = chunks.join('').split('\n');
    expect(lines).toHaveLength(40_002);
    expect(lines[40_000]).toBe('2020-03-01,KR,rt,39999,0,0,0,0,0');
  });
});

describe('series.csv of a capacity without a limit', () => {
  /** Per-run series with every capacity of the bed tiers Infinity, as `care.capacityLimits` false makes them. */
  function unlimitedBedRuns(runCount: number): Float64Array[] {
    const unlimited = [METRIC_INDEX.rtc_capacity, METRIC_INDEX.ward_capacity, METRIC_INDEX.icu_capacity];
    return Array.from({ length: runCount }, (_, run) => {
      const series = new Float64Array(seriesLength(layout)).fill(10 + run);
      for (const metric of unlimited) {
        const start = seriesOffset(metric, 0, layout.regions.length, layout.dates.length);
        series.fill(Infinity, start, start + 3 * layout.dates.length);
      }
      return series;
    });
  }

  function csvLines(runCount: number, metric: string): string[] {
    const text = [...seriesCsvChunks(buildSeriesRows(aggregateRuns(unlimitedBedRuns(runCount)), layout))].join('');
    return text.split('\n').filter((line) => line.split(',')[2] === metric);
  }

  it('leaves every cell empty in a deterministic run', () => {
    const lines = csvLines(1, 'ward_capacity');
    expect(lines).toHaveLength(9);
    for (const line of lines) expect(line).toMatch(/^2020-03-0\d,KR(-\d\d)?,ward_capacity,,,,,,$/);
  });

  it('leaves every cell empty in a stochastic run', () => {
    const lines = csvLines(20, 'ward_capacity');
    expect(lines).toHaveLength(9);
    for (const line of lines) expect(line).toMatch(/^2020-03-0\d,KR(-\d\d)?,ward_capacity,,,,,,$/);
  });

  it('keeps the values of other metrics', () => {
    expect(csvLines(20, 'ward_occupied')[0]).toBe('2020-03-01,KR,ward_occupied,19.5,10.95,14.75,19.5,24.25,28.05');
  });
});
