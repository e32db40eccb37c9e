import { describe, expect, it } from 'vitest';

import { formatPath, formatReceived, parsePath, valueAt } from '../../scenarios/problems.js';

describe('formatPath', () => {
  it('writes keys and indices as a JSON path', () => {
    expect(formatPath(['testing', 'sites', 3, 'region'])).toBe('testing.sites[3].region');
    expect(formatPath(['labCapacity', 'KR-27'])).toBe('labCapacity["KR-27"]');
    expect(formatPath([])).toBe('');
  });
});

describe('formatReceived', () => {
  it('shows JSON, shortened', () => {
    expect(formatReceived(undefined)).toBe('nothing');
    expect(formatReceived('KR-99')).toBe('"KR-99"');
    expect(formatReceived(new Array(100).fill(1)).length).toBe(60);
  });

  it('escapes invisible and direction characters', () => {
    expect(formatReceived('\u200b')).toBe('"\\u200B"');
    expect(formatReceived({ '\u202eab': 'x\u2028y' })).toBe('{"\\u202Eab":"x\\u2028y"}');
    expect(formatReceived('대구 ✓')).toBe('"대구 ✓"');
  });

  it('writes the same text as JSON.stringify', () => {
    const values = [
      null,
      true,
      -1.5e-7,
      'say "hi"\n',
      [],
      {},
      [1, [2, [3, {}]], 'x'],
      { a: 1, 'b c': [null, false], d: { e: 'f' }, skipped: undefined },
      [undefined, 1],
      { dist: 'uniform', min: 0.1, max: 0.2 },
    ];
    for (const value of values) expect(formatReceived(value)).toBe(JSON.stringify(value));
  });

  it('cuts long JSON at the same place as before', () => {
    const value = { regions: [{ code: 'KR-11', name: 'Seoul', populationByAge: [1, 2, 3, 4, 5, 6, 7, 8, 9] }] };
    expect(formatReceived(value)).toBe(`${JSON.stringify(value).slice(0, 57)}...`);
  });

  it('shows a value nested deeper than the call stack', () => {
    // JSON.stringify overflows the call stack on this value, which JSON.parse accepts.
    const depth = 200_000;
    const nested: unknown = JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);
    expect(() => JSON.stringify(nested)).toThrow(RangeError);
    expect(formatReceived(nested)).toBe(`${'['.repeat(57)}...`);
    expect(formatReceived({ a: nested })).toBe(`{"a":${'['.repeat(52)}...`);
  });
});

describe('valueAt', () => {
  it('follows a path and stops where it breaks', () => {
    const document = { a: [{ b: 2 }] };
    expect(valueAt(document, ['a', 0, 'b'])).toBe(2);
    expect(valueAt(document, ['a', 1, 'b'])).toBeUndefined();
    expect(valueAt(document, ['a', 0, 'b', 'c'])).toBeUndefined();
  });
});

describe('parsePath', () => {
  it('reads back what formatPath writes', () => {
    const paths: PropertyKey[][] = [
      [],
      ['testing', 'sites', 3, 'opens'],
      ['labCapacity', 'KR-27', 0],
      [0, 'a'],
      ['say "hi"', '$patch'],
    ];
    for (const path of paths) expect(parsePath(formatPath(path))).toEqual(path);
  });

  it('returns undefined for other text', () => {
    for (const text of ['.a', 'a..b', 'a[', 'a[x]', 'a b']) expect(parsePath(text)).toBeUndefined();
  });
});
