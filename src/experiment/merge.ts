/**
 * Shard part files and their merge (issue 11, DESIGN.md §8). A part holds the raw figures of
 * its shard's (point × replication) runs plus everything the summary needs (the scenario's
 * header and resolved document, the params and points), so `merge` runs on any machine
 * without the scenario file. A sweep on one machine goes through the same code as one part
 * of one shard (written and read back as JSON), which is why `merge` of the parts gives the
 * single run's bytes exactly: JSON numbers round-trip exactly (shortest round-trip form).
 *
 * What makes parts belong together: the version of the session-sim merging them (figures may
 * change between versions) and the same digest, a SHA-256 of every point's resolved scenario,
 * the params and the replications. Then their shard ids must be 1/N … N/N, each once.
 */
import { createHash } from 'node:crypto';
import { replicationSeed } from '../engine/seeds.js';
import type { StrategyType } from '../model/config.js';
import { isWholeCount, metricPaths, optionalMetricPaths, unitOf } from '../metrics/metric-paths.js';
import { warmupSteadyState, type SteadyState } from '../metrics/warnings.js';
import { VERSION } from './simulate.js';
import { MAX_SHARDS, shardItems, shardText, SweepInputError, WHOLE, type Shard } from './shard.js';
import { MAX_REPLICATIONS, MAX_SWEEP_POINTS } from './limits.js';
import { sweepHeader, workItems, type SweepData, type SweepDefinition, type SweepRun } from './sweep.js';

export const PART_FORMAT = 'session-sim sweep part';
/** Bumped when the part layout changes (parts of different layouts are refused). 3: the checksum. */
export const PART_FORMAT_VERSION = 3;

export interface SweepPart {
  format: typeof PART_FORMAT;
  formatVersion: number;
  /** The session-sim version that ran it. */
  version: string;
  /** SHA-256 of the sweep's definition (every point's scenario, params, replications). */
  digest: string;
  /** SHA-256 of the part's JSON without this field: an edited or damaged part is refused. */
  checksum: string;
  shard: Shard;
  /** Work items of the whole sweep (points × replications). */
  items: number;
  scenario: SweepData['scenario'];
  resolved: unknown;
  params: SweepData['params'];
  points: unknown[][];
  steady: SweepData['steady'];
  replications: number;
  /** This shard's runs, in item order. */
  runs: SweepRun[];
}

/** Identifies the sweep: what a shard computes depends on nothing else (and the version). */
export function sweepDigest(def: SweepDefinition): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ params: def.params, replications: def.replications, base: def.base }));
  for (const p of def.points) h.update(`\n${JSON.stringify(p.config)}`);
  return h.digest('hex');
}

export function makePart(def: SweepDefinition, resolved: unknown, shard: Shard, runs: readonly SweepRun[]): SweepPart {
  return sealPart({
    format: PART_FORMAT,
    formatVersion: PART_FORMAT_VERSION,
    version: VERSION,
    digest: sweepDigest(def),
    checksum: '',
    shard,
    items: workItems(def),
    scenario: sweepHeader(def.base),
    resolved,
    params: def.params,
    points: def.points.map((p) => p.values),
    steady: def.points.map((p) => warmupSteadyState(p.config)),
    replications: def.replications,
    runs: [...runs],
  });
}

/**
 * SHA-256 of a part's JSON without its checksum (JSON numbers and key order survive a read,
 * so the parsed file hashes as the written one did). A part edited by hand or damaged in a copy
 * (a figure changed, a run taken out) no longer matches: merge says so rather than sum a
 * figure it cannot trust, or crash on one that is gone.
 */
export function partChecksum(part: object): string {
  return createHash('sha256').update(JSON.stringify({ ...part, checksum: undefined })).digest('hex');
}

/** The part with its checksum set. */
export function sealPart<T extends object>(part: T): T {
  return { ...part, checksum: partChecksum(part) };
}

export function renderPart(part: SweepPart): string {
  return `${JSON.stringify(part)}\n`;
}

