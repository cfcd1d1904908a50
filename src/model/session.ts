/**
 * A user session (the client side of it): a view of its slot in a page of columns.
 *
 * A run holds every live session at once (hundreds of thousands in a big scenario), so a
 * session's numbers live in typed arrays, one per field, indexed by slot (struct of arrays):
 * 8 bytes per time, 4 per integer, 1 for the flags, instead of a tagged field each plus a
 * heap box per double. The columns come in pages of a fixed number of slots, so the table
 * grows by adding a page and never copies (no old copy left for the collector, no RSS peak
 * at a doubling). What only some strategies use — store bookkeeping, tokens — is a column
 * group a page allocates on the first non-default write; what is not a number — locks and
 * their waiting requests, a mobile user's generators — a side record per session, also on
 * demand. The accessors keep the field names, so call sites read `session.lastAccess`.
 *
 * Slots, and the Session objects over them, are reused (SessionTable): whoever keeps a
 * reference to a session past the current event — a request record, a write-behind entry —
 * takes a hold (hold/unhold), and a slot is reused only once its session has ended and no
 * hold is left.
 */
import type { EntityRandom, UniformSource } from '../engine/random.js';
import type { Request } from './request.js';
import { SessionPage, SessionLockSide, SessionNetSide } from './session-page.js';

export { Request, RequestPool } from './request.js';

/** Session flags bits (one byte per session). */
const REFUSES_COOKIES = 1;
const HAS_STATE = 2;
const LOST = 4;
const EXPIRED = 8;
const HAS_TOKEN = 16;
const FORCE_REFRESH = 32;
/** The session has ended (its slot is free, or held until the last reference lets go). */
export const ENDED = 64;

/**
 * A user session. Its numbers are its slot's entries in its page (`p`, index `i`); the
 * object itself holds nothing else, and is reused by the next session of the slot.
 */
export class Session implements UniformSource {
  /** @internal The page holding the session's columns, and its index there. */
  readonly p: SessionPage;
  readonly i: number;

  /**
   * A session of its own, outside any table (tests). A run's sessions come from
   * SessionTable.open, which passes the page and index of a slot already initialised.
   */
  constructor(id: number, startTime: number, seed: number, page?: SessionPage, index = 0) {
    if (page === undefined) {
      page = new SessionPage(1, null, 0);
      page.init(0, id, startTime, seed);
    }
    this.p = page;
    this.i = index;
  }

  /** Never reused: the session id the balancer hashes and the store keys on. */
  get id(): number {
    return this.p.id[this.i]!;
  }
  get startTime(): number {
    return this.p.startTime[this.i]!;
  }
  /** The session's slot in its table (events carry (slot, id)). */
  get slot(): number {
    return this.p.base + this.i;
  }

  /** A reference kept past this event (a request record, a queued flush); see SessionTable. */
  hold(): void {
    this.p.holds[this.i]!++;
  }
  unhold(): void {
    const left = --this.p.holds[this.i]!;
    if (left < 0) throw new Error(`session ${this.id} let go more often than held`);
    if (left === 0 && (this.p.flags[this.i]! & ENDED) !== 0) this.p.table?.release(this);
  }
  /** The session has ended (its slot is reused once no hold is left). */
  get ended(): boolean {
    return (this.p.flags[this.i]! & ENDED) !== 0;
  }

  /** The session's own generator (Mulberry32, see EntityRandom): the session itself. */
  get rng(): UniformSource {
    return this;
  }

