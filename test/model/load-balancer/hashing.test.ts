import { describe, it, expect } from 'vitest';
import { crc32 as zlibCrc32 } from 'node:zlib';
import {
  FALL_BACK_TO_ROUND_ROBIN,
  HashRing,
  MAX_RING_SIZE,
  crc32Int,
  mix32,
  moduloPick,
  nginxIpHash,
  nginxIpHashFull,
  nginxIpHashPick,
  sdbm32,
} from '../../../src/model/load-balancer/hashing.js';

const K = 100_000;

/** Session-id keys: mix32(0..K-1). */
const KEYS = (() => {
  const a = new Uint32Array(K);
  for (let i = 0; i < K; i++) a[i] = mix32(i);
  return a;
})();

/** mulberry32: small seeded PRNG for random IPs. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}

const ip = (a: number, b: number, c: number, d: number) => ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
const ones = (n: number) => new Array<number>(n).fill(1);
const allLive = (n: number) => new Array<boolean>(n).fill(true);
const bytesOf = (key: number) => Buffer.from([key >>> 24, (key >>> 16) & 0xff, (key >>> 8) & 0xff, key & 0xff]);

/** Binomial tolerance: 4 standard deviations of a share p estimated from K keys. */
const fourSigma = (p: number) => 4 * Math.sqrt((p * (1 - p)) / K);

describe('hash functions', () => {
  it('nginxIpHash matches NGINX ip_hash by hand for 10.1.2.3', () => {
    // hash = 89
    // byte 10: (89 * 113 + 10) % 6271 = 10067 % 6271 = 3796
    // byte  1: (3796 * 113 + 1) % 6271 = 428949 % 6271 = 2521
    // byte  2: (2521 * 113 + 2) % 6271 = 284875 % 6271 = 2680   (IPv4: addrlen 3, stop here)
    expect(nginxIpHash(ip(10, 1, 2, 3))).toBe(2680);
    // full address, one more byte 3: (2680 * 113 + 3) % 6271 = 302843 % 6271 = 1835
    expect(nginxIpHashFull(ip(10, 1, 2, 3))).toBe(1835);
  });

  it('nginxIpHash: a whole /24 hashes alike; full-address differs across it', () => {
    const full = new Set<number>();
    for (let d = 0; d < 256; d++) {
      expect(nginxIpHash(ip(10, 1, 2, d))).toBe(2680);
      full.add(nginxIpHashFull(ip(10, 1, 2, d)));
    }
    // last step is (x + d) % 6271 with d < 256 < 6271: all 256 distinct
    expect(full.size).toBe(256);
    expect(nginxIpHash(ip(10, 1, 3, 0))).not.toBe(2680);
  });

  it('sdbm32 is HAProxy hash_sdbm over the 4 big-endian bytes', () => {
    // bytes 0,0,0,1: h stays 0 through the zeros, then 1 + 0 = 1
    expect(sdbm32(1)).toBe(1);
    // bytes 0,0,1,2: h = 1 after byte 1, then 2 + (1<<6) + (1<<16) - 1 = 2 + 64 + 65536 - 1 = 65601
    expect(sdbm32(0x0102)).toBe(65601);
    // "abcd", reference value from a C-semantics implementation (uint32 wrap)
    expect(sdbm32(0x61626364)).toBe(0xd1ba2082);
  });

  it('crc32Int is IEEE CRC-32 (zlib / ngx_crc32_long) over the 4 bytes', () => {
    expect(crc32Int(0x61626364)).toBe(0xed82cd11); // crc32("abcd")
    expect(crc32Int(0)).toBe(0x2144df1c); // crc32 of four zero bytes
    const rnd = mulberry32(7);
    for (let i = 0; i < 1000; i++) {
      const k = rnd();
      expect(crc32Int(k)).toBe(zlibCrc32(bytesOf(k)));
    }
  });

  it('mix32 is murmur3 fmix32 and a bijection on the test keys', () => {
    expect(mix32(0)).toBe(0);
    expect(mix32(1)).toBe(0x514e28b7);
    expect(new Set(KEYS).size).toBe(K);
  });
});

