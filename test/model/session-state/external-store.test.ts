import { describe, expect, it } from 'vitest';
import { KEY_OVERHEAD_BYTES } from '../../../src/model/session-store.js';
import { storedBytes } from '../../../src/model/session-state/external-store.js';
import { runAll } from '../../helpers/scenario.js';

const base = {
  duration: '5m',
  warmup: '30s',
  clients: { arrivalRate: 5, requestsPerSession: { dist: 'geometric' as const, mean: 20 }, thinkTime: { dist: 'exponential' as const, mean: '5s' } },
};

describe('session middleware: what one request costs the store', () => {
  const r = runAll({
    ...base,
    strategies: [
      { type: 'external', name: 'express' },
      { type: 'external', name: 'spring', middleware: 'spring-session' },
      { type: 'external', name: 'php', middleware: 'php' },
      { type: 'external', name: 'php-nolock', middleware: 'php', conflicts: 'last-writer-wins' },
    ],
  });

  // Commands are counted when sent, requests when they end: only the few requests in flight at
  // the window's edges (≈ arrival rate × mean session length × P(in flight) < 10) differ.
  it.each([
    ['express', 2, 'GET, then SET or EXPIRE'],
    ['spring', 3, 'HGETALL, then HMSET and PEXPIREAT'],
    ['php', 4, 'lock, GET, SET or EXPIRE, unlock'],
    ['php-nolock', 2, 'GET, then SET or EXPIRE'],
  ])('%s sends %i commands per request (%s)', (name, perRequest) => {
    const m = r[name]!.metrics;
    expect(m.failedRequests).toBe(0);
    expect(Math.abs(m.store.ops - perRequest * m.requests)).toBeLessThan(10 * perRequest);
  });

  it('more round trips per request mean a larger share of latency in the store', () => {
    const share = (n: string) => r[n]!.metrics.store.latencyShare;
    expect(share('express')).toBeLessThan(share('spring'));
    expect(share('spring')).toBeLessThan(share('php'));
  });

  it('memory in use is sessions × (serialised size + per-key overhead)', () => {
    // TTL 30 min > the run: every session that got its first response holds one key; sessions
    // start as Poisson(λT = 5 × 300 = 1500), so the key count is within 1500 ± 4 × √1500.
    const m = r.express!.metrics;
    const perKey = 1024 + KEY_OVERHEAD_BYTES;
    const keys = m.store.peakMemoryBytes / perKey;
    expect(Number.isInteger(keys)).toBe(true);
    expect(Math.abs(keys - 1500)).toBeLessThan(4 * Math.sqrt(1500));
  });
});

describe('serialisation and encryption', () => {
  it('AES-GCM adds 12 B nonce + 16 B tag, then base64 grows it by 4/3', () => {
    expect(storedBytes(1024, false)).toBe(1024);
    expect(storedBytes(1024, true)).toBe(4 * Math.ceil((1024 + 28) / 3));
    expect(storedBytes(200, true)).toBe(4 * 76);
  });

  it("the store's share of latency is its round trips over the whole response time", () => {
    // Constant 1 ms round trips and a constant 10 ms handler, load far below capacity: per
    // request GET (1 KB down) and SET or EXPIRE, so store time ≈ 2 × (1 ms + 1/75k s) + transfers,
    // and latency = that + 10 ms + JSON/AES CPU (µs). The ratio is deterministic up to the
    // share of SETs vs EXPIREs (transfer of 1 KB ≈ 8 µs): within 1 %.
    const r = runAll({
      ...base,
      servers: { serviceTime: '10ms' },
      store: { latency: '1ms', encryption: true },
      strategies: [{ type: 'external', name: 'redis' }],
    });
    const m = r.redis!.metrics;
    const store = 2 * (0.001 + 1 / 75000) + (storedBytes(1024, true) + 60) / 125e6;
    const expected = store / (store + 0.01);
    expect(m.store.latencyShare).toBeGreaterThan(expected * 0.99);
    expect(m.store.latencyShare).toBeLessThan(expected * 1.01);
    const perKey = storedBytes(1024, true) + KEY_OVERHEAD_BYTES;
    expect(m.store.peakMemoryBytes % perKey).toBe(0);
  });
});

describe('when the store cannot be reached', () => {
  const outage = {
    ...base,
    events: [{ at: '2m', type: 'store-outage' as const, downFor: '20s' }],
    strategies: [{ type: 'external' as const, name: 'redis' }],
  };
  it('fail-closed: requests fail with store-unavailable, and the sessions survive (no flush)', () => {
    const m = runAll(outage).redis!.metrics;
    // ≈ 5/s × 20 req × 5 s think ⇒ ≈ 500 active users, each sending every ≈ 5 s: ≈ 100 req/s for 20 s.
    expect(m.failuresByReason['store-unavailable']).toBeGreaterThan(1500);
    expect(m.lostSessions).toBe(0);
  });
  it('fail-open: nothing fails, but every user who came back during the outage lost their session', () => {
    const r = runAll({ ...outage, store: { unreachable: 'fail-open' } }).redis!;
    const m = r.metrics;
    expect(m.failedRequests).toBe(0);
    // Sessions last ≈ exponential(100 s) (20 requests × 5 s). Of the users active at t = 2 m (the
    // event log counts them), those who started in the 30 s warm-up are not counted: λ∫₉₀¹²⁰ e^{−a/100} da
    // ≈ 53. Nearly all the rest send a request in the 20 s outage (P = 1 − e^{−20/5} ≈ 0.98)
    // and lose their session: ≈ (active − 53) × 0.98, binomial-ish spread ≈ ±20; we allow ±40.
    const active = r.events.find((e) => e.type === 'store-outage')!.details.activeSessions as number;
    const expected = (active - 53) * 0.98;
    expect(Math.abs(m.lossByCause['store-loss'] - expected)).toBeLessThan(40);
  });
});
