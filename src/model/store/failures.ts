/**
 * How the session store fails, with Redis's and Memcached's own rules (REFERENCE.md):
 *   store-outage      every node unreachable (a network cut or a restart); `flush`: data gone.
 *   store-crash       a primary dies with its memory (no persistence). With a replica, Sentinel
 *                     declares it down after down-after-milliseconds (30 s) and promotes one
 *                     (≈ 1–3 s more); Redis Cluster after node-timeout (15 s) + 500 ms +
 *                     random(0, 500 ms). Writes acknowledged but not yet replicated are lost.
 *                     Without one, its keys are lost, and with cluster-require-full-coverage
 *                     every node answers CLUSTERDOWN after node-timeout.
 *   store-recover     restarted before the failover: an empty primary, from which its replicas
 *                     resynchronise (Redis's documented way to lose everything); after it: the
 *                     old primary rejoins as a replica.
 *   store-failover    SENTINEL FAILOVER / CLUSTER FAILOVER FORCE: a replica promoted now.
 *   store-partition   the primary cut off from its replicas and Sentinels but not its clients:
 *                     the majority side promotes a replica; at the heal, what the old primary
 *                     accepted alone is discarded (min-replicas-to-write limits it).
 * Every change a client must notice bumps the node's epoch: operations on the wire fail.
 */
import type { Distribution } from '../../engine/distributions.js';
import type { RandomStream } from '../../engine/random.js';
import type { Simulator } from '../../engine/simulator.js';
import type { StoreConfig, TimelineEvent } from '../config.js';
import { EventKind } from '../event-kinds.js';
import { Counter, type Recorder } from '../recorder.js';
import { round3 } from '../round.js';
import { CLUSTER_SLOTS } from './crc16.js';
import { DENY_KEY_OFFSET, KeyGone } from './keyspace.js';
import { REPLICA_ACK_INTERVAL, type StoreNode } from './store-node.js';

/** Store timers (EventKind.StoreTimer, argument a). */
export const Timer = { ExpireCycle: 0, Failover: 1, PartitionHeal: 2, ClusterFail: 3 } as const;

export class StoreFailures {
  /** Redis Cluster with cluster-require-full-coverage: some slots uncovered ⇒ CLUSTERDOWN. */
  clusterDown = false;
  /** A store-outage is in force (until store-recover). */
  private outage = false;
  /** Scratch for failovers: the sessions counted so far, so each counts once (emptied each time). */
  private readonly counted = new Set<number>();

  constructor(
    private readonly nodes: readonly StoreNode[],
    private readonly config: StoreConfig,
    private readonly sim: Simulator,
    private readonly recorder: Recorder,
    /** The store's own draws (shared with SessionStore: one stream, in event order). */
    private readonly random: RandomStream,
    /** Sentinel's promotion time after down-after-milliseconds. */
    private readonly promotion: Distribution,
    private readonly reportMemory: (now: number) => void,
  ) {}

  /** The foundation's `store-outage`: every node unreachable; with `flush` their data is gone. */
  fail(flush: boolean): void {
    this.outage = true;
    for (const n of this.nodes) {
      n.reachable = false;
      n.epoch++;
      if (flush) n.keys.clear(KeyGone.Lost);
    }
  }

  recover(now: number): void {
    this.outage = false;
    for (const n of this.nodes) {
      if (n.crashed) continue;
      n.reachable = true;
      if (n.freeAt < now) n.freeAt = now;
    }
    this.reportMemory(now);
  }

  /** A scenario event aimed at the store; returns what it touched, for the event log. */
  onScenarioEvent(e: TimelineEvent, now: number): Record<string, number | string | boolean> {
    switch (e.type) {
      case 'store-crash':
        return this.crash(e.node, now);
      case 'store-recover':
        return this.recoverNode(e.node ?? 0, now);
      case 'store-failover':
        return this.manualFailover(e.node, now);
      case 'store-partition':
        return this.partition(e.node, e.downFor, now);
      default:
        return {};
    }
  }

