/**
 * Health checking against its arithmetic: how long a crash goes unnoticed, and how many requests
 * fail meanwhile.
 */
import { describe, expect, it } from 'vitest';
import { eventsOf, runAll, runOne } from '../helpers/run.js';

/** One request per session, so requests arrive as a Poisson process of rate arrivalRate. */
const base = (rate: number, extra: object = {}) => ({
  seed: 21,
  duration: '3m',
  warmup: '10s',
  clients: { arrivalRate: rate, requestsPerSession: 1 },
  servers: { count: 4, workers: 8, serviceTime: '10ms' },
  strategies: [{ name: 'jwt', type: 'jwt' }],
  ...extra,
});

describe('active health checks: detection time and failures during detection', () => {
  it.each([
    ['HAProxy defaults (inter 2 s, fall 3)', {}, 2, 3],
    ['AWS ALB preset (30 s, unhealthy 2)', { preset: 'alb' }, 30, 2],
    ['fall 1, inter 5 s', { interval: '5s', fall: 1 }, 5, 1],
  ] as const)('%s: detected within ((fall−1)·inter, fall·inter]; failures ≈ rate/N × detection', (_name, healthCheck, inter, fall) => {
    const rate = 120;
    const r = runOne(
      base(rate, {
        // retries 0: every request sent to the dead server fails at once (no later failures to separate out).
        loadBalancer: { algorithm: 'round-robin', healthCheck, retries: 0 },
        events: [{ at: '40s', type: 'server-crash', server: 1 }],
      }),
    );
    const down = eventsOf(r, 'server-marked-down')[0]!.details;
    const detection = down.detectionSeconds as number;
    // The crash falls somewhere between two checks: the first failing check comes within one
    // interval, then fall − 1 more are needed.
    expect(detection).toBeGreaterThan((fall - 1) * inter);
    expect(detection).toBeLessThanOrEqual(fall * inter);
    // Round-robin sends every 4th request to the dead server: of the Poisson(rate·D) arrivals in
    // the detection time D, a quarter fail; sd ≈ sqrt(rate·D)/4.
    const expected = (rate * detection) / 4;
    const dead = r.metrics.failuresByReason['server-dead'];
    expect(Math.abs(dead - expected)).toBeLessThan(4 * (Math.sqrt(rate * detection) / 4) + 1);
    expect(down.requestsFailedBeforeDetection).toBe(dead);
    // Besides those, only requests in service at the instant of the crash fail (at most `workers`).
    expect(r.metrics.failedRequests - dead).toBe(r.metrics.failuresByReason['server-crashed']);
    expect(r.metrics.failuresByReason['server-crashed']).toBeLessThanOrEqual(8);
  });
});

describe('a dead server not yet marked DOWN: HAProxy retries and redispatch', () => {
  const scenario = (lb: object) =>
    base(100, {
      loadBalancer: { algorithm: 'round-robin', ...lb },
      strategies: [{ name: 'jwt', type: 'jwt' }],
      events: [{ at: '40s', type: 'server-crash', server: 1 }],
    });

  it('retries 3 without redispatch: the same requests fail, each about 3 s later', () => {
    const none = runOne(scenario({ retries: 0 }));
    const three = runOne(scenario({ retries: 3 }));
    // Same arrivals, same check timing: the refused first attempts are the same requests.
    const refused = eventsOf(three, 'server-marked-down')[0]!.details.requestsRefusedBeforeDetection as number;
    expect(refused).toBe(none.metrics.failedRequests);
    expect(three.metrics.failedRequests).toBe(refused);
    // ...but the ones still retrying when the check marks the server DOWN fail after detection.
    expect(eventsOf(three, 'server-marked-down')[0]!.details.requestsFailedBeforeDetection).toBeLessThan(refused);
  });

  it('option redispatch: the last retry goes elsewhere, nothing fails, and those requests take 3 × retryDelay', () => {
    const r = runOne(scenario({ retries: 3, redispatch: true }));
    expect(r.metrics.failedRequests).toBe(0);
    // Three pauses of min(timeout connect, 1 s) before the redispatched attempt succeeds.
    expect(r.metrics.latency.max).toBeGreaterThan(3000);
    expect(r.metrics.latency.max).toBeLessThan(3200);
  });

  it('redispatch happens at once when the server is marked DOWN during the retries', () => {
    const r = runOne(scenario({ retries: 10, retryDelay: '1s', redispatch: true }));
    expect(r.metrics.failedRequests).toBe(0);
    // Detection takes ≤ 6 s, so no request waits the full 10 retries.
    expect(r.metrics.latency.max).toBeLessThan(7000);
  });

  it('cookie affinity: without redispatch a pinned user keeps failing until detection, with it the user is re-pinned', () => {
    const sticky = (lb: object) =>
      runAll({
        seed: 5,
        duration: '3m',
        warmup: '10s',
        clients: { arrivalRate: 4, requestsPerSession: { dist: 'geometric', mean: 30 }, thinkTime: { dist: 'exponential', mean: '1s' } },
        servers: { count: 4, workers: 8, serviceTime: '10ms' },
        loadBalancer: { algorithm: 'round-robin', retries: 3, ...lb },
        strategies: [{ name: 'cookie', type: 'sticky', affinity: 'cookie' }],
        events: [{ at: '60s', type: 'server-crash', server: 1 }],
      }).cookie!;
    const plain = sticky({});
    const redispatch = sticky({ redispatch: true });
    expect(plain.metrics.failedRequests).toBeGreaterThan(10);
    expect(redispatch.metrics.failedRequests).toBe(0);
    // Either way the sessions pinned to s1 lost their state with the process.
    expect(redispatch.metrics.lossByCause['server-crash']).toBeGreaterThan(0);
  });
});

