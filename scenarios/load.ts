import { isUtf8 } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

import { isToolOutput, resolveExtends, withValueSource, type MergedScenario, type ScenarioSource } from './extends.js';
import { restrictCorrelation } from './fit-correlation.js';
import { fitUncertaintyWarnings } from './fit-uncertainty.js';
import { scenarioHash } from './hash.js';
import { parseJsonDocument } from './jsonDocument.js';
import * as messages from './messages.js';
import type { Problem } from './messages.js';
import { isRecord } from './lenient.js';
import { originAt, type MovedList } from './merge.js';
import { formatPath, valueAt } from './problems.js';
import { validateScenario, type Scenario } from './scenario.js';
import { scenarioWarnings } from './warnings.js';

/**
 * The outcome of loading a scenario: the validated scenario with its hash and warnings, or every
 * problem found. A scenario that extends a base is merged first, so the scenario, its hash and the
 * paths of its problems are those of the merged result, which has no `extends`.
 */
export type LoadResult =
  | {
      ok: true;
      scenario: Scenario;
      hash: string;
      warnings: string[];
      /** Canonical paths of the scenario file and of each base it extends, for a caller that must not overwrite them. */
      files: string[];
    }
  | { ok: false; problems: Problem[] };

/** Options of {@link parseScenarioText}. */
export interface ParseOptions {
  /**
   * Folder that a relative `extends` path starts from, usually the folder of the file the text came
   * from. Without it, a relative `extends` is a problem and only an absolute one is read.
   */
  baseDirectory?: string;
}

/**
 * Parses and validates the text of a scenario file. A JSON syntax error becomes one problem with
 * its line and column. Otherwise every repeated key, field problem and cross-field problem is reported.
 * A base file named by `extends` is read synchronously and merged first (see `merge.ts`).
 *
 * @param sourceName name of the file or stream, used in the syntax error message
 */
export function parseScenarioText(text: string, sourceName: string, options: ParseOptions = {}): LoadResult {
  const source: ScenarioSource = { name: sourceName };
  if (options.baseDirectory !== undefined) source.directory = options.baseDirectory;
  return loadText(text, source);
}

/**
 * Reads, parses and validates a scenario file, merged over the base files it extends. A missing or
 * unreadable file is reported as a problem, so the promise does not reject for a file error.
 */
export async function loadScenarioFile(path: string): Promise<LoadResult> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    let reason = error instanceof Error ? error.message : String(error);
    if (code === 'ENOENT') reason = 'file not found';
    return { ok: false, problems: [messages.unreadableFile(path, reason)] };
  }
  // Decoding would silently turn each invalid byte into U+FFFD, in names and notes alike.
  if (!isUtf8(bytes)) return { ok: false, problems: [messages.notUtf8('', path)] };
  return loadText(bytes.toString('utf8'), { name: path, filePath: path, directory: dirname(path) });
}

function loadText(text: string, source: ScenarioSource): LoadResult {
  const parsed = parseJsonDocument(text, source.name);
  if (!parsed.ok) return { ok: false, problems: [parsed.problem] };
  const repeated = parsed.repeatedKeys.map((keys) => messages.duplicateKey(formatPath(keys), String(keys.at(-1))));
  if (isToolOutput(parsed.document)) return { ok: false, problems: [messages.fileIsOutput(source.name)] };

  const resolved = resolveExtends(parsed.document, source);
  if (!resolved.ok) return { ok: false, problems: [...repeated, ...resolved.problems] };
  const { merged } = resolved;
  const ownFitNames = fitNamesWrittenBy(merged, merged.fileNames[0]);
  const correlation = withoutUnmatchedInheritedCorrelation(merged);
  merged.document = correlation.document;
  let validation = validateScenario(merged.document);
  let dropped: string[] = [];
  if (!validation.ok) {
    const inherited = withoutInheritedFitEntries(merged, validation.problems);
    if (inherited.warnings.length > 0) {
      merged.document = inherited.document;
      validation = validateScenario(merged.document);
      dropped = inherited.warnings;
    }
  }

  // A value that an operator failed to edit already has its problem, so validation does not repeat it.
  const validationProblems = validation.ok
    ? []
    : validation.problems
        .filter((problem) => !merged.log.failedPaths.some((failed) => isAtOrBelow(problem.path, failed)))
        .map((problem) => withMovedNote(withValueSource(problem, merged), merged.document, merged.log.movedLists));
  // One edit of a plan, such as a $patch over every site, can break the same field of many entries.
  const grouped = merged.fileNames.length > 1 ? groupAcrossEntries(validationProblems) : validationProblems;
  const problems = [...repeated, ...merged.log.problems, ...grouped];
  if (!validation.ok || problems.length > 0) return { ok: false, problems };

  const { scenario } = validation;
  const warnings = [
    ...correlation.warnings,
    ...dropped,
    ...merged.log.warnings,
    ...scenarioWarnings(scenario),
    ...movedFitWarnings(scenario, merged.log.movedLists, ownFitNames),
    ...fitUncertaintyWarnings(scenario),
  ];
  return { ok: true, scenario, hash: scenarioHash(scenario), warnings, files: merged.filePaths };
}

