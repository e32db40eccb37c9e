import { describe, expect, it } from 'vitest';

import { calendarOf, dayIndexOf, epochDayOf, isoDateOfEpochDay } from '../../scenarios/calendar.js';
import { shippedDocument, validOrThrow } from './fixtures.js';

describe('epochDayOf', () => {
  it('counts days from 1970-01-01', () => {
    expect(epochDayOf('1970-01-01')).toBe(0);
    expect(epochDayOf('2020-01-20')).toBe(18281);
  });

  it('rejects impossible dates', () => {
    expect(epochDayOf('2020-02-30')).toBeUndefined();
    expect(epochDayOf('2019-02-29')).toBeUndefined();
    expect(epochDayOf('2020-13-01')).toBeUndefined();
    expect(epochDayOf('20-01-01')).toBeUndefined();
  });

  it('accepts a leap day', () => {
    expect(epochDayOf('2020-02-29')).toBe(epochDayOf('2020-03-01')! - 1);
  });

  it('round-trips through isoDateOfEpochDay', () => {
    expect(isoDateOfEpochDay(epochDayOf('2020-06-30')!)).toBe('2020-06-30');
  });
});

describe('dayIndexOf', () => {
  it('is 0 on the start date and negative before it', () => {
    expect(dayIndexOf('2020-01-20', '2020-01-20')).toBe(0);
    expect(dayIndexOf('2020-03-01', '2020-01-20')).toBe(41);
    expect(dayIndexOf('2020-01-10', '2020-01-20')).toBe(-10);
  });

  it('throws for an invalid date', () => {
    expect(() => dayIndexOf('2020-02-30', '2020-01-20')).toThrow(RangeError);
  });
});

describe('calendarOf', () => {
  it('lists every date from start to end inclusive', () => {
    const calendar = calendarOf(validOrThrow(shippedDocument('korea-2020.json')));
    expect(calendar.startDate).toBe('2020-01-20');
    expect(calendar.dayCount).toBe(225);
    expect(calendar.dates).toHaveLength(225);
    expect(calendar.dates[0]).toBe('2020-01-20');
    expect(calendar.dates[40]).toBe('2020-02-29');
    expect(calendar.dates[162]).toBe('2020-06-30');
    expect(calendar.dates[224]).toBe('2020-08-31');
  });
});