describe('passive checks during a crash (active checks off)', () => {
  const outage = (passive: object) =>
    runOne(
      base(100, {
        duration: '4m',
        loadBalancer: { algorithm: 'round-robin', retries: 0, healthCheck: { enabled: false }, passive },
        events: [{ at: '40s', type: 'server-crash', server: 1, downFor: '2m' }],
      }),
    );

  it('NGINX max_fails=1 fail_timeout=10s: one failure takes the server out, then one failed probe every 10 s', () => {
    const r = outage({ type: 'nginx' });
    // At 100 requests/s a probe goes out right after each 10 s timeout: 1 + 12 probes in 120 s
    // (the 12th timeout ends right at recovery: 12 or 13 failures in all).
    expect(r.metrics.failedRequests).toBeGreaterThanOrEqual(12);
    expect(r.metrics.failedRequests).toBeLessThanOrEqual(13);
    expect(eventsOf(r, 'server-ejected').length).toBe(1);
    expect(eventsOf(r, 'server-returned').length).toBe(1);
  });

  it('Envoy consecutive_5xx 5: 5 failures, ejected 30 s, back at the next 10 s sweep, 5 more, ejected 60 s, …', () => {
    const r = outage({ type: 'envoy' });
    // Crash at 40 s: 5 failures, out 30 s ⇒ back at the 70 s sweep, 5 failures, out 60 s ⇒ back
    // at 130 s, 5 failures, out 90 s ⇒ past the recovery at 160 s: 15 failures, 3 ejections.
    expect(r.metrics.failedRequests).toBe(15);
    expect(eventsOf(r, 'server-ejected').map((e) => e.details.ejectionSeconds)).toEqual([30, 60, 90]);
  });
});

describe('passive checks ejecting a server at the instant it crashes', () => {
  it('the requests queued at a crash fail with it: an NGINX ejection on them detects this crash in 0 s, not an earlier one', () => {
    // Two single-worker servers at ρ = 0.9: server 1 has requests queued when it crashes (25 and
    // 36 in flight here), and max_fails 1 ejects it on the first of their resets.
    const r = runOne(
      base(36, {
        servers: { count: 2, workers: 1, serviceTime: { dist: 'exponential', mean: '50ms' } },
        seed: 3,
        loadBalancer: { algorithm: 'round-robin', retries: 0, healthCheck: { enabled: false }, passive: { type: 'nginx' } },
        events: [
          { at: '40s', type: 'server-crash', server: 1, downFor: '20s' },
          { at: '100s', type: 'server-crash', server: 1, downFor: '20s' },
        ],
      }),
    );
    const crashes = eventsOf(r, 'server-crash');
    expect(crashes.map((e) => e.details.requestsInFlight as number).every((n) => n > 1)).toBe(true);
    const ejections = eventsOf(r, 'server-ejected');
    expect(ejections.map((e) => [e.at, e.details.detectionSeconds])).toEqual([
      [40, 0],
      [100, 0],
    ]);
  });
});
