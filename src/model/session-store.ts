/**
 * A session store node (Redis-, Memcached- or database-like) as a resource: every
 * operation pays a network round trip (sampled) and waits its turn at a node that
 * executes one command at a time at `opsPerSecond` (Redis is single-threaded: about
 * 75k simple commands/s per instance without pipelining — REFERENCE.md).
 *
 * Queueing is the Lindley recursion of a FIFO single server, in the order operations
 * are sent: start = max(arrival at node, node free), so no event is needed per queue
 * step — the completion time is known when the operation is sent.
 */
import { makeDistribution, type Distribution } from '../engine/distributions.js';
import type { RandomStream } from '../engine/random.js';
import type { StoreConfig } from './config.js';

export class SessionStore {
  /** Reachable and serving. */
  available = true;
  /** Bumped by every outage start: operations sent before it fail. */
  outageEpoch = 0;
  /** Bumped when the data set is lost (a restart without persistence, a flush). */
  generation = 0;
  private nodeFreeAt = 0;
  private readonly latency: Distribution;
  private readonly serviceTime: number;
  /** Queueing delay of the last operation sent (seconds). */
  lastQueueDelay = 0;

  constructor(
    readonly config: StoreConfig,
    private readonly random: RandomStream,
  ) {
    this.latency = makeDistribution(config.latency);
    this.serviceTime = 1 / config.opsPerSecond;
  }

  /** Send one operation at `now`; returns when its reply reaches the app server. */
  send(now: number): number {
    const rtt = this.latency.sample(this.random.next());
    const arrival = now + rtt / 2;
    const start = arrival > this.nodeFreeAt ? arrival : this.nodeFreeAt;
    this.lastQueueDelay = start - arrival;
    this.nodeFreeAt = start + this.serviceTime;
    return this.nodeFreeAt + rtt / 2;
  }

  /** The store becomes unreachable; with `flush` its data is gone when it comes back. */
  fail(flush: boolean): void {
    this.available = false;
    this.outageEpoch++;
    if (flush) this.generation++;
  }

  recover(now: number): void {
    this.available = true;
    if (this.nodeFreeAt < now) this.nodeFreeAt = now;
  }
}
