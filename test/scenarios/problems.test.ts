import { describe, expect, it } from 'vitest';

import { formatPath, formatReceived, valueAt } from '../../scenarios/problems.js';

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
});

describe('valueAt', () => {
  it('follows a path and stops where it breaks', () => {
    const document = { a: [{ b: 2 }] };
    expect(valueAt(document, ['a', 0, 'b'])).toBe(2);
    expect(valueAt(document, ['a', 1, 'b'])).toBeUndefined();
    expect(valueAt(document, ['a', 0, 'b', 'c'])).toBeUndefined();
  });
});
