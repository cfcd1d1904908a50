/**
 * A user session (the client side of it) and the requests it sends.
 * Sessions and requests are plain mutable records; requests are pooled and reused so
 * the request path allocates nothing.
 */
import { EntityRandom } from '../engine/random.js';

export class Session {
  readonly rng: EntityRandom;
  /** Where the world keeps it while it is live (World: slot table, dense live list). */
  slot = -1;
  liveIndex = -1;
  /** Requests still to send, including the one in flight. */
  requestsLeft = 0;
  /** Client IPv4 address as an unsigned 32-bit integer. */
  ip = 0;
  refusesCookies = false;
  /** Server named by the affinity cookie or URL session id; -1 when none. */
  pinnedServer = -1;

  // Where the session's state lives, and whether the user has had one yet.
  hasState = false;
  /** Server whose memory holds the state (in-memory strategies). */
  stateServer = -1;
  /** That server's incarnation when the state was written; a crash bumps it. */
  stateIncarnation = 0;
  /** Last time the state was touched (idle timeout and store TTL count from here). */
  lastAccess = 0;
  /** Access-token expiry (JWT), seconds of simulated time. */
  tokenExpiry = 0;

  /** Lost at least once (counted once) / expired by design at least once. */
  lost = false;
  expired = false;

  // ── session stores, concurrency and tokens ──
  /** Requests sent so far (the first one never fires a parallel request). */
  sent = 0;
  /** Key hash for the store's placement (cluster slot or ketama point); -1 until computed. */
  storeHash = -1;
  /** Store node that got the latest write, and that write's serial (what a fresh read must see). */
  storeNode = 0;
  storeSerial = -1;
  /** Sticky + backup: content writes made in memory, and the last of them the store has. */
  writeSerial = 0;
  flushedWrite = 0;
  /**
   * Conflict bookkeeping per attribute a (lazily allocated when requests can overlap):
   * versions[a] = writes landed, versions[n + a] = how many of them are already counted
   * as overwritten; versions[2n] = every write, touches included (what WATCH sees).
   */
  versions: Int32Array | null = null;
  /** Store lock (PHP): serial of the request holding it, and when it expires. */
  lockOwner = -1;
  lockUntil = 0;
  /** Server-side per-session lock: the request holding it, and the queue of waiters. */
  localLockHolder: Request | null = null;
  waitHead: Request | null = null;
  waitTail: Request | null = null;
  /** Tokens: the client holds a token; when it was issued, its key epoch, the refresh token's expiry. */
  hasToken = false;
  tokenIssuedAt = 0;
  tokenKeyEpoch = 0;
  refreshExpiry = 0;
  /** Refresh at the next request (a server rejected the token as expired). */
  forceRefresh = false;
  /** Revoked (logout everywhere, ban) at revokedAt; -1 not revoked. */
  revokedAt = -1;
  // The client's network and the balancer's cookie (load-balancer and client-network model).
  /** When the balancer's affinity cookie was set, and last came back (HAProxy maxlife / maxidle). */
  cookieSetAt = 0;
  cookieSeenAt = 0;
  /** A mobile user's own generator for address changes (null: the address never changes). */
  mobility: EntityRandom | null = null;
  /** When the address changes next (seconds of simulated time). */
  nextIpChange = Infinity;
  /** Address changes so far. */
  ipChanges = 0;
  /** Generator for per-request network draws (page, URL without id): two per request, or null. */
  requestRng: EntityRandom | null = null;

  constructor(
    readonly id: number,
    readonly startTime: number,
    seed: number,
  ) {
    this.rng = new EntityRandom(seed);
  }
}

export class Request {
  session!: Session;
  /** When the client sent it. */
  start = 0;
  server = -1;
  /** The server's incarnation when the request reached it (a crash in between fails it). */
  serverIncarnation = 0;
  /** Application CPU seconds (drawn on the client side for common random numbers). */
  serviceTime = 0;
  /** Extra CPU seconds for session handling (token verification, signing, serialisation). */
  extraCpu = 0;
  /** Whether this request modifies the session. */
  isWrite = false;
  /** Think time after this request's response (drawn with it). */
  thinkTime = 0;
  /** Pipeline phase, see World. */
  phase = 0;
  /** Store outage epoch when the current store operation was sent. */
  storeEpoch = 0;
  /** Queued time at the store, for metrics. */
  storeQueueDelay = 0;
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
  companionServiceTime = 0;
  companionIsWrite = false;
  companionAttribute = 0;
  /** The session attribute this request modifies (per-attribute conflicts). */
  attribute = 0;
  /** The state model's step within its phase (several store round trips per phase). */
  step = 0;
  /** Store node of the operation in flight. */
  storeNode = 0;
  /** Seconds spent waiting for the store (round trips, lock spins). */
  storeTime = 0;
  /** Conflict bookkeeping: versions seen when the session was read. */
  readVersion = 0;
  readWrites = 0;
  /** Lock spins or compare-and-set retries so far. */
  retries = 0;
  /** When the request started waiting for a lock. */
  waitSince = 0;
  /** The store was unreachable and the request went on without it (fail-open). */
  failedOpen = false;
  /** The session did not exist (new or lost): the save must create it. */
  sessionIsNew = false;
  /** Next request waiting for the same session lock. */
  nextWaiter: Request | null = null;
  /** WAIT after a write: when it reaches a replica, and whether enough replicas acknowledged in time. */
  replicatedAt = 0;
  waitOk = true;
  /** Serial of a write awaiting WAIT's confirmation. */
  pendingSerial = 0;

  constructor(readonly id: number) {}
}

/** A free list of Request records indexed by id. */
export class RequestPool {
  readonly all: Request[] = [];
  private readonly free: number[] = [];
  private serial = 0;

  acquire(session: Session, now: number): Request {
    const id = this.free.length > 0 ? this.free.pop()! : this.all.push(new Request(this.all.length)) - 1;
    const r = this.all[id]!;
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
    this.free.push(r.id);
  }
}
