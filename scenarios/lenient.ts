import { distributionSupport, type Distribution } from './fields.js';

/**
 * Readers for a scenario document that may still be invalid. The checks that relate several
 * fields run on such documents too, so that every mistake is reported at once. These readers
 * return undefined (or an empty list) wherever a value has the wrong type, and the field schema
 * reports that value itself.
 */

/** Checks that a value is a plain object, not an array, null or a primitive. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads the field of an object, or undefined. */
export function fieldOf(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined;
}

/** Reads the entries of a list, or none. */
export function listOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function textOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Reads a list of finite numbers, or undefined when the value is not one. */
export function numbersOf(value: unknown): number[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const numbers: number[] = [];
  for (const entry of value) {
    const number = numberOf(entry);
    if (number === undefined) return undefined;
    numbers.push(number);
  }
  return numbers;
}

function distributionOf(value: unknown): Distribution | undefined {
  if (!isRecord(value)) return undefined;
  const n = (key: string): number | undefined => numberOf(value[key]);
  switch (value.dist) {
    case 'uniform': {
      const min = n('min');
      const max = n('max');
      return min !== undefined && max !== undefined ? { dist: 'uniform', min, max } : undefined;
    }
    case 'normal': {
      const mean = n('mean');
      const sd = n('sd');
      return mean !== undefined && sd !== undefined ? { dist: 'normal', mean, sd } : undefined;
    }
    case 'lognormal': {
      const median = n('median');
      const sdlog = n('sdlog');
      return median !== undefined && sdlog !== undefined ? { dist: 'lognormal', median, sdlog } : undefined;
    }
    case 'triangular': {
      const min = n('min');
      const mode = n('mode');
      const max = n('max');
      return min !== undefined && mode !== undefined && max !== undefined
        ? { dist: 'triangular', min, mode, max }
        : undefined;
    }
    default:
      return undefined;
  }
}

/** Lowest and highest value of a parameter (number or distribution), or undefined. */
export function paramRangeOf(value: unknown): { low: number; high: number } | undefined {
  const number = numberOf(value);
  if (number !== undefined) return { low: number, high: number };
  const distribution = distributionOf(value);
  return distribution === undefined ? undefined : distributionSupport(distribution);
}
