import { describe, expect, it } from 'vitest';
import { StickTable } from '../../../src/model/load-balancer/stick-table.js';

describe('StickTable (HAProxy stick-table type ip, stick on src)', () => {
  it('stores and finds entries; a store updates the server', () => {
    const t = new StickTable(100, null);
    t.put(0x0a000001, 2, 0);
    t.put(0x0a000002, 3, 0);
    expect(t.peek(0x0a000001, 5)).toBe(2);
    expect(t.peek(0x0a000003, 5)).toBe(-1);
    t.put(0x0a000001, 1, 6);
    expect(t.peek(0x0a000001, 6)).toBe(1);
    expect(t.count).toBe(2);
  });

  it('expire counts from the last use, not from creation', () => {
    const t = new StickTable(100, 30);
    t.put(1, 0, 0);
    t.touch(1, 25); // used at 25: alive until 55
    expect(t.peek(1, 54)).toBe(0);
    expect(t.peek(1, 56)).toBe(-1);
    expect(t.count).toBe(0); // the expired entry is gone
  });

  it('without expire, entries never expire (HAProxy default)', () => {
    const t = new StickTable(10, null);
    t.put(7, 3, 0);
    expect(t.peek(7, 1e9)).toBe(3);
  });

  it('a full table drops the least recently used entry', () => {
    const t = new StickTable(3, null);
    t.put(1, 0, 0);
    t.put(2, 1, 1);
    t.put(3, 2, 2);
    t.touch(1, 3); // 2 is now the oldest
    t.put(4, 3, 4);
    expect(t.peek(2, 5)).toBe(-1);
    expect([t.peek(1, 5), t.peek(3, 5), t.peek(4, 5)]).toEqual([0, 2, 3]);
    expect(t.evictions).toBe(1);
  });

  it('liveCount counts unexpired entries', () => {
    const t = new StickTable(100, 10);
    for (let k = 0; k < 20; k++) t.put(k, 0, k);
    expect(t.liveCount(19)).toBe(11); // used at 9..19
  });

  it('matches a Map-based reference model through growth, eviction and expiry (60k random operations)', () => {
    // The open-addressing index with backward-shift deletion must never lose or invent an entry.
    const size = 1500;
    const expire = 50;
    const t = new StickTable(size, expire);
    const ref = new Map<number, { server: number; last: number }>();
    let seed = 12345;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
    let mismatches = 0;
    for (let step = 0; step < 60_000; step++) {
      const now = step * 0.01;
      const key = Math.floor(rand() * 3000) * 2654435761;
      const k = key >>> 0;
      const r = ref.get(k);
      const refServer = r !== undefined && now - r.last <= expire ? r.server : -1;
      if (r !== undefined && refServer < 0) ref.delete(k);
      if (t.peek(k, now) !== refServer) mismatches++;
      if (rand() < 0.5) {
        const server = Math.floor(rand() * 8);
        if (!ref.has(k) && ref.size >= size) {
          // Evict the least recently used, as the table does.
          let oldest = -1;
          let oldestAt = Infinity;
          for (const [kk, v] of ref) if (v.last < oldestAt) [oldest, oldestAt] = [kk, v.last];
          ref.delete(oldest);
        }
        ref.delete(k);
        ref.set(k, { server, last: now });
        t.put(k, server, now);
      } else if (refServer >= 0) {
        t.touch(k, now);
        ref.get(k)!.last = now;
      }
      if (t.count !== ref.size) mismatches++;
    }
    expect(mismatches).toBe(0);
    expect(t.evictions).toBeGreaterThan(1000); // the run did exercise eviction
  });

  it('clear() forgets everything', () => {
    const t = new StickTable(10, null);
    t.put(1, 1, 0);
    t.clear();
    expect(t.peek(1, 0)).toBe(-1);
    expect(t.count).toBe(0);
    t.put(2, 2, 0);
    expect(t.peek(2, 0)).toBe(2);
  });
});
