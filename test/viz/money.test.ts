import { describe, expect, it } from 'vitest';
import { formatMoney, moneyScaleFor, moneyUnit } from '../../viz/money.js';

describe('formatMoney', () => {
  it('uses short-scale words with three digits', () => {
    expect(formatMoney(14_245_408_216_134)).toBe('14.2 trillion');
    expect(formatMoney(194_300_000_000)).toBe('194 billion');
    expect(formatMoney(73_150_000)).toBe('73.2 million');
    expect(formatMoney(1_180_000)).toBe('1.18 million');
  });

  it('keeps the sign of a saving', () => {
    expect(formatMoney(-4_272_010_000_000)).toBe('-4.27 trillion');
  });

  it('writes amounts below a million in units', () => {
    expect(formatMoney(160_000)).toBe('160,000');
    expect(formatMoney(-0.4)).toBe('0');
  });

  it('gives n/a without a value', () => {
    expect(formatMoney(Number.NaN)).toBe('n/a');
  });
});

describe('moneyScaleFor', () => {
  it('picks the largest scale reached', () => {
    expect(moneyUnit(moneyScaleFor(2.1e12), 'KRW')).toBe('trillion KRW');
    expect(moneyUnit(moneyScaleFor(4.5e10), 'KRW')).toBe('billion KRW');
    expect(moneyUnit(moneyScaleFor(999_999), 'KRW')).toBe('KRW');
    expect(moneyScaleFor(Number.NaN).divisor).toBe(1);
  });
});
