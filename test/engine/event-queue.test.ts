/**
 * The future-event list ordered by (time, insertion sequence): a small heap in front of a ring
 * of time buckets. Specification: events come out in time order; equal times come out in the
 * order they were pushed (FIFO), however pushes and pops interleave and whether the heap alone
 * or the ring holds them; cancel() removes exactly the event its handle names, once, and never
 * a later event that reuses the slot.
 */
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/engine/event-queue.js';

/** mulberry32: a tiny seeded PRNG so the randomised tests are reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pop everything; returns [time, kind, a, b] per event. */
function drain(q: EventQueue): Array<[number, number, number, number]> {
  const out: Array<[number, number, number, number]> = [];
  while (q.pop()) out.push([q.poppedTime, q.poppedKind, q.poppedA, q.poppedB]);
  return out;
}

describe('EventQueue ordering', () => {
  it('pops events in time order whatever the push order', () => {
    const q = new EventQueue();
    const times = [5, 1, 4, 2, 3, 0.5, 10, 7];
    times.forEach((t, i) => q.push(t, 0, i));
    expect(drain(q).map((e) => e[0])).toEqual([...times].sort((x, y) => x - y));
  });

  it('breaks ties by insertion order (FIFO)', () => {
    const q = new EventQueue();
    for (let i = 0; i < 50; i++) q.push(1, 0, i);
    expect(drain(q).map((e) => e[2])).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('keeps FIFO among equal times across many interleaved pushes and pops (against a reference)', () => {
    // 20,000 operations; times drawn from only 5 values so ties are the rule, not the
    // exception. Reference: a plain array, minimum by (time, push number), scanned linearly.
    const rand = mulberry32(7);
    const q = new EventQueue(16); // start tiny: the heap must grow along the way
    const ref: Array<{ time: number; id: number }> = [];
    let nextId = 0;
    let popped = 0;
    for (let op = 0; op < 20_000; op++) {
      if (ref.length === 0 || rand() < 0.55) {
        const time = Math.floor(rand() * 5);
        q.push(time, 3, nextId);
        ref.push({ time, id: nextId++ });
      } else {
        let best = 0;
        for (let k = 1; k < ref.length; k++) {
          const r = ref[k]!;
          const b = ref[best]!;
          if (r.time < b.time || (r.time === b.time && r.id < b.id)) best = k;
        }
        const want = ref.splice(best, 1)[0]!;
        expect(q.pop()).toBe(true);
        expect([q.poppedTime, q.poppedA]).toEqual([want.time, want.id]);
        popped++;
      }
      expect(q.size).toBe(ref.length);
    }
    expect(popped).toBeGreaterThan(5_000);
  });

  it('agrees with a stably sorted reference on 100,000 random events', () => {
    // Times are rounded to 0.01 in [0, 1000]: 100,001 possible values for 100,000 events,
    // so about 1 − e^{−1} ≈ 63% of the events share their time with another one. Array
    // sort is stable (ES2019), so the reference order is (time, insertion order) exactly.
    const n = 100_000;
    const rand = mulberry32(2024);
    const q = new EventQueue(16);
    const events = Array.from({ length: n }, (_, i) => ({ time: Math.round(rand() * 1000 * 100) / 100, i }));
    for (const e of events) q.push(e.time, e.i % 7, e.i, -e.i);
    expect(q.size).toBe(n);
    const sorted = [...events].sort((x, y) => x.time - y.time);
    const out = drain(q);
    expect(out.length).toBe(n);
    let mismatches = 0;
    for (let k = 0; k < n; k++) {
      const [time, kind, a, b] = out[k]!;
      const want = sorted[k]!;
      if (time !== want.time || a !== want.i || kind !== want.i % 7 || b !== -want.i) mismatches++;
    }
    expect(mismatches).toBe(0);
    expect(q.size).toBe(0);
  });

  it('carries kind and both integer arguments, including negative ones', () => {
    const q = new EventQueue();
    q.push(2, 9, -5, 2147483647);
    q.push(1, 4, 123, -2147483648);
    expect(drain(q)).toEqual([
      [1, 4, 123, -2147483648],
      [2, 9, -5, 2147483647],
    ]);
  });

  it('reports Infinity and pops nothing when empty, and refuses a NaN time', () => {
    const q = new EventQueue();
    expect(q.peekTime()).toBe(Infinity);
    expect(q.pop()).toBe(false);
    expect(q.size).toBe(0);
    expect(() => q.push(Number.NaN, 0)).toThrow(RangeError);
    q.push(3, 0);
    expect(q.peekTime()).toBe(3);
  });
});

describe('EventQueue.cancel', () => {
  it('returns true once, then false; the cancelled event never comes out', () => {
    const q = new EventQueue();
    q.push(1, 0, 1);
    const h = q.pushCancellable(2, 0, 2);
    q.push(3, 0, 3);
    expect(q.cancel(h)).toBe(true);
    expect(q.size).toBe(2);
    expect(q.cancel(h)).toBe(false);
    expect(q.size).toBe(2);
    expect(drain(q).map((e) => e[2])).toEqual([1, 3]);
  });

  it('cancelling the earliest event moves peekTime to the next one', () => {
    const q = new EventQueue();
    const h = q.pushCancellable(1, 0, 1);
    q.push(2, 0, 2);
    expect(q.cancel(h)).toBe(true);
    expect(q.peekTime()).toBe(2);
  });

  it('a handle of an event that already ran cancels nothing, even after its slot is reused', () => {
    const q = new EventQueue();
    const stale = q.pushCancellable(1, 0, 1);
    expect(q.pop()).toBe(true); // frees the slot
    expect(q.cancel(stale)).toBe(false);
    const fresh = q.pushCancellable(2, 0, 2); // reuses the freed slot
    expect(fresh).not.toBe(stale);
    expect(q.cancel(stale)).toBe(false);
    expect(q.size).toBe(1);
    expect(drain(q).map((e) => e[2])).toEqual([2]);
  });

  it('a handle of a cancelled event cancels nothing once its slot holds a new event', () => {
    const q = new EventQueue();
    const h = q.pushCancellable(1, 0, 1);
    q.push(5, 0, 5);
    expect(q.cancel(h)).toBe(true);
    expect(q.peekTime()).toBe(5); // drops the cancelled top: its slot is free again
    q.push(2, 0, 2); // takes that slot
    expect(q.cancel(h)).toBe(false);
    expect(drain(q).map((e) => e[2])).toEqual([2, 5]);
  });

  it('random pushes, pops and cancels (with stale handles) agree with a reference', () => {
    // 30,000 operations. Every cancel of a live handle must succeed exactly once; every
    // cancel of a popped or already-cancelled handle must fail and remove nothing.
    const rand = mulberry32(99);
    const q = new EventQueue(16);
    const live = new Map<number, { time: number; id: number }>(); // handle -> event
    const dead: number[] = []; // handles that ran or were cancelled
    const handleOf = new Map<number, number>(); // id -> handle
    let nextId = 0;
    for (let op = 0; op < 30_000; op++) {
      const r = rand();
      if (live.size === 0 || r < 0.45) {
        const time = Math.floor(rand() * 20);
        const id = nextId++;
        const h = q.pushCancellable(time, 1, id);
        expect(live.has(h)).toBe(false);
        live.set(h, { time, id });
        handleOf.set(id, h);
      } else if (r < 0.7) {
        // Cancel a random live event.
        const handles = [...live.keys()];
        const h = handles[Math.floor(rand() * handles.length)]!;
        expect(q.cancel(h)).toBe(true);
        live.delete(h);
        dead.push(h);
      } else if (r < 0.8 && dead.length > 0) {
        const h = dead[Math.floor(rand() * dead.length)]!;
        expect(q.cancel(h)).toBe(false);
      } else {
        let best: { time: number; id: number } | undefined;
        for (const e of live.values()) if (!best || e.time < best.time || (e.time === best.time && e.id < best.id)) best = e;
        expect(q.pop()).toBe(true);
        expect([q.poppedTime, q.poppedA]).toEqual([best!.time, best!.id]);
        const h = handleOf.get(best!.id)!;
        live.delete(h);
        dead.push(h);
      }
      expect(q.size).toBe(live.size);
    }
  });
});

/** A plain binary heap of (time, id) for reference: id is the push number, so ties are FIFO. */
class ReferenceHeap {
  private readonly t: number[] = [];
  private readonly id: number[] = [];
  get size(): number {
    return this.t.length;
  }
  private less(i: number, j: number): boolean {
    return this.t[i]! < this.t[j]! || (this.t[i] === this.t[j] && this.id[i]! < this.id[j]!);
  }
  private swap(i: number, j: number): void {
    [this.t[i], this.t[j]] = [this.t[j]!, this.t[i]!];
    [this.id[i], this.id[j]] = [this.id[j]!, this.id[i]!];
  }
  push(time: number, id: number): void {
    this.t.push(time);
    this.id.push(id);
    for (let i = this.t.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }
  pop(): { time: number; id: number } {
    const out = { time: this.t[0]!, id: this.id[0]! };
    const lastT = this.t.pop()!;
    const lastId = this.id.pop()!;
    if (this.t.length > 0) {
      this.t[0] = lastT;
      this.id[0] = lastId;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        if (l >= this.t.length) break;
        const c = l + 1 < this.t.length && this.less(l + 1, l) ? l + 1 : l;
        if (!this.less(c, i)) break;
        this.swap(c, i);
        i = c;
      }
    }
    return out;
  }
}

describe('EventQueue with many events pending (the ring of buckets)', () => {
  /**
   * A simulation-like hold model: each pop is followed by pushes from the popped event's time,
   * a think (exponential, mean 5 s) or a service (mean 20 ms), a fifth of them rounded to a
   * 1 ms grid so times tie. Pending events are held near a target through phases: 12,000; a
   * burst whose delays are 1000 times shorter (the buckets are then far too wide and the ring
   * must be laid out again); 12,000 again; a drain to a handful (back to the heap alone); 8,000.
   * Some events lie at t = ∞ and random pending events are cancelled. Every pop must match the
   * reference heap, and at the end the rest (the events at ∞ last, in push order) too.
   */
  it('pops the same events in the same order as a reference heap through every phase', () => {
    const rand = mulberry32(31);
    const q = new EventQueue(16);
    const ref = new ReferenceHeap();
    const handles = new Map<number, number>(); // id -> handle of a pending event
    const cancelled = new Set<number>();
    let cancelledPending = 0;
    let nextId = 0;
    let now = 0;
    let mismatches = 0;
    let pops = 0;
    const atInfinity = new Set<number>();
    const push = (time: number): void => {
      const id = nextId++;
      if (time === Infinity) atInfinity.add(id);
      handles.set(id, q.pushCancellable(time, id % 5, id, -id));
      ref.push(time, id);
    };
    const popOne = (): void => {
      let want = ref.pop();
      while (cancelled.has(want.id)) {
        cancelledPending--;
        want = ref.pop();
      }
      expect(q.pop()).toBe(true);
      pops++;
      if (q.poppedTime !== want.time || q.poppedA !== want.id || q.poppedB !== -want.id || q.poppedKind !== want.id % 5) mismatches++;
      handles.delete(want.id);
      now = q.poppedTime;
    };
    const delay = (scale: number): number => {
      const d = (rand() < 0.5 ? 5 : 0.02) * scale * -Math.log(1 - rand());
      return rand() < 0.2 ? Math.max(0, Math.round((now + d) * 1000) / 1000 - now) : d;
    };
    const phases = [
      { ops: 60_000, target: 12_000, scale: 1 },
      { ops: 40_000, target: 12_000, scale: 0.001 },
      { ops: 40_000, target: 12_000, scale: 1 },
      { ops: 30_000, target: 5, scale: 1 },
      { ops: 40_000, target: 8_000, scale: 1 },
    ];
    for (let i = 0; i < 3; i++) push(Infinity);
    for (const phase of phases) {
      for (let op = 0; op < phase.ops; op++) {
        const pending = q.size - atInfinity.size; // finite ones
        const r = rand();
        if (r < 0.01) {
          // Cancel one of the last 500 events pushed, if it is still pending.
          const id = nextId - 1 - Math.floor(rand() * Math.min(nextId, 500));
          const h = handles.get(id);
          if (h !== undefined && !atInfinity.has(id)) {
            expect(q.cancel(h)).toBe(true);
            expect(q.cancel(h)).toBe(false);
            cancelled.add(id);
            cancelledPending++;
            handles.delete(id);
          }
        } else if (pending < phase.target && (r < 0.75 || pending < 10)) {
          push(now + delay(phase.scale));
          if (rand() < 0.0005) push(Infinity);
        } else if (pending > 0) {
          popOne();
        }
        expect(q.size).toBe(ref.size - cancelledPending);
      }
    }
    const finiteLeft = q.size - atInfinity.size;
    for (let i = 0; i < finiteLeft; i++) popOne();
    expect(now).toBeLessThan(Infinity);
    // The events at ∞, in push order.
    const order: number[] = [];
    while (q.pop()) order.push(q.poppedA);
    expect(order).toEqual([...atInfinity]);
    expect(atInfinity.size).toBeGreaterThan(3);
    expect(q.size).toBe(0);
    expect(mismatches).toBe(0);
    expect(pops).toBeGreaterThan(80_000);
    expect(q.ringLayouts).toBeGreaterThan(5);
  });

  it('keeps FIFO among thousands of events at one time, in the ring as in the heap', () => {
    const q = new EventQueue(16);
    // Spread events over time so the ring is laid out, then many at exactly t = 50.
    for (let i = 0; i < 5000; i++) q.push(i * 0.01, 0, -1);
    for (let i = 0; i < 1000; i++) {
      q.pop();
      q.push(50, 1, i);
      q.push(q.poppedTime + 60, 0, -1);
    }
    expect(q.ringLayouts).toBeGreaterThan(0);
    const at50: number[] = [];
    while (q.pop()) if (q.poppedTime === 50) at50.push(q.poppedA);
    expect(at50).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });
});
