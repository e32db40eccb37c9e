import { findDuplicateKeys } from './duplicateKeys.js';
import { findJsonSyntaxError } from './jsonSyntax.js';
import * as messages from './messages.js';
import type { Problem } from './messages.js';

/** A parsed JSON text with the paths of its repeated keys, or the syntax error that stopped it. */
export type JsonDocument =
  | { ok: true; document: unknown; repeatedKeys: (string | number)[][] }
  | { ok: false; problem: Problem };

/**
 * Parses the text of a scenario file. A byte order mark is skipped, a syntax error becomes one
 * problem with its line and column, and every repeated key is found.
 *
 * @param sourceName name of the file or stream, used in the syntax error message
 */
export function parseJsonDocument(text: string, sourceName: string): JsonDocument {
  // Editors on some systems write a byte order mark, which JSON.parse rejects.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch (error) {
    return { ok: false, problem: syntaxProblem(body, sourceName, error) };
  }
  // JSON.parse keeps the last of two equal keys, so a repeated key is only visible in the text.
  return { ok: true, document, repeatedKeys: findDuplicateKeys(body) };
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
