/**
 * Growing the typed arrays that hold the engine's and the model's state. Nothing is allocated
 * per event: an array doubles when it fills, so the copy is amortised and memory follows use.
 */
type Typed = Float64Array | Int32Array | Uint32Array | Uint8Array;

/** A copy of `a` with length n (≥ a.length), the rest zero. */
export function grownTo<T extends Typed>(a: T, n: number): T {
  const b = new (a.constructor as { new (n: number): T })(n);
  b.set(a);
  return b;
}

/** A ring's `size` entries from `head` (wrapping at a.length), in order at the start of a new array of length n. */
export function unwrappedRing<T extends Typed>(a: T, head: number, size: number, n: number): T {
  const b = new (a.constructor as { new (n: number): T })(n);
  const first = Math.min(size, a.length - head);
  b.set(a.subarray(head, head + first));
  if (first < size) b.set(a.subarray(0, size - first), first);
  return b;
}
