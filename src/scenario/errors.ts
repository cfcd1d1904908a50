/**
 * Scenario errors a person can act on: where (the JSON path), what was expected, what
 * was found. Zod's issues are translated here; the CLI prints them without a stack trace.
 */
import type { z } from 'zod';

export interface ScenarioProblem {
  /** JSON path such as "clients.arrivalRate" or "events[0].server"; "" for the whole file. */
  path: string;
  expected: string;
  found: string;
}

export class ScenarioError extends Error {
  constructor(
    readonly source: string,
    readonly problems: ScenarioProblem[],
  ) {
    super(`${source}: ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}\n` + problems.map(formatProblem).join('\n'));
    this.name = 'ScenarioError';
  }
}

export function formatProblem(p: ScenarioProblem): string {
  return `  at ${p.path || '(top level)'}: expected ${p.expected}, found ${p.found}`;
}

/** "clients.network.natShare", "events[2].server". */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const k of path) {
    if (typeof k === 'number') out += `[${k}]`;
    else out += out === '' ? String(k) : `.${String(k)}`;
  }
  return out;
}

export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  const text = JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 57)}...}` : text;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/**
 * A union branch that only says "not my type" at its root — directly, or as a nested union
 * whose branches all say so — tells the reader nothing about what is wrong inside the value.
 */
function uninformative(branch: readonly z.core.$ZodIssue[]): boolean {
  if (branch.length !== 1) return false;
  const only = branch[0]!;
  if (only.path.length !== 0) return false;
  if (only.code === 'invalid_type') return true;
  if (only.code === 'invalid_union' && !('discriminator' in only && only.discriminator !== undefined)) return only.errors.every(uninformative);
  return false;
}

/** Translate zod issues into problems, choosing the most specific branch of unions. */
export function problemsFromZod(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): ScenarioProblem[] {
  const out: ScenarioProblem[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    const input = (issue as { input?: unknown }).input;
    switch (issue.code) {
      case 'invalid_union': {
        const branches = issue.errors;
        // A branch whose only complaint is the root type tells nothing; prefer branches
        // that got inside the value (e.g. the object form of a distribution).
        const specific = branches.filter((b) => !uninformative(b));
        if ('discriminator' in issue && issue.discriminator !== undefined) {
          const options = (issue as unknown as { options: unknown[] }).options ?? [];
          out.push({ path: formatPath(path), expected: `one of ${options.map((o) => JSON.stringify(o)).join(', ')}`, found: describeValue((input as Record<string, unknown> | undefined)?.[issue.discriminator]) });
        } else if (specific.length > 0) {
          out.push(...problemsFromZod(specific[0]!, path));
        } else {
          out.push({ path: formatPath(path), expected: issue.message === 'Invalid input' ? 'a value of another type' : issue.message, found: describeValue(input) });
        }
        break;
      }
      case 'invalid_type':
        out.push({ path: formatPath(path), expected: issue.expected === 'object' ? 'an object' : issue.expected === 'int' ? 'a whole number' : issue.expected === 'array' ? 'an array' : `a ${issue.expected}`, found: input === undefined ? 'nothing (the field is required)' : `${typeName(input)} ${describeValue(input)}` });
        break;
      case 'too_small': {
        const what = issue.origin === 'array' ? 'an array with at least' : issue.origin === 'string' ? 'a text of at least' : 'a number';
        const bound = issue.origin === 'array' || issue.origin === 'string' ? `${issue.minimum} ${issue.origin === 'array' ? 'items' : 'characters'}` : `${issue.inclusive ? '>=' : '>'} ${issue.minimum}`;
        out.push({ path: formatPath(path), expected: `${what} ${bound}`, found: describeValue(input) });
        break;
      }
      case 'too_big':
        out.push({ path: formatPath(path), expected: `a number ${issue.inclusive ? '<=' : '<'} ${issue.maximum}`, found: describeValue(input) });
        break;
      case 'invalid_value':
        out.push({ path: formatPath(path), expected: `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`, found: describeValue(input) });
        break;
      case 'unrecognized_keys':
        for (const key of issue.keys) out.push({ path: formatPath([...path, key]), expected: 'no such field (unknown field)', found: describeValue((input as Record<string, unknown> | undefined)?.[key]) });
        break;
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
