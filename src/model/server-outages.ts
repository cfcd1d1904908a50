/**
 * A server's outage as the run reports it: the crash and what it took with it, the detection,
 * by the balancer's active health checks (HAProxy `inter` 2 s, `fall` 3, `rise` 2; the ALB preset
 * 30 s, 2 unhealthy, 5 healthy) or passively
 * (NGINX max_fails 1 / fail_timeout 10 s, Envoy outlier detection: consecutive_5xx 5, interval
 * 10 s), and the recovery. Per server it keeps when the crash happened and what failed or was
 * refused until the balancer noticed; the request pipeline (World) reports each refused
 * connection to it. Never on the path of a request to a healthy server.
 */
import { EventKind } from './event-kinds.js';
import type { Fleet, FleetHost } from './fleet.js';
import { HealthTransition } from './load-balancer/health-check.js';
import { PassiveOutcome } from './load-balancer/passive-health.js';
import { round3 } from './round.js';

/** What an outage needs of the world it happens in. */
export interface OutageHost extends FleetHost {
  readonly fleet: Fleet;
  /** Sessions in progress now. */
  readonly activeSessions: number;
}

export class ServerOutages {
  /** Per server: when it last crashed (-1: never), for detection time. */
  private readonly crashedAt: Float64Array;
  /** Per server: requests failed since it crashed, their connection refused and no retry left. */
  private readonly failedSinceCrash: Int32Array;
  /** Per server: requests whose first connection attempt it refused since it crashed (retried or not). */
  private readonly refusedSinceCrash: Int32Array;
  /** Which random crash killed each server (-1: none), so only its own recovery revives it. */
  private readonly randomDeath: Int32Array;

  constructor(private readonly host: OutageHost) {
    const slots = host.servers.length;
    this.crashedAt = new Float64Array(slots).fill(-1);
    this.failedSinceCrash = new Int32Array(slots);
    this.refusedSinceCrash = new Int32Array(slots);
    this.randomDeath = new Int32Array(slots).fill(-1);
  }

  /** Dead server s refused a request's connection (`first`: its first attempt). */
  refused(s: number, first: boolean): void {
    if (first) this.refusedSinceCrash[s]!++;
  }

  /** A request failed on dead server s with no retry left. */
  failedOnDead(s: number): void {
    this.failedSinceCrash[s]!++;
  }

  /**
   * Server i's process dies: a scenario event (`randomId` −1) or random failure `randomId`,
   * which only its own recovery undoes. False if it was not running.
   */
  crash(i: number, randomId: number): boolean {
    const host = this.host;
    const now = host.sim.now;
    const server = host.servers[i]!;
    if (!server.alive || !host.pool.provisioned[i]) return false;
    const withState = host.sessionsWithStateOn(i);
    const pinned = host.sessionsPinnedTo(i);
    const inService = server.busy;
    const queued = server.queueLength;
    // Before the queued requests fail: a passive check that ejects the server on their resets
    // detects this crash (in 0 s), not an earlier one.
    this.crashedAt[i] = now;
    this.failedSinceCrash[i] = 0;
    this.refusedSinceCrash[i] = 0;
    this.randomDeath[i] = randomId;
    const details: Record<string, number | string | boolean> = {
      server: i,
      activeSessions: host.activeSessions,
      sessionsWithStateOnServer: withState,
      sessionsPinnedToServer: pinned,
      requestsInFlight: inService + queued,
    };
    if (randomId >= 0) details.random = true;
    // The crash is told before what it causes (the queued requests' failures, an ejection).
    host.recorder.event({ at: now, type: 'server-crash', details });
    host.exitProcess(i);
    // A graceful stop waiting for this server to go idle can complete now.
    if (host.fleet.stopsPending > 0) host.fleet.onIdle(i);
    return true;
  }

  /** Server i's process starts again after a scenario's server-recover. */
  recover(i: number): void {
    this.restart(i, false);
  }

  /** The end of random failure `randomId` on server i: only if that failure is what killed it. */
  recoverRandom(i: number, randomId: number): void {
    if (this.randomDeath[i] === randomId) this.restart(i, true);
  }

