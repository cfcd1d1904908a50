/**
 * A crash under hash balancing, during the seconds before the dead server is marked DOWN: who
 * fails requests and who loses sessions, as the real balancers' retry rules decide it.
 *
 * Set-up: 4 servers, HAProxy health checks (inter 2 s, fall 3: detection D in (4, 6] s),
 * `retries 3` 1 s apart with `option redispatch`; users of 10 requests 1 s apart, each from its
 * own address; server 1 crashes at 60 s for good. Common random numbers: every strategy sees
 * the same users.
 *
 * Arithmetic. Requests reach server 1 at ≈ rate/4 per second. Map-based: each one's redispatch
 * hits server 1 again, so those sent more than 3 s (the retries) before the DOWN fail, the rest
 * are redispatched once it is DOWN; after the DOWN, srv[hash % 3]
 * moves ≈ 2/3 of everyone else too (so map-based loses far more sessions). Consistent: the last
 * retry goes to the next server on the ring, so nothing fails, and after the DOWN nobody else
 * moves: the sessions lost are the dead server's, as with cookie affinity (redispatch, then a
 * new cookie). Two loss counts of the same users differ by a few × √(their sum) at most
 * (Poisson-like counts; we allow 4 σ).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { StrategyResult } from '../../src/experiment/run.js';
import { eventsOf, runAll } from '../helpers/run.js';

const RATE = 40; // sessions per second, 10 requests each, 1 s apart: 400 requests/s
const scenario = (loadBalancer: object, strategies: object[]) => ({
  seed: 1977,
  duration: '90s',
  warmup: '30s',
  clients: { arrivalRate: RATE, requestsPerSession: 10, thinkTime: '1s' },
  servers: { count: 4, workers: 32, serviceTime: '5ms' },
  loadBalancer: { algorithm: 'round-robin', redispatch: true, ...loadBalancer },
  strategies,
  events: [{ at: '60s', type: 'server-crash', server: 1 }],
});

describe('HAProxy option redispatch: map-based fails requests throughout detection, consistent does not', () => {
  let r: Record<string, StrategyResult>;
  let detection: number;
  beforeAll(() => {
    r = runAll(
      scenario({}, [
        { name: 'map-based', type: 'sticky', affinity: 'ip-hash', hashing: 'modulo' },
        { name: 'consistent', type: 'sticky', affinity: 'ip-hash', hashing: 'consistent' },
        { name: 'cookie', type: 'sticky', affinity: 'cookie' },
      ]),
    );
    detection = eventsOf(r['map-based']!, 'server-marked-down')[0]!.details.detectionSeconds as number;
  });

  it('map-based: the dead server\'s users fail every request that cannot wait out the detection', () => {
    const dead = r['map-based']!.metrics.failuresByReason['server-dead'];
    const down = eventsOf(r['map-based']!, 'server-marked-down')[0]!.details;
    const refused = down.requestsRefusedBeforeDetection as number;
    expect(dead).toBe(down.requestsFailedBeforeDetection);
    // Those refused more than 3 s (three retries) before the DOWN fail, the later ones are
    // redispatched once it is DOWN: the first (D − 3)/D of the window (≥ 1/6 for D ≤ 6 s), at a
    // rate that falls as the failing users wait out their retries.
    expect(detection).toBeGreaterThan(3);
    expect(dead).toBeGreaterThan(((detection - 3) / detection) * 0.5 * refused);
    expect(dead).toBeLessThan(refused);
  });

  it('consistent and cookie: the redispatched retry is answered, nothing fails for want of a server', () => {
    expect(r.consistent!.metrics.failuresByReason['server-dead']).toBe(0);
    expect(r.cookie!.metrics.failuresByReason['server-dead']).toBe(0);
  });

  it('consistent-hash loss ≈ cookie affinity\'s (the dead server\'s sessions, once); map-based loses many more', () => {
    const consistent = r.consistent!.metrics.lostSessions;
    const cookie = r.cookie!.metrics.lostSessions;
    expect(Math.abs(consistent - cookie)).toBeLessThan(4 * Math.sqrt(consistent + cookie));
    // Map-based re-maps most of the living servers' users as well.
    expect(r['map-based']!.metrics.lostSessions).toBeGreaterThan(2 * cookie);
  });
});

describe('NGINX: max_fails=1 fail_timeout=10s keeps the dead peer out for every request', () => {
  const nginx = (tries: number) =>
    runAll(
      scenario(
        {
          healthCheck: { enabled: false }, // NGINX OSS: passive checks only
          passive: { type: 'nginx' },
          hash: { ipHash: 'ip_hash' },
          retryPolicy: { style: 'nginx', nextUpstreamTries: tries },
        },
        [{ name: 'ip_hash', type: 'sticky', affinity: 'ip-hash', hashing: 'modulo' }],
      ),
    ).ip_hash!;

  it('proxy_next_upstream (every peer): no request fails; the peer is ejected at its first failure', () => {
    const r = nginx(0);
    expect(r.metrics.failuresByReason['server-dead']).toBe(0);
    const ejected = eventsOf(r, 'server-ejected');
    expect(ejected.length).toBe(1);
    expect(ejected[0]!.at - 60).toBeLessThan(0.1); // ≈ 100 requests/s go there: the first comes within ms
  });

  it('one try (no next upstream): only one request per fail_timeout reaches the dead peer and fails', () => {
    // Crash at 60 s, end at 90 s: the first failure ejects it for 10 s, then one probe per 10 s
    // fails and ejects it again: ≈ 1 + 30/10 failures out of ≈ 3,000 requests hashed there.
    const dead = nginx(1).metrics.failuresByReason['server-dead'];
    expect(dead).toBeGreaterThanOrEqual(3);
    expect(dead).toBeLessThanOrEqual(5);
  });
});
