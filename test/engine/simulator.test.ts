/**
 * The clock and event loop. Specification: handlers are registered per kind and receive
 * the event's two integer arguments; the clock jumps to each event's time; run(until)
 * handles every event at or before the horizon, leaves later ones pending and stops the
 * clock at the horizon; cancelled events never run.
 */
import { describe, expect, it } from 'vitest';
import { Simulator, type EventHandler } from '../../src/engine/simulator.js';

const A = 0;
const B = 1;
const C = 2;

/**
 * Tests of dispatch, ordering and cancel run to a finite horizon past their last event, so
 * each of them checks its own property; run() without a horizon has its own test.
 */
const HORIZON = 100;

/**
 * Register a handler that refuses to be called more than `limit` times. The loop is
 * synchronous, so a run() that never returns would hang the whole suite (a test timeout
 * cannot interrupt it); with this guard such a defect fails the test instead.
 */
function on(sim: Simulator, kind: number, handler: EventHandler, limit = 1000): void {
  let calls = 0;
  sim.on(kind, (a, b) => {
    if (++calls > limit) throw new Error(`runaway loop: kind ${kind} dispatched more than ${limit} times (last args ${a}, ${b} at t=${sim.now})`);
    handler(a, b);
  });
}

describe('Simulator', () => {
  it('dispatches each event to the handler of its kind, with its arguments and time', () => {
    const sim = new Simulator();
    const seen: string[] = [];
    on(sim, A, (a, b) => seen.push(`A(${a},${b})@${sim.now}`));
    on(sim, B, (a, b) => seen.push(`B(${a},${b})@${sim.now}`));
    on(sim, C, (a) => seen.push(`C(${a})@${sim.now}`));
    sim.schedule(2, B, 7, 8);
    sim.schedule(1, A, 1, 2);
    sim.schedule(3, C, -4);
    sim.run(HORIZON);
    expect(seen).toEqual(['A(1,2)@1', 'B(7,8)@2', 'C(-4)@3']);
    expect(sim.eventsProcessed).toBe(3);
    expect(sim.pending).toBe(0);
  });

  it('schedule() is relative to the current time, scheduleAt() absolute', () => {
    const sim = new Simulator();
    const times: number[] = [];
    on(sim, A, (step) => {
      times.push(sim.now);
      if (step < 3) sim.schedule(0.5, A, step + 1);
    });
    on(sim, B, () => times.push(-sim.now));
    sim.schedule(1, A, 0);
    sim.scheduleAt(1.75, B);
    sim.run(HORIZON);
    expect(times).toEqual([1, 1.5, -1.75, 2, 2.5]);
  });

  it('runs simultaneous events in the order they were scheduled, including ones scheduled by handlers', () => {
    const sim = new Simulator();
    const order: number[] = [];
    on(sim, A, (id) => {
      order.push(id);
      if (id === 1) sim.schedule(0, A, 99); // same time, scheduled later: runs after 2 and 3
    });
    sim.scheduleAt(5, A, 1);
    sim.scheduleAt(5, A, 2);
    sim.scheduleAt(5, A, 3);
    sim.run(HORIZON);
    expect(order).toEqual([1, 2, 3, 99]);
  });

  it('run(until) stops at the horizon: events at or before it run, later ones stay pending, clock = until', () => {
    const sim = new Simulator();
    const ran: number[] = [];
    on(sim, A, (t) => ran.push(t));
    for (const t of [1, 2, 3, 4, 5]) sim.scheduleAt(t, A, t);
    sim.run(3);
    expect(ran).toEqual([1, 2, 3]); // the event exactly at the horizon runs
    expect(sim.now).toBe(3);
    expect(sim.pending).toBe(2);

    sim.run(3.5); // nothing due: the clock still advances to the horizon
    expect(ran).toEqual([1, 2, 3]);
    expect(sim.now).toBe(3.5);

    sim.run(10); // continues where it left off; the queue empties before 10
    expect(ran).toEqual([1, 2, 3, 4, 5]);
    expect(sim.now).toBe(10);
    expect(sim.pending).toBe(0);
  });

  it('run() without a horizon returns once the queue is empty: each event handled once, clock at the last event', () => {
    const sim = new Simulator();
    const ran: number[] = [];
    on(sim, A, (id) => ran.push(id), 10);
    sim.scheduleAt(1, A, 1);
    sim.scheduleAt(4.25, A, 2);
    sim.run();
    expect(ran).toEqual([1, 2]);
    expect(sim.eventsProcessed).toBe(2);
    expect(sim.pending).toBe(0);
    expect(sim.now).toBe(4.25);
    sim.run(); // an empty queue: returns at once, handles nothing
    expect(ran).toEqual([1, 2]);
    expect(sim.eventsProcessed).toBe(2);
  });

  it('a cancelled event never runs; cancel() is true once', () => {
    const sim = new Simulator();
    const ran: number[] = [];
    on(sim, A, (id) => ran.push(id));
    sim.schedule(1, A, 1);
    const h = sim.scheduleCancellable(2, A, 2);
    sim.schedule(3, A, 3);
    expect(sim.cancel(h)).toBe(true);
    expect(sim.cancel(h)).toBe(false);
    expect(sim.pending).toBe(2);
    sim.run(HORIZON);
    expect(ran).toEqual([1, 3]);
    expect(sim.eventsProcessed).toBe(2);
  });

  it('a handler can cancel a later event (a timeout cleared by a reply)', () => {
    const sim = new Simulator();
    const ran: string[] = [];
    let timeout = -1;
    on(sim, A, () => {
      ran.push('reply');
      expect(sim.cancel(timeout)).toBe(true);
    });
    on(sim, B, () => ran.push('timeout'));
    timeout = sim.scheduleCancellable(10, B);
    sim.schedule(1, A);
    sim.run(HORIZON);
    expect(ran).toEqual(['reply']);
  });

  it('stop() ends run() after the current event and keeps the rest pending', () => {
    const sim = new Simulator();
    const ran: number[] = [];
    on(sim, A, (id) => {
      ran.push(id);
      if (id === 2) sim.stop();
    });
    for (const t of [1, 2, 3]) sim.scheduleAt(t, A, t);
    sim.run(100);
    expect(ran).toEqual([1, 2]);
    expect(sim.now).toBe(2); // not advanced to the horizon
    expect(sim.pending).toBe(1);
    sim.run(100);
    expect(ran).toEqual([1, 2, 3]);
  });

  it('refuses the past, a second handler for a kind, and an event without a handler', () => {
    const sim = new Simulator();
    on(sim, A, () => {});
    expect(() => sim.on(A, () => {})).toThrow(/already has a handler/);
    sim.scheduleAt(5, A);
    sim.run(HORIZON);
    expect(() => sim.schedule(-1, A)).toThrow(RangeError);
    expect(() => sim.scheduleAt(4, A)).toThrow(RangeError);
    sim.schedule(1, C);
    expect(() => sim.run()).toThrow(/no handler for event kind 2/);
  });
});
