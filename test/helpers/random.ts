import { EntityRandom } from '../../src/engine/random.js';

/** A seeded uniform source for tests (the engine's Mulberry32), so samples are reproducible: no Math.random. */
export function mulberry32(seed: number): () => number {
  const rng = new EntityRandom(seed);
  return () => rng.next();
}

/** Standard normal via Box–Muller; 1 - u keeps the log argument in (0, 1]. */
export function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}
