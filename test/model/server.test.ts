import { describe, expect, it } from 'vitest';
import { Server } from '../../src/model/server.js';
import type { ServerConfig } from '../../src/model/config.js';

const config = (queueLimit: number): ServerConfig => ({ count: 1, workers: 1, queueLimit, serviceTime: { dist: 'constant', value: 0.01 }, sessionIdleTimeout: 1800, weights: [], failures: null });

describe('Server queue (a bounded FIFO, full ⇒ 503)', () => {
  it('refuses the request past queueLimit (Tomcat acceptCount) and serves the rest in arrival order', () => {
    const s = new Server(0, config(3));
    expect([1, 2, 3, 4].map((id) => s.enqueue(id))).toEqual([true, true, true, false]);
    expect([s.dequeue(), s.dequeue(), s.dequeue(), s.dequeue()]).toEqual([1, 2, 3, -1]);
  });

  it('grows with the requests waiting, not with the limit: 10^15 allocates nothing up front, and order survives growth mid-wrap', () => {
    const s = new Server(0, config(1e15));
    const order: number[] = [];
    let next = 0;
    // Interleave so the ring has wrapped (head > 0) when it grows past 256, 512, 1024 …
    for (let round = 0; round < 40; round++) {
      for (let i = 0; i < 100; i++) expect(s.enqueue(next++)).toBe(true);
      for (let i = 0; i < 40; i++) order.push(s.dequeue());
    }
    expect(s.queueLength).toBe(next - order.length);
    for (let id = s.dequeue(); id >= 0; id = s.dequeue()) order.push(id);
    expect(order).toEqual(Array.from({ length: next }, (_, i) => i));
  });

  it('a crash drops every queued request, returned in order', () => {
    const s = new Server(0, config(1000));
    for (let id = 0; id < 300; id++) s.enqueue(id);
    expect(s.crash(1)).toEqual(Array.from({ length: 300 }, (_, i) => i));
    expect(s.queueLength).toBe(0);
  });
});
