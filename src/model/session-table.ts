/**
 * Every session of a run, by slot: pages of columns (SessionPage), the Session objects over
 * them, a free list of slots, and the dense list of live sessions.
 *
 * Slots are recycled, and so are the Session objects (one per slot, reused by the next
 * session that takes it): nothing per session is left for the garbage collector, and the
 * table is as large as the most sessions held at once, not every session ever. A slot is
 * freed when its session has ended *and* nothing still refers to it: a request record of the
 * session in flight (a parallel request can outlive the session's last one) or a write-behind
 * flush due later take a hold (Session.hold/unhold); an ended session keeps its slot, and its
 * values, until the last hold is let go.
 *
 * Session ids are never reused: they are what a real session id is — the name the balancer
 * hashes (hash-selector) and the store keys on (`sess:<id>`, its cluster slot or ketama
 * point) — so reusing one would give a new user an old user's key and placement, and change
 * every seeded result. An event for a session carries (slot, id): the id is the generation
 * tag, and an event whose session has ended finds it ended, or another id in its slot.
 */
import { ENDED, Session } from './session.js';
import { SessionPage } from './session-page.js';
import { emptyObjectArray } from '../engine/object-arrays.js';
import { grownTo } from '../engine/typed-arrays.js';

/** Slots per page: 4096 × ≈ 70 bytes of columns ≈ 280 KiB: the first with the table, each later one when its first slot is taken. */
const PAGE_BITS = 12;
const PAGE_SIZE = 1 << PAGE_BITS;
const PAGE_MASK = PAGE_SIZE - 1;

export class SessionTable {
  // Of the object kind from the start: src/engine/object-arrays.ts.
  private readonly pages: SessionPage[] = emptyObjectArray();
  private readonly objects: Session[][] = emptyObjectArray();
  private freeList = new Int32Array(256);
  private freeCount = 0;
  /** Slots ever taken (the high-water mark of sessions held at once). */
  private used = 0;
  /** Live sessions' slots, dense (swap-remove on close; the page's liveIndex is the place). */
  private liveSlots = new Int32Array(256);
  private liveCount = 0;
  /**
   * Told when a slot is freed: its session has ended and nothing refers to it any more, so
   * whatever is kept about it by id (the store's keyspace) can go. Null: nobody to tell.
   */
  onRelease: ((s: Session) => void) | null = null;

  constructor() {
    // The first page now, not at the first open(): that open runs before V8 keeps type
    // feedback for open(), so the page-making lines would reach optimised code without any,
    // and deoptimise it at the next world's first session (once per strategy of a run).
    this.addPage();
  }

  /** Sessions in progress. */
  get live(): number {
    return this.liveCount;
  }
  /** Slots taken now (live sessions and ended ones still held), and ever (the table's size). */
  get occupied(): number {
    return this.used - this.freeCount;
  }
  get slots(): number {
    return this.used;
  }

  /** A new live session in a free slot (or a new one), every field at its default. */
  open(id: number, startTime: number, seed: number): Session {
    const slot = this.freeCount > 0 ? this.freeList[--this.freeCount]! : this.used++;
    const p = slot >>> PAGE_BITS;
    const i = slot & PAGE_MASK;
    if (p === this.pages.length) this.addPage();
    const page = this.pages[p]!;
    page.init(i, id, startTime, seed);
    const objects = this.objects[p]!;
    // Slots of a page are first taken in order, so the object array grows packed.
    const s = i < objects.length ? objects[i]! : (objects[i] = new Session(id, startTime, seed, page, i));
    if (this.liveCount === this.liveSlots.length) this.liveSlots = grownTo(this.liveSlots, this.liveSlots.length * 2);
    page.liveIndex[i] = this.liveCount;
    this.liveSlots[this.liveCount++] = slot;
    return s;
  }

  /** The next page of columns, and its (empty) array of Session objects. */
  private addPage(): void {
    this.pages.push(new SessionPage(PAGE_SIZE, this, this.pages.length << PAGE_BITS));
    this.objects.push(emptyObjectArray());
  }

  /** The live session in `slot` if it is still session `id` (else null: the event is stale). */
  find(slot: number, id: number): Session | null {
    if (slot >= this.used) return null;
    const p = slot >>> PAGE_BITS;
    const i = slot & PAGE_MASK;
    const page = this.pages[p]!;
    if (page.id[i] !== id || (page.flags[i]! & ENDED) !== 0) return null;
    return this.objects[p]![i]!;
  }

  /** The k-th live session (0 ≤ k < live), in the dense list's order. */
  liveAt(k: number): Session {
    const slot = this.liveSlots[k]!;
    return this.objects[slot >>> PAGE_BITS]![slot & PAGE_MASK]!;
  }

  /** The session has ended: it leaves the live list, and its slot is free once nothing holds it. */
  close(s: Session): void {
    const page = s.p;
    const i = s.i;
    if ((page.flags[i]! & ENDED) !== 0) throw new Error(`session ${s.id} closed twice`);
    page.flags[i] = page.flags[i]! | ENDED;
    const at = page.liveIndex[i]!;
    const last = this.liveSlots[--this.liveCount]!;
    if (at !== this.liveCount) {
      this.liveSlots[at] = last;
      this.pages[last >>> PAGE_BITS]!.liveIndex[last & PAGE_MASK] = at;
    }
    page.liveIndex[i] = -1;
    if (page.holds[i] === 0) this.release(s);
  }

  /** @internal Session.unhold: the last hold of an ended session is gone; its slot is free. */
  release(s: Session): void {
    if (this.onRelease !== null) this.onRelease(s);
    if (this.freeCount === this.freeList.length) this.freeList = grownTo(this.freeList, this.freeList.length * 2);
    this.freeList[this.freeCount++] = s.slot;
  }
}
