/**
 * The session store as a resource and as a distributed system: one or more nodes
 * (Redis- or Memcached-like), each a FIFO server, holding keys with TTLs in limited
 * memory, placed by a topology, and failing the ways real deployments fail.
 *
 * Per operation: a network round trip (sampled), payload transfer at `bandwidth`, and a
 * turn at a node that executes one command at a time at `opsPerSecond` (Redis is
 * single-threaded: ≈ 75k simple commands/s per instance without pipelining —
 * REFERENCE.md). The node serves commands in the order they ARRIVE, as Redis does: each
 * operation is an arrival event at the node (store/in-flight.ts), where start =
 * max(arrival, node free) and the reply is scheduled. (A Lindley recursion in the order
 * operations are *sent* would make a command that arrives early wait behind one still on the
 * wire: about twice the M/D/1 wait at the default lognormal round trip —
 * test/validation/md1-store-token-service.test.ts.)
 *
 * Topologies (store.topology):
 *   single           one node; a crash loses its data (no persistence), an outage blocks.
 *   primary-replica  Redis + Sentinel: asynchronous replication; a dead primary is
 *                    declared down after `down-after-milliseconds` (30 s) and a replica is
 *                    promoted; writes acknowledged but not yet replicated are lost.
 *   sharded          Redis Cluster (slot = CRC16(key) mod 16384, contiguous slot ranges per
 *                    primary, replica promoted after node-timeout 15 s + 0.5–1 s + rank) or
 *                    Memcached client-side ketama (160 points per server; a node is ejected
 *                    after 5 failures and retried after 30 s; its keys re-home, empty).
 *
 * Content effects (a write landing, a read seeing a key) are applied when the reply
 * reaches the app server: within half a round trip of the node executing them.
 */
import { makeDistribution, type Distribution } from '../engine/distributions.js';
import type { RandomStream } from '../engine/random.js';
import type { Simulator } from '../engine/simulator.js';
import type { StoreConfig, TimelineEvent } from './config.js';
import { EventKind } from './event-kinds.js';
import { HashRing, mix32 } from './load-balancer/hashing.js';
import { Counter, Gauge, type Recorder } from './recorder.js';
import { sessionSlot, CLUSTER_SLOTS } from './store/crc16.js';
import { StoreFailures, Timer } from './store/failures.js';
import { InFlight, OpKind } from './store/in-flight.js';
import { DENY_KEY_OFFSET, type KeyGone } from './store/keyspace.js';
import { REPLICA_ACK_INTERVAL, StoreNode } from './store/store-node.js';
import type { Request, Session } from './session.js';

export { DENY_KEY_OFFSET } from './store/keyspace.js';

/** Redis `hz` 10: the active expiry cycle runs ten times a second. */
const EXPIRE_CYCLE_INTERVAL = 0.1;
/** Ketama: 160 points per server (libmemcached, REFERENCE.md). */
const KETAMA_POINTS = 160;

/**
 * Bytes a session key costs in memory beyond its value: the key `sess:<32-char id>` (37 B)
 * plus Redis's per-key bookkeeping (dict entry 24 B, key/value object headers ≈ 30 B,
 * expires-dict entry 24 B); `MEMORY USAGE` of a small key reports about this much.
 */
export const KEY_OVERHEAD_BYTES = 37 + 78;

/**
 * A deny-list entry, `SET denylist:<jti> 1 EX <seconds>` (the jti a 36-character UUID, RFC 7519
 * §4.1.7): the key (45 B), its value (a shared small integer, ≈ 1 B) and the same per-key
 * bookkeeping as a session key (78 B). These keys share the node's memory, eviction and
 * replication with the session keys; their ids in the keyspace are the session's id plus
 * DENY_KEY_OFFSET (store/keyspace.ts).
 */
export const DENY_ENTRY_BYTES = 45 + 1 + 78;

export const WriteResult = { Ok: 0, OutOfMemory: 1, NotEnoughReplicas: 2 } as const;
export type WriteResult = (typeof WriteResult)[keyof typeof WriteResult];

/** What a read found. */
export const ReadResult = { Fresh: 0, Missing: 1, Stale: 2 } as const;
export type ReadResult = (typeof ReadResult)[keyof typeof ReadResult];

export interface SessionStoreDeps {
  sim: Simulator;
  recorder: Recorder;
  /** Network latency draws ("store:latency:<strategy>"). */
  latency: RandomStream;
  /** The store's own choices: replication lag, promotion time, eviction and expiry sampling. */
  internal: RandomStream;
}

