/**
 * The planner's search against queueing theory. Random routing of Poisson arrivals (rate λ)
 * to n single-worker servers with exponential service (rate μ) makes each server an M/M/1
 * queue with arrival rate λ/n (Bernoulli splitting), whose mean response time is
 * 1/(μ − λ/n) (Kleinrock vol. 1, §3.2). A target "mean response < W" is therefore met
 * exactly when λ/n < μ − 1/W: the smallest such n is the answer `plan` must find, exactly.
 *
 * The cases are chosen so that the theoretical mean at the answer is at least 15 % below W and
 * the one at n − 1 at least 33 % above it, while the 95 % interval of 3 replications of 600 s
 * is about ±9 % at worst (relative SE of an M/M/1 mean ≈ (1+ρ)/(1−ρ)/√N, N ≈ 36,000
 * requests at ρ = 0.75: 3.7 % per run, t(0.975, 2)·3.7 %/√3 ≈ 9 %): the interval cannot
 * reach the bound unless the simulator is wrong. A check with power: the wrong queue (n
 * servers at λ/(n−1), or a mean off by 20 %) moves the answer by one, which `toBe` catches.
 */
import { describe, expect, it } from 'vitest';
import type { SimulationConfig } from '../../src/model/config.js';
import { resolveScenario } from '../../src/scenario/load.js';
import { applyOverrides } from '../../src/scenario/overrides.js';
import { plan } from '../../src/experiment/plan.js';

function mm1Fleet(lambda: number, mu: number, targetSeconds: number) {
  const doc = {
    name: `M/M/1 fleet, lambda ${lambda}, mu ${mu}`,
    seed: 4242,
    duration: '630s',
    warmup: '30s',
    clients: { arrivalRate: lambda, requestsPerSession: 1, thinkTime: '1s' },
    servers: { count: 1, workers: 1, queueLimit: 100_000, serviceTime: { dist: 'exponential', mean: 1 / mu } },
    strategies: [{ name: 'random', type: 'sticky', affinity: 'cookie', balance: 'random' }],
    slo: { targets: { 'latency.mean': `<${targetSeconds * 1000}ms` } },
  };
  return (value: number): SimulationConfig => resolveScenario(applyOverrides(doc, [{ text: '', path: ['servers', 'count'], value }]), 'test');
}

const smallestN = (lambda: number, mu: number, w: number) => Math.floor(lambda / (mu - 1 / w)) + 1;

describe('plan finds the smallest n with λ/n < μ − 1/W (n × M/M/1 under random routing)', () => {
  it.each([
    [50, 20, 0.2],
    [120, 25, 0.15],
    [60, 10, 0.5],
  ])('λ = %d/s, μ = %d/s, W = %ds', async (lambda, mu, w) => {
    const expected = smallestN(lambda, mu, w);
    const result = await plan(mm1Fleet(lambda, mu, w), { vary: 'servers.count', min: 1, max: 16, step: 1, replications: 3, maxReplications: 12, jobs: 1 });
    const s = result.strategies[0]!;
    expect(s.value).toBe(expected);
    expect(result.met).toBe(true);
    // The figures at the answer and one below show why: below the bound, above it.
    const theory = (n: number) => 1000 / (mu - lambda / n);
    expect(s.at!.verdict).toBe('pass');
    expect(s.at!.targets[0]!.ci95![1]).toBeLessThan(w * 1000);
    expect(Math.abs(s.at!.targets[0]!.value! - theory(expected)) / theory(expected)).toBeLessThan(0.1);
    expect(s.below!.value).toBe(expected - 1);
    expect(s.below!.verdict).toBe('fail');
    expect(s.below!.targets[0]!.ci95![0]).toBeGreaterThan(w * 1000);
    // Galloping then bisection: a handful of points, not all sixteen.
    expect(s.evaluated.length).toBeLessThanOrEqual(7);
    expect(result.warnings).toEqual([]);
  }, 60_000);

  it('single runs (no replications) give the same answer; none when max is too small', async () => {
    const configAt = mm1Fleet(50, 20, 0.2);
    const one = await plan(configAt, { vary: 'servers.count', min: 1, max: 16, step: 1, replications: 1, maxReplications: 1 });
    expect(one.strategies[0]!.value).toBe(4);
    expect(one.strategies[0]!.at!.replications).toBe(1);
    const none = await plan(configAt, { vary: 'servers.count', min: 1, max: 3, step: 1, replications: 1, maxReplications: 1 });
    expect(none.strategies[0]!.value).toBeNull();
    expect(none.strategies[0]!.note).toBe('no value up to 3 meets the targets');
    expect(none.met).toBe(false);
  }, 60_000);

  it('common random numbers: the same search twice gives identical points', async () => {
    const configAt = mm1Fleet(50, 20, 0.2);
    const a = await plan(configAt, { vary: 'servers.count', min: 2, max: 8, step: 1, replications: 2, maxReplications: 4, jobs: 1 });
    const b = await plan(configAt, { vary: 'servers.count', min: 2, max: 8, step: 1, replications: 2, maxReplications: 4, jobs: 2 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  }, 60_000);
});
