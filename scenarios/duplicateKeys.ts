/** A list or object that encloses the scanner's position, with the entry it is at. */
type Container =
  | { kind: 'array'; index: number }
  | { kind: 'object'; keys: Set<string>; key: string | undefined; expectsKey: boolean };

/**
 * Finds the keys that appear more than once in the same object of a JSON text. `JSON.parse` keeps
 * the last value of such a key without a word (RFC 8259 leaves the behaviour open), so a repeated
 * key in a scenario file would silently drop the first value.
 *
 * The text must be valid JSON, which the caller checks with `JSON.parse` first. The scan keeps its
 * own stack instead of recursing, so it handles any nesting depth that `JSON.parse` accepts.
 *
 * @returns the path of each repeated key, from the second occurrence on, in the order of the text
 */
export function findDuplicateKeys(text: string): (string | number)[][] {
  const found: (string | number)[][] = [];
  const stack: Container[] = [];
  let position = 0;

  while (position < text.length) {
    const char = text[position];
    const top = stack.at(-1);
    if (char === '"') {
      const end = endOfString(text, position);
      if (top?.kind === 'object' && top.expectsKey) {
        const key = JSON.parse(text.slice(position, end)) as string;
        if (top.keys.has(key)) found.push([...pathOf(stack.slice(0, -1)), key]);
        top.keys.add(key);
        top.key = key;
        top.expectsKey = false;
      }
      position = end;
      continue;
    }

    if (char === '{') stack.push({ kind: 'object', keys: new Set(), key: undefined, expectsKey: true });
    else if (char === '[') stack.push({ kind: 'array', index: 0 });
    else if (char === '}' || char === ']') stack.pop();
    else if (char === ',' && top?.kind === 'array') top.index++;
    else if (char === ',' && top?.kind === 'object') top.expectsKey = true;
    position++;
  }
  return found;
}

/** Returns the offset just past the closing quote of the string that starts at `start`. */
function endOfString(text: string, start: number): number {
  let position = start + 1;
  for (;;) {
    const quote = text.indexOf('"', position);
    if (quote < 0) return text.length;
    // A quote preceded by an odd number of backslashes is escaped.
    let backslashes = 0;
    while (text[quote - 1 - backslashes] === '\\') backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    position = quote + 1;
  }
}

function pathOf(containers: readonly Container[]): (string | number)[] {
  return containers.map((container) => (container.kind === 'array' ? container.index : (container.key ?? '')));
}
