/**
 * Sessions lost to the ways affinity breaks, against closed-form expectations: balancer failover,
 * mobile users changing address, URLs without the session id, drains before restarts and removals,
 * and random failures.
 *
 * Session shape used below: requests geometric with mean 1/p (p = 0.05), exponential think time θ.
 * After its first request a session sends K − 1 more, geometric; each think is Exp(θ); so a session
 * either has no more requests (probability p) or runs for an Exp(θ/p) time after its first one, and
 * at any moment an active session's remaining life is Exp(θ/p) (memoryless).
 */
import { describe, expect, it } from 'vitest';
import type { StrategyResult } from '../../src/experiment/run.js';
import { eventsOf, runAll } from '../helpers/run.js';

const p = 0.05;
const theta = 5;
const workload = { arrivalRate: 5, requestsPerSession: { dist: 'geometric', mean: 1 / p }, thinkTime: { dist: 'exponential', mean: `${theta}s` } };

/** Sessions found lost (whenever they started) in timeline windows from time `from` on. */
function lostFrom(r: StrategyResult, from: number): number {
  return r.timeline.lost.slice(Math.floor(from / r.timeline.window)).reduce((a, b) => a + b, 0);
}

/**
 * Probability that a session started uniformly in a window of length L gets "hit" by at least one
 * event of a Poisson process of rate `hit` running from its first request until it ends (rate
 * p/θ of ending) or the run does: (1 − p)·(hit/c)·(1 − (1 − e^(−cL))/(cL)), c = hit + p/θ, where the
 * window average accounts for sessions cut off by the end of the run.
 */
function hitProbability(hit: number, end: number, L: number): number {
  const c = hit + end;
  return (1 - p) * (hit / c) * (1 - (1 - Math.exp(-c * L)) / (c * L));
}

describe('balancer failover (active/standby pair)', () => {
  it('a local stick table is lost: ≈ 3/4 of active users land elsewhere; replicated tables, cookies and IP hash keep everyone', () => {
    const r = runAll({
      seed: 12,
      duration: '8m',
      warmup: '1m',
      clients: workload,
      servers: { count: 4 },
      loadBalancer: { redundancy: { standby: true } },
      strategies: [
        { name: 'local', type: 'sticky', affinity: 'stick-table' },
        { name: 'replicated', type: 'sticky', affinity: 'stick-table', stickTable: { replicated: true } },
        { name: 'cookie', type: 'sticky', affinity: 'cookie' },
        { name: 'ip', type: 'sticky', affinity: 'ip-hash' },
      ],
      events: [{ at: '5m', type: 'lb-failover' }],
    });
    const failover = eventsOf(r.local!, 'lb-failover')[0]!.details;
    const active = failover.activeSessions as number;
    expect(failover.stickEntriesLost).toBeGreaterThan(active); // without `expire`, old users' entries too
    // Every active user sends again; the new balancer's round-robin puts them on their old server
    // with probability 1/4: lost ≈ Binomial(active, 3/4).
    const lost = lostFrom(r.local!, 300);
    expect(Math.abs(lost - 0.75 * active)).toBeLessThan(4 * Math.sqrt(active * 0.75 * 0.25));
    for (const name of ['replicated', 'cookie', 'ip']) {
      expect(eventsOf(r[name]!, 'lb-failover')[0]!.details.stickEntriesLost).toBe(0);
      expect(lostFrom(r[name]!, 300)).toBe(0);
    }
    // Requests in the 3.6 s gap fail: active users send one request per think time (+ response).
    const takeover = eventsOf(r.cookie!, 'lb-takeover')[0]!.details;
    expect(takeover.gapSeconds).toBe(3.6);
    const expected = (active / (theta + 0.02)) * 3.6;
    expect(Math.abs((takeover.requestsFailedDuringTakeover as number) - expected)).toBeLessThan(4 * Math.sqrt(expected));
    expect(r.cookie!.metrics.failuresByReason['balancer-down']).toBe(takeover.requestsFailedDuringTakeover);
  });
});

describe('mobile users changing address', () => {
  /**
   * Address changes are Poisson at rate r; with 4 servers a new random address maps elsewhere with
   * probability 3/4 (sdbm's last step makes the address mod 4 uniform), so "hits" arrive at rate
   * 3r/4 and the loss rate is hitProbability(3r/4, p/θ, L). Binomial tolerance over the sessions.
   */
  it('IP hash loses the share of sessions predicted by the change rate; cookies lose none', () => {
    const rate = 0.01;
    const r = runAll({
      seed: 13,
      duration: '10m',
      warmup: '1m',
      clients: { ...workload, network: { mobileShare: 1, ipChangeRate: rate } },
      servers: { count: 4 },
      strategies: [
        { name: 'ip', type: 'sticky', affinity: 'ip-hash' },
        { name: 'stick', type: 'sticky', affinity: 'stick-table' },
        { name: 'cookie', type: 'sticky', affinity: 'cookie' },
      ],
    });
    const expected = hitProbability(0.75 * rate, p / theta, 540); // ≈ 0.36
    for (const name of ['ip', 'stick']) {
      const m = r[name]!.metrics;
      expect(Math.abs(m.sessionLossRate - expected)).toBeLessThan(4 * Math.sqrt((expected * (1 - expected)) / m.sessions) + 0.01);
      expect(m.lossByCause['affinity-broken']).toBe(m.lostSessions);
    }
    expect(r.cookie!.metrics.lostSessions).toBe(0);
  });
});