/** The summary input of a sweep run on one machine: the one-shard path, through JSON like a part file. */
export function wholeSweepData(def: SweepDefinition, resolved: unknown, runs: readonly SweepRun[]): SweepData {
  return mergeParts([{ name: 'the sweep', part: JSON.parse(renderPart(makePart(def, resolved, WHOLE, runs))) as unknown }]);
}

export interface NamedPart {
  /** The file it came from, for messages. */
  name: string;
  part: unknown;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * A part's value as a refusal shows it: short whatever it holds (a forged name may be 200 000
 * characters long, and JSON.parse reads 1e400 as Infinity, which no message prints).
 */
function shown(v: unknown): string {
  if (v instanceof Words) return v.text;
  if (v === undefined) return 'nothing';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'a number beyond a double (such as 1e400)';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 59)}…` : v);
  if (v === null || typeof v === 'boolean') return String(v);
  return Array.isArray(v) ? `an array of ${v.length}` : 'an object';
}

/** A field's name in a path: as it is when plain, else quoted and cut short (a forged key may hold a terminal escape). */
function segment(key: string): string {
  return /^[A-Za-z0-9_-]{1,60}$/.test(key) ? `.${key}` : `[${shown(key)}]`;
}

/** What was found, already in words (a run's place, a list of names), for `damaged`. */
class Words {
  constructor(readonly text: string) {}
}

/** A part made by hand or by another program: which field, what sweep writes there, what the file holds. */
function damaged(name: string, path: string, expected: string, found: unknown): SweepInputError {
  return new SweepInputError(`${name} is a damaged sweep part at ${path}: expected ${expected}, found ${shown(found)}`);
}

/** The fields makePart writes, of the part, its scenario header (sweepHeader) and its steady states: a field added to their types must be added here (the types say so). */
const PART_FIELDS: readonly string[] = Object.keys({
  format: true, formatVersion: true, version: true, digest: true, checksum: true, shard: true, items: true, scenario: true, resolved: true, params: true, points: true, steady: true, replications: true, runs: true,
} satisfies Record<keyof SweepPart, true>);
const HEADER_FIELDS: readonly string[] = Object.keys({ name: true, description: true, seed: true, duration: true, warmup: true, version: true } satisfies Record<keyof SweepData['scenario'], true>);
const STEADY_FIELDS: readonly string[] = Object.keys({ arrivalRate: true, sessionLength: true, sessions: true, threshold: true } satisfies Record<keyof SteadyState, true>);

const isWhole = (v: unknown, min: number, max: number): v is number => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

/**
 * Check one parsed file's shape; the part, typed. Every count is held to what `sweep` itself
 * accepts (at most MAX_SWEEP_POINTS points, 2 … MAX_REPLICATIONS replications, MAX_SHARDS
 * shards) and to the others, before anything is sized by it: a part claiming 10^9
 * replications of 2 points and holding 4 runs made merge allocate 2·10^9 slots (a V8 crash).
 */
function checkPart({ name, part }: NamedPart): SweepPart {
  if (!isObject(part) || part.format !== PART_FORMAT) {
    throw new SweepInputError(`${name} is not a sweep part file (expected "format": "${PART_FORMAT}"; make parts with session-sim sweep … --shard I/N --out FILE)`);
  }
  if (part.formatVersion !== PART_FORMAT_VERSION) {
    throw new SweepInputError(`${name} is a sweep part of layout ${shown(part.formatVersion)}; this session-sim (${VERSION}) reads layout ${PART_FORMAT_VERSION}: re-run the shards with one version`);
  }
  const bad = (path: string, expected: string, found: unknown) => damaged(name, path, expected, found);
  // The checksum first: a part changed after it was written is told so, whatever the change did.
  if (typeof part.checksum !== 'string') throw bad('checksum', 'a string', part.checksum);
  if (partChecksum(part) !== part.checksum) {
    const s = part.shard;
    const shard = isObject(s) && Number.isSafeInteger(s.index) && Number.isSafeInteger(s.count) ? `shard ${s.index as number}/${s.count as number}` : 'its shard';
    throw new SweepInputError(`${name} was changed after it was written: its checksum does not match its content (a figure edited by hand, or a file damaged in a copy); run ${shard} again`);
  }
  for (const k of Object.keys(part)) if (!PART_FIELDS.includes(k)) throw bad(segment(k).replace(/^\./, ''), `no such field (a part holds ${PART_FIELDS.join(', ')})`, part[k]);
  for (const field of ['version', 'digest'] as const) if (typeof part[field] !== 'string') throw bad(field, 'a string', part[field]);
  // Another version's figures may differ (the model changes between versions), and its parts'
  // merge would not be the bytes a sweep on one machine gives: a part of 0.0.1 merged silently.
  if (part.version !== VERSION) {
    throw new SweepInputError(`${name} at version: expected a part made by this session-sim, ${VERSION} (figures may differ between versions), found ${shown(part.version)}; run every shard with session-sim ${VERSION}`);
  }
  const shard = part.shard;
  if (!isObject(shard)) throw bad('shard', 'an object { index, count }', shard);
  // Bounded as --shard bounds it: the missing shards of a part claiming 1/10^15 were listed one
  // by one (out of memory at 5 GB for 10^8, a hang for 10^15).
  if (!isWhole(shard.count, 1, MAX_SHARDS)) throw bad('shard.count', `a whole number from 1 to ${MAX_SHARDS} (the most shards sweep --shard accepts)`, shard.count);
  if (!isWhole(shard.index, 1, shard.count)) throw bad('shard.index', `a whole number from 1 to ${shard.count} (shard.count)`, shard.index);
  const { scenario, params, points, steady, runs } = part;
  if (!isObject(scenario)) throw bad('scenario', 'an object (the scenario\'s header)', scenario);
  // What the reports print of the scenario: sweepHeader's fields, and no other (the merged JSON
  // copies the header, and a forged warmupDetection would make the reports say "auto, MSER-5").
  for (const k of Object.keys(scenario)) if (!HEADER_FIELDS.includes(k)) throw bad(`scenario${segment(k)}`, `no such field (the header holds ${HEADER_FIELDS.join(', ')})`, scenario[k]);
  for (const k of ['name', 'description'] as const) if (typeof scenario[k] !== 'string') throw bad(`scenario.${k}`, 'a string', scenario[k]);
  if (!isWhole(scenario.seed, 0, Number.MAX_SAFE_INTEGER)) throw bad('scenario.seed', 'a whole number from 0 to 2^53 − 1', scenario.seed);
  if (!(typeof scenario.duration === 'number' && scenario.duration > 0 && scenario.duration < Infinity)) throw bad('scenario.duration', 'a number of seconds > 0', scenario.duration);
  // A warm-up of -5 s or past the end printed "2m05s measured after -5s warm-up".
  if (!(typeof scenario.warmup === 'number' && scenario.warmup >= 0 && scenario.warmup < scenario.duration)) throw bad('scenario.warmup', `a number of seconds from 0 to below the duration (${scenario.duration})`, scenario.warmup);
  if (scenario.version !== VERSION) throw bad('scenario.version', `"${VERSION}", the version that wrote the part`, scenario.version);
  if (!isWhole(part.replications, 2, MAX_REPLICATIONS)) {
    throw bad('replications', `a whole number from 2 (one replication gives no interval) to ${MAX_REPLICATIONS} (the most sweep --replications accepts)`, part.replications);
  }
  if (!Array.isArray(points) || points.length === 0 || points.length > MAX_SWEEP_POINTS) {
    throw bad('points', `a list of 1 to ${MAX_SWEEP_POINTS} points (the most a sweep's grid holds)`, points);
  }
  const items = points.length * part.replications;
  if (part.items !== items) throw bad('items', `${items}, the runs of ${points.length} point${points.length === 1 ? '' : 's'} × ${part.replications} replications`, part.items);
  if (!Array.isArray(steady) || steady.length !== points.length) throw bad('steady', `a list of ${points.length}, one per point`, steady);
  if (!Array.isArray(params) || params.length === 0) throw bad('params', 'a list of at least one param (a sweep varies one or more)', params);
  if (!Array.isArray(runs)) throw bad('runs', 'a list of runs', runs);
  // What the summary and its renderers read besides the runs: each param a path and its
  // values, each path once (the summary keys a point's values by path).
  const paths = new Set<string>();
  params.forEach((q: unknown, i) => {
    if (!isObject(q)) throw bad(`params[${i}]`, 'an object { path, values }', q);
    for (const k of Object.keys(q)) if (k !== 'path' && k !== 'values') throw bad(`params[${i}]${segment(k)}`, 'no such field (a param holds path and values)', q[k]);
    if (typeof q.path !== 'string' || q.path === '') throw bad(`params[${i}].path`, 'a scenario path such as "servers.count"', q.path);
    if (paths.has(q.path)) throw bad(`params[${i}].path`, 'each path in one param only (sweep --param refuses a path given twice)', q.path);
    paths.add(q.path);
    if (!Array.isArray(q.values) || q.values.length === 0) throw bad(`params[${i}].values`, 'a list of at least one value', q.values);
  });
  // The points are the grid of the params, first param slowest, as sweep builds it: the
  // renderers place each point by its values, and a table row by the grid's order.
  const grid = (params as { values: unknown[] }[]).reduce((n, q) => n * q.values.length, 1);
  if (grid !== points.length) throw bad('points', `the ${(params as { values: unknown[] }[]).map((q) => q.values.length).join(' × ')} points of the params' grid`, points);
  const text = (params as { values: unknown[] }[]).map((q) => q.values.map((v) => JSON.stringify(v)));
  points.forEach((v: unknown, i) => {
    if (!Array.isArray(v) || v.length !== params.length) throw bad(`points[${i}]`, `a list of ${params.length} value${params.length === 1 ? '' : 's'}, one per param`, v);
    let rest = i;
    for (let j = params.length - 1; j >= 0; j--) {
      const values = text[j]!;
      const want = values[rest % values.length]!;
      rest = Math.floor(rest / values.length);
      if (JSON.stringify(v[j]) !== want) throw bad(`points[${i}][${j}]`, `${want}, point ${i} of the params' grid`, v[j]);
    }
  });
  steady.forEach((st: unknown, i) => {
    if (st !== null && !isObject(st)) throw bad(`steady[${i}]`, 'null or an object { arrivalRate, sessionLength, sessions, threshold }', st);
    if (st === null) return;
    for (const k of Object.keys(st)) if (!STEADY_FIELDS.includes(k)) throw bad(`steady[${i}]${segment(k)}`, `no such field (a steady state holds ${STEADY_FIELDS.join(', ')})`, st[k]);
    for (const k of STEADY_FIELDS) if (!isFigure(st[k])) throw bad(`steady[${i}].${k}`, 'a number from 0 to 1e100', st[k]);
  });
  return part as unknown as SweepPart;
}

