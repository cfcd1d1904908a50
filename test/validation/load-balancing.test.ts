/**
 * Balancing and affinity against theory, through whole simulations: queueing under random and
 * power-of-two routing, IP-hash clumping, remapping on scale-out, skew after scale-out with
 * cookies, slow start.
 */
import { describe, expect, it } from 'vitest';
import type { StrategyResult } from '../../src/experiment/run.js';
import { eventsOf, runAll } from '../helpers/run.js';

/** Busiest ÷ mean of requests per second of uptime in timeline window k (servers alive in it). */
function windowSkew(r: StrategyResult, k: number): number {
  const rates: number[] = [];
  r.timeline.requests[k]!.forEach((n, i) => {
    const up = r.timeline.uptime[k]![i]!;
    if (up > 0) rates.push(n / up);
  });
  const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
  return Math.max(...rates) / mean;
}

describe('power of two choices vs random (the supermarket model)', () => {
  /**
   * n servers with one worker, exponential service (mean s), Poisson arrivals at ρ·n/s.
   * Random routing splits a Poisson stream into independent Poisson streams: each server is an
   * M/M/1 queue, sojourn time exponential with mean s/(1−ρ) (= 10 s at ρ = 0.9), p99 = mean·ln 100.
   * Two choices (Mitzenmacher 2001, n → ∞): mean sojourn s·Σ_{i≥1} ρ^(2^i − 2) = 2.614 s at ρ = 0.9;
   * with n = 20 the finite-n correction is a few per cent upwards.
   * Tolerance of the random mean: an M/M/1 queue's time-average L has asymptotic variance
   * 2ρ(1+ρ)/(1−ρ)^4 per unit of time (in service times; Whitt 1989) = 34 200; over 18 000 service
   * times and 20 independent queues the mean L = 9 has sd ≈ 0.31 (3.4 %): 4 sd ≈ 14 %.
   */
  it('at utilisation 0.9: random ≈ M/M/1 (10 service times), two choices ≈ 2.6 service times', () => {
    const n = 20;
    const rho = 0.9;
    const s = 0.01;
    const r = runAll({
      seed: 3,
      duration: '200s',
      warmup: '20s',
      clients: { arrivalRate: (rho * n) / s, requestsPerSession: 1 },
      servers: { count: n, workers: 1, queueLimit: 10_000, serviceTime: { dist: 'exponential', mean: s } },
      strategies: [
        { name: 'random', type: 'sticky', balance: 'random' },
        { name: 'p2c', type: 'sticky', balance: 'power-of-d' },
      ],
    });
    const mm1 = (s / (1 - rho)) * 1000;
    const random = r.random!.metrics.latency;
    expect(Math.abs(random.mean - mm1) / mm1).toBeLessThan(0.14);
    expect(Math.abs(random.p99 - mm1 * Math.log(100)) / (mm1 * Math.log(100))).toBeLessThan(0.15);
    let t2 = 0;
    for (let i = 1; i < 12; i++) t2 += rho ** (2 ** i - 2);
    const p2c = r.p2c!.metrics.latency.mean;
    expect(p2c / (t2 * s * 1000)).toBeGreaterThan(0.95);
    expect(p2c / (t2 * s * 1000)).toBeLessThan(1.15);
    expect(p2c).toBeLessThan(random.mean / 3);
  });
});

