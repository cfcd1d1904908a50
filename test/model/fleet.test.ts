import { describe, expect, it } from 'vitest';
import { eventsOf, runAll, runOne } from '../helpers/run.js';

const small = {
  seed: 41,
  duration: '8m',
  warmup: '30s',
  clients: { arrivalRate: 4, requestsPerSession: { dist: 'geometric', mean: 20 }, thinkTime: { dist: 'exponential', mean: '5s' } },
  servers: { count: 3, workers: 4 },
};

describe('server slots', () => {
  it('a server added by scale-out exists only from then on: no uptime, no requests, no skew before', () => {
    const r = runOne({ ...small, strategies: [{ name: 'jwt', type: 'jwt' }], events: [{ at: '4m', type: 'scale-out', count: 1 }] });
    const w = r.timeline.window;
    for (let k = 0; k < Math.floor(240 / w); k++) {
      expect(r.timeline.uptime[k]![3]).toBe(0);
      expect(r.timeline.requests[k]![3]).toBe(0);
    }
    // Joins when its health checks pass: rise 2 × inter 2 s after the event.
    expect(eventsOf(r, 'server-marked-up').find((e) => e.details.server === 3)!.at).toBe(244);
    const last = r.timeline.requests.length - 1;
    expect(r.timeline.requests[last]![3]).toBeGreaterThan(0);
    // Skew is over servers' uptime: the late server is not "idle" before it existed.
    expect(r.metrics.skew.maxOverMean).toBeLessThan(1.2);
  });

  it('without active checks a new server takes traffic at once', () => {
    const r = runOne({ ...small, loadBalancer: { healthCheck: { enabled: false } }, strategies: [{ name: 'jwt', type: 'jwt' }], events: [{ at: '4m', type: 'scale-out', count: 2 }] });
    expect(eventsOf(r, 'scale-out')[0]!.details).toMatchObject({ serversBefore: 3, serversAfter: 5, added: 's3,s4' });
    const k = Math.ceil(240 / r.timeline.window);
    expect(r.timeline.requests[k]![3]).toBeGreaterThan(0);
  });
});

describe('drain', () => {
  it('server-drain: no new users, the pinned ones stay until they leave', () => {
    const r = runOne({ ...small, strategies: [{ name: 'cookie', type: 'sticky', affinity: 'cookie' }], events: [{ at: '3m', type: 'server-drain', server: 0 }] });
    const drained = eventsOf(r, 'server-drain')[0]!.details;
    expect(drained.sessionsPinnedToServer).toBeGreaterThan(20);
    const w = r.timeline.window;
    const at = (t: number) => r.timeline.requests[Math.floor(t / w)]![0]!;
    expect(at(185)).toBeGreaterThan(20); // pinned users still served right after
    // Its users leave at rate p/θ = 0.01/s each and nobody new comes: ≈ 290 s later a share
    // e^(−2.9) ≈ 5.5 % remains (a handful of users, so allow up to 25 %).
    expect(at(470)).toBeLessThan(0.25 * at(185));
    expect(r.metrics.lostSessions).toBe(0); // …and nobody lost anything
  });

  it('ALB-style deregistration (drainKeepsPinned false) moves pinned users at once: they lose their in-memory session', () => {
    const r = runAll({
      ...small,
      loadBalancer: { drainKeepsPinned: false },
      strategies: [{ name: 'cookie', type: 'sticky', affinity: 'cookie' }],
      events: [{ at: '3m', type: 'server-drain', server: 0 }],
    }).cookie!;
    const pinned = eventsOf(r, 'server-drain')[0]!.details.sessionsPinnedToServer as number;
    expect(r.metrics.lossByCause['affinity-broken']).toBeGreaterThan(0.8 * pinned);
  });
});

describe('operations that overlap', () => {
  it('a server that crashes while draining for removal is still removed', () => {
    const r = runOne({
      ...small,
      strategies: [{ name: 'cookie', type: 'sticky', affinity: 'cookie' }],
      events: [
        { at: '3m', type: 'scale-in', count: 1, drain: '60s' },
        { at: '4m', type: 'server-crash', server: 2 },
      ],
    });
    const removed = eventsOf(r, 'server-removed');
    expect(removed.map((e) => e.details.server)).toEqual([2]);
    expect(removed[0]!.details.serversAfter).toBe(2);
  });

  it('a rolling restart leaves alone a server that a scale-in is removing', () => {
    const r = runOne({
      ...small,
      strategies: [{ name: 'cookie', type: 'sticky', affinity: 'cookie' }],
      events: [
        { at: '2m', type: 'scale-in', count: 1, drain: '200s' },
        { at: '130s', type: 'rolling-restart', drain: '10s', restartTime: '5s' },
      ],
    });
    expect(eventsOf(r, 'rolling-restart')[0]!.details.servers).toBe('s0,s1');
    expect(eventsOf(r, 'server-restart').map((e) => e.details.server)).toEqual([0, 1]);
    expect(eventsOf(r, 'server-removed').map((e) => e.details.server)).toEqual([2]);
  });

  it('a second rolling restart while one runs is recorded as ignored', () => {
    const r = runOne({
      ...small,
      strategies: [{ name: 'jwt', type: 'jwt' }],
      events: [
        { at: '1m', type: 'rolling-restart', drain: '30s' },
        { at: '70s', type: 'rolling-restart', drain: '30s' },
      ],
    });
    expect(eventsOf(r, 'rolling-restart').map((e) => e.details.ignored ?? false)).toEqual([false, true]);
    expect(eventsOf(r, 'server-restart').length).toBe(3);
  });
});
