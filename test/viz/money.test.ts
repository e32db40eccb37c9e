import { describe, expect, it } from 'vitest';
import { formatMoney, formatMoneyTogether, moneyScaleFor, moneyUnit } from '../../viz/money.js';

describe('formatMoney', () => {
  it('writes whole amounts of five or more digits', () => {
    expect(formatMoney(14_755_101_623_777)).toBe('14,755 billion');
    expect(formatMoney(237_643_410_122)).toBe('237,643 million');
    expect(formatMoney(72_657_000_000)).toBe('72,657 million');
    expect(formatMoney(1_485_271_313)).toBe('1,485,271 thousand');
    expect(formatMoney(140_000_000_000_000_000)).toBe('140,000 trillion');
  });

  it('tells apart amounts 0.01 % apart', () => {
    expect(formatMoney(14_755_101_623_777)).not.toBe(formatMoney(14_756_586_895_090));
    expect(formatMoney(10_000_000_000)).not.toBe(formatMoney(10_001_000_000));
  });

  it('keeps the sign of a saving', () => {
    expect(formatMoney(-4_277_260_455_678)).toBe('-4,277,260 million');
  });

  it('writes amounts below 10 million in units', () => {
    expect(formatMoney(9_999_999)).toBe('9,999,999');
    expect(formatMoney(160_000)).toBe('160,000');
    expect(formatMoney(-0.4)).toBe('0');
  });

  it('gives n/a without a value', () => {
    expect(formatMoney(Number.NaN)).toBe('n/a');
  });
});

describe('moneyScaleFor', () => {
  it('keeps at least 10,000 units', () => {
    expect(moneyUnit(moneyScaleFor(2.1e12), 'KRW')).toBe('million KRW');
    expect(moneyUnit(moneyScaleFor(1.42e13), 'KRW')).toBe('billion KRW');
    expect(moneyUnit(moneyScaleFor(4.5e10), 'KRW')).toBe('million KRW');
    expect(moneyUnit(moneyScaleFor(1e7), 'KRW')).toBe('thousand KRW');
    expect(moneyUnit(moneyScaleFor(9_999_999), 'KRW')).toBe('KRW');
    expect(moneyUnit(moneyScaleFor(-1.42e13), 'KRW')).toBe('billion KRW');
    expect(moneyScaleFor(Number.NaN).divisor).toBe(1);
  });
});

describe('formatMoneyTogether', () => {
  it('writes a value and interval in one scale', () => {
    expect(formatMoneyTogether([13_229e6, 9_599_309e3, 14_928e6])).toEqual([
      '13,229 million',
      '9,599 million',
      '14,928 million',
    ]);
  });

  it('picks the scale of the largest magnitude', () => {
    expect(formatMoneyTogether([5_040_000, -1_888_000, 23_664e3])).toEqual([
      '5,040 thousand',
      '-1,888 thousand',
      '23,664 thousand',
    ]);
    expect(formatMoneyTogether([-5_066_493e3, -11_859e6, -3_929_523e3])).toEqual([
      '-5,066 million',
      '-11,859 million',
      '-3,930 million',
    ]);
  });

  it('writes small amounts as zero of the scale', () => {
    expect(formatMoneyTogether([400, -300, 2e10])).toEqual(['0 million', '0 million', '20,000 million']);
  });

  it('keeps units when every amount is small', () => {
    expect(formatMoneyTogether([160_000, 9_999_999])).toEqual(['160,000', '9,999,999']);
  });

  it('ignores a missing amount for the scale', () => {
    expect(formatMoneyTogether([Number.NaN, 2e10])).toEqual(['n/a', '20,000 million']);
    expect(formatMoneyTogether([Number.NaN])).toEqual(['n/a']);
  });
});
