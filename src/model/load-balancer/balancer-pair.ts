/**
 * A balancer pair (keepalived/VRRP: an active balancer and a standby that claims its virtual
 * address when it dies; loadBalancer.redundancy). While nobody owns the address, connection
 * attempts go nowhere; a connection made through the balancer that died is broken even if its
 * server answers (the epoch tells them apart). The standby hashes the same live set (its own
 * health checks agree) and cookies travel with the clients: only an unreplicated stick table is
 * lost (HAProxy `peers` replicates it).
 */
import type { Simulator } from '../../engine/simulator.js';
import { EventKind } from '../event-kinds.js';
import type { Recorder } from '../recorder.js';
import { round3 } from '../round.js';
import type { LoadBalancer } from './load-balancer.js';

export class BalancerPair {
  /** Bumped when the active balancer dies: connections made through the old one are broken. */
  epoch = 0;
  /** Between the active balancer's death and the standby's takeover, nobody answers. */
  down = false;
  private downSince = 0;
  /** Requests failed since the active balancer died (the gap, and connections through it). */
  private failedInTakeover = 0;

  constructor(
    private readonly sim: Simulator,
    private readonly recorder: Recorder,
    private readonly lb: LoadBalancer,
    /** Seconds until the standby owns the address (redundancy.takeover). */
    private readonly takeover: number,
  ) {}

  /** A request failed for want of a live balancer (in the gap, or through the dead one). */
  failed(): void {
    this.failedInTakeover++;
  }

  /** The active balancer dies (`activeSessions` for the event); the standby's takeover is scheduled. */
  fail(activeSessions: number): void {
    if (this.down) return;
    const now = this.sim.now;
    this.down = true;
    this.downSince = now;
    this.epoch++;
    this.failedInTakeover = 0;
    const lost = this.lb.failover(now);
    this.recorder.event({
      at: now,
      type: 'lb-failover',
      details: { takeoverSeconds: this.takeover, activeSessions, stickEntriesLost: lost, stickTableReplicated: this.lb.routing.stickTable.replicated },
    });
    this.sim.schedule(this.takeover, EventKind.LbTakeover);
  }

  /** The standby owns the address: requests are answered again. */
  onTakeover(): void {
    this.down = false;
    this.recorder.event({
      at: this.sim.now,
      type: 'lb-takeover',
      details: { gapSeconds: round3(this.sim.now - this.downSince), requestsFailedDuringTakeover: this.failedInTakeover },
    });
  }
}
