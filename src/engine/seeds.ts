/**
 * Seeds derived from the scenario's seed, so that a replication or a pilot run is a pure
 * function of (seed, label, index): replication i is the same run whatever the number of
 * replications, the job count or the machine. The hash is cyrb53 (bryc, public domain): two
 * 32-bit multiply–xorshift lanes combined into 53 bits, so derived seeds are exact JavaScript
 * integers and valid scenario seeds (whole numbers >= 0), and collisions among the few hundred
 * seeds of an experiment are negligible (birthday bound n²/2⁵⁴).
 */

/** cyrb53: a 53-bit hash of a string (https://github.com/bryc/code, public domain). */
export function cyrb53(text: string, salt = 0): number {
  let h1 = 0xdeadbeef ^ salt;
  let h2 = 0x41c6ce57 ^ salt;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** A seed for the `index`-th run of a family (`label`) derived from `seed`. */
export function deriveSeed(seed: number, label: string, index: number): number {
  return cyrb53(`session-sim/${label}/${seed}/${index}`);
}

/**
 * Seed of replication `index` (0-based). Replication 0 is the scenario's own seed, so the first
 * replication is exactly the single run a user has already seen; replication i ≥ 1 uses a hash
 * of (seed, i), and `session-sim run … --seed <that seed>` re-runs it alone.
 */
export function replicationSeed(seed: number, index: number): number {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`replication index must be a whole number >= 0, got ${index}`);
  return index === 0 ? seed : deriveSeed(seed, 'replication', index);
}

/** Seed of warm-up pilot run `index`: never one of the replications' seeds (a separate family). */
export function pilotSeed(seed: number, index: number): number {
  return deriveSeed(seed, 'warmup-pilot', index);
}