export class SessionStore {
  readonly nodes: StoreNode[];
  /** Queueing delay of the last operation to reach its node (seconds). */
  lastQueueDelay = 0;
  /** WAIT: did the last WAIT to reach its node see enough replicas in time? */
  lastWaitOk = true;
  /** Operations on the wire to their node. */
  private readonly inFlight = new InFlight();
  /** Serial of the last content write (global, increasing). */
  private serial = 0;
  private readonly latency: Distribution;
  private readonly lag: Distribution;
  private readonly serviceTime: number;
  private readonly sim: Simulator;
  private readonly recorder: Recorder;
  private readonly latencyRandom: RandomStream;
  private readonly random: RandomStream;
  private readonly ring: HashRing | null;
  /** Memcached client's view of which nodes are in the ring (1 = in). */
  private readonly inRing: Uint8Array;
  private nextRejoinAt = Infinity;
  /** Outages, crashes, failovers and partitions (store/failures.ts). */
  private readonly failures: StoreFailures;
  private expiryTimerStarted = false;

  constructor(
    readonly config: StoreConfig,
    deps: SessionStoreDeps,
  ) {
    this.sim = deps.sim;
    this.recorder = deps.recorder;
    this.latencyRandom = deps.latency;
    this.random = deps.internal;
    this.latency = makeDistribution(config.latency);
    this.lag = makeDistribution(config.replicationLag);
    this.serviceTime = 1 / config.opsPerSecond;
    const count = config.topology === 'sharded' ? config.shards : 1;
    const replicas = config.topology === 'single' ? 0 : config.replicas;
    this.nodes = Array.from({ length: count }, (_, i) => new StoreNode(i, replicas));
    this.inRing = new Uint8Array(count).fill(1);
    this.ring = config.topology === 'sharded' && config.sharding === 'ketama'
      ? new HashRing(Array.from({ length: count }, () => 1), { pointsPerWeight: KETAMA_POINTS })
      : null;
    this.failures = new StoreFailures(this.nodes, config, deps.sim, deps.recorder, deps.internal, makeDistribution(config.sentinel.promotion), (now) => this.reportMemory(now));
    deps.sim.on(EventKind.StoreTimer, this.onTimer.bind(this));
    deps.sim.on(EventKind.StoreArrival, this.onArrival.bind(this));
  }

  /** Every node reachable (the foundation's single-node view). */
  get available(): boolean {
    for (const n of this.nodes) if (!n.reachable) return false;
    return !this.failures.clusterDown;
  }

  /** The node holding the session's key now, by the topology (the client's view for ketama). */
  nodeFor(session: Session): number {
    if (this.nodes.length === 1) return 0;
    if (session.storeHash < 0) {
      session.storeHash = this.ring !== null ? mix32(session.id + 1) : sessionSlot(session.id);
    }
    if (this.ring !== null) {
      if (this.sim.now >= this.nextRejoinAt) this.rejoinEjected(this.sim.now);
      const i = this.ring.pick(session.storeHash, this.inRing);
      return i < 0 ? 0 : i;
    }
    // redis-cli --cluster create gives each primary one contiguous range of slots.
    return Math.floor((session.storeHash * this.nodes.length) / CLUSTER_SLOTS);
  }

  /** Can an operation be sent to node i now? */
  reachable(i: number): boolean {
    return this.nodes[i]!.reachable && !this.failures.clusterDown;
  }

  /** An operation to node i failed to connect: the Memcached client counts it towards ejection. */
  connectFailed(i: number, now: number): void {
    if (this.ring === null) return;
    const node = this.nodes[i]!;
    if (this.inRing[i] && ++node.clientFailures >= this.config.memcachedClient.failureLimit) {
      this.inRing[i] = 0;
      node.clientFailures = 0;
      node.ejectedUntil = now + this.config.memcachedClient.retryTimeout;
      if (node.ejectedUntil < this.nextRejoinAt) this.nextRejoinAt = node.ejectedUntil;
      this.recorder.event({ at: now, type: 'store-node-ejected', details: { node: i, retryAfterSeconds: this.config.memcachedClient.retryTimeout } });
    }
  }

