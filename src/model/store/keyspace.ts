/**
 * The keys one store node holds: one key per session (`sess:<id>`), its size, the serial
 * of the write that produced its content, when it was last touched and when it expires.
 *
 * Kept in dense typed arrays (swap-remove) with a position index by session id, so a
 * lookup, a write and a uniform random sample (Redis eviction and active expiry both
 * sample keys at random) cost O(1) and allocate nothing.
 *
 * Expiry follows Redis: a key past its TTL is removed lazily when accessed, and by the
 * active expiry cycle (10 times per second: sample 20 keys with a TTL, delete the
 * expired ones, repeat while more than 10 % of the sample had expired — Redis ≥ 6,
 * active-expire-effort 1). Memory in use counts expired keys not yet reclaimed, as
 * Redis's used_memory does.
 */
import type { UniformSource } from '../../engine/random.js';
import type { EvictionPolicy } from '../config.js';

/** Why a session's key left the node (the last time it did). */
export const KeyGone = { None: 0, Expired: 1, Evicted: 2, Lost: 3, Deleted: 4 } as const;
export type KeyGone = (typeof KeyGone)[keyof typeof KeyGone];

/** Redis ≥ 6 active expiry: ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP 20, acceptable stale 10 %. */
const EXPIRE_KEYS_PER_LOOP = 20;
const EXPIRE_ACCEPTABLE_STALE = 0.1;
/** Redis checks its time budget every 16 loops; we bound the loops instead (no wall clock). */
const EXPIRE_MAX_LOOPS = 16;

export class Keyspace {
  /** pos[sessionId] = dense index, or -1. */
  private pos = new Int32Array(1024).fill(-1);
  /** Why the key of sessionId last left (KeyGone). */
  private gone = new Uint8Array(1024);
  private ids = new Int32Array(256);
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
    if (id >= this.pos.length) return -1;
    const i = this.pos[id]!;
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
    return id < this.gone.length ? (this.gone[id]! as KeyGone) : KeyGone.None;
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
    this.ensureId(id);
    let i = this.pos[id]!;
    let previous = -1;
    if (i < 0) {
      i = this.count++;
      if (i >= this.ids.length) this.growDense();
      this.ids[i] = id;
      this.pos[id] = i;
      this.bytesOf[i] = 0;
    } else {
      previous = this.serialOf[i]!;
    }
    this.used += bytes - this.bytesOf[i]!;
    this.bytesOf[i] = bytes;
    this.serialOf[i] = serial;
    this.touchedAt[i] = now;
    this.expiresAt[i] = expiresAt;
    this.gone[id] = KeyGone.None;
    return previous;
  }

  /** EXPIRE / a read: the key was used now; `expiresAt` NaN keeps its TTL. */
  touch(i: number, now: number, expiresAt: number): void {
    this.touchedAt[i] = now;
    if (expiresAt === expiresAt) this.expiresAt[i] = expiresAt;
  }

  /** DEL (or a write lost in a failover that had created the key). */
  delete(id: number, reason: KeyGone): void {
    if (id >= this.pos.length) return;
    const i = this.pos[id]!;
    if (i >= 0) this.removeAt(i, reason);
  }

  /** Everything is gone (a restart without persistence, a node whose data is lost). */
  clear(reason: KeyGone): void {
    for (let i = 0; i < this.count; i++) {
      const id = this.ids[i]!;
      this.pos[id] = -1;
      this.gone[id] = reason;
    }
    this.count = 0;
    this.used = 0;
  }

  /**
   * Evict one key the way Redis does under maxmemory: sample `samples` keys at random and
   * drop the best candidate — least recently used (allkeys-lru, volatile-lru: every session
   * key has a TTL, so both choose among all of them) or nearest to expiry (volatile-ttl).
   * Returns the evicted session id, or -1 if there is nothing to evict.
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
    this.pos[id] = -1;
    this.gone[id] = reason;
    const last = --this.count;
    if (i !== last) {
      const moved = this.ids[last]!;
      this.ids[i] = moved;
      this.bytesOf[i] = this.bytesOf[last]!;
      this.serialOf[i] = this.serialOf[last]!;
      this.touchedAt[i] = this.touchedAt[last]!;
      this.expiresAt[i] = this.expiresAt[last]!;
      this.pos[moved] = i;
    }
  }

  private ensureId(id: number): void {
    if (id < this.pos.length) return;
    let n = this.pos.length;
    while (n <= id) n *= 2;
    const pos = new Int32Array(n).fill(-1);
    pos.set(this.pos);
    this.pos = pos;
    const gone = new Uint8Array(n);
    gone.set(this.gone);
    this.gone = gone;
  }

  private growDense(): void {
    const n = this.ids.length * 2;
    this.ids = growTo(this.ids, n);
    this.bytesOf = growTo(this.bytesOf, n);
    this.serialOf = growTo(this.serialOf, n);
    this.touchedAt = growTo(this.touchedAt, n);
    this.expiresAt = growTo(this.expiresAt, n);
  }
}

function growTo<T extends Int32Array | Float64Array>(a: T, n: number): T {
  const b = new (a.constructor as { new (n: number): T })(n);
  b.set(a);
  return b;
}
