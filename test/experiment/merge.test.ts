/**
 * merge as a specification for hostile part files: a part is sealed with a SHA-256 of its own
 * content, which anyone can recompute, so a forged part passes the checksum and every field is
 * checked as if hostile. Each refusal is a SweepInputError (exit 2) naming the file and the
 * field, what sweep writes there and what the file holds, before anything is sized by it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { makePart, mergeParts, renderPart, sealPart, type NamedPart } from '../../src/experiment/merge.js';
import { VERSION } from '../../src/experiment/version.js';
import { SweepInputError, WHOLE, type Shard } from '../../src/experiment/shard.js';
import { refusal } from '../helpers/sweep.js';
import { runSweep, type SweepDefinition } from '../../src/experiment/sweep.js';
import { toScenarioDocument } from '../../src/scenario/resolved.js';
import { parseParam, resolveSweepScenario } from '../../src/scenario/sweep-params.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { smallCrash } from '../helpers/sweep.js';

/** A part as JSON reads it back: loose, so a test can set any field to anything. */
type Raw = Record<string, unknown> & { shard: Record<string, unknown>; runs: Record<string, unknown>[]; scenario: Record<string, unknown> };

let def: SweepDefinition;
/** The whole sweep (2 points × 2 replications) as one part, as `sweep --shard 1/1` writes it. */
let whole: Raw;

async function part(shard: Shard): Promise<Raw> {
  const { runs } = await runSweep(def, { jobs: 1, shard });
  return JSON.parse(renderPart(makePart(def, toScenarioDocument(def.base), shard, runs))) as Raw;
}

beforeAll(async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'session-sim-merge-')), 'small.json');
  writeFileSync(file, JSON.stringify(smallCrash()));
  const params = [parseParam('servers.count=2,3')];
  const s = resolveSweepScenario(file, params);
  def = { base: s.base, params: params.map((p) => ({ path: p.path, values: p.values })), points: s.points, replications: 2 };
  whole = await part(WHOLE);
});

/** `whole` edited, then sealed again: what another program (or a forger) writes. */
function forged(edit: (p: Raw) => void, name = 'forged.json'): NamedPart {
  const p = structuredClone(whole);
  edit(p);
  return { name, part: sealPart(p) };
}

describe('a part as sweep writes it', () => {
  it('merges: the checks below refuse forgeries, not parts', () => {
    expect(mergeParts([{ name: 'whole.json', part: whole }]).runs).toHaveLength(4);
  });
});