  private rejoinEjected(now: number): void {
    this.nextRejoinAt = Infinity;
    for (const node of this.nodes) {
      if (this.inRing[node.index]) continue;
      if (node.ejectedUntil <= now) {
        // Retried after retry_timeout: back in the ring; one more failure ejects it again.
        this.inRing[node.index] = 1;
        node.clientFailures = node.reachable ? 0 : this.config.memcachedClient.failureLimit - 1;
      } else if (node.ejectedUntil < this.nextRejoinAt) {
        this.nextRejoinAt = node.ejectedUntil;
      }
    }
  }

  /**
   * Send one operation (`commands` commands pipelined in one round trip, `up` bytes to the
   * node and `down` bytes back) to node i at `now`. It reaches the node after half a round
   * trip and the upload, waits its turn there in arrival order, and its reply reaches the app
   * server half a round trip and the download later: then EventKind.StoreReply(req.id) fires.
   * At the arrival the request's storeQueueDelay and storeTime grow and the recorder counts
   * each command (at the time it was sent). `req` null: nobody waits (write-behind, deny-list SET).
   * Returns the operation's in-flight slot.
   */
  send(i: number, now: number, up: number, down: number, commands: number, req: Request | null): number {
    if (!this.expiryTimerStarted) this.startExpiryCycle();
    const rtt = this.latency.sample(this.latencyRandom.next());
    const bw = this.config.bandwidth;
    const f = this.inFlight;
    const slot = f.acquire(req);
    f.node[slot] = i;
    f.commands[slot] = commands;
    f.kind[slot] = OpKind.Command;
    f.epoch[slot] = this.nodes[i]!.epoch;
    f.sentAt[slot] = now;
    f.back[slot] = rtt / 2 + down / bw;
    this.sim.scheduleAt(now + rtt / 2 + up / bw, EventKind.StoreArrival, slot);
    return slot;
  }

  /**
   * `SET denylist:<jti> 1 EX <seconds>` for `session`'s token, sent at `now` to node i and not
   * waited for (the logout answers at once): the entry exists from when the command reaches the
   * node, in arrival order, until `expiresAt`. Until then, or if it never lands (the node dies
   * first, refuses it under maxmemory or min-replicas, or a failover loses it), a lookup does
   * not find it and the revoked token is accepted.
   */
  sendDenyListSet(i: number, now: number, up: number, down: number, session: Session, expiresAt: number): void {
    if (session.id >= DENY_KEY_OFFSET) throw new RangeError(`session ids from ${DENY_KEY_OFFSET} on cannot be deny-listed`);
    const slot = this.send(i, now, up, down, 1, null);
    const f = this.inFlight;
    f.kind[slot] = OpKind.DenyListSet;
    f.key[slot] = session.id + DENY_KEY_OFFSET;
    f.expiresAt[slot] = expiresAt;
  }

  /** EXISTS denylist:<jti> on node i at `now` (lazy expiry applies): is the session's token deny-listed? */
  denyListed(i: number, session: Session, now: number): boolean {
    return this.nodes[i]!.keys.find(session.id + DENY_KEY_OFFSET, now) >= 0;
  }

  /**
   * WAIT numreplicas timeout after a write that reaches the replicas at `replicatedAt`: at the
   * node it takes one command's turn, then blocks the client (not the node) until enough
   * replicas acknowledged or the timeout; the reply sets req.waitOk.
   */
  sendWait(i: number, now: number, replicatedAt: number, req: Request): void {
    const rtt = this.latency.sample(this.latencyRandom.next());
    const f = this.inFlight;
    const slot = f.acquire(req);
    f.node[slot] = i;
    f.commands[slot] = 1;
    f.kind[slot] = OpKind.Wait;
    f.epoch[slot] = this.nodes[i]!.epoch;
    f.sentAt[slot] = now;
    f.back[slot] = rtt / 2;
    f.replicatedAt[slot] = replicatedAt;
    this.sim.scheduleAt(now + rtt / 2, EventKind.StoreArrival, slot);
  }

