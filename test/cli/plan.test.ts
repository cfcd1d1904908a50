/**
 * `session-sim plan` as a user calls it: the answer per strategy in the table and as JSON
 * (`value` null when none), exit 0 when a value is found and 99 when none up to --max is,
 * and exit 2 with the JSON path for a parameter the scenario refuses or plan without targets.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'session-sim-plan-'));
const file = join(dir, 'fleet.json');
// n × M/M/1 (λ = 50/s, μ = 20/s): mean response < 200 ms needs n > 50/15, so n = 4.
writeFileSync(
  file,
  JSON.stringify({
    name: 'M/M/1 fleet',
    seed: 4242,
    duration: '630s',
    warmup: '30s',
    clients: { arrivalRate: 50, requestsPerSession: 1, thinkTime: '1s' },
    servers: { count: 1, workers: 1, queueLimit: 100000, serviceTime: { dist: 'exponential', mean: '50ms' } },
    strategies: [{ name: 'random', type: 'sticky', balance: 'random' }],
    slo: { targets: { 'latency.mean': '<200ms' } },
  }),
);

interface PlanDoc {
  plan: { vary: string; min: number; max: number };
  strategies: { name: string; value: number | null; at: { value: number; verdict: string } | null; below: { value: number; verdict: string } | null; note: string | null }[];
  met: boolean;
  exitCode: number;
}

describe('session-sim plan', () => {
  it('finds the smallest servers.count and exits 0; JSON has { strategies: [{ name, value, … }] }', async () => {
    const r = await cli(['plan', file, '--vary', 'servers.count', '--max', '16', '--format', 'json', '--quiet']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as PlanDoc;
    expect(doc.strategies[0]).toMatchObject({ name: 'random', value: 4, at: { value: 4, verdict: 'pass' }, below: { value: 3, verdict: 'fail' }, note: null });
    expect(doc).toMatchObject({ met: true, exitCode: 0, plan: { vary: 'servers.count', min: 1, max: 16 } });
  });

  it('the table shows the value, the figures at it and one below, and the answer', async () => {
    const r = await cli(['plan', file, '--vary', 'servers.count', '--max', '16', '--charset', 'ascii']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^random\s+4\s+ok \d+(\.\d+)?ms$/m);
    expect(r.stdout).toMatch(/^ {2}one below\s+3\s+FAIL \d+(\.\d+)?ms$/m);
    expect(r.stdout).toMatch(/Answer: random needs servers\.count = 4; exit 0\./);
    expect(r.stderr).toMatch(/plan random: servers\.count = 4 ok \(one run\)/);
  });

  it('no value up to --max: value null, the note, exit 99', async () => {
    const r = await cli(['plan', file, '--vary', 'servers.count', '--max', '3', '--format', 'json', '--quiet']);
    expect(r.code).toBe(99);
    const doc = JSON.parse(r.stdout) as PlanDoc;
    expect(doc.strategies[0]!.value).toBeNull();
    expect(doc.strategies[0]!.note).toBe('no value up to 3 meets the targets');
    const t = await cli(['plan', file, '--vary', 'servers.count', '--max', '3', '--quiet']);
    expect(t.stdout).toMatch(/random: no value up to 3 meets the targets\./);
  });

  it('--slo on plan replaces the file\'s target (a looser bound needs fewer servers)', async () => {
    const r = await cli(['plan', file, '--vary', 'servers.count', '--max', '16', '--slo', 'latency.mean<1s', '--format', 'json', '--quiet']);
    // 1/(20 − 50/n) < 1 s ⇔ n > 50/19: n = 3.
    expect((JSON.parse(r.stdout) as PlanDoc).strategies[0]!.value).toBe(3);
  });

  it('--vary strategies.NAME… on a scenario that lists no strategies varies that default strategy, as --set does (it was exit 2, "at strategies: expected an array")', async () => {
    const defaults = join(dir, 'defaults.json');
    writeFileSync(defaults, JSON.stringify({ duration: '70s', warmup: '10s', clients: { arrivalRate: 2 }, slo: { targets: { sessionLossRate: '<100%' } } }));
    const r = await cli(['plan', defaults, '--vary', 'strategies.redis.store.ttl', '--min', '300', '--max', '600', '--step', '300', '--strategies', 'redis', '--format', 'json', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as PlanDoc).strategies.map((st) => [st.name, st.value])).toEqual([['redis', 300]]);
    const typo = await cli(['plan', defaults, '--vary', 'strategies.rdis.store.ttl', '--min', '300', '--max', '600', '--step', '300']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('at the plan point strategies.rdis.store.ttl=300');
    expect(typo.stderr).toContain('at strategies.rdis: expected the name of one of the scenario\'s strategies (sticky-cookie, sticky-ip, redis, jwt)');
  });

  it('bad input exits 2: a parameter the scenario refuses, no targets, --max below --min', async () => {
    const bad = await cli(['plan', file, '--vary', 'servers.cuont', '--max', '4']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/at servers\.cuont: expected no such field/);
    // A field that is not a number is refused at the first value tried, naming the point.
    const text = await cli(['plan', file, '--vary', 'loadBalancer.algorithm']);
    expect(text.code).toBe(2);
    expect(text.stderr).toContain('at the plan point loadBalancer.algorithm=1: a problem');
    expect(text.stderr).toContain('at loadBalancer.algorithm: expected one of "round-robin"');
    const none = await cli(['plan', file, '--vary', 'servers.count', '--set', 'slo.targets={}']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/plan needs targets/);
    const order = await cli(['plan', file, '--vary', 'servers.count', '--min', '5', '--max', '2']);
    expect(order.code).toBe(2);
    expect(order.stderr).toMatch(/--max \(2\) must be at least --min \(5\)/);
    const missing = await cli(['plan', file]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--vary/);
    // Pilot runs would pick a warm-up per point, as a sweep refuses: points must be measured alike.
    const auto = await cli(['plan', file, '--vary', 'servers.count', '--set', 'warmup=auto']);
    expect(auto.code).toBe(2);
    expect(auto.stderr).toContain('at warmup: expected a fixed warm-up in a plan');
  });

  it('a grid too fine to search, or a cap below the replications, exits 2 before any run (they were a 30 s+ hang and exit 1)', async () => {
    const fine = await cli(['plan', file, '--vary', 'servers.count', '--min', '1', '--max', '4', '--step', '1e-300']);
    expect(fine.code).toBe(2);
    expect(fine.stderr).toContain('expected at most 10,000 values from --min to --max by --step, found about 3.0e+300 (1 to 4 by 1e-300)');
    expect((await cli(['plan', file, '--vary', 'servers.count', '--min', '1', '--max', '10001'])).stderr).toContain('found 10,001 (1 to 10001 by 1)');
    const same = await cli(['plan', file, '--vary', 'clients.arrivalRate', '--min', '1000000', '--max', '1000000.0001', '--step', '1e-7']);
    expect(same.code).toBe(2);
    expect(same.stderr).toContain('expected a --step that changes the value (1e-7 is below the 12 significant digits of 1000000 to 1000000.0001)');
    const cap = await cli(['plan', file, '--vary', 'servers.count', '--replications', '3', '--max-replications', '2']);
    expect(cap.code).toBe(2);
    expect(cap.stderr).toContain('--max-replications (2) must be at least --replications (3)');
    expect(fine.stderr + same.stderr + cap.stderr).not.toMatch(/\bat \S+:\d+:\d+/);
  });
});