/** How many of the work items 0 … total−1 belong to `shard`: counted, not listed, so a forged count allocates nothing. */
function shardSize(total: number, shard: Shard): number {
  return total < shard.index ? 0 : Math.floor((total - shard.index) / shard.count) + 1;
}

/** Differences between two sweeps' definitions, in words, for the refusal. */
function howTheyDiffer(a: SweepPart, b: SweepPart): string {
  const out: string[] = [];
  if (a.scenario.name !== b.scenario.name) out.push(`scenario ${shown(a.scenario.name)} vs ${shown(b.scenario.name)}`);
  if (a.scenario.seed !== b.scenario.seed) out.push(`seed ${a.scenario.seed} vs ${b.scenario.seed}`);
  const params = (p: SweepPart) => p.params.map((q) => `${q.path}=${JSON.stringify(q.values)}`).join(' ');
  if (params(a) !== params(b)) out.push(`params ${params(a)} vs ${params(b)}`);
  if (a.replications !== b.replications) out.push(`${a.replications} vs ${b.replications} replications`);
  if (out.length === 0) out.push('the scenarios differ (another file, --set or --strategies)');
  return out.join('; ');
}

/**
 * Further checks of each part once its shape, checksum and counts are: the CLI passes the
 * scenario's own rules (src/scenario/sweep-part.ts), which this layer does not import. It throws
 * a SweepInputError.
 */
