/**
 * Hash balancing: a key of the request (client IP, session id, URL) chooses the server.
 *
 *   key client-ip, ipHash source   HAProxy `balance source`: the whole address, sdbm (HAProxy's
 *                                  default hash function)
 *   key client-ip, ipHash ip_hash  NGINX `ip_hash`: only the first three octets (a whole /24 lands
 *                                  together); modulo the weight of ALL configured servers, re-hash up
 *                                  to 20 times past a failed one, then round robin
 *   key session-id                 a header/cookie/URL parameter carrying the session id (HAProxy
 *                                  `balance hdr(...)`/`url_param`, Envoy ring_hash on a cookie)
 *   key url                        the request's path (HAProxy `balance uri`, NGINX `hash $request_uri`):
 *                                  a cache-friendly spread, not affinity (a user's pages scatter)
 *
 *   hashing modulo       HAProxy `hash-type map-based`: hash mod the total weight of servers in
 *                        service, so any change of that set moves most keys (≈ N/(N+1) on adding one)
 *   hashing consistent   a ring with pointsPerWeight points per unit of weight (HAProxy 16, NGINX/ketama
 *                        160): only ≈ 1/(N+1) of keys move; keys pass through HAProxy's `avalanche`
 *                        mixing first so addresses that differ in few bits spread over the ring
 *   balanceFactor        consistent hashing with bounded loads (HAProxy `hash-balance-factor`)
 */
import type { HashConfig } from '../config.js';
import type { Server } from '../server.js';
import type { Session } from '../session.js';
import { HashRing, mix32, moduloPick, nginxIpHash, nginxIpHashPick, sdbm32 } from './hashing.js';
import type { ServerPool } from './server-pool.js';

export class HashSelector {
  private ring: HashRing | null = null;
  private ringVersion = -1;
  private readonly loads: Int32Array;
  /** The eligible set minus one server (retries); reused, never allocated per request. */
  private readonly scratch: Uint8Array;

  constructor(
    readonly config: HashConfig,
    private readonly pool: ServerPool,
    private readonly servers: readonly Server[],
  ) {
    this.loads = new Int32Array(pool.size);
    this.scratch = new Uint8Array(pool.size);
  }

  /** Does this selector give a session the same server on every request (affinity)? */
  get keyedOnSession(): boolean {
    return this.config.key !== 'url';
  }

  /**
   * The server for a request of `session` to page `page`: an index, -1 when nothing is in
   * service, or FALL_BACK_TO_ROUND_ROBIN (-2, NGINX ip_hash/hash gave up after 20 tries).
   */
  pick(session: Session, page: number): number {
    return this.pickAmong(session, page, this.pool.eligible);
  }

  /**
   * The key's server among the servers in service except `avoid` (the one whose connection just
   * failed): HAProxy `hash-type consistent` redispatch (chash_get_server_hash(p, hash, avoid) walks
   * the ring on to the next server), NGINX retries (the tried peer is skipped: ip_hash and hash
   * re-hash, `consistent` walks the ring). For a ring this is the server the key gets once
   * `avoid` is out of the pool, so an alternate is stable and no second move follows the DOWN.
   * Same results as pick(): an index, -1, or FALL_BACK_TO_ROUND_ROBIN.
   */
  pickAvoiding(session: Session, page: number, avoid: number): number {
    const eligible = this.pool.eligible;
    if (avoid < 0 || !eligible[avoid]) return this.pick(session, page);
    const live = this.scratch;
    for (let i = 0; i < live.length; i++) live[i] = i === avoid ? 0 : eligible[i]!;
    return this.pickAmong(session, page, live);
  }

  /**
   * Envoy host re-selection number `attempt` (≥ 1) under a host predicate: ring_hash takes the
   * point `attempt` places on (the same host may come up again); a modulo hash stands in for
   * Maglev, which re-hashes per attempt.
   */
  pickAttempt(session: Session, page: number, attempt: number): number {
    const c = this.config;
    if (c.hashing === 'modulo') return moduloPick(mix32((this.keyHash(session, page) ^ Math.imul(attempt, 0x9e3779b1)) >>> 0), this.pool.weight, this.pool.eligible);
    return this.currentRing().pickAttempt(mix32(this.keyHash(session, page)), this.pool.eligible, attempt);
  }

  private pickAmong(session: Session, page: number, live: ArrayLike<number>): number {
    const c = this.config;
    const pool = this.pool;
    if (c.hashing === 'modulo') {
      if (c.key === 'client-ip' && c.ipHash === 'ip_hash') return nginxIpHashPick(session.ip, pool.weight, live);
      return moduloPick(this.keyHash(session, page), pool.weight, live);
    }
    const ring = this.currentRing();
    const h = mix32(this.keyHash(session, page));
    if (c.balanceFactor > 0) {
      const loads = this.loads;
      for (let i = 0; i < loads.length; i++) loads[i] = this.servers[i]!.load;
      return ring.pickBounded(h, live, loads, c.balanceFactor);
    }
    return ring.pick(h, live);
  }

  /** The key's hash before any mixing (what map-based hashing divides). */
  private keyHash(session: Session, page: number): number {
    switch (this.config.key) {
      case 'client-ip':
        return this.config.ipHash === 'ip_hash' ? nginxIpHash(session.ip) : sdbm32(session.ip);
      case 'session-id':
        // Session ids are random strings; a bijective mix of the counter stands in for their hash.
        return mix32((session.id ^ 0x5bd1e995) >>> 0);
      case 'url':
        return mix32((page ^ 0x27d4eb2f) >>> 0);
    }
  }

  /** Rings are rebuilt when servers join or leave (not per request): ketama and HAProxy re-insert points. */
  private currentRing(): HashRing {
    if (this.ring === null || this.ringVersion !== this.pool.version) {
      const weights = Array.from(this.pool.weight);
      if (this.ring === null) this.ring = new HashRing(weights, { pointsPerWeight: this.config.pointsPerWeight });
      else this.ring.rebuild(weights);
      this.ringVersion = this.pool.version;
    }
    return this.ring;
  }
}