describe('client-IP hashing and a whole /24', () => {
  it('NGINX ip_hash with every user in one /24 sends all to one server: skew max/mean = N; HAProxy source spreads them', () => {
    const r = runAll({
      seed: 4,
      duration: '6m',
      warmup: '1m',
      clients: { arrivalRate: 5, network: { subnets: 1 } },
      servers: { count: 4 },
      strategies: [
        { name: 'ip_hash', type: 'sticky', affinity: 'ip-hash', ipHash: 'ip_hash' },
        { name: 'source', type: 'sticky', affinity: 'ip-hash', ipHash: 'source' },
      ],
    });
    expect(r.ip_hash!.metrics.skew.maxOverMean).toBe(4);
    expect(r.ip_hash!.metrics.skew.jain).toBe(0.25);
    // source: users spread evenly over the four servers by the last octet. Per-server requests are a
    // compound sum over ≈ S/4 sessions (S ≈ 1500) of geometric(20) counts, relative sd
    // sqrt((380 + 400)/(S/4))/20 ≈ 0.072; the busiest of four ≈ 1 + 2 sd, below 1 + 4 sd ≈ 1.29.
    expect(r.source!.metrics.skew.maxOverMean).toBeLessThan(1.29);
  });
});

describe('scale-out: what each affinity does to the users already there', () => {
  /**
   * 4 → 5 servers. Remapped share of active sessions: map-based N/(N+1) = 0.8 (binomial sd over A
   * sessions ≈ sqrt(0.16/A)); consistent 1/(N+1) = 0.2 plus the ring's own randomness: the new
   * server's arc share has variance ≈ p(1−p)/M for M points in all (M = 5 × 16 for HAProxy,
   * 5 × 160 for ketama); cookies move nobody.
   */
  it('sessions remapped: modulo ≈ 4/5, consistent ≈ 1/5, cookie 0; the moved ones lose their in-memory state', () => {
    const r = runAll({
      seed: 8,
      duration: '8m',
      warmup: '1m',
      clients: { arrivalRate: 10, requestsPerSession: { dist: 'geometric', mean: 20 }, thinkTime: { dist: 'exponential', mean: '5s' } },
      servers: { count: 4 },
      strategies: [
        { name: 'modulo', type: 'sticky', affinity: 'ip-hash' },
        { name: 'haproxy', type: 'sticky', affinity: 'ip-hash', hashing: 'consistent', pointsPerWeight: 16 },
        { name: 'ketama', type: 'sticky', affinity: 'ip-hash', hashing: 'consistent', pointsPerWeight: 160 },
        { name: 'cookie', type: 'sticky', affinity: 'cookie' },
      ],
      events: [{ at: '4m', type: 'scale-out', count: 1 }],
    });
    const share = (name: string) => {
      const d = eventsOf(r[name]!, 'scale-out')[0]!.details;
      expect(d.serversBefore).toBe(4);
      expect(d.serversAfter).toBe(5);
      return { share: (d.sessionsRemapped as number) / (d.activeSessions as number), active: d.activeSessions as number };
    };
    const mod = share('modulo');
    expect(mod.active).toBeGreaterThan(800);
    const sd = (p: number, points: number) => Math.sqrt((p * (1 - p)) / mod.active + (points > 0 ? (p * (1 - p)) / points : 0));
    expect(Math.abs(mod.share - 0.8)).toBeLessThan(4 * sd(0.8, 0));
    expect(Math.abs(share('haproxy').share - 0.2)).toBeLessThan(4 * sd(0.2, 80));
    expect(Math.abs(share('ketama').share - 0.2)).toBeLessThan(4 * sd(0.2, 800));
    expect(share('cookie').share).toBe(0);
    // Those moved users find their session gone at their next request: affinity-broken losses
    // follow the remapped counts (modulo ≫ consistent > cookie = 0).
    const broken = (name: string) => r[name]!.metrics.lossByCause['affinity-broken'];
    expect(broken('cookie')).toBe(0);
    expect(broken('modulo')).toBeGreaterThan(2.5 * broken('ketama'));
  });

  /**
   * Doubling 4 → 8 with cookie affinity: old sessions stay on the old servers, new ones are
   * spread over all eight. With exponential remaining session lengths (geometric requests ×
   * exponential think: mean T = 19 × 5 s ≈ 100 s), a fraction O(τ) = e^(−τ/T) of the active sessions
   * are old τ after the event, so busiest/mean = 8·(O/4 + (1−O)/8) = 1 + e^(−τ/T): ≈ 2 right after,
   * 1 + e^(−1) ≈ 1.37 after T, → 1. Window noise: ≈ 750 requests per server per 30 s window,
   * Poisson sd ≈ 3.7 %, the busiest of 8 a few per cent high.
   */
  it('cookie affinity after doubling: skew ≈ 1 + e^(−τ/T), high right after the event, gone by the end', () => {
    const r = runAll({
      seed: 9,
      duration: '30m',
      warmup: '2m',
      clients: { arrivalRate: 10, requestsPerSession: { dist: 'geometric', mean: 20 }, thinkTime: { dist: 'exponential', mean: '5s' } },
      servers: { count: 4 },
      strategies: [{ name: 'cookie', type: 'sticky', affinity: 'cookie' }],
      events: [{ at: '10m', type: 'scale-out', count: 4 }],
    }).cookie!;
    const w = r.timeline.window; // 30 s
    const first = Math.round(600 / w);
    // Theory averaged over a window [a, b] after the event: 1 + T(e^(−a/T) − e^(−b/T))/(b − a).
    const T = 100;
    const theory = (k: number) => 1 + (T * (Math.exp(-(k * w) / T) - Math.exp(-((k + 1) * w) / T))) / w;
    expect(windowSkew(r, first)).toBeGreaterThan(theory(0) - 0.1); // ≈ 1.86 (higher: new servers idle until UP)
    for (const k of [2, 3, 4]) expect(Math.abs(windowSkew(r, first + k) - theory(k))).toBeLessThan(0.15);
    expect(r.metrics.skew.worstWindowMaxOverMean).toBeGreaterThan(1.75);
    expect(r.metrics.skew.finalWindowMaxOverMean).toBeLessThan(1.15);
  });
});

