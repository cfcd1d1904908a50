/**
 * The future-event list, ordered by (time, insertion sequence): equal times run in the order
 * they were scheduled (FIFO), which makes every run reproducible. Any correct priority queue
 * pops this total order the same way, so the structure below changes no result.
 *
 * Two tiers, as in a ladder queue with one rung (Tang, Goh & Thng, "Ladder queue: an O(1)
 * priority queue structure for large-scale discrete event simulation", ACM TOMACS 15(3), 2005):
 * - a small 4-ary min-heap holds the events due soon: every pending event whose bucket index
 *   lies below the ring's cursor;
 * - later events wait unsorted in a ring of RING time buckets of width W from a base time (a
 *   calendar: Brown, CACM 31(10), 1988) or, beyond the ring, in one overflow list. When the
 *   heap runs dry the next non-empty bucket moves into it; when the ring is used up, it is laid
 *   out again from the earliest pending event.
 * A bucket index is floor((t − base) / W), a monotone function of t (IEEE subtraction and
 * multiplication round monotonically), so every event in the heap is strictly earlier than
 * every event still in a bucket or the overflow, and the heap's top is the earliest event.
 * At each layout W is chosen so that a bucket holds about BUCKET_EVENTS events at the rate
 * events were popped since the last one, then widened until the ring takes at least an eighth
 * of the pending events (so a layout, O(pending), costs O(1) per event it prepares). A heap
 * grown past its limit (buckets too wide for a faster rate) triggers a layout too, at most
 * once per eighth of the pending events popped. With few events pending (under SMALL: an
 * M/M/1 run's handful) the ring is not worth its moves: every event goes to the heap
 * (W = ∞, written invWidth = 0), until the heap outgrows SMALL. With one pending event per
 * live session (tens of thousands in a long run), a pop sifts through a heap of a few entries
 * instead of all of them.
 *
 * An event is three numbers — a kind and two integer arguments — kept in parallel typed
 * arrays indexed by a slot, with its time and the next slot of its bucket list; the heap is an
 * Int32Array of slots with each entry's sort key (time, sequence) beside it in heap order, so
 * sifting compares neighbouring memory instead of chasing slots. Scheduling and popping
 * allocate nothing once the arrays have grown to the run's high-water mark (SimPy keeps
 * (time, priority, id) tuples; we keep columns).
 *
 * Cancellation is lazy: a cancelled slot stays where it is, marked, and is discarded when it
 * reaches the heap's top or leaves its bucket. A handle packs the slot and its sequence
 * number so a stale handle (slot reused by a later event) cancels nothing.
 */
import { DOUBLE_ZERO } from './doubles.js';
import { grownTo } from './typed-arrays.js';

const SLOT_BITS = 22;
const SLOT_LIMIT = 1 << SLOT_BITS; // 4,194,304 events pending at once
const CANCELLED = -1;
/** Buckets in the ring. */
const RING = 4096;
/** Events a bucket should hold when its turn comes: the heap's usual size with the ring. */
const BUCKET_EVENTS = 4;
/** With the ring, a heap this large means buckets far wider than BUCKET_EVENTS at the current rate. */
const RING_HEAP_LIMIT = 64;
/** Fewer events pending than this at a layout: the heap alone, until it grows past this. */
const SMALL = 256;
const NONE = -1;

export type EventHandle = number;