describe('HashRing (consistent hashing)', () => {
  it('has pointsPerWeight × weight points, scaled up to minRingSize (Envoy)', () => {
    expect(new HashRing([1, 2, 1]).size).toBe(4 * 160);
    expect(new HashRing([1, 1], { pointsPerWeight: 16 }).size).toBe(32);
    const envoy = new HashRing([1, 1, 1], { pointsPerWeight: 1, minRingSize: 1024 });
    expect(envoy.size).toBeGreaterThanOrEqual(1024);
    expect(envoy.size).toBeLessThan(1024 + 3);
    expect(new HashRing([]).pick(5, [])).toBe(-1);
  });

  it('a ring bigger than maxRingSize (Envoy maximum_ring_size, default 8M) is scaled down, every share kept', () => {
    expect(MAX_RING_SIZE).toBe(8 * 1024 * 1024);
    const ring = new HashRing([1, 3], { pointsPerWeight: 1000, maxRingSize: 1000 });
    expect(ring.size).toBe(1000); // 250 + 750 instead of 1000 + 3000
    const live = allLive(2);
    let second = 0;
    for (const k of KEYS) if (ring.pick(k, live) === 1) second++;
    // 750 of 1000 uniform points: the share's sd is sqrt(p(1 − p)/1001) ≈ 0.014; 0.07 is 5 sd.
    expect(Math.abs(second / K - 0.75)).toBeLessThan(0.07);
  });

  // Tolerance for a ring share: a server with P of the N·P uniform points owns the arcs before
  // them, Beta(P, NP − P) distributed, relative sd = sqrt((N−1)/(NP+1)) ≤ 1/sqrt(P) = 0.079 for
  // P = 160. Key sampling adds sqrt(p(1−p)/K)/p ≤ 0.017 relative (N = 10: 0.0095). Ring imbalance
  // dominates; 0.35 relative is > 4 sd, safe for any seed and for checking every server.
  const RING_REL_TOL = 0.35;

  for (const N of [4, 8, 10]) {
    it(`removing 1 of ${N}: exactly the removed server's keys move, share ≈ 1/N`, () => {
      const ring = new HashRing(ones(N), { pointsPerWeight: 160 });
      const live = allLive(N);
      const before = Int32Array.from(KEYS, (h) => ring.pick(h, live));
      for (let r = 0; r < N; r++) {
        live[r] = false;
        let moved = 0;
        let wrong = 0;
        for (let k = 0; k < K; k++) {
          const after = ring.pick(KEYS[k]!, live);
          if (before[k] === r) {
            moved++;
            if (after === r || after < 0) wrong++;
          } else if (after !== before[k]) {
            wrong++; // a key of a live server moved
          }
        }
        live[r] = true;
        expect(wrong).toBe(0);
        expect(Math.abs(moved / K - 1 / N)).toBeLessThan(RING_REL_TOL / N);
      }
    });

    it(`adding 1 to ${N}: ≈ 1/(N+1) move, all to the new server`, () => {
      const ring = new HashRing(ones(N), { pointsPerWeight: 160 });
      const before = Int32Array.from(KEYS, (h) => ring.pick(h, allLive(N)));
      ring.rebuild(ones(N + 1));
      const live = allLive(N + 1);
      let moved = 0;
      for (let k = 0; k < K; k++) {
        const after = ring.pick(KEYS[k]!, live);
        if (after !== before[k]) {
          if (after !== N) throw new Error(`key ${k} moved ${before[k]} → ${after}, not to new server ${N}`);
          moved++;
        }
      }
      expect(Math.abs(moved / K - 1 / (N + 1))).toBeLessThan(RING_REL_TOL / (N + 1));
    });
  }

  it('returns -1 when no server is live', () => {
    const ring = new HashRing(ones(3));
    expect(ring.pick(123, [false, 0, false])).toBe(-1);
    expect(ring.pickBounded(123, [false, false, false], [0, 0, 0], 1.25)).toBe(-1);
  });

  it('16 points (HAProxy) is visibly less even than 160 (ketama); 160 gives max/mean < 1.25', () => {
    // Averaged over 5 ring seeds so the ordering does not hinge on one layout. Expected relative
    // sd of a share (see above): 16 points ≈ 0.23, 160 points ≈ 0.074, so the max of 8 shares is
    // ≈ 1.3 vs ≈ 1.1 of the mean; 1.25 is > 3 sd above the mean for 160 points.
    const N = 8;
    const maxOverMean = (ppw: number, seed: number) => {
      const ring = new HashRing(ones(N), { pointsPerWeight: ppw, seed });
      const counts = new Array<number>(N).fill(0);
      const live = allLive(N);
      for (let k = 0; k < K; k++) counts[ring.pick(KEYS[k]!, live)]!++;
      return Math.max(...counts) / (K / N);
    };
    let sum16 = 0;
    let sum160 = 0;
    for (let seed = 1; seed <= 5; seed++) {
      sum16 += maxOverMean(16, seed);
      const m160 = maxOverMean(160, seed);
      expect(m160).toBeLessThan(1.25);
      sum160 += m160;
    }
    expect(sum16 / 5).toBeGreaterThan(sum160 / 5 + 0.05);
  });

  it('bounded load (hash-balance-factor 125): no server exceeds ceil(1.25 × mean) + 1', () => {
    // Each assignment admits a server only if load + 1 <= ceil(1.25·(total+1)/N), and that cap only
    // grows, so the final max is bounded by the final cap = ceil(1.25 × mean); +1 is slack.
    const N = 8;
    for (const ppw of [16, 160]) {
      const ring = new HashRing(ones(N), { pointsPerWeight: ppw });
      const live = allLive(N);
      const load = new Array<number>(N).fill(0);
      const unbounded = new Array<number>(N).fill(0);
      for (let k = 0; k < K; k++) {
        const s = ring.pickBounded(KEYS[k]!, live, load, 1.25);
        load[s]!++; // s = -1 would leave the total short of K, checked below
        unbounded[ring.pick(KEYS[k]!, live)]!++;
      }
      const mean = K / N;
      expect(Math.max(...load)).toBeLessThanOrEqual(Math.ceil(1.25 * mean) + 1);
      expect(load.reduce((a, b) => a + b, 0)).toBe(K);
      if (ppw === 16) expect(Math.max(...unbounded)).toBeGreaterThan(Math.ceil(1.25 * mean)); // the bound did work
    }
  });

  it('bounded load skips dead servers and counts only live ones', () => {
    const ring = new HashRing(ones(4), { pointsPerWeight: 16 });
    const live = [true, false, true, true];
    const load = [0, 0, 0, 0];
    for (let k = 0; k < 30_000; k++) load[ring.pickBounded(KEYS[k]!, live, load, 1.25)]!++;
    expect(load[1]).toBe(0);
    expect(Math.max(...load)).toBeLessThanOrEqual(Math.ceil((1.25 * 30_000) / 3) + 1);
  });
});

