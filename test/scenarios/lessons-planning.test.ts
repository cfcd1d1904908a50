/**
 * The lessons the planning scenarios promise in their descriptions, checked on the scenarios
 * as shipped (seed included), through the planner's own search (single runs per point, as
 * `session-sim plan NAME --vary …` without --replications).
 */
import { describe, expect, it } from 'vitest';
import { plan, type PlanResult } from '../../src/experiment/plan.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { Override } from '../../src/scenario/overrides.js';

async function planOf(name: string, vary: string, max: number): Promise<PlanResult> {
  const configAt = (value: number) => loadScenario(name, { sets: [{ text: `${vary}=${value}`, path: vary.split('.'), value } satisfies Override] });
  return plan(configAt, { vary, min: 1, max, step: 1, replications: 1, maxReplications: 1 });
}

describe('plan-peak: how many servers for p99 < 200 ms and loss < 1% at 40 sessions/s?', () => {
  let result: PlanResult;
  const strategy = (n: string) => result.strategies.find((s) => s.name === n)!;
  const target = (p: { targets: { metric: string; pass: boolean | null; value: number | null }[] }, metric: string) => p.targets.find((t) => t.metric === metric)!;

  it('with too few servers every strategy queues (about 16 workers busy: 800 req/s × 20 ms): one below the answer p99 is the target that fails', async () => {
    result = await planOf('plan-peak', 'servers.count', 12);
    const redis = strategy('redis');
    expect(redis.value).not.toBeNull();
    expect(redis.value!).toBeGreaterThanOrEqual(4);
    expect(redis.value!).toBeLessThanOrEqual(6);
    // One below the answer, latency is what fails; the store kept every session.
    expect(target(redis.below!, 'latency.p99').pass).toBe(false);
    expect(target(redis.below!, 'sessionLossRate').pass).toBe(true);
    expect(redis.at!.metrics.utilization.mean).toBeGreaterThan(0.5);
  }, 120_000);

  it('sticky never meets the loss target: more servers do not help, crashes still take their users\' sessions', () => {
    const sticky = strategy('sticky');
    expect(sticky.value).toBeNull();
    expect(sticky.note).toBe('no value up to 12 meets the targets');
    // At 12 servers latency is fine, the loss is not, and crashes are why.
    expect(sticky.below!.value).toBe(12);
    expect(target(sticky.below!, 'latency.p99').pass).toBe(true);
    expect(target(sticky.below!, 'sessionLossRate').value).toBeGreaterThan(0.01);
    expect(sticky.below!.metrics.lossByCause['server-crash']).toBe(sticky.below!.metrics.lostSessions);
    // The plan's cost column: the store is what redis pays extra.
    expect(strategy('redis').at!.metrics.cost!.store).toBeGreaterThan(0);
  });
});

describe('store-sizing: how many 64 MB shards hold the sessions?', () => {
  let result: PlanResult;
  it('Little\'s law: keys ≈ λ·(session length + TTL); four shards, not three', async () => {
    result = await planOf('store-sizing', 'store.shards', 8);
    const redis = result.strategies[0]!;
    const lambda = 20;
    const sessionSeconds = (10 - 1) * 10; // geometric mean 10 requests, 9 think times of 10 s
    const ttl = 600;
    const bytesPerKey = 16 * 1024 + 115;
    const expected = lambda * (sessionSeconds + ttl) * bytesPerKey;
    // The peak over the window sits a little above the mean (Poisson fluctuation of ~13,800 keys, ±0.9%).
    const peak = redis.at!.metrics.store.peakMemoryBytes;
    expect(peak / expected).toBeGreaterThan(0.97);
    expect(peak / expected).toBeLessThan(1.06);
    expect(redis.value).toBe(Math.ceil(expected / (64 * 1024 * 1024)));
    expect(redis.value).toBe(4);
  }, 120_000);

  it('one shard fewer fills up: noeviction refuses the writes', () => {
    const below = result.strategies[0]!.below!;
    expect(below.value).toBe(3);
    expect(below.metrics.failuresByReason['store-out-of-memory']).toBeGreaterThan(0);
    expect(below.metrics.failedRate).toBeGreaterThan(0.001);
  });
});
