/**
 * A user session (the client side of it) and the requests it sends.
 * Sessions and requests are plain mutable records; requests are pooled and reused so
 * the request path allocates nothing.
 */
import type { EntityRandom, UniformSource } from '../engine/random.js';

/** Session.flags bits. */
const REFUSES_COOKIES = 1;
const HAS_STATE = 2;
const LOST = 4;
const EXPIRED = 8;
const HAS_TOKEN = 16;
const FORCE_REFRESH = 32;

/**
 * A user session. Kept small because a run holds every live one (hundreds of thousands in a
 * big scenario): the fields every strategy uses are inline, booleans share one integer, the
 * per-session generator's state is an inline integer (the session is its own UniformSource),
 * and what only some strategies or options use — store bookkeeping, tokens, locks, a mobile
 * user's generators — lives in small side records created on the first write of a
 * non-default value. The accessors keep the field names, so call sites read as before.
 */
export class Session implements UniformSource {
  /** Where the world keeps it while it is live (World: slot table, dense live list). */
  slot = -1;
  liveIndex = -1;
  /** Mulberry32 state of the session's own generator. */
  private rngState: number;
  /** Requests still to send, including the one in flight. */
  requestsLeft = 0;
  /** Client IPv4 address, stored as a signed 32-bit integer (read back unsigned). */
  private ipBits = 0;
  private flags = 0;
  /** Server named by the affinity cookie or URL session id; -1 when none. */
  pinnedServer = -1;
  /** Server whose memory holds the state (in-memory strategies). */
  stateServer = -1;
  /** That server's incarnation when the state was written; a crash bumps it. */
  stateIncarnation = 0;
  /** Last time the state was touched (idle timeout and store TTL count from here). */
  lastAccess = 0;
  // The balancer's cookie (load-balancer model).
  /** When the balancer's affinity cookie was set, and last came back (HAProxy maxlife / maxidle). */
  cookieSetAt = 0;
  cookieSeenAt = 0;
  private storeSide: SessionStoreSide | null = null;
  private tokenSide: SessionTokenSide | null = null;
  private lockSide: SessionLockSide | null = null;
  private netSide: SessionNetSide | null = null;

  constructor(
    readonly id: number,
    readonly startTime: number,
    seed: number,
  ) {
    this.rngState = seed >>> 0;
  }

  /** The session's own generator (Mulberry32, see EntityRandom): the session itself. */
  get rng(): UniformSource {
    return this;
  }