export type ScenarioCheck = (part: SweepPart, name: string) => void;

/**
 * Check that the parts are the N shards of one sweep, each once, from one version, and put
 * their runs together. Every refusal is a SweepInputError naming the files.
 */
export function mergeParts(named: readonly NamedPart[], checkScenario?: ScenarioCheck): SweepData {
  if (named.length === 0) throw new SweepInputError('merge needs the part files of every shard');
  const parts = named.map((n) => {
    const p = checkPart(n);
    checkScenario?.(p, n.name);
    return p;
  });
  const first = parts[0]!;
  const firstName = named[0]!.name;
  parts.forEach((p, i) => {
    const name = named[i]!.name;
    if (p.digest !== first.digest) throw new SweepInputError(`${name} and ${firstName} are shards of different sweeps (${howTheyDiffer(first, p)})`);
    if (p.shard.count !== first.shard.count) throw new SweepInputError(`${name} is shard ${shardText(p.shard)} but ${firstName} is shard ${shardText(first.shard)}: every part must come from the same --shard I/N split`);
  });
  const N = first.shard.count;
  const byIndex = new Map<number, number>();
  parts.forEach((p, i) => {
    const before = byIndex.get(p.shard.index);
    if (before !== undefined) throw new SweepInputError(`shard ${shardText(p.shard)} is given twice: ${named[before]!.name} and ${named[i]!.name}`);
    byIndex.set(p.shard.index, i);
  });
  // Each part is a distinct shard of 1 … N (above), so N − parts are missing: the first few are
  // named, the rest counted (listing them all took 955 MB for N = 10^7).
  const missing = N - parts.length;
  if (missing > 0) {
    const first: string[] = [];
    for (let i = 1; first.length < Math.min(missing, 10); i++) if (!byIndex.has(i)) first.push(`${i}/${N}`);
    throw new SweepInputError(`missing shard${missing === 1 ? '' : 's'} ${first.join(', ')}${missing > first.length ? ` and ${missing - first.length} more` : ''} (${parts.length} of ${N} parts given)`);
  }
  const R = first.replications;
  parts.forEach((p, i) => {
    if (p.items !== first.items) throw damaged(named[i]!.name, 'items', `${first.items}, the runs of the sweep ${firstName} is a shard of`, p.items);
    const size = shardSize(p.items, p.shard);
    if (p.runs.length !== size) throw damaged(named[i]!.name, 'runs', `the ${size} runs of shard ${shardText(p.shard)} (a truncated or edited file?)`, p.runs);
  });
  const runs = new Array<SweepRun>(first.items);
  let names: { list: string; at: string } | undefined;
  const shape: FigureShape = new Map();
  parts.forEach((p, i) => {
    // The run counts agree (above): the items of each shard are no more than the runs the files hold.
    const items = shardItems(p.items, p.shard);
    p.runs.forEach((r, j) => {
      const bad = runProblem(r, shape, `${named[i]!.name} runs[${j}]`);
      if (bad !== null) throw damaged(named[i]!.name, `runs[${j}]${bad.path}`, bad.expected, bad.found);
      const k = items[j]!;
      if (r.point * R + r.replication !== k) {
        throw damaged(named[i]!.name, `runs[${j}]`, `point ${Math.floor(k / R)} replication ${k % R}, run ${j} of shard ${shardText(p.shard)} in order`, new Words(`point ${r.point} replication ${r.replication}`));
      }
      // Replication r runs from the same seed at every point (common random numbers), derived from the scenario's.
      const seed = replicationSeed(first.scenario.seed, r.replication);
      if (r.seed !== seed) throw damaged(named[i]!.name, `runs[${j}].seed`, `${seed}, the seed of replication ${r.replication} of scenario seed ${first.scenario.seed}`, r.seed);
      const these = r.strategies.map((s) => shown(s.name)).join(', ');
      if (names === undefined) names = { list: these, at: `${named[i]!.name} runs[${j}]` };
      else if (these !== names.list) throw damaged(named[i]!.name, `runs[${j}].strategies`, `those of ${names.at} (${names.list})`, new Words(these));
      runs[k] = r;
    });
  });
  return { scenario: first.scenario, resolved: first.resolved, params: first.params, points: first.points, steady: first.steady, replications: R, runs };
}