describe('URL rewriting: requests without the session id', () => {
  /**
   * Each request after the first lacks the id with probability q; a request comes every θ, so
   * "hits" are Poisson at rate q/θ and the session ends at rate (1 − q)p/θ in between:
   * loss = hitProbability(q/θ, (1 − q)p/θ, L) (with (1 − p) for sessions of one request).
   */
  it('the share of sessions that meet at least one such request', () => {
    const q = 0.05;
    const r = runAll({
      seed: 14,
      duration: '10m',
      warmup: '1m',
      clients: { ...workload, network: { urlIdMissing: q } },
      servers: { count: 4 },
      strategies: [{ name: 'url', type: 'sticky', affinity: 'url' }],
    }).url!;
    const expected = hitProbability(q / theta, ((1 - q) * p) / theta, 540); // ≈ 0.41
    const m = r.metrics;
    expect(Math.abs(m.sessionLossRate - expected)).toBeLessThan(4 * Math.sqrt((expected * (1 - expected)) / m.sessions) + 0.01);
  });
});

describe('draining before a restart or a removal', () => {
  /**
   * While a server drains it gets no new users; its users leave at rate p/θ each (remaining life
   * Exp(θ/p) = 100 s), so after a drain D a share e^(−pD/θ) of them is still there and loses its
   * state when the process stops. Summed over the servers of a rolling restart: binomial tolerance.
   */
  it('rolling restart: the users still on a server after its drain lose their session, ≈ e^(−D/100 s) of those pinned', () => {
    const drain = 60;
    const r = runAll({
      seed: 15,
      duration: '15m',
      warmup: '1m',
      clients: workload,
      servers: { count: 4 },
      loadBalancer: { algorithm: 'round-robin' },
      strategies: [
        { name: 'cookie', type: 'sticky', affinity: 'cookie' },
        { name: 'redis', type: 'external' },
      ],
      events: [{ at: '4m', type: 'rolling-restart', drain: `${drain}s`, restartTime: '10s', pause: '20s' }],
    });
    const drains = eventsOf(r.cookie!, 'server-drain');
    const restarts = eventsOf(r.cookie!, 'server-restart');
    expect(restarts.map((e) => e.details.server)).toEqual([0, 1, 2, 3]);
    const pinned = drains.reduce((n, e) => n + (e.details.sessionsPinnedToServer as number), 0);
    const stayed = restarts.reduce((n, e) => n + (e.details.sessionsWithStateOnServer as number), 0);
    const share = Math.exp((-p * drain) / theta); // ≈ 0.55
    expect(Math.abs(stayed / pinned - share)).toBeLessThan(4 * Math.sqrt((share * (1 - share)) / pinned));
    // Each server is back (marked UP) before the next one drains: one at a time.
    const ups = eventsOf(r.cookie!, 'server-marked-up');
    for (let k = 1; k < 4; k++) expect(drains[k]!.at).toBeGreaterThanOrEqual(ups.find((u) => u.details.server === k - 1)!.at + 20);
    expect(r.cookie!.metrics.lossByCause['server-crash']).toBeGreaterThan(0.8 * stayed);
    expect(r.redis!.metrics.lostSessions).toBe(0);
    expect(r.redis!.metrics.failedRequests).toBe(0);
  });

  it('scale-in: the removed server drains, then its remaining users lose their state; the pool shrinks', () => {
    const r = runAll({
      seed: 16,
      duration: '10m',
      warmup: '1m',
      clients: workload,
      servers: { count: 4 },
      strategies: [{ name: 'cookie', type: 'sticky', affinity: 'cookie' }],
      events: [{ at: '4m', type: 'scale-in', count: 1, drain: '100s' }],
    }).cookie!;
    const start = eventsOf(r, 'scale-in')[0]!.details;
    const removed = eventsOf(r, 'server-removed')[0]!;
    expect(start).toMatchObject({ serversBefore: 4, serversAfter: 3, removing: 's3' });
    expect(removed.at).toBe(340);
    const share = Math.exp(-1); // D = 100 s = the mean remaining life
    const pinned = start.sessionsPinned as number;
    const left = removed.details.sessionsWithStateOnServer as number;
    expect(Math.abs(left / pinned - share)).toBeLessThan(4 * Math.sqrt((share * (1 - share)) / pinned));
    // s3 takes no request after its removal.
    const w = r.timeline.window;
    for (let k = Math.ceil(340 / w); k < r.timeline.requests.length; k++) expect(r.timeline.requests[k]![3]).toBe(0);
    expect(r.metrics.failedRequests).toBe(0);
  });
});

describe('random failures (MTBF / MTTR)', () => {
  it('the same failures hit every strategy; their number follows the renewal rate 1/(MTBF + MTTR)', () => {
    const r = runAll({
      seed: 17,
      duration: '2h',
      warmup: '1m',
      clients: { arrivalRate: 0.5 },
      servers: { count: 8, failures: { mtbf: '20m', mttr: '2m' } },
      strategies: [
        { name: 'cookie', type: 'sticky', affinity: 'cookie' },
        { name: 'jwt', type: 'jwt' },
      ],
    });
    const crashes = (name: string) => eventsOf(r[name]!, 'server-crash').map((e) => [e.at, e.details.server]);
    expect(crashes('cookie')).toEqual(crashes('jwt'));
    for (const e of eventsOf(r.cookie!, 'server-crash')) expect(e.details.random).toBe(true);
    // Alternating renewal process: over t the number of failures per server ≈ t/(MTBF + MTTR),
    // variance ≈ t·(σ²_up + σ²_down)/(MTBF + MTTR)³ = t·(20² + 2²)/22³ (exponential: σ = mean).
    const n = crashes('cookie').length;
    const mean = (8 * 120) / 22;
    const sd = Math.sqrt((8 * 120 * (20 ** 2 + 2 ** 2)) / 22 ** 3);
    expect(Math.abs(n - mean)).toBeLessThan(4 * sd);
    expect(eventsOf(r.cookie!, 'server-recover').length).toBeGreaterThanOrEqual(n - 8);
  });
});
