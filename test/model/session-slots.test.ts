/**
 * Session slots are reused (a free list), and an event for a session that has ended can never
 * reach the newer session that took its slot: events carry (slot, session id).
 */
import { describe, expect, it } from 'vitest';
import { runOne } from '../helpers/run.js';

describe('session slots and stale events', () => {
  it('a revocation due after its session ended reaches nobody, though newer sessions hold its slot', () => {
    // One-request sessions end within milliseconds; every one is revoked 5–10 s after it
    // started, when its slot has long been reused (≈ 20 sessions live at once of 6,000).
    const r = runOne({
      seed: 5,
      duration: '300s',
      warmup: '0s',
      clients: { arrivalRate: 20, requestsPerSession: 1, revocation: { share: 1, after: { dist: 'uniform', min: '5s', max: '10s' } } },
      servers: { count: 2, workers: 4, serviceTime: '10ms' },
      strategies: [{ name: 'jwt', type: 'jwt' }],
    });
    expect(r.metrics.sessions).toBeGreaterThan(5000);
    expect(r.metrics.security.revocations).toBe(0);
  });

  it('a revocation while the session is live does reach it', () => {
    // Sessions of 1,000 requests 1 s apart live ≈ 1,000 s; revoked after 5–10 s: all still live.
    const r = runOne({
      seed: 5,
      duration: '100s',
      warmup: '0s',
      clients: { arrivalRate: 2, requestsPerSession: 1000, thinkTime: '1s', revocation: { share: 1, after: { dist: 'uniform', min: '5s', max: '10s' } } },
      servers: { count: 2, workers: 4, serviceTime: '10ms' },
      strategies: [{ name: 'jwt', type: 'jwt' }],
    });
    expect(r.metrics.security.revocations).toBeGreaterThan(150);
  });
});
