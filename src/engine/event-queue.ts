/**
 * The future-event list: a 4-ary min-heap ordered by (time, insertion sequence). Four
 * children per node halve the depth of a binary heap, and the four sort keys a sift-down
 * compares sit in one or two cache lines: with the tens of thousands of pending events of a
 * long run (one per live session) a pop touches half the lines. Any heap pops a total order
 * the same way, so the choice changes no result.
 *
 * Equal times run in the order they were scheduled (FIFO), which makes every run
 * reproducible. An event is three numbers — a kind and two integer arguments — kept in
 * parallel typed arrays indexed by a slot; the heap itself is an Int32Array of slots, with
 * each entry's sort key (time, sequence) stored beside it in heap order, so sifting compares
 * neighbouring memory instead of chasing slots.
 * Scheduling and popping allocate nothing once the arrays have grown to the run's
 * high-water mark (SimPy keeps (time, priority, id) tuples; we keep columns).
 *
 * Cancellation is lazy: a cancelled slot stays in the heap, marked, and is discarded
 * when it reaches the top. A handle packs the slot and its sequence number so a stale
 * handle (slot reused by a later event) cancels nothing.
 */

const SLOT_BITS = 22;
const SLOT_LIMIT = 1 << SLOT_BITS; // 4,194,304 events pending at once
const CANCELLED = -1;

export type EventHandle = number;

export class EventQueue {
  /** Sequence number per slot (0 when free): validates cancel handles. */
  private seq: Float64Array;
  private kind: Int32Array;
  private argA: Int32Array;
  private argB: Int32Array;
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

  /** Filled by pop(): the event just removed. Read them before the next pop. */
  poppedTime = 0;
  poppedKind = 0;
  poppedA = 0;
  poppedB = 0;

  constructor(initialCapacity = 1024) {
    const n = Math.max(16, initialCapacity);
    this.seq = new Float64Array(n);
    this.kind = new Int32Array(n);
    this.argA = new Int32Array(n);
    this.argB = new Int32Array(n);
    this.heap = new Int32Array(n);
    this.heapTime = new Float64Array(n);
    this.heapSeq = new Float64Array(n);
    this.freeSlots = new Int32Array(n);
  }

  /** Number of pending (not cancelled) events. */
  get size(): number {
    return this.live;
  }

  /** Time of the earliest pending event, or Infinity when empty. */
  peekTime(): number {
    this.dropCancelledTop();
    return this.heapSize > 0 ? this.heapTime[0]! : Infinity;
  }

  push(time: number, kind: number, a = 0, b = 0): EventHandle {
    if (!(time === time)) throw new RangeError('event time is NaN');
    const slot = this.allocSlot();
    const s = this.nextSeq++;
    this.seq[slot] = s;
    this.kind[slot] = kind;
    this.argA[slot] = a;
    this.argB[slot] = b;
    let i = this.heapSize++;
    if (i >= this.heap.length) {
      const n = this.heap.length * 2;
      this.heap = grow(this.heap, n);
      this.heapTime = grow(this.heapTime, n);
      this.heapSeq = grow(this.heapSeq, n);
    }
    // Sift up: a new event has the largest sequence number, so it only passes earlier times.
    const heap = this.heap;
    const ht = this.heapTime;
    const hs = this.heapSeq;
    while (i > 0) {
      const parent = (i - 1) >> 2;
      if (ht[parent]! <= time) break;
      heap[i] = heap[parent]!;
      ht[i] = ht[parent]!;
      hs[i] = hs[parent]!;
      i = parent;
    }
    heap[i] = slot;
    ht[i] = time;
    hs[i] = s;
    this.live++;
    return s * SLOT_LIMIT + slot;
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
    this.dropCancelledTop();
    if (this.heapSize === 0 || this.heapTime[0]! > until) return false;
    this.poppedTime = this.heapTime[0]!;
    const slot = this.removeTop();
    this.poppedKind = this.kind[slot]!;
    this.poppedA = this.argA[slot]!;
    this.poppedB = this.argB[slot]!;
    this.seq[slot] = 0; // invalidates handles to this slot
    this.freeSlot(slot);
    this.live--;
    return true;
  }

  private dropCancelledTop(): void {
    while (this.heapSize > 0 && this.kind[this.heap[0]!] === CANCELLED) {
      const slot = this.removeTop();
      this.seq[slot] = 0;
      this.freeSlot(slot);
    }
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
    if (slot >= this.seq.length) {
      const n = Math.min(SLOT_LIMIT, this.seq.length * 2);
      this.seq = grow(this.seq, n);
      this.kind = grow(this.kind, n);
      this.argA = grow(this.argA, n);
      this.argB = grow(this.argB, n);
    }
    return slot;
  }

  private freeSlot(slot: number): void {
    if (this.freeCount >= this.freeSlots.length) this.freeSlots = grow(this.freeSlots, this.freeSlots.length * 2);
    this.freeSlots[this.freeCount++] = slot;
  }
}

function grow<T extends Float64Array | Int32Array>(a: T, n: number): T {
  const b = new (a.constructor as { new (n: number): T })(n);
  b.set(a);
  return b;
}
