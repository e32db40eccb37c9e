import { describe, expect, it } from 'vitest';
import { formatNumber, roundForOutput } from '../../cli/format.js';

describe('formatNumber', () => {
  it('writes integers as integers', () => {
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(51_829_023)).toBe('51829023');
    expect(formatNumber(-12)).toBe('-12');
  });

  it('keeps six significant digits', () => {
    expect(formatNumber(1234.56789)).toBe('1234.57');
    expect(formatNumber(0.123456789)).toBe('0.123457');
    expect(formatNumber(2.5)).toBe('2.5');
  });

  it('rounds to an integer when six digits reach the point', () => {
    expect(formatNumber(999_999.7)).toBe('1000000');
    expect(formatNumber(1_234_567.8)).toBe('1234570');
  });

  it('writes 0 below 1e-9', () => {
    expect(formatNumber(3e-10)).toBe('0');
    expect(formatNumber(-3e-10)).toBe('0');
    expect(formatNumber(-0)).toBe('0');
  });

  it('writes small values without an exponent', () => {
    // String(1.23457e-7) would give "1.23457e-7".
    expect(formatNumber(1.234567e-7)).toBe('0.000000123457');
    expect(formatNumber(-5e-8)).toBe('-0.00000005');
    expect(formatNumber(1e-9)).toBe('0.000000001');
  });

  it('writes large values without an exponent', () => {
    expect(formatNumber(1.5e22)).toBe('15000000000000000000000');
  });

  it('writes NaN as an empty cell', () => {
    expect(formatNumber(NaN)).toBe('');
  });

  it('writes infinities as empty cells', () => {
    // A capacity without a limit is Infinity, and series.csv leaves its cells empty.
    expect(formatNumber(Infinity)).toBe('');
    expect(formatNumber(-Infinity)).toBe('');
  });

  it('gives the same text as the rounded number reads back', () => {
    for (const value of [Math.PI, 1 / 3, 2 / 3e5, 123.4565, 7.77e-5]) {
      expect(Number(formatNumber(value))).toBe(roundForOutput(value));
    }
  });
});
