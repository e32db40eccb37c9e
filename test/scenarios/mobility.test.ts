import { describe, expect, it } from 'vitest';

import { distanceKm, mobilityMatrix } from '../../scenarios/mobility.js';
import { twoRegionDocument, validOrThrow } from './fixtures.js';

describe('distanceKm', () => {
  it('gives one degree of longitude at the equator', () => {
    // 2 pi x 6371.0088 / 360
    expect(distanceKm(0, 0, 0, 1)).toBeCloseTo(111.195, 3);
  });

  it('gives Seoul to Busan city halls at about 325 km', () => {
    expect(distanceKm(37.566953, 126.977977, 35.179884, 129.074796)).toBeCloseTo(325, -1);
  });
});

describe('mobilityMatrix', () => {
  it('is the identity without mobility', () => {
    const document = twoRegionDocument();
    delete document.transmission.mobility;
    expect(Array.from(mobilityMatrix(validOrThrow(document), Float64Array.from([4000, 2000])))).toEqual([1, 0, 0, 1]);
  });

  it('decays with distance', () => {
    const document = twoRegionDocument();
    document.transmission.mobility.distanceDecayKm = distanceKm(0, 0, 0, 1);
    const matrix = mobilityMatrix(validOrThrow(document), Float64Array.from([4000, 2000]));
    // One degree apart at the decay length: shares of the formula times exp(-1).
    expect(matrix[1]).toBeCloseTo(0.05 * Math.exp(-1), 9);
    expect(matrix[0]! + matrix[1]!).toBeCloseTo(1, 14);
  });

  it('throws when a row sends more than all contacts away', () => {
    const document = twoRegionDocument();
    document.transmission.mobility.scale = 1000;
    const scenario = { ...validOrThrow(twoRegionDocument()), transmission: document.transmission };
    expect(() => mobilityMatrix(scenario, Float64Array.from([4000, 2000]))).toThrow(RangeError);
  });
});
