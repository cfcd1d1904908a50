/**
 * Scenario errors a person can act on: where (the JSON path), what was expected, what
 * was found. Zod's issues are translated here; the CLI prints them without a stack trace.
 */
import type { z } from '#zod';
import { closest } from './suggest.js';

export interface ScenarioProblem {
  /** JSON path such as "clients.arrivalRate" or "events[0].server"; "" for the whole file. */
  path: string;
  expected: string;
  found: string;
  /** A suggestion, e.g. 'did you mean "arrivalRate"?' */
  hint?: string;
  /** For syntax errors: where in the file, and the offending line. */
  line?: number;
  column?: number;
  lineText?: string;
}

/** Something legal but probably not what the author meant: the run goes on, the user is told. */
export interface ScenarioWarning {
  path: string;
  message: string;
}

/** At most this many problems are listed (a generated file can have thousands); the count says the rest. */
export const MAX_PROBLEMS_SHOWN = 50;
/** Every echoed text (a value, a field name, a line) is cut to about this many characters. */
export const MAX_ECHO = 120;

export class ScenarioError extends Error {
  constructor(
    readonly source: string,
    readonly problems: ScenarioProblem[],
  ) {
    const shown = problems.slice(0, MAX_PROBLEMS_SHOWN).map(formatProblem);
    if (problems.length > MAX_PROBLEMS_SHOWN) shown.push(`  … and ${problems.length - MAX_PROBLEMS_SHOWN} more`);
    super(`${clip(source, MAX_ECHO)}: ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}\n` + shown.join('\n'));
    this.name = 'ScenarioError';
  }
}

/**
 * A valid scenario too big to run under the event budget (--max-events): exit 2 like an
 * invalid one, but told as what it is, so nobody hunts for a mistake in a correct file.
 */
export class EventBudgetError extends ScenarioError {
  override name = 'EventBudgetError';
  constructor(source: string, problem: ScenarioProblem) {
    super(source, [problem]);
    this.message = `${clip(source, MAX_ECHO)}: too big for the event budget (the scenario itself is valid)\n${formatProblem(problem)}`;
  }
}

/**
 * A name given on the command line (--strategies, --baseline) that is not one of the
 * scenario's strategies: exit 2 told as a usage error with did-you-mean (its message), not as
 * an invalid scenario; still a ScenarioError, so `validate`-style callers handle it alike.
 */
export class UnknownStrategyError extends ScenarioError {
  override name = 'UnknownStrategyError';
  constructor(option: string, name: string, names: readonly string[]) {
    const near = closest(name, names);
    const hint = near !== undefined && near !== name ? `did you mean ${JSON.stringify(near)}?` : undefined;
    super(option, [{ path: '', expected: `one of ${names.join(', ')}`, found: JSON.stringify(clip(name, 40)), ...(hint === undefined ? {} : { hint }) }]);
    this.message = `${option}: no strategy named ${JSON.stringify(clip(name, 40))}${hint === undefined ? '' : ` (${hint})`}; this scenario's strategies are ${names.map((n) => clip(n, 40)).join(', ')}`;
  }
}

/** `text` cut to `max` characters with an ellipsis, so no message grows with the input. */
export function clip(text: string, max = MAX_ECHO): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function formatProblem(p: ScenarioProblem): string {
  // A syntax error has only a place in the text; a schema or meaning problem in a YAML file
  // has both its JSON path and its place (src/scenario/positions.ts).
  const place = p.line !== undefined ? `line ${p.line}, column ${p.column ?? 1}` : undefined;
  const where = p.path === '' ? (place ?? '(top level)') : place === undefined ? clip(p.path) : `${clip(p.path)} (${place})`;
  let text = visible(`  at ${where}: expected ${clip(p.expected, 8 * MAX_ECHO)}, found ${clip(p.found, 2 * MAX_ECHO)}${p.hint ? `; ${clip(p.hint, 2 * MAX_ECHO)}` : ''}`);
  if (p.lineText !== undefined && p.line !== undefined) {
    // The offending line and a caret under the column, as compilers show it; a long line is
    // shown as a window around the column so the message stays short whatever the file.
    const gutter = String(p.line);
    const { shown, caret } = excerpt(p.lineText, p.column ?? 1);
    // One character for one, so the caret stays under its column.
    text += `\n    ${gutter} | ${shown.replace(CONTROL, '?')}\n    ${' '.repeat(gutter.length)} | ${' '.repeat(caret)}^`;
  }
  return text;
}