/**
 * Reports problems that differ only in the list positions of their path once, at the first position,
 * with the paths of the others. Problems in values that an operator computed group whatever the
 * values, since one argument gave each entry its own.
 */
function groupAcrossEntries(problems: readonly Problem[]): Problem[] {
  const shapeOf = (problem: Problem): string => {
    const general = problem.path.replace(/\[\d+\]/g, '[]');
    const message = problem.message.replaceAll(problem.path, general);
    if (problem.computed !== true) return `${general}\u0000${problem.received}\u0000${message}`;
    return `${general}\u0000\u0000${message.replaceAll(problem.received, '\u0000')}`;
  };
  const first = new Map<string, { index: number; others: string[]; otherValues: boolean }>();
  const grouped: Problem[] = [];
  for (const problem of problems) {
    const shape = shapeOf(problem);
    const seen = problem.path.includes('[') ? first.get(shape) : undefined;
    if (seen !== undefined) {
      seen.others.push(problem.path);
      if (problem.received !== grouped[seen.index]!.received) seen.otherValues = true;
      continue;
    }
    first.set(shape, { index: grouped.length, others: [], otherValues: false });
    grouped.push(problem);
  }
  for (const { index, others, otherValues } of first.values()) {
    if (others.length === 0) continue;
    const problem = grouped[index]!;
    grouped[index] = { ...problem, message: messages.problemRepeats(problem.message, others, otherValues) };
  }
  return grouped;
}

/**
 * Leaves out the `fitUncertainty` entries that a base file wrote and that fail in the merged
 * scenario, with their rows of `fitCorrelation`. A plan that shortens the horizon can move a fitted
 * seeding date onto the end of its range, which the plan's author never asked to fit. Entries the
 * extending file writes itself stay problems.
 */
function withoutInheritedFitEntries(
  merged: MergedScenario,
  problems: readonly Problem[],
): { document: unknown; warnings: string[] } {
  const topFile = merged.fileNames[0];
  const document = merged.document;
  const entries = isRecord(document) && Array.isArray(document['fitUncertainty']) ? document['fitUncertainty'] : [];
  if (merged.fileNames.length < 2 || entries.length === 0) return { document, warnings: [] };

  // Per dropped entry: why, and whether the entry the name stood for is gone or may have moved.
  const reasons = new Map<number, { reason: string; kind: 'broken' | 'removed' | 'moved' }>();
  for (const problem of problems) {
    const index = Number(/^fitUncertainty\[(\d+)\]/.exec(problem.path)?.[1]);
    if (!Number.isInteger(index) || reasons.has(index)) continue;
    const fileName = originAt(merged.origin, ['fitUncertainty', index]);
    if (fileName === undefined || fileName === topFile) continue;
    const moved = movedEntryOf(entries[index], merged.log.movedLists);
    if (moved === undefined) {
      const reason = planReason(problem.message);
      reasons.set(index, { reason, kind: problem.entryMissing === true ? 'removed' : 'broken' });
    } else if (!positionExists(document, moved)) {
      // The plan removed the fitted entry with its position, so the name can refer to no other entry.
      reasons.set(index, { reason: messages.listLengthNow(moved.list, listLength(document, moved.list)), kind: 'removed' });
    } else {
      // The position may now name another entry, which the fitted interval does not fit.
      reasons.set(index, { reason: moved.list, kind: 'moved' });
    }
  }
  if (reasons.size === 0 || !isRecord(document)) return { document, warnings: [] };

  const names = new Map<number, string>();
  for (const index of reasons.keys()) names.set(index, entryName(entries[index]) ?? `fitUncertainty[${index}]`);
  const droppedNames = new Set(names.values());
  const withoutEntries = { ...document, fitUncertainty: entries.filter((_, index) => !reasons.has(index)) };
  const kept = withCorrelationRestricted(withoutEntries, (name) => !droppedNames.has(name)).document;
  const warnings = [...reasons].map(([index, { reason, kind }]) => {
    const fileName = originAt(merged.origin, ['fitUncertainty', index])!;
    if (kind === 'removed') return messages.fitEntryRemoved(names.get(index)!, fileName, reason);
    if (kind === 'moved') return messages.fitEntryMoved(names.get(index)!, fileName, reason);
    return messages.fitEntryDropped(names.get(index)!, fileName, reason);
  });
  return { document: kept, warnings };
}

