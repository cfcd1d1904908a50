/**
 * Where a JSON text goes wrong, in words a person can act on. JSON.parse's messages differ
 * between Node versions and some carry no position, so when it fails this small validator
 * walks the text again (only then: it never runs on valid input) and names the first
 * offending character with its line and column.
 */

export interface JsonSyntaxError {
  line: number;
  column: number;
  /** What the grammar wanted there. */
  expected: string;
  /** What was there, quoted, with a hint when it is a common mistake. */
  found: string;
  /** The offending line of the file. */
  lineText: string;
}

class Stop extends Error {
  constructor(
    readonly at: number,
    readonly expected: string,
    readonly hint = '',
    /** What to show as found, when the character alone would mislead. */
    readonly found = '',
  ) {
    super(expected);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Nesting deeper than this is refused before parsing: a scenario nests 6 or 7 levels
 * (strategies[0].store.cluster…), and a 10 000-deep document would otherwise overflow the
 * stack of every recursive step after the parser (validation, copying). Documented in the
 * README ("Bad input").
 */
export const MAX_DEPTH = 100;

/**
 * The first syntax error of `text`, or null when it is valid JSON. Also refuses what
 * JSON.parse accepts silently: a field given twice in one object (JSON.parse keeps the last;
 * YAML refuses it, and so do we) and nesting deeper than MAX_DEPTH. Iterative, so no input
 * can overflow the stack; linear in the length of the text.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  let i = 0;
  // Open containers: a Set of the keys seen for an object, null for an array.
  const stack: (Set<string> | null)[] = [];
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const string = (): void => {
    const start = i;
    i++;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') i += 2;
      else if (c === '\n' || c < ' ') throw new Stop(start, 'a string closed by " on the same line', '', unterminated(text, start));
      else i++;
    }
    throw new Stop(start, 'a string closed by "', '', unterminated(text, start));
  };
  const open = (keys: Set<string> | null): void => {
    if (stack.length >= MAX_DEPTH) throw new Stop(i, `nesting at most ${MAX_DEPTH} levels deep`, '', `\`${text[i]!}\` at level ${stack.length + 1}`);
    stack.push(keys);
    i++;
  };
  /** A field name, its colon; throws on a repeated name. */
  const key = (): void => {
    ws();
    if (text[i] !== '"') throw new Stop(i, 'a field name in double quotes', text[i] === '}' ? 'a trailing comma is not allowed in JSON' : hintAt(text, i));
    const start = i;
    string();
    let name: string;
    try {
      name = JSON.parse(text.slice(start, i)) as string;
    } catch {
      throw new Stop(start, 'a field name with valid escapes (\\n, \\", \\u00e9 …)');
    }
    const keys = stack[stack.length - 1]!;
    if (keys.has(name)) throw new Stop(start, 'each field once in an object', '', `${quote(name)} a second time (JSON.parse would keep the last silently; give it once)`);
    keys.add(name);
    ws();
    if (text[i] !== ':') throw new Stop(i, '":" after the field name', hintAt(text, i));
    i++;
  };
  try {
    if (text.charCodeAt(0) === 0xfeff) i = 1;
    for (;;) {
      // A value.
      ws();
      const c = text[i];
      if (c === '{') {
        open(new Set());
        ws();
        if (text[i] === '}') {
          i++;
          stack.pop();
        } else {
          key();
          continue;
        }
      } else if (c === '[') {
        open(null);
        ws();
        if (text[i] === ']') {
          i++;
          stack.pop();
        } else continue;
      } else if (c === '"') string();
      else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
        NUMBER.lastIndex = i;
        const m = NUMBER.exec(text);
        if (!m) throw new Stop(i, 'a number');
        i += m[0].length;
      } else {
        const word = ['true', 'false', 'null'].find((w) => text.startsWith(w, i));
        if (word === undefined) throw new Stop(i, 'a value (an object, array, string in double quotes, number, true, false or null)', hintAt(text, i));
        i += word.length;
      }
      // After a value: close containers, or go on to the next item.
      let next = false;
      while (!next) {
        ws();
        if (stack.length === 0) {
          if (i < text.length) throw new Stop(i, 'the end of the file after the JSON document', hintAt(text, i));
          return null;
        }
        const top = stack[stack.length - 1]!;
        if (top !== null) {
          if (text[i] === ',') {
            i++;
            key();
            next = true;
          } else if (text[i] === '}') {
            i++;
            stack.pop();
          } else throw new Stop(i, '"," or "}"', text[i] === '"' ? 'a missing comma between fields' : hintAt(text, i));
        } else if (text[i] === ',') {
          i++;
          ws();
          if (text[i] === ']') throw new Stop(i, 'a value', 'a trailing comma is not allowed in JSON');
          next = true;
        } else if (text[i] === ']') {
          i++;
          stack.pop();
        } else throw new Stop(i, '"," or "]"', hintAt(text, i));
      }
    }
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    return position(text, e);
  }
}

/** A field name as shown in a message: quoted, at most 60 characters. */
function quote(name: string): string {
  return JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}…` : name);
}

function hintAt(text: string, i: number): string {
  if (text.startsWith('//', i) || text.startsWith('/*', i)) return 'comments are not allowed in JSON; YAML allows them';
  if (text[i] === "'") return 'JSON needs double quotes, not single quotes';
  return '';
}

function position(text: string, e: Stop): JsonSyntaxError {
  const before = text.slice(0, e.at);
  const line = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const lineEnd = text.indexOf('\n', e.at);
  const lineText = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd).replace(/\r$/, '');
  const column = e.at - lineStart + 1;
  let found: string;
  if (e.found) found = e.found;
  else if (e.at >= text.length) found = 'the end of the file';
  else {
    // The offending token as written: a word, a quoted string, or one character.
    const rest = text.slice(e.at, e.at + 200);
    const token = /^[A-Za-z_][\w-]*/.exec(rest)?.[0] ?? /^"(?:[^"\\\n]|\\.)*"/.exec(rest)?.[0] ?? (rest.startsWith('//') || rest.startsWith('/*') ? rest.slice(0, 2) : text[e.at]!);
    found = `\`${token.length > 40 ? `${token.slice(0, 40)}…` : token}\``;
  }
  if (e.hint) found += ` (${e.hint})`;
  return { line, column, expected: e.expected, found, lineText };
}

function unterminated(text: string, start: number): string {
  const end = text.indexOf('\n', start);
  const piece = text.slice(start, end < 0 ? text.length : end).trimEnd();
  return `\`${piece.length > 30 ? `${piece.slice(0, 30)}…` : piece}\` (a string that is never closed)`;
}
