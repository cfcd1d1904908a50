/**
 * Guards a parsed (or about-to-be-parsed) document passes before validation: nesting depth
 * (checked on YAML text before the parser sees it, and on every parsed value, iteratively so
 * no input can overflow the stack), YAML aliases that are undefined or point into themselves,
 * and alias expansion bounded against "billion laughs" bombs.
 */
import type { Document } from 'yaml';
import { MAX_DEPTH } from './json-syntax.js';
import { formatPath, type ScenarioProblem } from './errors.js';
import { yamlLibrary } from './yaml-library.js';

export { MAX_DEPTH };

/**
 * Alias expansions allowed in one YAML file. The yaml library's default (100) refuses a
 * scenario that reuses one anchored event 101 times; 10 000 allows any hand-written reuse
 * while an alias bomb (9 aliases of 9 aliases … nine levels deep: 387 M nodes) is still
 * refused after 10 000 expansions. Documented in the README ("Bad input").
 */
export const MAX_ALIAS_COUNT = 10_000;

function lineColumn(text: string, at: number): { line: number; column: number; lineText: string } {
  let line = 1;
  let lineStart = 0;
  for (let k = text.indexOf('\n'); k >= 0 && k < at; k = text.indexOf('\n', k + 1)) {
    line++;
    lineStart = k + 1;
  }
  const end = text.indexOf('\n', lineStart);
  return { line, column: at - lineStart + 1, lineText: text.slice(lineStart, end < 0 ? text.length : end).replace(/\r$/, '') };
}

/**
 * A bound on the nesting of a YAML text, from the text alone: block indentation levels plus
 * open flow brackets (`[`, `{`), outside quotes, comments and block scalars. The yaml parser
 * itself fails badly on deep input (an unclosed 10 000-deep `[[[…` exhausts memory), so this
 * runs first; it over-counts rather than under-counts, and the exact depth of the parsed
 * value is checked afterwards by `depthProblem`.
 */
