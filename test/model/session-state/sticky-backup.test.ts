/**
 * Sticky sessions with the store as a backup (issue 4, "Hybrid"): reads hit local memory,
 * writes also go to the store, and a crashed server's users are recovered from it.
 */
import { describe, expect, it } from 'vitest';
import { runAll } from '../../helpers/scenario.js';

const r = runAll({
  duration: '600s',
  warmup: '200s',
  clients: { arrivalRate: 10 },
  events: [{ at: 300, type: 'server-crash', server: 1, downFor: '60s' }],
  strategies: [
    { type: 'sticky', name: 'sticky' },
    { type: 'sticky', name: 'through', backup: 'write-through' },
    { type: 'sticky', name: 'behind1', backup: 'write-behind', writeBehindDelay: '1s' },
    { type: 'sticky', name: 'behind5', backup: 'write-behind', writeBehindDelay: '5s' },
    { type: 'external', name: 'redis' },
  ],
});

describe('sticky + store backup', () => {
  it('write-through: a server crash loses nothing; its users are recovered from the store', () => {
    const m = r.through!.metrics;
    expect(r.sticky!.metrics.lossByCause['server-crash']).toBeGreaterThan(100);
    expect(m.lostSessions).toBe(0);
    expect(m.tokens.recoveredFromStore).toBeGreaterThanOrEqual(r.sticky!.metrics.lostSessions);
  });

  it('the store carries write load only: about one command per writing request, far below a shared store', () => {
    // Writes: 20 % of requests plus each session's first; reads only after a crash.
    const m = r.through!.metrics;
    const writes = m.requests * 0.2 + m.sessions;
    expect(Math.abs(m.store.ops - writes)).toBeLessThan(0.1 * writes);
    expect(m.store.ops).toBeLessThan(r.redis!.metrics.store.ops / 5);
  });

  it('write-behind: a crash loses the writes not yet flushed, more with a longer delay', () => {
    // A user writes w = 0.2 / (5 s think + ≈ 20 ms) ≈ 0.04 times a second; its session is
    // unflushed at the crash at most when it wrote in the last d seconds, P ≤ 1 − e^{−w d}.
    // Of the crashed server's users, plain sticky shows how many come back in the window.
    const back = r.sticky!.metrics.lossByCause['server-crash'];
    const w = 0.2 / 5.02;
    const bound = (d: number) => back * (1 - Math.exp(-w * d));
    const lost1 = r.behind1!.metrics.lossByCause['server-crash'];
    const lost5 = r.behind5!.metrics.lossByCause['server-crash'];
    expect(lost1).toBeGreaterThan(0);
    expect(lost1).toBeLessThanOrEqual(bound(1) + 4 * Math.sqrt(bound(1)));
    expect(lost5).toBeGreaterThan(lost1);
    expect(lost5).toBeLessThanOrEqual(bound(5) + 4 * Math.sqrt(bound(5)));
    expect(r.behind1!.metrics.latency.mean).toBeLessThan(r.through!.metrics.latency.mean);
  });
});
