/**
 * `sweep --param PATH=VALUES` (issue 11): which scenario field a sweep varies and over which
 * values, and the grid of several params. VALUES is
 *   - a range `A..B` (step 1) or `A..B:S`, of numbers (`2..12`, `2..12:2`, `0.1..0.5:0.1`);
 *   - a list `A,B,C`, each item read like a `--set` value (`10,20,40`, `200ms,1s`,
 *     `round-robin,least-connections`);
 *   - a JSON array `[…]` when items hold commas (`[{"dist":"constant","value":"5ms"}, …]`);
 *   - one value.
 * Several params make the cartesian product in a stable order: the first param varies
 * slowest, the last fastest (nested loops in the order written).
 *
 * Each point's scenario is the file with `--set` overrides, then the point's values applied
 * the same way (src/scenario/overrides.ts) and validated exactly like the file.
 */
import type { SimulationConfig } from '../model/config.js';
import { ScenarioError, suggestion, type ScenarioProblem } from './errors.js';
import { BEYOND_DOUBLE, depthProblem } from './guards.js';
import { knownFields } from './json-schema.js';
import { parseText, resolveScenario, resolveScenarioPath, selectStrategies } from './load.js';
import { applyOverrides, parseValue, splitPath, type Override } from './overrides.js';
import { readInputFile } from './read.js';
import { fieldKind } from './schema-fields.js';
import { requireFixedWarmup } from './checks.js';
import { MAX_SWEEP_POINTS } from '../experiment/limits.js';

export interface SweepParam {
  /** As written after `--param`, for messages. */
  text: string;
  /** Dotted path, e.g. "servers.count". */
  path: string;
  values: unknown[];
}

/** More points than this is a cluster job (../experiment/limits.ts; merge holds parts to it too). */
export { MAX_SWEEP_POINTS };
/** A range longer than this is surely a typo (2..12000 for 2..12). */
const MAX_RANGE_VALUES = 10000;

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function usage(param: string, expected: string, found: string): ScenarioError {
  return new ScenarioError(`--param ${param}`, [{ path: '', expected, found }]);
}

/** Decimals a number is written with ("0.25" → 2, "3" → 0, "1e-3" → 3). */
function decimalsOf(text: string): number {
  const [mantissa, exp] = text.toLowerCase().split('e') as [string, string | undefined];
  const dot = mantissa.indexOf('.');
  const d = dot < 0 ? 0 : mantissa.length - dot - 1;
  return Math.max(0, d - Number(exp ?? 0));
}

/** The values of `A..B[:S]`, rounded to the decimals written so 0.1..0.3:0.1 gives 0.1, 0.2, 0.3 (not 0.30000000000000004). */
export function rangeValues(spec: string, param = spec): number[] {
  const m = /^(.*?)\.\.(.*?)(?::(.*))?$/.exec(spec);
  if (m === null) throw usage(param, 'a range A..B or A..B:STEP', JSON.stringify(spec));
  const [, a = '', b = '', s] = m;
  for (const [what, t] of [['start', a], ['end', b], ['step', s]] as const) {
    if (t !== undefined && !NUMBER.test(t.trim())) {
      throw usage(param, `a number as the range's ${what} (ranges are numeric, e.g. 2..12:2 or 0.1..0.5:0.1; list other values: a,b,c)`, JSON.stringify(t));
    }
  }
  const start = Number(a);
  const end = Number(b);
  const step = s === undefined ? 1 : Number(s);
  // 1e400 is a number to the pattern and Infinity to Number(): no value of a range is then a number.
  for (const [what, v, t] of [['start', start, a], ['end', end, b], ['step', step, s]] as const) {
    if (!Number.isFinite(v)) throw usage(param, `a finite number as the range's ${what}`, JSON.stringify(t));
  }
  if (!(step > 0)) throw usage(param, 'a step > 0', JSON.stringify(s));
  if (end < start) throw usage(param, `a range whose end is at least its start (write ${b}..${a} for ${b} up to ${a})`, `the empty range ${spec}`);
  const decimals = Math.min(15, Math.max(decimalsOf(a.trim()), decimalsOf(b.trim()), s === undefined ? 0 : decimalsOf(s.trim())));
  // The count from the ratio, with a tolerance for binary fractions (0.3/0.1 = 2.9999999999999996).
  const count = Math.floor((end - start) / step + 1e-9) + 1;
  if (count > MAX_RANGE_VALUES) throw usage(param, `at most ${MAX_RANGE_VALUES} values in a range`, `${count} values in ${spec}`);
  const factor = 10 ** decimals;
  return Array.from({ length: count }, (_, i) => Math.round((start + i * step) * factor) / factor);
}