export class EventQueue {
  /** Sequence number per slot (0 when free): validates cancel handles. */
  private seq: Float64Array;
  private kind: Int32Array;
  private argA: Int32Array;
  private argB: Int32Array;
  /** Per slot: the event's time, and the next slot in its bucket or overflow list. */
  private time: Float64Array;
  private link: Int32Array;
  private heap: Int32Array;
  /** Sort keys in heap order: heapTime[i], heapSeq[i] belong to heap[i]. */
  private heapTime: Float64Array;
  private heapSeq: Float64Array;
  private freeSlots: Int32Array;
  private freeCount = 0;
  private nextFreshSlot = 0;
  private heapSize = 0;
  private nextSeq = 1;
  private live = 0;
  /** The ring: bucket k holds the events with floor((t − base) · invWidth) = k, k ≥ cursor. */
  private readonly bucketHead = new Int32Array(RING).fill(NONE);
  private base = DOUBLE_ZERO;
  /** 0: no ring, every finite time goes to the heap (bucket 0 < cursor = RING). */
  private invWidth = DOUBLE_ZERO;
  /** Next bucket to move into the heap; RING: none left. */
  private cursor = RING;
  /** Events at or beyond the ring's end (bucket index ≥ RING, or t = ∞ without a ring). */
  private overflowHead = NONE;
  /** A heap larger than this asks for a layout. */
  private heapLimit = SMALL;
  /** Events popped, and the time of the last pop, at the last layout. */
  private poppedAtLayout = 0;
  private timeAtLayout = DOUBLE_ZERO;
  private popped = 0;
  /** Filled by gather(): the earliest finite time, and how many finite events are pending. */
  private first = Infinity;
  private finite = 0;
  private layouts = 0;

  /** Filled by pop(): the event just removed. Read them before the next pop. */
  poppedTime = DOUBLE_ZERO;
  poppedKind = 0;
  poppedA = 0;
  poppedB = 0;

  constructor(initialCapacity = 1024) {
    const n = Math.max(16, initialCapacity);
    this.seq = new Float64Array(n);
    this.kind = new Int32Array(n);
    this.argA = new Int32Array(n);
    this.argB = new Int32Array(n);
    this.time = new Float64Array(n);
    this.link = new Int32Array(n);
    this.heap = new Int32Array(n);
    this.heapTime = new Float64Array(n);
    this.heapSeq = new Float64Array(n);
    this.freeSlots = new Int32Array(n);
  }

  /** Number of pending (not cancelled) events. */
  get size(): number {
    return this.live;
  }

  /** Times the ring was laid out (0 while the heap alone has served). */
  get ringLayouts(): number {
    return this.layouts;
  }

  /** Time of the earliest pending event, or Infinity when empty. */
  peekTime(): number {
    return this.settleTop() ? this.heapTime[0]! : Infinity;
  }

  /**
   * Schedule an event. Returns nothing: a handle is a number beyond the small integers, which
   * V8 would allocate on the heap at every push not inlined into its caller (≈ 30 B a request),
   * for callers that almost never cancel; pushCancellable gives one.
   */
  push(time: number, kind: number, a = 0, b = 0): void {
    this.insert(time, kind, a, b);
  }

  /** Schedule an event and return the handle cancel() takes. */
  pushCancellable(time: number, kind: number, a = 0, b = 0): EventHandle {
    const slot = this.insert(time, kind, a, b);
    return this.seq[slot]! * SLOT_LIMIT + slot;
  }

  /** Store the event and place it (heap, bucket or overflow); returns its slot. */
  private insert(time: number, kind: number, a: number, b: number): number {
    if (!(time === time)) throw new RangeError('event time is NaN');
    const slot = this.allocSlot();
    const s = this.nextSeq++;
    this.seq[slot] = s;
    this.kind[slot] = kind;
    this.argA[slot] = a;
    this.argB[slot] = b;
    this.time[slot] = time;
    this.live++;
    const k = Math.floor((time - this.base) * this.invWidth);
    if (k < this.cursor) {
      this.heapInsert(slot, time, s);
      // Lay out the ring again (O(pending): at most once per eighth of the pending events popped).
      if (this.heapSize > this.heapLimit && this.popped - this.poppedAtLayout > this.live >> 3) this.layout();
    } else if (k < RING) {
      this.link[slot] = this.bucketHead[k]!;
      this.bucketHead[k] = slot;
    } else {
      this.link[slot] = this.overflowHead;
      this.overflowHead = slot;
    }
    return slot;
  }

