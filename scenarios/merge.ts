/**
 * Merging a scenario file into the base file it extends.
 *
 * A scenario file may name a base with a top-level `"extends": "korea-2020.json"` and then give only what
 * differs. `extends.ts` reads the chain of files. This module merges one file into the result of its
 * bases by these rules:
 *
 * - Objects merge key by key, recursively. A key that the extending file leaves out keeps the base value.
 * - Any other value replaces the base value as a whole: numbers, strings, true and false, lists, and
 *   distribution objects (`{"dist": ...}` in either file), which never merge field by field.
 * - `null` removes the key from the base, as in JSON Merge Patch (RFC 7396). No scenario field takes null.
 * - An object whose keys start with `$` is an edit of the base value, built from the operators below.
 *   Any other `$` key is a problem, and so is an operator with no base value to edit.
 *
 * Operators that edit a list. A missing base list counts as empty.
 *
 * - `{"$remove": {"kind": "drive_through"}}` drops every entry whose fields equal all the given values.
 *   A list of such objects drops every entry that matches any of them.
 * - `{"$patch": {"match": {"region": "KR-27"}, "set": {"testsPerDayPerSite": 200}}}` merges `set` into
 *   every entry that matches, by the rules above, so `set` may also remove a field with `null` or edit
 *   one with `$shiftDays` or `$multiply`. `"match": {}` matches every entry. A list of patches applies
 *   them in order.
 * - `{"$append": [ ... ]}` adds entries at the end.
 *
 * One object may combine the three. They apply in the order remove, patch, append, so a patch never
 * changes an appended entry. A `$remove` or `$patch` that matches nothing is a warning.
 *
 * Operators that edit one value, each on its own:
 *
 * - `{"$shiftDays": 14}` moves an ISO date 14 days later, and a negative number moves it earlier.
 * - `{"$multiply": 0.5}` multiplies a number. It rejects a distribution instead of scaling it.
 *
 * Matching compares values as written in the files, before defaults are filled in, so `{"count": 1}`
 * does not match a site that leaves `count` to its default.
 *
 * Examples, each the whole of a file that extends the Korea 2020 scenario:
 *
 * ```json
 * { "extends": "korea-2020.json", "name": "No drive-through sites",
 *   "testing": { "sites": { "$remove": [{ "kind": "drive_through" }, { "kind": "walk_through" }] } } }
 * { "extends": "korea-2020.json", "name": "Sites 14 days later",
 *   "testing": { "sites": { "$patch": { "match": {}, "set": { "opens": { "$shiftDays": 14 } } } } } }
 * { "extends": "korea-2020.json", "name": "Half the tracing staff",
 *   "tracing": { "staff": { "$patch": { "match": {}, "set": { "tracers": { "$multiply": 0.5 } } } } } }
 * { "extends": "korea-2020.json", "name": "No transfers", "care": { "transfers": [] } }
 * ```
 */

import { isDeepStrictEqual } from 'node:util';

import { epochDayOf, isoDateOfEpochDay } from './calendar.js';
import { isRecord } from './lenient.js';
import * as messages from './messages.js';
import type { Problem } from './messages.js';
import { formatPath, formatReceived } from './problems.js';

/**
 * The file that set each part of a merged value: one file name for a value set as a whole, or one
 * origin per entry of a list or per key of an object whose parts come from several files.
 */
export type Origin = string | Origin[] | Map<string, Origin>;

/** A value of a scenario document with the file that set each part of it. */
export interface Traced {
  value: unknown;
  origin: Origin;
}

