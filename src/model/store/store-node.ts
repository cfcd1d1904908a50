/**
 * One shard of the session store as clients and Sentinel/Cluster see it: its keys (keyspace),
 * its turn-taking (freeAt: one command at a time, Redis is single-threaded), its replication
 * stream, and the state of its failures (crash, pending promotion, partition, Memcached
 * client-side ejection). Plain state: SessionStore serves operations on it, StoreFailures
 * (./failures.ts) fails it.
 */
import { Keyspace } from './keyspace.js';
import { ReplicationStream } from './replication.js';

/** Redis replicas send REPLCONF ACK once a second (the lag INFO shows, and the primary's last ACK). */
export const REPLICA_ACK_INTERVAL = 1;

export class StoreNode {
  /** Clients can reach the node that serves this shard (its primary). */
  reachable = true;
  /** Bumped whenever in-flight operations to the node must fail (outage, crash, role change). */
  epoch = 0;
  freeAt = 0;
  readonly keys = new Keyspace();
  /** Replication to this shard's replicas (null without replicas). */
  readonly replication: ReplicationStream | null;
  /** Replicas currently following this primary. */
  replicasUp: number;
  /** The shard's primary is dead and not yet replaced (since crashedAt). */
  crashed = false;
  crashedAt = -1;
  /** Processes of this shard that are down (dead primaries, replaced or not). */
  deadProcesses = 0;
  /** A pending promotion (Sentinel / Cluster failover) is due at this time; -1 none. */
  failoverAt = -1;
  /** Cut off from its replicas and Sentinels (a partition) since partitionAt; -1 none. */
  partitionAt = -1;
  /** Time of the last replica ACK the primary received before a partition. */
  lastAckAt = 0;
  /** A replica was promoted on the other side of the partition. */
  promotedDuringPartition = false;
  writesRefusedInPartition = 0;
  /** Replication lag now (seconds), redrawn once per replica ACK period. */
  lag = 0;
  lagUntil = 0;
  /** Memcached client view: consecutive failures, and ejected from the ring until this time. */
  clientFailures = 0;
  ejectedUntil = -1;

  constructor(
    readonly index: number,
    replicas: number,
  ) {
    this.replicasUp = replicas;
    this.replication = replicas > 0 ? new ReplicationStream() : null;
  }
}
