/**
 * The requests a session sends: pooled records, reused so the request path allocates nothing.
 * A record in use holds its session (Session.hold), so the session's slot is not reused while
 * a request of it is in flight.
 */
import { emptyObjectArray } from '../engine/object-arrays.js';
import type { Session } from './session.js';

/**
 * The first value of a field that holds seconds. -0 is a double to V8, where 0 is a small integer:
 * a field that starts at 0 changes representation at its first fractional value, and V8 then
 * discards the optimised code of every function that touched a record of the old shape. For
 * Request, used by the whole pipeline, that happened mid-run, at the start of the first strategy
 * that writes the field (a store's seconds under redis, token CPU under jwt): server-crash took
 * 13 more deoptimisations and ≈ 20 ms longer (README "Performance"). Read as a number it is 0.
 */
const SECONDS = -0;

export class Request {
  session!: Session;
  /** When the client sent it. */
  start = SECONDS;
  server = -1;
  /** The server's incarnation when the request reached it (a crash in between fails it). */
  serverIncarnation = 0;
  /** Application CPU seconds (drawn on the client side for common random numbers). */
  serviceTime = SECONDS;
  /** Extra CPU seconds for session handling (token verification, signing, serialisation). */
  extraCpu = SECONDS;
  /** Whether this request modifies the session. */
  isWrite = false;
  /** Think time after this request's response (drawn with it). */
  thinkTime = SECONDS;
  /** Pipeline phase, see World. */
  phase = 0;
  /** Store outage epoch when the current store operation was sent. */
  storeEpoch = 0;
  /** Queued time at the store, for metrics. */
  storeQueueDelay = SECONDS;
  /** Page requested (the key of hash balancing on `url`). */
  page = 0;
  /** The URL carried no session id (URL rewriting: a bookmark, a shared link). */
  noSessionId = false;
  /** Connection retries left at the balancer (HAProxy `retries`). */
  retriesLeft = 0;
  /** Balancer epoch the request went through: a failover in between breaks its connection. */
  lbEpoch = 0;
  /** How the balancer routed it (RouteKind in load-balancer.ts). */
  routeKind = 0;

  // ── session stores, concurrency and tokens ──
  /** Unique per use of the record (pooled records are reused). */
  serial = 0;
  /** A parallel request: it ends without scheduling the session's next request. */
  companion = false;
  /** Drawn with the request when concurrency is on: the parallel request it fires (delay -1: none). */
  companionDelay = -1;
  companionServiceTime = SECONDS;
  companionIsWrite = false;
  companionAttribute = 0;
  /** The session attribute this request modifies (per-attribute conflicts). */
  attribute = 0;
  /** The state model's step within its phase (several store round trips per phase). */
  step = 0;
  /** Store node of the operation in flight. */
  storeNode = 0;
  /** Seconds spent waiting for the store (round trips, lock spins). */
  storeTime = SECONDS;
  /** Conflict bookkeeping: versions seen when the session was read. */
  readVersion = 0;
  readWrites = 0;
  /** Lock spins or compare-and-set retries so far. */
  retries = 0;
  /** When the request started waiting for a lock. */
  waitSince = SECONDS;
  /** The store was unreachable and the request went on without it (fail-open). */
  failedOpen = false;
  /** The session did not exist (new or lost): the save must create it. */
  sessionIsNew = false;
  /** Next request waiting for the same session lock. */
  nextWaiter: Request | null = null;
  /** WAIT after a write: when it reaches a replica, and whether enough replicas acknowledged in time. */
  replicatedAt = SECONDS;
  waitOk = true;
  /** Serial of a write awaiting WAIT's confirmation. */
  pendingSerial = 0;

  constructor(readonly id: number) {}
}

/** A free list of Request records indexed by id. */
export class RequestPool {
  /** Of the object kind from the start: src/engine/object-arrays.ts. */
  readonly all: Request[] = emptyObjectArray();
  private readonly free: number[] = [];
  private serial = 0;

  acquire(session: Session, now: number): Request {
    const id = this.free.length > 0 ? this.free.pop()! : this.all.push(new Request(this.all.length)) - 1;
    const r = this.all[id]!;
    session.hold();
    r.session = session;
    r.start = now;
    r.server = -1;
    r.extraCpu = 0;
    r.phase = 0;
    r.storeQueueDelay = 0;
    r.serial = ++this.serial;
    r.companion = false;
    r.companionDelay = -1;
    r.step = 0;
    r.storeTime = 0;
    r.retries = 0;
    r.failedOpen = false;
    r.sessionIsNew = false;
    r.nextWaiter = null;
    // page and noSessionId are written before every request when drawn at all, routeKind by the
    // balancer, retriesLeft by the world: no reset needed here.
    return r;
  }

  release(r: Request): void {
    r.session.unhold();
    this.free.push(r.id);
  }
}
