import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../../src/engine/random.js';
import { KeyGone, Keyspace } from '../../../src/model/store/keyspace.js';

describe('Keyspace', () => {
  it('tracks bytes in use through sets, replacements and deletes, and says why a key left', () => {
    const k = new Keyspace();
    k.set(5, 100, 1, 0, 50);
    k.set(9, 300, 2, 0, 50);
    k.set(5, 150, 3, 1, 50);
    expect(k.used).toBe(450);
    k.delete(9, KeyGone.Lost);
    expect(k.used).toBe(150);
    expect(k.goneReason(9)).toBe(KeyGone.Lost);
    expect(k.find(5, 2)).toBeGreaterThanOrEqual(0);
    expect(k.find(5, 50)).toBe(-1);
    expect(k.goneReason(5)).toBe(KeyGone.Expired);
    expect(k.used).toBe(0);
  });

  it('approximate LRU: the evicted key is the least recently used of 5 sampled, so it is among the oldest 10 % with p = 1 − 0.9⁵ ≈ 0.41', () => {
    // 2000 independent evictions from 1000 keys touched at times 0..999: the share that hits the
    // oldest 100 is binomial, p = 0.40951, SE = √(p(1−p)/2000) ≈ 0.011; we allow 4 SE.
    const random = new RandomStream(3, 'evict');
    let oldest = 0;
    const trials = 2000;
    for (let t = 0; t < trials; t++) {
      const k = new Keyspace();
      for (let id = 0; id < 1000; id++) k.set(id, 10, id, id, 1e9);
      const victim = k.evictOne('allkeys-lru', 5, random);
      if (victim < 100) oldest++;
    }
    const p = 1 - 0.9 ** 5;
    expect(Math.abs(oldest / trials - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / trials));
  });

  it('volatile-ttl evicts by nearest expiry; noeviction evicts nothing', () => {
    const k = new Keyspace();
    for (let id = 0; id < 50; id++) k.set(id, 10, id, 0, 1000 - id); // id 49 expires first
    const victims = new Set<number>();
    const random = new RandomStream(1, 'ttl');
    for (let i = 0; i < 200; i++) {
      const kk = new Keyspace();
      for (let id = 0; id < 50; id++) kk.set(id, 10, id, 0, 1000 - id);
      victims.add(kk.evictOne('volatile-ttl', 50, random));
    }
    // Sampling 50 of 50 (with replacement) nearly always includes id 49 ((1 − 1/50)^50 ≈ 0.36 misses it).
    expect(victims.has(49)).toBe(true);
    expect(k.evictOne('noeviction', 5, random)).toBe(-1);
  });

  it("Redis's active expiry cycle removes expired keys until a sample of 20 holds at most 10 % expired", () => {
    // 1000 keys, 600 expired. The loop stops at the first sample with ≤ 2 expired; while more
    // than 30 % are expired a sample of 20 has ≤ 2 expired with p < 0.035, so the share left
    // after the cycles at one instant is at most about 30 %.
    const k = new Keyspace();
    for (let id = 0; id < 1000; id++) k.set(id, 1, id, 0, id < 600 ? 5 : 100);
    const random = new RandomStream(9, 'expire');
    for (let cycle = 0; cycle < 10; cycle++) k.expireCycle(10, random);
    const expiredLeft = k.count - 400;
    expect(expiredLeft / k.count).toBeLessThan(0.3);
    expect(k.expirations).toBe(600 - expiredLeft);
  });

  it('forget(id): a session gone for good leaves no reason behind, and its key, still there until it expires, none when it goes', () => {
    const k = new Keyspace();
    k.set(1, 10, 1, 0, 100);
    k.set(2, 10, 2, 0, 100);
    k.delete(2, KeyGone.Lost);
    expect(k.goneReason(2)).toBe(KeyGone.Lost);
    expect(k.indexed).toBe(2); // key 1, reason of 2
    k.forget(2);
    expect(k.goneReason(2)).toBe(KeyGone.None);
    k.forget(1);
    // The key stays (Redis keeps it until its TTL): same memory, still readable.
    expect(k.count).toBe(1);
    expect(k.used).toBe(10);
    expect(k.find(1, 50)).toBeGreaterThanOrEqual(0);
    // Expired later: removed, and nothing is noted for the forgotten session.
    expect(k.find(1, 100)).toBe(-1);
    expect(k.count).toBe(0);
    expect(k.indexed).toBe(0);
    // A session not forgotten still learns why its key left, also through a swap-remove.
    k.set(3, 10, 3, 0, 100);
    k.set(4, 10, 4, 0, 100);
    k.forget(3);
    k.clear(KeyGone.Lost);
    expect(k.goneReason(3)).toBe(KeyGone.None);
    expect(k.goneReason(4)).toBe(KeyGone.Lost);
    expect(k.indexed).toBe(1);
  });
});
