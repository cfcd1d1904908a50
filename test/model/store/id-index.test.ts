import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../../src/engine/random.js';
import { IdIndex } from '../../../src/model/store/id-index.js';

describe('IdIndex', () => {
  it('answers like a Map through random sets, overwrites and deletes (backward-shift deletion keeps every probe run whole)', () => {
    const random = new RandomStream(11, 'id-index');
    const index = new IdIndex();
    const reference = new Map<number, number>();
    for (let step = 0; step < 200_000; step++) {
      // Ids from a small range collide often; the big ones exercise the hash's spread.
      const id = random.next() < 0.8 ? random.nextInt(3000) : random.nextInt(0x7fffffff);
      const u = random.next();
      if (u < 0.5) {
        const v = random.nextInt(1 << 20);
        index.set(id, v);
        reference.set(id, v);
      } else if (u < 0.8) {
        index.delete(id);
        reference.delete(id);
      } else {
        expect(index.get(id)).toBe(reference.get(id) ?? -1);
      }
    }
    expect(index.size).toBe(reference.size);
    for (const [id, v] of reference) expect(index.get(id)).toBe(v);
    const seen = new Map<number, number>();
    index.forEach((id, v) => seen.set(id, v));
    expect(seen).toEqual(reference);
  });

  it('is as large as what it holds: after a million ids come and go, with at most 1000 held at once, the table is small again', () => {
    const index = new IdIndex();
    for (let id = 0; id < 1_000_000; id++) {
      index.set(id, id & 7);
      if (id >= 1000) index.delete(id - 1000);
    }
    expect(index.size).toBe(1000);
    // At most half full when growing, shrunk below an eighth full: between 2000 and 8192 entries.
    expect(index.capacity).toBeGreaterThanOrEqual(2000);
    expect(index.capacity).toBeLessThanOrEqual(8192);
    for (let id = 999_000; id < 1_000_000; id++) expect(index.get(id)).toBe(id & 7);
    expect(index.get(998_999)).toBe(-1);
    index.clear();
    expect(index.size).toBe(0);
    expect(index.get(999_999)).toBe(-1);
  });
});
