import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../src/engine/random.js';
import { Simulator } from '../../src/engine/simulator.js';
import { TokenService } from '../../src/model/token-service.js';
import { replies } from '../helpers/replies.js';

function service(latency: number, workers: number, serviceTime: number, sign: number) {
  const sim = new Simulator();
  const s = new TokenService({ latency: { dist: 'constant', value: latency }, workers, serviceTime }, sign, new RandomStream(1, 't'), sim);
  return { s, sim, r: replies(sim) };
}

describe('TokenService: logins and refreshes queue at k cores', () => {
  it('a request costs the round trip, the handler time and the signature', () => {
    const { s, sim, r } = service(0.002, 2, 0.0005, 0.00045);
    const req = r.request();
    s.request(0, req);
    sim.run();
    expect(r.at[req.id]).toBeCloseTo(0.002 + 0.0005 + 0.00045, 12);
  });

  it('k + 1 simultaneous requests: the last one waits one service time', () => {
    const { s, sim, r } = service(0, 3, 0.01, 0);
    const reqs = [0, 1, 2, 3].map(() => r.request());
    for (const q of reqs) s.request(0, q);
    sim.run();
    expect(reqs.map((q) => r.at[q.id])).toEqual([0.01, 0.01, 0.01, 0.02]);
    expect(s.waitSeconds).toBeCloseTo(0.01, 12);
  });

  it('one core under Poisson load waits as M/D/1 (Pollaczek–Khinchine), ρ = 0.5', () => {
    // Wq = ρ / (2 μ (1 − ρ)) = 0.5 × 10 ms = 5 ms with service 10 ms; 100k requests, relative
    // standard error ≈ 2.5 % (see test/model/session-store.test.ts); we allow 10 %.
    // (With the default random latency: test/validation/md1-store-token-service.test.ts.)
    const { s, sim } = service(0, 1, 0.01, 0);
    const arrivals = new RandomStream(5, 'arrivals');
    let t = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      t += -Math.log(1 - arrivals.next()) / 50;
      s.request(t, null);
    }
    sim.run();
    expect(s.served).toBe(n);
    expect(Math.abs(s.waitSeconds / n / 0.005 - 1)).toBeLessThan(0.1);
  });

  it('an outage stops it; requests on the wire are not served (their epoch changed)', () => {
    const { s, sim, r } = service(0.002, 1, 0.01, 0);
    const before = s.epoch;
    const lost = r.request();
    s.request(0, lost);
    s.fail();
    expect(s.available).toBe(false);
    expect(s.epoch).not.toBe(before);
    sim.run();
    expect(s.served).toBe(0);
    expect(r.at[lost.id]).toBeCloseTo(0.002, 12);
    s.recover(5);
    const after = r.request();
    sim.scheduleAt(5, 0);
    sim.on(0, () => s.request(5, after));
    sim.run();
    expect(r.at[after.id]).toBeCloseTo(5.012, 12);
  });
});
