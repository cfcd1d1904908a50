/**
 * The simulation clock and event loop. Domain-free: callers register a handler per event
 * kind once (no closure per event), then schedule (kind, a, b) triples. Time is in seconds.
 */
import { EventQueue, primeEventQueue, type EventHandle } from './event-queue.js';

/** Handles one event kind; `a` and `b` are the integer arguments given to schedule(). */
export type EventHandler = (a: number, b: number) => void;

/** Has this thread primed the engine's type feedback (primeEngine)? */
let primed = false;

export class Simulator {
  private readonly queue: EventQueue;
  private readonly handlers: EventHandler[] = [];
  private clock = 0;
  private processed = 0;
  private stopped = false;

  constructor(initialCapacity = 4096) {
    if (!primed) {
      primed = true;
      primeEngine();
    }
    this.queue = new EventQueue(initialCapacity);
  }

  /** Current simulated time in seconds. */
  get now(): number {
    return this.clock;
  }

  /** Events handled so far. */
  get eventsProcessed(): number {
    return this.processed;
  }

  get pending(): number {
    return this.queue.size;
  }

  /** Register the handler for an event kind (kinds are small non-negative integers). */
  on(kind: number, handler: EventHandler): void {
    if (this.handlers[kind] !== undefined) throw new Error(`event kind ${kind} already has a handler`);
    this.handlers[kind] = handler;
  }

  /** Schedule an event `delay` seconds from now (no handle: see scheduleCancellable). */
  schedule(delay: number, kind: number, a = 0, b = 0): void {
    if (delay < 0) throw new RangeError(`cannot schedule into the past (delay ${delay})`);
    this.queue.push(this.clock + delay, kind, a, b);
  }

  /** Schedule an event at an absolute time (not before now). */
  scheduleAt(time: number, kind: number, a = 0, b = 0): void {
    if (time < this.clock) throw new RangeError(`cannot schedule at ${time} < now ${this.clock}`);
    this.queue.push(time, kind, a, b);
  }

  /** schedule(), returning the handle cancel() takes. */
  scheduleCancellable(delay: number, kind: number, a = 0, b = 0): EventHandle {
    if (delay < 0) throw new RangeError(`cannot schedule into the past (delay ${delay})`);
    return this.queue.pushCancellable(this.clock + delay, kind, a, b);
  }

  cancel(handle: EventHandle): boolean {
    return this.queue.cancel(handle);
  }

  /** Stop the current run() after the event being handled. */
  stop(): void {
    this.stopped = true;
  }

  /**
   * Handle events in (time, insertion) order until the queue is empty, stop() is called,
   * or the next event lies beyond `until`; the clock then stands at `until` (if finite).
   */
  run(until = Infinity): void {
    const queue = this.queue;
    const handlers = this.handlers;
    this.stopped = false;
    while (!this.stopped && queue.popUntil(until)) {
      this.clock = queue.poppedTime;
      this.processed++;
      const handler = handlers[queue.poppedKind];
      if (handler === undefined) throw new Error(`no handler for event kind ${queue.poppedKind}`);
      handler(queue.poppedA, queue.poppedB);
    }
    if (!this.stopped && until !== Infinity && until > this.clock) this.clock = until;
  }
}

/**
 * Once per thread, before its first simulation: the event queue's every path
 * (primeEventQueue), then a throwaway simulator through both ways out of run() — its
 * horizon reached, and stop(). A real run leaves the loop once, at its very end; until it
 * has, the loop's optimised code has no feedback for the lines after it and deoptimises
 * there, so each later strategy's run started in unoptimised code again (4 of server-crash's
 * deoptimisations). Touches no other simulator or queue: results are the same without it.
 */
function primeEngine(): void {
  primeEventQueue();
  const sim = new Simulator(16);
  sim.on(1, () => sim.schedule(0.375, 1));
  sim.on(0, () => sim.stop());
  sim.scheduleAt(0.5, 1);
  sim.cancel(sim.scheduleCancellable(0.75, 1));
  // Enough calls for V8 to give run() its feedback vector (lazy feedback allocation).
  for (let k = 1; k <= 16; k++) sim.run(k * 2.5);
  sim.schedule(0.25, 0);
  sim.run();
}
