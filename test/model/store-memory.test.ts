/**
 * Memory limits, eviction and expiry of the session store (issue 4, "Memory and expiry").
 */
import { describe, expect, it } from 'vitest';
import { KEY_OVERHEAD_BYTES } from '../../src/model/session-store.js';
import { runAll } from '../helpers/scenario.js';

const perKey = 1024 + KEY_OVERHEAD_BYTES;
// 10 sessions/s of 20 requests 5 s apart: ≈ 1000 users online, each with a key; the keys of
// users who left stay until their TTL (30 min), so the store only grows during the run.
const workload = { duration: '600s', warmup: '200s', clients: { arrivalRate: 10 } };

describe('maxmemory and eviction', () => {
  const r = runAll({
    ...workload,
    strategies: [{ type: 'external', name: 'tight' }],
    store: { maxMemory: 500 * perKey, evictionPolicy: 'allkeys-lru' },
  });
  const roomy = runAll({
    ...workload,
    strategies: [{ type: 'external', name: 'roomy' }],
    // Room for every session of the run (≈ 6000 ± 4√6000): nothing needs evicting.
    store: { maxMemory: 7000 * perKey, evictionPolicy: 'allkeys-lru' },
  });
  const full = runAll({ ...workload, strategies: [{ type: 'external', name: 'full' }], store: { maxMemory: 500 * perKey } });

  it('below the live set (≈ 1000 sessions) the store evicts, and active users lose their sessions', () => {
    const m = r.tight!.metrics;
    expect(m.meanActiveSessions).toBeGreaterThan(900);
    expect(m.store.evictions).toBeGreaterThan(0);
    expect(m.lossByCause['store-loss']).toBeGreaterThan(0.5 * m.sessions);
    // Redis evicts before a write while over maxmemory: usage exceeds it by at most one key.
    expect(m.store.peakMemoryBytes).toBeLessThanOrEqual(501 * perKey);
  });

  it('with enough memory nothing is evicted and nothing is lost', () => {
    const m = roomy.roomy!.metrics;
    expect(m.store.evictions).toBe(0);
    expect(m.lostSessions).toBe(0);
  });

  it('noeviction refuses writes once full (OOM), losing no session but failing requests', () => {
    const m = full.full!.metrics;
    expect(m.store.evictions).toBe(0);
    expect(m.failuresByReason['store-out-of-memory']).toBeGreaterThan(0.5 * m.requests);
    expect(m.lossByCause['store-loss']).toBe(0);
  });
});

describe('TTL against the application idle timeout', () => {
  // Constant 30 s think time: every gap between two requests of a user is ≈ 30 s.
  const gaps = { ...workload, clients: { arrivalRate: 10, thinkTime: '30s' } };
  const short = runAll({ ...gaps, store: { ttl: '20s' }, strategies: [{ type: 'external', name: 'short' }] }).short!.metrics;
  const long = runAll({ ...gaps, store: { ttl: '40s' }, strategies: [{ type: 'external', name: 'long' }] }).long!.metrics;

  it('a store TTL shorter than the think gap expires every active user: premature-expiry', () => {
    // A user's second request comes 30 s after the first, after the key expired at 20 s. Sessions
    // with at least two requests (geometric, mean 20: P = 0.95) whose second request falls in the
    // run (started at least 30 s before the end: 370 of 400 s) lose it: sessions × 0.95 × 370/400,
    // binomial SD ≈ √(n p (1−p)) ≈ 17; we allow 4 SD.
    const expected = short.sessions * 0.95 * (370 / 400);
    expect(Math.abs(short.lossByCause['premature-expiry'] - expected)).toBeLessThan(4 * Math.sqrt(expected * 0.12));
    expect(short.lossByCause['store-loss']).toBe(0);
  });

  it('a TTL longer than the gaps loses nothing', () => {
    expect(long.lostSessions).toBe(0);
  });

  it('an absolute TTL expires sessions of active users once they are older than the TTL', () => {
    // Think 9 s, absolute TTL 60 s: request k arrives ≈ 9(k−1) s after the first, so the 8th
    // (≈ 63 s) finds the key gone. P(N ≥ 8) = 0.95⁷ ≈ 0.698; sessions must start ≥ 63 s before
    // the end (337 of 400 s). SD ≈ √(n p (1−p)) ≈ 27; we allow 4 SD.
    const abs = runAll({
      ...workload,
      clients: { arrivalRate: 10, thinkTime: '9s' },
      store: { ttl: '60s', ttlMode: 'absolute' },
      strategies: [{ type: 'external', name: 'absolute' }],
    });
    const m = abs.absolute!.metrics;
    const p = 0.95 ** 7;
    const expected = m.sessions * p * (337 / 400);
    expect(Math.abs(m.lossByCause['premature-expiry'] - expected)).toBeLessThan(4 * Math.sqrt(m.sessions * p * (1 - p)));
  });
});
