import { describe, expect, it } from 'vitest';
import { escapeHtml, formatDay, formatNumber, formatShortDate, jsonForScript } from '../../viz/format.js';

describe('formatNumber', () => {
  it('separates thousands and drops decimals from 100 up', () => {
    expect(formatNumber(1234567.4)).toBe('1,234,567');
    expect(formatNumber(100.4)).toBe('100');
  });

  it('keeps one decimal from 1 to 100', () => {
    expect(formatNumber(43.25)).toBe('43.3');
    expect(formatNumber(2)).toBe('2');
  });

  it('keeps two decimals below 1', () => {
    expect(formatNumber(0.4249)).toBe('0.42');
  });

  it('shows a tiny negative value as 0', () => {
    expect(formatNumber(-0.00004)).toBe('0');
    expect(formatNumber(-0)).toBe('0');
    expect(formatNumber(-0.5)).toBe('-0.5');
  });

  it('shows n/a for non-finite values', () => {
    expect(formatNumber(Number.NaN)).toBe('n/a');
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('n/a');
  });
});

describe('formatDay', () => {
  const dates = ['2020-02-28', '2020-02-29', '2020-03-01'];

  it('rounds a mean day to the nearest date', () => {
    expect(formatDay(dates, 1.4, false)).toBe('29 Feb');
    expect(formatDay(dates, 1.6, true)).toBe('1 Mar 2020');
  });

  it('shows n/a outside the dates', () => {
    expect(formatDay(dates, 3, false)).toBe('n/a');
    expect(formatDay(dates, Number.NaN, false)).toBe('n/a');
  });
});

describe('formatShortDate', () => {
  it('writes day and month without leading zero', () => {
    expect(formatShortDate('2021-01-05', false)).toBe('5 Jan');
  });
});

describe('escapeHtml', () => {
  it('escapes markup and quotes', () => {
    expect(escapeHtml(`<b class="x">Tom & 'Jerry'</b>`)).toBe(
      '&lt;b class=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/b&gt;',
    );
  });
});

describe('jsonForScript', () => {
  it('cannot close a script element', () => {
    const text = jsonForScript({ name: '</script><script>alert(1)</script><!--' });
    expect(text).not.toContain('<');
  });

  it('parses back to the same value', () => {
    const value = { name: '</script>', list: [1, 'a<b'] };
    expect(JSON.parse(jsonForScript(value))).toEqual(value);
  });
});