  /** Cancel a pending event; returns false when it already ran or was cancelled. */
  cancel(handle: EventHandle): boolean {
    const slot = handle % SLOT_LIMIT;
    const s = Math.floor(handle / SLOT_LIMIT);
    if (slot >= this.nextFreshSlot || this.seq[slot] !== s || this.kind[slot] === CANCELLED) return false;
    this.kind[slot] = CANCELLED;
    this.live--;
    return true;
  }

  /** Remove the earliest event into popped*; returns false when the queue is empty. */
  pop(): boolean {
    return this.popUntil(Infinity);
  }

  /**
   * Remove the earliest event into popped* if it is due at or before `until`; false when the
   * queue is empty or the next event lies beyond (it stays). One cancelled-top check per event.
   */
  popUntil(until: number): boolean {
    if (!this.settleTop() || this.heapTime[0]! > until) return false;
    this.poppedTime = this.heapTime[0]!;
    const slot = this.removeTop();
    this.poppedKind = this.kind[slot]!;
    this.poppedA = this.argA[slot]!;
    this.poppedB = this.argB[slot]!;
    this.seq[slot] = 0; // invalidates handles to this slot
    this.freeSlot(slot);
    this.live--;
    this.popped++;
    return true;
  }

  /** Bring the earliest pending event to the heap's top; false when there is none. */
  private settleTop(): boolean {
    for (;;) {
      if (this.heapSize > 0) {
        const top = this.heap[0]!;
        if (this.kind[top] !== CANCELLED) return true;
        this.removeTop();
        this.seq[top] = 0;
        this.freeSlot(top);
      } else if (!this.refill()) {
        return false;
      }
    }
  }

  /** The heap is empty: move the next non-empty bucket into it (a new layout when none is left). */
  private refill(): boolean {
    const heads = this.bucketHead;
    for (;;) {
      while (this.cursor < RING) {
        const k = this.cursor++;
        let slot = heads[k]!;
        if (slot === NONE) continue;
        heads[k] = NONE;
        while (slot !== NONE) {
          const nextSlot = this.link[slot]!;
          this.admit(slot);
          slot = nextSlot;
        }
        if (this.heapSize > 0) return true;
      }
      if (this.overflowHead === NONE) return false;
      this.layout();
      if (this.heapSize > 0) return true;
    }
  }

  /** Into the heap, or dropped if cancelled while it waited in a bucket. */
  private admit(slot: number): void {
    if (this.kind[slot] === CANCELLED) {
      this.seq[slot] = 0;
      this.freeSlot(slot);
    } else {
      this.heapInsert(slot, this.time[slot]!, this.seq[slot]!);
    }
  }

  /**
   * Every pending event (the heap, the buckets not yet moved, the overflow) in one list, the
   * heap and the ring emptied; `first` and `finite` describe the finite times among them.
   */
  private gather(): number {
    const link = this.link;
    const times = this.time;
    const kinds = this.kind;
    const heads = this.bucketHead;
    let list = NONE;
    let first = Infinity;
    let finite = 0;
    const take = (slot: number): void => {
      link[slot] = list;
      list = slot;
      const t = times[slot]!;
      if (t !== Infinity && kinds[slot] !== CANCELLED) {
        if (t < first) first = t;
        finite++;
      }
    };
    for (let i = 0; i < this.heapSize; i++) take(this.heap[i]!);
    this.heapSize = 0;
    for (let k = this.cursor; k < RING; k++) {
      let slot = heads[k]!;
      heads[k] = NONE;
      while (slot !== NONE) {
        const nextSlot = link[slot]!;
        take(slot);
        slot = nextSlot;
      }
    }
    let slot = this.overflowHead;
    this.overflowHead = NONE;
    while (slot !== NONE) {
      const nextSlot = link[slot]!;
      take(slot);
      slot = nextSlot;
    }
    this.cursor = RING;
    this.first = first;
    this.finite = finite;
    return list;
  }

