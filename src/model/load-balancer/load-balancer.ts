/**
 * Where the load balancer decides which server gets a request.
 *
 * route(req) applies the strategy's affinity first and falls back to the balancing algorithm
 * (balancing.ts) when there is no binding or the bound server cannot serve:
 *
 *   cookie       HAProxy `cookie SRV insert indirect nocache [maxidle] [maxlife]`: the response
 *                names the server; a cookie idle or old beyond maxidle/maxlife is ignored;
 *                clients refusing cookies never send one back and are balanced every time
 *   url          the session id rewritten into URLs with a server route (Tomcat jvmRoute): survives
 *                cookie refusal; a request arriving without it (bookmark, shared link) is balanced
 *                anew and finds no session, but the id in the user's other links still works
 *   ip-hash      hash of the client address (hash-selector.ts): HAProxy `balance source` or NGINX
 *                `ip_hash`, modulo or consistent
 *   stick-table  HAProxy `stick on src`: the first server a source address reaches is stored in
 *                a table (stick-table.ts) with expiry and a size limit
 *
 * A pinned server that is marked DOWN (or ejected, or in maintenance, or removed) is ignored and
 * the request is balanced; with `afterDown: re-pin` (HAProxy) the client is re-pinned for good
 * to the server that answers, with `return` the binding is kept and the client goes back once
 * its server is UP again. `persist` (HAProxy `option persist`) keeps sending pinned clients to
 * a DOWN server. A server that is dead but still marked UP is chosen like any other: the
 * connection then fails and the world retries (HAProxy `retries`, `redispatch`).
 */
import type { RandomStream } from '../../engine/random.js';
import type { Affinity, BalancingAlgorithm, LoadBalancerConfig, RoutingConfig } from '../config.js';
import type { Server } from '../server.js';
import type { Request, Session } from '../session.js';
import { Balancer } from './balancing.js';
import { FALL_BACK_TO_ROUND_ROBIN } from './hashing.js';
import { HashSelector } from './hash-selector.js';
import type { PassiveHealth } from './passive-health.js';
import type { ServerPool } from './server-pool.js';
import { StickTable } from './stick-table.js';

export type AffinityMode = Affinity | 'none';

/** How route() chose: by the algorithm, by following a binding, or balanced because the bound server could not serve. */
export const RouteKind = { Balanced: 0, Followed: 1, Failover: 2 } as const;

export interface LoadBalancerOptions {
  pool: ServerPool;
  servers: readonly Server[];
  algorithm: BalancingAlgorithm;
  affinity: AffinityMode;
  routing: RoutingConfig;
  config: LoadBalancerConfig;
  /** The strategy's own stream (`lb:random:<name>`). */
  random: RandomStream;
  passive: PassiveHealth | null;
}

export class LoadBalancer {
  readonly affinity: AffinityMode;
  readonly algorithm: BalancingAlgorithm;
  readonly balancer: Balancer;
  /** Hashing of ip-hash affinity, or of `algorithm: hash`. */
  readonly hash: HashSelector | null;
  readonly routing: RoutingConfig;
  private readonly pool: ServerPool;
  private readonly passive: PassiveHealth | null;
  /** Stick tables: [active, standby] without replication; one shared table with it. */
  private readonly tables: (StickTable | null)[] = [null, null];
  private activeTable = 0;
  private readonly persist: boolean;
  private readonly returnAfterDown: boolean;
  /** Cookie or URL affinity without maxidle/maxlife: a usable pinned server is the answer. */
  private readonly fastPin: boolean;
  /** No maxidle/maxlife to check (and for URL affinity, nothing to check at all). */
  private readonly plainCookie: boolean;
  /** maxidle is set: the cookie's last-seen date must be kept. */
  private readonly tracksIdle: boolean;

