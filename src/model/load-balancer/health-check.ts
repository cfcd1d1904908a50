/**
 * Active health checking as HAProxy does it: a server is marked DOWN after `fall`
 * consecutive failed checks and UP again after `rise` consecutive successes
 * (HAProxy defaults: inter 2s, fall 3, rise 2 ⇒ about 5 s on average to notice a crash,
 * between (fall−1)·inter and fall·inter after it).
 */
import type { HealthCheckConfig } from '../config.js';

export const HealthTransition = { None: 0, MarkedDown: 1, MarkedUp: 2 } as const;
export type HealthTransition = (typeof HealthTransition)[keyof typeof HealthTransition];

export class HealthChecker {
  /** The balancer's view: 1 = UP (receives traffic), 0 = DOWN. */
  readonly up: Uint8Array;
  private readonly successes: Int32Array;
  private readonly failures: Int32Array;

  constructor(
    serverCount: number,
    readonly config: HealthCheckConfig,
  ) {
    this.up = new Uint8Array(serverCount).fill(1);
    this.successes = new Int32Array(serverCount);
    this.failures = new Int32Array(serverCount);
  }

  /**
   * When server i's first check runs: checks of different servers are spread over one
   * interval (HAProxy `spread-checks`-like) so they do not all fire at the same instant.
   */
  firstCheckAt(i: number): number {
    return (this.config.interval * (i + 1)) / this.up.length;
  }

  /**
   * The server is DOWN in the balancer's view until `rise` good checks: a server added at runtime,
   * or one an operator stopped (HAProxy puts a server leaving maintenance through its checks;
   * Kubernetes waits for readiness).
   */
  forceDown(i: number): void {
    this.up[i] = 0;
    this.successes[i] = 0;
    this.failures[i] = 0;
  }

  /** Record one check of server i; returns the transition it caused, if any. */
  observe(i: number, healthy: boolean): HealthTransition {
    if (healthy) {
      this.failures[i] = 0;
      if (this.up[i]) return HealthTransition.None;
      if (++this.successes[i]! >= this.config.rise) {
        this.up[i] = 1;
        this.successes[i] = 0;
        return HealthTransition.MarkedUp;
      }
    } else {
      this.successes[i] = 0;
      if (!this.up[i]) return HealthTransition.None;
      if (++this.failures[i]! >= this.config.fall) {
        this.up[i] = 0;
        this.failures[i] = 0;
        return HealthTransition.MarkedDown;
      }
    }
    return HealthTransition.None;
  }
}
