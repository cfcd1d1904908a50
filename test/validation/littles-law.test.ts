/**
 * Validation: Little's law, L = λ·W, for sessions in progress and for requests in the system.
 *
 * Sessions. A session sends N requests, each answered after a response time R, with a
 * think time Z between consecutive ones: duration D = Σ_{i=1}^{N} R_i + Σ_{i=1}^{N−1} Z_i,
 * E[D] = E[N]·E[R] + (E[N]−1)·E[Z]. Sessions start as a Poisson process of rate λ and do
 * not interact (servers are far from saturation), so sessions in progress form an M/G/∞
 * system and the time-average number in progress over a window of length t satisfies
 *   E[L̂] = λ·E[D],  Var(L̂) ≈ λ·E[D²]/t
 * (the integral of the M/G/∞ autocovariance λ∫_s^∞ P(D>u)du over all lags is λE[D²]).
 * metrics.meanActiveSessions is that time average over [warmup, duration].
 *
 * Requests. With one-request sessions, sessions in progress are exactly requests in the
 * system, and Little's law holds on every sample path: L̂ = (completions/t)·(mean
 * response time) up to the few requests straddling the window's edges.
 */
import { describe, expect, it } from 'vitest';
import { runStrategy } from '../../src/experiment/run.js';
import { expectWithin, scenario } from '../helpers/stats.js';

describe("Little's law for sessions in progress", () => {
  it('geometric N (mean 10), exponential think (mean 2 s): L = λ·((E[N]−1)·E[Z] + E[N]·E[R]) within 4 sd', () => {
    // λ = 20/s, E[N] = 10, E[Z] = 2 s, R = 1 ms exactly (constant service; 16 workers per
    // server at ~50 requests/s each never queue) ⇒ E[D] = 9·2 + 10·0.001 = 18.01 s,
    // L = 360.2.
    // E[D²]: ignoring the 10 ms of service, D is a geometric sum of N−1 exponential thinks:
    // D = 0 with probability p = 1/E[N], else exponential with mean E[N]·E[Z] = 20 s
    // ⇒ E[D²] = (1−p)·2·(20 s)² = 720 s². Window t = 3000 s after a 200 s warm-up (11 mean
    // session lifetimes of 20 s: the start-up transient is gone): Var(L̂) = 20·720/3000 = 4.8,
    // sd = 2.19 (0.6% of L); 4 sd = 8.8. About 640,000 requests.
    const lambda = 20;
    const EN = 10;
    const EZ = 2;
    const ER = 0.001;
    const t = 3000;
    const config = scenario({
      seed: 11,
      duration: 200 + t,
      warmup: 200,
      clients: { arrivalRate: lambda, requestsPerSession: { dist: 'geometric', mean: EN }, thinkTime: { dist: 'exponential', mean: EZ } },
      servers: { count: 4, workers: 16, serviceTime: { dist: 'constant', value: ER } },
      strategies: [{ type: 'sticky', affinity: 'cookie' }],
    });
    const m = runStrategy(config, config.strategies[0]!).metrics;
    const ED = (EN - 1) * EZ + EN * ER;
    const ED2 = (1 - 1 / EN) * 2 * (EN * EZ) ** 2;
    const sd = Math.sqrt((lambda * ED2) / t);
    expect(m.failedRequests).toBe(0);
    expect(m.latency.mean).toBeCloseTo(ER * 1000, 6); // no queueing: R = service time
    expectWithin(m.meanActiveSessions, lambda * ED, 4 * sd, 'mean sessions in progress');
  });

  it('constant N = 5, uniform think on [1 s, 3 s]: L = λ·(4·2 s + 5·E[R]) within 4 sd', () => {
    // λ = 30/s; D = four uniform thinks plus five 1 ms responses: E[D] = 8.005 s.
    // E[D²] = Var + E[D]² = 4·(2²/12) + 8.005² = 65.41 s². Window t = 1500 s after a 60 s
    // warm-up (D ≤ 12 s): Var(L̂) = 30·65.41/1500 = 1.31, sd = 1.14 (0.5% of L = 240.2).
    // About 225,000 requests.
    const lambda = 30;
    const t = 1500;
    const config = scenario({
      seed: 12,
      duration: 60 + t,
      warmup: 60,
      clients: { arrivalRate: lambda, requestsPerSession: 5, thinkTime: { dist: 'uniform', min: '1s', max: '3s' } },
      servers: { count: 4, workers: 16, serviceTime: '1ms' },
      // An instant token service and free data-cookie handling leave only the token's
      // verify/sign CPU, which the figures below account for.
      tokenService: { latency: 0, serviceTime: 0 },
      costs: { jsonSerializePerKB: 0, jsonParsePerKB: 0, aesGcmPerKB: 0 },
      strategies: [{ type: 'jwt', algorithm: 'HS256' }],
    });
    const m = runStrategy(config, config.strategies[0]!).metrics;
    // jwt: each request also verifies a token (3.5 µs) and the first one signs it (3.5 µs).
    const ER = 0.001 + 3.5e-6 + 3.5e-6 / 5;
    const ED = 4 * 2 + 5 * ER;
    const ED2 = 4 * (4 / 12) + ED * ED;
    const sd = Math.sqrt((lambda * ED2) / t);
    expect(m.failedRequests).toBe(0);
    // latency.mean is rounded to 4 significant digits: ±0.0005 ms here.
    expectWithin(m.latency.mean, ER * 1000, 6e-4, 'mean response time (ms)');
    expectWithin(m.meanActiveSessions, lambda * ED, 4 * sd, 'mean sessions in progress');
  });
});

describe("Little's law for requests in the system", () => {
  it('one-request sessions at ρ = 0.5: mean in system = throughput × mean response time (sample path, 0.3%)', () => {
    // 2 servers × 1 worker, exponential service 10 ms, λ = 100/s ⇒ ρ = 0.5; 1000 s ⇒
    // ~100,000 requests. The identity is exact on the sample path except for requests in
    // the system at the window's two edges: ≈ 2·L·E[T] ≈ 2·1·0.02 = 0.04 request-seconds
    // against ∫L dt ≈ 2·500 = 1000 ⇒ 4e-5 relative. The metrics are rounded to 4
    // significant digits (≤ 0.05% each, three of them), hence a 0.3% band.
    const config = scenario({
      seed: 13,
      duration: 1010,
      warmup: 10,
      clients: { arrivalRate: 100, requestsPerSession: 1, thinkTime: 1 },
      servers: { count: 2, workers: 1, queueLimit: 100_000, serviceTime: { dist: 'exponential', mean: '10ms' } },
      strategies: [{ type: 'sticky', affinity: 'cookie', balance: 'random' }],
    });
    const m = runStrategy(config, config.strategies[0]!).metrics;
    expect(m.failedRequests).toBe(0);
    const lw = m.throughput * (m.latency.mean / 1000);
    expectWithin(m.meanActiveSessions, lw, 0.003 * lw, 'time-average requests in system vs throughput × mean response');
    // And both agree with M/M/1 theory: L = 2·ρ/(1−ρ) = 2. Var(L̂) for one queue (time
    // unit 1/μ): 2ρ(1+ρ)/(1−ρ)⁴ = 24; two queues over 1000 s = 10⁵/μ: sd = √(48/10⁵) = 0.022.
    expectWithin(m.meanActiveSessions, 2, 4 * Math.sqrt(48 / 1e5), 'mean requests in system vs M/M/1');
  });
});