describe("a part's counts are those of a sweep that could have run, checked before anything is sized by them", () => {
  it('replications 10^9 and items 2·10^9 while holding 4 runs: refused at replications (it crashed V8 allocating 2·10^9 slots)', () => {
    const started = performance.now();
    expect(refusal([forged((p) => { p.replications = 1e9; p.items = 2e9; })])).toBe(
      'forged.json is a damaged sweep part at replications: expected a whole number from 2 (one replication gives no interval) to 1000 (the most sweep --replications accepts), found 1000000000',
    );
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it.each([
    ['1001 replications, one past --replications', (p: Raw) => { p.replications = 1001; p.items = 2002; }, 'at replications: expected a whole number from 2 (one replication gives no interval) to 1000 (the most sweep --replications accepts), found 1001'],
    ['1 replication', (p: Raw) => { p.replications = 1; p.items = 2; }, 'at replications: expected a whole number from 2 (one replication gives no interval) to 1000 (the most sweep --replications accepts), found 1'],
    ['replications as text', (p: Raw) => { p.replications = '2'; }, 'at replications: expected a whole number from 2 (one replication gives no interval) to 1000 (the most sweep --replications accepts), found "2"'],
    ['1e400 replications (JSON.parse reads Infinity)', (p: Raw) => { p.replications = Infinity; }, 'at replications: expected a whole number from 2 (one replication gives no interval) to 1000 (the most sweep --replications accepts), found a number beyond a double (such as 1e400)'],
    ['items 10^9 for 2 points × 2 replications', (p: Raw) => { p.items = 1e9; }, 'at items: expected 4, the runs of 2 points × 2 replications, found 1000000000'],
    ['items -4', (p: Raw) => { p.items = -4; }, 'at items: expected 4, the runs of 2 points × 2 replications, found -4'],
    ['10 001 points, more than a grid holds', (p: Raw) => { p.points = Array.from({ length: 10001 }, (_, i) => [i]); }, "at points: expected a list of 1 to 10000 points (the most a sweep's grid holds), found an array of 10001"],
    ['no points', (p: Raw) => { p.points = []; p.steady = []; p.items = 0; }, "at points: expected a list of 1 to 10000 points (the most a sweep's grid holds), found an array of 0"],
    ['a point of 3 values for 1 param', (p: Raw) => { (p.points as unknown[][])[0] = [2, 3, 4]; }, 'at points[0]: expected a list of 1 value, one per param, found an array of 3'],
    ['no steady state per point', (p: Raw) => { p.steady = []; }, 'at steady: expected a list of 2, one per point, found an array of 0'],
    ['a param without values', (p: Raw) => { (p.params as { values: unknown[] }[])[0]!.values = []; }, 'at params[0].values: expected a list of at least one value, found an array of 0'],
    ['a scenario header without its name', (p: Raw) => { p.scenario.name = null; }, 'at scenario.name: expected a string, found null'],
    ['a shard count as text', (p: Raw) => { p.shard.count = '1'; }, 'at shard.count: expected a whole number from 1 to 100000 (the most shards sweep --shard accepts), found "1"'],
    ['runs as an object', (p: Raw) => { p.runs = { a: 1 } as never; }, 'at runs: expected a list of runs, found an object'],
  ])('%s: refused at the field', (_, edit, message) => {
    expect(refusal([forged(edit)])).toBe(`forged.json is a damaged sweep part ${message}`);
  });

  it('1000 replications of 2 points while holding 4 runs: refused, the shard holds fewer runs than its count', () => {
    expect(refusal([forged((p) => { p.replications = 1000; p.items = 2000; })])).toBe('forged.json is a damaged sweep part at runs: expected the 2000 runs of shard 1/1 (a truncated or edited file?), found an array of 4');
  });
});

describe('a shard count is one --shard accepts, and missing shards are named, not listed', () => {
  it.each([
    // Listing the missing shards of 1/10^8 ran out of memory at 5 GB after 44 s; 1/10^15 hung.
    [1e8, 'at shard.count: expected a whole number from 1 to 100000 (the most shards sweep --shard accepts), found 100000000'],
    [1e15, 'at shard.count: expected a whole number from 1 to 100000 (the most shards sweep --shard accepts), found 1000000000000000'],
    [0, 'at shard.count: expected a whole number from 1 to 100000 (the most shards sweep --shard accepts), found 0'],
    [1.5, 'at shard.count: expected a whole number from 1 to 100000 (the most shards sweep --shard accepts), found 1.5'],
  ])('shard 1/%s: refused at shard.count, at once', (count, message) => {
    const started = performance.now();
    expect(refusal([forged((p) => { p.shard = { index: 1, count }; })])).toBe(`forged.json is a damaged sweep part ${message}`);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('shard 5/3: refused at shard.index', () => {
    expect(refusal([forged((p) => { p.shard = { index: 5, count: 3 }; })])).toBe('forged.json is a damaged sweep part at shard.index: expected a whole number from 1 to 3 (shard.count), found 5');
  });

  it('shard 1/100000 alone: the first ten missing shards and a count of the rest', () => {
    expect(refusal([forged((p) => { p.shard = { index: 1, count: 100000 }; p.runs = p.runs.slice(0, 1); })])).toBe(
      'missing shards 2/100000, 3/100000, 4/100000, 5/100000, 6/100000, 7/100000, 8/100000, 9/100000, 10/100000, 11/100000 and 99989 more (1 of 100000 parts given)',
    );
  });

  it('shards 2/4 and 4/4: the two missing ones, no "more"', async () => {
    const parts = await Promise.all([2, 4].map(async (index) => ({ name: `part-${index}.json`, part: await part({ index, count: 4 }) })));
    expect(refusal(parts)).toBe('missing shards 1/4, 3/4 (2 of 4 parts given)');
  });
});

describe("a run's figures are ones a run can make", () => {
  type Metrics = Record<string, unknown> & { latency: Record<string, unknown>; fleet: Record<string, unknown> };
  const metrics = (p: Raw, run = 0, strategy = 0) => ((p.runs[run]!.strategies as { metrics: Metrics }[])[strategy]!).metrics;
  const at = 'runs[0].strategies[0].metrics';

  it.each([
    // 5e-324 relogins made the HTML report's axis step 5e-324 / 4 = 0: a V8 crash (exit 133) after 10-20 s.
    ['relogins', 5e-324, 'a whole number from 0 to 1e100 (a count)', '5e-324'],
    ['abandonedSessions', 0.5, 'a whole number from 0 to 1e100 (a count)', '0.5'],
    ['lostUpdates', -1, 'a whole number from 0 to 1e100 (a count)', '-1'],
    ['requests', 1e101, 'a whole number from 0 to 1e100 (a count)', '1e+101'],
    ['failedRate', 1.5, 'a share from 0 to 1', '1.5'],
    ['sessionLossRate', -0.1, 'a share from 0 to 1', '-0.1'],
    ['throughput', -5, 'a number from 0 to 1e100', '-5'],
    ['meanActiveSessions', 'many', 'a number from 0 to 1e100', '"many"'],
  ])('%s = %s: refused at its path', (field, value, expected, found) => {
    expect(refusal([forged((p) => { metrics(p)[field] = value; })])).toBe(`forged.json is a damaged sweep part at ${at}.${field}: expected ${expected}, found ${found}`);
  });

  it('latency.p99 1.7e308 in two runs: refused (their mean was Infinity, written as null in the merged JSON)', () => {
    expect(refusal([forged((p) => { metrics(p, 0).latency.p99 = 1.7e308; metrics(p, 1).latency.p99 = 1.7e308; })])).toBe(
      `forged.json is a damaged sweep part at ${at}.latency.p99: expected a number from 0 to 1e100, found 1.7e+308`,
    );
  });

  it('activeAtWarmupEnd -1 is refused; null (no warm-up) is not', () => {
    expect(refusal([forged((p) => { p.runs[0]!.activeAtWarmupEnd = -1; })])).toBe('forged.json is a damaged sweep part at runs[0].activeAtWarmupEnd: expected null or a number of sessions from 0 to 1e100, found -1');
    expect(() => mergeParts([forged((p) => { p.runs[0]!.activeAtWarmupEnd = null; })])).not.toThrow();
  });

  /** Every strategy of every run of `p`. */
  const everyMetrics = (p: Raw) => p.runs.flatMap((r) => (r.strategies as { metrics: Metrics }[]).map((st) => st.metrics));
  const cost = { perHour: 1.5, perMonth: 1095, perMillionRequests: 2.1, servers: 0.3, store: 1.2, tokenService: 0, egress: 0.005 };

  it.each([
    // A forged key reached the merged JSON and the CSV's header row (a terminal escape in a column name).
    ['a field that is no figure', (m: Metrics) => { m.evil = 1; }, 'evil', "no such field (a run's metrics hold only the figures a run makes)", '1'],
    // JSON.parse makes "__proto__" an own field (as in a file); the summary's copy of it replaced the object's prototype.
    ['"__proto__"', (m: Metrics) => { Object.defineProperty(m, '__proto__', { value: { polluted: 1 }, enumerable: true, configurable: true, writable: true }); }, '__proto__', "no such field (a run's metrics hold only the figures a run makes)", 'an object'],
    ['an unknown latency figure', (m: Metrics) => { m.latency.p999 = 3; }, 'latency.p999', "no such field (a run's metrics hold only the figures a run makes)", '3'],
    ['a group that is no object', (m: Metrics) => { m.latency = 5 as never; }, 'latency', 'an object of figures', '5'],
    ['a figure that is an object', (m: Metrics) => { m.requests = { n: 1 }; }, 'requests', 'a whole number from 0 to 1e100 (a count)', 'an object'],
    ['a cost block without its egress', (m: Metrics) => { const { egress: _, ...rest } = cost; m.cost = rest; }, 'cost.egress', 'a figure (the cost block is whole or absent)', 'nothing'],
    ['a negative cost', (m: Metrics) => { m.cost = { ...cost, perHour: -1 }; }, 'cost.perHour', 'a number from 0 to 1e100', '-1'],
    ['scale-outs without the rest of the autoscaler figures', (m: Metrics) => { m.fleet.scaleOuts = 2; }, 'fleet.scaleIns', "a figure (the autoscaler's figures is whole or absent)", 'nothing'],
  ])('%s: refused at its path', (_, edit, path, expected, found) => {
    expect(refusal([forged((p) => edit(metrics(p)))])).toBe(`forged.json is a damaged sweep part at ${at}.${path}: expected ${expected}, found ${found}`);
  });

  it('a field named with a terminal escape: its name quoted as JSON writes it, never raw', () => {
    expect(refusal([forged((p) => { metrics(p)['x\u001b[2Jy'] = 1; })])).toBe(`forged.json is a damaged sweep part at ${at}["x\\u001b[2Jy"]: expected no such field (a run's metrics hold only the figures a run makes), found 1`);
  });

  it('the cost block and the autoscaler figures in every run, or in none', () => {
    expect(() => mergeParts([forged((p) => everyMetrics(p).forEach((m) => Object.assign(m, { cost }, { fleet: { ...m.fleet, scaleOuts: 1, scaleIns: 0, secondsAboveTarget: 12.5 } })))])).not.toThrow();
    expect(refusal([forged((p) => everyMetrics(p).slice(1).forEach((m) => (m.cost = cost)))])).toBe(
      'forged.json is a damaged sweep part at runs[0].strategies[1].metrics.cost.perHour: expected no such figure (forged.json runs[0].strategies[0].metrics has not the cost block), found 1.5',
    );
    expect(refusal([forged((p) => everyMetrics(p).slice(0, 1).forEach((m) => (m.cost = cost)))])).toBe(
      'forged.json is a damaged sweep part at runs[0].strategies[1].metrics.cost.perHour: expected a figure, as forged.json runs[0].strategies[0].metrics has the cost block, found nothing',
    );
  });

  it('server-hours and the mean server count are counts that need not be whole; -0 is 0', () => {
    expect(() => mergeParts([forged((p) => { metrics(p).fleet.serverHours = 0.05; metrics(p).fleet.meanServers = 2.5; metrics(p).relogins = -0; })])).not.toThrow();
  });
});

describe('a part is merged by the session-sim version that made it', () => {
  it('a part of 0.0.1, sealed as that version seals it: refused with the version expected and found (it merged silently)', () => {
    expect(refusal([forged((p) => { p.version = '0.0.1'; })])).toBe(`forged.json at version: expected a part made by this session-sim, ${VERSION} (figures may differ between versions), found "0.0.1"; run every shard with session-sim ${VERSION}`);
  });

  it('a version holding a terminal escape: refused, the escape shown as JSON writes it', () => {
    expect(refusal([forged((p) => { p.version = '\u001b[2J'; })])).toContain('found "\\u001b[2J"');
  });

  it("the scenario header's version is the part's", () => {
    expect(refusal([forged((p) => { p.scenario.version = '0.0.1'; })])).toBe(`forged.json is a damaged sweep part at scenario.version: expected "${VERSION}", the version that wrote the part, found "0.0.1"`);
  });
});

describe('a part changed after it was written is told so first', () => {
  it('a shard count edited to 10^8 without sealing again: "changed after it was written", whatever else the edit did', () => {
    expect(refusal([{ name: 'edited.json', part: { ...whole, shard: { index: 1, count: 1e8 } } }])).toBe(
      'edited.json was changed after it was written: its checksum does not match its content (a figure edited by hand, or a file damaged in a copy); run shard 1/100000000 again',
    );
    expect(refusal([{ name: 'edited.json', part: { ...whole, shard: null, replications: 1e9 } }])).toBe(
      'edited.json was changed after it was written: its checksum does not match its content (a figure edited by hand, or a file damaged in a copy); run its shard again',
    );
  });
});

describe("the rest of a part's fields are what sweep writes", () => {
  type Steady = Record<string, unknown>;
  it.each([
    ['a field a part does not have', (p: Raw) => { p.extra = { a: 1 }; }, 'at extra: expected no such field (a part holds format, formatVersion, version, digest, checksum, shard, items, scenario, resolved, params, points, steady, replications, runs), found an object'],
    // The reports say "(auto, MSER-5)" when the header has warmupDetection.
    ['a header field sweep does not write', (p: Raw) => { p.scenario.warmupDetection = {}; }, 'at scenario.warmupDetection: expected no such field (the header holds name, description, seed, duration, warmup, version), found an object'],
    ['a description that is no text', (p: Raw) => { p.scenario.description = 5; }, 'at scenario.description: expected a string, found 5'],
    ['a seed past 2^53', (p: Raw) => { p.scenario.seed = 2 ** 60; }, 'at scenario.seed: expected a whole number from 0 to 2^53 − 1, found 1152921504606847000'],
    ['a negative duration', (p: Raw) => { p.scenario.duration = -1; }, 'at scenario.duration: expected a number of seconds > 0, found -1'],
    // It printed "2m05s measured after -5s warm-up".
    ['a negative warm-up', (p: Raw) => { p.scenario.warmup = -5; }, 'at scenario.warmup: expected a number of seconds from 0 to below the duration (120), found -5'],
    ['a warm-up past the end', (p: Raw) => { p.scenario.warmup = 1e308; }, 'at scenario.warmup: expected a number of seconds from 0 to below the duration (120), found 1e+308'],
    ['a steady state of -1 sessions', (p: Raw) => { ((p.steady as Steady[])[0]!).sessions = -1; }, 'at steady[0].sessions: expected a number from 0 to 1e100, found -1'],
    ['a steady state of 1e308 sessions', (p: Raw) => { ((p.steady as Steady[])[1]!).threshold = 1e308; }, 'at steady[1].threshold: expected a number from 0 to 1e100, found 1e+308'],
    ['no params', (p: Raw) => { p.params = []; p.points = [[], []]; }, 'at params: expected a list of at least one param (a sweep varies one or more), found an array of 0'],
    ['a path given twice', (p: Raw) => { p.params = [{ path: 'servers.count', values: [2, 3] }, { path: 'servers.count', values: [1] }]; p.points = [[2, 1], [3, 1]]; }, 'at params[1].path: expected each path in one param only (sweep --param refuses a path given twice), found "servers.count"'],
    ['points out of the grid\'s order', (p: Raw) => { p.points = [[3], [2]]; }, "at points[0][0]: expected 2, point 0 of the params' grid, found 3"],
    ['more values than points', (p: Raw) => { (p.params as { values: unknown[] }[])[0]!.values = [2, 3, 4]; }, "at points: expected the 3 points of the params' grid, found an array of 2"],
    // Replication r runs from one seed at every point (common random numbers).
    ['a run of another seed', (p: Raw) => { p.runs[2]!.seed = 999; }, 'at runs[2].seed: expected 21, the seed of replication 0 of scenario seed 21, found 999'],
    ['two strategies of one name', (p: Raw) => { (p.runs[0]!.strategies as { name: string }[])[1]!.name = 'sticky-cookie'; }, 'at runs[0].strategies[1].name: expected a name no other strategy of the run has, found "sticky-cookie"'],
  ])('%s: refused at the field', (_, edit, message) => {
    expect(refusal([forged(edit)])).toBe(`forged.json is a damaged sweep part ${message}`);
  });

  it('the grid of two params, first param slowest, merges; the same points in another order do not', () => {
    const grid = (points: unknown[][]) => (p: Raw) => {
      p.params = [{ path: 'servers.count', values: [2] }, { path: 'servers.workers', values: [1, 2] }];
      p.points = points;
    };
    expect(() => mergeParts([forged(grid([[2, 1], [2, 2]]))])).not.toThrow();
    expect(refusal([forged(grid([[2, 2], [2, 1]]))])).toBe("forged.json is a damaged sweep part at points[0][1]: expected 1, point 0 of the params' grid, found 2");
  });
});

describe("a shard's runs are its own, in order", () => {
  it('a run given twice: refused at the run with the place expected and found', () => {
    expect(refusal([forged((p) => { p.runs[1] = structuredClone(p.runs[0]!); })])).toBe('forged.json is a damaged sweep part at runs[1]: expected point 0 replication 1, run 1 of shard 1/1 in order, found point 0 replication 0');
  });

  it('a run of replication 10^9: refused at the run', () => {
    expect(refusal([forged((p) => { p.runs[0]!.replication = 1e9; })])).toBe('forged.json is a damaged sweep part at runs[0]: expected point 0 replication 0, run 0 of shard 1/1 in order, found point 0 replication 1000000000');
  });
});