  /** A uniform draw in [0, 1) from the session's generator (EntityRandom.next, inline). */
  next(): number {
    let t = (this.rngState = (this.rngState + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  get ip(): number {
    return this.ipBits >>> 0;
  }
  set ip(v: number) {
    this.ipBits = v | 0;
  }

  private flag(bit: number, on: boolean): void {
    this.flags = on ? this.flags | bit : this.flags & ~bit;
  }

  get refusesCookies(): boolean {
    return (this.flags & REFUSES_COOKIES) !== 0;
  }
  set refusesCookies(v: boolean) {
    this.flag(REFUSES_COOKIES, v);
  }
  // Where the session's state lives, and whether the user has had one yet.
  get hasState(): boolean {
    return (this.flags & HAS_STATE) !== 0;
  }
  set hasState(v: boolean) {
    this.flag(HAS_STATE, v);
  }
  /** Lost at least once (counted once) / expired by design at least once. */
  get lost(): boolean {
    return (this.flags & LOST) !== 0;
  }
  set lost(v: boolean) {
    this.flag(LOST, v);
  }
  get expired(): boolean {
    return (this.flags & EXPIRED) !== 0;
  }
  set expired(v: boolean) {
    this.flag(EXPIRED, v);
  }

  // ── session stores ──
  private get store(): SessionStoreSide {
    return (this.storeSide ??= new SessionStoreSide());
  }
  /** Key hash for the store's placement (cluster slot or ketama point); -1 until computed. */
  get storeHash(): number {
    return this.storeSide === null ? -1 : this.storeSide.storeHash;
  }
  set storeHash(v: number) {
    if (this.storeSide !== null || v !== -1) this.store.storeHash = v;
  }
  /** Store node that got the latest write, and that write's serial (what a fresh read must see). */
  get storeNode(): number {
    return this.storeSide === null ? 0 : this.storeSide.storeNode;
  }
  set storeNode(v: number) {
    if (this.storeSide !== null || v !== 0) this.store.storeNode = v;
  }
  get storeSerial(): number {
    return this.storeSide === null ? -1 : this.storeSide.storeSerial;
  }
  set storeSerial(v: number) {
    if (this.storeSide !== null || v !== -1) this.store.storeSerial = v;
  }
  /** Sticky + backup: content writes made in memory, and the last of them the store has. */
  get writeSerial(): number {
    return this.storeSide === null ? 0 : this.storeSide.writeSerial;
  }
  set writeSerial(v: number) {
    if (this.storeSide !== null || v !== 0) this.store.writeSerial = v;
  }
  get flushedWrite(): number {
    return this.storeSide === null ? 0 : this.storeSide.flushedWrite;
  }
  set flushedWrite(v: number) {
    if (this.storeSide !== null || v !== 0) this.store.flushedWrite = v;
  }

  // ── concurrency and locks ──
  private get locks(): SessionLockSide {
    return (this.lockSide ??= new SessionLockSide());
  }
  /** Requests sent so far (the first one never fires a parallel request; counted with concurrency only). */
  get sent(): number {
    return this.lockSide === null ? 0 : this.lockSide.sent;
  }
  set sent(v: number) {
    if (this.lockSide !== null || v !== 0) this.locks.sent = v;
  }
  /**
   * Conflict bookkeeping per attribute a (lazily allocated when requests can overlap):
   * versions[a] = writes landed, versions[n + a] = how many of them are already counted
   * as overwritten; versions[2n] = every write, touches included (what WATCH sees).
   */
  get versions(): Int32Array | null {
    return this.lockSide === null ? null : this.lockSide.versions;
  }
  set versions(v: Int32Array | null) {
    if (this.lockSide !== null || v !== null) this.locks.versions = v;
  }
  /** Store lock (PHP): serial of the request holding it, and when it expires. */
  get lockOwner(): number {
    return this.lockSide === null ? -1 : this.lockSide.lockOwner;
  }
  set lockOwner(v: number) {
    if (this.lockSide !== null || v !== -1) this.locks.lockOwner = v;
  }
  get lockUntil(): number {
    return this.lockSide === null ? 0 : this.lockSide.lockUntil;
  }
  set lockUntil(v: number) {
    if (this.lockSide !== null || v !== 0) this.locks.lockUntil = v;
  }
  /** Server-side per-session lock: the request holding it, and the queue of waiters. */
  get localLockHolder(): Request | null {
    return this.lockSide === null ? null : this.lockSide.localLockHolder;
  }
  set localLockHolder(v: Request | null) {
    if (this.lockSide !== null || v !== null) this.locks.localLockHolder = v;
  }
  get waitHead(): Request | null {
    return this.lockSide === null ? null : this.lockSide.waitHead;
  }
  set waitHead(v: Request | null) {
    if (this.lockSide !== null || v !== null) this.locks.waitHead = v;
  }
  get waitTail(): Request | null {
    return this.lockSide === null ? null : this.lockSide.waitTail;
  }
  set waitTail(v: Request | null) {
    if (this.lockSide !== null || v !== null) this.locks.waitTail = v;
  }

  // ── tokens ──
  private get token(): SessionTokenSide {
    return (this.tokenSide ??= new SessionTokenSide());
  }
  /** The client holds a token; refresh at the next request (a server rejected it as expired). */
  get hasToken(): boolean {
    return (this.flags & HAS_TOKEN) !== 0;
  }
  set hasToken(v: boolean) {
    this.flag(HAS_TOKEN, v);
  }
  get forceRefresh(): boolean {
    return (this.flags & FORCE_REFRESH) !== 0;
  }
  set forceRefresh(v: boolean) {
    this.flag(FORCE_REFRESH, v);
  }
  /** Access-token expiry (JWT), seconds of simulated time. */
  get tokenExpiry(): number {
    return this.tokenSide === null ? 0 : this.tokenSide.tokenExpiry;
  }
  set tokenExpiry(v: number) {
    if (this.tokenSide !== null || v !== 0) this.token.tokenExpiry = v;
  }
  /** When the token was issued, its key epoch, the refresh token's expiry. */
  get tokenIssuedAt(): number {
    return this.tokenSide === null ? 0 : this.tokenSide.tokenIssuedAt;
  }
  set tokenIssuedAt(v: number) {
    if (this.tokenSide !== null || v !== 0) this.token.tokenIssuedAt = v;
  }
  get tokenKeyEpoch(): number {
    return this.tokenSide === null ? 0 : this.tokenSide.tokenKeyEpoch;
  }
  set tokenKeyEpoch(v: number) {
    if (this.tokenSide !== null || v !== 0) this.token.tokenKeyEpoch = v;
  }
  get refreshExpiry(): number {
    return this.tokenSide === null ? 0 : this.tokenSide.refreshExpiry;
  }
  set refreshExpiry(v: number) {
    if (this.tokenSide !== null || v !== 0) this.token.refreshExpiry = v;
  }
  /** Revoked (logout everywhere, ban) at revokedAt; -1 not revoked. */
  get revokedAt(): number {
    return this.tokenSide === null ? -1 : this.tokenSide.revokedAt;
  }
  set revokedAt(v: number) {
    if (this.tokenSide !== null || v !== -1) this.token.revokedAt = v;
  }

  // ── the client's network (client-network model) ──
  private get net(): SessionNetSide {
    return (this.netSide ??= new SessionNetSide());
  }
  /** A mobile user's own generator for address changes (null: the address never changes). */
  get mobility(): EntityRandom | null {
    return this.netSide === null ? null : this.netSide.mobility;
  }
  set mobility(v: EntityRandom | null) {
    if (this.netSide !== null || v !== null) this.net.mobility = v;
  }
  /** When the address changes next (seconds of simulated time). */
  get nextIpChange(): number {
    return this.netSide === null ? Infinity : this.netSide.nextIpChange;
  }
  set nextIpChange(v: number) {
    if (this.netSide !== null || v !== Infinity) this.net.nextIpChange = v;
  }
  /** Address changes so far. */
  get ipChanges(): number {
    return this.netSide === null ? 0 : this.netSide.ipChanges;
  }
  set ipChanges(v: number) {
    if (this.netSide !== null || v !== 0) this.net.ipChanges = v;
  }
  /** Generator for per-request network draws (page, URL without id): two per request, or null. */
  get requestRng(): EntityRandom | null {
    return this.netSide === null ? null : this.netSide.requestRng;
  }
  set requestRng(v: EntityRandom | null) {
    if (this.netSide !== null || v !== null) this.net.requestRng = v;
  }
}

/** Store bookkeeping of a session that uses a store (external, sticky + backup). */
class SessionStoreSide {
  storeHash = -1;
  storeNode = 0;
  storeSerial = -1;
  writeSerial = 0;
  flushedWrite = 0;
}

/** Overlapping requests and locks (clients.concurrency, store and server locks). */
class SessionLockSide {
  sent = 0;
  versions: Int32Array | null = null;
  lockOwner = -1;
  lockUntil = 0;
  localLockHolder: Request | null = null;
  waitHead: Request | null = null;
  waitTail: Request | null = null;
}

/** Token strategies (jwt, signed cookies). */
class SessionTokenSide {
  tokenExpiry = 0;
  tokenIssuedAt = 0;
  tokenKeyEpoch = 0;
  refreshExpiry = 0;
  revokedAt = -1;
}

/** A mobile user, or per-request network draws. */
class SessionNetSide {
  mobility: EntityRandom | null = null;
  nextIpChange = Infinity;
  ipChanges = 0;
  requestRng: EntityRandom | null = null;
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