/** Every StrategyType: the annotation refuses a name the model lacks (a new type must still be added here). */
const STRATEGY_TYPES: readonly StrategyType[] = ['sticky', 'external', 'jwt'];

/**
 * The largest figure a part may hold: far beyond any a run makes (the largest a valid scenario
 * reaches are money figures near 10^28), and small enough that the sums and intervals of a
 * thousand replications and the reports' scales stay finite: two runs of latency.p99 1.7e308
 * averaged to Infinity, which the merged JSON wrote as null.
 */
const MAX_FIGURE = 1e100;

/** A field of a run that is not what sweep writes: its path under the run, what was expected, what was found. */
interface RunProblem {
  path: string;
  expected: string;
  found: unknown;
}

/** What is wrong with one run of a part; null when it has every figure a summary reads, each one a run can make. */
function runProblem(r: unknown, shape: FigureShape, where: string): RunProblem | null {
  if (!isObject(r)) return { path: '', expected: 'an object { point, replication, seed, activeAtWarmupEnd, strategies }', found: r };
  for (const k of ['point', 'replication', 'seed'] as const) if (!isWhole(r[k], 0, Number.MAX_SAFE_INTEGER)) return { path: `.${k}`, expected: 'a whole number from 0 to 2^53 − 1', found: r[k] };
  if (r.activeAtWarmupEnd !== null && !isFigure(r.activeAtWarmupEnd)) return { path: '.activeAtWarmupEnd', expected: 'null or a number of sessions from 0 to 1e100', found: r.activeAtWarmupEnd };
  if (!Array.isArray(r.strategies) || r.strategies.length === 0) return { path: '.strategies', expected: 'a list of at least one strategy', found: r.strategies };
  for (const [i, s] of (r.strategies as unknown[]).entries()) {
    const at = `.strategies[${i}]`;
    if (!isObject(s)) return { path: at, expected: 'an object { name, type, stateLocation, metrics }', found: s };
    if (typeof s.name !== 'string') return { path: `${at}.name`, expected: 'a string', found: s.name };
    if ((r.strategies as { name?: unknown }[]).findIndex((o) => isObject(o) && o.name === s.name) !== i) return { path: `${at}.name`, expected: 'a name no other strategy of the run has', found: s.name };
    if (!STRATEGY_TYPES.includes(s.type as StrategyType)) return { path: `${at}.type`, expected: `one of ${STRATEGY_TYPES.map((t) => `"${t}"`).join(', ')}`, found: s.type };
    if (typeof s.stateLocation !== 'string') return { path: `${at}.stateLocation`, expected: 'a string', found: s.stateLocation };
    if (!isObject(s.metrics)) return { path: `${at}.metrics`, expected: 'an object of figures', found: s.metrics };
    const bad = metricsProblem(s.metrics, `${at}.metrics`, shape, `${where}${at}.metrics`);
    if (bad !== null) return bad;
  }
  return null;
}