/** Problems, warnings and failed edits that a merge records besides the merged value. */
export interface MergeLog {
  problems: Problem[];
  warnings: string[];
  /**
   * Paths, in the merged document, of the values an operator failed to edit. Validation problems at
   * or below them repeat the operator's problem, so the caller drops those.
   */
  failedPaths: string[];
  /**
   * The lists whose entries moved to other positions, some removed or the list replaced, each with
   * the first position whose entry may differ from the base's.
   */
  movedLists: MovedList[];
  /** Paths, in the merged document, of the values that a file removed with `null`, with that file. */
  removedPaths: { path: string; fileName: string }[];
  /** Paths, in the merged document, of the values that `$shiftDays` or `$multiply` computed, with the file. */
  editedPaths: { path: string; fileName: string; operator: string }[];
}

/** A list whose entries from position `from` on may stand at other positions than in the base. */
export interface MovedList {
  path: string;
  from: number;
}

/** The file being merged, for messages and origins, and the log that its merge writes to. */
export interface MergeContext {
  fileName: string;
  log: MergeLog;
}

const LIST_OPERATORS = ['$remove', '$patch', '$append'] as const;
const VALUE_OPERATORS = ['$shiftDays', '$multiply'] as const;
const OPERATORS: readonly string[] = [...LIST_OPERATORS, ...VALUE_OPERATORS];

/**
 * Depth in keys beyond which objects replace rather than merge. Scenario values nest at most six keys
 * deep, so this only stops a deeply nested file from exhausting the call stack.
 */
const MAX_MERGE_DEPTH = 64;

/** Origin of a part that no file can be named for. */
const UNKNOWN_ORIGIN: Origin = new Map();

/**
 * Merges the value an extending file gives at `path` into the base value there, by the rules in
 * this module's description.
 *
 * @param base the base value, or undefined where the base has none
 * @param patch the extending file's value, which must not be undefined
 * @returns the merged value, or undefined where `null` removed it
 */
export function mergeValue(
  base: Traced | undefined,
  patch: unknown,
  path: readonly PropertyKey[],
  context: MergeContext,
): Traced | undefined {
  if (patch === null) return undefined;
  if (isEdit(patch)) return applyEdit(base, patch, path, context);

  if (base !== undefined && isPlainObject(base.value) && isPlainObject(patch) && path.length < MAX_MERGE_DEPTH) {
    return mergeObject(base.value, base.origin, patch, path, context);
  }
  if (base !== undefined && Array.isArray(base.value) && Array.isArray(patch)) {
    const from = firstDifference(base.value, patch);
    if (from !== undefined) context.log.movedLists.push({ path: formatPath(path), from });
  }
  return newValue(patch, path, context);
}

/**
 * Takes a value that has no base to merge into, such as the document of a file without `extends` or
 * an appended entry, and reports each operator inside it.
 */
export function newValue(value: unknown, path: readonly PropertyKey[], context: MergeContext): Traced {
  // An explicit stack, because a file may nest lists deeper than the call stack allows. Each entry
  // links to its container, so that a path is only built for an operator found.
  const pending: PendingValue[] = [{ value, key: undefined, parent: undefined }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (isEdit(next.value)) {
      reportStrayOperators(next.value, [...path, ...keysOf(next)], context);
      continue;
    }
    if (Array.isArray(next.value)) {
      for (const [index, entry] of next.value.entries()) pending.push({ value: entry, key: index, parent: next });
    } else if (isRecord(next.value)) {
      for (const [key, entry] of Object.entries(next.value)) pending.push({ value: entry, key, parent: next });
    }
  }
  return { value, origin: context.fileName };
}

/** A value inside a new value, with its key and the entry of its container. */
interface PendingValue {
  value: unknown;
  key: PropertyKey | undefined;
  parent: PendingValue | undefined;
}

function keysOf(entry: PendingValue): PropertyKey[] {
  const keys: PropertyKey[] = [];
  for (let current: PendingValue | undefined = entry; current?.key !== undefined; current = current.parent) {
    keys.push(current.key);
  }
  return keys.reverse();
}

