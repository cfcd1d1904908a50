/**
 * What the command line needs to *declare* its options (choices, argument parsers), kept apart
 * from what runs and renders, so that declaring every command loads no report or simulation
 * code: `session-sim --version` or `validate` pays only for what it uses (README "Performance").
 * `--set` is here too, shared by run, explain, validate, sweep and plan, defined once so it
 * parses and words its errors the same way everywhere (the numeric limits are in ./limits.ts).
 */
import { InvalidArgumentError, Option } from 'commander';
import { ScenarioError, clip } from '../scenario/errors.js';
import { parseOverride, type Override } from '../scenario/overrides.js';
import { COLUMN_IDS } from '../report/table.js';
import { closest } from '../scenario/suggest.js';
import type { Charset } from './io.js';

/** `--set PATH=VALUE`, repeatable; a malformed one is a usage error naming the option. */
export function collectOverride(v: string, previous: Override[] = []): Override[] {
  try {
    return [...previous, parseOverride(v)];
  } catch (e) {
    if (e instanceof ScenarioError) throw argumentError(e);
    throw e;
  }
}

/** An option value refused with a ScenarioError, as commander words it: what was expected, what was found, the likely meaning. */
export function argumentError(e: ScenarioError): InvalidArgumentError {
  const p = e.problems[0]!;
  return new InvalidArgumentError(`expected ${p.expected}, found ${p.found}${p.hint === undefined ? '.' : `; ${p.hint}`}`);
}

export const setOption = () => new Option('--set <path=value>', 'override a scenario field before validation (repeatable): --set servers.count=6 --set clients.arrivalRate=40').argParser(collectOverride);

export const FORMATS = ['table', 'json', 'csv', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

/** --columns a,b,c: known ids, with a suggestion for a typo. */
export function parseColumns(value: string): string[] {
  // As --strategies: at least one id, each once (an empty list drew a table of names only,
  // and a column given twice was drawn twice).
  const ids = value.split(',').map((s) => s.trim());
  if (ids.every((id) => id === '')) throw new InvalidArgumentError(`expected one or more column ids separated by commas, such as lost,p99,skew; found ${JSON.stringify(clip(value, 40))}.`);
  if (ids.some((id) => id === '')) throw new InvalidArgumentError(`expected column ids separated by single commas, found an empty id in ${JSON.stringify(clip(value, 60))}.`);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice !== undefined) throw new InvalidArgumentError(`expected each column once, found ${JSON.stringify(clip(twice, 40))} twice.`);
  for (const id of ids) {
    if (!COLUMN_IDS.includes(id)) {
      const near = closest(id, COLUMN_IDS);
      throw new InvalidArgumentError(`unknown column "${id}"${near ? ` (did you mean "${near}"?)` : ''}; the columns are ${COLUMN_IDS.join(', ')}.`);
    }
  }
  return ids;
}


/** --max-events N: a whole number ≥ 1 (underscores and exponents allowed: 2e8, 200_000_000). */
export function parseMaxEvents(value: string): number {
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number from 1 to 2^53 - 1, such as 100000000 or 1e8.');
  return n;
}

export { parseReplications } from './limits.js';

export function parsePrecision(v: string): number {
  const n = Number(v);
  if (!(n > 0 && n < 1)) throw new InvalidArgumentError('expected a relative half-width between 0 and 1, e.g. 0.05 for ±5%.');
  return n;
}

export function parseJobs(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number >= 1.');
  return n;
}

export interface ReplicatedOptions {
  replications?: number;
  precision?: number;
  maxReplications?: number;
  jobs?: number;
  baseline?: string;
  format: string;
  out?: string;
  /** The HTML report: intervals in the table, bands over time (html-replicated.ts). */
  html?: string;
  quiet?: boolean;
  color?: boolean;
  charset?: Charset;
  wide?: boolean;
}

/** Is this a replicated run? Also rejects options that only make sense in one. */
export function isReplicated(opts: ReplicatedOptions): boolean {
  return opts.replications !== undefined || opts.precision !== undefined;
}

/** Problems with the combination of options (each message is a usage error). */
export function replicatedUsageProblems(opts: ReplicatedOptions): string[] {
  const problems: string[] = [];
  const replicated = isReplicated(opts);
  if (!replicated && opts.baseline !== undefined) problems.push('--baseline compares strategies across replications: add --replications N or --precision r');
  if (opts.maxReplications !== undefined && opts.precision === undefined) problems.push('--max-replications caps --precision: add --precision r, or use --replications N for a fixed number');
  if (opts.maxReplications !== undefined && opts.replications !== undefined && opts.maxReplications < opts.replications) {
    problems.push(`--max-replications (${opts.maxReplications}) must be at least --replications (${opts.replications})`);
  }
  if (replicated && opts.format !== 'table' && opts.format !== 'json') problems.push(`--format ${opts.format} does not show intervals yet: use table or json with replications`);
  return problems;
}
