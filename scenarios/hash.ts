import { createHash } from 'node:crypto';

import type { Scenario } from './scenario.js';

// Orders keys by UTF-16 code units, independent of locale.
function compareCodeUnits(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/** Serialises a value as JSON with the keys of every object sorted, so that equal scenarios give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((entry) => canonicalJson(entry ?? null)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => compareCodeUnits(a, b));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * SHA-256 of the scenario's canonical JSON (defaults filled in, keys sorted), as 64 hex digits.
 * It identifies a scenario in results: two files that differ only in key order or in writing
 * out a default get the same hash. Annotations (`source`, `note`, `assumption`) are included.
 */
export function scenarioHash(scenario: Scenario): string {
  return createHash('sha256').update(canonicalJson(scenario)).digest('hex');
}
