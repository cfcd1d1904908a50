import { unwrappedRing } from '../../engine/typed-arrays.js';

/**
 * Asynchronous replication from a primary to its replicas, as Redis does it: a write is
 * acknowledged to the client first and reaches the replicas `lag` later, in order (the
 * replication stream is FIFO, so a write cannot overtake an earlier one; the caller holds
 * the lag steady over an ACK period). If the primary
 * dies — or is cut off — before a write has reached the replica, the replica that gets
 * promoted does not have it: the write was acknowledged and is lost.
 *
 * The stream keeps, in order, the writes not yet known to be replicated: when each will
 * have arrived, whose session it was, its serial and the serial it replaced (-1 when it
 * created the key), so a failover can turn the promoted replica's view back to what it
 * had received. A ring of typed arrays: nothing is allocated per write.
 */
export class ReplicationStream {
  private arrival = new Float64Array(256);
  private session = new Int32Array(256);
  private serial = new Float64Array(256);
  private previous = new Float64Array(256);
  private head = 0;
  private size = 0;
  private lastArrival = 0;
  /** A partition cuts the link at this time: nothing sent after it arrives. */
  cutAt = Infinity;

  /** A write acknowledged at `now`; returns when it reaches the replica (Infinity while cut off). */
  record(now: number, lag: number, sessionId: number, serial: number, previous: number): number {
    this.prune(now);
    let at = now + lag;
    if (at < this.lastArrival) at = this.lastArrival;
    if (now >= this.cutAt || at > this.cutAt) at = Infinity;
    else this.lastArrival = at;
    if (this.size === this.arrival.length) this.grow();
    const k = (this.head + this.size) % this.arrival.length;
    this.arrival[k] = at;
    this.session[k] = sessionId;
    this.serial[k] = serial;
    this.previous[k] = previous;
    this.size++;
    return at;
  }

  /** Forget writes that had reached the replica by `now` (or by the cut, whichever is first). */
  prune(now: number): void {
    const t = now < this.cutAt ? now : this.cutAt;
    const cap = this.arrival.length;
    while (this.size > 0 && this.arrival[this.head]! <= t) {
      this.head = (this.head + 1) % cap;
      this.size--;
    }
  }

  /** Writes acknowledged but not replicated at `at`, oldest first (call prune(at) first). */
  get pending(): number {
    return this.size;
  }

  /** The k-th pending write (0 = oldest). */
  pendingSession(k: number): number {
    return this.session[(this.head + k) % this.arrival.length]!;
  }

  pendingSerial(k: number): number {
    return this.serial[(this.head + k) % this.arrival.length]!;
  }

  pendingPrevious(k: number): number {
    return this.previous[(this.head + k) % this.arrival.length]!;
  }

  /** A new stream (after a failover or a healed partition). */
  reset(now: number): void {
    this.head = 0;
    this.size = 0;
    this.lastArrival = now;
    this.cutAt = Infinity;
  }

  private grow(): void {
    const n = this.arrival.length * 2;
    this.arrival = unwrappedRing(this.arrival, this.head, this.size, n);
    this.session = unwrappedRing(this.session, this.head, this.size, n);
    this.serial = unwrappedRing(this.serial, this.head, this.size, n);
    this.previous = unwrappedRing(this.previous, this.head, this.size, n);
    this.head = 0;
  }
}
