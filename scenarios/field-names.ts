import type * as z from 'zod';

/** Largest edit distance at which an unknown field name is taken for a misspelling of a known one. */
const MAX_EDIT_DISTANCE = 2;

/**
 * Returns the field of the format that an unknown field name most likely misspells: the known field
 * at the same place with the fewest edits, as {@link closestName} picks it. The rejected name itself
 * is never returned, although a union may list it in another of its options.
 *
 * @param parent keys of the object that contains the unknown field, from the document's root
 */
export function closestField(schema: z.ZodType, parent: readonly PropertyKey[], name: string): string | undefined {
  const known = new Set(objectsAt([schema], parent).flatMap((object) => Object.keys(object)));
  return closestName(name, [...known]);
}

/**
 * Returns the candidate that a name most likely misspells: the one with the fewest edits, at most
 * {@link MAX_EDIT_DISTANCE} and at most half the name's letters, ignoring case. Returns undefined
 * when no candidate is that close, or when two are equally close. A candidate equal to the name is
 * skipped, because the name was rejected.
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  let tie = false;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      tie = false;
    } else if (distance === bestDistance) {
      tie = true;
    }
  }
  const close = bestDistance <= MAX_EDIT_DISTANCE && bestDistance * 2 <= name.length;
  return close && !tie ? best : undefined;
}

/** Definition of a zod schema, as far as this module reads it. */
interface SchemaDefinition {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: readonly z.ZodType[];
  valueType?: z.ZodType;
  getter?: () => z.ZodType;
}

/** Returns the field schemas of every object schema that a path can reach, through lists, unions and wrappers. */
function objectsAt(schemas: readonly z.ZodType[], keys: readonly PropertyKey[]): Record<string, z.ZodType>[] {
  const unwrapped = schemas.flatMap(unwrap);
  const objects = unwrapped.flatMap((schema) => {
    const definition = definitionOf(schema);
    return definition.type === 'object' && definition.shape !== undefined ? [definition.shape] : [];
  });
  if (keys.length === 0) return objects;
  const [key, ...rest] = keys;
  const next = unwrapped.flatMap((schema) => {
    const definition = definitionOf(schema);
    if (definition.type === 'object' && typeof key === 'string') return definition.shape?.[key] ?? [];
    if (definition.type === 'array' && typeof key === 'number') return definition.element ?? [];
    if (definition.type === 'record') return definition.valueType ?? [];
    return [];
  });
  return objectsAt(next, rest);
}

/** Returns the schemas inside a wrapper (optional, default, pipe, union, lazy), or the schema itself. */
function unwrap(schema: z.ZodType): z.ZodType[] {
  const definition = definitionOf(schema);
  if (definition.innerType !== undefined) return unwrap(definition.innerType);
  if (definition.type === 'pipe' && definition.in !== undefined) return unwrap(definition.in);
  if (definition.type === 'union' && definition.options !== undefined) return definition.options.flatMap(unwrap);
  if (definition.type === 'lazy' && definition.getter !== undefined) return unwrap(definition.getter());
  return [schema];
}

function definitionOf(schema: z.ZodType): SchemaDefinition {
  return (schema as unknown as { def: SchemaDefinition }).def;
}

/** Counts the insertions, deletions and substitutions that turn one text into the other (Levenshtein). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
