/**
 * Sweeps as specifications: common random numbers across points, agreement with a replicated
 * run at the same scenario, and shards that merge back into exactly the whole sweep's bytes.
 */
import { describe, expect, it } from 'vitest';
import { mergeParts, makePart, renderPart, sealPart, wholeSweepData, type NamedPart } from '../../src/experiment/merge.js';
import { replicate } from '../../src/experiment/replications.js';
import { SweepInputError, type Shard } from '../../src/experiment/shard.js';
import { refusal } from '../helpers/sweep.js';
import { runSweep, summarizeSweep, type SweepDefinition } from '../../src/experiment/sweep.js';
import { renderSweepJson } from '../../src/report/sweep-json.js';
import { toScenarioDocument } from '../../src/scenario/resolved.js';
import { resolveScenario } from '../../src/scenario/load.js';
import { parseParam, resolveSweepScenario } from '../../src/scenario/sweep-params.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { smallCrash } from '../helpers/sweep.js';

const doc = smallCrash();
const file = join(mkdtempSync(join(tmpdir(), 'session-sim-sweep-')), 'small.json');
writeFileSync(file, JSON.stringify(doc));

function definition(params: string[], replications = 3, scenario: object = doc): SweepDefinition {
  const f = scenario === doc ? file : join(mkdtempSync(join(tmpdir(), 'session-sim-sweep-')), 'other.json');
  if (scenario !== doc) writeFileSync(f, JSON.stringify(scenario));
  const s = resolveSweepScenario(f, params.map(parseParam));
  return { base: s.base, params: params.map(parseParam).map((p) => ({ path: p.path, values: p.values })), points: s.points, replications };
}

async function whole(def: SweepDefinition): Promise<string> {
  const { runs } = await runSweep(def, { jobs: 1 });
  return renderSweepJson(summarizeSweep(wholeSweepData(def, toScenarioDocument(def.base), runs)));
}

async function part(def: SweepDefinition, shard: Shard): Promise<NamedPart> {
  const { runs } = await runSweep(def, { jobs: 1, shard });
  return { name: `part-${shard.index}.json`, part: JSON.parse(renderPart(makePart(def, toScenarioDocument(def.base), shard, runs))) as unknown };
}

describe('a sweep', () => {
  const def = definition(['servers.count=2..4']);

  it('runs every strategy at every point with the same replication seeds (common random numbers across points)', async () => {
    const result = summarizeSweep(wholeSweepData(def, toScenarioDocument(def.base), (await runSweep(def, { jobs: 1 })).runs));
    expect(result.points.map((p) => p.params)).toEqual([{ 'servers.count': 2 }, { 'servers.count': 3 }, { 'servers.count': 4 }]);
    expect(result.sweep.replications.seeds[0]).toBe(21);
    expect(result.points.every((p) => p.strategies.map((s) => s.name).join() === 'sticky-cookie,redis')).toBe(true);
    // The same seeds give the same client population: sessions started do not depend on the fleet size.
    const sessions = result.points.map((p) => p.strategies[1]!.metrics.sessions.mean);
    expect(new Set(sessions).size).toBe(1);
  });

  it('at the scenario own value, a point has exactly the figures of run --replications (same seeds, same summary)', async () => {
    const result = summarizeSweep(wholeSweepData(def, toScenarioDocument(def.base), (await runSweep(def, { jobs: 1 })).runs));
    const replicated = await replicate(resolveScenario(doc, file), { replications: 3, jobs: 1 });
    const atThree = result.points.find((p) => p.params['servers.count'] === 3)!;
    expect(atThree.strategies.map((s) => s.metrics)).toEqual(replicated.strategies.map((s) => s.metrics));
  });

  it('split into shards and merged (in any order) gives the whole sweep byte for byte', async () => {
    const expected = await whole(def);
    for (const N of [2, 4, 9, 10]) {
      const parts = await Promise.all(Array.from({ length: N }, (_, i) => part(def, { index: i + 1, count: N })));
      expect(renderSweepJson(summarizeSweep(mergeParts([...parts].reverse()))), `${N} shards`).toBe(expected);
    }
  });
});