/** Whether the first strategy held each group of optional figures (cost with prices, the autoscaler's), and where: every one holds the same. */
type FigureShape = Map<string, { held: boolean; at: string }>;

/** The figures a run has all of or none: the money block (with prices) and the autoscaler's. */
function optionalGroups(): { what: string; paths: string[] }[] {
  const all = [...metricPaths(), ...optionalMetricPaths()];
  return [
    { what: 'the cost block', paths: all.filter((p) => p.startsWith('cost.')) },
    { what: "the autoscaler's figures", paths: optionalMetricPaths().filter((p) => !p.startsWith('cost.')) },
  ];
}

let known: { figures: ReadonlySet<string>; groups: ReadonlySet<string> } | undefined;

/** Every figure a run's metrics may hold, by path, and the objects on the way (latency, failuresByReason, …). */
function knownFigures(): { figures: ReadonlySet<string>; groups: ReadonlySet<string> } {
  if (known === undefined) {
    const figures = new Set([...metricPaths(), ...optionalMetricPaths()]);
    const groups = new Set([...figures].flatMap((p) => p.split('.').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('.'))));
    known = { figures, groups };
  }
  return known;
}

/**
 * What is wrong with one strategy's metrics: exactly the figures a run makes, each within its
 * unit. A field that is no figure is refused as well as a bad figure: the summary aggregates
 * every numeric leaf and copies the others, so a forged key reached the merged JSON and the CSV's
 * header row, and one named "__proto__" replaced the summary object's prototype.
 */