describe('slow start (HAProxy slowstart)', () => {
  /**
   * Round-robin over 4 servers; the recovered one has weight share w(t) = max(1 %, t/S), stepped
   * every max(1 s, S/20). Its share of requests is w/(w + 3), so over the ramp it gets
   * λ·S·∫₀¹ x/(x + 3) dx = λ·S·(1 − 3 ln(4/3)) ≈ 0.137·λ·S requests instead of 0.25·λ·S.
   * Tolerance: Poisson sd of the count, plus the step discretisation (≤ 3 s × λ/4).
   */
  it('a server back UP ramps from 1 % to its full weight: ≈ 0.137·λ·S requests during the ramp', () => {
    const lambda = 100;
    const S = 60;
    const r = runAll({
      seed: 10,
      duration: '5m',
      warmup: '10s',
      clients: { arrivalRate: lambda, requestsPerSession: 1 },
      servers: { count: 4, workers: 8, serviceTime: '10ms' },
      loadBalancer: { algorithm: 'round-robin', slowStart: `${S}s`, retries: 0 },
      strategies: [{ name: 'jwt', type: 'jwt' }],
      events: [{ at: '60s', type: 'server-crash', server: 2, downFor: '30s' }],
    }).jwt!;
    const up = eventsOf(r, 'server-marked-up')[0]!.at;
    // Requests s2 answered between `up` and `up + S`, from the 5 s timeline windows.
    const w = r.timeline.window;
    let count = 0;
    for (let k = Math.ceil(up / w); k < Math.floor((up + S) / w); k++) count += r.timeline.requests[k]![2]!;
    const span = (Math.floor((up + S) / w) - Math.ceil(up / w)) * w;
    // The windows cover [a, a + span] ⊂ [up, up + S]: integrate the share over exactly those.
    const a = Math.ceil(up / w) * w - up;
    let expected = 0;
    for (let t = a; t < a + span; t += 0.01) {
      const share = Math.max(0.01, t / S);
      expected += (lambda * 0.01 * share) / (share + 3);
    }
    expect(Math.abs(count - expected)).toBeLessThan(4 * Math.sqrt(expected) + (3 * lambda) / 4);
    expect(count).toBeLessThan(0.7 * (lambda * span) / 4);
  });
});