/** C0 controls but tab and newline, DEL and C1 (U+0080–U+009F: U+009B is a CSI to some terminals). */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * A message as the terminal will show it, not obey it: control characters as \u escapes.
 * JSON.stringify, which words most "found" values, escapes C0 but leaves DEL and C1 raw.
 */
export function visible(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** At most ~80 characters of `line` around 1-based `column`, and the caret's offset in them. */
export function excerpt(line: string, column: number, width = 80): { shown: string; caret: number } {
  const at = Math.max(0, Math.min(column - 1, line.length));
  if (line.length <= width) return { shown: line, caret: at };
  const start = Math.max(0, Math.min(at - Math.floor(width / 2), line.length - width));
  const end = Math.min(line.length, start + width);
  const head = start > 0 ? '…' : '';
  return { shown: `${head}${line.slice(start, end)}${end < line.length ? '…' : ''}`, caret: at - start + head.length };
}

/** "did you mean …" for a misspelt word among `candidates` (case, punctuation, aliases, edit distance). */
export function suggestion(word: unknown, candidates: readonly string[]): string | undefined {
  if (typeof word !== 'string') return undefined;
  const c = closest(word, candidates);
  return c === undefined || c === word ? undefined : `did you mean ${JSON.stringify(c)}?`;
}

/** Tells which fields an object at `path` may have (for "did you mean" on unknown fields). */
export type FieldLookup = (path: readonly PropertyKey[]) => readonly string[];

/**
 * "one of a, b, c"; a long list (highlight's ≈ 70 metrics) as its count and a few examples,
 * pointing at where all are listed, instead of a message of more than a thousand characters.
 */
function oneOf(values: readonly unknown[]): string {
  const shown = (vs: readonly unknown[]) => vs.map((v) => JSON.stringify(v)).join(', ');
  if (values.length <= 12) return `one of ${shown(values)}`;
  return `one of ${values.length} values (\`session-sim schema\` lists them), e.g. ${shown(values.slice(0, 4))}`;
}

/** "clients.network.natShare", "events[2].server". */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const k of path) {
    if (typeof k === 'number') out += `[${k}]`;
    // A name with a dot or a bracket in it (`-.inf:`, a metric "latency.p99") in quotes, as
    // slo.targets["latency.p99"] is written, so the path reads back (positions.ts, --set).
    else if (typeof k === 'string' && (k === '' || /[.[\]"]/.test(k))) out += `[${JSON.stringify(k)}]`;
    else out += out === '' ? String(k) : `.${String(k)}`;
  }
  return out;
}

export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(clip(v, 60));
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  const text = JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 57)}...}` : text;
}

/** The type word before a value ("string \"x\"", "number 5"); null and arrays say it themselves ("null", "an array of 0"). */
function typeName(v: unknown): string {
  return typeof v;
}

/** Translate zod issues into problems, choosing the most specific branch of unions. */
export function problemsFromZod(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = [], fields?: FieldLookup, root?: unknown): ScenarioProblem[] {
  const out: ScenarioProblem[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    // Checks that run after a transform see converted values ("10ms" → 0.01): show what the file says.
    const input = issue.code === 'custom' && root !== undefined ? valueAt(root, path) : (issue as { input?: unknown }).input;
    switch (issue.code) {
      case 'invalid_union': {
        const branches = issue.errors;
        // A branch whose only complaint is the root type tells nothing; prefer branches
        // that got inside the value (e.g. the object form of a distribution).
        const specific = branches.filter((b) => !isTypeMismatch(b));
        if ('discriminator' in issue && issue.discriminator !== undefined) {
          const options = (issue as unknown as { options: unknown[] }).options ?? [];
          const found = (input as Record<string, unknown> | undefined)?.[issue.discriminator];
          out.push(withHint({ path: formatPath(path), expected: `one of ${options.map((o) => JSON.stringify(o)).join(', ')}`, found: describeValue(found) }, suggestion(found, options.filter((o): o is string => typeof o === 'string'))));
        } else if (specific.length > 0) {
          out.push(...problemsFromZod(specific[0]!, path, fields, root));
        } else {
          out.push({ path: formatPath(path), expected: issue.message === 'Invalid input' ? 'a value of another type' : issue.message, found: describeValue(input) });
        }
        break;
      }
      case 'invalid_type':
        out.push({ path: formatPath(path), expected: issue.expected === 'object' ? 'an object' : issue.expected === 'int' ? 'a whole number' : issue.expected === 'array' ? 'an array' : `a ${issue.expected}`, found: input === undefined ? 'nothing (the field is required)' : input === null || Array.isArray(input) ? describeValue(input) : `${typeName(input)} ${describeValue(input)}` });
        break;
      case 'too_small': {
        const what = issue.origin === 'array' ? 'an array with at least' : issue.origin === 'string' ? 'a text of at least' : 'a number';
        const unit = issue.origin === 'array' ? 'item' : 'character';
        const bound = issue.origin === 'array' || issue.origin === 'string' ? `${issue.minimum} ${unit}${Number(issue.minimum) === 1 ? '' : 's'}` : `${issue.inclusive ? '>=' : '>'} ${issue.minimum}`;
        out.push({ path: formatPath(path), expected: `${what} ${bound}`, found: describeValue(input) });
        break;
      }
      case 'too_big':
        out.push({ path: formatPath(path), expected: `a number ${issue.inclusive ? '<=' : '<'} ${issue.maximum}`, found: describeValue(input) });
        break;
      case 'invalid_value':
        out.push(withHint({ path: formatPath(path), expected: oneOf(issue.values), found: describeValue(input) }, suggestion(input, issue.values.filter((v): v is string => typeof v === 'string'))));
        break;
      case 'unrecognized_keys': {
        // Once per object, not per key: a file with 10 000 unknown fields stays linear.
        const unknown = new Set(issue.keys);
        // A field not yet written is the likelier meaning; one already present still is (`--set servers.cont=3`).
        const all = fields ? fields(path).filter((k) => !unknown.has(k)) : [];
        const present = (k: string) => input !== null && typeof input === 'object' && k in input;
        const absent = all.filter((k) => !present(k));
        for (const key of issue.keys) {
          // Only for problems a message lists (MAX_PROBLEMS_SHOWN): the rest are counted, not shown.
          const hint = out.length < MAX_PROBLEMS_SHOWN ? (suggestion(key, absent) ?? suggestion(key, all)) : undefined;
          out.push(withHint({ path: formatPath([...path, key]), expected: 'no such field (unknown field)', found: describeValue((input as Record<string, unknown> | undefined)?.[key]) }, hint));
        }
        break;
      }
      case 'invalid_format':
        out.push({ path: formatPath(path), expected: issue.message.startsWith('Invalid') ? `text matching ${issue.format}` : issue.message, found: describeValue(input) });
        break;
      case 'not_multiple_of':
        out.push({ path: formatPath(path), expected: 'a whole number', found: describeValue(input) });
        break;
      default:
        out.push({ path: formatPath(path), expected: issue.message, found: describeValue(input) });
    }
  }
  return out;
}

function withHint(p: ScenarioProblem, hint: string | undefined): ScenarioProblem {
  return hint === undefined ? p : { ...p, hint };
}

/** A union branch that failed only because the value has another type (a number where an object was wanted). */
function isTypeMismatch(branch: readonly z.core.$ZodIssue[]): boolean {
  return branch.every(
    (i) => i.path.length === 0 && (i.code === 'invalid_type' || (i.code === 'invalid_union' && !('discriminator' in i && i.discriminator !== undefined) && i.errors.every(isTypeMismatch))),
  );
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}
