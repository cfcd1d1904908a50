/**
 * How many clients move when a server leaves or joins: consistent hashing vs modulo.
 *
 * Theory. Consistent hashing (Karger et al., STOC 1997): each server owns the arcs before its
 * points on a ring; removing a server moves only its own keys, and for a ring placed at random
 * its expected share is 1/N (the servers are exchangeable), so a removal moves 1/N of keys and
 * an addition 1/(N+1) (the new server's share). Map-based hashing (HAProxy `hash-type
 * map-based`, hash mod live servers): a key of hash h stays only if h mod N and h mod (N−1) name
 * the same server; for uniform h the pair (h mod N, h mod (N−1)) is uniform on Z_N × Z_(N−1)
 * (N and N−1 are coprime, Chinese remainder theorem) and exactly N−1 of its N(N−1) values keep
 * the key, so (N−1)/N move on a removal and N/(N+1) on an addition.
 *
 * Measurement, as the balancer does it: client addresses drawn by the ClientPopulation, hashed
 * with sdbm (HAProxy `balance source`); a ring of 160 points per server (ketama) placed from
 * the replication's seed. Each replication gives the moved share; R replications give the
 * interval.
 */
import { beforeAll, describe, it } from 'vitest';
import { RandomStreams } from '../../src/engine/random.js';
import { ClientPopulation } from '../../src/model/client-population.js';
import { HashRing, moduloPick, sdbm32 } from '../../src/model/load-balancer/hashing.js';
import { resolveScenario } from '../../src/scenario/load.js';
import { expectCovers, expectExcludes, replicateEstimates } from './support.js';

const N = 8;
const KEYS = 20_000;
const R = 20;
const config = resolveScenario({ name: 'client addresses', seed: 1997 });

function clientHashes(seed: number): Uint32Array {
  const streams = new RandomStreams(seed);
  const clients = new ClientPopulation(config.clients, config.servers, streams.stream('arrivals'), streams.stream('sessions'));
  return Uint32Array.from({ length: KEYS }, () => sdbm32(clients.createSession(0).ip));
}

function movedShare(before: (h: number) => number, after: (h: number) => number, hashes: Uint32Array): number {
  let moved = 0;
  for (const h of hashes) if (before(h) !== after(h)) moved++;
  return moved / hashes.length;
}

describe('Remapped share when a server leaves or joins (Karger et al. 1997)', () => {
  let est: Record<'ringRemove' | 'ringAdd' | 'moduloRemove' | 'moduloAdd', number[]>;
  beforeAll(() => {
    const ones = (n: number) => new Array<number>(n).fill(1);
    const live = (n: number, down = -1) => Array.from({ length: n }, (_, i) => i !== down);
    const [wN, wN1, allN, allN1] = [ones(N), ones(N + 1), live(N), live(N + 1)];
    est = replicateEstimates(R, config.seed, (seed) => {
      const hashes = clientHashes(seed);
      const ring = new HashRing(wN, { pointsPerWeight: 160, seed: seed >>> 0 });
      const bigger = new HashRing(wN1, { pointsPerWeight: 160, seed: seed >>> 0 });
      const down = (seed >>> 0) % N; // which server leaves varies with the replication
      const withoutOne = live(N, down);
      return {
        ringRemove: movedShare((h) => ring.pick(h, allN), (h) => ring.pick(h, withoutOne), hashes),
        ringAdd: movedShare((h) => ring.pick(h, allN), (h) => bigger.pick(h, allN1), hashes),
        moduloRemove: movedShare((h) => moduloPick(h, wN, allN), (h) => moduloPick(h, wN, withoutOne), hashes),
        moduloAdd: movedShare((h) => moduloPick(h, wN, allN), (h) => moduloPick(h, wN1, allN1), hashes),
      };
    });
  });
  // Four coverage checks in this file.
  const m = 4;

  it('consistent ring: removing 1 of N moves 1/N; adding one moves 1/(N+1)', () => {
    const remove = expectCovers(`ring remove 1 of ${N}`, est.ringRemove, 1 / N, m);
    expectCovers(`ring add 1 to ${N}`, est.ringAdd, 1 / (N + 1), m);
    // Power: the interval tells 1/N from 1/(N−1) and 1/(N+1).
    expectExcludes('1/(N−1)', remove, 1 / (N - 1));
    expectExcludes('1/(N+1)', remove, 1 / (N + 1));
  });

  it('modulo (map-based): removing 1 of N moves (N−1)/N; adding one moves N/(N+1)', () => {
    const remove = expectCovers(`modulo remove 1 of ${N}`, est.moduloRemove, (N - 1) / N, m);
    expectCovers(`modulo add 1 to ${N}`, est.moduloAdd, N / (N + 1), m);
    expectExcludes('(N−2)/(N−1)', remove, (N - 2) / (N - 1));
  });
});
