import { readFile } from 'node:fs/promises';

import { findDuplicateKeys } from './duplicateKeys.js';
import { scenarioHash } from './hash.js';
import { findJsonSyntaxError } from './jsonSyntax.js';
import * as messages from './messages.js';
import type { Problem } from './messages.js';
import { formatPath } from './problems.js';
import { validateScenario, type Scenario } from './scenario.js';
import { scenarioWarnings } from './warnings.js';

/**
 * The outcome of loading a scenario: the validated scenario with its hash and warnings, or every
 * problem found.
 */
export type LoadResult =
  | { ok: true; scenario: Scenario; hash: string; warnings: string[] }
  | { ok: false; problems: Problem[] };

/**
 * Parses and validates the text of a scenario file. A JSON syntax error becomes one problem with
 * its line and column. Otherwise every repeated key, field problem and cross-field problem is reported.
 *
 * @param sourceName name of the file or stream, used in the syntax error message
 */
export function parseScenarioText(text: string, sourceName: string): LoadResult {
  // Editors on some systems write a byte order mark, which JSON.parse rejects.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch (error) {
    return { ok: false, problems: [syntaxProblem(body, sourceName, error)] };
  }

  // JSON.parse keeps the last of two equal keys, so a repeated key is only visible in the text.
  const repeated = findDuplicateKeys(body).map((keys) => messages.duplicateKey(formatPath(keys), String(keys.at(-1))));
  const validation = validateScenario(document);
  if (!validation.ok) return { ok: false, problems: [...repeated, ...validation.problems] };
  if (repeated.length > 0) return { ok: false, problems: repeated };
  const { scenario } = validation;
  return { ok: true, scenario, hash: scenarioHash(scenario), warnings: scenarioWarnings(scenario) };
}

function syntaxProblem(text: string, sourceName: string, error: unknown): Problem {
  let located;
  try {
    located = findJsonSyntaxError(text);
  } catch {
    // Nesting deep enough to overflow the stack falls back to the parser's own message.
    located = undefined;
  }
  if (located !== undefined) {
    return messages.invalidJson(sourceName, located.line, located.column, located.found, located.expected);
  }
  const detail = error instanceof Error ? error.message : String(error);
  return messages.invalidJson(sourceName, 1, 1, 'unknown', `valid JSON (${detail})`);
}

/**
 * Reads, parses and validates a scenario file. A missing or unreadable file is reported as a
 * problem, so the promise does not reject for a file error.
 */
export async function loadScenarioFile(path: string): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    let reason = error instanceof Error ? error.message : String(error);
    if (code === 'ENOENT') reason = 'file not found';
    return { ok: false, problems: [messages.unreadableFile(path, reason)] };
  }
  return parseScenarioText(text, path);
}
