import { describe, expect, it } from 'vitest';
import { bandRows, capacityRows, observedPoints } from '../../viz/chart-rows.js';
import type { ObservedRow, QuantileRow } from '../../viz/index.js';
import { indexSeries } from '../../viz/series-index.js';

const DATES = ['2020-03-01', '2020-03-02', '2020-03-03'];
const REGIONS = [
  { code: 'KR-11', name: 'Seoul' },
  { code: 'KR-27', name: 'Daegu' },
];
const NATIONAL = { code: 'KR', name: 'National (KR)' };

function observed(date: string, region: string, confirmedNew: number): ObservedRow {
  return { date, region, confirmed_new: confirmedNew, confirmed_cum: confirmedNew };
}

describe('bandRows', () => {
  it('rounds quantiles to 6 significant digits', () => {
    const row: QuantileRow = {
      date: '2020-03-01',
      region: 'KR',
      metric: 'rt',
      mean: 1,
      p5: 0.123456789,
      p25: 1234567.89,
      p50: 1.5,
      p75: 2,
      p95: Number.NaN,
    };
    const [band] = bandRows(indexSeries([row]), 'rt', NATIONAL, 'Rt');
    expect(band).toEqual({
      date: '2020-03-01',
      region: 'National (KR)',
      series: 'Rt',
      p5: 0.123457,
      p25: 1234570,
      p50: 1.5,
      p75: 2,
      p95: Number.NaN,
    });
  });
});

describe('capacityRows', () => {
  it('leaves out days without a limit', () => {
    const row = (date: string, value: number): QuantileRow => ({
      date,
      region: 'KR',
      metric: 'icu_capacity',
      mean: value,
      p5: value,
      p25: value,
      p50: value,
      p75: value,
      p95: value,
    });
    // The engine records no limit as Infinity. A missing value, NaN, gets no line either.
    const index = indexSeries([row(DATES[0]!, 120), row(DATES[1]!, Infinity), row(DATES[2]!, NaN)]);
    const rows = capacityRows(index, 'icu_capacity', NATIONAL, 'Capacity');
    expect(rows.map((band) => band.date)).toEqual([DATES[0]]);
    expect(rows[0]?.p50).toBe(120);
  });
});

describe('observedPoints', () => {
  it('sums regions into national points', () => {
    const rows = [observed('2020-03-01', 'KR-11', 3), observed('2020-03-01', 'KR-27', 40)];
    const national = observedPoints(rows, REGIONS, NATIONAL, DATES).filter((point) => point.region === NATIONAL.name);
    expect(national).toEqual([{ date: '2020-03-01', region: 'National (KR)', series: 'Observed', observed: 43 }]);
  });

  it('sums only dates with every region', () => {
    const rows = [
      observed('2020-03-01', 'KR-11', 3),
      observed('2020-03-02', 'KR-11', 5),
      observed('2020-03-02', 'KR-27', 7),
    ];
    const national = observedPoints(rows, REGIONS, NATIONAL, DATES).filter((point) => point.region === NATIONAL.name);
    expect(national.map((point) => [point.date, point.observed])).toEqual([['2020-03-02', 12]]);
  });

  it('prefers national rows over the sum', () => {
    const rows = [
      observed('2020-03-01', 'KR-11', 3),
      observed('2020-03-01', 'KR-27', 40),
      observed('2020-03-01', 'KR', 99),
    ];
    const national = observedPoints(rows, REGIONS, NATIONAL, DATES).filter((point) => point.region === NATIONAL.name);
    expect(national.map((point) => point.observed)).toEqual([99]);
  });

  it('drops dates outside the simulated range', () => {
    const rows = [
      observed('2020-02-29', 'KR-11', 1),
      observed('2020-03-03', 'KR-11', 2),
      observed('2020-03-04', 'KR-11', 3),
    ];
    const points = observedPoints(rows, REGIONS, NATIONAL, DATES);
    expect(points.map((point) => point.date)).toEqual(['2020-03-03']);
  });

  it('drops regions outside the scenario', () => {
    const rows = [observed('2020-03-01', 'KR-49', 1), observed('2020-03-01', 'KR-11', 2)];
    const points = observedPoints(rows, REGIONS, NATIONAL, DATES);
    expect(points.map((point) => point.region)).toEqual(['Seoul']);
  });
});
