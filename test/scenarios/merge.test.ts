import { describe, expect, it } from 'vitest';

import { mergeValue, newValue, originAt, type MergeContext, type Traced } from '../../scenarios/merge.js';

function contextFor(fileName: string): MergeContext {
  return { fileName, log: { problems: [], warnings: [], failedPaths: [], movedLists: [], removedPaths: [], editedPaths: [] } };
}

/** Merges a plan into a base document, as the file `plan.json` over `base.json`, and returns the result. */
function merge(base: unknown, plan: unknown): { merged: Traced; context: MergeContext } {
  const context = contextFor('plan.json');
  const merged = mergeValue(newValue(base, [], contextFor('base.json')), plan, [], context);
  if (merged === undefined) throw new Error('the merge removed the whole document');
  return { merged, context };
}

describe('mergeValue', () => {
  it('merges objects key by key and replaces the rest', () => {
    const base = { a: { b: 1, c: [1, 2], d: 'x' }, e: true };
    const { merged, context } = merge(base, { a: { b: 2, c: [3] }, f: null });
    expect(merged.value).toEqual({ a: { b: 2, c: [3], d: 'x' }, e: true });
    expect(context.log.problems).toEqual([]);
  });

  it('removes a key set to null', () => {
    const { merged } = merge({ a: 1, b: 2 }, { a: null });
    expect(merged.value).toEqual({ b: 2 });
  });

  it('replaces a distribution instead of merging it', () => {
    const base = { r0: { dist: 'triangular', min: 2, mode: 2.5, max: 3 } };
    expect(merge(base, { r0: { dist: 'uniform', min: 1, max: 2 } }).merged.value).toEqual({
      r0: { dist: 'uniform', min: 1, max: 2 },
    });
    // Without `dist` the new object is still no partial edit of the base distribution.
    expect(merge(base, { r0: { max: 4 } }).merged.value).toEqual({ r0: { max: 4 } });
  });

  it('keeps a key named __proto__ as an ordinary key', () => {
    const base = JSON.parse('{"a": 1}') as unknown;
    const plan = JSON.parse('{"__proto__": {"b": 2}}') as unknown;
    const value = merge(base, plan).merged.value as Record<string, unknown>;
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it('applies a list of patches in order', () => {
    const base = { list: [{ k: 'a', v: 1 }, { k: 'b', v: 1 }] };
    const $patch = [
      { match: { k: 'a' }, set: { k: 'b' } },
      { match: { k: 'b' }, set: { v: 5 } },
    ];
    expect(merge(base, { list: { $patch } }).merged.value).toEqual({ list: [{ k: 'b', v: 5 }, { k: 'b', v: 5 }] });
  });

  it('removes a field of the matching entries with null in set', () => {
    const base = { list: [{ k: 'a', end: '2020-01-02' }, { k: 'b', end: '2020-01-03' }] };
    const { merged } = merge(base, { list: { $patch: { match: { k: 'a' }, set: { end: null } } } });
    expect(merged.value).toEqual({ list: [{ k: 'a' }, { k: 'b', end: '2020-01-03' }] });
  });

  it('matches only entries that have every field of the match', () => {
    const base = { list: [{ k: 'a', n: [1, 2] }, { k: 'a' }, 'text', { k: 'a', n: [1, 2, 3] }] };
    const { merged } = merge(base, { list: { $remove: { k: 'a', n: [1, 2] } } });
    expect(merged.value).toEqual({ list: [{ k: 'a' }, 'text', { k: 'a', n: [1, 2, 3] }] });
  });

  it('names the match fields an entry leaves out, since defaults are not seen', () => {
    const base = { list: [{ k: 'a' }, { k: 'b', odds: 2 }] };
    const { merged, context } = merge(base, { list: { $patch: { match: { k: 'a', odds: 1, note: 'x' }, set: { odds: 3 } } } });
    expect(merged.value).toEqual(base);
    expect(context.log.warnings).toEqual([
      'list: $patch {"k":"a","odds":1,"note":"x"} in plan.json matches no entry of the base, so it changes nothing. ' +
        'No entry has a field note: correct the spelling, as the entries have k and odds. ' +
        'An entry would match but does not write odds; a match reads only what the files write, ' +
        "not the schema's defaults: leave it out of the match.",
    ]);
    const written = merge(base, { list: { $remove: { k: 'c' } } }).context.log.warnings;
    expect(written).toEqual(['list: $remove {"k":"c"} in plan.json matches no entry of the base, so it changes nothing.']);
  });

  it('reports a problem of one $patch in many entries once', () => {
    const base = { list: Array.from({ length: 8 }, (_, n) => ({ k: 'a', n })) };
    const { context } = merge(base, { list: { $patch: { match: { k: 'a' }, set: { n: { $shiftDays: 1 }, k: { $multiply: 2 } } } } });
    expect(context.log.problems.map((problem) => problem.path)).toEqual(['list[0].n', 'list[0].k']);
    expect(context.log.problems[0]!.message).toContain('The same problem is at list[1].n, list[2].n, list[3].n and 4 more.');
    expect(context.log.failedPaths).toContain('list[7].n');
  });

  it('keeps the problems of different entries apart', () => {
    const base = { list: [{ k: 'a', n: 1 }, { k: 'a', n: '2020-03-01' }] };
    const { context } = merge(base, { list: { $patch: { match: { k: 'a' }, set: { n: { $shiftDays: 1 } } } } });
    expect(context.log.problems.map((problem) => problem.path)).toEqual(['list[0].n']);
    expect(context.log.problems[0]!.message).not.toContain('The same problem');
  });

  it('treats a missing base list as empty', () => {
    const { merged, context } = merge({}, { list: { $append: [1], $remove: { k: 'a' } } });
    expect(merged.value).toEqual({ list: [1] });
    expect(context.log.warnings).toEqual(['list: $remove {"k":"a"} in plan.json matches no entry of the base, so it changes nothing.']);
  });

  it('shifts dates across month and year ends', () => {
    const base = { a: '2020-12-25', b: '2021-03-01', c: '2020-02-28' };
    const plan = { a: { $shiftDays: 14 }, b: { $shiftDays: -1 }, c: { $shiftDays: 1 } };
    expect(merge(base, plan).merged.value).toEqual({ a: '2021-01-08', b: '2021-02-28', c: '2020-02-29' });
  });

  it('reports a shift past the dates YYYY-MM-DD can write', () => {
    const { merged, context } = merge({ a: '9999-12-01' }, { a: { $shiftDays: 31 } });
    expect(merged.value).toEqual({ a: '9999-12-01' });
    expect(context.log.problems.map((problem) => problem.path)).toEqual(['a']);
    expect(context.log.failedPaths).toEqual(['a']);
  });

  it('reports a fractional shift', () => {
    const { context } = merge({ a: '2020-01-01' }, { a: { $shiftDays: 1.5 } });
    expect(context.log.problems).toHaveLength(1);
    expect(context.log.problems[0]!.expected).toBe('a whole number of days');
  });

  it('names an infinite shift as out of range', () => {
    const { context } = merge({ a: '2020-01-01' }, { a: { $shiftDays: Number.POSITIVE_INFINITY } });
    expect(context.log.problems.map((problem) => problem.message)).toEqual([
      '$shiftDays at a in plan.json is a number beyond the range of a 64-bit float (about ±1.8e308), which reads ' +
        'as Infinity, but must be a whole number of days.',
    ]);
  });

  it('reports an edit that mixes operators and fields', () => {
    const { merged, context } = merge({ list: [1] }, { list: { $append: [2], extra: 1 } });
    expect(merged.value).toEqual({ list: [1] });
    expect(context.log.problems).toHaveLength(1);
    expect(context.log.problems[0]!.message).toContain('mixes operators with the fields extra');
  });

  it('reports two value operators on one value', () => {
    const { context } = merge({ a: 1 }, { a: { $multiply: 2, $shiftDays: 1 } });
    expect(context.log.problems.map((problem) => problem.received)).toEqual(['$multiply, $shiftDays']);
  });

  it('reports a list operator on a value that is not a list', () => {
    const { context } = merge({ a: { b: 1 } }, { a: { $remove: { b: 1 } } });
    expect(context.log.problems).toHaveLength(1);
    expect(context.log.problems[0]!.expected).toBe('a list in the base');
  });

  it('reports each operator inside a new value', () => {
    const context = contextFor('base.json');
    newValue({ a: [{ b: { $shiftDays: 1 } }, { $unknown: 1 }] }, [], context);
    expect(context.log.problems.map((problem) => problem.path).sort()).toEqual(['a[0].b', 'a[1]']);
    expect(context.log.failedPaths.sort()).toEqual(['a[0].b', 'a[1]']);
  });

  it('takes lists nested deeper than the call stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    const { merged, context } = merge({ a: 1 }, { a: deep });
    expect((merged.value as { a: unknown }).a).toBe(deep);
    expect(context.log.problems).toEqual([]);
  });
});

describe('originAt', () => {
  it('names the file that set each value', () => {
    const base = { name: 'base', sites: [{ opens: '2020-01-01', count: 1 }, { opens: '2020-01-02', count: 1 }] };
    const plan = {
      sites: { $patch: { match: { opens: '2020-01-02' }, set: { count: 2 } }, $append: [{ opens: '2020-01-03' }] },
    };
    const { merged } = merge(base, plan);
    expect(originAt(merged.origin, ['name'])).toBe('base.json');
    expect(originAt(merged.origin, ['sites', 0, 'count'])).toBe('base.json');
    expect(originAt(merged.origin, ['sites', 1, 'count'])).toBe('plan.json');
    expect(originAt(merged.origin, ['sites', 1, 'opens'])).toBe('base.json');
    expect(originAt(merged.origin, ['sites', 2, 'count'])).toBe('plan.json');
  });

  it('names no file for a value that several files set', () => {
    const { merged } = merge({ a: { b: 1, c: 2 } }, { a: { b: 3 } });
    expect(originAt(merged.origin, ['a'])).toBeUndefined();
    expect(originAt(merged.origin, [])).toBeUndefined();
    expect(originAt(merged.origin, ['a', 'missing'])).toBeUndefined();
  });
});
