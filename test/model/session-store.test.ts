import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../src/engine/random.js';
import { Simulator } from '../../src/engine/simulator.js';
import { SessionStore, DENY_ENTRY_BYTES, KEY_OVERHEAD_BYTES, ReadResult } from '../../src/model/session-store.js';
import { Session } from '../../src/model/session.js';
import { scenario } from '../helpers/scenario.js';
import { TestRecorder } from '../helpers/recorder.js';
import { replies } from '../helpers/replies.js';
import { EventKind } from '../../src/model/event-kinds.js';
import { Counter } from '../../src/model/recorder.js';

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
    const { store, sim } = makeStore({ latency: '1ms', bandwidth: 100e6, opsPerSecond: 50000 });
    const r = replies(sim);
    const req = r.request();
    sim.schedule(10, EventKind.Timeline);
    sim.on(EventKind.Timeline, () => store.send(0, 10, 4096, 1024, 1, req));
    sim.run(11);
    expect(r.at[req.id]! - 10).toBeCloseTo(0.001 + 4096 / 100e6 + 1024 / 100e6 + 1 / 50000, 12);
    expect(req.storeQueueDelay).toBe(0);
    expect(req.storeTime).toBeCloseTo(r.at[req.id]! - 10, 12);
  });

  it('pipelined commands occupy the node once each; a burst queues FIFO', () => {
    const { store, sim, recorder } = makeStore({ latency: '1ms', bandwidth: 1e12, opsPerSecond: 1000 });
    const r = replies(sim);
    const first = r.request();
    const second = r.request();
    store.send(0, 0, 0, 0, 3, first);
    store.send(0, 0, 0, 0, 1, second);
    sim.run(1);
    expect(r.at[first.id]).toBeCloseTo(0.001 + 0.003, 9);
    // The second waits for the three commands ahead of it.
    expect(second.storeQueueDelay).toBeCloseTo(0.003, 9);
    expect(r.at[second.id]).toBeCloseTo(0.001 + 0.004, 9);
    expect(recorder.storeOps).toBe(4);
  });

  it('commands are served in the order they reach the node, not the order they were sent', () => {
    // At 1 KB/s a 10-byte command sent at 0 reaches the node at 10 ms; an empty one sent at 1 ms
    // arrives at once and is done at 2 ms. Nobody waits: the node does not idle for the first
    // one while the second stands in line (send-order queueing made the second wait 10 ms).
    const { store, sim } = makeStore({ latency: 0, bandwidth: 1000, opsPerSecond: 1000 });
    const r = replies(sim);
    const slow = r.request();
    const fast = r.request();
    sim.on(EventKind.Timeline, (k) => (k === 0 ? store.send(0, sim.now, 10, 0, 1, slow) : store.send(0, sim.now, 0, 0, 1, fast)));
    sim.schedule(0, EventKind.Timeline, 0);
    sim.schedule(0.001, EventKind.Timeline, 1);
    sim.run(1);
    expect(fast.storeQueueDelay).toBe(0);
    expect(r.at[fast.id]).toBeCloseTo(0.002, 12);
    expect(slow.storeQueueDelay).toBe(0);
    expect(r.at[slow.id]).toBeCloseTo(0.011, 12);
  });

  it('an operation on the wire when its node dies is not served and does not hold the node', () => {
    const { store, sim } = makeStore({ latency: '2ms', bandwidth: 1e12, opsPerSecond: 1000 });
    const r = replies(sim);
    const lost = r.request();
    store.send(0, 0, 0, 0, 1, lost);
    store.fail(false);
    store.recover(0);
    sim.run(1);
    expect(store.nodes[0]!.freeAt).toBe(0);
    expect(r.at[lost.id]).toBeCloseTo(0.002, 12);
  });

  it('a fire-and-forget operation (no request) still takes its turn and is counted', () => {
    const { store, sim, recorder } = makeStore({ latency: '1ms', bandwidth: 1e12, opsPerSecond: 1000 });
    const r = replies(sim);
    store.send(0, 0, 0, 0, 1, null);
    const after = r.request();
    store.send(0, 0, 0, 0, 1, after);
    sim.run(1);
    expect(recorder.storeOps).toBe(2);
    expect(after.storeQueueDelay).toBeCloseTo(0.001, 12);
  });

  it('Poisson arrivals at a node with constant service wait as M/D/1 says (Pollaczek–Khinchine)', () => {
    // ρ = 0.5, service 1/μ = 20 µs: Wq = ρ / (2 μ (1 − ρ)) = 0.5 × 20 µs = 10 µs.
    // n = 200k waits; at ρ = 0.5 the waits decorrelate over ≈ 1/(1 − √ρ)² ≈ 12 services, so
    // ≈ 8,000 independent batches with a coefficient of variation ≈ 2 give a relative
    // standard error ≈ 2.2 %; we allow 4 of them (9 %). (With random latency: test/validation.)
    const mu = 50000;
    const { store, sim, recorder } = makeStore({ latency: 0, bandwidth: 1e12, opsPerSecond: mu });
    const arrivals = new RandomStream(7, 'arrivals');
    const n = 200_000;
    let t = 0;
    for (let i = 0; i < n; i++) {
      t += -Math.log(1 - arrivals.next()) / (0.5 * mu);
      store.send(0, t, 0, 0, 1, null);
    }
    sim.run(t + 1);
    const expected = 0.5 / (2 * mu * 0.5);
    expect(recorder.storeOps).toBe(n);
    expect(recorder.storeQueueDelay / n).toBeGreaterThan(expected * 0.91);
    expect(recorder.storeQueueDelay / n).toBeLessThan(expected * 1.09);
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

describe('a JWT deny-list is state in the store (SET denylist:<jti> EX …)', () => {
  /** Run the simulator to `t`, then ask the node (EXISTS) whether the session's token is listed. */
  const listedAt = (m: ReturnType<typeof makeStore>, s: Session, t: number) => {
    m.sim.run(t);
    return m.store.denyListed(0, s, t);
  };

  it('the entry exists from when the SET reaches the node until its EX, and costs its key, value and per-key overhead', () => {
    // 2 ms round trip: the SET sent at 0 lands at 1 ms (no bandwidth or service time to speak of).
    const m = makeStore({ latency: '2ms', bandwidth: 1e12, opsPerSecond: 1e9 });
    const s = new Session(1, 0, 1);
    m.store.sendDenyListSet(0, 0, 60, 5, s, 100);
    expect(listedAt(m, s, 0.0009)).toBe(false);
    expect(listedAt(m, s, 0.0011)).toBe(true);
    expect(m.store.memoryBytes).toBe(DENY_ENTRY_BYTES);
    expect(m.recorder.lastGauge).toBe(DENY_ENTRY_BYTES);
    // Its own key: the session's key (sess:<id>) is neither found nor created by it.
    expect(m.store.read(0, s, 1)).toBe(ReadResult.Missing);
    expect(m.store.write(0, s, 1, 1000)).toBe(0);
    expect(m.store.memoryBytes).toBe(DENY_ENTRY_BYTES + 1000 + KEY_OVERHEAD_BYTES);
    expect(m.store.denyListed(0, s, 99.999)).toBe(true);
    // EX passed: EXISTS does not find it (lazy expiry) and its memory is freed.
    expect(m.store.denyListed(0, s, 100)).toBe(false);
    expect(m.store.memoryBytes).toBe(1000 + KEY_OVERHEAD_BYTES);
  });

  it('a store that dies without a replica forgets the deny-list: the revoked token passes again', () => {
    const m = makeStore({ latency: '1ms' });
    const s = new Session(7, 0, 1);
    m.store.sendDenyListSet(0, 0, 60, 5, s, 1000);
    expect(listedAt(m, s, 1)).toBe(true);
    m.store.onScenarioEvent({ at: 2, type: 'store-crash', node: 0 } as never, 2);
    m.store.onScenarioEvent({ at: 3, type: 'store-recover', node: 0 } as never, 3);
    expect(m.store.denyListed(0, s, 3)).toBe(false);
    expect(m.store.memoryBytes).toBe(0);
  });

  it('a failover loses an entry not yet replicated, and counts no session as affected', () => {
    // Replication lag 10 s: the entry acknowledged at ≈ 0.5 ms has not reached the replica at 1 s.
    const m = makeStore({ topology: 'primary-replica', replicas: 1, latency: '1ms', replicationLag: '10s' });
    const s = new Session(7, 0, 1);
    m.store.sendDenyListSet(0, 0, 60, 5, s, 1000);
    expect(listedAt(m, s, 1)).toBe(true);
    const details = m.store.onScenarioEvent({ at: 1, type: 'store-failover', node: 0 } as never, 1);
    expect(details).toMatchObject({ writesLost: 1, sessionsAffected: 0 });
    expect(m.store.denyListed(0, s, 1)).toBe(false);
  });

  it('under maxmemory the entry is a key like the others: noeviction refuses it, allkeys-lru evicts the oldest key for it', () => {
    const full = (policy: string) => {
      const m = makeStore({ latency: '1ms', maxMemory: 2 * (1000 + KEY_OVERHEAD_BYTES) - 1, evictionPolicy: policy, evictionSamples: 5 });
      const a = new Session(1, 0, 1);
      const b = new Session(2, 0, 1);
      m.store.write(0, a, 0, 1000);
      m.store.write(0, b, 0.5, 1000);
      // Now over maxmemory: the next write must make room first.
      m.store.sendDenyListSet(0, 1, 60, 5, a, 1000);
      m.sim.run(2);
      return { m, a, b };
    };
    const refused = full('noeviction');
    expect(refused.m.store.denyListed(0, refused.a, 2)).toBe(false);
    const evicting = full('allkeys-lru');
    expect(evicting.m.store.denyListed(0, evicting.a, 2)).toBe(true);
    expect(evicting.m.recorder.counters[Counter.StoreEvictions]).toBe(1);
  });
});
