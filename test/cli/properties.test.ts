/**
 * Property tests of hostile input (issue 14), with fast-check: whatever a user writes, the
 * CLI answers with exit 2 and a JSON path (or a line and column), or runs and writes JSON
 * whose every figure is a finite number — never exit 1, a thrown error, NaN, Infinity or null.
 * fast-check shrinks a failure to a minimal counterexample and prints its seed to replay it.
 * Bounded in time: fixed numRuns, small scenarios and a small event budget (--max-events), so
 * the whole file takes a few seconds alone and well under 30 s on a loaded machine.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cli, type CliRun } from '../helpers/cli.js';
import { listBuiltins, parseText } from '../../src/scenario/load.js';
import { duration, size } from '../../src/scenario/schema-units.js';
import { parseDuration, parseSize } from '../../src/scenario/units.js';
import { parseSeed, MAX_SEED } from '../../src/cli/limits.js';
import { EXIT_SLO } from '../../src/experiment/slo.js';

const dir = mkdtempSync(join(tmpdir(), 'session-sim-properties-'));
let counter = 0;
const write = (content: string, ext = 'json'): string => {
  const path = join(dir, `case-${counter++}.${ext}`);
  writeFileSync(path, content);
  return path;
};

/** A run small enough for hundreds of cases: a few hundred events, --jobs 1. */
const BUDGET = ['--max-events', '600000'];

/** A run happened and wrote its figures: exit 0, or 99 when its SLO targets were missed (README "Exit codes"). */
const ran = (r: CliRun): boolean => r.code === 0 || r.code === EXIT_SLO;

/**
 * Exit 2 with a place (JSON path or line/column), or a run (exit 0, or 99: a mutated built-in
 * with `slo` targets can miss them, store-sizing with maxMemory 1MB does); never 1, never a
 * stack trace.
 */
function answered(r: CliRun): boolean {
  if (r.code === 1 || /\n\s+at .+:\d+:\d+\)?\n/.test(r.stderr)) return false;
  if (/NaN|Infinity/.test(r.stderr)) return false;
  if (r.code === 2) return /at [^\n]*: expected|^error: |^session-sim: /m.test(r.stderr) && r.stderr.length < 20_000;
  return ran(r);
}

/**
 * Fields whose null is part of the contract and not a figure: `warmupDetection.decidedBy` is
 * null when no series needed a warm-up ("no series needed one"). Found by this very test.
 */
const NULL_BY_CONTRACT = new Set(['decidedBy']);
/** `timeline.p99[k]` is null for a window where no request succeeded: there is no p99 to give. */
const NULL_ELEMENT_BY_CONTRACT = /\.timeline\.p99\.\d+$/;

/** Every number finite and no null figure (JSON.stringify turns NaN and Infinity into null). */
function onlyFiniteFigures(json: string): string | null {
  const todo: { v: unknown; path: string }[] = [{ v: JSON.parse(json), path: '' }];
  while (todo.length > 0) {
    const { v, path } = todo.pop()!;
    if (v === null && !NULL_BY_CONTRACT.has(path.slice(path.lastIndexOf('.') + 1)) && !NULL_ELEMENT_BY_CONTRACT.test(path)) return `null at ${path}`;
    if (typeof v === 'number' && !Number.isFinite(v)) return `${v} at ${path}`;
    if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) todo.push({ v: x, path: `${path}.${k}` });
  }
  return null;
}

