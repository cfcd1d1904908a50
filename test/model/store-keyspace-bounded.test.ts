/**
 * The store's keyspace follows the keys and the live sessions, not the sessions the run ever
 * had (issue 10, "memory flat with duration"): session ids are never reused, so anything kept
 * by id must be let go when a session is gone for good (SessionStore.forget).
 */
import { describe, expect, it } from 'vitest';
import { runStrategy } from '../../src/experiment/run.js';
import { KEY_OVERHEAD_BYTES } from '../../src/model/session-store.js';
import type { World } from '../../src/model/world.js';
import { scenario } from '../helpers/scenario.js';

const perKey = 1024 + KEY_OVERHEAD_BYTES;

/** 20 sessions/s of 5 requests 2 s apart (≈ 200 online), 30 s TTL; the store holds 300 keys, so it evicts live users' keys too. */
function keyspaceAfter(duration: number) {
  const config = scenario({
    duration,
    warmup: 0,
    clients: { arrivalRate: 20, requestsPerSession: 5, thinkTime: '2s' },
    store: { ttl: '30s', maxMemory: 300 * perKey, evictionPolicy: 'allkeys-lru' },
    strategies: [{ type: 'external', name: 'redis' }],
  });
  let world: World | undefined;
  const result = runStrategy(config, config.strategies[0]!, config.seed, { instrument: (w) => (world = w) });
  const keys = world!.store!.nodes[0]!.keys;
  return { sessions: result.metrics.sessions, live: world!.activeSessions, count: keys.count, indexed: keys.indexed, capacity: keys.indexCapacity, evictions: result.metrics.store.evictions };
}

describe('store keyspace over a long run', () => {
  const short = keyspaceAfter(200);
  const long = keyspaceAfter(2000);

  it('evicts live users’ keys (so reasons are recorded), over ten times as many sessions in the long run', () => {
    expect(short.evictions).toBeGreaterThan(100);
    expect(long.sessions).toBeGreaterThan(9 * short.sessions);
  });

  it('indexes only the keys present and the reasons of sessions still live', () => {
    for (const k of [short, long]) {
      expect(k.count).toBeLessThanOrEqual(301); // maxmemory is exceeded by at most one key
      expect(k.indexed).toBeLessThanOrEqual(k.count + k.live);
    }
  });

  it('is as large after 40,000 sessions as after 4,000: the index does not grow with the run', () => {
    // Growing at most half full, shrinking below an eighth: room for ≤ 8 entries per one held.
    expect(long.capacity).toBeLessThanOrEqual(8 * Math.max(16, long.count + long.live) * 2);
    expect(long.capacity).toBeLessThanOrEqual(2 * short.capacity);
  });
});
