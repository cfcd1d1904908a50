import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../src/engine/random.js';
import { Simulator } from '../../src/engine/simulator.js';
import { SessionStore, KEY_OVERHEAD_BYTES, ReadResult } from '../../src/model/session-store.js';
import { Session } from '../../src/model/session.js';
import { scenario } from '../helpers/scenario.js';
import { TestRecorder } from '../helpers/recorder.js';

function makeStore(store: object = {}) {
  const config = scenario({ store: store as never });
  const sim = new Simulator();
  const recorder = new TestRecorder();
  const s = new SessionStore(config.store, { sim, recorder, latency: new RandomStream(1, 'lat'), internal: new RandomStream(1, 'int') });
  return { store: s, sim, recorder, config };
}

describe('the store node as a resource', () => {
  it('one operation costs the round trip, the payload transfer both ways and one service time', () => {
    // latency constant 1 ms, 100 MB/s, 50k ops/s: 4 KB up and 1 KB down.
    const { store } = makeStore({ latency: '1ms', bandwidth: 100e6, opsPerSecond: 50000 });
    const reply = store.send(0, 10, 4096, 1024, 1);
    expect(reply - 10).toBeCloseTo(0.001 + 4096 / 100e6 + 1024 / 100e6 + 1 / 50000, 12);
    expect(store.lastQueueDelay).toBe(0);
  });

  it('pipelined commands occupy the node once each; a burst queues FIFO', () => {
    const { store } = makeStore({ latency: '1ms', bandwidth: 1e12, opsPerSecond: 1000 });
    const first = store.send(0, 0, 0, 0, 3);
    const second = store.send(0, 0, 0, 0, 1);
    expect(first).toBeCloseTo(0.001 + 0.003, 9);
    // The second waits for the three commands ahead of it.
    expect(store.lastQueueDelay).toBeCloseTo(0.003, 9);
    expect(second).toBeCloseTo(0.001 + 0.004, 9);
  });

  it('Poisson arrivals at a node with constant service wait as M/D/1 says (Pollaczek–Khinchine)', () => {
    // ρ = 0.5, service 1/μ = 20 µs: Wq = ρ / (2 μ (1 − ρ)) = 0.5 × 20 µs = 10 µs.
    // n = 200k waits; at ρ = 0.5 the waits decorrelate over ≈ 1/(1 − √ρ)² ≈ 12 services, so
    // ≈ 8,000 independent batches with a coefficient of variation ≈ 2 give a relative
    // standard error ≈ 2.2 %; we allow 4 of them (9 %).
    const mu = 50000;
    const { store } = makeStore({ latency: 0, bandwidth: 1e12, opsPerSecond: mu });
    const arrivals = new RandomStream(7, 'arrivals');
    let t = 0;
    let wait = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      t += -Math.log(1 - arrivals.next()) / (0.5 * mu);
      store.send(0, t, 0, 0, 1);
      wait += store.lastQueueDelay;
    }
    const expected = 0.5 / (2 * mu * 0.5);
    expect(wait / n).toBeGreaterThan(expected * 0.91);
    expect(wait / n).toBeLessThan(expected * 1.09);
  });
});

describe('keys, TTL and memory', () => {
  it('a write stores value + per-key overhead; a read sees it fresh until its TTL, then it is gone (lazy expiry)', () => {
    const { store, recorder } = makeStore({ ttl: '10s' });
    const s = new Session(1, 0, 1);
    expect(store.write(0, s, 0, 1000)).toBe(0);
    expect(recorder.lastGauge).toBe(1000 + KEY_OVERHEAD_BYTES);
    expect(store.read(0, s, 9.999)).toBe(ReadResult.Fresh);
    expect(store.read(0, s, 10)).toBe(ReadResult.Missing);
    expect(store.nodes[0]!.keys.count).toBe(0);
  });

  it('rolling TTL: EXPIRE pushes expiry out; absolute TTL: neither EXPIRE nor a later SET does', () => {
    const rolling = makeStore({ ttl: '10s' });
    const s = new Session(1, 0, 1);
    rolling.store.write(0, s, 0, 100);
    rolling.store.touch(0, s, 8);
    expect(rolling.store.read(0, s, 17)).toBe(ReadResult.Fresh);
    const absolute = makeStore({ ttl: '10s', ttlMode: 'absolute' });
    absolute.store.write(0, s, 0, 100);
    absolute.store.touch(0, s, 8);
    absolute.store.write(0, s, 9, 100);
    expect(absolute.store.read(0, s, 10)).toBe(ReadResult.Missing);
  });
});
