/**
 * Named random streams (common random numbers). Specification: a stream is a pure
 * function of (seed, name); different seeds or names give different sequences; drawing
 * from one stream never shifts another; RandomStreams hands out one object per name.
 */
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { EntityRandom, RandomStream, RandomStreams } from '../../src/engine/random.js';
import { draws, expectWithin, sampleMean } from '../helpers/stats.js';

const take = (s: { next(): number }, n: number) => Array.from({ length: n }, () => s.next());

describe('RandomStream', () => {
  it('same (seed, name) ⇒ identical sequence', () => {
    expect(take(new RandomStream(42, 'arrivals'), 1000)).toEqual(take(new RandomStream(42, 'arrivals'), 1000));
    expect(take(new RandomStream('abc', 'x'), 10)).toEqual(take(new RandomStream('abc', 'x'), 10));
  });

  it('different names or different seeds ⇒ different sequences', () => {
    const base = take(new RandomStream(42, 'arrivals'), 100);
    const otherName = take(new RandomStream(42, 'think-time'), 100);
    const otherSeed = take(new RandomStream(43, 'arrivals'), 100);
    // Two independent uniform sequences share a double by chance with probability ~1e-14.
    expect(otherName.filter((x, i) => x === base[i]).length).toBe(0);
    expect(otherSeed.filter((x, i) => x === base[i]).length).toBe(0);
  });

  it('draws stay in [0, 1); nextInt(n) in {0..n−1}; nextInt32 read unsigned in [0, 2^32)', () => {
    const s = new RandomStream(1, 'range');
    for (let i = 0; i < 10_000; i++) {
      const u = s.next();
      expect(u >= 0 && u < 1).toBe(true);
      const k = s.nextInt(7);
      expect(Number.isInteger(k) && k >= 0 && k < 7).toBe(true);
      const w = s.nextInt32() >>> 0;
      expect(Number.isInteger(w) && w >= 0 && w < 2 ** 32).toBe(true);
    }
  });

  it('nextInt32 gives the stream\'s Alea 32 bits, signed: both halves of the range, never anything else', () => {
    const signed = new RandomStream(3, 'bits');
    const unsigned = seedrandom.alea('session-sim/3/bits');
    let negative = 0;
    for (let i = 0; i < 10_000; i++) {
      const a = signed.nextInt32();
      expect(a).toBe(a | 0);
      expect(a >>> 0).toBe(unsigned.int32() >>> 0);
      if (a < 0) negative++;
    }
    // Half the draws have the top bit set: binomial sd = 50 for n = 10 000.
    expect(Math.abs(negative - 5_000)).toBeLessThan(4 * 50);
  });

  it('is uniform: mean of 1e5 draws within 4 standard errors of 0.5, and a 10-bin chi-square passes', () => {
    // Var(U) = 1/12 ⇒ SE of the mean of n draws = sqrt(1/(12n)) = 9.13e-4 for n = 1e5.
    const n = 100_000;
    const stream = new RandomStream(7, 'uniformity');
    const xs = draws(n, () => stream.next());
    expectWithin(sampleMean(xs), 0.5, 4 * Math.sqrt(1 / (12 * n)), 'mean of U[0,1) draws');
    // Chi-square with 9 degrees of freedom: P(χ²₉ > 33.72) = 1e-4.
    const bins = new Array(10).fill(0);
    for (const x of xs) bins[Math.floor(x * 10)]++;
    const chi2 = bins.reduce((s, c) => s + (c - n / 10) ** 2 / (n / 10), 0);
    expect(chi2).toBeLessThan(33.72);
  });

  it('nextInt(4) hits each value with probability 1/4 (binomial sd, 4σ)', () => {
    // n = 40,000: each count ~ Binomial(n, 1/4), sd = sqrt(n·1/4·3/4) = 86.6.
    const n = 40_000;
    const s = new RandomStream(3, 'lb:random');
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < n; i++) counts[s.nextInt(4)]!++;
    for (const c of counts) expectWithin(c, n / 4, 4 * Math.sqrt(n * 0.25 * 0.75), 'count per value');
  });
});

describe('RandomStreams', () => {
  it('returns the same stream object for the same name, a different one for another name', () => {
    const streams = new RandomStreams(5);
    const a = streams.stream('arrivals');
    expect(streams.stream('arrivals')).toBe(a);
    expect(streams.stream('sessions')).not.toBe(a);
    expect(a.name).toBe('arrivals');
  });

  it("a stream's sequence does not depend on draws from other streams (common random numbers)", () => {
    const quiet = new RandomStreams(11);
    const busy = new RandomStreams(11);
    const expected = take(quiet.stream('arrivals'), 200);
    const got: number[] = [];
    for (let i = 0; i < 200; i++) {
      busy.stream(`lb:random:strategy-${i % 3}`).next();
      busy.stream('store:latency').next();
      got.push(busy.stream('arrivals').next());
    }
    expect(got).toEqual(expected);
  });

  it('matches a RandomStream built with the same seed and name', () => {
    expect(take(new RandomStreams(9).stream('think-time'), 50)).toEqual(take(new RandomStream(9, 'think-time'), 50));
    expect(take(new RandomStreams(9).stream('think-time'), 50)).not.toEqual(take(new RandomStreams(10).stream('think-time'), 50));
  });
});

describe('EntityRandom', () => {
  it('is deterministic from its seed; reseed() restarts the sequence', () => {
    expect(take(new EntityRandom(123), 100)).toEqual(take(new EntityRandom(123), 100));
    expect(take(new EntityRandom(123), 100)).not.toEqual(take(new EntityRandom(124), 100));
    const e = new EntityRandom(77);
    const first = take(e, 20);
    e.reseed(77);
    expect(take(e, 20)).toEqual(first);
  });

  it('treats seeds as uint32 (a negative int and its unsigned form agree)', () => {
    expect(take(new EntityRandom(-1), 10)).toEqual(take(new EntityRandom(0xffffffff), 10));
  });

  it('is the reference Mulberry32 generator', () => {
    // First outputs of mulberry32(0) and mulberry32(1), from the published reference
    // implementation (bryc/code, jshash/PRNGs.md), computed independently below.
    const reference = (seed: number) => {
      let a = seed >>> 0;
      return () => {
        a = (a + 0x6d2b79f5) | 0;
        let t = Math.imul(a ^ (a >>> 15), 1 | a);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
    };
    for (const seed of [0, 1, 0xdeadbeef]) {
      const ref = reference(seed);
      expect(take(new EntityRandom(seed), 50)).toEqual(Array.from({ length: 50 }, ref));
    }
  });

  it('is uniform: mean of 1e5 draws within 4 standard errors of 0.5', () => {
    const n = 100_000;
    const e = new EntityRandom(2024);
    const xs = draws(n, () => e.next());
    for (const x of xs.subarray(0, 1000)) expect(x >= 0 && x < 1).toBe(true);
    expectWithin(sampleMean(xs), 0.5, 4 * Math.sqrt(1 / (12 * n)), 'mean of EntityRandom draws');
  });
});
