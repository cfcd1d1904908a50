/**
 * How the strategies behave, checked against what theory and common sense predict.
 *
 * - A crash of 1 of n equally loaded servers loses ≈ 1/n of the then-active sessions
 *   under sticky sessions with in-memory state, and none under a shared store or tokens.
 * - Client-IP affinity with half the users behind one NAT address overloads one server.
 * - Common random numbers: every strategy sees the same users and requests.
 * - Same scenario and seed ⇒ byte-identical results.
 * - A store outage fails the requests of exactly its duration under `external`, and
 *   nothing under sticky sessions.
 */
import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../../src/model/recorder.js';
import { runStrategy } from '../../src/experiment/run.js';
import { simulate } from '../../src/index.js';
import { resolveScenario } from '../../src/scenario/load.js';
import { expectWithin, lazy, scenario } from '../helpers/stats.js';

function crashRecord(events: EventRecord[]): Record<string, number> {
  const e = events.find((x) => x.type === 'server-crash');
  expect(e, 'a server-crash record in the event log').toBeDefined();
  return e!.details as Record<string, number>;
}

describe('server crash: 1 of 4 servers dies mid-run and stays down', () => {
  // λ = 20 sessions/s, N geometric with mean m = 20, think time exponential with mean
  // θ = 30 s (long thinks: many sessions in progress, few requests). No warm-up (every
  // session counts), crash of s2 at t = 600 s, down for an hour (past the end at 900 s).
  // Balancing is round-robin, so new sessions are dealt to the four servers in turn:
  // equally loaded. At the crash ≈ 7,500 sessions are in progress; ≈ 250,000 requests.
  const n = 4;
  const m = 20;
  const theta = 30;
  const config = scenario({
    seed: 7,
    duration: 900,
    warmup: 0,
    clients: { arrivalRate: 20, requestsPerSession: { dist: 'geometric', mean: m }, thinkTime: { dist: 'exponential', mean: theta } },
    servers: { count: n, workers: 16 },
    strategies: [
      { name: 'sticky-cookie', type: 'sticky', affinity: 'cookie' },
      { name: 'redis', type: 'external' },
      { name: 'jwt', type: 'jwt', algorithm: 'ES256' },
    ],
    events: [{ at: 600, type: 'server-crash', server: 2, downFor: '1h' }],
  });
  const runs = lazy(() => new Map(config.strategies.map((s) => [s.name, runStrategy(config, s)])));

  it('sticky (cookie, in-memory state) loses ≈ 1/n of the sessions active at the crash (binomial, 4 sd)', () => {
    const sticky = runs().get('sticky-cookie')!;
    const { activeSessions: A } = crashRecord(sticky.events);
    const lost = sticky.metrics.lossByCause['server-crash'];
    // Each active session's state is on the crashed server with probability p = 1/n;
    // the count is Binomial(A, p), sd = √(A·p(1−p)) ≈ 37 for A ≈ 7,500. (Round-robin
    // dealing makes the split even more even than binomial: the bound is conservative.)
    const p = 1 / n;
    expect(A).toBeGreaterThan(5000);
    expectWithin(lost, A * p, 4 * Math.sqrt(A * p * (1 - p)), 'sessions lost to the crash');
    expect(sticky.metrics.lostSessions).toBe(lost); // nothing else lost them
    expect(sticky.metrics.lossByCause['affinity-broken']).toBe(0);
  });

  it('…and precisely the users who had state there and came back', () => {
    const sticky = runs().get('sticky-cookie')!;
    const { sessionsWithStateOnServer: S } = crashRecord(sticky.events);
    const lost = sticky.metrics.lostSessions;
    // Every loss is a session whose state was on s2 (no other failure), so lost ≤ S.
    // A session with state on s2 escapes being counted only if its remaining requests all
    // fall before the health checks mark s2 down (≤ fall·interval = 6 s after the crash;
    // those requests fail with "server-dead") and it then ends. By memorylessness the
    // remaining request count is geometric (P(1) = 1/m) and the time to the next request
    // is exponential(θ): P ≈ (1/m)(1 − e^{−6/θ}) = 0.9% ⇒ expect S − lost ≈ 17 ± 4.
    expect(lost).toBeLessThanOrEqual(S);
    const shortfall = S * (1 / m) * (1 - Math.exp(-6 / theta));
    expect(S - lost).toBeLessThanOrEqual(shortfall + 4 * Math.sqrt(shortfall));
  });

  it('a shared store (external, healthy) loses none; tokens (jwt) lose none', () => {
    for (const name of ['redis', 'jwt']) {
      const r = runs().get(name)!;
      expect(r.metrics.lostSessions, `${name} lost sessions`).toBe(0);
      expect(crashRecord(r.events).sessionsWithStateOnServer, `${name} state on the server`).toBe(0);
    }
  });

  it('every strategy sends requests to s2 until the health checks mark it down; those that run out of retries fail (Poisson, 4 sd)', () => {
    // HAProxy-style checks every 2 s, fall 3: s2 is marked down d ∈ [4, 6] s after the
    // crash. Meanwhile requests routed to it fail ("server-dead"). A thinking session sends
    // its next request at rate 1/θ (exponential think), and new sessions arrive at λ.
    // Sticky: s2 receives the requests of the S sessions pinned to it plus its round-robin
    // share of new sessions: rate (S/θ + λ/n). Without affinity (redis, jwt: round-robin
    // per request) s2 receives 1/n of all requests: rate (A/θ + λ)/n. Both ≈ 60/s, so
    // ≈ 350 failures over 5.5 s; the count is close to Poisson (sessions independent, each
    // rarely sends twice in 6 s): sd ≈ √350 ≈ 19.
    const sticky = runs().get('sticky-cookie')!;
    for (const r of runs().values()) {
      const crash = crashRecord(r.events);
      const down = r.events.find((e) => e.type === 'server-marked-down');
      expect(down, `${r.name}: s2 marked down`).toBeDefined();
      const d = down!.details.detectionSeconds as number;
      expect(d).toBeGreaterThanOrEqual(4);
      expect(d).toBeLessThanOrEqual(6);
      const rate = r.name === 'sticky-cookie'
        ? crashRecord(sticky.events).sessionsWithStateOnServer! / theta + 20 / n
        : (crash.activeSessions! / theta + 20) / n;
      // Every request sent to dead s2 before detection is refused at first...
      const refused = down!.details.requestsRefusedBeforeDetection as number;
      expectWithin(refused, rate * d, 4 * Math.sqrt(rate * d), `${r.name}: requests refused before detection`);
      // ...and HAProxy retries it 3 times, 1 s apart (no redispatch by default): it fails only
      // when the last retry still finds s2 dead and UP, i.e. when sent more than 3 s before
      // detection, ≈ rate × (d − 3) of them.
      const failed = down!.details.requestsFailedBeforeDetection as number;
      expectWithin(failed, rate * (d - 3), 4 * Math.sqrt(rate * (d - 3)) + 2, `${r.name}: requests failed before detection`);
      // Without `option redispatch` the retries stay on s2, so a refused request fails even
      // when its retries outlast detection: in the end about every refused request fails.
      const serverDead = r.metrics.failuresByReason['server-dead'];
      expect(serverDead).toBeGreaterThanOrEqual(failed);
      expectWithin(serverDead, refused, 0.05 * refused + 3, `${r.name}: refused requests that failed in the end`);
    }
  });
});