describe('merge refuses parts that do not make one sweep', () => {
  const def = definition(['servers.count=2,3'], 2);

  it('a missing shard, a shard given twice, shards of different splits', async () => {
    const [a, b, c] = await Promise.all([part(def, { index: 1, count: 3 }), part(def, { index: 2, count: 3 }), part(def, { index: 3, count: 3 })]);
    expect(refusal([a!, c!])).toBe('missing shard 2/3 (2 of 3 parts given)');
    expect(refusal([a!, b!, b!, c!])).toBe('shard 2/3 is given twice: part-2.json and part-2.json');
    const other = await part(def, { index: 1, count: 2 });
    expect(refusal([a!, other])).toContain('is shard 1/2 but part-1.json is shard 1/3');
  });

  it('parts of another version, of another scenario or params, damaged or foreign files', async () => {
    const a = await part(def, { index: 1, count: 2 });
    const b = await part(def, { index: 2, count: 2 });
    const older = { name: 'old.json', part: sealPart({ ...(b.part as object), version: '0.0.9' }) };
    expect(refusal([a, older])).toMatch(/^old\.json at version: expected a part made by this session-sim, \S+ \(figures may differ between versions\), found "0\.0\.9"; run every shard with session-sim \S+$/);
    const otherParams = await part(definition(['servers.count=2,4'], 2), { index: 2, count: 2 });
    expect(refusal([a, otherParams])).toContain('are shards of different sweeps (params servers.count=[2,3] vs servers.count=[2,4])');
    const otherScenario = await part(definition(['servers.count=2,3'], 2, { ...doc, clients: { ...(doc.clients as object), arrivalRate: 4 } }), { index: 2, count: 2 });
    expect(refusal([a, otherScenario])).toContain('the scenarios differ');
    // Edited: the checksum no longer matches; made so by another program (sealed again): the run count is checked.
    const edited = { name: 'edited.json', part: { ...(b.part as object), runs: [] } };
    expect(refusal([a, edited])).toBe('edited.json was changed after it was written: its checksum does not match its content (a figure edited by hand, or a file damaged in a copy); run shard 2/2 again');
    const cut = { name: 'cut.json', part: sealPart({ ...(b.part as object), runs: [] }) };
    expect(refusal([a, cut])).toBe('cut.json is a damaged sweep part at runs: expected the 2 runs of shard 2/2 (a truncated or edited file?), found an array of 0');
    expect(refusal([a, { name: 'result.json', part: { scenario: {} } }])).toContain('result.json is not a sweep part file');
  });

  it('a part whose checksum matches but whose runs are not what sweep writes is refused before a figure is read', async () => {
    const a = await part(def, { index: 1, count: 2 });
    const b = await part(def, { index: 2, count: 2 });
    type Raw = { items: number; params: unknown[]; runs: Record<string, unknown>[] };
    const forged = (name: string, edit: (p: Raw) => void): NamedPart => {
      const p = structuredClone(b.part) as Raw;
      edit(p);
      return { name, part: sealPart(p) };
    };
    const firstStrategy = (p: Raw) => (p.runs[0]!.strategies as { name: string; metrics?: Record<string, unknown> }[])[0]!;
    expect(refusal([a, forged('nulls.json', (p) => { p.runs[0]!.point = null; p.runs[0]!.replication = null; })])).toBe('nulls.json is a damaged sweep part at runs[0].point: expected a whole number from 0 to 2^53 − 1, found null');
    expect(refusal([a, forged('p99.json', (p) => { (firstStrategy(p).metrics!.latency as Record<string, unknown>).p99 = 'fast'; })])).toBe('p99.json is a damaged sweep part at runs[0].strategies[0].metrics.latency.p99: expected a number from 0 to 1e100, found "fast"');
    expect(refusal([a, forged('metrics.json', (p) => { delete firstStrategy(p).metrics; })])).toBe('metrics.json is a damaged sweep part at runs[0].strategies[0].metrics: expected an object of figures, found nothing');
    expect(refusal([a, forged('none.json', (p) => { p.runs[0]!.strategies = []; })])).toBe('none.json is a damaged sweep part at runs[0].strategies: expected a list of at least one strategy, found an array of 0');
    expect(refusal([a, forged('renamed.json', (p) => { firstStrategy(p).name = 'other'; })])).toMatch(/^renamed\.json is a damaged sweep part at runs\[0\]\.strategies: expected those of part-1\.json runs\[0\] \("sticky-cookie", "redis"\), found "other", "redis"$/);
    expect(refusal([a, forged('params.json', (p) => { p.params = [{ path: 1, values: null }]; })])).toBe('params.json is a damaged sweep part at params[0].path: expected a scenario path such as "servers.count", found 1');
    expect(refusal([forged('items.json', (p) => { p.items = -1; }), a])).toBe('items.json is a damaged sweep part at items: expected 4, the runs of 2 points × 2 replications, found -1');
    expect(refusal([a, forged('huge.json', (p) => { p.items = 1e12; })])).toBe('huge.json is a damaged sweep part at items: expected 4, the runs of 2 points × 2 replications, found 1000000000000');
    // What the reports read besides the runs (they were exit 1 in the summary or the HTML report).
    type Loose = Raw & { replications: number; points: unknown[]; steady: unknown[]; scenario: Record<string, unknown> };
    const loose = (name: string, edit: (p: Loose) => void) => forged(name, (p) => edit(p as Loose));
    expect(refusal([loose('one.json', (p) => { p.replications = 1; p.items = 2; }), a])).toBe('one.json is a damaged sweep part at replications: expected a whole number from 2 (one replication gives no interval) to 1000 (the most sweep --replications accepts), found 1');
    expect(refusal([loose('empty.json', (p) => { p.points = []; p.steady = []; p.items = 0; }), a])).toBe("empty.json is a damaged sweep part at points: expected a list of 1 to 10000 points (the most a sweep's grid holds), found an array of 0");
    expect(refusal([a, loose('scenario.json', (p) => { p.scenario = {}; })])).toBe('scenario.json is a damaged sweep part at scenario.name: expected a string, found nothing');
    expect(refusal([a, loose('values.json', (p) => { (p.params[0] as { values: unknown[] }).values = []; })])).toBe('values.json is a damaged sweep part at params[0].values: expected a list of at least one value, found an array of 0');
    // A share beyond 1 (the HTML report drew 1e308 % as NaN coordinates).
    expect(refusal([a, forged('share.json', (p) => { firstStrategy(p).metrics!.sessionLossRate = 1e308; })])).toBe('share.json is a damaged sweep part at runs[0].strategies[0].metrics.sessionLossRate: expected a share from 0 to 1, found 1e+308');
  });
});
