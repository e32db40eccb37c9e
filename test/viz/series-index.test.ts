import { describe, expect, it } from 'vitest';
import type { QuantileRow } from '../../viz/index.js';
import { checkIsoDate, indexSeries } from '../../viz/series-index.js';

function row(date: string, metric: string, region: string, p50: number): QuantileRow {
  return { date, region, metric, mean: p50, p5: p50, p25: p50, p50, p75: p50, p95: p50 };
}

describe('indexSeries', () => {
  it('orders distinct dates as day indices', () => {
    const index = indexSeries([
      row('2020-03-02', 'rt', 'KR', 1),
      row('2020-02-29', 'rt', 'KR', 2),
      row('2020-03-01', 'rt', 'KR', 3),
      row('2020-03-01', 'rt', 'KR-11', 4),
    ]);
    expect(index.dates).toEqual(['2020-02-29', '2020-03-01', '2020-03-02']);
    expect(index.rows('rt', 'KR').map((found) => found?.p50)).toEqual([2, 3, 1]);
  });

  it('leaves missing days undefined', () => {
    const index = indexSeries([row('2020-03-01', 'rt', 'KR', 1), row('2020-03-02', 'rt', 'KR-11', 2)]);
    expect(index.rows('rt', 'KR-11').map((found) => found?.p50)).toEqual([undefined, 2]);
    expect(index.rows('deaths_new', 'KR')).toEqual([undefined, undefined]);
  });

  it('rejects an empty series', () => {
    expect(() => indexSeries([])).toThrow(RangeError);
    expect(() => indexSeries([])).toThrow(/series must contain at least one row/);
  });

  it('rejects a repeated row with its path', () => {
    const repeated = [row('2020-03-01', 'rt', 'KR', 1), row('2020-03-01', 'rt', 'KR', 2)];
    expect(() => indexSeries(repeated)).toThrow(/series\[1\] repeats the row for metric "rt", region "KR"/);
  });

  it('rejects a date that is not ISO 8601', () => {
    expect(() => indexSeries([row('01/03/2020', 'rt', 'KR', 1)])).toThrow(
      'series[0].date must be an ISO 8601 date YYYY-MM-DD (got "01/03/2020")',
    );
  });
});

describe('checkIsoDate', () => {
  it('accepts a calendar date', () => {
    expect(() => checkIsoDate('date', '2020-02-29')).not.toThrow();
  });

  it('rejects a month out of range', () => {
    expect(() => checkIsoDate('date', '2020-13-01')).toThrow(RangeError);
  });

  it('rejects a date with a time', () => {
    expect(() => checkIsoDate('date', '2020-03-01T00:00:00Z')).toThrow(RangeError);
  });
});
