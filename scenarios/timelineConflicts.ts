import { epochDayOf } from './calendar.js';
import { annotations } from './fields.js';
import { fieldOf, isRecord, listOf, textOf } from './lenient.js';
import * as messages from './messages.js';
import type { Problem } from './messages.js';
import { formatPath, valueAt } from './problems.js';

/** Paths of the step-function timelines, each a list of entries with a `from` date. */
export const TIMELINES: readonly (readonly string[])[] = [
  ['testing', 'labCapacity', 'national'],
  ['testing', 'labCapacity', 'regional'],
  ['testing', 'backgroundDemand'],
  ['testing', 'screeningDemand'],
  ['testing', 'seeking'],
  ['tracing', 'staff'],
  ['tracing', 'identified'],
  ['tracing', 'entryTests'],
  ['care', 'rtcBeds'],
  ['care', 'wardBeds'],
  ['care', 'icuBeds'],
  ['care', 'rtcShare'],
];

/** Fields of a timeline entry that set no value. */
const NOT_VALUES = new Set(['from', 'regions', ...Object.keys(annotations)]);

/** A readable timeline entry: its date, its regions (`all` for every region) and the fields it sets. */
interface Entry {
  index: number;
  from: string;
  regions: 'all' | readonly string[];
  values: Record<string, unknown>;
}

/**
 * Reports timeline entries that set a different value for the same region from the same date.
 * On one date an entry that lists regions overrides an entry for all regions, whatever their
 * order. Two entries for all regions, or two lists that share a region, have no such precedence,
 * so the later one in the list would win and reordering the file would change the result.
 * Entries with the same date and the same values, or for lists that do not overlap, are accepted.
 */
export function checkTimelineConflicts(document: unknown): Problem[] {
  const problems: Problem[] = [];
  for (const keys of TIMELINES) {
    // Only entries of the same date can conflict, so each is compared with the earlier ones of its date.
    const byDate = new Map<string, Entry[]>();
    for (const [index, value] of listOf(valueAt(document, keys)).entries()) {
      const entry = entryOf(value, index);
      if (entry === undefined) continue;
      const sameDate = byDate.get(entry.from) ?? [];
      const earlier = sameDate.find((other) => conflicts(other, entry));
      sameDate.push(entry);
      byDate.set(entry.from, sameDate);
      if (earlier === undefined) continue;
      problems.push(
        messages.timelineDateRepeated(
          formatPath([...keys, entry.index, 'from']),
          entry.from,
          formatPath([...keys, earlier.index]),
          sharedRegions(earlier.regions, entry.regions),
        ),
      );
    }
  }
  return problems;
}

function entryOf(entry: unknown, index: number): Entry | undefined {
  if (!isRecord(entry)) return undefined;
  const from = textOf(entry.from);
  if (from === undefined || epochDayOf(from) === undefined) return undefined;

  let regions: Entry['regions'];
  if (entry.regions === undefined || entry.regions === 'all') regions = 'all';
  else if (Array.isArray(entry.regions) && entry.regions.every((code) => typeof code === 'string')) {
    regions = entry.regions as string[];
  } else return undefined;

  const values = Object.fromEntries(Object.entries(entry).filter(([key]) => !NOT_VALUES.has(key)));
  return { index, from, regions, values };
}

function conflicts(a: Entry, b: Entry): boolean {
  if (sharedRegions(a.regions, b.regions) === '') return false;
  const keys = new Set([...Object.keys(a.values), ...Object.keys(b.values)]);
  return [...keys].some((key) => !sameValue(fieldOf(a.values, key), fieldOf(b.values, key)));
}

/**
 * Compares two values of a timeline field: numbers, or distribution objects whose fields are numbers
 * and strings. Anything else is left to the field schema, so it counts as the same here.
 */
function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a === b;
  if (!isRecord(a) || !isRecord(b)) return true;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => a[key] === b[key] || typeof a[key] === 'object' || typeof b[key] === 'object');
}

/**
 * Describes the regions for which neither of two selections of one date takes precedence, or
 * returns '' when there are none: a list always overrides `all`.
 */
function sharedRegions(a: Entry['regions'], b: Entry['regions']): string {
  if (a === 'all' && b === 'all') return 'every region';
  if (a === 'all' || b === 'all') return '';
  const shared = [...new Set(a)].filter((code) => b.includes(code));
  if (shared.length === 0) return '';
  return `${shared.length === 1 ? 'region' : 'regions'} ${shared.join(', ')}`;
}