/** Finds the file that set the value at a path of a merged document, or undefined when several did. */
export function originAt(origin: Origin, path: readonly PropertyKey[]): string | undefined {
  let current: Origin | undefined = origin;
  for (const key of path) {
    if (typeof current === 'string' || current === undefined) break;
    current = partOf(current, key);
  }
  return typeof current === 'string' ? current : undefined;
}

function mergeObject(
  base: Record<string, unknown>,
  baseOrigin: Origin,
  patch: Record<string, unknown>,
  path: readonly PropertyKey[],
  context: MergeContext,
): Traced {
  // Maps, because a key such as __proto__ must stay an ordinary key.
  const values = new Map(Object.entries(base));
  const origins = new Map<string, Origin>();
  for (const key of values.keys()) origins.set(key, childOrigin(baseOrigin, key));

  for (const [key, patchValue] of Object.entries(patch)) {
    const current = values.has(key) ? { value: values.get(key), origin: origins.get(key)! } : undefined;
    const merged = mergeValue(current, patchValue, [...path, key], context);
    if (merged === undefined) {
      values.delete(key);
      origins.delete(key);
      context.log.removedPaths.push({ path: formatPath([...path, key]), fileName: context.fileName });
    } else {
      values.set(key, merged.value);
      origins.set(key, merged.origin);
    }
  }
  return { value: Object.fromEntries(values), origin: origins };
}

function childOrigin(origin: Origin, key: string | number): Origin {
  if (typeof origin === 'string') return origin;
  return partOf(origin, key) ?? UNKNOWN_ORIGIN;
}

/** Reads the origin of one key or entry from the origin of an object or list, or undefined. */
function partOf(origin: Origin[] | Map<string, Origin>, key: PropertyKey): Origin | undefined {
  if (origin instanceof Map) return origin.get(String(key));
  if (typeof key === 'number') return origin[key];
  return undefined;
}

/** Tells whether a value is an edit: an object with a key that starts with `$`. */
function isEdit(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && Object.keys(value).some((key) => key.startsWith('$'));
}

/** Tells whether a value is an object that merges key by key: not a list and not a distribution. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && !Object.hasOwn(value, 'dist');
}

/** Keeps the base value where an edit failed, and records the path so validation does not report it again. */
function keepBase(base: Traced | undefined, path: readonly PropertyKey[], context: MergeContext): Traced | undefined {
  context.log.failedPaths.push(formatPath(path));
  return base;
}

function applyEdit(
  base: Traced | undefined,
  edit: Record<string, unknown>,
  path: readonly PropertyKey[],
  context: MergeContext,
): Traced | undefined {
  const { fileName, log } = context;
  const pathText = formatPath(path);
  const keys = Object.keys(edit);
  const fields = keys.filter((key) => !key.startsWith('$'));
  const unknown = keys.filter((key) => key.startsWith('$') && !OPERATORS.includes(key));
  const valueOperators = keys.filter((key) => (VALUE_OPERATORS as readonly string[]).includes(key));
  const listOperators = keys.filter((key) => (LIST_OPERATORS as readonly string[]).includes(key));

  // Every mistake in the shape of the edit is reported before giving up on it.
  if (fields.length > 0) log.problems.push(messages.operatorMixedWithFields(pathText, fileName, fields));
  for (const operator of unknown) log.problems.push(messages.unknownOperator(pathText, fileName, operator, OPERATORS));
  const combined = valueOperators.length > 1 || (valueOperators.length === 1 && listOperators.length > 0);
  if (combined) log.problems.push(messages.operatorsCombined(pathText, fileName, [...listOperators, ...valueOperators]));
  if (fields.length > 0 || unknown.length > 0 || combined) return keepBase(base, path, context);

  const valueOperator = valueOperators[0];
  if (valueOperator !== undefined) return editValue(base, valueOperator, edit[valueOperator], path, context);
  return editList(base, edit, path, context);
}