describe('moduloPick (HAProxy map-based)', () => {
  // Moved share for a uniform hash: removing 1 of N, a key stays only if h mod N and h mod (N−1)
  // name the same server, probability 1/N, so (N−1)/N moves; adding one, N/(N+1) moves.
  // Tolerance: 4·sqrt(p(1−p)/K) for K keys (≤ 0.0063), plus 0.002 for hash non-uniformity
  // (2^32 mod N bias and residue correlation are O(N²/2^32), far below that).
  const tol = (p: number) => fourSigma(p) + 0.002;

  for (const N of [4, 8, 10]) {
    it(`removing 1 of ${N} moves ≈ (N−1)/N; adding 1 moves ≈ N/(N+1)`, () => {
      const w = ones(N);
      const live = allLive(N);
      const before = Int32Array.from(KEYS, (h) => moduloPick(h, w, live));
      for (const r of [0, N >> 1, N - 1]) {
        live[r] = false;
        let moved = 0;
        for (let k = 0; k < K; k++) if (moduloPick(KEYS[k]!, w, live) !== before[k]) moved++;
        live[r] = true;
        expect(Math.abs(moved / K - (N - 1) / N)).toBeLessThan(tol((N - 1) / N));
      }
      let moved = 0;
      const w1 = ones(N + 1);
      const live1 = allLive(N + 1);
      for (let k = 0; k < K; k++) if (moduloPick(KEYS[k]!, w1, live1) !== before[k]) moved++;
      expect(Math.abs(moved / K - N / (N + 1))).toBeLessThan(tol(N / (N + 1)));
    });
  }

  it('respects weights: [1,2,1] → 0.25 / 0.5 / 0.25', () => {
    const counts = [0, 0, 0];
    for (let k = 0; k < K; k++) counts[moduloPick(KEYS[k]!, [1, 2, 1], [true, true, true])]!++;
    expect(Math.abs(counts[0]! / K - 0.25)).toBeLessThan(fourSigma(0.25) + 0.002);
    expect(Math.abs(counts[1]! / K - 0.5)).toBeLessThan(fourSigma(0.5) + 0.002);
    expect(Math.abs(counts[2]! / K - 0.25)).toBeLessThan(fourSigma(0.25) + 0.002);
  });

  it('returns -1 when nothing is live, and never picks a dead server', () => {
    expect(moduloPick(42, [1, 1], [false, 0])).toBe(-1);
    expect(moduloPick(42, [0, 0], [true, true])).toBe(-1);
    for (let k = 0; k < 1000; k++) expect(moduloPick(KEYS[k]!, [1, 1, 1], [1, 0, 1])).not.toBe(1);
  });
});