  constructor(o: LoadBalancerOptions) {
    this.pool = o.pool;
    this.affinity = o.affinity;
    this.algorithm = o.algorithm;
    this.routing = o.routing;
    this.passive = o.passive;
    this.persist = o.routing.persist;
    this.returnAfterDown = o.routing.afterDown === 'return';
    this.plainCookie = o.affinity === 'url' || (o.routing.maxIdle === null && o.routing.maxLife === null);
    this.tracksIdle = o.routing.maxIdle !== null;
    this.fastPin = (o.affinity === 'cookie' || o.affinity === 'url') && this.plainCookie;
    const needsHash = o.affinity === 'ip-hash' || o.algorithm === 'hash';
    this.hash = needsHash ? new HashSelector(o.routing.hash, o.pool, o.servers) : null;
    this.balancer = new Balancer(o.pool, o.servers, o.algorithm, o.config.choices, o.random, o.algorithm === 'hash' ? this.hash : null);
    if (o.affinity === 'stick-table') this.tables[0] = new StickTable(o.routing.stickTable.size, o.routing.stickTable.expire);
  }

  /** The stick table in use (stick-table affinity), else null. */
  get stickTable(): StickTable | null {
    return this.tables[this.activeTable] ?? null;
  }

  /** The server for this request, or -1 when none can take it. Sets req.routeKind. */
  route(req: Request, now: number): number {
    const session = req.session;
    // Hot path: a cookie/URL binding to a server in service (most requests of a sticky run).
    const pinned = session.pinnedServer;
    if (pinned >= 0 && this.fastPin && this.pool.usable[pinned] === 1 && !session.refusesCookies && !req.noSessionId) {
      req.routeKind = RouteKind.Followed;
      return pinned;
    }
    return this.routeSlow(req, now);
  }

  private routeSlow(req: Request, now: number): number {
    const session = req.session;
    req.routeKind = RouteKind.Balanced;
    switch (this.affinity) {
      case 'cookie':
        if (!session.refusesCookies && session.pinnedServer >= 0 && this.cookieValid(session, now)) {
          if (this.followPin(session.pinnedServer)) return this.followed(req, session.pinnedServer);
          req.routeKind = RouteKind.Failover;
        }
        return this.balance(req, -1);
      case 'url':
        if (!req.noSessionId && session.pinnedServer >= 0) {
          if (this.followPin(session.pinnedServer)) return this.followed(req, session.pinnedServer);
          req.routeKind = RouteKind.Failover;
        }
        return this.balance(req, -1);
      case 'ip-hash': {
        const s = this.hash!.pick(session, req.page);
        // NGINX ip_hash: after 20 re-hashes on failed servers, plain round robin.
        return s === FALL_BACK_TO_ROUND_ROBIN ? this.balancer.roundRobin(-1) : s >= 0 ? s : this.rescue(req);
      }
      case 'stick-table': {
        const table = this.stickTable!;
        const pinned = table.peek(session.ip, now);
        if (pinned >= 0) {
          if (this.followPin(pinned)) {
            table.touch(session.ip, now);
            return this.followed(req, pinned);
          }
          req.routeKind = RouteKind.Failover;
        }
        const s = this.balance(req, -1);
        // `stick on src` stores the entry when the connection is made (`return` keeps the old one).
        if (s >= 0 && !(req.routeKind === RouteKind.Failover && this.returnAfterDown)) this.storeStick(session.ip, s, now);
        return s;
      }
      case 'none':
        return this.balance(req, -1);
    }
  }

  /** HAProxy `option redispatch`: the last retry goes to another server, chosen by the algorithm. */
  redispatch(req: Request, avoid: number, now: number): number {
    if (req.routeKind === RouteKind.Followed) req.routeKind = RouteKind.Failover;
    const s = this.balancer.pick(req, avoid);
    if (this.affinity === 'stick-table' && s >= 0 && !(req.routeKind === RouteKind.Failover && this.returnAfterDown)) {
      this.storeStick(req.session.ip, s, now);
    }
    return s;
  }

  /** After a response from `server`: cookie insert and URL rewriting bind the client to it. */
  bind(req: Request, server: number, now: number): void {
    const session = req.session;
    // The common case: the cookie brought the client where it was pinned; only its idle date moves.
    if (req.routeKind === RouteKind.Followed) {
      if (this.tracksIdle) session.cookieSeenAt = now;
      return;
    }
    this.bindNew(req, server, now);
  }