/** Values a hostile user might put in any one field (1e8 and 2^31 − 1: counts that once sized memory or time, README "Bad input: the limits"). */
const hostileValue = fc.oneof(
  fc.constantFrom(0, -1, 1, 0.5, 1e-300, 1e8, 2 ** 31 - 1, 1e308, -1e308, 2 ** 53, 2 ** 64, '', '0ms', '1us', '365d', '99999d', '4KB', '1e9', 'auto', true, false, null, [], {}, [0], { dist: 'uniform', min: 0, max: 0 }, { dist: 'empirical', values: [0] }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.string({ maxLength: 12 }),
  fc.jsonValue({ maxDepth: 2 }),
);

/** A plausible edit of a value: a number scaled or zeroed, a duration string stretched (so many mutations still run). */
function nearby(v: unknown): fc.Arbitrary<unknown> {
  if (typeof v === 'number') return fc.constantFrom(v * 2, v / 2, 0, v + 1, Math.round(v * 10), -v);
  if (typeof v === 'string' && /^\d/.test(v)) return fc.constantFrom(`0${v.replace(/^[\d.]+/, '')}`, `${v}0`.replace(/(\d)([a-zA-Z]+)0$/, '$10$2'), v.replace(/^[\d.]+/, '1'));
  if (typeof v === 'boolean') return fc.constant(!v);
  return fc.constant(v);
}

function valueAt(doc: unknown, path: (string | number)[]): unknown {
  let v = doc;
  for (const k of path) v = (v as Record<string | number, unknown>)[k];
  return v;
}

/** Every path to a leaf (or an object) of a document, as keys. */
function paths(doc: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (doc !== null && typeof doc === 'object') {
    for (const [k, v] of Object.entries(doc)) {
      const p = [...prefix, Array.isArray(doc) ? Number(k) : k];
      out.push(p);
      paths(v, p, out);
    }
  }
  return out;
}

function setAt(doc: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let node = copy;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
  return copy;
}

const builtins = listBuiltins().map((b) => ({ name: b.name, doc: parseText(readFileSync(b.file, 'utf8'), b.file) as Record<string, unknown> }));

describe('properties of hostile input (fast-check)', () => {
  it('arbitrary JSON values: validate answers exit 0 or exit 2 with a place', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (value) => {
        const r = await cli(['validate', '-q', write(JSON.stringify(value))]);
        return answered(r);
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it('arbitrary objects of scenario-like fields run or are refused, and a run writes only finite figures', async () => {
    const field = fc.record(
      {
        duration: fc.oneof(fc.constantFrom('30s', '1m', 0, -5, '0ms', 1e-9), fc.double({ noNaN: true, noDefaultInfinity: true })),
        clients: fc.record({ arrivalRate: fc.oneof(fc.constantFrom(0.5, 1, 2), hostileValue), thinkTime: hostileValue, requestsPerSession: hostileValue }, { requiredKeys: [] }),
        servers: fc.record({ count: hostileValue, serviceTime: hostileValue, workers: hostileValue }, { requiredKeys: [] }),
        seed: hostileValue,
      },
      { requiredKeys: ['duration'] },
    );
    await fc.assert(
      fc.asyncProperty(field, async (doc) => {
        const r = await cli(['run', '-q', '--format', 'json', ...BUDGET, write(JSON.stringify({ ...doc, strategies: [{ type: 'sticky' }, { type: 'jwt' }] }))]);
        if (!answered(r)) return false;
        return !ran(r) || onlyFiniteFigures(r.stdout) === null;
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it('one-field mutations of every built-in scenario: exit 2 with a place, or a run of finite figures', async () => {
    const mutation = fc
      .constantFrom(...builtins)
      .chain((b) => fc.record({ b: fc.constant(b), path: fc.constantFrom(...paths(b.doc)) }))
      .chain(({ b, path }) => fc.record({ b: fc.constant(b), path: fc.constant(path), value: fc.oneof(nearby(valueAt(b.doc, path)), hostileValue) }));
    await fc.assert(
      fc.asyncProperty(mutation, async ({ b, path, value }) => {
        // Small runs: half a session a second (unless that field is the one mutated), a small budget.
        const doc = setAt(b.doc, path, value) as Record<string, unknown>;
        const sets = path[0] === 'clients' ? [] : ['--set', 'clients.arrivalRate=0.5'];
        const r = await cli(['run', '-q', '--format', 'json', ...BUDGET, ...sets, write(JSON.stringify(doc))]);
        if (!answered(r)) return false;
        if (!ran(r)) return true;
        const bad = onlyFiniteFigures(r.stdout);
        if (bad !== null) throw new Error(`${b.name} with ${path.join('.')} = ${JSON.stringify(value)}: ${bad}`);
        return true;
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('arbitrary text as YAML: exit 0 or exit 2 with a place', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 80, unit: fc.constantFrom('a', ':', ' ', '\n', '-', '[', ']', '{', '}', '&', '*', '"', "'", '#', '1', '|', '?', '!!set ', '!!omap ', '!!binary ', '.nan', '-.inf', '<<') }), async (text) => {
        const r = await cli(['validate', '-q', write(text, 'yaml')]);
        return answered(r);
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it('arbitrary strings as durations and sizes: a finite value within the bounds, or a clear refusal', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 16 }), fc.stringMatching(/^\d{1,20}(\.\d{1,5})?(us|ms|s|m|h|d|B|KB|MB|GB)$/)), (text) => {
        for (const [schema, parse] of [[duration, parseDuration], [size, parseSize]] as const) {
          const r = schema.safeParse(text);
          if (r.success) expect(Number.isFinite(r.data) && r.data >= 0).toBe(true);
          try {
            const v = parse(text);
            expect(Number.isFinite(v)).toBe(true);
          } catch (e) {
            expect(e).toBeInstanceOf(RangeError);
            expect((e as Error).message).not.toMatch(/NaN|Infinity/);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('arbitrary strings as seeds: a whole number from 0 to 2^53 - 1, or refused', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 24 }), fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String)), (text) => {
        try {
          const n = parseSeed(text);
          expect(Number.isSafeInteger(n) && n >= 0 && n <= MAX_SEED).toBe(true);
          // Accepted exactly: the digits say the same number.
          expect(BigInt(text.trim().replace(/_/g, ''))).toBe(BigInt(n));
        } catch (e) {
          expect((e as Error).name).toBe('InvalidArgumentError');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('arbitrary strings as flag values: exit 0 or exit 2, never 1', async () => {
    const small = write(JSON.stringify({ duration: '20s', warmup: '2s', clients: { arrivalRate: 0.5 }, strategies: [{ type: 'sticky', name: 'a' }, { type: 'jwt', name: 'b' }] }));
    const flags = ['--seed', '--strategies', '--replications', '--max-events', '--columns', '--precision', '--jobs', '--baseline', '--format', '--charset', '--set', '--slo'];
    // Paths into Object.prototype among the values (--set __proto__.a=1 polluted it once), and
    // list indices far past the end (a billion holes took minutes and all memory once).
    const pathsIn = ['__proto__.a=1', 'constructor.prototype.a=1', '__proto__<1', 'constructor>1', 'a.__proto__.a=1', 'events.1000000000.at=1m', 'strategies.99999999999999999999.type=jwt'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...flags), fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('a,a', ',', 'b', '2', '0', '-1', '1e9', 'a=b', 'duration=0', ...pathsIn)), async (flag, value) => {
        // Replicated runs stay on this thread (--jobs 1) unless --jobs is the flag tried.
        const replicated = flag === '--baseline' || flag === '--jobs' ? ['--replications', '2'] : [];
        const jobs = flag === '--jobs' || (replicated.length === 0 && flag !== '--replications' && flag !== '--precision') ? [] : ['--jobs', '1'];
        const r = await cli(['run', '-q', small, ...replicated, ...jobs, flag, value]);
        return answered(r) && ({} as Record<string, unknown>).a === undefined;
      }),
      { numRuns: 120 },
    );
  }, 60_000);
});
