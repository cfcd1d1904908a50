import { describe, expect, it } from 'vitest';
import { grownTo, unwrappedRing } from '../../src/engine/typed-arrays.js';

describe('growing typed arrays', () => {
  it('grownTo keeps the type and the contents, the new tail zero', () => {
    const b = grownTo(Float64Array.of(1.5, 2.5), 4);
    expect(b).toBeInstanceOf(Float64Array);
    expect([...b]).toEqual([1.5, 2.5, 0, 0]);
  });

  it('unwrappedRing copies a ring in order from its head, whether it wraps or not', () => {
    // Ring [c, d, a, b] with head 2: a, b, c, d in order.
    expect([...unwrappedRing(Int32Array.of(3, 4, 1, 2), 2, 4, 8)]).toEqual([1, 2, 3, 4, 0, 0, 0, 0]);
    // Not wrapped: two entries from index 1.
    expect([...unwrappedRing(Uint8Array.of(9, 1, 2, 9), 1, 2, 4)]).toEqual([1, 2, 0, 0]);
    // Empty.
    expect([...unwrappedRing(new Int32Array(2), 1, 0, 4)]).toEqual([0, 0, 0, 0]);
  });
});