/**
 * Leaves out the rows and columns of an inherited `fitCorrelation` whose names the merged
 * `fitUncertainty` lacks, as when a plan empties `fitUncertainty` to draw no fitted parameter. A
 * correlation that the extending file writes or edits itself keeps its problems.
 */
function withoutUnmatchedInheritedCorrelation(merged: MergedScenario): { document: unknown; warnings: string[] } {
  const document = merged.document;
  const fileName = originAt(merged.origin, ['fitCorrelation']);
  if (merged.fileNames.length < 2 || fileName === undefined || fileName === merged.fileNames[0] || !isRecord(document)) {
    return { document, warnings: [] };
  }
  const correlation = document['fitCorrelation'];
  if (!isRecord(correlation) || !Array.isArray(correlation['parameters']) || !Array.isArray(correlation['matrix'])) {
    return { document, warnings: [] };
  }
  const entries = Array.isArray(document['fitUncertainty']) ? document['fitUncertainty'] : [];
  const names = new Set(entries.map(entryName));
  const missing = correlation['parameters'].filter((name): name is string => typeof name === 'string' && !names.has(name));
  if (missing.length === 0) return { document, warnings: [] };

  const { document: restrictedDocument, remaining } = withCorrelationRestricted(document, (name) => names.has(name));
  return { document: restrictedDocument, warnings: [messages.fitCorrelationNamesLeftOut(missing, fileName, remaining)] };
}

/**
 * Returns a document whose `fitCorrelation` keeps the rows and columns of the names `keep` accepts,
 * or has none when fewer than two are left, with the number of names left.
 */
function withCorrelationRestricted(
  document: Record<string, unknown>,
  keep: (name: string) => boolean,
): { document: Record<string, unknown>; remaining: number } {
  const correlation = document['fitCorrelation'];
  if (!isRecord(correlation) || !Array.isArray(correlation['parameters']) || !Array.isArray(correlation['matrix'])) {
    return { document, remaining: 0 };
  }
  const restricted = restrictCorrelation(correlation as NonNullable<Scenario['fitCorrelation']>, keep);
  const result: Record<string, unknown> = { ...document };
  if (restricted === undefined) delete result['fitCorrelation'];
  else result['fitCorrelation'] = restricted;
  return { document: result, remaining: restricted?.parameters.length ?? 0 };
}

/**
 * Rewrites a fit's problem with an inherited entry as a fact about the plan, without the entry's name
 * (the warning gives it first) and without advice to a fit that the plan's author never ran.
 */
function planReason(message: string): string {
  return message
    .replace(/\.$/, '')
    .replace(/^cannot fit \S+: /, '')
    // Advice to the file that wrote the interval, which a plan that inherits it need not follow.
    .replace(/; narrow the interval to that range$/, '')
    .replace(/, where the fit cannot start$/, '')
    .replace(/^its value in the scenario, /, 'its value, ')
    .replace(/^the scenario has /, 'it has ');
}

/**
 * Returns the name of a `fitUncertainty` entry and the list it indexes by position, when a plan
 * removed or replaced entries of that list, so that the position may now name another entry.
 */
function movedEntryOf(entry: unknown, movedLists: readonly MovedList[]): { name: string; list: string } | undefined {
  const name = entryName(entry);
  return name === undefined ? undefined : movedName(name, movedLists);
}