  /**
   * Lay the pending events out again: when the ring is used up (the heap is empty then), or
   * when the heap outgrew its limit. Few events: the heap alone. Otherwise a ring from the
   * earliest event, buckets of about BUCKET_EVENTS at the rate events were popped since the
   * last layout, widened until the ring takes at least an eighth of the finite events.
   */
  private layout(): void {
    const pops = this.popped - this.poppedAtLayout;
    const elapsed = this.poppedTime - this.timeAtLayout;
    this.poppedAtLayout = this.popped;
    this.timeAtLayout = this.poppedTime;
    let list = this.gather();
    const first = this.first;
    const finite = this.finite;
    if (finite < SMALL) {
      // The heap alone (events at t = ∞ too: every finite time pushed later goes there and is earlier).
      this.base = 0;
      this.invWidth = 0;
      this.heapLimit = SMALL;
      while (list !== NONE) {
        const slot = list;
        list = this.link[slot]!;
        this.admit(slot);
      }
      return;
    }
    let width = pops > 0 && elapsed > 0 ? (BUCKET_EVENTS * elapsed) / pops : 0;
    if (!(width > 0 && width < Infinity)) width = 1;
    const enough = Math.ceil(finite / 8);
    this.layouts++;
    for (;;) {
      const inside = this.spread(list, first, width);
      if (inside >= enough || !(first + RING * width < Infinity)) return;
      width *= 2;
      list = this.gather();
    }
  }

  /** A ring of buckets `width` wide from `first`: the list's events into their buckets; returns how many landed in the ring. */
  private spread(list: number, first: number, width: number): number {
    const link = this.link;
    const times = this.time;
    const heads = this.bucketHead;
    const invWidth = 1 / width;
    this.base = first;
    this.invWidth = invWidth;
    this.cursor = 0;
    this.heapLimit = RING_HEAP_LIMIT;
    let inside = 0;
    while (list !== NONE) {
      const slot = list;
      list = link[slot]!;
      if (this.kind[slot] === CANCELLED) {
        this.seq[slot] = 0;
        this.freeSlot(slot);
        continue;
      }
      const k = Math.floor((times[slot]! - first) * invWidth);
      if (k < RING) {
        link[slot] = heads[k]!;
        heads[k] = slot;
        inside++;
      } else {
        link[slot] = this.overflowHead;
        this.overflowHead = slot;
      }
    }
    return inside;
  }

  /** Sift a (slot, time, sequence) entry up from the heap's end. */
  private heapInsert(slot: number, time: number, s: number): void {
    let i = this.heapSize++;
    if (i >= this.heap.length) this.growHeap(this.heap.length * 2);
    const heap = this.heap;
    const ht = this.heapTime;
    const hs = this.heapSeq;
    while (i > 0) {
      const parent = (i - 1) >> 2;
      const pt = ht[parent]!;
      if (pt < time || (pt === time && hs[parent]! < s)) break;
      heap[i] = heap[parent]!;
      ht[i] = pt;
      hs[i] = hs[parent]!;
      i = parent;
    }
    heap[i] = slot;
    ht[i] = time;
    hs[i] = s;
  }

  /** Remove heap[0]; the last entry sinks from the root to its place. */
  private removeTop(): number {
    const heap = this.heap;
    const ht = this.heapTime;
    const hs = this.heapSeq;
    const top = heap[0]!;
    const n = --this.heapSize;
    if (n > 0) {
      const last = heap[n]!;
      const lastT = ht[n]!;
      const lastS = hs[n]!;
      let i = 0;
      for (;;) {
        const first = 4 * i + 1;
        if (first >= n) break;
        // The least of the (up to) four children.
        let c = first;
        let ct = ht[first]!;
        const end = first + 4 < n ? first + 4 : n;
        for (let k = first + 1; k < end; k++) {
          const kt = ht[k]!;
          if (kt < ct || (kt === ct && hs[k]! < hs[c]!)) {
            c = k;
            ct = kt;
          }
        }
        if (lastT < ct || (lastT === ct && lastS < hs[c]!)) break;
        heap[i] = heap[c]!;
        ht[i] = ct;
        hs[i] = hs[c]!;
        i = c;
      }
      heap[i] = last;
      ht[i] = lastT;
      hs[i] = lastS;
    }
    return top;
  }

