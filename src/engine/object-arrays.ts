/**
 * An empty array that will hold objects, already of V8's "packed elements" kind. A literal
 * `[]` starts as an array of small integers, and the first object pushed changes its hidden
 * class. Code optimised on the arrays of one run (of one world) expects the changed class, so
 * the next run's fresh `[]`, on its first push, deoptimises it ("wrong map") and every function
 * it was inlined into: the session table's open() and the request pool's acquire(), inlined
 * into the session's arrival and each request's send, once per strategy of a run. An array
 * made from `[undefined]` has the object kind from its start and keeps it when emptied (V8
 * never takes an array back to a narrower kind).
 */
export function emptyObjectArray<T>(): T[] {
  const array: (T | undefined)[] = [undefined];
  array.pop();
  return array as T[];
}
