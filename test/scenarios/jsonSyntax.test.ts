import { describe, expect, it } from 'vitest';

import { findJsonSyntaxError } from '../../scenarios/jsonSyntax.js';

describe('findJsonSyntaxError', () => {
  it('accepts valid JSON', () => {
    for (const text of ['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"]} ', '"text"', '0']) {
      expect(findJsonSyntaxError(text)).toBeUndefined();
    }
  });

  it('locates a missing comma', () => {
    const error = findJsonSyntaxError('{\n  "a": 1\n  "b": 2\n}');
    expect(error).toMatchObject({ line: 3, column: 3, found: "'\"'" });
  });

  it('locates a trailing comma', () => {
    expect(findJsonSyntaxError('{"a": 1,}')).toMatchObject({ line: 1, column: 9, found: "'}'" });
  });

  it('locates a bad literal', () => {
    expect(findJsonSyntaxError('[tru]')).toMatchObject({ line: 1, column: 2 });
  });

  it('locates the end of truncated input', () => {
    expect(findJsonSyntaxError('{"a": [1, 2')).toMatchObject({ line: 1, column: 12, found: 'end of input' });
  });

  it('locates trailing text after the value', () => {
    expect(findJsonSyntaxError('{} x')).toMatchObject({ column: 4, expected: 'the end of the document' });
  });

  it('rejects what JSON.parse rejects', () => {
    const cases = ['{a: 1}', "{'a': 1}", '[01]', '[1.]', '["\t"]', '["\\x"]', '[NaN]', '', '{"a" 1}', '[1 2]'];
    for (const text of cases) {
      expect(() => JSON.parse(text)).toThrow();
      expect(findJsonSyntaxError(text)).toBeDefined();
    }
  });
});
