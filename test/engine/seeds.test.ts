import { describe, expect, it } from 'vitest';
import { cyrb53, deriveSeed, pilotSeed, replicationSeed } from '../../src/engine/seeds.js';

describe('derived seeds', () => {
  it('cyrb53 is the published hash (bryc/code examples)', () => {
    expect(cyrb53('a')).toBe(7929297801672961);
    expect(cyrb53('b')).toBe(8684336938537663);
    expect(cyrb53('revenge')).toBe(4051478007546757);
    expect(cyrb53('revenue')).toBe(8309097637345594);
  });

  it('replication 0 is the scenario seed; replication i depends only on (seed, i)', () => {
    expect(replicationSeed(42, 0)).toBe(42);
    expect(replicationSeed(42, 7)).toBe(replicationSeed(42, 7));
    expect(replicationSeed(42, 7)).toBe(deriveSeed(42, 'replication', 7));
    expect(replicationSeed(42, 7)).not.toBe(replicationSeed(43, 7));
  });

  it('seeds are valid scenario seeds (whole numbers 0 … 2^53 − 1) and distinct across a large experiment', () => {
    const seeds = new Set<number>();
    for (let i = 0; i < 5000; i++) {
      const s = replicationSeed(1, i);
      expect(Number.isSafeInteger(s) && s >= 0).toBe(true);
      seeds.add(s);
    }
    for (let k = 0; k < 10; k++) seeds.add(pilotSeed(1, k));
    // 5000 replications + 10 pilots, no collision (the pilots are a separate family).
    expect(seeds.size).toBe(5010);
  });

  it('rejects a negative or fractional index', () => {
    expect(() => replicationSeed(1, -1)).toThrow(RangeError);
    expect(() => replicationSeed(1, 1.5)).toThrow(RangeError);
  });
});
