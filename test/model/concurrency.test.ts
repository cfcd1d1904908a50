/**
 * Concurrent requests of one session (issue 4): a share of requests fires a parallel request
 * of the same user at the same instant (parallel XHRs of one page). Whether their writes
 * collide depends on where the session lives and how it is written back.
 *
 * Arithmetic used below. With share s = 0.3 and geometric sessions of mean 20 requests (the
 * first request never fires one), parallel requests are C = R × 0.285 / 1.285 of all R
 * requests. The pair starts together and each runs ≈ 20 ms of handler against < 1 ms of
 * store round trips, so they always overlap: a pair loses one update when both write
 * (p = 0.2² = 0.04) for whole-session last-writer-wins, and when both write the same of
 * the 4 attributes (p = 0.04 / 4 = 0.01) for per-attribute stores. Counts are binomial:
 * we allow 4 standard deviations.
 */
import { describe, expect, it } from 'vitest';
import { resolveScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/experiment/simulate.js';
import { renderJson } from '../../src/report/json.js';
import { runAll } from '../helpers/scenario.js';

const workload = { duration: '300s', warmup: '30s', clients: { arrivalRate: 5, concurrency: { share: 0.3 } } };
const strategies = [
  { type: 'external' as const, name: 'express' },
  { type: 'external' as const, name: 'spring', middleware: 'spring-session' as const },
  { type: 'external' as const, name: 'php', middleware: 'php' as const },
  { type: 'external' as const, name: 'php-nolock', middleware: 'php' as const, conflicts: 'last-writer-wins' as const },
  { type: 'external' as const, name: 'cas', conflicts: 'compare-and-set' as const },
  { type: 'sticky' as const, name: 'sticky' },
];
const r = runAll({ ...workload, strategies });
const serialized = runAll({ ...workload, servers: { serializeSessionRequests: true }, strategies: [{ type: 'sticky', name: 'sticky' }] }).sticky!;

function pairs(requests: number): number {
  return (requests * 0.285) / 1.285;
}

function near(actual: number, expected: number): void {
  const sd = Math.sqrt(expected);
  expect(Math.abs(actual - expected), `${actual} vs ${expected.toFixed(1)}`).toBeLessThan(4 * sd + 1);
}

describe('lost updates under last-writer-wins', () => {
  it('whole-session stores (express-session, phpredis without locking) lose one update when both requests write', () => {
    near(r.express!.metrics.lostUpdates, pairs(r.express!.metrics.requests) * 0.04);
    near(r['php-nolock']!.metrics.lostUpdates, pairs(r['php-nolock']!.metrics.requests) * 0.04);
  });

  it('per-attribute stores (Spring Session) lose only when both write the same attribute', () => {
    near(r.spring!.metrics.lostUpdates, pairs(r.spring!.metrics.requests) * 0.01);
  });

  it('sticky in-memory sessions race too: two threads, one attribute map', () => {
    near(r.sticky!.metrics.lostUpdates, pairs(r.sticky!.metrics.requests) * 0.01);
  });
});

describe('locking and compare-and-set', () => {
  it('PHP locking loses nothing, but one request of every pair waits, so latency is higher', () => {
    const php = r.php!.metrics;
    expect(php.lostUpdates).toBe(0);
    expect(php.failedRequests).toBe(0);
    // Every pair waits once: lock waits ≈ pairs (the loser spins in 20 ms steps until the winner's
    // ≈ 20 ms handler and four round trips are done), binomial spread on the pairs only.
    near(php.store.lockWaits, pairs(php.requests));
    expect(php.store.meanLockWaitMs).toBeGreaterThanOrEqual(20);
    expect(php.latency.mean).toBeGreaterThan(r['php-nolock']!.metrics.latency.mean * 1.2);
    expect(php.latency.p99).toBeGreaterThan(r['php-nolock']!.metrics.latency.p99);
  });

  it('compare-and-set loses nothing and retries instead', () => {
    const cas = r.cas!.metrics;
    expect(cas.lostUpdates).toBe(0);
    // EXEC fails when anything touched the key since WATCH: both wrote (0.04), or the other
    // request's EXPIRE landed first (2 × 0.2 × 0.8 × ½ = 0.16): p ≈ 0.2 per pair.
    near(cas.store.casRetries, pairs(cas.requests) * 0.2);
  });

  it('a server that serialises requests of a session (servers.serializeSessionRequests) loses nothing and makes one of each pair wait', () => {
    const m = serialized.metrics;
    expect(m.lostUpdates).toBe(0);
    near(m.store.lockWaits, pairs(m.requests));
    expect(m.latency.mean).toBeGreaterThan(r.sticky!.metrics.latency.mean);
  });
});

describe('phpredis gives up on a lock after 100 spins of 20 ms', () => {
  it('a request whose twin holds the lock longer than 2 s fails with lock-timeout', () => {
    // Handlers of 2.5 s hold the lock for 2.5 s plus round trips; the twin of every pair spins
    // 100 × 20 ms = 2 s and its read fails. Every pair ends in exactly one lock-timeout.
    const m = runAll({
      duration: '300s',
      warmup: '30s',
      clients: { arrivalRate: 1, concurrency: { share: 0.3 } },
      servers: { serviceTime: '2.5s', workers: 64 },
      strategies: [{ type: 'external', name: 'php', middleware: 'php' }],
    }).php!.metrics;
    expect(m.failuresByReason['lock-timeout']).toBeGreaterThan(0);
    near(m.failuresByReason['lock-timeout'], pairs(m.requests));
  });
});

describe('one request at a time (the default) is exactly the single-stream model', () => {
  it('share 0 draws nothing extra: the same run, byte for byte, as without the field', () => {
    const plain = { duration: '2m', warmup: '10s', clients: { arrivalRate: 3 }, strategies };
    const a = renderJson(simulate(resolveScenario(plain, 'a')));
    const b = renderJson(simulate(resolveScenario({ ...plain, clients: { arrivalRate: 3, concurrency: { share: 0 } } }, 'a')));
    expect(a).toBe(b);
    for (const s of JSON.parse(a).strategies) expect(s.metrics.lostUpdates).toBe(0);
  });
});
