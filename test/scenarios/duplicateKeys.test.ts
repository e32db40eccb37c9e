import { describe, expect, it } from 'vitest';

import { findDuplicateKeys } from '../../scenarios/duplicateKeys.js';

describe('findDuplicateKeys', () => {
  it('finds nothing in JSON without repeated keys', () => {
    expect(findDuplicateKeys('{"a": 1, "b": {"a": 2}, "c": [{"a": 3}, {"a": 4}]}')).toEqual([]);
    expect(findDuplicateKeys('[1, "a", "a", {"x": "x"}]')).toEqual([]);
    expect(findDuplicateKeys('"plain"')).toEqual([]);
  });

  it('reports each repeat with its path', () => {
    const text = '{"name": "x", "simulation": {"start": "a", "end": "b", "end": "c"}, "name": "y"}';
    expect(findDuplicateKeys(text)).toEqual([['simulation', 'end'], ['name']]);
  });

  it('counts list entries in the path', () => {
    const text = '{"seeding": [{"region": "A"}, {"region": "A", "date": 1, "region": "B", "region": "C"}]}';
    expect(findDuplicateKeys(text)).toEqual([
      ['seeding', 1, 'region'],
      ['seeding', 1, 'region'],
    ]);
  });

  it('compares keys after decoding their escapes', () => {
    expect(findDuplicateKeys('{"end": 1, "\\u0065nd": 2}')).toEqual([['end']]);
    expect(findDuplicateKeys('{"a\\"b": 1, "a\\\\": {"x": 1}, "a\\"b": 2}')).toEqual([['a"b']]);
  });

  it('ignores string values that look like keys', () => {
    expect(findDuplicateKeys('{"a": "a", "b": "a", "c": ["a", "b"]}')).toEqual([]);
  });

  it('scans nesting deeper than the call stack', () => {
    const depth = 200_000;
    const text = `{"a": ${'['.repeat(depth)}{"k": 1, "k": 2}${']'.repeat(depth)}}`;
    const found = findDuplicateKeys(text);
    expect(found).toHaveLength(1);
    expect(found[0]).toHaveLength(depth + 2);
    expect(found[0]!.at(-1)).toBe('k');
  });
});
