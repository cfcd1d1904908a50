/**
 * Where the load balancer decides which server gets a request.
 *
 * route(session) applies the strategy's affinity first (cookie, URL session id, client-IP
 * hash), and falls back to the balancing algorithm when there is no binding or the bound
 * server is marked DOWN. A server that is dead but still marked UP is chosen like any
 * other: the request then fails, as it does in front of real balancers until the health
 * checks notice.
 */
import type { RandomStream } from '../../engine/random.js';
import type { Affinity, BalancingAlgorithm } from '../config.js';
import type { Server } from '../server.js';
import type { Session } from '../session.js';
import { moduloPick, sdbm32 } from './hashing.js';

export type AffinityMode = Affinity | 'none';

export class LoadBalancer {
  private rrNext = 0;
  /** Configured weights (all 1 until weighted balancing is configured). */
  readonly weights: Int32Array;

  constructor(
    private readonly servers: Server[],
    /** The balancer's view of each server (1 = UP), owned by the health checker. */
    readonly up: Uint8Array,
    readonly algorithm: BalancingAlgorithm,
    readonly affinity: AffinityMode,
    private readonly random: RandomStream,
  ) {
    this.weights = new Int32Array(servers.length).fill(1);
  }

  /** The server for this request, or -1 when no server is marked UP. */
  route(session: Session): number {
    switch (this.affinity) {
      case 'cookie':
        // HAProxy `cookie SRV insert`: follow the cookie unless that server is DOWN; a
        // client that refuses cookies never sends one back, so it is balanced every time.
        if (!session.refusesCookies && session.pinnedServer >= 0 && this.up[session.pinnedServer]) return session.pinnedServer;
        return this.balance();
      case 'url':
        // Session id rewritten into URLs (e.g. Tomcat `;jsessionid=…​.s2` with jvmRoute):
        // survives cookie refusal.
        if (session.pinnedServer >= 0 && this.up[session.pinnedServer]) return session.pinnedServer;
        return this.balance();
      case 'ip-hash':
        // HAProxy `balance source` with the default `hash-type map-based`: sdbm hash of the
        // address modulo the total weight of the servers currently UP, so every change
        // of the live set re-maps most clients.
        return moduloPick(sdbm32(session.ip), this.weights, this.up);
      case 'none':
        return this.balance();
    }
  }

  /** After a response: cookie insert and URL rewriting bind the client to the server that answered. */
  bind(session: Session, server: number): void {
    if (this.affinity === 'url' || (this.affinity === 'cookie' && !session.refusesCookies)) session.pinnedServer = server;
  }

  /** The balancing algorithm alone, over servers marked UP. */
  balance(): number {
    switch (this.algorithm) {
      case 'round-robin':
        return this.roundRobin();
      case 'least-connections':
        return this.leastConnections();
      case 'random':
        return this.randomPick();
    }
  }

  private roundRobin(): number {
    const n = this.servers.length;
    for (let k = 0; k < n; k++) {
      const i = (this.rrNext + k) % n;
      if (this.up[i]) {
        this.rrNext = (i + 1) % n;
        return i;
      }
    }
    return -1;
  }

  /** Fewest requests in service or queued; ties go round-robin (HAProxy leastconn). */
  private leastConnections(): number {
    const n = this.servers.length;
    let best = -1;
    let bestLoad = Infinity;
    for (let k = 0; k < n; k++) {
      const i = (this.rrNext + k) % n;
      if (!this.up[i]) continue;
      const load = this.servers[i]!.load;
      if (load < bestLoad) {
        best = i;
        bestLoad = load;
      }
    }
    if (best >= 0) this.rrNext = (best + 1) % n;
    return best;
  }

  /** Uniformly among servers UP, from the strategy's own `lb:random` stream. */
  private randomPick(): number {
    let upCount = 0;
    for (let i = 0; i < this.up.length; i++) upCount += this.up[i]!;
    if (upCount === 0) return -1;
    let k = this.random.nextInt(upCount);
    for (let i = 0; i < this.up.length; i++) {
      if (this.up[i] && k-- === 0) return i;
    }
    return -1;
  }
}