describe('ip-hash affinity with half the users behind one NAT address', () => {
  // λ = 20/s, N geometric mean 10, think 2 s, 600 s with 60 s warm-up: ≈ 10,800 sessions,
  // 108,000 requests. natShare 0.5 and one NAT address: all NATed users hash to the same
  // server. Expected share of that server: f + (1−f)/4 with f = 1/2 of the requests
  // ⇒ 0.625 against a mean of 0.25 ⇒ maxOverMean = 1 + 3f = 2.5.
  // Spread: f is a request-weighted share of sessions; Var(f) ≈ f(1−f)·E[N²]/(S·E[N]²) =
  // 0.25·1.9/10,800 ⇒ sd(f) = 0.0066, ×3 ⇒ 0.02 on maxOverMean; the hashing of the other
  // half adds ≈ 0.016 (binomial share of non-NAT sessions landing on the NAT server). 4 sd
  // of the sum < 0.15.
  // Round-robin (sticky cookie): each server gets every 4th session; its load is a sum of
  // S/4 geometric counts, relative sd √(4·(1−1/E[N])/S) ≈ 1.8% ⇒ maxOverMean ≈ 1.02, and
  // < 1.1 at well over 4 sd.
  const config = scenario({
    seed: 5,
    duration: 600,
    warmup: 60,
    clients: {
      arrivalRate: 20,
      requestsPerSession: { dist: 'geometric', mean: 10 },
      thinkTime: { dist: 'exponential', mean: '2s' },
      network: { natShare: 0.5, natAddresses: 1 },
    },
    servers: { count: 4 },
    strategies: [
      { name: 'sticky-ip', type: 'sticky', affinity: 'ip-hash' },
      { name: 'round-robin', type: 'sticky', affinity: 'cookie', balance: 'round-robin' },
    ],
  });
  const runs = lazy(() => ({ ip: runStrategy(config, config.strategies[0]!).metrics, rr: runStrategy(config, config.strategies[1]!).metrics }));

  it('skew.maxOverMean ≈ 1 + 3·natShare = 2.5 for ip-hash, < 1.1 for round-robin', () => {
    const { ip, rr } = runs();
    expectWithin(ip.skew.maxOverMean, 2.5, 0.15, 'ip-hash maxOverMean');
    expect(rr.skew.maxOverMean).toBeLessThan(1.1);
    expect(ip.skew.maxOverMean).toBeGreaterThan(rr.skew.maxOverMean + 1);
    // Jain's index for shares (0.625, 0.125, 0.125, 0.125): 1/(4·Σs²) = 1/(4·0.4375) = 0.571.
    expectWithin(ip.skew.jain, 0.571, 0.03, 'ip-hash Jain index');
    expect(rr.skew.jain).toBeGreaterThan(0.99);
  });

  it('both strategies served the same users and requests (only the placement differs)', () => {
    const { ip, rr } = runs();
    expect(ip.sessions).toBe(rr.sessions);
    expect(ip.requests).toBe(rr.requests);
  });
});

