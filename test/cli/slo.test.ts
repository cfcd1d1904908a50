/**
 * Targets (`slo` and `--slo`) as a user meets them: verdicts in every format, exit code 99
 * when the required strategies miss one (k6's convention) and 0 when they pass, scenario
 * errors for unknown metrics and bad bounds, and `inconclusive` with replications when the
 * 95% interval straddles the bound.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'session-sim-slo-'));
function scenarioFile(doc: object, name = 'slo.json'): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

/** Two strategies on a crash: the sticky one loses sessions, the store keeps them. */
const base = {
  name: 'targets',
  seed: 5,
  duration: '2m',
  warmup: '10s',
  clients: { arrivalRate: 4, requestsPerSession: { dist: 'geometric', mean: 8 }, thinkTime: { dist: 'exponential', mean: '2s' } },
  servers: { count: 3, workers: 2 },
  strategies: [{ name: 'sticky', type: 'sticky' }, { name: 'redis', type: 'external' }],
  events: [{ at: '40s', type: 'server-crash', server: 1, downFor: '20s' }],
};
const file = scenarioFile({ ...base, slo: { targets: { sessionLossRate: '<1%', 'latency.p99': '<2s' } } });

interface Doc {
  strategies: { name: string; metrics: { latency: { p99: { mean: number } | number } }; slo: { metric: string; op: string; bound: number; value: number; verdict: string; pass: boolean | null; ci95?: number[]; replicationsToSettle?: number | null }[] }[];
  slo: { verdict: string; met: boolean; exitCode: number; required: string[] };
}