/** Parse one `--param PATH=VALUES`. */
export function parseParam(text: string): SweepParam {
  const eq = text.indexOf('=');
  const path = eq < 0 ? '' : text.slice(0, eq).trim();
  if (eq < 0 || path === '') {
    throw usage(text, 'PATH=VALUES, e.g. servers.count=2..12, servers.count=2..12:2 or clients.arrivalRate=10,20,40', JSON.stringify(text));
  }
  // As --set reads it (a malformed path is refused with what is wrong in it).
  splitPath(path, `--param ${text}`);
  const spec = text.slice(eq + 1).trim();
  if (spec === '') throw usage(text, 'values after "=": a range A..B[:STEP], a list a,b,c or one value', 'nothing');
  let values: unknown[];
  if (spec.includes('..') && !spec.startsWith('[') && !spec.startsWith('{') && !spec.startsWith('"')) {
    values = rangeValues(spec, text);
  } else if (spec.startsWith('[')) {
    const v = parseValue(spec);
    if (!Array.isArray(v)) throw usage(text, 'a JSON array of values, e.g. [1, 2, 4]', JSON.stringify(spec));
    values = v;
  } else if (spec.includes(',') && !spec.startsWith('{')) {
    const items = spec.split(',').map((s) => s.trim());
    const blank = items.findIndex((s) => s === '');
    if (blank >= 0) throw usage(text, 'a list of values separated by single commas', `an empty item at position ${blank + 1} of "${spec}"`);
    values = items.map(parseValue);
  } else {
    values = [parseValue(spec)];
  }
  if (values.length === 0) throw usage(text, 'at least one value', 'an empty list');
  // As deep as a scenario may nest (guards.ts), checked before any value is written into a point's label.
  const deep = depthProblem(values);
  if (deep !== null) throw usage(text, `values ${deep.expected}`, deep.found);
  // 1e400 parses to Infinity, which a point's label would print as null.
  if (values.some(notFinite)) throw usage(text, 'finite numbers', BEYOND_DOUBLE);
  return { text, path, values };
}

/** Is there a number in `v` (a parsed value, at most MAX_DEPTH deep) that is not finite? */
function notFinite(v: unknown): boolean {
  if (typeof v === 'number') return !Number.isFinite(v);
  return v !== null && typeof v === 'object' && Object.values(v).some(notFinite);
}

/** The grid of several params, first param slowest; refuses a path given twice. */
export function sweepGrid(params: readonly SweepParam[]): unknown[][] {
  if (params.length === 0) throw new ScenarioError('--param', [{ path: '', expected: 'at least one --param PATH=VALUES, e.g. --param servers.count=2..12', found: 'none' }]);
  const seen = new Map<string, string>();
  for (const p of params) {
    const before = seen.get(p.path);
    if (before !== undefined) throw usage(p.text, `each path in one --param only (give all its values there)`, `${p.path} also in --param ${before}`);
    seen.set(p.path, p.text);
  }
  const total = params.reduce((n, p) => n * p.values.length, 1);
  if (total > MAX_SWEEP_POINTS) {
    throw new ScenarioError('--param', [{ path: '', expected: `at most ${MAX_SWEEP_POINTS} points (split bigger grids into several sweeps)`, found: `${params.map((p) => p.values.length).join(' × ')} = ${total} points` }]);
  }
  let points: unknown[][] = [[]];
  for (const p of params) points = points.flatMap((prefix) => p.values.map((v) => [...prefix, v]));
  return points;
}