  /** A uniform draw in [0, 1) from the session's generator (EntityRandom.next, state in the page). */
  next(): number {
    const state = this.p.rngState;
    const i = this.i;
    let t = (state[i] = (state[i]! + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /**
   * Advance the generator past `n` draws whose values are not needed (a constant
   * distribution, a share of 0): Mulberry32's state only adds 0x6d2b79f5 per draw, so the
   * state after is the one n calls of next() would leave, and every later draw the same.
   */
  skip(n: number): void {
    const state = this.p.rngState;
    state[this.i] = (state[this.i]! + Math.imul(n, 0x6d2b79f5)) | 0;
  }

  /** Requests still to send, including the one in flight. */
  get requestsLeft(): number {
    return this.p.requestsLeft[this.i]!;
  }
  set requestsLeft(v: number) {
    this.p.requestsLeft[this.i] = v;
  }
  /** Client IPv4 address, stored as a signed 32-bit integer (read back unsigned). */
  get ip(): number {
    return this.p.ipBits[this.i]! >>> 0;
  }
  set ip(v: number) {
    this.p.ipBits[this.i] = v | 0;
  }
  /** Server named by the affinity cookie or URL session id; -1 when none. */
  get pinnedServer(): number {
    return this.p.pinnedServer[this.i]!;
  }
  set pinnedServer(v: number) {
    this.p.pinnedServer[this.i] = v;
  }
  /** Server whose memory holds the state (in-memory strategies). */
  get stateServer(): number {
    return this.p.stateServer[this.i]!;
  }
  set stateServer(v: number) {
    this.p.stateServer[this.i] = v;
  }
  /** That server's incarnation when the state was written; a crash bumps it. */
  get stateIncarnation(): number {
    return this.p.stateIncarnation[this.i]!;
  }
  set stateIncarnation(v: number) {
    this.p.stateIncarnation[this.i] = v;
  }
  /** Last time the state was touched (idle timeout and store TTL count from here). */
  get lastAccess(): number {
    return this.p.lastAccess[this.i]!;
  }
  set lastAccess(v: number) {
    this.p.lastAccess[this.i] = v;
  }
  // The balancer's cookie (load-balancer model).
  /** When the balancer's affinity cookie was set, and last came back (HAProxy maxlife / maxidle). */
  get cookieSetAt(): number {
    return this.p.cookieSetAt[this.i]!;
  }
  set cookieSetAt(v: number) {
    this.p.cookieSetAt[this.i] = v;
  }
  get cookieSeenAt(): number {
    return this.p.cookieSeenAt[this.i]!;
  }
  set cookieSeenAt(v: number) {
    this.p.cookieSeenAt[this.i] = v;
  }

  private flag(bit: number, on: boolean): void {
    const f = this.p.flags;
    f[this.i] = on ? f[this.i]! | bit : f[this.i]! & ~bit;
  }
  private has(bit: number): boolean {
    return (this.p.flags[this.i]! & bit) !== 0;
  }

  get refusesCookies(): boolean {
    return this.has(REFUSES_COOKIES);
  }
  set refusesCookies(v: boolean) {
    this.flag(REFUSES_COOKIES, v);
  }
  // Where the session's state lives, and whether the user has had one yet.
  get hasState(): boolean {
    return this.has(HAS_STATE);
  }
  set hasState(v: boolean) {
    this.flag(HAS_STATE, v);
  }
  /** Lost at least once (counted once) / expired by design at least once. */
  get lost(): boolean {
    return this.has(LOST);
  }
  set lost(v: boolean) {
    this.flag(LOST, v);
  }
  get expired(): boolean {
    return this.has(EXPIRED);
  }
  set expired(v: boolean) {
    this.flag(EXPIRED, v);
  }

  // ── session stores (the page's store columns, allocated on the first non-default write) ──
  /** Key hash for the store's placement (cluster slot or ketama point); -1 until computed. */
  get storeHash(): number {
    const c = this.p.storeHash;
    return c === null ? -1 : c[this.i]!;
  }
  set storeHash(v: number) {
    if (this.p.storeHash === null && v === -1) return;
    this.p.store();
    this.p.storeHash![this.i] = v;
  }
  /** Store node that got the latest write, and that write's serial (what a fresh read must see). */
  get storeNode(): number {
    const c = this.p.storeNode;
    return c === null ? 0 : c[this.i]!;
  }
  set storeNode(v: number) {
    if (this.p.storeNode === null && v === 0) return;
    this.p.store();
    this.p.storeNode![this.i] = v;
  }
  get storeSerial(): number {
    const c = this.p.storeSerial;
    return c === null ? -1 : c[this.i]!;
  }
  set storeSerial(v: number) {
    if (this.p.storeSerial === null && v === -1) return;
    this.p.store();
    this.p.storeSerial![this.i] = v;
  }
  /** Sticky + backup: content writes made in memory, and the last of them the store has. */
  get writeSerial(): number {
    const c = this.p.writeSerial;
    return c === null ? 0 : c[this.i]!;
  }
  set writeSerial(v: number) {
    if (this.p.writeSerial === null && v === 0) return;
    this.p.store();
    this.p.writeSerial![this.i] = v;
  }
  get flushedWrite(): number {
    const c = this.p.flushedWrite;
    return c === null ? 0 : c[this.i]!;
  }
  set flushedWrite(v: number) {
    if (this.p.flushedWrite === null && v === 0) return;
    this.p.store();
    this.p.flushedWrite![this.i] = v;
  }

  // ── concurrency and locks (a side record, created on the first non-default write) ──
  private get lockSide(): SessionLockSide | null {
    const sides = this.p.lockSides;
    return sides === null ? null : sides[this.i]!;
  }
  private get locks(): SessionLockSide {
    const sides = (this.p.lockSides ??= new Array<SessionLockSide | null>(this.p.size).fill(null));
    return (sides[this.i] ??= new SessionLockSide());
  }
  /** Requests sent so far (the first one never fires a parallel request; counted with concurrency only). */
  get sent(): number {
    const l = this.lockSide;
    return l === null ? 0 : l.sent;
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
    const l = this.lockSide;
    return l === null ? null : l.versions;
  }
  set versions(v: Int32Array | null) {
    if (this.lockSide !== null || v !== null) this.locks.versions = v;
  }
  /** Store lock (PHP): serial of the request holding it, and when it expires. */
  get lockOwner(): number {
    const l = this.lockSide;
    return l === null ? -1 : l.lockOwner;
  }
  set lockOwner(v: number) {
    if (this.lockSide !== null || v !== -1) this.locks.lockOwner = v;
  }
  get lockUntil(): number {
    const l = this.lockSide;
    return l === null ? 0 : l.lockUntil;
  }
  set lockUntil(v: number) {
    if (this.lockSide !== null || v !== 0) this.locks.lockUntil = v;
  }
  /** Server-side per-session lock: the request holding it, and the queue of waiters. */
  get localLockHolder(): Request | null {
    const l = this.lockSide;
    return l === null ? null : l.localLockHolder;
  }
  set localLockHolder(v: Request | null) {
    if (this.lockSide !== null || v !== null) this.locks.localLockHolder = v;
  }
  get waitHead(): Request | null {
    const l = this.lockSide;
    return l === null ? null : l.waitHead;
  }
  set waitHead(v: Request | null) {
    if (this.lockSide !== null || v !== null) this.locks.waitHead = v;
  }
  get waitTail(): Request | null {
    const l = this.lockSide;
    return l === null ? null : l.waitTail;
  }
  set waitTail(v: Request | null) {
    if (this.lockSide !== null || v !== null) this.locks.waitTail = v;
  }

  // ── tokens (the page's token columns, allocated on the first non-default write) ──
  /** The client holds a token; refresh at the next request (a server rejected it as expired). */
  get hasToken(): boolean {
    return this.has(HAS_TOKEN);
  }
  set hasToken(v: boolean) {
    this.flag(HAS_TOKEN, v);
  }
  get forceRefresh(): boolean {
    return this.has(FORCE_REFRESH);
  }
  set forceRefresh(v: boolean) {
    this.flag(FORCE_REFRESH, v);
  }
  /** Access-token expiry (JWT), seconds of simulated time. */
  get tokenExpiry(): number {
    const c = this.p.tokenExpiry;
    return c === null ? 0 : c[this.i]!;
  }
  set tokenExpiry(v: number) {
    if (this.p.tokenExpiry === null && v === 0) return;
    this.p.token();
    this.p.tokenExpiry![this.i] = v;
  }
  /** When the token was issued, its key epoch, the refresh token's expiry. */
  get tokenIssuedAt(): number {
    const c = this.p.tokenIssuedAt;
    return c === null ? 0 : c[this.i]!;
  }
  set tokenIssuedAt(v: number) {
    if (this.p.tokenIssuedAt === null && v === 0) return;
    this.p.token();
    this.p.tokenIssuedAt![this.i] = v;
  }
  get tokenKeyEpoch(): number {
    const c = this.p.tokenKeyEpoch;
    return c === null ? 0 : c[this.i]!;
  }
  set tokenKeyEpoch(v: number) {
    if (this.p.tokenKeyEpoch === null && v === 0) return;
    this.p.token();
    this.p.tokenKeyEpoch![this.i] = v;
  }
  get refreshExpiry(): number {
    const c = this.p.refreshExpiry;
    return c === null ? 0 : c[this.i]!;
  }
  set refreshExpiry(v: number) {
    if (this.p.refreshExpiry === null && v === 0) return;
    this.p.token();
    this.p.refreshExpiry![this.i] = v;
  }
  /** Revoked (logout everywhere, ban) at revokedAt; -1 not revoked. */
  get revokedAt(): number {
    const c = this.p.revokedAt;
    return c === null ? -1 : c[this.i]!;
  }
  set revokedAt(v: number) {
    if (this.p.revokedAt === null && v === -1) return;
    this.p.token();
    this.p.revokedAt![this.i] = v;
  }

  // ── the client's network (client-network model; a side record on demand) ──
  private get netSide(): SessionNetSide | null {
    const sides = this.p.netSides;
    return sides === null ? null : sides[this.i]!;
  }
  private get net(): SessionNetSide {
    const sides = (this.p.netSides ??= new Array<SessionNetSide | null>(this.p.size).fill(null));
    return (sides[this.i] ??= new SessionNetSide());
  }
  /** A mobile user's own generator for address changes (null: the address never changes). */
  get mobility(): EntityRandom | null {
    const n = this.netSide;
    return n === null ? null : n.mobility;
  }
  set mobility(v: EntityRandom | null) {
    if (this.netSide !== null || v !== null) this.net.mobility = v;
  }
  /** When the address changes next (seconds of simulated time). */
  get nextIpChange(): number {
    const n = this.netSide;
    return n === null ? Infinity : n.nextIpChange;
  }
  set nextIpChange(v: number) {
    if (this.netSide !== null || v !== Infinity) this.net.nextIpChange = v;
  }
  /** Address changes so far. */
  get ipChanges(): number {
    const n = this.netSide;
    return n === null ? 0 : n.ipChanges;
  }
  set ipChanges(v: number) {
    if (this.netSide !== null || v !== 0) this.net.ipChanges = v;
  }
  /** Generator for per-request network draws (page, URL without id): two per request, or null. */
  get requestRng(): EntityRandom | null {
    const n = this.netSide;
    return n === null ? null : n.requestRng;
  }
  set requestRng(v: EntityRandom | null) {
    if (this.netSide !== null || v !== null) this.net.requestRng = v;
  }
}
