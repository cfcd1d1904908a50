/**
 * The balancer's view of its servers, one slot per server that exists at some time in the run
 * (slots for scale-out are allocated up front, so nothing grows on the hot path).
 *
 * A server's standing is the combination of independent facts, each owned by someone else:
 *   provisioned  it exists (scale-out adds, scale-in removes)
 *   up           active health checks (HealthChecker owns the array)
 *   ejected      passive checks (NGINX max_fails, Envoy outlier detection)
 *   maintenance  an operator took it out (a rolling restart stopping it)
 *   draining     it takes no new clients (HAProxy `drain`, ALB deregistration)
 * From them two derived arrays are kept current, read per request:
 *   usable    may serve a client pinned to it (cookie, URL id, stick table)
 *   eligible  may be chosen for a client without a binding
 * Call refresh(i) after changing any input of server i.
 */
export class ServerPool {
  readonly size: number;
  /** Configured weight (HAProxy `weight`); 0 while not provisioned. */
  readonly weight: Int32Array;
  /** Weight the dynamic algorithms use: `weight` scaled by the slow-start ramp. */
  readonly effectiveWeight: Float64Array;
  readonly provisioned: Uint8Array;
  readonly draining: Uint8Array;
  readonly maintenance: Uint8Array;
  readonly ejected: Uint8Array;
  readonly usable: Uint8Array;
  readonly eligible: Uint8Array;
  /** The eligible slots in slot order, eligibleCount of them: a uniform random pick is one read, not a scan of every slot (spare slots an autoscaler reserves included). */
  readonly eligibleList: Int32Array;
  eligibleCount = 0;
  provisionedCount = 0;
  /** Every eligible server has the same effective weight: algorithms may ignore weights. */
  uniform = true;
  /** Bumped whenever configured weights or provisioning change (hash rings rebuild on it). */
  version = 0;

  constructor(
    /** The active health checker's view, 1 = UP. */
    readonly up: Uint8Array,
    /** HAProxy `drain` keeps pinned clients; AWS ALB deregistration does not. */
    private readonly drainKeepsPinned: boolean,
  ) {
    const n = up.length;
    this.size = n;
    this.weight = new Int32Array(n);
    this.effectiveWeight = new Float64Array(n);
    this.provisioned = new Uint8Array(n);
    this.draining = new Uint8Array(n);
    this.maintenance = new Uint8Array(n);
    this.ejected = new Uint8Array(n);
    this.usable = new Uint8Array(n);
    this.eligible = new Uint8Array(n);
    this.eligibleList = new Int32Array(n);
  }

  /** Server i now exists with this weight. */
  provision(i: number, weight: number): void {
    this.provisioned[i] = 1;
    this.weight[i] = weight;
    this.effectiveWeight[i] = weight;
    this.draining[i] = 0;
    this.maintenance[i] = 0;
    this.ejected[i] = 0;
    this.version++;
    this.refresh(i);
  }

  /** Server i is gone for good (scale-in). */
  remove(i: number): void {
    this.provisioned[i] = 0;
    this.weight[i] = 0;
    this.effectiveWeight[i] = 0;
    this.version++;
    this.refresh(i);
  }

  refresh(i: number): void {
    const live = this.provisioned[i]! & this.up[i]! & (this.ejected[i]! ^ 1) & (this.maintenance[i]! ^ 1);
    this.usable[i] = this.draining[i] && !this.drainKeepsPinned ? 0 : live;
    this.eligible[i] = live & (this.draining[i]! ^ 1) & (this.weight[i]! > 0 ? 1 : 0);
    this.recount();
  }

  /** Slow start: effective weight as a share of the configured one. */
  setWeightShare(i: number, share: number): void {
    this.effectiveWeight[i] = this.weight[i]! * share;
    this.recount();
  }

  private recount(): void {
    let eligible = 0;
    let provisioned = 0;
    let first = -1;
    let uniform = true;
    for (let i = 0; i < this.size; i++) {
      provisioned += this.provisioned[i]!;
      if (!this.eligible[i]) continue;
      this.eligibleList[eligible++] = i;
      const w = this.effectiveWeight[i]!;
      if (first < 0) first = w;
      else if (w !== first) uniform = false;
    }
    this.eligibleCount = eligible;
    this.provisionedCount = provisioned;
    this.uniform = uniform;
  }
}