describe('targets on a single run', () => {
  it('any strategy meeting every target passes: exit 0, and the JSON says why', async () => {
    const r = await cli(['run', file, '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Doc;
    const sticky = doc.strategies.find((s) => s.name === 'sticky')!;
    const redis = doc.strategies.find((s) => s.name === 'redis')!;
    expect(sticky.slo.map((t) => [t.metric, t.op, t.bound, t.pass])).toEqual([['sessionLossRate', '<', 0.01, false], ['latency.p99', '<', 2000, true]]);
    expect(redis.slo.every((t) => t.pass === true)).toBe(true);
    expect(doc.slo).toMatchObject({ verdict: 'pass', met: true, exitCode: 0, required: ['sticky', 'redis'] });
  });

  it('a missed target of a required strategy exits 99 and says so on stderr', async () => {
    const strict = scenarioFile({ ...base, slo: { targets: { sessionLossRate: '<1%' }, require: ['sticky'] } }, 'strict.json');
    const r = await cli(['run', strict]);
    expect(r.code).toBe(99);
    expect(r.stderr).toMatch(/Targets missed: redis meets every target \(sticky must meet every target\); exit 99/);
    const all = await cli(['run', file, '--set', 'slo.require=all']);
    expect(all.code).toBe(99);
  });

  it('a service that answered nobody misses a latency target: value null, FAIL "no answers", "-" for p99, exit 99 (with replications too)', async () => {
    const dead = scenarioFile(
      { ...base, servers: { count: 1, workers: 2 }, events: [{ at: '5s', type: 'server-crash', server: 0 }], slo: { targets: { 'latency.p99': '<2s' } } },
      'dead.json',
    );
    const r = await cli(['run', dead, '--format', 'json']);
    expect(r.code).toBe(99);
    const doc = JSON.parse(r.stdout) as Doc;
    for (const st of doc.strategies) {
      expect(st.metrics.latency.p99).toBe(0);
      expect(st.slo).toEqual([{ metric: 'latency.p99', op: '<', bound: 2000, value: null, verdict: 'fail', pass: false }]);
    }
    const table = await cli(['run', dead, '--charset', 'ascii']);
    expect(table.code).toBe(99);
    expect(table.stdout).toMatch(/^sticky\s.*\s-\s+\S+\s+FAIL$/m);
    expect(table.stdout).toContain('FAIL no answers');
    expect(table.stdout.replace(/\s+/g, ' ')).toContain('no strategy answered a request successfully, so none has a latency');
    const replicated = await cli(['run', dead, '--replications', '2', '--format', 'json']);
    expect(replicated.code).toBe(99);
    expect((JSON.parse(replicated.stdout) as Doc).strategies[0]!.slo[0]).toMatchObject({ value: null, verdict: 'fail', pass: false });
  });

  it('--slo adds a target and replaces the file\'s bound in the same direction', async () => {
    const tight = await cli(['run', file, '--slo', 'latency.p99<1ms', '--format', 'json']);
    expect(tight.code).toBe(99);
    const doc = JSON.parse(tight.stdout) as Doc;
    expect(doc.strategies[0]!.slo.map((t) => `${t.metric}${t.op}${t.bound}`)).toEqual(['sessionLossRate<0.01', 'latency.p99<1']);
    const added = await cli(['run', file, '--slo', 'skew.maxOverMean<=5', '--slo', 'failedRate>=0', '--format', 'json']);
    expect(added.code).toBe(0);
    expect((JSON.parse(added.stdout) as Doc).strategies[1]!.slo.map((t) => t.metric)).toEqual(['sessionLossRate', 'latency.p99', 'skew.maxOverMean', 'failedRate']);
  });

  it('the table gets an SLO column and a block of targets; ASCII spells ok/FAIL', async () => {
    const r = await cli(['run', file, '--charset', 'ascii']);
    expect(r.stdout).toMatch(/SLO/);
    expect(r.stdout).toMatch(/^sticky .* FAIL$/m);
    expect(r.stdout).toMatch(/^redis .* ok$/m);
    expect(r.stdout).toMatch(/sessionLossRate[\s\S]*< 1%/);
    expect(r.stdout).toMatch(/Targets met: redis meets every target/);
    const u = await cli(['run', file, '--charset', 'unicode']);
    expect(u.stdout).toMatch(/^redis .* \u2713$/m);
    expect(u.stdout).toMatch(/^sticky .* \u2717$/m);
  });

  it('markdown, CSV and HTML carry the verdicts too', async () => {
    const md = await cli(['run', file, '--format', 'markdown']);
    expect(md.stdout).toMatch(/\| strategy \| sessionLossRate < 1% \| latency\.p99 < 2000ms \| all targets \|/);
    expect(md.stdout).toMatch(/\| redis \| \u2713 0% \|/);
    const csv = await cli(['run', file, '--format', 'csv']);
    const [head, sticky] = csv.stdout.split('\n');
    const cols = head!.split(',');
    const cells = sticky!.split(',');
    expect(cells[cols.indexOf('slo')]).toBe('fail');
    expect(cells[cols.indexOf('slo:sessionLossRate<0.01')]).toBe('fail');
    expect(cells[cols.indexOf('slo:latency.p99<2000')]).toBe('pass');
    const html = join(dir, 'r.html');
    await cli(['run', file, '--html', html]);
    expect(readFileSync(html, 'utf8')).toMatch(/<section id="targets">[\s\S]*sessionLossRate<br>&lt; 1%/);
  });

  it('without targets nothing changes: no SLO column, no slo keys, exit 0', async () => {
    const plain = scenarioFile(base, 'plain.json');
    const r = await cli(['run', plain, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/"slo"/);
    expect((await cli(['run', plain])).stdout).not.toMatch(/SLO/);
  });
});

describe('bad targets are scenario errors (exit 2), with the path and a suggestion', () => {
  it('an unknown metric path gets a did-you-mean', async () => {
    const r = await cli(['run', file, '--slo', 'latency.p999<200ms']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/at slo\.targets\["latency\.p999"\]: expected a metric of the JSON output.*found "latency\.p999"; did you mean "latency\.p99"\?/);
    const camel = await cli(['validate', scenarioFile({ ...base, slo: { targets: { latencyP99: '<200ms' } } }, 'camel.json')]);
    expect(camel.code).toBe(2);
    expect(camel.stderr).toMatch(/did you mean "latency\.p99"\?/);
  });

  it('a bound in the wrong unit, a bound without a direction, an unknown required strategy', async () => {
    const bad = scenarioFile({ ...base, slo: { targets: { sessionLossRate: '<4KB', 'latency.p99': '200ms' }, require: ['redsi'] } }, 'bad.json');
    const r = await cli(['validate', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/slo\.targets\["sessionLossRate"\]: expected a bound in a share \(0\.01\) or a percentage/);
    expect(r.stderr).toMatch(/slo\.targets\["latency\.p99"\]: expected a bound such as "<200ms"/);
    expect(r.stderr).toMatch(/slo\.require\[0\]: expected a strategy of the scenario \(sticky, redis\), found "redsi"; did you mean "redis"\?/);
    expect(r.stderr).not.toMatch(/NaN|at .*\.ts:/);
  });

  it('a malformed --slo is a usage error naming the form', async () => {
    const r = await cli(['run', file, '--slo', 'latency.p99']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/expected METRIC<BOUND such as 'latency\.p99<200ms'/);
  });
});

describe('targets with replications: the whole 95% interval decides', () => {
  it('inconclusive when the interval straddles the bound, with the replications that would settle it; exit 99', async () => {
    const first = await cli(['run', file, '--replications', '4', '--jobs', '1', '--strategies', 'redis', '--format', 'json']);
    const p99 = (JSON.parse(first.stdout) as Doc).strategies[0]!.metrics.latency.p99 as { mean: number; ci95: [number, number] };
    expect(p99.ci95[1]).toBeGreaterThan(p99.ci95[0]);
    // A bound at the mean is inside the interval.
    const r = await cli(['run', file, '--replications', '4', '--jobs', '1', '--strategies', 'redis', '--slo', `latency.p99<${p99.mean}`, '--format', 'json']);
    expect(r.code).toBe(99);
    const t = (JSON.parse(r.stdout) as Doc).strategies[0]!.slo.find((x) => x.metric === 'latency.p99')!;
    expect(t.verdict).toBe('inconclusive');
    expect(t.pass).toBeNull();
    expect(t.ci95![0]).toBeLessThan(p99.mean);
    expect(t.ci95![1]).toBeGreaterThan(p99.mean);
    // Below the interval: fail; above it: pass.
    const fail = await cli(['run', file, '--replications', '4', '--jobs', '1', '--strategies', 'redis', '--slo', `latency.p99<${p99.ci95[0] - 1}`, '--format', 'json']);
    expect((JSON.parse(fail.stdout) as Doc).strategies[0]!.slo[1]!.verdict).toBe('fail');
    const pass = await cli(['run', file, '--replications', '4', '--jobs', '1', '--strategies', 'redis', '--slo', `latency.p99<${p99.ci95[1] + 1}`]);
    expect(pass.code).toBe(0);
    expect(pass.stdout).toMatch(/Targets \(95% intervals over 4 replications\)/);
  });

  it('the table names the inconclusive target and how many more replications would likely settle it', async () => {
    const r = await cli(['run', file, '--replications', '3', '--jobs', '1', '--strategies', 'redis', '--slo', 'latency.p99<200ms', '--slo', 'sessionLossRate<1%']);
    expect(r.stdout).toMatch(/Targets \(95% intervals over 3 replications\)/);
    expect(r.stdout).toMatch(/sessionLossRate/);
  });
});
