/**
 * Passive health checking: the balancer judges servers by the requests it sends them.
 *
 * NGINX (`max_fails=1 fail_timeout=10s`, ngx_http_upstream_round_robin.c): a failed attempt
 * (connection refused or reset; a 503 is not a failure under the default `proxy_next_upstream
 * error timeout`) counts; failures further apart than fail_timeout start the count again;
 * max_fails of them put the server out for fail_timeout. Then one request probes it: a success
 * clears the count, a failure puts it out again. When every server is out, NGINX forgets the
 * failures and tries them all ("quick recovery").
 *
 * Envoy outlier detection (consecutive_5xx 5, base_ejection_time 30 s, max_ejection_time 300 s,
 * max_ejection_percent 10, interval 10 s): consecutive 5xx (connection failures count as 5xx)
 * eject the host for base × (times ejected), capped at max; at most max_ejection_percent of the
 * hosts may be out, but one always may; every `interval` a sweep returns hosts whose time is up
 * and lowers the multiplier of hosts that stayed healthy.
 */
import type { PassiveHealthConfig } from '../config.js';
import type { ServerPool } from './server-pool.js';

/** Ejected: taken out (record it); Reejected: a failed NGINX probe, out again (no new record). */
export const PassiveOutcome = { None: 0, Ejected: 1, Returned: 2, Reejected: 3 } as const;
export type PassiveOutcome = (typeof PassiveOutcome)[keyof typeof PassiveOutcome];

export class PassiveHealth {
  private readonly fails: Int32Array;
  private readonly lastFail: Float64Array;
  /** NGINX: out of service, waiting for the probe request after fail_timeout. */
  private readonly probing: Uint8Array;
  /** Envoy: times ejected (the ejection-time multiplier) and when the current ejection ends. */
  private readonly ejections: Int32Array;
  private readonly ejectedUntil: Float64Array;
  /** Bumped per ejection so a stale NGINX return timer does nothing. */
  readonly generation: Int32Array;
  /** Seconds the last ejection lasts (for the event record). */
  lastEjectionSeconds = 0;

  constructor(
    readonly config: PassiveHealthConfig,
    private readonly pool: ServerPool,
  ) {
    const n = pool.size;
    this.fails = new Int32Array(n);
    this.lastFail = new Float64Array(n).fill(-Infinity);
    this.probing = new Uint8Array(n);
    this.ejections = new Int32Array(n);
    this.ejectedUntil = new Float64Array(n);
    this.generation = new Int32Array(n);
  }

  /**
   * A request to server i failed at `now`; `httpError` is a 503 (queue full) rather than a
   * connection error. Returns Ejected when this failure took the server out (the caller records it
   * and, for NGINX, schedules onTimeout after config.failTimeout).
   */
  failure(i: number, now: number, httpError: boolean): PassiveOutcome {
    const c = this.config;
    const pool = this.pool;
    if (c.type === 'nginx') {
      if (httpError || pool.ejected[i]) return PassiveOutcome.None;
      const wasProbing = this.probing[i] === 1;
      if (!wasProbing && now - this.lastFail[i]! > c.failTimeout) this.fails[i] = 0;
      this.fails[i]!++;
      this.lastFail[i] = now;
      if (this.fails[i]! < c.maxFails) return PassiveOutcome.None;
      this.probing[i] = 0;
      this.eject(i, c.failTimeout);
      // A failed probe extends an outage already recorded: report only the first ejection.
      return wasProbing ? PassiveOutcome.Reejected : PassiveOutcome.Ejected;
    }
    if (c.type === 'envoy') {
      if (pool.ejected[i]) return PassiveOutcome.None;
      if (++this.fails[i]! < c.consecutive5xx) return PassiveOutcome.None;
      this.fails[i] = 0;
      if (!this.mayEject()) return PassiveOutcome.None;
      this.ejections[i]!++;
      const seconds = Math.min(c.baseEjectionTime * this.ejections[i]!, Math.max(c.baseEjectionTime, c.maxEjectionTime));
      this.ejectedUntil[i] = now + seconds;
      this.eject(i, seconds);
      return PassiveOutcome.Ejected;
    }
    return PassiveOutcome.None;
  }

  /** A request to server i was answered. */
  success(i: number): PassiveOutcome {
    if (this.config.type === 'envoy') {
      this.fails[i] = 0;
    } else if (this.config.type === 'nginx' && this.probing[i]) {
      this.probing[i] = 0;
      this.fails[i] = 0;
      return PassiveOutcome.Returned;
    }
    return PassiveOutcome.None;
  }

  /** NGINX: fail_timeout is over for the ejection of generation `gen`: let one probe through. */
  onTimeout(i: number, gen: number): void {
    if (this.generation[i] !== gen || !this.pool.ejected[i]) return;
    this.probing[i] = 1;
    this.pool.ejected[i] = 0;
    this.pool.refresh(i);
  }

  /** Envoy: the interval sweep. Calls `returned(i)` for each host brought back. */
  sweep(now: number, returned: (i: number) => void): void {
    const pool = this.pool;
    for (let i = 0; i < pool.size; i++) {
      if (pool.ejected[i]) {
        if (now >= this.ejectedUntil[i]!) {
          pool.ejected[i] = 0;
          this.fails[i] = 0;
          pool.refresh(i);
          returned(i);
        }
      } else if (this.ejections[i]! > 0) {
        this.ejections[i]!--;
      }
    }
  }

  /** NGINX: every server is out, so forget the failures and try them all. Returns whether any came back. */
  quickRecovery(): boolean {
    if (this.config.type !== 'nginx') return false;
    const pool = this.pool;
    let any = false;
    for (let i = 0; i < pool.size; i++) {
      if (!pool.ejected[i]) continue;
      pool.ejected[i] = 0;
      this.fails[i] = 0;
      this.probing[i] = 0;
      this.generation[i]!++;
      pool.refresh(i);
      any = true;
    }
    return any;
  }

  /** A server that restarts or joins starts with a clean record. */
  reset(i: number): void {
    this.fails[i] = 0;
    this.probing[i] = 0;
    this.lastFail[i] = -Infinity;
    if (this.pool.ejected[i]) {
      this.pool.ejected[i] = 0;
      this.generation[i]!++;
      this.pool.refresh(i);
    }
  }

  private eject(i: number, seconds: number): void {
    this.generation[i]!++;
    this.lastEjectionSeconds = seconds;
    this.pool.ejected[i] = 1;
    this.pool.refresh(i);
  }

  /** Envoy max_ejection_percent, with the rule that one host may always be ejected. */
  private mayEject(): boolean {
    const pool = this.pool;
    let out = 0;
    for (let i = 0; i < pool.size; i++) out += pool.ejected[i]! & pool.provisioned[i]!;
    const allowed = Math.max(1, Math.ceil((this.config.maxEjectionPercent * pool.provisionedCount) / 100));
    return out < allowed;
  }
}