  /** The primary of shard i dies: its memory is gone; replicas (if any) wait to be promoted. */
  private crash(i: number, now: number): Record<string, number | string | boolean> {
    const node = this.nodes[i]!;
    if (node.crashed) return { node: i, alreadyDown: true };
    node.crashed = true;
    node.crashedAt = now;
    node.deadProcesses++;
    node.reachable = false;
    node.epoch++;
    const keysOnNode = node.keys.count;
    let keysInStore = 0;
    for (const n of this.nodes) keysInStore += n.keys.count;
    const details: Record<string, number | string | boolean> = { node: i, keysOnNode, keysInStore };
    if (node.replication !== null && node.replicasUp > 0) {
      node.replication.prune(now);
      details.writesNotYetReplicated = node.replication.pending;
      const detect = this.detectionDelay();
      node.failoverAt = now + detect;
      details.failoverExpectedInSeconds = round3(detect);
      this.sim.schedule(detect, EventKind.StoreTimer, Timer.Failover, i);
    } else {
      // No replica to promote: the data died with the process (no persistence, or Memcached).
      node.keys.clear(KeyGone.Lost);
      details.keysLost = keysOnNode;
      if (this.config.topology === 'sharded' && this.config.sharding === 'cluster' && this.config.cluster.requireFullCoverage) {
        this.sim.schedule(this.config.cluster.nodeTimeout, EventKind.StoreTimer, Timer.ClusterFail, i);
        details.clusterDownInSeconds = this.config.cluster.nodeTimeout;
      }
      this.reportMemory(now);
    }
    return details;
  }

  /** Seconds from a primary's death to a promoted replica serving. */
  private detectionDelay(): number {
    if (this.config.topology === 'sharded') {
      // Redis Cluster: FAIL after node-timeout, then the replica waits 500 ms + random(0, 500 ms)
      // + rank × 1 s before asking for votes (rank 0: the most up-to-date replica).
      return this.config.cluster.nodeTimeout + 0.5 + 0.5 * this.random.next();
    }
    // Sentinel: subjectively down after down-after-milliseconds, then quorum, leader
    // election and promotion (≈ 1–3 s), then clients reconnect.
    return this.config.sentinel.downAfter + this.promotion.sample(this.random.next());
  }

  private recoverNode(i: number, now: number): Record<string, number | string | boolean> {
    const node = this.nodes[i];
    if (node === undefined) return {};
    if (this.outage && !node.crashed) {
      // The foundation's store-recover after a store-outage.
      this.recover(now);
      return {};
    }
    if (node.deadProcesses === 0) return { node: i, wasDown: false };
    node.deadProcesses--;
    if (!node.crashed) {
      // Already failed over: the old primary rejoins as a replica of the promoted one.
      node.replicasUp++;
      return { node: i, rejoinedAsReplica: true };
    }
    node.crashed = false;
    if (node.failoverAt >= 0) {
      // Restarted before the failover: an empty primary (no persistence) comes back and
      // its replicas resynchronise from it — Redis's documented way to lose everything.
      node.failoverAt = -1;
      const lost = node.keys.count;
      node.keys.clear(KeyGone.Lost);
      node.replication?.reset(now);
      node.reachable = true;
      node.epoch++;
      if (node.freeAt < now) node.freeAt = now;
      this.reportMemory(now);
      return { node: i, restartedBeforeFailover: true, keysLost: lost };
    }
    node.reachable = !this.outage;
    node.epoch++;
    if (node.freeAt < now) node.freeAt = now;
    if (this.clusterDown && this.nodes.every((n) => !n.crashed || n.failoverAt >= 0)) this.clusterDown = false;
    return { node: i, empty: true };
  }

  /** SENTINEL FAILOVER / CLUSTER FAILOVER FORCE: promote a replica now; unreplicated writes are lost. */
  private manualFailover(i: number, now: number): Record<string, number | string | boolean> {
    const node = this.nodes[i]!;
    if (node.replication === null || node.replicasUp === 0) return { node: i, noReplica: true };
    const { writesLost, sessionsAffected } = this.promote(node, now, false);
    return { node: i, writesLost, sessionsAffected, detectionSeconds: 0 };
  }

  /**
   * Promote a replica of shard `node`: the writes it had not received are gone (sessions whose
   * latest write was among them now read an older version, or nothing), clients reconnect.
   */
  private promote(node: StoreNode, now: number, primaryDead: boolean): { writesLost: number; sessionsAffected: number } {
    const stream = node.replication!;
    stream.prune(primaryDead ? node.crashedAt : now);
    const rolledBack = stream.pending;
    // With WAIT no write is acknowledged before a replica has it: what rolls back was never confirmed.
    const writesLost = this.config.waitReplicas > 0 ? 0 : rolledBack;
    let sessionsAffected = 0;
    const counted = this.counted;
    counted.clear();
    for (let k = 0; k < rolledBack; k++) {
      const id = stream.pendingSession(k);
      if (counted.has(id)) continue;
      counted.add(id);
      if (id < DENY_KEY_OFFSET) sessionsAffected++;
      // The oldest lost write of this session tells what the replica holds.
      const previous = stream.pendingPrevious(k);
      const keys = node.keys;
      if (previous < 0) keys.delete(id, KeyGone.Lost);
      else {
        const at = keys.find(id, now);
        if (at >= 0) keys.setSerialAt(at, previous);
      }
    }
    counted.clear();
    stream.reset(now);
    if (primaryDead) node.replicasUp--;
    node.crashed = false;
    node.failoverAt = -1;
    node.reachable = !this.outage;
    node.epoch++;
    if (node.freeAt < now) node.freeAt = now;
    if (writesLost > 0) this.recorder.count(now, Counter.WritesLost, writesLost);
    this.reportMemory(now);
    return { writesLost, sessionsAffected };
  }