export function yamlDepthProblem(text: string): ScenarioProblem | null {
  const indents: number[] = [];
  let flow = 0;
  let quote: '' | "'" | '"' = '';
  let blockScalarOf = -1;
  let offset = 0;
  while (offset <= text.length) {
    let end = text.indexOf('\n', offset);
    if (end < 0) end = text.length;
    const line = text.slice(offset, end);
    const indent = /^ */.exec(line)![0].length;
    const blank = indent === line.length || line[indent] === '#' || line.trim() === '';
    if (blockScalarOf >= 0 && (blank || indent > blockScalarOf)) {
      offset = end + 1;
      continue;
    }
    blockScalarOf = -1;
    let block = indents.length;
    let k = indent;
    if (flow === 0 && quote === '' && !blank) {
      while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
      indents.push(indent);
      block = indents.length;
      // "- - - x": each dash on one line opens a level.
      while (line.startsWith('- ', k) || (line[k] === '-' && k + 1 === line.length)) {
        block++;
        k += 2;
        while (line[k] === ' ') k++;
      }
    }
    // A value may open a flow collection where a value starts: at the line's start, after
    // ": ", "- ", or inside another flow collection.
    let valueStart = true;
    for (; k < line.length; k++) {
      const c = line[k]!;
      if (quote !== '') {
        if (quote === '"' && c === '\\') k++;
        else if (c === quote) quote = '';
        continue;
      }
      if (c === '#' && (k === 0 || line[k - 1] === ' ' || line[k - 1] === '\t')) break;
      if ((c === '"' || c === "'") && (valueStart || flow > 0)) {
        quote = c;
        continue;
      }
      if ((c === '[' || c === '{') && (valueStart || flow > 0)) {
        flow++;
        if (block + flow > MAX_DEPTH) {
          return { path: '', expected: `nesting at most ${MAX_DEPTH} levels deep`, found: `\`${c}\` at level ${block + flow}`, ...lineColumn(text, offset + k) };
        }
        valueStart = true;
        continue;
      }
      if ((c === ']' || c === '}') && flow > 0) {
        flow--;
        continue;
      }
      if (c === ' ' || c === '\t') continue;
      if ((c === ':' || c === '-' || c === ',' || c === '?') && (line[k + 1] === ' ' || k + 1 === line.length)) {
        valueStart = true;
        continue;
      }
      if ((c === '|' || c === '>') && valueStart && flow === 0 && /^[|>][-+0-9]*\s*(#.*)?$/.test(line.slice(k))) {
        blockScalarOf = indent;
        break;
      }
      valueStart = flow > 0 && c === ',';
    }
    offset = end + 1;
  }
  return null;
}

/** Nesting of a parsed value deeper than `max` (MAX_DEPTH), found without recursion; null if none. */
export function depthProblem(value: unknown, max = MAX_DEPTH): ScenarioProblem | null {
  const todo: { v: unknown; path: PropertyKey[] }[] = [{ v: value, path: [] }];
  while (todo.length > 0) {
    const { v, path } = todo.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (path.length >= max) return { path: formatPath(path.slice(0, 8)) + '…', expected: `nesting at most ${max} levels deep`, found: `a value nested more than ${max} levels deep` };
    for (const [k, x] of Object.entries(v)) if (x !== null && typeof x === 'object') todo.push({ v: x, path: [...path, Array.isArray(v) ? Number(k) : k] });
  }
  return null;
}

/**
 * What a YAML scenario holds that a JSON one cannot: a scenario is JSON-shaped, but YAML's
 * tags give sets (!!set), ordered maps (!!omap), dates (!!timestamp), bytes (!!binary) and
 * the floats .nan and .inf. A set or a map has no fields to the schema, so `servers: !!set
 * {a}` read as `servers: {}` and ran on every default; the others were echoed as NaN or a
 * Buffer. Each is refused at its path, in the YAML's own words. At most 50.
 */
export function yamlValueProblems(value: unknown): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const todo: { v: unknown; path: PropertyKey[] }[] = [{ v: value, path: [] }];
  const expected = 'a JSON value: a mapping, a list, a string, a finite number, true, false or null';
  while (todo.length > 0 && problems.length < 50) {
    const { v, path } = todo.pop()!;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) problems.push({ path: formatPath(path), expected, found: v !== v ? '.nan (not a number)' : v > 0 ? '.inf (infinity)' : '-.inf (minus infinity)' });
      continue;
    }
    if (v === null || typeof v !== 'object' || path.length > MAX_DEPTH) continue;
    const proto = Object.getPrototypeOf(v) as unknown;
    if (!Array.isArray(v) && proto !== Object.prototype && proto !== null) {
      problems.push({ path: formatPath(path), expected, found: yamlKind(v) });
      continue;
    }
    for (const [k, x] of Object.entries(v)) todo.push({ v: x, path: [...path, Array.isArray(v) ? Number(k) : k] });
  }
  return problems;
}

function yamlKind(v: object): string {
  if (v instanceof Set) return 'a set (!!set)';
  if (v instanceof Map) return 'an ordered map (!!omap)';
  if (v instanceof Date) return 'a date (!!timestamp)';
  if (ArrayBuffer.isView(v)) return 'binary data (!!binary)';
  return `a value of a YAML tag that JSON has no place for (${v.constructor?.name ?? 'an object'})`;
}

/**
 * Aliases that cannot become a scenario: one whose anchor is not defined before it, and one
 * inside the very node it names (a circular structure no JSON can hold).
 */
export function yamlAliasProblems(doc: Document, text: string): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const YAML = yamlLibrary();
  // Each anchor as the walk meets it, in document order: an alias names the last one of its
  // name before it, as Alias.resolve() finds. One walk for the file: resolve() walks the whole
  // document for each alias, and 9 000 aliases of a 12 000-node file took 51 s.
  const anchors = new Map<string, unknown>();
  let named = 0;
  YAML.visit(doc, {
    Node(_key, node, path) {
      if (!YAML.isAlias(node)) {
        if (node.anchor) {
          anchors.set(node.anchor, node);
          if (++named > MAX_ALIAS_COUNT) return tooMany(node.range?.[0] ?? 0);
        }
        return undefined;
      }
      if (++named > MAX_ALIAS_COUNT) return tooMany(node.range?.[0] ?? 0);
      const at = node.range?.[0] ?? 0;
      const target = anchors.get(node.source);
      const name = JSON.stringify(node.source.length > 40 ? `${node.source.slice(0, 40)}…` : node.source);
      if (target === undefined) {
        problems.push({ path: '', expected: `an alias of an anchor defined before it (&${node.source.slice(0, 40)} …)`, found: `*${name.slice(1, -1)}, an alias of no anchor`, ...lineColumn(text, at) });
      } else if (path.includes(target as never)) {
        problems.push({ path: '', expected: 'an alias outside the node its anchor names', found: `*${name.slice(1, -1)} inside its own anchor (a circular structure)`, ...lineColumn(text, at) });
      }
      return problems.length >= 5 ? YAML.visit.BREAK : undefined;
    },
  });
  return problems;

  // The library resolves each alias by scanning every anchor and alias before it, so their
  // number is bounded too: 10 000 in all allow any hand-written reuse and convert in ≈ 1.5 s
  // (9 000 anchors and 9 000 aliases took 5.6 s).
  function tooMany(at: number): symbol {
    problems.length = 0;
    problems.push({ path: '', expected: `at most ${MAX_ALIAS_COUNT.toLocaleString('en-US')} anchors and aliases in one file`, found: `more than ${MAX_ALIAS_COUNT.toLocaleString('en-US')}, the first past the limit here`, ...lineColumn(text, at) });
    return YAML.visit.BREAK;
  }
}

