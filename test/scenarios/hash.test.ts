import { describe, expect, it } from 'vitest';

import { canonicalJson, scenarioHash } from '../../scenarios/hash.js';
import { shippedDocument, validOrThrow } from './fixtures.js';

describe('canonicalJson', () => {
  it('sorts keys at every level', () => {
    const text = canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: 'x' } });
    expect(text).toBe('{"a":{"c":"x","d":[2,{"y":2,"z":1}]},"b":1}');
  });

  it('leaves out undefined fields', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });
});

describe('scenarioHash', () => {
  it('is 64 hex digits', () => {
    expect(scenarioHash(validOrThrow(shippedDocument('test-single-region.json')))).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is the same when a default is written out', () => {
    const plain = shippedDocument('test-single-region.json');
    const explicit = shippedDocument('test-single-region.json');
    explicit.epidemiology.latentDays = 3;
    expect(scenarioHash(validOrThrow(explicit))).toBe(scenarioHash(validOrThrow(plain)));
  });

  it('changes when a value changes', () => {
    const plain = shippedDocument('test-single-region.json');
    const changed = shippedDocument('test-single-region.json');
    changed.transmission.r0 = 2.6;
    expect(scenarioHash(validOrThrow(changed))).not.toBe(scenarioHash(validOrThrow(plain)));
  });
});