function reportStrayOperators(edit: Record<string, unknown>, path: readonly PropertyKey[], context: MergeContext): void {
  const pathText = formatPath(path);
  for (const key of Object.keys(edit).filter((name) => name.startsWith('$'))) {
    context.log.problems.push(
      OPERATORS.includes(key)
        ? messages.operatorWithoutBase(pathText, context.fileName, key)
        : messages.unknownOperator(pathText, context.fileName, key, OPERATORS),
    );
  }
  context.log.failedPaths.push(pathText);
}

// Operators that edit one value.

/** Dates that `YYYY-MM-DD` can write and `epochDayOf` reads, as days from 1970-01-01. */
const FIRST_EPOCH_DAY = epochDayOf('0100-01-01')!;
const LAST_EPOCH_DAY = epochDayOf('9999-12-31')!;

function editValue(
  base: Traced | undefined,
  operator: string,
  argument: unknown,
  path: readonly PropertyKey[],
  context: MergeContext,
): Traced | undefined {
  const { fileName, log } = context;
  const pathText = formatPath(path);
  const received = formatReceived(base?.value);

  if (operator === '$shiftDays') {
    if (typeof argument !== 'number' || !Number.isInteger(argument)) {
      const problem = messages.operatorArgumentInvalid(pathText, fileName, operator, formatReceived(argument), 'a whole number of days');
      log.problems.push(problem);
      return keepBase(base, path, context);
    }
    const epochDay = typeof base?.value === 'string' ? epochDayOf(base.value) : undefined;
    if (base === undefined || epochDay === undefined) {
      log.problems.push(messages.operatorBaseMismatch(pathText, fileName, operator, received, 'an ISO date YYYY-MM-DD'));
      return keepBase(base, path, context);
    }
    const shifted = epochDay + argument;
    if (shifted < FIRST_EPOCH_DAY || shifted > LAST_EPOCH_DAY) {
      log.problems.push(messages.shiftedDateOutOfRange(pathText, fileName, String(base.value), argument));
      return keepBase(base, path, context);
    }
    log.editedPaths.push({ path: pathText, fileName, operator });
    return { value: isoDateOfEpochDay(shifted), origin: fileName };
  }

  // $multiply
  if (typeof argument !== 'number' || !Number.isFinite(argument)) {
    log.problems.push(messages.operatorArgumentInvalid(pathText, fileName, operator, formatReceived(argument), 'a number'));
    return keepBase(base, path, context);
  }
  if (base === undefined || typeof base.value !== 'number') {
    log.problems.push(messages.operatorBaseMismatch(pathText, fileName, operator, received, 'a number'));
    return keepBase(base, path, context);
  }
  log.editedPaths.push({ path: pathText, fileName, operator });
  return { value: base.value * argument, origin: fileName };
}

// Operators that edit a list.

/** A test on a list entry: the fields it must have, with their values. */
type Match = Record<string, unknown>;

interface Patch {
  match: Match;
  set: Record<string, unknown>;
}

function editList(
  base: Traced | undefined,
  edit: Record<string, unknown>,
  path: readonly PropertyKey[],
  context: MergeContext,
): Traced | undefined {
  if (base !== undefined && !Array.isArray(base.value)) {
    const operators = Object.keys(edit).join(', ');
    const problem = messages.operatorBaseMismatch(formatPath(path), context.fileName, operators, formatReceived(base.value), 'a list');
    context.log.problems.push(problem);
    return keepBase(base, path, context);
  }

  const baseEntries = base === undefined ? [] : (base.value as unknown[]);
  let entries: Traced[] = baseEntries.map((value, index) => ({ value, origin: childOrigin(base!.origin, index) }));
  if (Object.hasOwn(edit, '$remove')) {
    const kept = removeEntries(entries, edit.$remove, path, context);
    const from = entries.findIndex((entry, index) => kept[index] !== entry);
    if (from >= 0) context.log.movedLists.push({ path: formatPath(path), from });
    entries = kept;
  }
  if (Object.hasOwn(edit, '$patch')) entries = patchEntries(entries, edit.$patch, path, context);
  if (Object.hasOwn(edit, '$append')) entries = appendEntries(entries, edit.$append, path, context);
  return { value: entries.map((entry) => entry.value), origin: entries.map((entry) => entry.origin) };
}