  private allocSlot(): number {
    if (this.freeCount > 0) return this.freeSlots[--this.freeCount]!;
    const slot = this.nextFreshSlot++;
    if (slot >= SLOT_LIMIT) throw new RangeError(`more than ${SLOT_LIMIT} events pending at once`);
    if (slot >= this.seq.length) this.growSlots(Math.min(SLOT_LIMIT, this.seq.length * 2));
    return slot;
  }

  /** The slot columns, n long: a call of its own, so that growth stays out of the hot path's inlining budget. */
  private growSlots(n: number): void {
    this.seq = grownTo(this.seq, n);
    this.kind = grownTo(this.kind, n);
    this.argA = grownTo(this.argA, n);
    this.argB = grownTo(this.argB, n);
    this.time = grownTo(this.time, n);
    this.link = grownTo(this.link, n);
  }

  /** The heap's columns, n long (likewise). */
  private growHeap(n: number): void {
    this.heap = grownTo(this.heap, n);
    this.heapTime = grownTo(this.heapTime, n);
    this.heapSeq = grownTo(this.heapSeq, n);
  }

  private freeSlot(slot: number): void {
    if (this.freeCount >= this.freeSlots.length) this.freeSlots = grownTo(this.freeSlots, this.freeSlots.length * 2);
    this.freeSlots[this.freeCount++] = slot;
  }
}

/**
 * Take a throwaway queue once through every path a run reaches sooner or later: ties broken
 * by sequence in both sifts, the heap outgrowing SMALL and the ring's layout, refills, the
 * overflow, cancellations at the top and in a bucket. V8 optimises push and pop within a
 * run's first simulated seconds, from the type feedback the run has given them so far; a
 * path taken later for the first time (the first tie, the first layout) then deoptimises
 * them and everything they were inlined into — the simulator's loop — for a recompile and a
 * spell of slower code. Feedback belongs to the
 * functions, not to an instance, so one pass per thread serves every later queue (with the
 * loop's priming, src/engine/simulator.ts, server-crash as shipped went from 49
 * deoptimisations and 200 optimising compiles to 35 and 183: README "Performance"). Not the
 * columns' growth: this queue is large enough never to grow, so growth stays out of the loop's
 * optimised code (with feedback for it, TurboFan inlined it there and M/M/1 took 1.3 % more
 * instructions). Touches no other queue: a run's events and results are the same without it.
 */
export function primeEventQueue(): void {
  const q = new EventQueue(4096);
  const handles: EventHandle[] = [];
  // 700 pending (past SMALL), with ties (equal times) and fractions, some cancellable.
  for (let i = 0; i < 700; i++) {
    const t = 0.5 + (i % 11) * 0.25 + ((i * 7919) % 13) * 0.001;
    if (i % 5 === 0) handles.push(q.pushCancellable(t, 1, i, 0));
    else q.push(t, 1, i, 0);
  }
  q.push(1e6, 2); // the last
  for (let k = 0; k < handles.length; k += 2) q.cancel(handles[k]!);
  // Popping while pushing later events lays the ring out, fills and refills its buckets; now
  // and then one lands beyond the ring, in the overflow.
  let pushed = 0;
  while (q.popUntil(Infinity) && q.poppedKind !== 2) {
    if (pushed++ >= 1500) continue;
    q.push(q.poppedTime + (pushed % 100 === 0 ? 1e4 : 0.3 + (pushed % 3) * 0.1), 1, pushed, 0);
  }
  q.peekTime();
}