  /** An operation reaches its node: FIFO in arrival order (the simulator pops arrivals by (time, sequence)). */
  private onArrival(slot: number): void {
    const f = this.inFlight;
    const now = this.sim.now;
    const node = this.nodes[f.node[slot]!]!;
    const commands = f.commands[slot]!;
    const back = f.back[slot]!;
    const req = f.waiter(slot);
    let delay = 0;
    let replyAt: number;
    if (node.epoch !== f.epoch[slot]) {
      // The node crashed, failed over or went out of reach while the operation was on the
      // wire: nothing executes; the caller learns it when the reply is due (its epoch differs).
      replyAt = now + back;
    } else {
      const start = now > node.freeAt ? now : node.freeAt;
      delay = start - now;
      const done = start + commands * this.serviceTime;
      node.freeAt = done;
      if (f.kind[slot] === OpKind.Wait) {
        const replicatedAt = f.replicatedAt[slot]!;
        const ackAt = replicatedAt > done ? replicatedAt : done;
        const ok = node.replicasUp >= this.config.waitReplicas && ackAt - start <= this.config.waitTimeout;
        this.lastWaitOk = ok;
        if (req !== null) req.waitOk = ok;
        replyAt = (ok ? ackAt : start + this.config.waitTimeout) + back;
      } else {
        replyAt = done + back;
      }
    }
    this.lastQueueDelay = delay;
    const sentAt = f.sentAt[slot]!;
    for (let c = 0; c < commands; c++) this.recorder.storeOperation(sentAt, delay);
    if (req !== null) {
      req.storeQueueDelay += delay;
      req.storeTime += replyAt - sentAt;
      this.sim.scheduleAt(replyAt, EventKind.StoreReply, req.id);
    } else if (f.kind[slot] === OpKind.DenyListSet && node.epoch === f.epoch[slot]) {
      this.landDenyListEntry(node, f.key[slot]!, now, f.expiresAt[slot]!);
    }
    f.release(slot);
  }

  // ── content ─────────────────────────────────────────────────────────────

  /** What a read of the session's key on node i finds at `now` (lazy expiry applies). */
  read(i: number, session: Session, now: number): ReadResult {
    const keys = this.nodes[i]!.keys;
    const k = keys.find(session.id, now);
    if (k < 0) return ReadResult.Missing;
    // Serials grow: a key at least as new as the session's last acknowledged write lost nothing.
    return keys.serialAt(k) >= session.storeSerial ? ReadResult.Fresh : ReadResult.Stale;
  }

  /**
   * The session has ended and nothing refers to it any more (SessionTable releases its slot):
   * no node needs to remember why its key left. Its key stays until it expires or is evicted.
   */
  forget(session: Session): void {
    const id = session.id;
    for (const node of this.nodes) node.keys.forget(id);
  }

  /** Why the session's key is missing on node i. */
  goneReason(i: number, session: Session): KeyGone {
    return this.nodes[i]!.keys.goneReason(session.id);
  }

  /**
   * A SET of the whole session (`bytes` of value) lands on node i at `now`. Redis first
   * evicts while over maxmemory (or refuses with noeviction), and refuses writes when
   * fewer than min-replicas-to-write replicas acknowledged within min-replicas-max-lag.
   * On success `lastSerial` is the write's serial (the caller makes it the session's once the
   * write is acknowledged) and `replicatedAt` tells when it reaches a replica (for WAIT).
   */
  write(i: number, session: Session, now: number, bytes: number): WriteResult {
    const node = this.nodes[i]!;
    const cfg = this.config;
    const admitted = this.admitWrite(node, now);
    if (admitted !== WriteResult.Ok) return admitted;
    const keys = node.keys;
    const k = keys.find(session.id, now);
    const expiresAt = cfg.ttlMode === 'absolute' && k >= 0 ? keys.expiresAtIndex(k) : now + cfg.ttl;
    const serial = ++this.serial;
    const previous = keys.set(session.id, bytes + KEY_OVERHEAD_BYTES, serial, now, expiresAt);
    this.lastSerial = serial;
    session.storeNode = i;
    this.replicatedAt = this.replicate(node, session.id, serial, previous, now);
    this.reportMemory(now);
    return WriteResult.Ok;
  }

  /** Before any SET lands: min-replicas-to-write refuses it, or maxmemory evicts for it (noeviction: refuses it). */
  private admitWrite(node: StoreNode, now: number): WriteResult {
    const cfg = this.config;
    if (cfg.minReplicasToWrite > 0 && this.goodReplicas(node, now) < cfg.minReplicasToWrite) {
      if (node.partitionAt >= 0) node.writesRefusedInPartition++;
      return WriteResult.NotEnoughReplicas;
    }
    return this.makeRoom(node, now) ? WriteResult.Ok : WriteResult.OutOfMemory;
  }

