/**
 * An application server: `workers` requests in service at once, a bounded FIFO queue
 * for the rest (full ⇒ 503), and an incarnation number that a crash bumps: in-memory
 * sessions written under an older incarnation are gone.
 */
import type { ServerConfig } from './config.js';
import { unwrappedRing } from '../engine/typed-arrays.js';

/** First size of a queue's ring: Tomcat's acceptCount default (100) fits, and it grows from there. */
const INITIAL_QUEUE = 256;

export class Server {
  /** Is the process running (the truth; the balancer learns it through health checks). */
  alive = true;
  /** Bumped by every crash; state and in-flight work of older incarnations are lost. */
  incarnation = 0;
  /** Requests in service. */
  busy = 0;
  /** Requests handled to completion (all time). */
  handled = 0;
  /**
   * Busy-worker seconds up to `busySince` (∫ busy dt): the CPU utilisation an autoscaler and the
   * reports read, integrated when `busy` changes (accrue before every change), never per sample.
   */
  busySeconds = 0;
  private busySince = 0;
  readonly workers: number;
  readonly queueLimit: number;
  /**
   * Ring buffer of queued request ids. It grows by doubling up to queueLimit, so memory follows
   * the queue and not the limit: a limit of 10^9 ("no limit") costs nothing until requests wait.
   */
  private queue: Int32Array;
  private head = 0;
  private queued = 0;

  constructor(
    readonly index: number,
    config: ServerConfig,
  ) {
    this.workers = config.workers;
    this.queueLimit = config.queueLimit;
    this.queue = new Int32Array(Math.max(1, Math.min(config.queueLimit, INITIAL_QUEUE)));
  }

  get name(): string {
    return `s${this.index}`;
  }

  /** Requests in service plus queued: what least-connections counts (HAProxy leastconn counts queued ones too). */
  get load(): number {
    return this.busy + this.queued;
  }

  get queueLength(): number {
    return this.queued;
  }

  /** Bring the busy-time integral up to `now`; call just before `busy` changes. */
  accrue(now: number): void {
    this.busySeconds += this.busy * (now - this.busySince);
    this.busySince = now;
  }

  /** Busy-worker seconds from t = 0 to `now` (now ≥ the last change). */
  busySecondsAt(now: number): number {
    return this.busySeconds + this.busy * (now - this.busySince);
  }

  hasIdleWorker(): boolean {
    return this.busy < this.workers;
  }

  /** Queue a request id; false when the queue is full. */
  enqueue(requestId: number): boolean {
    if (this.queued >= this.queueLimit) return false;
    if (this.queued === this.queue.length) this.growQueue();
    let at = this.head + this.queued;
    if (at >= this.queue.length) at -= this.queue.length;
    this.queue[at] = requestId;
    this.queued++;
    return true;
  }

  /** Double the ring (at most queueLimit), its requests in order from the start. */
  private growQueue(): void {
    this.queue = unwrappedRing(this.queue, this.head, this.queued, Math.min(this.queueLimit, this.queue.length * 2));
    this.head = 0;
  }

  /** Next queued request id, or -1. */
  dequeue(): number {
    if (this.queued === 0) return -1;
    const id = this.queue[this.head]!;
    this.head = this.head + 1 === this.queue.length ? 0 : this.head + 1;
    this.queued--;
    return id;
  }

  /**
   * The process dies: memory (sessions) and in-flight work are gone. Returns the ids of
   * the requests that were waiting in the queue, which the caller fails.
   */
  crash(now: number): number[] {
    const dropped: number[] = [];
    this.accrue(now);
    for (let id = this.dequeue(); id >= 0; id = this.dequeue()) dropped.push(id);
    this.alive = false;
    this.incarnation++;
    this.busy = 0;
    return dropped;
  }

  /** The process is running again, with empty memory. */
  recover(): void {
    this.alive = true;
  }
}
