/**
 * A stick table keyed on the client's source address (HAProxy `stick-table type ip size N
 * expire T` with `stick on src`): key → server, with
 *   - expiry counted from the entry's last use (HAProxy refreshes `expire` on every match/store),
 *     no expiry at all unless set;
 *   - a size limit: storing into a full table drops the oldest entry (HAProxy purges the
 *     entries closest to expiry, i.e. the least recently used).
 *
 * Storage is allocation-free once grown: entries live in parallel typed arrays, an
 * open-addressing index (linear probing, backward-shift deletion) finds them by key, and an
 * intrusive doubly linked list keeps them in order of last use (head = most recent).
 * Capacity grows by doubling up to `size`, so a small run does not pay for a 200k-entry table.
 */
import { mix32 } from './hashing.js';
import { grownTo } from '../../engine/typed-arrays.js';

const EMPTY = -1;

export class StickTable {
  private keys: Uint32Array;
  private server: Int32Array;
  private lastUse: Float64Array;
  private prev: Int32Array;
  private next: Int32Array;
  /** Open-addressing index: slot → entry, EMPTY if free. Length is a power of two ≥ 2 × capacity. */
  private index: Int32Array;
  private mask: number;
  private head = EMPTY;
  private tail = EMPTY;
  private used = 0;
  private freeList = EMPTY;
  private fresh = 0;
  /** Entries dropped because the table was full (all time). */
  evictions = 0;

  constructor(
    /** HAProxy `size`: entries at most. */
    readonly size: number,
    /** HAProxy `expire` in seconds; null = entries never expire. */
    readonly expire: number | null,
  ) {
    const cap = Math.min(size, 1024);
    this.keys = new Uint32Array(cap);
    this.server = new Int32Array(cap);
    this.lastUse = new Float64Array(cap);
    this.prev = new Int32Array(cap);
    this.next = new Int32Array(cap);
    this.index = new Int32Array(indexSizeFor(cap)).fill(EMPTY);
    this.mask = this.index.length - 1;
  }

  /** Entries held (expired ones included until they are found or pushed out). */
  get count(): number {
    return this.used;
  }

  /** Entries not yet expired at `now`. */
  liveCount(now: number): number {
    if (this.expire === null) return this.used;
    let n = 0;
    for (let e = this.head; e !== EMPTY; e = this.next[e]!) {
      if (now - this.lastUse[e]! > this.expire) break; // the list is in order of last use
      n++;
    }
    return n;
  }

  /** The server stored for `key`, or -1; an expired entry is removed. Does not refresh it. */
  peek(key: number, now: number): number {
    const e = this.find(key >>> 0);
    if (e === EMPTY) return -1;
    if (this.expire !== null && now - this.lastUse[e]! > this.expire) {
      this.removeEntry(e);
      return -1;
    }
    return this.server[e]!;
  }

  /** The entry was used (matched) at `now`: its expiry starts again. */
  touch(key: number, now: number): void {
    const e = this.find(key >>> 0);
    if (e === EMPTY) return;
    this.lastUse[e] = now;
    this.moveToHead(e);
  }

  /** Store key → server at `now` (create or update); a full table drops its oldest entry first. */
  put(key: number, server: number, now: number): void {
    const k = key >>> 0;
    let e = this.find(k);
    if (e === EMPTY) {
      if (this.used >= this.size) {
        this.removeEntry(this.tail);
        this.evictions++;
      }
      e = this.allocEntry();
      this.keys[e] = k;
      this.insertIndex(k, e);
      this.linkHead(e);
      this.used++;
    } else {
      this.moveToHead(e);
    }
    this.server[e] = server;
    this.lastUse[e] = now;
  }

  /** Drop the entries naming `server` (its slot now holds another server). */
  forgetServer(server: number): void {
    for (let e = this.head; e !== EMPTY; ) {
      const next = this.next[e]!;
      if (this.server[e] === server) this.removeEntry(e);
      e = next;
    }
  }

  /** Forget everything (a balancer that starts without the table). */
  clear(): void {
    this.index.fill(EMPTY);
    this.head = this.tail = this.freeList = EMPTY;
    this.used = 0;
    this.fresh = 0;
  }

  // ── internals ───────────────────────────────────────────────────────────

  private find(k: number): number {
    const index = this.index;
    const mask = this.mask;
    for (let slot = mix32(k) & mask; ; slot = (slot + 1) & mask) {
      const e = index[slot]!;
      if (e === EMPTY) return EMPTY;
      if (this.keys[e] === k) return e;
    }
  }

  private insertIndex(k: number, e: number): void {
    const mask = this.mask;
    let slot = mix32(k) & mask;
    while (this.index[slot] !== EMPTY) slot = (slot + 1) & mask;
    this.index[slot] = e;
  }

  /** Linear-probing deletion by backward shift (no tombstones, so lookups stay short). */
  private deleteIndex(k: number): void {
    const index = this.index;
    const mask = this.mask;
    let slot = mix32(k) & mask;
    while (this.keys[index[slot]!] !== k) slot = (slot + 1) & mask;
    let hole = slot;
    for (let j = (hole + 1) & mask; index[j] !== EMPTY; j = (j + 1) & mask) {
      const home = mix32(this.keys[index[j]!]!) & mask;
      // Move j's entry into the hole if its home slot is not cyclically in (hole, j].
      const between = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (!between) {
        index[hole] = index[j]!;
        hole = j;
      }
    }
    index[hole] = EMPTY;
  }

  private removeEntry(e: number): void {
    this.deleteIndex(this.keys[e]!);
    this.unlink(e);
    this.next[e] = this.freeList;
    this.freeList = e;
    this.used--;
  }

  private allocEntry(): number {
    if (this.freeList !== EMPTY) {
      const e = this.freeList;
      this.freeList = this.next[e]!;
      return e;
    }
    if (this.fresh >= this.keys.length) this.grow();
    return this.fresh++;
  }

  private grow(): void {
    const cap = Math.min(this.size, this.keys.length * 2);
    this.keys = grownTo(this.keys, cap);
    this.server = grownTo(this.server, cap);
    this.lastUse = grownTo(this.lastUse, cap);
    this.prev = grownTo(this.prev, cap);
    this.next = grownTo(this.next, cap);
    this.index = new Int32Array(indexSizeFor(cap)).fill(EMPTY);
    this.mask = this.index.length - 1;
    for (let e = this.head; e !== EMPTY; e = this.next[e]!) this.insertIndex(this.keys[e]!, e);
  }

  private linkHead(e: number): void {
    this.prev[e] = EMPTY;
    this.next[e] = this.head;
    if (this.head !== EMPTY) this.prev[this.head] = e;
    this.head = e;
    if (this.tail === EMPTY) this.tail = e;
  }

  private unlink(e: number): void {
    const p = this.prev[e]!;
    const n = this.next[e]!;
    if (p !== EMPTY) this.next[p] = n;
    else this.head = n;
    if (n !== EMPTY) this.prev[n] = p;
    else this.tail = p;
  }

  private moveToHead(e: number): void {
    if (this.head === e) return;
    this.unlink(e);
    this.linkHead(e);
  }
}

function indexSizeFor(cap: number): number {
  let n = 16;
  while (n < 2 * cap) n *= 2;
  return n;
}
