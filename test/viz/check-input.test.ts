import { describe, expect, it } from 'vitest';
import { METRICS } from '../../engine/index.js';
import { checkReportInput, REPORT_METRICS } from '../../viz/check-input.js';
import { syntheticReportInput } from './fixture.js';

describe('checkReportInput', () => {
  it('indexes a complete input', () => {
    const index = checkReportInput(syntheticReportInput());
    expect(index.dates).toHaveLength(10);
    expect(index.rows('confirmed_new', 'KR-11').every((row) => row !== undefined)).toBe(true);
  });

  it('charts only metrics the engine reports', () => {
    for (const metric of REPORT_METRICS) expect(METRICS as readonly string[]).toContain(metric);
  });

  it('names the metric, region and first missing day', () => {
    const input = syntheticReportInput();
    input.series = input.series.filter(
      (row) => !(row.metric === 'icu_capacity' && row.region === 'KR-26' && row.date >= '2020-02-20'),
    );
    expect(() => checkReportInput(input)).toThrow(
      'series has no row for metric "icu_capacity" in region "KR-26" on 7 of its dates (first 2020-02-20)',
    );
  });

  it('requires the economy series with a currency', () => {
    const input = syntheticReportInput({ economy: true });
    input.series = input.series.filter((row) => row.metric !== 'consumption_extra');
    expect(() => checkReportInput(input)).toThrow(/metric "consumption_extra" in region "KR"/);
    expect(() => checkReportInput({ ...input, currency: undefined as never })).not.toThrow();
  });

  it('requires the national series', () => {
    const input = syntheticReportInput();
    input.series = input.series.filter((row) => row.region !== 'KR');
    expect(() => checkReportInput(input)).toThrow(/region "KR" on 10 of its dates/);
  });

  it('rejects runs below one', () => {
    expect(() => checkReportInput({ ...syntheticReportInput(), runs: 0 })).toThrow(
      'runs must be a positive integer (got 0)',
    );
  });

  it('rejects empty regions', () => {
    expect(() => checkReportInput({ ...syntheticReportInput(), regions: [] })).toThrow(RangeError);
  });

  it('rejects the national code among regions', () => {
    const input = syntheticReportInput();
    input.regions.push({ code: 'KR', name: 'Korea' });
    expect(() => checkReportInput(input)).toThrow(/regions must not contain the national code "KR"/);
  });

  it('rejects a repeated region code', () => {
    const input = syntheticReportInput();
    input.regions.push({ code: 'KR-11', name: 'Seoul again' });
    expect(() => checkReportInput(input)).toThrow('regions must list each code once (got "KR-11" twice)');
  });

  it('rejects a repeated region name', () => {
    const input = syntheticReportInput();
    input.regions.push({ code: 'KR-99', name: 'Busan' });
    expect(() => checkReportInput(input)).toThrow('regions must have distinct names');
  });

  it('rejects an observed date that is not ISO 8601', () => {
    const input = syntheticReportInput();
    input.observed![3]!.date = '2020-2-20';
    expect(() => checkReportInput(input)).toThrow('observed[3].date must be an ISO 8601 date YYYY-MM-DD');
  });
});
