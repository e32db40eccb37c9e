import type * as z from 'zod';

import {
  CURRENCY_CODE_PATTERN,
  DISTRIBUTION_FIELDS,
  NAME_PATTERN,
  REGION_CODE_PATTERN,
  type DistributionIssueParams,
} from './fields.js';
import * as messages from './messages.js';
import type { Problem } from './messages.js';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Formats a path as a JSON path: `testing.sites[3].region`, with `["KR-27"]` for other keys. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (typeof key === 'string' && IDENTIFIER.test(key)) text += text === '' ? key : `.${key}`;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text;
}

const PATH_STEP = /(?:^|\.)([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;

/** Splits a path written by {@link formatPath} into its keys, or returns undefined for any other text. */
export function parsePath(text: string): PropertyKey[] | undefined {
  // formatPath never starts a path with a dot, although the pattern accepts one there.
  if (text.startsWith('.')) return undefined;
  const keys: PropertyKey[] = [];
  PATH_STEP.lastIndex = 0;
  while (PATH_STEP.lastIndex < text.length) {
    const match = PATH_STEP.exec(text);
    if (match === null) return undefined;
    if (match[1] !== undefined) keys.push(match[1]);
    else if (match[2] !== undefined) keys.push(Number(match[2]));
    else keys.push(JSON.parse(match[3]!) as string);
  }
  return keys;
}

/** Reads the value at a path of a parsed JSON document, or undefined where the path does not exist. */
export function valueAt(document: unknown, path: readonly PropertyKey[]): unknown {
  let value = document;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

const RECEIVED_MAX_CHARS = 60;

/** A list or object being written by {@link formatReceived}, with the index of its next entry. */
interface OpenContainer {
  entries: readonly unknown[];
  /** Property names of an object, in the order of `entries`; undefined for a list. */
  keys: readonly string[] | undefined;
  next: number;
}

/**
 * Formats a received value as its JSON, cut to 60 characters.
 *
 * The JSON is written with an explicit stack and stops as soon as the text is longer than the cut,
 * so the stack never has more than about 60 open lists or objects. A value nested deeper than
 * the call stack allows, which `JSON.parse` accepts, is therefore shown like any other.
 */
/**
 * Quotes a text as JSON does, and also escapes the characters a terminal does not show or that turn
 * the line around: zero-width and direction marks, line and paragraph separators. A name of a
 * zero-width space then reads "\u200B" and not "".
 */
export function quoteText(text: string): string {
  return JSON.stringify(text).replace(
    /[\p{Cf}\u2028\u2029]/gu,
    (character) => `\\u${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
  );
}

export function formatReceived(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text = '';
  const open: OpenContainer[] = [];
  let pending: { value: unknown } | undefined = { value };

  while (text.length <= RECEIVED_MAX_CHARS) {
    if (pending !== undefined) {
      const current = pending.value;
      pending = undefined;
      if (Array.isArray(current)) {
        text += '[';
        open.push({ entries: current, keys: undefined, next: 0 });
      } else if (typeof current === 'object' && current !== null) {
        // JSON.stringify leaves out properties whose value is undefined, and so does this.
        const keys = Object.keys(current).filter((key) => (current as Record<string, unknown>)[key] !== undefined);
        text += '{';
        open.push({ entries: keys.map((key) => (current as Record<string, unknown>)[key]), keys, next: 0 });
      } else if (typeof current === 'number' && !Number.isFinite(current)) {
        // JSON.stringify writes these as null. A JSON number past the double range, such as 1e999,
        // parses as Infinity.
        text += String(current);
      } else if (typeof current === 'string') {
        text += quoteText(current);
      } else {
        text += JSON.stringify(current) ?? String(current);
      }
      continue;
    }

    const container = open.at(-1);
    if (container === undefined) break;
    if (container.next === container.entries.length) {
      text += container.keys === undefined ? ']' : '}';
      open.pop();
      continue;
    }
    if (container.next > 0) text += ',';
    if (container.keys !== undefined) text += `${quoteText(container.keys[container.next]!)}:`;
    // Inside a list, JSON.stringify writes undefined as null.
    const entry = container.entries[container.next++];
    pending = { value: entry === undefined && container.keys === undefined ? null : entry };
  }
  return text.length <= RECEIVED_MAX_CHARS ? text : `${text.slice(0, RECEIVED_MAX_CHARS - 3)}...`;
}

function isRootTypeMismatch(branch: readonly z.core.$ZodIssue[]): boolean {
  return branch.length === 1 && branch[0]!.path.length === 0 && branch[0]!.code === 'invalid_type';
}

function isRootValueMismatch(branch: readonly z.core.$ZodIssue[]): boolean {
  return branch.length === 1 && branch[0]!.path.length === 0 && branch[0]!.code === 'invalid_value';
}

/** Returns the forms a union accepts, in the words of the scenario documentation. */
function allowedForms(branches: readonly (readonly z.core.$ZodIssue[])[], keys: readonly PropertyKey[]): string[] {
  const forms = branches.map((branch) => describeBranch(branch));
  // A parameter is the union of a number and a distribution object.
  if (forms.length === 2 && forms[0] === 'a number' && forms[1] === 'an object') {
    return ['a number', 'a distribution object {"dist": ...}'];
  }
  if (keys.at(-1) === 'regions' && forms.length === 2 && forms[1] === 'a list') {
    return [forms[0]!, 'a list of region codes such as ["KR-11"]'];
  }
  return forms;
}

function describeBranch(branch: readonly z.core.$ZodIssue[]): string {
  const issue = branch[0];
  if (issue === undefined) return 'a valid value';
  if (issue.code === 'invalid_type') return messages.describeType(issue.expected);
  if (issue.code === 'invalid_value') return issue.values.map((v) => JSON.stringify(v)).join(' or ');
  return 'a valid value';
}

/**
 * Turns zod issues into problems, one per mistake. A union reports the branch whose type matched
 * the value, so a distribution object with a wrong field reports that field. When no branch
 * matched, the problem lists the allowed forms.
 *
 * @param document the parsed JSON the issues refer to, for the received values
 */
export function problemsFromIssues(
  issues: readonly z.core.$ZodIssue[],
  document: unknown,
  prefix: readonly PropertyKey[] = [],
): Problem[] {
  const problems: Problem[] = [];
  for (const issue of withTightestBounds(issues)) {
    const keys = [...prefix, ...issue.path];
    const path = formatPath(keys);
    const value = valueAt(document, keys);
    const received = formatReceived(value);
    // JSON reads a number such as 1e400 as Infinity, which no field takes.
    if (typeof value === 'number' && !Number.isFinite(value)) {
      if (!problems.some((problem) => problem.path === path)) problems.push(messages.numberOutOfRange(path, value));
      continue;
    }

    switch (issue.code) {
      case 'custom': {
        const params = issue.params as { kind?: string; problem?: Problem } | undefined;
        if (params?.problem !== undefined) problems.push(params.problem);
        else if (params?.kind === 'dateTooEarly') problems.push(messages.dateTooEarly(path, received));
        else if (params?.kind === 'seedText') {
          const seed = params as unknown as { rejected: 'blank' | 'number'; integer?: number };
          problems.push(messages.seedTextRejected(path, received, seed.rejected, seed.integer));
        }
        else if (params?.kind === 'distribution') {
          problems.push(distributionProblem(path, keys, received, params as unknown as DistributionIssueParams));
        }
        else problems.push(messages.otherFieldIssue(path, received, issue.message));
        break;
      }
      case 'invalid_union': {
        const matched = issue.errors.filter((branch) => !isRootTypeMismatch(branch));
        const forms = allowedForms(issue.errors, keys);
        if (value === undefined && forms.length > 0) {
          problems.push(messages.missingForm(path, forms));
        } else if (matched.length === 1 && isRootValueMismatch(matched[0]!) && issue.errors.length > 1) {
          // A fixed word or another form, as with "all" or a list of region codes, so both are named.
          problems.push(messages.noMatchingForm(path, received, forms));
        } else if (matched.length > 0) {
          problems.push(...problemsFromIssues(matched[0]!, document, keys));
        } else if ('discriminator' in issue && issue.discriminator === 'dist') {
          problems.push(...distributionKindProblems(keys, document));
        } else if ('options' in issue && issue.options !== undefined) {
          // A discriminated union whose discriminator has an unknown value.
          problems.push(messages.notOneOf(path, received, issue.options));
        } else if (issue.errors.length > 0) {
          problems.push(messages.noMatchingForm(path, received, forms));
        } else {
          problems.push(messages.otherFieldIssue(path, received, issue.message));
        }
        break;
      }
      case 'invalid_type':
        if (value === undefined) problems.push(messages.missingField(path, keys, issue.expected));
        else if (issue.expected === 'number' && isDistribution(value)) problems.push(messages.distributionNotTaken(path, keys, received));
        else problems.push(messages.wrongType(path, keys, received, issue.expected));
        break;
      case 'too_small':
        if (issue.origin === 'array' && issue.exact === true) {
          problems.push(messages.wrongEntryCount(path, received, Number(issue.minimum)));
        } else if (issue.origin === 'array') {
          problems.push(messages.tooFewEntries(path, received, Number(issue.minimum)));
        } else if (issue.origin === 'string') {
          problems.push(messages.emptyText(path));
        } else {
          problems.push(messages.belowMinimum(path, keys, received, Number(issue.minimum), issue.inclusive !== false));
        }
        break;
      case 'too_big':
        if (issue.origin === 'array' && issue.exact === true) {
          problems.push(messages.wrongEntryCount(path, received, Number(issue.maximum)));
        } else if (issue.origin === 'array') {
          problems.push(messages.tooManyEntries(path, received, Number(issue.maximum)));
        } else {
          problems.push(messages.aboveMaximum(path, keys, received, Number(issue.maximum), issue.inclusive !== false));
        }
        break;
      case 'invalid_format':
        if (issue.format === 'date') problems.push(messages.invalidDate(path, received));
        else if (issue.format === 'regex' && issue.pattern === String(REGION_CODE_PATTERN)) {
          problems.push(messages.invalidRegionCode(path, received));
        } else if (issue.format === 'regex' && issue.pattern === String(CURRENCY_CODE_PATTERN)) {
          problems.push(messages.invalidCurrencyCode(path, received));
        } else if (issue.format === 'regex' && issue.pattern === String(NAME_PATTERN)) {
          problems.push(messages.blankName(path, received));
        } else problems.push(messages.otherFieldIssue(path, received, issue.message));
        break;
      case 'unrecognized_keys':
        for (const key of issue.keys) {
          const keyPath = [...keys, key];
          problems.push(messages.unknownField(formatPath(keyPath), formatReceived(valueAt(document, keyPath))));
        }
        break;
      case 'invalid_value':
        problems.push(messages.notOneOf(path, received, issue.values));
        break;
      default:
        problems.push(messages.otherFieldIssue(path, received, issue.message));
    }
  }
  return problems;
}

/**
 * Reports a distribution object whose `dist` is missing or unknown: the kind, named from the other
 * fields when they fit one kind, and each field that no kind has, so that one pass finds every mistake.
 *
 * @param keys the path of the `dist` field
 */
function distributionKindProblems(keys: readonly PropertyKey[], document: unknown): Problem[] {
  const objectKeys = keys.slice(0, -1);
  const object = valueAt(document, objectKeys);
  const isObject = typeof object === 'object' && object !== null && !Array.isArray(object);
  const fields = isObject ? Object.keys(object).filter((key) => key !== 'dist') : [];
  const known = new Set([...DISTRIBUTION_FIELDS.values()].flat());
  const unknown = fields.filter((field) => !known.has(field));
  const knownFields = fields.filter((field) => known.has(field));
  const fitting = [...DISTRIBUTION_FIELDS].filter(([, kindFields]) => knownFields.every((field) => kindFields.includes(field)));
  const kinds = knownFields.length > 0 && fitting.length > 0 ? fitting : [...DISTRIBUTION_FIELDS];

  const problems: Problem[] = [];
  const path = formatPath(keys);
  const value = valueAt(document, keys);
  const names = kinds.map(([kind]) => kind);
  const shapes = kinds.map(([kind, kindFields]) => `"${kind}" with ${kindFields.join(', ')}`);
  if (value === undefined) problems.push(messages.missingDistributionKind(path, names, shapes));
  else problems.push(messages.unknownDistributionKind(path, formatReceived(value), names, shapes));
  for (const field of unknown) {
    const fieldKeys = [...objectKeys, field];
    problems.push(messages.unknownField(formatPath(fieldKeys), formatReceived(valueAt(document, fieldKeys))));
  }
  return problems;
}

/** Tells whether an issue is a bound on a number, as opposed to a bound on the length of a list or string. */
function isNumberBound(issue: z.core.$ZodIssue): issue is z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall {
  const isBound = issue.code === 'too_big' || issue.code === 'too_small';
  return isBound && (issue.origin === 'number' || issue.origin === 'int');
}

/**
 * Keeps only the tightest bound of each kind that zod reports on one number. `z.int()` checks the
 * safe integer range besides the field's own bounds, so a value such as 1e300 would otherwise be
 * reported twice, with two different maximums.
 */
function withTightestBounds(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const tightest = new Map<string, z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall>();
  const keyOf = (issue: z.core.$ZodIssue): string => `${issue.code}\u0000${formatPath(issue.path)}`;
  for (const issue of issues) {
    if (!isNumberBound(issue)) continue;
    const tightestSoFar = tightest.get(keyOf(issue));
    if (tightestSoFar === undefined || isTighter(issue, tightestSoFar)) tightest.set(keyOf(issue), issue);
  }
  return issues.filter((issue) => !isNumberBound(issue) || tightest.get(keyOf(issue)) === issue);
}

/** Tells whether a bound is tighter than another of the same kind: a lower maximum or a higher minimum. */
function isTighter(
  issue: z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall,
  other: z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall,
): boolean {
  if (issue.code === 'too_big' && other.code === 'too_big') return Number(issue.maximum) < Number(other.maximum);
  if (issue.code === 'too_small' && other.code === 'too_small') return Number(issue.minimum) > Number(other.minimum);
  return false;
}

function distributionProblem(
  path: string,
  keys: readonly PropertyKey[],
  received: string,
  params: DistributionIssueParams,
): Problem {
  if (params.reason === 'order') return messages.distributionOutOfOrder(path, received, params.key);
  return messages.distributionOutOfBounds(path, keys, received, params.min, params.max);
}

/** Tells whether a value is written as a distribution: an object with a `dist` field. */
function isDistribution(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'dist' in value;
}