  private restart(i: number, random: boolean): void {
    const host = this.host;
    const server = host.servers[i]!;
    if (server.alive || !host.pool.provisioned[i]) return;
    server.recover();
    this.randomDeath[i] = -1;
    host.recorder.serverAvailability(host.sim.now, i, true);
    host.recorder.event({ at: host.sim.now, type: 'server-recover', details: random ? { server: i, random: true } : { server: i } });
  }

  // ── active health checks ─────────────────────────────────────────────────

  /** Server i's health check is due: mark it down or up when its fall/rise count is reached. */
  onHealthCheck(i: number): void {
    const host = this.host;
    if (!host.pool.provisioned[i]) return; // removed by scale-in: no more checks
    const now = host.sim.now;
    // HAProxy does not check servers in maintenance.
    const transition = host.pool.maintenance[i] ? HealthTransition.None : host.health.observe(i, host.servers[i]!.alive);
    if (transition !== HealthTransition.None) {
      // The pool still shows the old state until refresh(): measure what the change does to affinity.
      const before = host.captureTargets();
      host.pool.refresh(i);
      // An empty pool sends nobody to another server (there is none): nobody has moved yet.
      const remapped = host.pool.eligibleCount === 0 ? 0 : host.countMoved(before);
      if (transition === HealthTransition.MarkedDown) {
        host.fleet.onMarkedDown(i);
        const crashed = this.crashedAt[i]!;
        host.recorder.event({
          at: now,
          type: 'server-marked-down',
          details: {
            server: i,
            detectionSeconds: crashed >= 0 ? round3(now - crashed) : -1,
            requestsFailedBeforeDetection: this.failedSinceCrash[i]!,
            // Requests the dead server refused before detection; those still retrying fail later (or are redispatched).
            requestsRefusedBeforeDetection: this.refusedSinceCrash[i]!,
            sessionsRemapped: remapped,
            // No server left to send anyone to: every request fails (no-server) until one is back.
            ...(host.pool.eligibleCount === 0 ? { poolEmpty: true } : {}),
          },
        });
      } else {
        host.recorder.event({ at: now, type: 'server-marked-up', details: { server: i, sessionsRemapped: remapped } });
        host.fleet.onMarkedUp(i);
      }
    }
    host.sim.schedule(host.health.config.interval, EventKind.HealthCheck, i);
  }

  // ── passive health checks (only when configured: host.passive is not null) ─

  /** A failed request on server i (`httpError`: an error response, else a refused or reset connection). */
  passiveFailure(i: number, httpError: boolean): void {
    const host = this.host;
    const passive = host.passive!;
    const outcome = passive.failure(i, host.sim.now, httpError);
    if (outcome === PassiveOutcome.None) return;
    const c = passive.config;
    if (c.type === 'nginx') host.sim.schedule(c.failTimeout, EventKind.PassiveReturn, i, passive.generation[i]!);
    if (outcome === PassiveOutcome.Ejected) {
      const crashed = this.crashedAt[i]!;
      host.recorder.event({
        at: host.sim.now,
        type: 'server-ejected',
        details: { server: i, mechanism: c.type, ejectionSeconds: passive.lastEjectionSeconds, detectionSeconds: crashed >= 0 && !host.servers[i]!.alive ? round3(host.sim.now - crashed) : -1 },
      });
    }
  }

  /** A successful response from server i. */
  passiveSuccess(i: number): void {
    if (this.host.passive!.success(i) === PassiveOutcome.Returned) {
      this.host.recorder.event({ at: this.host.sim.now, type: 'server-returned', details: { server: i, mechanism: 'nginx' } });
    }
  }

  /** NGINX: fail_timeout after server i's last counted failure (generation `gen`). */
  onPassiveReturn(i: number, gen: number): void {
    this.host.passive!.onTimeout(i, gen);
  }

  /** Envoy: the outlier detector's interval sweep (ejected servers whose time is up return). */
  onPassiveSweep(): void {
    const host = this.host;
    const now = host.sim.now;
    const passive = host.passive!;
    passive.sweep(now, (i) => host.recorder.event({ at: now, type: 'server-returned', details: { server: i, mechanism: 'envoy' } }));
    host.sim.schedule(passive.config.interval, EventKind.PassiveSweep);
  }
}
