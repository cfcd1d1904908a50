import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../src/engine/random.js';
import { TokenService } from '../../src/model/token-service.js';

describe('TokenService: logins and refreshes queue at k cores', () => {
  it('a request costs the round trip, the handler time and the signature', () => {
    const s = new TokenService({ latency: { dist: 'constant', value: 0.002 }, workers: 2, serviceTime: 0.0005 }, 0.00045, new RandomStream(1, 't'));
    expect(s.request(10) - 10).toBeCloseTo(0.002 + 0.0005 + 0.00045, 12);
  });

  it('k + 1 simultaneous requests: the last one waits one service time', () => {
    const s = new TokenService({ latency: { dist: 'constant', value: 0 }, workers: 3, serviceTime: 0.01 }, 0, new RandomStream(1, 't'));
    const replies = [0, 1, 2, 3].map(() => s.request(0));
    expect(replies).toEqual([0.01, 0.01, 0.01, 0.02]);
  });

  it('one core under Poisson load waits as M/D/1 (Pollaczek–Khinchine), ρ = 0.5', () => {
    // Wq = ρ / (2 μ (1 − ρ)) = 0.5 × 10 ms = 5 ms with service 10 ms; 100k requests, relative
    // standard error ≈ 2.5 % (see test/model/session-store.test.ts); we allow 10 %.
    const s = new TokenService({ latency: { dist: 'constant', value: 0 }, workers: 1, serviceTime: 0.01 }, 0, new RandomStream(1, 't'));
    const arrivals = new RandomStream(5, 'arrivals');
    let t = 0;
    let wait = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      t += -Math.log(1 - arrivals.next()) / 50;
      wait += s.request(t) - t - 0.01;
    }
    expect(Math.abs(wait / n / 0.005 - 1)).toBeLessThan(0.1);
  });

  it('an outage stops it; requests sent before fail (their epoch changed)', () => {
    const s = new TokenService({ latency: { dist: 'constant', value: 0 }, workers: 1, serviceTime: 0.01 }, 0, new RandomStream(1, 't'));
    const before = s.epoch;
    s.fail();
    expect(s.available).toBe(false);
    expect(s.epoch).not.toBe(before);
    s.recover(5);
    expect(s.request(5)).toBeCloseTo(5.01, 12);
  });
});