/** A problem of a YAML text at a position, as the yaml library reports its own (load.ts formats both). */
export interface YamlError {
  pos: [number, number];
  message: string;
  code: string;
}

/**
 * Fields given twice in one mapping, by the names the keys have once yamlKeysAsWritten has
 * run: one pass with a set per mapping, in the library's words (DUPLICATE_KEY) at the later
 * key. At most 5. Keys that are themselves mappings or lists are left to the unknown-field check.
 */
export function yamlDuplicateKeys(doc: Document): YamlError[] {
  const errors: YamlError[] = [];
  const YAML = yamlLibrary();
  YAML.visit(doc, {
    Map(_key, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const k = pair.key;
        if (!YAML.isScalar(k)) continue;
        const name = String(k.value);
        if (!seen.has(name)) {
          seen.add(name);
          continue;
        }
        const at = k.range?.[0] ?? 0;
        errors.push({ pos: [at, at + 1], message: 'Map keys must be unique', code: 'DUPLICATE_KEY' });
        if (errors.length >= 5) return YAML.visit.BREAK;
      }
      return undefined;
    },
  });
  return errors;
}

/**
 * Field names as written: YAML reads a plain key by the core schema, so `.nan:` or `-.inf:`
 * became the field "NaN" or "-Infinity" (and `0x10:` "16"), and a problem named a field the
 * file does not have. Every scalar key that is not a string takes its source text.
 */
export function yamlKeysAsWritten(doc: Document): void {
  const YAML = yamlLibrary();
  YAML.visit(doc, {
    Pair(_key, pair) {
      const k = pair.key;
      if (YAML.isScalar(k) && typeof k.value !== 'string') k.value = k.source ?? String(k.value);
    },
  });
}

/**
 * No number in a scenario is larger than 10^15 in size (the seed, a whole number up to
 * 2^53 − 1, excepted): the ceiling under every field's own bound, including fields added
 * later, so products of a scenario's numbers stay finite (10^15 arrivals a second over a year
 * is 3·10^22 sessions: far beyond any budget, but a number). Documented in the README.
 */
export const MAX_NUMBER = 1e15;

/** What a number literal beyond a double's range (1e400, which JSON.parse reads as Infinity) is called in a message. */
export const BEYOND_DOUBLE = 'a number beyond ±1.8×10^308, too large for any number here';

export function hugeNumberProblems(value: unknown): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const todo: { v: unknown; path: PropertyKey[] }[] = [{ v: value, path: [] }];
  while (todo.length > 0 && problems.length < 50) {
    const { v, path } = todo.pop()!;
    if (typeof v === 'number') {
      const seed = path.length === 1 && path[0] === 'seed';
      const expected = seed ? 'a whole number up to 2^53 − 1 (the seed)' : 'a number at most 10^15 in size (every number of a scenario is)';
      // JSON.parse reads 1e400 as Infinity: say what was written, not "Infinity" (the seed too).
      if (!Number.isFinite(v)) problems.push({ path: formatPath(path), expected, found: BEYOND_DOUBLE });
      else if (Math.abs(v) > MAX_NUMBER && !seed) problems.push({ path: formatPath(path), expected, found: String(v) });
      continue;
    }
    if (v === null || typeof v !== 'object' || path.length > MAX_DEPTH) continue;
    for (const [k, x] of Object.entries(v)) todo.push({ v: x, path: [...path, Array.isArray(v) ? Number(k) : k] });
  }
  return problems;
}
