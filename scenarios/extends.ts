import { isUtf8 } from 'node:buffer';
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';

import { parseJsonDocument } from './jsonDocument.js';
import { isRecord } from './lenient.js';
import { mergeValue, newValue, originAt, type MergeContext, type MergeLog, type Origin } from './merge.js';
import * as messages from './messages.js';
import type { Problem } from './messages.js';
import { formatPath, formatReceived, parsePath } from './problems.js';
import { scenarioFileSchema } from './schema.js';

/**
 * Most base files that a chain of `extends` may have below the scenario loaded. Plans add a level or two
 * to a fitted scenario, so a longer chain is more likely a mistake than a design.
 */
export const MAX_EXTENDS_DEPTH = 16;

/** The file or stream that a scenario's text came from, for finding the files that its `extends` names. */
export interface ScenarioSource {
  /** Name in messages: the path as given, or a stream name. */
  name: string;
  /** Path of the file the text was read from, so that a base that leads back to it is a cycle. */
  filePath?: string;
  /** Folder that a relative `extends` starts from. Without one, only an absolute `extends` resolves. */
  directory?: string;
}

/** The scenario loaded, or one of its bases. */
interface ChainFile {
  name: string;
  document: Record<string, unknown>;
  /** Canonical path on disk, which identifies the file in a cycle. Text without a file has none. */
  realPath: string | undefined;
  directory: string | undefined;
}

/** A scenario merged over its chain of base files, ready for validation. */
export interface MergedScenario {
  /** The merged document, without `extends`. */
  document: unknown;
  /** The file that set each part of `document`. */
  origin: Origin;
  /** Names of the files, from the scenario loaded to its deepest base. */
  fileNames: string[];
  /** Canonical paths on disk of the files that have one, in the order of `fileNames`. */
  filePaths: string[];
  /** Problems found while reading and merging, which leave a document to validate. */
  log: MergeLog;
}

/** The merged scenario, or the problems that left nothing to merge (a base that is missing, invalid or in a loop). */
export type ExtendsResult = { ok: true; merged: MergedScenario } | { ok: false; problems: Problem[] };

/**
 * Reads the chain of base files that a scenario document names with `extends` and merges the
 * document over them, by the rules in `merge.ts`. A relative `extends` starts from the folder of the
 * file that names it. Base files are read synchronously.
 *
 * A document without `extends` goes through the same merge on its own, which reports any operator
 * in it as having no base. A document that is not an object is returned as it is, for validation to
 * report.
 */
export function resolveExtends(document: unknown, source: ScenarioSource): ExtendsResult {
  if (!isRecord(document)) {
    const log: MergeLog = { problems: [], warnings: [], failedPaths: [], movedLists: [], removedPaths: [], editedPaths: [] };
    const filePaths = source.filePath === undefined ? [] : [canonicalPath(source.filePath)];
    return { ok: true, merged: { document, origin: source.name, fileNames: [source.name], filePaths, log } };
  }

  const top: ChainFile = {
    name: source.name,
    document,
    realPath: source.filePath === undefined ? undefined : canonicalPath(source.filePath),
    directory: source.directory,
  };
  const chain = readChain(top);
  if (!chain.ok) return chain;
  return { ok: true, merged: mergeChain(chain.files, chain.problems) };
}

/**
 * Adds a sentence to a problem of a merged scenario, naming the file that set the value at fault or,
 * where several did, stating that the path is in the merged scenario. A scenario without a base keeps
 * its problems as they are.
 */
export function withValueSource(problem: Problem, merged: MergedScenario): Problem {
  const [scenarioName, baseName] = merged.fileNames;
  if (scenarioName === undefined || baseName === undefined) return problem;

  const keys = parsePath(problem.path);
  const fileName = keys === undefined ? undefined : originAt(merged.origin, keys);
  let sentence: string;
  const removed = merged.log.removedPaths.findLast((entry) => entry.path === problem.path);
  if (keys !== undefined && !hasPath(merged.document, keys) && problem.received === 'nothing' && removed !== undefined) {
    sentence = messages.valueSources.removedValue(removed.fileName);
  } else if (keys !== undefined && !hasPath(merged.document, keys) && problem.received === 'nothing') {
    // A required value that no file writes: name the file that wrote the object it belongs in.
    const parent = keys.slice(0, -1);
    const parentFile = parent.length === 0 ? scenarioName : originAt(merged.origin, parent);
    if (parentFile === undefined) sentence = messages.valueSources.mergedScenario(scenarioName, baseName);
    else sentence = messages.valueSources.missingValue(parentFile, formatPath(parent), scenarioName);
  } else if (keys !== undefined && !hasPath(merged.document, keys)) sentence = messages.valueSources.schemaDefault(scenarioName);
  else if (fileName === undefined) sentence = messages.valueSources.mergedScenario(scenarioName, baseName);
  else if (fileName === scenarioName) sentence = messages.valueSources.extendingFile(fileName, baseName);
  else sentence = messages.valueSources.baseFile(fileName, scenarioName);
  // A value of a base can turn wrong through another value that the extending file changed.
  if (fileName !== scenarioName) {
    for (const path of problem.related ?? []) {
      const relatedKeys = parsePath(path);
      if (relatedKeys === undefined || originAt(merged.origin, relatedKeys) !== scenarioName) continue;
      sentence += ` ${messages.valueSources.relatedValue(path, scenarioName)}`;
    }
  }
  const edit = merged.log.editedPaths.findLast((entry) => entry.path === problem.path);
  if (edit === undefined) return { ...problem, message: `${problem.message} ${sentence}` };
  sentence += ` ${messages.valueSources.editedValue(edit.operator, edit.fileName)}`;
  return { ...problem, message: `${problem.message} ${sentence}`, computed: true };
}