describe('common random numbers', () => {
  // No failure events; 5 strategies including jwt with HS256 (7 µs of CPU per session).
  // λ = 10/s, defaults otherwise (N geometric 20, think 5 s, lognormal 20 ms service,
  // 4 × 16 workers, ~200 requests/s: no queueing), 300 s with 60 s warm-up.
  const config = scenario({
    seed: 3,
    duration: 300,
    warmup: 60,
    clients: { arrivalRate: 10 },
    // An instant token service and free data-cookie handling leave jwt with only its
    // verify/sign CPU, which the latency check below accounts for.
    tokenService: { latency: 0, serviceTime: 0 },
    costs: { jsonSerializePerKB: 0, jsonParsePerKB: 0, aesGcmPerKB: 0 },
    strategies: [
      { name: 'sticky-cookie', type: 'sticky', affinity: 'cookie' },
      { name: 'sticky-ip', type: 'sticky', affinity: 'ip-hash' },
      { name: 'redis', type: 'external' },
      { name: 'jwt-es256', type: 'jwt', algorithm: 'ES256' },
      { name: 'jwt-hs256', type: 'jwt', algorithm: 'HS256' },
    ],
  });
  const result = lazy(() => simulate(config));

  it('every strategy sees the same sessions', () => {
    const sessions = result().strategies.map((s) => s.metrics.sessions);
    expect(new Set(sessions).size).toBe(1);
    expect(sessions[0]).toBeGreaterThan(2000);
  });

  it('sticky-cookie and jwt-HS256 count nearly the same requests, and no failures', () => {
    // Same users, same think and service draws. The only difference: jwt adds 3.5–7 µs of
    // CPU per request, so a request's completion time shifts by at most Σ of those over its
    // session (≈ 20 × 3.5 µs = 70 µs). A request changes sides of a window edge only if it
    // completes within that shift of the edge: expected 2 edges × 200/s × 70 µs ≈ 0.03
    // requests. Allow 3.
    const by = new Map(result().strategies.map((s) => [s.name, s.metrics]));
    const a = by.get('sticky-cookie')!;
    const b = by.get('jwt-hs256')!;
    expect(a.failedRequests + b.failedRequests).toBe(0);
    expect(Math.abs(a.requests - b.requests)).toBeLessThanOrEqual(3);
    expectWithin(b.meanActiveSessions, a.meanActiveSessions, 0.001 * a.meanActiveSessions, 'sessions in progress');
    // Latency: the same service draws, plus 3.5 µs verify (and a sign per session).
    // Both means are rounded to 4 significant digits (±0.005 ms each at ~20 ms).
    expectWithin(b.latency.mean - a.latency.mean, 0.0035 + 0.0035 / 20, 0.011, 'extra latency of HS256 (ms)');
  });
});

describe('determinism', () => {
  const raw = {
    name: 'determinism',
    seed: 42,
    duration: 240,
    warmup: 30,
    clients: { arrivalRate: 5, network: { natShare: 0.2, cookieRefusal: 0.05 } },
    loadBalancer: { algorithm: 'random' },
    events: [
      { at: 100, type: 'server-crash', server: 1, downFor: 40 },
      { at: 150, type: 'store-outage', downFor: 10 },
    ],
  };

  it('same scenario and seed ⇒ byte-identical results (everything, event logs included)', () => {
    const a = JSON.stringify(simulate(resolveScenario(raw, 'a')));
    const b = JSON.stringify(simulate(resolveScenario(structuredClone(raw), 'b')));
    expect(a).toBe(b);
    expect(a.length).toBeGreaterThan(1000);
  });

  it('a different seed ⇒ different results', () => {
    const config = resolveScenario(raw, 'a');
    const a = simulate(config);
    const b = simulate(config, { seed: 43 });
    expect(b.scenario.seed).toBe(43);
    expect(JSON.stringify(b.strategies)).not.toBe(JSON.stringify(a.strategies));
    expect(b.strategies[0]!.metrics.requests).not.toBe(a.strategies[0]!.metrics.requests);
  });
});

