/**
 * The keys one store node holds: one key per session (`sess:<id>`) and per deny-listed token
 * (`denylist:<jti>`, id offset by DENY_KEY_OFFSET), its size, the serial
 * of the write that produced its content, when it was last touched and when it expires.
 *
 * Kept in dense typed arrays (swap-remove) with a position index by session id (a hash
 * map, id-index.ts), so a lookup, a write and a uniform random sample (Redis eviction and
 * active expiry both sample keys at random) cost O(1) and allocate nothing. The index holds
 * the keys present, and the reasons why a key left only for sessions that may still ask:
 * once a session has ended and nothing refers to it, forget(id) drops them (its key, if
 * still there, stays until it expires or is evicted, as in Redis, but its leaving is no
 * longer noted). So the keyspace's memory follows the keys and the live sessions, not the
 * number of sessions the run ever had.
 *
 * Expiry follows Redis: a key past its TTL is removed lazily when accessed, and by the
 * active expiry cycle (10 times per second: sample 20 keys with a TTL, delete the
 * expired ones, repeat while more than 10 % of the sample had expired — Redis ≥ 6,
 * active-expire-effort 1). Memory in use counts expired keys not yet reclaimed, as
 * Redis's used_memory does.
 */
import type { UniformSource } from '../../engine/random.js';
import type { EvictionPolicy } from '../config.js';
import { IdIndex } from './id-index.js';
import { grownTo } from '../../engine/typed-arrays.js';

/**
 * Keyspace ids from 2^30 on are deny-list entries: session id + DENY_KEY_OFFSET (one token per
 * session can be revoked: a revoked user gets no new one). Session ids stay below it.
 */
export const DENY_KEY_OFFSET = 1 << 30;

/** Why a session's key left the node (the last time it did). */
export const KeyGone = { None: 0, Expired: 1, Evicted: 2, Lost: 3, Deleted: 4 } as const;
export type KeyGone = (typeof KeyGone)[keyof typeof KeyGone];

/** Redis ≥ 6 active expiry: ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP 20, acceptable stale 10 %. */
const EXPIRE_KEYS_PER_LOOP = 20;
const EXPIRE_ACCEPTABLE_STALE = 0.1;
/** Redis checks its time budget every 16 loops; we bound the loops instead (no wall clock). */
const EXPIRE_MAX_LOOPS = 16;

export class Keyspace {
  /** Session id → dense index of its key (absent: no key). */
  private readonly pos = new IdIndex();
  /** Session id → why its key last left (KeyGone; absent: None), for sessions not forgotten. */
  private readonly gone = new IdIndex();
  private ids = new Int32Array(256);
  /** Per dense index: the key's session was forgotten (its leaving is not noted). */
  private orphan = new Uint8Array(256);
  private bytesOf = new Float64Array(256);
  private serialOf = new Float64Array(256);
  private touchedAt = new Float64Array(256);
  private expiresAt = new Float64Array(256);
  count = 0;
  /** Bytes in use (keys, values, per-key overhead), expired-but-not-reclaimed included. */
  used = 0;
  /** Keys evicted / expired (removed by lazy or active expiry), all time. */
  evictions = 0;
  expirations = 0;

  /** Dense index of the session's key, or -1; a key past its TTL is deleted on the spot (lazy expiry). */
  find(id: number, now: number): number {
    const i = this.pos.get(id);
    if (i < 0) return -1;
    if (this.expiresAt[i]! <= now) {
      this.removeAt(i, KeyGone.Expired);
      this.expirations++;
      return -1;
    }
    return i;
  }

  /** Why the session's key is not here (KeyGone.None if it never was). */
  goneReason(id: number): KeyGone {
    const why = this.gone.get(id);
    return why < 0 ? KeyGone.None : (why as KeyGone);
  }

  /**
   * The session has ended and nothing refers to it any more: it will not read, write or ask
   * why its key left. Its key (if any) stays until it expires or is evicted; its reason goes.
   */
  forget(id: number): void {
    this.gone.delete(id);
    const i = this.pos.get(id);
    if (i >= 0) this.orphan[i] = 1;
  }

  /** Ids the keyspace's indexes hold (keys present + reasons kept): bounded by keys and live sessions. */
  get indexed(): number {
    return this.pos.size + this.gone.size;
  }

  /** Entries the indexes have room for (their memory, 8 bytes each). */
  get indexCapacity(): number {
    return this.pos.capacity + this.gone.capacity;
  }

  serialAt(i: number): number {
    return this.serialOf[i]!;
  }

  setSerialAt(i: number, serial: number): void {
    this.serialOf[i] = serial;
  }