  /** A write of key `id` acknowledged at `now` goes down the replication stream: when it reaches a replica (now when there is none). */
  private replicate(node: StoreNode, id: number, serial: number, previous: number, now: number): number {
    if (node.replication === null) return now;
    // The stream's lag is what INFO replication shows once per ACK period: one draw per second,
    // not per write (per-write draws on an ordered stream would compound into head-of-line delay).
    if (now >= node.lagUntil) {
      node.lag = this.lag.sample(this.random.next());
      node.lagUntil = now + REPLICA_ACK_INTERVAL;
    }
    return node.replication.record(now, node.lag, id, serial, previous);
  }

  /**
   * A deny-list SET reaches its node: written as any SET (min-replicas-to-write and maxmemory
   * may refuse it; nobody waits for the refusal), replicated, counted in the node's memory.
   * Nobody asks why such a key left, so it is kept as an orphan (no reason noted).
   */
  private landDenyListEntry(node: StoreNode, id: number, now: number, expiresAt: number): void {
    if (this.admitWrite(node, now) !== WriteResult.Ok) return;
    const serial = ++this.serial;
    const previous = node.keys.set(id, DENY_ENTRY_BYTES, serial, now, expiresAt);
    node.keys.forget(id);
    this.replicate(node, id, serial, previous, now);
    this.reportMemory(now);
  }

  /** When the last successful write reaches a replica (now when there is none), and its serial. */
  replicatedAt = 0;
  lastSerial = 0;

  /** EXPIRE (express-session touch): refresh the TTL if the key is still there (rolling TTL only). */
  touch(i: number, session: Session, now: number): void {
    const keys = this.nodes[i]!.keys;
    const k = keys.find(session.id, now);
    if (k >= 0) keys.touch(k, now, this.config.ttlMode === 'rolling' ? now + this.config.ttl : NaN);
  }

  /** A read counts as a use for LRU (Redis updates the key's LRU clock on access). */
  used(i: number, session: Session, now: number): void {
    const keys = this.nodes[i]!.keys;
    const k = keys.find(session.id, now);
    if (k >= 0) keys.touch(k, now, NaN);
  }

  private makeRoom(node: StoreNode, now: number): boolean {
    const max = this.config.maxMemory;
    if (max <= 0) return true;
    const keys = node.keys;
    while (keys.used > max) {
      const id = keys.evictOne(this.config.evictionPolicy, this.config.evictionSamples, this.random);
      if (id < 0) return false;
      this.recorder.count(now, Counter.StoreEvictions, 1);
    }
    return true;
  }

  /** WAIT: did the write reach a replica, or did a partition cut the stream before it could? */
  replicated(i: number, replicatedAt: number): boolean {
    const stream = this.nodes[i]!.replication;
    return stream === null || replicatedAt <= stream.cutAt;
  }

  private goodReplicas(node: StoreNode, now: number): number {
    if (node.partitionAt >= 0 && now - node.lastAckAt > this.config.minReplicasMaxLag) return 0;
    return node.replicasUp;
  }

  /** Bytes held by all nodes. */
  get memoryBytes(): number {
    let used = 0;
    for (const n of this.nodes) used += n.keys.used;
    return used;
  }

  private reportMemory(now: number): void {
    this.recorder.gauge(now, Gauge.StoreMemoryBytes, this.memoryBytes);
  }

  private startExpiryCycle(): void {
    this.expiryTimerStarted = true;
    this.sim.schedule(EXPIRE_CYCLE_INTERVAL, EventKind.StoreTimer, Timer.ExpireCycle, 0);
  }

  private onTimer(kind: number, i: number): void {
    if (kind !== Timer.ExpireCycle) {
      this.failures.onTimer(kind, i);
      return;
    }
    const now = this.sim.now;
    for (const n of this.nodes) n.keys.expireCycle(now, this.random);
    this.reportMemory(now);
    this.sim.schedule(EXPIRE_CYCLE_INTERVAL, EventKind.StoreTimer, Timer.ExpireCycle, 0);
  }

  // ── failures (store/failures.ts) ────────────────────────────────────────

  /** The foundation's `store-outage`: every node unreachable; with `flush` their data is gone. */
  fail(flush: boolean): void {
    this.failures.fail(flush);
  }

  /** The end of a store-outage: every node not crashed is reachable again. */
  recover(now: number): void {
    this.failures.recover(now);
  }

  /** A scenario event aimed at the store; returns what it touched, for the event log. */
  onScenarioEvent(e: TimelineEvent, now: number): Record<string, number | string | boolean> {
    return this.failures.onScenarioEvent(e, now);
  }

  // ── failures ────────────────────────────────────────────────────────────
}