  /** The primary of shard i is cut off from its replicas and Sentinels; clients still reach it. */
  private partition(i: number, duration: number, now: number): Record<string, number | string | boolean> {
    const node = this.nodes[i]!;
    if (node.replication === null || node.partitionAt >= 0 || node.crashed) return { node: i, noReplica: node.replication === null };
    node.partitionAt = now;
    node.replication.prune(now);
    node.replication.cutAt = now;
    // The replicas' last REPLCONF ACK arrived some time within the last second.
    node.lastAckAt = now - REPLICA_ACK_INTERVAL * this.random.next();
    node.promotedDuringPartition = false;
    node.writesRefusedInPartition = 0;
    const detect = this.detectionDelay();
    if (detect < duration && node.replicasUp > 0) {
      node.failoverAt = now + detect;
      this.sim.schedule(detect, EventKind.StoreTimer, Timer.Failover, i);
    }
    this.sim.schedule(duration, EventKind.StoreTimer, Timer.PartitionHeal, i);
    return {
      node: i,
      partitionSeconds: duration,
      failoverExpected: detect < duration,
      writesRefusedAfterSeconds: this.config.minReplicasToWrite > 0 ? round3(node.lastAckAt + this.config.minReplicasMaxLag - now) : -1,
    };
  }

  /** A failure timer is due (Timer.Failover, PartitionHeal, ClusterFail) for shard i. */
  onTimer(kind: number, i: number): void {
    const now = this.sim.now;
    switch (kind) {
      case Timer.Failover: {
        const node = this.nodes[i]!;
        if (node.failoverAt !== now) return; // cancelled (recovered first)
        if (node.partitionAt >= 0) {
          // The majority side promotes a replica; clients keep writing to the old primary.
          node.failoverAt = -1;
          node.promotedDuringPartition = true;
          const stream = node.replication!;
          stream.prune(node.partitionAt);
          // What the old primary accepted since the cut is doomed; more will follow until the heal.
          const counted = this.counted;
          counted.clear();
          for (let k = 0; k < stream.pending; k++) {
            const id = stream.pendingSession(k);
            if (id < DENY_KEY_OFFSET) counted.add(id);
          }
          const sessions = counted.size;
          counted.clear();
          this.recorder.event({
            at: now,
            type: 'store-failover',
            details: { node: i, writesLost: stream.pending, sessionsAffected: sessions, detectionSeconds: round3(now - node.partitionAt), duringPartition: true },
          });
          return;
        }
        const { writesLost, sessionsAffected } = this.promote(node, now, true);
        this.recorder.event({
          at: now,
          type: 'store-failover',
          details: { node: i, writesLost, sessionsAffected, detectionSeconds: round3(now - node.crashedAt) },
        });
        return;
      }
      case Timer.PartitionHeal: {
        const node = this.nodes[i]!;
        if (node.partitionAt < 0) return;
        let writesLost = 0;
        let sessionsAffected = 0;
        if (node.promotedDuringPartition) {
          // The old primary rejoins as a replica of the new one: what it accepted alone is discarded.
          ({ writesLost, sessionsAffected } = this.promote(node, now, false));
        } else {
          node.replication!.reset(now);
          node.failoverAt = -1;
        }
        const refused = node.writesRefusedInPartition;
        node.partitionAt = -1;
        node.replication!.cutAt = Infinity;
        this.recorder.event({
          at: now,
          type: 'store-partition-healed',
          details: { node: i, failedOver: node.promotedDuringPartition, writesLost, sessionsAffected, writesRefused: refused },
        });
        node.promotedDuringPartition = false;
        return;
      }
      case Timer.ClusterFail: {
        const node = this.nodes[i]!;
        if (!node.crashed) return;
        // The failed primary's slots are uncovered: with cluster-require-full-coverage yes,
        // every node answers CLUSTERDOWN until it is back.
        this.clusterDown = true;
        for (const n of this.nodes) n.epoch++;
        this.recorder.event({ at: now, type: 'store-cluster-down', details: { node: i, uncoveredSlots: Math.round(CLUSTER_SLOTS / this.nodes.length) } });
        return;
      }
    }
  }
}
