import { describe, expect, it } from 'vitest';

import { fieldOf, listOf, numbersOf, paramRangeOf } from '../../scenarios/lenient.js';

describe('paramRangeOf', () => {
  it('gives a number as its own range', () => {
    expect(paramRangeOf(2)).toEqual({ low: 2, high: 2 });
  });

  it('gives the support of a distribution', () => {
    expect(paramRangeOf({ dist: 'uniform', min: 1, max: 3 })).toEqual({ low: 1, high: 3 });
    expect(paramRangeOf({ dist: 'normal', mean: 3, sd: 0.5 })).toEqual({ low: 1, high: 5 });
  });

  it('returns undefined for what it cannot read', () => {
    expect(paramRangeOf('3')).toBeUndefined();
    expect(paramRangeOf({ dist: 'uniform', min: 1 })).toBeUndefined();
    expect(paramRangeOf({ dist: 'weibull' })).toBeUndefined();
    expect(paramRangeOf(Number.NaN)).toBeUndefined();
  });
});

describe('readers', () => {
  it('tolerate values of the wrong type', () => {
    expect(fieldOf([1], 'length')).toBeUndefined();
    expect(fieldOf(null, 'a')).toBeUndefined();
    expect(listOf({ a: 1 })).toEqual([]);
    expect(numbersOf([1, '2'])).toBeUndefined();
    expect(numbersOf([1, 2])).toEqual([1, 2]);
  });
});