describe('store outage of 30 s', () => {
  // λ = 40 sessions/s, N geometric with mean m = 10, think exponential θ = 10 s; outage
  // from t0 = 600 s to 630 s; run to 700 s.
  // Request intensity at time t (sessions started since 0): a request starts each session,
  // and after each request the session continues with probability q = 1 − 1/m after an
  // exponential think, so later requests come at rate (q/θ)e^{−a/(mθ)} at session age a.
  // ⇒ rate(t) = λ[1 + (m−1)(1 − e^{−t/τ})], τ = mθ = 100 s; over [t0, t0+w]:
  //   E[count] = λ[w + (m−1)(w − τe^{−t0/τ}(1 − e^{−w/τ}))] ≈ 11,977.
  // Variance: requests form a Poisson cluster process (one cluster per session):
  //   Var = λ∫E[K_x²]dx = λ[m·w + 2m(m−1)(w − τ(1 − e^{−w/τ}))] ⇒ sd ≈ 203 (1.7%),
  // where the second term counts pairs of requests of one session inside the window (pair
  // separations have intensity m·(m−1)/τ·e^{−u/τ} per session). 4 sd = 814.
  // Every request that touches the store during the outage fails (fail-closed), including
  // those in flight at its start (≈ rate × 21 ms ≈ 8, negligible here).
  const lambda = 40;
  const m = 10;
  const theta = 10;
  const t0 = 600;
  const w = 30;
  const base = {
    seed: 17,
    duration: 700,
    warmup: 60,
    clients: { arrivalRate: lambda, requestsPerSession: { dist: 'geometric', mean: m }, thinkTime: { dist: 'exponential', mean: theta } },
    strategies: [
      { name: 'redis', type: 'external' },
      { name: 'sticky-cookie', type: 'sticky', affinity: 'cookie' },
      { name: 'sticky-ip', type: 'sticky', affinity: 'ip-hash' },
    ],
  };
  const outage = resolveScenario({ ...base, events: [{ at: t0, type: 'store-outage', downFor: '30s' }] }, 'outage');
  const runs = lazy(() => new Map(outage.strategies.map((s) => [s.name, runStrategy(outage, s).metrics])));

  it('external: failures with reason store-unavailable ≈ request rate × 30 s (cluster-process sd, 4σ)', () => {
    const tau = m * theta;
    const expected = lambda * (w + (m - 1) * (w - tau * Math.exp(-t0 / tau) * (1 - Math.exp(-w / tau))));
    const sd = Math.sqrt(lambda * (m * w + 2 * m * (m - 1) * (w - tau * (1 - Math.exp(-w / tau)))));
    const external = runs().get('redis')!;
    const failed = external.failuresByReason['store-unavailable'];
    expectWithin(failed, expected, 4 * sd, 'requests failed by the outage');
    expect(external.failedRequests).toBe(failed); // nothing else failed
    expect(external.lostSessions).toBe(0); // an outage without flush loses no data
  });

  it('…and exactly the requests of those 30 s: the same workload without the outage completes as many in [t0, t0+30 s]', () => {
    // Common random numbers: the same seed without the outage, measured only in
    // [t0, t0 + w], completes R requests of the same users. The outage fails the same
    // requests, plus those sent in the last ~21 ms (response time) before t0 + w, plus a
    // few pulled into the window because failed requests answer at once (each saves its
    // session ~21 ms): a few tens at most. Allow 0 ≤ failed − R ≤ 1% of R.
    const healthy = resolveScenario({ ...base, warmup: t0, duration: t0 + w, strategies: [base.strategies[0]] }, 'healthy');
    const R = runStrategy(healthy, healthy.strategies[0]!).metrics.requests;
    const failed = runs().get('redis')!.failuresByReason['store-unavailable'];
    expect(failed - R).toBeGreaterThanOrEqual(0);
    expect(failed - R).toBeLessThanOrEqual(0.01 * R);
  });

  it('sticky strategies are unaffected: no failures, no losses, the same requests', () => {
    const external = runs().get('redis')!;
    for (const name of ['sticky-cookie', 'sticky-ip']) {
      const s = runs().get(name)!;
      expect(s.failedRequests, `${name} failures`).toBe(0);
      expect(s.lostSessions, `${name} losses`).toBe(0);
      expect(s.store.ops).toBe(0);
      // Same users: request totals equal up to window-edge timing (failed requests of
      // `external` return sooner; see above).
      expectWithin(s.requests, external.requests, 0.001 * external.requests, `${name} requests vs external`);
    }
  });
});