/** Tells whether a merged document writes a value at a path, before the schema fills in defaults. */
function hasPath(document: unknown, keys: readonly PropertyKey[]): boolean {
  let current: unknown = document;
  for (const key of keys) {
    if (Array.isArray(current) && typeof key === 'number') current = current[key];
    else if (isRecord(current) && typeof key === 'string' && Object.hasOwn(current, key)) current = current[key];
    else return false;
  }
  return current !== undefined;
}

type ChainResult = { ok: true; files: ChainFile[]; problems: Problem[] } | { ok: false; problems: Problem[] };

function readChain(top: ChainFile): ChainResult {
  const files = [top];
  // Repeated keys in base files, which do not stop the merge.
  const problems: Problem[] = [];
  const stop = (problem: Problem): ChainResult => ({ ok: false, problems: [...problems, problem] });

  for (;;) {
    const current = files.at(-1)!;
    const header = scenarioFileSchema.safeParse(current.document);
    if (!header.success) return stop(messages.extendsInvalid(current.name, formatReceived(current.document.extends)));
    const reference = header.data.extends;
    if (reference === undefined) return { ok: true, files, problems };
    if (files.length > MAX_EXTENDS_DEPTH) return stop(messages.extendsTooDeep(current.name, reference, MAX_EXTENDS_DEPTH));

    const base = readBase(current, reference);
    if (!base.ok) return stop(base.problem);
    const loopStart = files.findIndex((file) => file.realPath === base.realPath);
    if (loopStart >= 0) {
      const loop = [...files.slice(loopStart).map((file) => file.name), base.name];
      return stop(messages.extendsCycle(current.name, reference, loop));
    }

    const parsed = parseJsonDocument(base.text, base.name);
    if (!parsed.ok) return stop(parsed.problem);
    for (const keys of parsed.repeatedKeys) {
      problems.push(messages.duplicateKey(formatPath(keys), String(keys.at(-1)), base.name));
    }
    if (!isRecord(parsed.document)) return stop(messages.baseNotObject(base.name, formatReceived(parsed.document)));
    if (isToolOutput(parsed.document)) return stop(messages.baseIsOutput(base.name));
    files.push({ name: base.name, document: parsed.document, realPath: base.realPath, directory: base.directory });
  }
}

type BaseText =
  | { ok: true; name: string; realPath: string; directory: string; text: string }
  | { ok: false; problem: Problem };

/** Finds and reads the base file that `reference` names from the file `current`. */
function readBase(current: ChainFile, reference: string): BaseText {
  if (!isAbsolute(reference) && current.directory === undefined) {
    return { ok: false, problem: messages.extendsNeedsFolder(current.name, reference) };
  }
  // The name keeps the form the user wrote: relative to where the scenario was named, or absolute.
  const name = isAbsolute(reference) ? reference : join(current.directory!, reference);
  // The path as the system reads it: `..` after a symbolic link leaves the link's target, which
  // joining the path as text would not do.
  const systemPath = isAbsolute(reference) ? reference : `${current.directory!}${sep}${reference}`;

  let realPath: string;
  let text: string;
  try {
    realPath = realpathSync.native(systemPath);
    // A device such as /dev/zero or a pipe would be read without end.
    const info = statSync(realPath);
    if (!info.isFile()) {
      const reason = info.isDirectory() ? 'it is a folder, not a file' : 'it is not a regular file (a pipe, socket or device)';
      return { ok: false, problem: messages.baseUnreadable(current.name, reference, name, reason) };
    }
    const bytes = readFileSync(realPath);
    if (!isUtf8(bytes)) return { ok: false, problem: messages.notUtf8('extends', name) };
    text = bytes.toString('utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return { ok: false, problem: messages.baseNotFound(current.name, reference, name) };
    }
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, problem: messages.baseUnreadable(current.name, reference, name, reason) };
  }
  return { ok: true, name, realPath, directory: dirname(systemPath), text };
}

/**
 * Tells whether a parsed file is tttsim output rather than a scenario: summary.json, compare.json and
 * fit.json record the engine version, which no scenario has, and have no regions.
 */
export function isToolOutput(document: unknown): boolean {
  return isRecord(document) && Object.hasOwn(document, 'engineVersion') && !Object.hasOwn(document, 'regions');
}

function canonicalPath(path: string): string {
  try {
    // The system's realpath, which follows a link before the `..` after it, as reading the file does.
    return realpathSync.native(path);
  } catch {
    // The caller has just read the file, so it was removed since. Its absolute path still identifies it.
    return resolve(path);
  }
}

/** Merges each file over the files below it, starting from the deepest base. */
function mergeChain(files: readonly ChainFile[], readProblems: Problem[]): MergedScenario {
  const log: MergeLog = { problems: readProblems, warnings: [], failedPaths: [], movedLists: [], removedPaths: [], editedPaths: [] };
  const contextOf = (file: ChainFile): MergeContext => ({ fileName: file.name, log });

  const root = files.at(-1)!;
  let merged = newValue(withoutExtends(root.document), [], contextOf(root));
  for (let i = files.length - 2; i >= 0; i--) {
    const file = files[i]!;
    // A document is an object, so the merge never removes it.
    merged = mergeValue(merged, withoutExtends(file.document), [], contextOf(file)) ?? merged;
  }
  const filePaths = files.flatMap((file) => (file.realPath === undefined ? [] : [file.realPath]));
  return { document: merged.value, origin: merged.origin, fileNames: files.map((file) => file.name), filePaths, log };
}

function withoutExtends(document: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(document).filter(([key]) => key !== 'extends'));
}
