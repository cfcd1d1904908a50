import { describe, expect, it } from 'vitest';
import { MIN_LATENCY_SAMPLES, MIN_SESSIONS, windowWarnings } from '../../src/metrics/warnings.js';
import type { StrategyMetrics } from '../../src/metrics/strategy-metrics.js';
import { resolveScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/experiment/simulate.js';

const metrics = (requests: number, failed: number, sessions: number, revokedTokenRejections = 0) => ({ requests, failedRequests: failed, sessions, security: { revokedTokenRejections } }) as StrategyMetrics;

describe('warnings about a measured window too short for the figures', () => {
  it('p99 from fewer than 1000 successful requests; loss rate from fewer than 100 sessions', () => {
    expect(windowWarnings('a', [metrics(MIN_LATENCY_SAMPLES + 10, 10, MIN_SESSIONS)])).toEqual([]);
    expect(windowWarnings('a', [metrics(MIN_LATENCY_SAMPLES + 10, 11, MIN_SESSIONS)]).map((w) => w.code)).toEqual(['few-latency-samples']);
    expect(windowWarnings('a', [metrics(5000, 0, 99)]).map((w) => w.code)).toEqual(['few-sessions']);
    // Deny-list rejections are responses in `requests` but have no latency: not samples.
    expect(windowWarnings('a', [metrics(MIN_LATENCY_SAMPLES + 10, 0, MIN_SESSIONS, 11)]).map((w) => w.code)).toEqual(['few-latency-samples']);
  });

  it('no successful request at all: the latency figures have no value, said as such', () => {
    const [w] = windowWarnings('a', [metrics(500, 500, MIN_SESSIONS)]);
    expect(w!.message).toBe("a: no request succeeded: its latency figures have no value (the JSON's 0), and a latency target fails");
  });

  it('with replications, the smallest replication counts', () => {
    const w = windowWarnings('redis', [metrics(5000, 0, 500), metrics(900, 0, 500)]);
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ code: 'few-latency-samples', strategy: 'redis' });
    expect(w[0]!.message).toContain('as few as 900 successful requests per replication');
  });

  it('a short run carries them in its result (and so in the JSON document)', () => {
    const r = simulate(resolveScenario({ duration: '40s', warmup: '10s', clients: { arrivalRate: 2 }, strategies: [{ type: 'jwt' }] }));
    // A 10 s warm-up before ≈ 95 s visits also ends on a ramp (L ≈ 190 by Little's law).
    expect(r.warnings!.map((w) => w.code)).toEqual(['warmup-ramp', 'few-latency-samples', 'few-sessions']);
  });
});