/**
 * Returns the list that a fitted-parameter name indexes by position, when a plan removed or replaced
 * entries of that list at or before that position.
 */
function movedName(name: string, movedLists: readonly MovedList[]): { name: string; list: string } | undefined {
  const indexed = INDEXED_LISTS.find(([pattern]) => pattern.test(name));
  if (indexed === undefined) return undefined;
  const position = Number(/\[(\d+)\]/.exec(name)?.[1]);
  const moved = movedLists.some(({ path, from }) => path === indexed[1] && from <= position);
  return moved ? { name, list: indexed[1] } : undefined;
}

/** Returns the number of entries of the list at a dotted path of a document not yet validated, or 0. */
function listLength(document: unknown, list: string): number {
  const value = valueAt(document, list.split('.'));
  return Array.isArray(value) ? value.length : 0;
}

/** Tells whether the position that a moved entry's name indexes is still within its list. */
function positionExists(document: unknown, moved: { name: string; list: string }): boolean {
  const index = Number(/\[(\d+)\]/.exec(moved.name)?.[1]);
  return Number.isInteger(index) && index < listLength(document, moved.list);
}

/** Returns the names of the `fitUncertainty` entries that one file of the chain wrote itself. */
function fitNamesWrittenBy(merged: MergedScenario, fileName: string | undefined): Set<string> {
  const document = merged.document;
  const entries = isRecord(document) && Array.isArray(document['fitUncertainty']) ? document['fitUncertainty'] : [];
  const names = new Set<string>();
  entries.forEach((entry, index) => {
    const name = entryName(entry);
    if (name !== undefined && merged.fileNames.length > 1 && originAt(merged.origin, ['fitUncertainty', index]) === fileName) {
      names.add(name);
    }
  });
  return names;
}

/** Returns the name of a `fitUncertainty` entry of a document not yet validated, if it has one. */
function entryName(entry: unknown): string | undefined {
  return isRecord(entry) && typeof entry['name'] === 'string' ? entry['name'] : undefined;
}

/** The lists that fitted-parameter names such as `distancing[5].scale` index by position. */
const INDEXED_LISTS: readonly (readonly [RegExp, string])[] = [
  [/^distancing\[\d+\]/, 'interventions.distancing'],
  [/^seeding\[\d+\]/, 'seeding'],
  [/^testing\.seeking\[\d+\]/, 'testing.seeking'],
  [/^testing\.backgroundDemand\[\d+\]/, 'testing.backgroundDemand'],
];

/**
 * Warns about each `fitUncertainty` name that indexes a list whose entries a plan removed or
 * replaced: the index may now point at another entry than the one the fit estimated.
 */
function movedFitWarnings(scenario: Scenario, movedLists: readonly MovedList[], ownNames: ReadonlySet<string>): string[] {
  return scenario.fitUncertainty.flatMap(({ name }) => {
    // The file that edits the list and names the position itself needs no warning about it.
    if (ownNames.has(name)) return [];
    const moved = movedName(name, movedLists);
    return moved === undefined ? [] : [messages.fitNameMoved(name, moved.list)];
  });
}

/**
 * Adds the position note of {@link movedFitWarnings} to a problem of a `fitUncertainty` entry whose
 * name indexes a list that a plan moved: a range that no longer fits is then most likely the range
 * of another entry than the fitted one.
 */
function withMovedNote(problem: Problem, document: unknown, movedLists: readonly MovedList[]): Problem {
  const index = /^fitUncertainty\[(\d+)\]/.exec(problem.path)?.[1];
  if (index === undefined || movedLists.length === 0) return problem;
  const entries = isRecord(document) && Array.isArray(document['fitUncertainty']) ? document['fitUncertainty'] : [];
  const moved = movedEntryOf(entries[Number(index)], movedLists);
  if (moved === undefined) return problem;
  return { ...problem, message: `${problem.message} ${messages.fitNameMoved(moved.name, moved.list)}.` };
}

function isAtOrBelow(path: string, ancestor: string): boolean {
  if (ancestor === '' || path === ancestor) return true;
  return path.startsWith(`${ancestor}.`) || path.startsWith(`${ancestor}[`);
}
