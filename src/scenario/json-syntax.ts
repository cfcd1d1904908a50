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

/** The first syntax error of `text`, or null when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  let i = 0;
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) throw new Stop(i, 'a number');
      i += m[0].length;
      return;
    }
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    throw new Stop(i, 'a value (an object, array, string in double quotes, number, true, false or null)', hintAt(text, i));
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
  const object = (): void => {
    i++;
    ws();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] !== '"') throw new Stop(i, 'a field name in double quotes', text[i] === '}' ? 'a trailing comma is not allowed in JSON' : hintAt(text, i));
      string();
      ws();
      if (text[i] !== ':') throw new Stop(i, '":" after the field name', hintAt(text, i));
      i++;
      value();
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return;
      }
      throw new Stop(i, '"," or "}"', text[i] === '"' ? 'a missing comma between fields' : hintAt(text, i));
    }
  };
  const array = (): void => {
    i++;
    ws();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] === ']') throw new Stop(i, 'a value', 'a trailing comma is not allowed in JSON');
      value();
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        return;
      }
      throw new Stop(i, '"," or "]"', hintAt(text, i));
    }
  };
  try {
    if (text.charCodeAt(0) === 0xfeff) i = 1;
    value();
    ws();
    if (i < text.length) throw new Stop(i, 'the end of the file after the JSON document', hintAt(text, i));
    return null;
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    return position(text, e);
  }
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
    const rest = text.slice(e.at);
    const token = /^[A-Za-z_][\w-]*/.exec(rest)?.[0] ?? /^"(?:[^"\\\n]|\\.)*"/.exec(rest)?.[0] ?? (rest.startsWith('//') || rest.startsWith('/*') ? rest.slice(0, 2) : text[e.at]!);
    found = `\`${token}\``;
  }
  if (e.hint) found += ` (${e.hint})`;
  return { line, column, expected: e.expected, found, lineText };
}

function unterminated(text: string, start: number): string {
  const end = text.indexOf('\n', start);
  const piece = text.slice(start, end < 0 ? text.length : end).trimEnd();
  return `\`${piece.length > 30 ? `${piece.slice(0, 30)}…` : piece}\` (a string that is never closed)`;
}
