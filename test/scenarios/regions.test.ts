import { describe, expect, it } from 'vitest';

import { regionsOf } from '../../scenarios/index.js';
import { splitWhole } from '../../scenarios/regions.js';
import { shippedDocument, validOrThrow } from './fixtures.js';

describe('splitWhole', () => {
  it('splits into whole parts that sum to the total', () => {
    const parts = splitWhole(10, [1, 1, 1]);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(10);
    expect(parts.every(Number.isInteger)).toBe(true);
    expect(parts).toEqual([4, 3, 3]);
  });

  it('gives the remainder to the largest fractions', () => {
    expect(splitWhole(100, [0.155, 0.345, 0.5])).toEqual([16, 34, 50]);
  });
});

describe('regionsOf', () => {
  it('lists the 17 Korean regions with codes and names', () => {
    const regions = regionsOf(validOrThrow(shippedDocument('korea-2020.json')));
    expect(regions).toHaveLength(17);
    expect(regions[0]).toEqual({ code: 'KR-11', name: 'Seoul', nameKo: '서울' });
    expect(regions.find((r) => r.code === 'KR-27')).toEqual({ code: 'KR-27', name: 'Daegu', nameKo: '대구' });
    expect(new Set(regions.map((r) => r.code)).size).toBe(17);
  });
});