/** Returns the first position at which two lists differ, or undefined when they are equal. */
function firstDifference(base: readonly unknown[], patch: readonly unknown[]): number | undefined {
  const length = Math.max(base.length, patch.length);
  for (let index = 0; index < length; index++) {
    if (index >= base.length || index >= patch.length || !isDeepStrictEqual(base[index], patch[index])) return index;
  }
  return undefined;
}

function removeEntries(entries: Traced[], argument: unknown, path: readonly PropertyKey[], context: MergeContext): Traced[] {
  const matches = isRecord(argument) ? [argument] : listOfObjects(argument);
  if (matches === undefined) {
    const expected = 'an object of field values, or a list of them';
    invalidArgument(path, '$remove', argument, expected, context);
    return entries;
  }

  for (const match of matches) {
    if (!entries.some((entry) => isMatch(entry.value, match))) warnNoMatch(path, '$remove', match, context, entries);
  }
  return entries.filter((entry) => !matches.some((match) => isMatch(entry.value, match)));
}

function patchEntries(entries: Traced[], argument: unknown, path: readonly PropertyKey[], context: MergeContext): Traced[] {
  const patches = (isRecord(argument) ? [argument] : listOfObjects(argument))?.map(patchOf);
  if (patches === undefined || patches.some((patch) => patch === undefined)) {
    const expected = 'an object {"match": {...}, "set": {...}} with nothing else, or a list of them';
    invalidArgument(path, '$patch', argument, expected, context);
    return entries;
  }

  let patched = entries;
  for (const patch of patches as Patch[]) {
    let matched = false;
    const repeats = new RepeatedProblems(path, context);
    patched = patched.map((entry, index) => {
      if (!isMatch(entry.value, patch.match)) return entry;
      matched = true;
      const before = context.log.problems.length;
      // `set` is an object, so the merge never removes the entry.
      const merged = mergeValue(entry, patch.set, [...path, index], context) ?? entry;
      repeats.collect(index, context.log.problems.splice(before));
      return merged;
    });
    repeats.finish();
    if (!matched) warnNoMatch(path, '$patch', patch.match, context, entries);
  }
  return patched;
}

/**
 * Reports a problem that one `$patch` causes in many entries once, at the first entry, with the
 * positions of the others, so that a mistake in `set` does not fill the screen.
 */
class RepeatedProblems {
  /** The problem reported for each path within an entry, with the paths where it recurs. */
  private readonly first = new Map<string, { slot: number; others: string[] }>();

  constructor(
    private readonly listPath: readonly PropertyKey[],
    private readonly context: MergeContext,
  ) {}

  /** Reports the problems of the entry at `index` that no earlier entry had at the same path. */
  collect(index: number, problems: readonly Problem[]): void {
    const prefix = formatPath([...this.listPath, index]);
    for (const problem of problems) {
      const within = problem.path.startsWith(prefix) ? problem.path.slice(prefix.length) : undefined;
      const seen = within === undefined ? undefined : this.first.get(within);
      if (seen !== undefined) {
        seen.others.push(problem.path);
        continue;
      }
      if (within !== undefined) this.first.set(within, { slot: this.context.log.problems.length, others: [] });
      this.context.log.problems.push(problem);
    }
  }

  /** Adds to each reported problem the other entries where it recurs. */
  finish(): void {
    for (const { slot, others } of this.first.values()) {
      if (others.length === 0) continue;
      const problem = this.context.log.problems[slot]!;
      this.context.log.problems[slot] = { ...problem, message: messages.problemRepeats(problem.message, others) };
    }
  }
}