  expiresAtIndex(i: number): number {
    return this.expiresAt[i]!;
  }

  /** SET: create or replace the key; returns the previous serial, or -1 when it did not exist. */
  set(id: number, bytes: number, serial: number, now: number, expiresAt: number): number {
    let i = this.pos.get(id);
    let previous = -1;
    if (i < 0) {
      i = this.count++;
      if (i >= this.ids.length) this.growDense();
      this.ids[i] = id;
      this.pos.set(id, i);
      this.bytesOf[i] = 0;
      this.orphan[i] = 0;
    } else {
      previous = this.serialOf[i]!;
    }
    this.used += bytes - this.bytesOf[i]!;
    this.bytesOf[i] = bytes;
    this.serialOf[i] = serial;
    this.touchedAt[i] = now;
    this.expiresAt[i] = expiresAt;
    this.gone.delete(id);
    return previous;
  }

  /** EXPIRE / a read: the key was used now; `expiresAt` NaN keeps its TTL. */
  touch(i: number, now: number, expiresAt: number): void {
    this.touchedAt[i] = now;
    if (expiresAt === expiresAt) this.expiresAt[i] = expiresAt;
  }

  /** DEL (or a write lost in a failover that had created the key). */
  delete(id: number, reason: KeyGone): void {
    const i = this.pos.get(id);
    if (i >= 0) this.removeAt(i, reason);
  }

  /** Everything is gone (a restart without persistence, a node whose data is lost). */
  clear(reason: KeyGone): void {
    for (let i = 0; i < this.count; i++) if (this.orphan[i] === 0) this.gone.set(this.ids[i]!, reason);
    this.pos.clear();
    this.count = 0;
    this.used = 0;
  }

  /**
   * Evict one key the way Redis does under maxmemory: sample `samples` keys at random and
   * drop the best candidate — least recently used (allkeys-lru, volatile-lru: every session
   * key has a TTL, so both choose among all of them) or nearest to expiry (volatile-ttl).
   * Returns the evicted key's id (a session's, or a deny-list entry's), or -1 if there is nothing to evict.
   */
  evictOne(policy: EvictionPolicy, samples: number, random: UniformSource): number {
    if (this.count === 0 || policy === 'noeviction') return -1;
    let best = -1;
    let bestScore = Infinity;
    for (let k = 0; k < samples; k++) {
      const i = Math.floor(random.next() * this.count);
      const score = policy === 'volatile-ttl' ? this.expiresAt[i]! : this.touchedAt[i]!;
      if (score < bestScore) {
        bestScore = score;
        best = i;
      }
    }
    const id = this.ids[best]!;
    this.removeAt(best, KeyGone.Evicted);
    this.evictions++;
    return id;
  }

  /** One run of Redis's active expiry cycle at `now`. */
  expireCycle(now: number, random: UniformSource): void {
    for (let loop = 0; loop < EXPIRE_MAX_LOOPS && this.count > 0; loop++) {
      const sample = Math.min(EXPIRE_KEYS_PER_LOOP, this.count);
      let expired = 0;
      for (let k = 0; k < sample && this.count > 0; k++) {
        const i = Math.floor(random.next() * this.count);
        if (this.expiresAt[i]! <= now) {
          this.removeAt(i, KeyGone.Expired);
          this.expirations++;
          expired++;
        }
      }
      if (expired <= sample * EXPIRE_ACCEPTABLE_STALE) return;
    }
  }

  private removeAt(i: number, reason: KeyGone): void {
    const id = this.ids[i]!;
    this.used -= this.bytesOf[i]!;
    this.pos.delete(id);
    if (this.orphan[i] === 0) this.gone.set(id, reason);
    const last = --this.count;
    if (i !== last) {
      const moved = this.ids[last]!;
      this.ids[i] = moved;
      this.bytesOf[i] = this.bytesOf[last]!;
      this.serialOf[i] = this.serialOf[last]!;
      this.touchedAt[i] = this.touchedAt[last]!;
      this.expiresAt[i] = this.expiresAt[last]!;
      this.orphan[i] = this.orphan[last]!;
      this.pos.set(moved, i);
    }
  }

  private growDense(): void {
    const n = this.ids.length * 2;
    this.ids = grownTo(this.ids, n);
    this.bytesOf = grownTo(this.bytesOf, n);
    this.serialOf = grownTo(this.serialOf, n);
    this.touchedAt = grownTo(this.touchedAt, n);
    this.expiresAt = grownTo(this.expiresAt, n);
    this.orphan = grownTo(this.orphan, n);
  }
}