function metricsProblem(metrics: Record<string, unknown>, at: string, shape: FigureShape, where: string): RunProblem | null {
  const { figures, groups } = knownFigures();
  const present = new Map<string, unknown>();
  const todo: [string, Record<string, unknown>][] = [['', metrics]];
  while (todo.length > 0) {
    const [prefix, node] = todo.pop()!;
    for (const [key, v] of Object.entries(node)) {
      const path = prefix === '' ? key : `${prefix}.${key}`;
      if (figures.has(path)) present.set(path, v);
      else if (groups.has(path) && isObject(v)) todo.push([path, v]);
      else return { path: `${at}${prefix === '' ? '' : `.${prefix}`}${segment(key)}`, expected: groups.has(path) ? 'an object of figures' : 'no such field (a run\'s metrics hold only the figures a run makes)', found: v };
    }
  }
  for (const path of metricPaths()) {
    // Money only with prices.
    if (!present.has(path) && !path.startsWith('cost.')) return { path: `${at}.${path}`, expected: 'a figure', found: undefined };
  }
  for (const [path, v] of present) {
    const where = `${at}.${path}`;
    // Rates, shares and utilisations are fractions of a whole (the reports draw them in %; 1e-9 for rounding).
    if (unitOf(path) === 'ratio') {
      if (!(typeof v === 'number' && v >= 0 && v <= 1 + 1e-9)) return { path: where, expected: 'a share from 0 to 1', found: v };
    } else if (isWholeCount(path)) {
      // Counted events: 5e-324 relogins drew an axis of 5e-324 / 4 = 0 per tick (a V8 crash in the HTML report).
      if (!(isFigure(v) && Number.isInteger(v))) return { path: where, expected: 'a whole number from 0 to 1e100 (a count)', found: v };
    } else if (!isFigure(v)) {
      return { path: where, expected: 'a number from 0 to 1e100', found: v };
    }
  }
  // The money block whole or absent, the autoscaler's figures all or none, and alike in every
  // run: the summary reads each figure of every run where the first run has it.
  for (const { what, paths } of optionalGroups()) {
    const first = paths[0]!;
    const gap = paths.find((p) => present.has(p) !== present.has(first));
    if (gap !== undefined) return { path: `${at}.${present.has(first) ? gap : first}`, expected: `a figure (${what} is whole or absent)`, found: undefined };
    const before = shape.get(what);
    if (before === undefined) shape.set(what, { held: present.has(first), at: where });
    else if (before.held !== present.has(first)) {
      return before.held ? { path: `${at}.${first}`, expected: `a figure, as ${before.at} has ${what}`, found: undefined } : { path: `${at}.${first}`, expected: `no such figure (${before.at} has not ${what})`, found: present.get(first) };
    }
  }
  return null;
}

/** A figure of a run: finite, never negative (every metric counts, times, sizes or shares something), at most MAX_FIGURE. */
function isFigure(v: unknown): v is number {
  return typeof v === 'number' && v >= 0 && v <= MAX_FIGURE;
}