function appendEntries(entries: Traced[], argument: unknown, path: readonly PropertyKey[], context: MergeContext): Traced[] {
  if (!Array.isArray(argument)) {
    invalidArgument(path, '$append', argument, 'a list of entries', context);
    return entries;
  }
  const appended = argument.map((entry, offset) => newValue(entry, [...path, entries.length + offset], context));
  return [...entries, ...appended];
}

function listOfObjects(value: unknown): Record<string, unknown>[] | undefined {
  if (!Array.isArray(value) || value.length === 0 || !value.every(isRecord)) return undefined;
  return value;
}

function patchOf(value: Record<string, unknown>): Patch | undefined {
  const { match, set } = value;
  const onlyMatchAndSet = Object.keys(value).every((key) => key === 'match' || key === 'set');
  if (!onlyMatchAndSet || !isRecord(match) || !isRecord(set)) return undefined;
  return { match, set };
}

function invalidArgument(
  path: readonly PropertyKey[],
  operator: string,
  argument: unknown,
  expected: string,
  context: MergeContext,
): void {
  const pathText = formatPath(path);
  context.log.problems.push(
    messages.operatorArgumentInvalid(pathText, context.fileName, operator, formatReceived(argument), expected),
  );
  context.log.failedPaths.push(pathText);
}

/**
 * Warns about a match that found no entry. A match reads only the fields the files write, not the
 * schema's defaults. When some entries would match but leave fields of the match out, the warning
 * names those fields.
 */
function warnNoMatch(
  path: readonly PropertyKey[],
  operator: string,
  match: Match,
  context: MergeContext,
  entries: readonly Traced[],
): void {
  const fields = Object.entries(match);
  const nearMatches = entries.filter(
    ({ value }) =>
      isRecord(value) && fields.every(([key, wanted]) => !Object.hasOwn(value, key) || jsonEqual(value[key], wanted)),
  );
  // A field that no entry has is most likely misspelt, so it is named apart from the fields that
  // some entries leave to the schema's defaults.
  const entryFields = new Set(entries.flatMap(({ value }) => (isRecord(value) ? Object.keys(value) : [])));
  const unknown = entryFields.size === 0 ? [] : fields.map(([key]) => key).filter((key) => !entryFields.has(key));
  const unwritten = fields
    .map(([key]) => key)
    .filter((key) => entryFields.has(key))
    .filter((key) => nearMatches.some(({ value }) => !Object.hasOwn(value as Record<string, unknown>, key)));
  const warning = messages.warnings.operatorMatchesNothing(
    formatPath(path),
    context.fileName,
    operator,
    formatReceived(match),
    { unwritten, unknown, entryFields: [...entryFields] },
  );
  context.log.warnings.push(warning);
}

/** Tells whether a list entry is an object with every field of the match, each equal to the match's value. */
function isMatch(entry: unknown, match: Match): boolean {
  if (!isRecord(entry)) return false;
  return Object.entries(match).every(([key, value]) => Object.hasOwn(entry, key) && jsonEqual(entry[key], value));
}

/** Compares two parsed JSON values by content, with an explicit stack for deeply nested values. */
function jsonEqual(a: unknown, b: unknown): boolean {
  const pending: [unknown, unknown][] = [[a, b]];
  for (let pair = pending.pop(); pair !== undefined; pair = pending.pop()) {
    const [left, right] = pair;
    if (Array.isArray(left) && Array.isArray(right)) {
      if (left.length !== right.length) return false;
      for (let i = 0; i < left.length; i++) pending.push([left[i], right[i]]);
    } else if (isRecord(left) && isRecord(right)) {
      const keys = Object.keys(left);
      if (keys.length !== Object.keys(right).length) return false;
      for (const key of keys) {
        if (!Object.hasOwn(right, key)) return false;
        pending.push([left[key], right[key]]);
      }
    } else if (left !== right) {
      return false;
    }
  }
  return true;
}
