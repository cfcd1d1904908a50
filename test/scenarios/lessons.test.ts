/**
 * The lesson of each built-in scenario, asserted on its own run (seeded, so the figures are
 * fixed, but each bound is derived from the model so a change that breaks the lesson fails).
 */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { simulate, type SimulationResult } from '../../src/experiment/simulate.js';

const run = (name: string): SimulationResult => simulate(loadScenario(name));
const byName = (r: SimulationResult, n: string) => r.strategies.find((s) => s.name === n)!;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('server-crash: sticky sessions lose the crashed server\'s users, the store and tokens do not', () => {
  const r = run('server-crash');
  const crash = (n: string) => byName(r, n).events.find((e) => e.type === 'server-crash')!.details;

  it('about a quarter of the active sessions had their state on s2', () => {
    // least-connections spreads sessions evenly: the number on s2 is ≈ Binomial(active, 1/4),
    // sd = √(403·¼·¾) ≈ 8.7, so ±3 sd ≈ ±26 around active/4.
    const d = crash('sticky-cookie');
    const active = Number(d.activeSessions);
    expect(Math.abs(Number(d.sessionsWithStateOnServer) - active / 4)).toBeLessThan(3 * Math.sqrt(active * 0.25 * 0.75));
  });

  it('sticky-cookie loses nearly every session whose state was on s2, all to server-crash', () => {
    // A user between clicks always comes back (requests left ≥ 1), so each of those sessions
    // is found lost, except when its one remaining request was the one that failed during
    // detection: ≤ P(last request) = 1/20 of them. So lost ∈ [0.85, 1] × sessions with state
    // (0.95 less 3 binomial sd of ≈ 2 out of 91).
    const s = byName(r, 'sticky-cookie');
    const withState = Number(crash('sticky-cookie').sessionsWithStateOnServer);
    const lostAfterCrash = sum(s.timeline.lost);
    expect(lostAfterCrash).toBeGreaterThanOrEqual(0.85 * withState);
    expect(lostAfterCrash).toBeLessThanOrEqual(withState);
    expect(s.metrics.lossByCause['server-crash']).toBe(s.metrics.lostSessions);
  });

  it('sticky-ip loses more: the map-based IP hash moves most users when the pool changes', () => {
    // Modulo hashing from 4 to 3 servers (and back) moves ≈ 3/4 of the keys each time.
    const ip = byName(r, 'sticky-ip').metrics;
    expect(ip.lossByCause['affinity-broken']).toBeGreaterThan(2 * ip.lossByCause['server-crash']);
    expect(ip.lostSessions).toBeGreaterThan(byName(r, 'sticky-cookie').metrics.lostSessions);
  });

  it('redis and jwt lose no session; every strategy fails the requests sent to s2 before detection', () => {
    for (const n of ['redis', 'jwt']) expect(byName(r, n).metrics.lostSessions).toBe(0);
    for (const s of r.strategies) {
      const down = s.events.find((e) => e.type === 'server-marked-down')!.details;
      // Checks run every 2 s: the first sees s2 dead within (0, 2] s of the crash and fall = 3
      // failures in a row need two more, so detection takes (4, 6] s.
      expect(Number(down.detectionSeconds)).toBeGreaterThan(4);
      expect(Number(down.detectionSeconds)).toBeLessThanOrEqual(6);
      // Connections refused by dead s2: ≈ a quarter of ≈ 75 req/s for ≈ 5.5 s ≈ 100; generous
      // bounds for load balancing quirks.
      expect(Number(down.requestsRefusedBeforeDetection)).toBeGreaterThan(50);
      expect(Number(down.requestsRefusedBeforeDetection)).toBeLessThan(250);
      // HAProxy retries a refused connection 3 times, 1 s apart (no redispatch by default): only
      // requests first sent more than 3 s before detection run out of retries, ≈ (5.5 − 3)/5.5
      // of them ≈ 45.
      expect(Number(down.requestsFailedBeforeDetection)).toBeGreaterThan(15);
      expect(Number(down.requestsFailedBeforeDetection)).toBeLessThan(Number(down.requestsRefusedBeforeDetection));
    }
  });
});

describe('nat-heavy: client-IP affinity piles a NAT\'s users onto one server', () => {
  const r = run('nat-heavy');

  it('sticky-ip\'s busiest server carries ≈ 2.5× the mean load', () => {
    // Half the sessions share one address ⇒ one server; the other half spread over 4 by hash.
    // Busiest share = ½ + ½·¼ = 0.625 = 2.5 × the mean share ¼. Noise: the NAT share of
    // ≈ 3200 sessions has sd √(¼/3200) ≈ 0.009, inflated ≈ √2 by the geometric session length
    // (CV ≈ 1) ⇒ ≈ 0.013 in share ⇒ ≈ 0.05 in max/mean; ±0.15 is 3 sd.
    expect(byName(r, 'sticky-ip').metrics.skew.maxOverMean).toBeGreaterThan(2.35);
    expect(byName(r, 'sticky-ip').metrics.skew.maxOverMean).toBeLessThan(2.65);
  });

  it('the cookie and the shared store spread users one by one (max/mean ≤ 1.1) and answer the tail faster', () => {
    for (const n of ['sticky-cookie', 'redis']) {
      expect(byName(r, n).metrics.skew.maxOverMean).toBeLessThan(1.1);
      expect(byName(r, n).metrics.latency.p99).toBeLessThan(byName(r, 'sticky-ip').metrics.latency.p99);
    }
  });
});

describe('store-outage: the shared store becomes the single point of failure', () => {
  const r = run('store-outage');

  it('redis fails the requests of the 45 s outage and loses the sessions the flushed store held', () => {
    const redis = byName(r, 'redis');
    // Little's law: requests arrive at λ·E[N] = 4 × 20 = 80/s in steady state, so the outage
    // fails ≈ 80 × 45 = 3600 of them (fail-closed). ±10% covers the ≈ 370 users' randomness.
    expect(redis.metrics.failuresByReason['store-unavailable']).toBeGreaterThan(0.9 * 3600);
    expect(redis.metrics.failuresByReason['store-unavailable']).toBeLessThan(1.1 * 3600);
    // Every session active at the outage that is still going after it is lost: those alive
    // 45 s later (P ≈ e^(−45/100) ≈ 0.64 for ≈ 100 s sessions); between ½ and all of them.
    const active = Number(redis.events.find((e) => e.type === 'store-outage')!.details.activeSessions);
    const lost = sum(redis.timeline.lost);
    expect(lost).toBeGreaterThan(0.5 * active);
    expect(lost).toBeLessThanOrEqual(active + 45 * 4);
    expect(redis.metrics.lossByCause['store-loss']).toBe(redis.metrics.lostSessions);
  });

  it('sticky sessions and tokens never touch the store: no failure, no loss', () => {
    for (const n of ['sticky-cookie', 'jwt']) {
      expect(byName(r, n).metrics.failedRequests).toBe(0);
      expect(byName(r, n).metrics.lostSessions).toBe(0);
    }
  });
});