  /** A response to a balanced (or failed-over) request: set the cookie / the URL route. */
  private bindNew(req: Request, server: number, now: number): void {
    const session = req.session;
    if (this.affinity === 'cookie') {
      if (session.refusesCookies) return;
      // `return`: the cookie still names the DOWN server, the client goes back once it is UP.
      if (req.routeKind === RouteKind.Failover && this.returnAfterDown && this.pool.provisioned[session.pinnedServer]) return;
      if (session.pinnedServer !== server || req.routeKind === RouteKind.Balanced) session.cookieSetAt = now;
      session.pinnedServer = server;
      session.cookieSeenAt = now;
    } else if (this.affinity === 'url') {
      if (req.noSessionId) return;
      if (req.routeKind === RouteKind.Failover && this.returnAfterDown && this.pool.provisioned[session.pinnedServer]) return;
      session.pinnedServer = server;
    }
  }

  /**
   * The standby balancer takes over. Cookies and URLs travel with the clients and hashing sees the
   * same servers, so only the stick table can be lost: the standby has its own (empty, or stale
   * from its last turn) unless tables are replicated (HAProxy `peers`). Returns the live entries lost.
   */
  failover(now: number): number {
    if (this.affinity !== 'stick-table' || this.routing.stickTable.replicated) return 0;
    const lost = this.stickTable!.liveCount(now);
    this.activeTable = 1 - this.activeTable;
    if (this.tables[this.activeTable] === null) {
      this.tables[this.activeTable] = new StickTable(this.routing.stickTable.size, this.routing.stickTable.expire);
    }
    return lost;
  }

  /** A new server takes over slot `server`: stick entries naming the old one are dropped (cookies: see World.forgetServer). */
  forgetServer(server: number): void {
    for (const t of this.tables) t?.forgetServer(server);
  }

  /**
   * Where the session's binding would send it now, without side effects: for counting the
   * sessions a change of the server set moves. -1 when it has no binding (balanced anew).
   */
  targetOf(session: Session, now: number): number {
    switch (this.affinity) {
      case 'cookie':
      case 'url':
        if (this.affinity === 'cookie' && session.refusesCookies) return -1;
        return session.pinnedServer >= 0 && this.followPin(session.pinnedServer) ? session.pinnedServer : -1;
      case 'ip-hash':
        return this.hash!.pick(session, 0);
      case 'stick-table': {
        const s = this.stickTable!.peek(session.ip, now);
        return s >= 0 && this.followPin(s) ? s : -1;
      }
      case 'none':
        return this.hash !== null && this.hash.keyedOnSession ? this.hash.pick(session, 0) : -1;
    }
  }

  private followed(req: Request, server: number): number {
    req.routeKind = RouteKind.Followed;
    return server;
  }

  /** May a client pinned to `s` be sent there? Draining servers keep theirs; `persist` ignores DOWN. */
  private followPin(s: number): boolean {
    const pool = this.pool;
    if (pool.usable[s]) return true;
    return this.persist && pool.provisioned[s] === 1 && pool.maintenance[s] === 0;
  }

  /** HAProxy maxlife counts from when the cookie was set, maxidle from when it last came back. */
  private cookieValid(session: Session, now: number): boolean {
    const r = this.routing;
    if (r.maxLife !== null && now - session.cookieSetAt > r.maxLife) return false;
    if (r.maxIdle !== null && now - session.cookieSeenAt > r.maxIdle) return false;
    return true;
  }

  private balance(req: Request, avoid: number): number {
    const s = this.balancer.pick(req, avoid);
    return s >= 0 ? s : this.rescue(req);
  }

  /** Nothing eligible: NGINX forgets passive failures and tries every server again. */
  private rescue(req: Request): number {
    if (this.passive !== null && this.passive.quickRecovery()) return this.balancer.pick(req, -1);
    return -1;
  }

  /** With replication (HAProxy peers push every update) both balancers share one table, so one put serves both. */
  private storeStick(ip: number, server: number, now: number): void {
    this.stickTable!.put(ip, server, now);
  }
}