describe('nginxIpHashPick (NGINX ip_hash with its failure path)', () => {
  const rnd = mulberry32(2024);
  const IPS = Uint32Array.from({ length: K }, () => rnd());

  it('re-hashes keys of a down server to live servers; others stay', () => {
    const N = 4;
    const w = ones(N);
    const live = allLive(N);
    const first = Int32Array.from(IPS, (a) => nginxIpHashPick(a, w, live));
    live[1] = false;
    let rehashed = 0;
    let roundRobin = 0;
    let wrong = 0;
    for (let k = 0; k < K; k++) {
      const after = nginxIpHashPick(IPS[k]!, w, live);
      if (first[k] === 1) {
        rehashed++;
        if (after === FALL_BACK_TO_ROUND_ROBIN && nginxIpHash(IPS[k]!) === 89) roundRobin++;
        else if (after !== 0 && after !== 2 && after !== 3) wrong++;
      } else if (after !== first[k]) {
        wrong++;
      }
    }
    expect(wrong).toBe(0);
    // Only the /24s whose hash is 89 (the start value, a fixed point: see next test) fail all
    // 21 tries: ≈ 1/6271 of addresses, 4σ ≈ 4·sqrt(K/6271) ≈ 16 around the expected 16.
    expect(roundRobin).toBeLessThan(40);
    // The first choice is hash % 4 over 6271 values (not uniform /24s, but random IPs here):
    // 4σ = 0.0055; 0.01 leaves room for the 6271-value grid.
    expect(Math.abs(rehashed / K - 0.25)).toBeLessThan(0.01);
  });

  it('a /24 whose ip_hash is 89 never re-hashes elsewhere (NGINX quirk: 89 is a fixed point)', () => {
    // (89·113 + a)·113 + b)·113 + c ≡ 89 (mod 6271) means the retry loop, which restarts from the
    // current hash, lands on 89 again every time: the same server for all 21 tries.
    let a24 = -1;
    for (let p = 0; p < 1 << 24 && a24 < 0; p++) if (nginxIpHash(p << 8) === 89) a24 = p << 8;
    expect(a24).toBeGreaterThanOrEqual(0);
    const w = ones(4);
    const down = 89 % 4;
    const live = allLive(4);
    expect(nginxIpHashPick(a24, w, live)).toBe(down);
    live[down] = false;
    expect(nginxIpHashPick(a24, w, live)).toBe(FALL_BACK_TO_ROUND_ROBIN);
  });

  it('returns -1 with no live server, -2 (round robin) when 21 tries all miss', () => {
    expect(nginxIpHashPick(ip(10, 1, 2, 3), ones(4), [false, false, false, false])).toBe(-1);
    expect(nginxIpHashPick(ip(10, 1, 2, 3), [1], [true])).toBe(0); // single server: round robin
    expect(nginxIpHashPick(ip(10, 1, 2, 3), [1], [false])).toBe(-1);
    // Only a weight-1 server of 1001 total weight is live: each try hits it with p ≈ 1/1001,
    // so 21 tries almost always miss and NGINX falls back to round robin.
    let rr = 0;
    for (let k = 0; k < 1000; k++) {
      const p = nginxIpHashPick(IPS[k]!, [1, 1000], [true, false]);
      expect([0, FALL_BACK_TO_ROUND_ROBIN]).toContain(p);
      if (p === FALL_BACK_TO_ROUND_ROBIN) rr++;
    }
    expect(rr).toBeGreaterThan(900);
  });

  it('all users of one /24 land on the same server; full-address spreads them', () => {
    const w = ones(4);
    for (const live of [allLive(4), [true, false, true, true]]) {
      const s = nginxIpHashPick(ip(192, 168, 7, 0), w, live);
      const full = new Set<number>();
      for (let d = 0; d < 256; d++) {
        expect(nginxIpHashPick(ip(192, 168, 7, d), w, live)).toBe(s);
        full.add(nginxIpHashPick(ip(192, 168, 7, d), w, live, true));
      }
      expect(full.size).toBe(live.filter(Boolean).length);
    }
  });
});
