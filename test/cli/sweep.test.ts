/**
 * `session-sim sweep` and `session-sim merge` as a user runs them: the built command (dist/)
 * as separate processes for worker threads and shards, in-process for messages.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { smallCrash } from '../helpers/sweep.js';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '../../dist/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'session-sim-sweep-cli-'));
const small = join(dir, 'small.json');
writeFileSync(
  small,
  JSON.stringify(smallCrash()),
);
const sweep = ['sweep', small, '--param', 'servers.count=2..4', '--param', 'clients.arrivalRate=2,4', '--replications', '3'];

describe('sweep output', () => {
  it('is the same bytes whatever --jobs is (worker threads or the main thread)', async () => {
    expect(existsSync(bin), 'run `npm run build` first').toBe(true);
    const [one, two, three] = await Promise.all(['1', '2', '3'].map((j) => run(process.execPath, [bin, ...sweep, '--format', 'json', '--jobs', j])));
    expect(one!.stderr).toContain('6 points × 3 replications of 2 strategies on the main thread');
    expect(two!.stderr).toContain('on 2 worker threads');
    expect(two!.stdout).toBe(one!.stdout);
    expect(three!.stdout).toBe(one!.stdout);
    const doc = JSON.parse(one!.stdout) as { sweep: { params: unknown; points: number }; points: { index: number; params: Record<string, number> }[] };
    expect(Object.keys(doc)).toEqual(['scenario', 'sweep', 'points']);
    expect(doc.sweep.params).toEqual([{ path: 'servers.count', values: [2, 3, 4] }, { path: 'clients.arrivalRate', values: [2, 4] }]);
    expect(doc.points.map((p) => Object.values(p.params))).toEqual([[2, 2], [2, 4], [3, 2], [3, 4], [4, 2], [4, 4]]);
  });

  it('a table per decision metric, rows the points and columns the strategies', async () => {
    const r = await cli(['sweep', small, '--param', 'servers.count=2..3', '--replications', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/session loss rate \(%\)\ncount +sticky-cookie +redis\n/);
    expect(r.stdout).toContain('latency p99 (ms)');
    expect(r.stdout).toContain('skew max/mean');
    expect(r.stdout.split('\n').filter((l) => /^[23] {2,}/.test(l))).toHaveLength(6);
    expect(r.stdout).toMatch(/\+\/-/);
  });

  it('fits 80 columns: one column per param, strategies split into groups when they do not fit', async () => {
    const r = await cli(['sweep', 'server-crash', '--param', 'servers.count=3,4', '--param', 'clients.arrivalRate=2,4', '--replications', '2', '--set', 'duration=6m', '--set', 'warmup=1m', '--set', 'events.0.at=5m', '--quiet']);
    expect(r.code).toBe(0);
    expect(Math.max(...r.stdout.split('\n').map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(r.stdout).toMatch(/\ncount +arrivalRate +sticky-cookie/);
    const narrow = await cli(['sweep', 'server-crash', '--param', 'servers.count=3,4', '--param', 'clients.arrivalRate=2,4', '--param', 'clients.sessionData=2KB,4KB', '--replications', '2', '--set', 'duration=6m', '--set', 'warmup=1m', '--set', 'events.0.at=5m', '--quiet']);
    expect(Math.max(...narrow.stdout.split('\n').map((l) => l.length))).toBeLessThanOrEqual(80);
    // Every strategy still appears under each metric.
    for (const name of ['sticky-cookie', 'sticky-ip', 'redis', 'jwt']) expect(narrow.stdout.split(name).length - 1).toBeGreaterThanOrEqual(3);
  });

  it('CSV: one row per point × strategy, columns named by JSON path', async () => {
    const r = await cli(['sweep', small, '--param', 'servers.count=2..3', '--replications', '2', '--format', 'csv']);
    const [head, ...rows] = r.stdout.trimEnd().split('\n');
    const columns = head!.split(',');
    expect(columns.slice(0, 5)).toEqual(['point', 'params.servers.count', 'strategy', 'type', 'replications']);
    expect(columns).toContain('metrics.latency.p99.mean');
    expect(columns).toContain('metrics.latency.p99.ci95[0]');
    expect(columns).toContain('metrics.sessionLossRate.ci95[1]');
    expect(rows).toHaveLength(4);
    expect(rows.map((l) => l.split(',').slice(0, 3).join())).toEqual(['0,2,sticky-cookie', '0,2,redis', '1,3,sticky-cookie', '1,3,redis']);
  });

  it('--html: a chart per decision metric with a shaded 95% band per strategy; a heat map for two params', async () => {
    const one = join(dir, 'one.html');
    const two = join(dir, 'two.html');
    await cli(['sweep', small, '--param', 'servers.count=2..4', '--replications', '2', '--html', one, '--quiet']);
    await cli(['sweep', small, '--param', 'servers.count=2,3', '--param', 'clients.arrivalRate=2,4', '--replications', '2', '--html', two, '--quiet']);
    const html = readFileSync(one, 'utf8');
    expect(html.match(/class="chart band-chart"/g)).toHaveLength(3);
    expect(html.match(/<polygon class="band"/g)).toHaveLength(6);
    expect(html.match(/<path class="series"/g)).toHaveLength(6);
    expect(html).not.toMatch(/NaN|undefined|<script/);
    const heat = readFileSync(two, 'utf8');
    expect(heat.match(/class="chart heat-map"/g)).toHaveLength(6);
  });
});

describe('targets in the sweep report', () => {
  it('the scenario slo targets are dashed lines on their charts, and a bounded metric outside the decision metrics gets a chart', async () => {
    const withSlo = join(dir, 'slo.json');
    const doc = JSON.parse(readFileSync(small, 'utf8')) as Record<string, unknown>;
    writeFileSync(withSlo, JSON.stringify({ ...doc, slo: { targets: { 'latency.p99': '<200ms', sessionLossRate: '<1%', failedRate: '<0.5%' } } }));
    const html = join(dir, 'slo.html');
    const r = await cli(['sweep', withSlo, '--param', 'servers.count=2..3', '--replications', '2', '--html', html, '--quiet']);
    expect(r.code).toBe(0);
    const text = readFileSync(html, 'utf8');
    // Bounds in the chart's unit: 200 ms, 1 % and 0.5 % (rates are charted in percent).
    expect(text.match(/<g class="slo-bound"><title>target &lt; 200<\/title>/g)).toHaveLength(1);
    expect(text.match(/<g class="slo-bound"><title>target &lt; 1<\/title>/g)).toHaveLength(1);
    expect(text.match(/<g class="slo-bound"><title>target &lt; 0.5<\/title>/g)).toHaveLength(1);
    expect(text.match(/class="chart band-chart"/g)).toHaveLength(4);
  });
});

describe('cost in a sweep', () => {
  it('with a prices block: a cost-per-hour table, a chart, and the cost figures in the CSV', async () => {
    const priced = join(dir, 'priced.json');
    writeFileSync(priced, JSON.stringify({ ...(JSON.parse(readFileSync(small, 'utf8')) as object), prices: {} }));
    const html = join(dir, 'priced.html');
    const table = await cli(['sweep', priced, '--param', 'servers.count=2..3', '--replications', '2', '--html', html, '--quiet']);
    expect(table.stdout).toMatch(/cost per hour \(USD\)\ncount +sticky-cookie +redis\n/);
    expect(readFileSync(html, 'utf8').match(/class="chart band-chart"/g)).toHaveLength(4);
    const csv = await cli(['sweep', priced, '--param', 'servers.count=2..3', '--replications', '2', '--format', 'csv']);
    expect(csv.stdout.split('\n')[0]).toContain('metrics.cost.perHour.mean');
    const plain = await cli(['sweep', small, '--param', 'servers.count=2..3', '--replications', '2']);
    expect(plain.stdout).not.toContain('cost per hour');
  });
});

describe('bad input exits 2 with a clear message and runs nothing', () => {
  it('an output that cannot be written is refused before any run', async () => {
    const r = await cli([...sweep, '--out', join(dir, 'no-such-dir', 'x.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot write');
    expect(r.stderr).not.toContain('points ×');
  });

  it('a misspelt --param path, with its JSON path and a did-you-mean', async () => {
    const r = await cli(['sweep', small, '--param', 'servers.cont=2..12']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('at servers.cont: expected a field of servers');
    expect(r.stderr).toContain('did you mean "count"?');
    expect(r.stderr).not.toContain('    at ');
  });

  it('an empty range, a non-numeric range, a value the schema refuses', async () => {
    const empty = await cli(['sweep', small, '--param', 'servers.count=12..2']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('found the empty range 12..2');
    const words = await cli(['sweep', small, '--param', 'servers.count=two..ten']);
    expect(words.code).toBe(2);
    expect(words.stderr).toContain("a number as the range's start");
    const zero = await cli(['sweep', small, '--param', 'servers.count=0..2']);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('at the sweep point servers.count=0');
    const none = await cli(['sweep', small]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('sweep needs at least one --param');
  });

  it('--shard 5/4, and --shard auto/N outside a batch array', async () => {
    const r = await cli([...sweep, '--shard', '5/4']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('session-sim: --shard 5/4: there is no shard 5 of 4; shards are numbered 1 to 4\n');
    const auto = await cli([...sweep, '--shard', 'auto/4'], {});
    expect(auto.code).toBe(2);
    expect(auto.stderr).toContain('no array index in the environment');
  });
});

describe('shards on separate processes', () => {
  it('merge of the parts (any order) is byte for byte the single-machine --format json; a missing part is refused', async () => {
    const args = [...sweep, '--jobs', '1'];
    const single = await run(process.execPath, [bin, ...args, '--format', 'json']);
    const parts = [1, 2, 3].map((i) => join(dir, `part-${i}.json`));
    await Promise.all(parts.map((p, i) => run(process.execPath, [bin, ...args, '--shard', `${i + 1}/3`, '--out', p])));
    // Kubernetes' index through --shard auto/N gives the same part as 2/3.
    const auto = join(dir, 'auto.json');
    await run(process.execPath, [bin, ...args, '--shard', 'auto/3', '--out', auto], { env: { ...process.env, JOB_COMPLETION_INDEX: '1' } });
    expect(readFileSync(auto, 'utf8')).toBe(readFileSync(parts[1]!, 'utf8'));
    const merged = join(dir, 'result.json');
    const m = await run(process.execPath, [bin, 'merge', parts[2]!, parts[0]!, parts[1]!, '--out', merged]);
    expect(m.stderr).toContain(`wrote ${merged}`);
    expect(readFileSync(merged, 'utf8')).toBe(single.stdout);
    const missing = await cli(['merge', parts[0]!, parts[2]!]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('session-sim: missing shard 2/3 (2 of 3 parts given)\n');
    const unreadable = await cli(['merge', join(dir, 'nope.json')]);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toContain('no such file');
  });
});
