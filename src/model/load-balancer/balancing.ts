/**
 * The balancing algorithms: how a server is chosen for a request without (or after losing)
 * affinity. Every algorithm chooses among the pool's eligible servers, honours weights (and
 * the slow-start ramp through effective weights), and can avoid one server (HAProxy passes
 * the failed server to the algorithm on `redispatch`; if it is the only one left, it is used).
 *
 *   round-robin        HAProxy `roundrobin`, NGINX default: weighted; with unequal weights the
 *                      picks are interleaved like NGINX's smooth weighted round-robin
 *   least-connections  HAProxy `leastconn`: fewest requests in service *or queued* per unit of
 *                      weight ((load + 1) / weight), ties in round-robin order
 *   random             HAProxy `random(1)`, NGINX `random`: weighted uniform draw
 *   power-of-d         HAProxy `random(d)` (d = 2), Envoy `least_request` (choice_count 2), NGINX
 *                      `random two least_conn`: draw d servers (with replacement), take the least loaded
 *   hash               a HashSelector (HAProxy `balance source|uri|hdr`, NGINX `hash`)
 *
 * Nothing here allocates; random draws come from the strategy's own `lb:random:<name>` stream.
 */
import type { RandomStream } from '../../engine/random.js';
import type { BalancingAlgorithm } from '../config.js';
import type { Server } from '../server.js';
import type { Request } from '../session.js';
import { FALL_BACK_TO_ROUND_ROBIN } from './hashing.js';
import type { HashSelector } from './hash-selector.js';
import type { ServerPool } from './server-pool.js';

export class Balancer {
  private rrNext = 0;
  /** Smooth weighted round-robin state (NGINX ngx_http_upstream_get_peer: current_weight). */
  private readonly current: Float64Array;

  constructor(
    private readonly pool: ServerPool,
    private readonly servers: readonly Server[],
    readonly algorithm: BalancingAlgorithm,
    /** d of power-of-d. */
    private readonly choices: number,
    private readonly random: RandomStream,
    private readonly hash: HashSelector | null,
  ) {
    if (algorithm === 'hash' && hash === null) throw new Error('hash balancing needs a HashSelector');
    this.current = new Float64Array(pool.size);
  }

  /** A server for `req`, never `avoid` unless it is the only eligible one; -1 when none is eligible. */
  pick(req: Request, avoid: number): number {
    switch (this.algorithm) {
      case 'round-robin':
        return this.roundRobin(avoid);
      case 'least-connections':
        return this.leastConnections(avoid);
      case 'random':
        return this.randomPick(avoid);
      case 'power-of-d':
        return this.powerOfD(avoid);
      case 'hash': {
        const s = this.hash!.pick(req.session, req.page);
        // NGINX falls back to round robin after 20 re-hashes; a redispatch must avoid the failed server.
        if (s === FALL_BACK_TO_ROUND_ROBIN || (s === avoid && s >= 0 && this.pool.eligibleCount > 1)) return this.roundRobin(avoid);
        return s;
      }
    }
  }

  roundRobin(avoid: number): number {
    const pool = this.pool;
    if (!pool.uniform) return this.smoothWeighted(avoid);
    const eligible = pool.eligible;
    const n = pool.size;
    for (let k = 0; k < n; k++) {
      const i = (this.rrNext + k) % n;
      if (eligible[i] && i !== avoid) {
        this.rrNext = (i + 1) % n;
        return i;
      }
    }
    return avoid >= 0 && eligible[avoid] ? avoid : -1;
  }

  /**
   * NGINX smooth weighted round-robin: each pick adds every server's weight to its current
   * value, takes the largest, and subtracts the total from it. Weights 5,1,1 give a,a,b,a,c,a,a
   * rather than a,a,a,a,a,b,c; shares equal the weights as HAProxy `roundrobin` gives them.
   */
  private smoothWeighted(avoid: number): number {
    const pool = this.pool;
    const eligible = pool.eligible;
    const w = pool.effectiveWeight;
    const cur = this.current;
    let total = 0;
    let best = -1;
    for (let i = 0; i < pool.size; i++) {
      if (!eligible[i] || i === avoid) continue;
      cur[i]! += w[i]!;
      total += w[i]!;
      if (best < 0 || cur[i]! > cur[best]!) best = i;
    }
    if (best < 0) return avoid >= 0 && eligible[avoid] ? avoid : -1;
    cur[best]! -= total;
    return best;
  }

  /** Fewest requests in service or queued per unit of weight; ties go round-robin (HAProxy leastconn). */
  leastConnections(avoid: number): number {
    const pool = this.pool;
    const eligible = pool.eligible;
    const uniform = pool.uniform;
    const w = pool.effectiveWeight;
    const n = pool.size;
    let best = -1;
    let bestKey = Infinity;
    for (let k = 0; k < n; k++) {
      const i = (this.rrNext + k) % n;
      if (!eligible[i] || i === avoid) continue;
      const load = this.servers[i]!.load;
      const key = uniform ? load : (load + 1) / w[i]!;
      if (key < bestKey) {
        best = i;
        bestKey = key;
      }
    }
    if (best < 0) return avoid >= 0 && eligible[avoid] ? avoid : -1;
    this.rrNext = (best + 1) % n;
    return best;
  }

  /** One weighted draw among eligible servers (one uniform from the strategy's stream). */
  randomPick(avoid: number): number {
    const pool = this.pool;
    const eligible = pool.eligible;
    const n = pool.size;
    if (pool.uniform) {
      let count = pool.eligibleCount;
      const skip = avoid >= 0 && eligible[avoid] && count > 1 ? avoid : -1;
      if (skip >= 0) count--;
      if (count === 0) return -1;
      const k = this.random.nextInt(count);
      // The k-th eligible server in slot order, `skip` left out: the list is sorted, so the k-th
      // entry is the answer when it lies before `skip`, else the next one (same draw, same server).
      const list = pool.eligibleList;
      return skip < 0 || list[k]! < skip ? list[k]! : list[k + 1]!;
    }
    const w = pool.effectiveWeight;
    let total = 0;
    for (let i = 0; i < n; i++) if (eligible[i] && i !== avoid) total += w[i]!;
    if (total <= 0) return avoid >= 0 && eligible[avoid] ? avoid : -1;
    let x = this.random.next() * total;
    let last = -1;
    for (let i = 0; i < n; i++) {
      if (!eligible[i] || i === avoid) continue;
      last = i;
      x -= w[i]!;
      if (x < 0) return i;
    }
    return last; // rounding at the very top of the range
  }

  /**
   * Power of d choices (Mitzenmacher 2001): d weighted draws, the least loaded wins (load per unit
   * of weight, as HAProxy compares them); the first drawn wins a tie. Max load then grows like
   * ln ln n / ln d instead of ln n / ln ln n for a single random choice.
   */
  private powerOfD(avoid: number): number {
    const pool = this.pool;
    const w = pool.effectiveWeight;
    let best = -1;
    let bestKey = Infinity;
    for (let k = 0; k < this.choices; k++) {
      const i = this.randomPick(avoid);
      if (i < 0) return -1;
      const key = (this.servers[i]!.load + 1) / w[i]!;
      if (key < bestKey) {
        best = i;
        bestKey = key;
      }
    }
    return best;
  }
}