/** "servers.count=4, clients.arrivalRate=20": a point as a reader sees it. */
export function pointLabel(params: readonly Pick<SweepParam, 'path'>[], values: readonly unknown[]): string {
  return params.map((p, i) => `${p.path}=${valueText(values[i])}`).join(', ');
}

export function valueText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * A param path that names no field of the scenario format, told with did-you-mean before any
 * point is built. Paths into arrays (strategies by name, events by index) are left to the
 * validation of each point, which names the same JSON path.
 */
export function pathProblem(raw: unknown, param: Pick<SweepParam, 'path' | 'text'>): ScenarioProblem | undefined {
  const keys = splitPath(param.path);
  let value: unknown = raw;
  const prefix: string[] = [];
  for (const key of keys) {
    if (Array.isArray(value)) return undefined;
    const fields = knownFields(raw, prefix);
    if (fields.length === 0) return undefined;
    if (!fields.includes(key)) {
      const where = prefix.length === 0 ? 'a top-level field' : `a field of ${prefix.join('.')}`;
      const hint = suggestion(key, fields);
      return { path: [...prefix, key].join('.'), expected: `${where} (${fields.join(', ')})`, found: `"${key}" in --param ${param.text}`, ...(hint === undefined ? {} : { hint }) };
    }
    prefix.push(key);
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  }
  return undefined;
}

export interface SweepScenario {
  /** The file the scenario came from (a built-in's path for a built-in name). */
  file: string;
  /** The scenario with `--set` applied and no param: the header of the result. */
  base: SimulationConfig;
  /** Each point's values (in param order) and its validated scenario. */
  points: { values: unknown[]; config: SimulationConfig }[];
}

/** Load the scenario and build every point's scenario, validated like the file; every problem is a ScenarioError (exit 2). */
export function resolveSweepScenario(
  ref: string,
  params: readonly SweepParam[],
  options: { seed?: number; sets?: readonly Override[]; strategies?: readonly string[] } = {},
): SweepScenario {
  const grid = sweepGrid(params);
  const file = resolveScenarioPath(ref);
  const raw = applyOverrides(parseText(readInputFile(file), file), options.sets ?? [], undefined, fieldKind);
  const problems = params.map((p) => pathProblem(raw, p)).filter((p): p is ScenarioProblem => p !== undefined);
  for (const p of params) {
    if (p.path === 'seed') {
      problems.push({ path: 'seed', expected: 'a field other than seed: every point runs the same replication seeds (common random numbers); for more seeds raise --replications, for another set use --seed', found: `--param ${p.text}` });
    }
  }
  if (problems.length > 0) throw new ScenarioError(file, problems);
  const seed = options.seed === undefined ? {} : { seed: options.seed };
  const pick = (c: SimulationConfig) => (options.strategies === undefined ? c : selectStrategies(c, options.strategies));
  const base = pick(resolveScenario(raw, file, seed));
  const baseNames = base.strategies.map((st) => st.name).join(', ');
  const points = grid.map((values) => {
    const overrides: Override[] = params.map((p, i) => ({ text: `${p.path}=${valueText(values[i])}`, path: splitPath(p.path), value: values[i] }));
    const source = `${file} at the sweep point ${pointLabel(params, values)}`;
    const config = pick(resolveScenario(applyOverrides(raw, overrides, source, fieldKind), source, seed));
    requireFixedWarmup(config, source, 'sweep', '2m');
    // A sweep compares each strategy along the grid: the points must run the same ones, by name
    // and in order (a varied strategies.0.name was refused only after every run, exit 1).
    const names = config.strategies.map((st) => st.name).join(', ');
    if (names !== baseNames) {
      throw new ScenarioError(source, [{ path: 'strategies', expected: `the strategies of every other point, by name and in order (${baseNames}): a sweep compares each strategy along the grid`, found: names }]);
    }
    return { values, config };
  });
  return { file, base, points };
}
