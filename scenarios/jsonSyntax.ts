/** Location of the first syntax error in a JSON text, with a short description. */
export interface JsonSyntaxError {
  /** Offset in UTF-16 code units from the start of the text. */
  offset: number;
  /** Line and column, counted from 1. */
  line: number;
  column: number;
  /** The character found there in single quotes, or `end of input`. */
  found: string;
  /** Construct the grammar expected at that point. */
  expected: string;
}

class SyntaxStop {
  constructor(
    readonly offset: number,
    readonly expected: string,
  ) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;

/**
 * Finds the first syntax error of a JSON text (RFC 8259) by recursive descent, or returns
 * undefined when the text is valid JSON. `JSON.parse` in Node 20 reports a position only for
 * some errors, so the location is computed here.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let position = 0;

  const skipWhitespace = (): void => {
    WHITESPACE.lastIndex = position;
    WHITESPACE.exec(text);
    position = WHITESPACE.lastIndex;
  };
  const expect = (char: string, description: string): void => {
    if (text[position] !== char) throw new SyntaxStop(position, description);
    position++;
  };

  const parseString = (): void => {
    expect('"', 'a string');
    for (;;) {
      const char = text[position];
      if (char === undefined) throw new SyntaxStop(position, 'a closing quote');
      if (char === '"') {
        position++;
        return;
      }
      if (char < ' ') throw new SyntaxStop(position, 'an escaped control character');
      if (char === '\\') {
        const next = text[position + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(position + 2, position + 6))) {
            throw new SyntaxStop(position + 2, 'four hex digits');
          }
          position += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) {
          position += 2;
        } else {
          throw new SyntaxStop(position + 1, 'a valid escape');
        }
      } else {
        position++;
      }
    }
  };

  const parseValue = (): void => {
    skipWhitespace();
    const char = text[position];
    if (char === '{') {
      position++;
      skipWhitespace();
      if (text[position] === '}') {
        position++;
        return;
      }
      for (;;) {
        skipWhitespace();
        parseString();
        skipWhitespace();
        expect(':', "':' after the property name");
        parseValue();
        skipWhitespace();
        if (text[position] === ',') {
          position++;
          continue;
        }
        expect('}', "',' or '}' after the property value");
        return;
      }
    }
    if (char === '[') {
      position++;
      skipWhitespace();
      if (text[position] === ']') {
        position++;
        return;
      }
      for (;;) {
        parseValue();
        skipWhitespace();
        if (text[position] === ',') {
          position++;
          continue;
        }
        expect(']', "',' or ']' after the list entry");
        return;
      }
    }
    if (char === '"') return parseString();
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, position)) {
        position += literal.length;
        return;
      }
    }
    NUMBER.lastIndex = position;
    if (NUMBER.exec(text) !== null) {
      position = NUMBER.lastIndex;
      return;
    }
    throw new SyntaxStop(position, 'a value');
  };

  try {
    parseValue();
    skipWhitespace();
    if (position < text.length) throw new SyntaxStop(position, 'the end of the document');
    return undefined;
  } catch (error) {
    if (!(error instanceof SyntaxStop)) throw error;
    return locate(text, error);
  }
}

function locate(text: string, stop: SyntaxStop): JsonSyntaxError {
  const before = text.slice(0, stop.offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  const line = before.split('\n').length;
  const char = text[stop.offset];
  return {
    offset: stop.offset,
    line,
    column: stop.offset - lineStart + 1,
    found: char === undefined ? 'end of input' : `'${char}'`,
    expected: stop.expected,
  };
}
