/**
 * Named, independent random streams (common random numbers).
 *
 * Each component owns a stream derived from the scenario seed and the stream's name
 * ("arrivals", "think-time", "failures", "lb:random", "store:latency", ...), so two runs
 * with the same seed draw the same numbers for the same component whatever else
 * happens: a strategy that consumes its own stream ("lb:random") never shifts the
 * workload's draws. Streams are seedrandom's Alea generator (fast, 2^116 period).
 *
 * Entities whose draws happen at times that differ between strategies (a session's
 * think times are drawn when its responses arrive) get their own small generator,
 * seeded once from a component stream at creation: see EntityRandom.
 */
import seedrandom from 'seedrandom';

export interface UniformSource {
  /** A uniform draw in [0, 1). */
  next(): number;
}

export class RandomStream implements UniformSource {
  private readonly prng: seedrandom.PRNG;
  readonly name: string;

  constructor(seed: number | string, name: string) {
    this.name = name;
    this.prng = seedrandom.alea(`session-sim/${seed}/${name}`);
  }

  next(): number {
    return this.prng();
  }

  /**
   * A uniform 32-bit integer, signed (e.g. to seed an EntityRandom): a small integer to V8,
   * never a heap number (an unsigned one above 2^31 is one, allocated each time it leaves a
   * function not inlined). `>>> 0` reads the same bits unsigned.
   */
  nextInt32(): number {
    return this.prng.int32();
  }

  /** A uniform integer in [0, n). */
  nextInt(n: number): number {
    return Math.floor(this.prng() * n);
  }
}

/** Creates and remembers the streams of one run; same (seed, name) ⇒ same sequence. */
export class RandomStreams {
  private readonly streams = new Map<string, RandomStream>();
  constructor(readonly seed: number | string) {}

  stream(name: string): RandomStream {
    let s = this.streams.get(name);
    if (s === undefined) {
      s = new RandomStream(this.seed, name);
      this.streams.set(name, s);
    }
    return s;
  }
}

/**
 * Mulberry32: a tiny generator whose whole state is one 32-bit integer, for entities
 * (a user session) that need their own reproducible sequence. It passes gjrand and
 * PractRand up to the sequence lengths a session uses (hundreds of draws).
 */
export class EntityRandom implements UniformSource {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  reseed(seed: number): void {
    this.state = seed >>> 0;
  }

  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}
