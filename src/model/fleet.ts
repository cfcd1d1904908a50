/**
 * The fleet behind the balancer changing shape: scale-out, scale-in, rolling restarts, drains,
 * slow start after recovery, and random failures. Each operation is a small state machine
 * driven by Fleet events; the world owns the request pipeline and lends the fleet what it needs
 * through FleetHost.
 *
 *   scale-out        new servers take the next pre-allocated slots; the process runs at once but
 *                    the balancer sends nothing until the health checks pass (`rise` checks: HAProxy
 *                    checks a server added at runtime, Kubernetes waits for readiness)
 *   scale-in         the highest-numbered servers drain for `drain` (ALB deregistration delay, 300 s
 *                    by default), then stop once idle and leave the pool; state still on them is lost
 *   rolling-restart  one server at a time: drain, then maintenance (no traffic) and a graceful stop
 *                    (in-flight requests finish), start again after `restartTime`, wait until the
 *                    checks mark it UP, pause, next server
 *   slow start       a server back UP ramps its effective weight from 1 % to 100 % over `slowStart`,
 *                    in steps of max(1 s, slowStart/20) as HAProxy's server warm-up task does
 */
import { makeDistribution } from '../engine/distributions.js';
import type { RandomStreams } from '../engine/random.js';
import type { Simulator } from '../engine/simulator.js';
import type { SimulationConfig, TimelineEvent } from './config.js';
import { EventKind } from './event-kinds.js';
import type { HealthChecker } from './load-balancer/health-check.js';
import type { PassiveHealth } from './load-balancer/passive-health.js';
import type { ServerPool } from './load-balancer/server-pool.js';
import type { Recorder } from './recorder.js';
import type { Server } from './server.js';
import { round3 } from './round.js';

export const FleetAction = { Remove: 0, Stop: 1, Start: 2, NextRestart: 3, Booted: 4, Kill: 5 } as const;

/** After a graceful stop, does the server come back (restart) or leave (remove)? */
const Stopping = { No: 0, ForRestart: 1, ForRemoval: 2 } as const;

/** What the fleet needs from the world. */
export interface FleetHost {
  readonly sim: Simulator;
  readonly servers: Server[];
  readonly pool: ServerPool;
  readonly health: HealthChecker;
  readonly passive: PassiveHealth | null;
  readonly recorder: Recorder;
  /** Sessions in progress whose in-memory state lives on server i (0 for strategies without). */
  sessionsWithStateOn(i: number): number;
  /** Sessions in progress bound to server i (cookie, URL, stick table). */
  sessionsPinnedTo(i: number): number;
  /** Each active session's affinity target now (see LoadBalancer.targetOf). */
  captureTargets(): Int32Array;
  /** Sessions whose target differs from `before` (captured with captureTargets). */
  countMoved(before: Int32Array): number;
  /** Server i's process ends: memory lost; anything still queued or in service fails. */
  exitProcess(i: number): void;
  /** Server i's process starts with empty memory. */
  startProcess(i: number): void;
  scheduleHealthCheck(i: number, delay: number): void;
  /** A new server takes over slot i: bindings to the slot's earlier server (cookies, stick entries) name a server that is gone. */
  forgetServer(i: number): void;
}

/** Slots the run needs: initial servers plus every server any scale-out adds (never reused). */
export function serverSlots(config: SimulationConfig): number {
  return config.servers.count + config.events.reduce((n, e) => n + (e.type === 'scale-out' ? e.count : 0), 0) + autoscalerSlots(config);
}

/**
 * Extra slots an autoscaler may need at once: up to maxReplicas serving or booting plus up to
 * maxReplicas still draining. A removed server's slot is reused by a later launch (forgetServer
 * drops what named the old one), so the arrays stay this size however often the fleet cycles.
 */
function autoscalerSlots(config: SimulationConfig): number {
  const a = config.autoscaler;
  return a == null ? 0 : Math.max(0, Math.max(config.servers.count, a.maxReplicas) + a.maxReplicas - config.servers.count);
}

/** A crash drawn from the MTBF/MTTR distributions: its own type so its recovery cannot revive another crash's victim. */
export interface RandomCrash {
  at: number;
  server: number;
  downFor: number;
}

/**
 * Random failures of every slot over the run: from a repair (or t = 0), the time to the next
 * crash is drawn from the MTBF distribution, its repair time from the MTTR one. Each slot has its
 * own stream `failures:s<i>`, so the schedule is the same under every strategy and does not
 * depend on how many slots there are.
 */
export function randomFailures(config: SimulationConfig, streams: RandomStreams, slots: number): RandomCrash[] {
  const f = config.servers.failures;
  if (f === null) return [];
  const between = makeDistribution(f.timeBetweenFailures);
  const repair = makeDistribution(f.timeToRepair);
  const out: RandomCrash[] = [];
  for (let i = 0; i < slots; i++) {
    const stream = streams.stream(`failures:s${i}`);
    for (let t = between.sample(stream.next()); t < config.duration; t += between.sample(stream.next())) {
      const down = repair.sample(stream.next());
      out.push({ at: t, server: i, downFor: down });
      t += down;
    }
  }
  return out;
}

interface RollingRestart {
  servers: number[];
  index: number;
  drain: number;
  restartTime: number;
  pause: number;
  startedAt: number;
  /** Waiting for this server to be marked UP again. */
  waitingFor: number;
}

export class Fleet {
  private nextSlot: number;
  private readonly stopping: Uint8Array;
  /** Servers a scale-in is draining for removal (a rolling restart leaves them alone). */
  private readonly removing: Uint8Array;
  /** Servers waiting to become idle before their process exits (the world checks it cheaply). */
  stopsPending = 0;
  private rolling: RollingRestart | null = null;
  private readonly rampGen: Int32Array;
  private readonly upSince: Float64Array;
  private readonly slowStart: number;
  private readonly checksEnabled: boolean;
  /** Autoscaled launches: 1 while the slot's server boots (billed, not yet running). */
  readonly booting: Uint8Array;
  private readonly bootWeight: Int32Array;
  /** When the pending boot / kill of a slot is due (a slot reused meanwhile ignores the old timer). */
  private readonly bootAt: Float64Array;
  private readonly killAt: Float64Array;
  /** Slots whose server was removed, oldest removal first (reused once no fresh slot is left). */
  private readonly freed: number[] = [];
  /** Called when a server launched with launch() is removed or its boot is cancelled. */
  onGone: ((i: number) => void) | null = null;
  /** Called when a launched server's process has started (boot done). */
  onBooted: ((i: number) => void) | null = null;

  constructor(
    private readonly host: FleetHost,
    config: SimulationConfig,
  ) {
    const n = host.pool.size;
    this.nextSlot = config.servers.count;
    this.stopping = new Uint8Array(n);
    this.removing = new Uint8Array(n);
    this.rampGen = new Int32Array(n);
    this.upSince = new Float64Array(n);
    this.slowStart = config.loadBalancer.slowStart;
    this.checksEnabled = config.loadBalancer.healthCheck.enabled;
    this.booting = new Uint8Array(n);
    this.bootWeight = new Int32Array(n);
    this.bootAt = new Float64Array(n).fill(-1);
    this.killAt = new Float64Array(n).fill(-1);
  }

  /** Timeline events the fleet handles; false for the others. */
  handle(e: TimelineEvent): boolean {
    switch (e.type) {
      case 'scale-out':
        this.scaleOut(e.count, e.weight);
        return true;
      case 'scale-in':
        this.scaleIn(e.count, e.drain);
        return true;
      case 'rolling-restart':
        this.rollingRestart(e.drain, e.restartTime, e.pause);
        return true;
      case 'server-drain':
        this.drain(e.server, 'event');
        return true;
      default:
        return false;
    }
  }

  onAction(action: number, i: number): void {
    switch (action) {
      case FleetAction.Remove:
        this.stopGracefully(i, Stopping.ForRemoval);
        return;
      case FleetAction.Stop:
        this.stopGracefully(i, Stopping.ForRestart);
        return;
      case FleetAction.Start:
        this.start(i);
        return;
      case FleetAction.NextRestart:
        this.nextRestart();
        return;
      case FleetAction.Booted:
        this.booted(i);
        return;
      case FleetAction.Kill:
        // terminationGracePeriodSeconds over: SIGKILL, whatever is still in flight fails.
        if (this.stopping[i] === Stopping.ForRemoval && this.killAt[i] === this.host.sim.now) this.exit(i);
        return;
    }
  }

  /** Server i has nothing queued or in service (it finished its work, or it crashed). */
  onIdle(i: number): void {
    if (this.stopping[i] !== Stopping.No) this.exit(i);
  }

  /** Health checks marked server i UP (after a crash, a restart, or joining). */
  onMarkedUp(i: number): void {
    const now = this.host.sim.now;
    this.upSince[i] = now;
    if (this.slowStart > 0) {
      this.host.pool.setWeightShare(i, 0.01);
      this.host.sim.schedule(this.slowStartStep(), EventKind.SlowStart, i, ++this.rampGen[i]!);
    }
    const r = this.rolling;
    if (r !== null && r.waitingFor === i) {
      r.waitingFor = -1;
      this.host.sim.schedule(r.pause, EventKind.Fleet, FleetAction.NextRestart, 0);
    }
  }

  /** Health checks marked server i DOWN: a ramp in progress stops. */
  onMarkedDown(i: number): void {
    this.rampGen[i]!++;
  }

  /** HAProxy server warm-up: weight share = max(1 %, elapsed / slowstart), re-evaluated every step. */
  onSlowStartStep(i: number, gen: number): void {
    if (this.rampGen[i] !== gen) return;
    const share = Math.min(1, Math.max(0.01, (this.host.sim.now - this.upSince[i]!) / this.slowStart));
    this.host.pool.setWeightShare(i, share);
    if (share < 1) this.host.sim.schedule(this.slowStartStep(), EventKind.SlowStart, i, gen);
  }

  private slowStartStep(): number {
    return Math.max(1, this.slowStart / 20);
  }

  // ── scale-out and scale-in ───────────────────────────────────────────────

  private scaleOut(count: number, weight: number): void {
    const h = this.host;
    const pool = h.pool;
    const before = pool.provisionedCount;
    const targets = h.captureTargets();
    const added: number[] = [];
    for (let k = 0; k < count && this.nextSlot < pool.size; k++) {
      const i = this.nextSlot++;
      added.push(i);
      h.recorder.serverBilled?.(h.sim.now, i, true);
      h.startProcess(i);
      pool.provision(i, weight);
      h.passive?.reset(i);
    }
    // What the change will do to affinity once the new servers are in service.
    for (const i of added) {
      h.health.up[i] = 1;
      pool.refresh(i);
    }
    const remapped = h.countMoved(targets);
    for (const i of added) {
      if (this.checksEnabled) {
        h.health.forceDown(i);
        pool.refresh(i);
        h.scheduleHealthCheck(i, h.health.config.interval);
      } else {
        this.onMarkedUp(i);
      }
    }
    h.recorder.event({
      at: h.sim.now,
      type: 'scale-out',
      details: { serversBefore: before, serversAfter: pool.provisionedCount, added: added.map((i) => `s${i}`).join(','), activeSessions: targets.length, sessionsRemapped: remapped },
    });
  }

  private scaleIn(count: number, drain: number): void {
    const h = this.host;
    const pool = h.pool;
    const victims: number[] = [];
    for (let i = pool.size - 1; i >= 0 && victims.length < count; i--) {
      if (pool.provisioned[i] && !this.removing[i] && this.stopping[i] === Stopping.No && !this.isRestarting(i)) victims.push(i);
    }
    const before = pool.provisionedCount;
    let pinned = 0;
    for (const i of victims) {
      this.removing[i] = 1;
      pinned += h.sessionsPinnedTo(i);
      this.setDraining(i, true);
      h.sim.schedule(drain, EventKind.Fleet, FleetAction.Remove, i);
    }
    h.recorder.event({
      at: h.sim.now,
      type: 'scale-in',
      details: { serversBefore: before, serversAfter: before - victims.length, removing: victims.map((i) => `s${i}`).join(','), drainSeconds: drain, sessionsPinned: pinned },
    });
  }

  private drain(i: number, reason: string): void {
    const h = this.host;
    if (!h.pool.provisioned[i] || h.pool.draining[i]) return;
    this.setDraining(i, true);
    h.recorder.event({ at: h.sim.now, type: 'server-drain', details: { server: i, reason, sessionsPinnedToServer: h.sessionsPinnedTo(i) } });
  }

  private setDraining(i: number, on: boolean): void {
    this.host.pool.draining[i] = on ? 1 : 0;
    this.host.pool.refresh(i);
  }

  // ── autoscaled launches and terminations ─────────────────────────────────

  /**
   * Launch a server (an autoscaler's scale-out): a fresh slot, else the longest-freed one. It is
   * billed from now, runs its process after `bootDelay` (image pull + start, or VM boot), and
   * gets traffic once its health checks pass (`rise`). Returns the slot, or -1 if none is free.
   */
  launch(weight: number, bootDelay: number): number {
    const h = this.host;
    let i = -1;
    if (this.nextSlot < h.pool.size) i = this.nextSlot++;
    else if (this.freed.length > 0) i = this.freed.shift()!;
    if (i < 0) return -1;
    this.booting[i] = 1;
    this.bootWeight[i] = weight;
    h.recorder.serverBilled?.(h.sim.now, i, true);
    this.bootAt[i] = h.sim.now + bootDelay;
    h.sim.scheduleAt(this.bootAt[i]!, EventKind.Fleet, FleetAction.Booted, i);
    return i;
  }

  private booted(i: number): void {
    if (!this.booting[i] || this.bootAt[i] !== this.host.sim.now) return; // cancelled while booting
    this.booting[i] = 0;
    const h = this.host;
    h.forgetServer(i);
    h.startProcess(i);
    h.pool.provision(i, this.bootWeight[i]!);
    h.passive?.reset(i);
    if (this.checksEnabled) {
      h.health.forceDown(i);
      h.pool.refresh(i);
      h.scheduleHealthCheck(i, h.health.config.interval);
    } else {
      h.health.up[i] = 1;
      h.pool.refresh(i);
      this.onMarkedUp(i);
    }
    this.onBooted?.(i);
    h.recorder.event({ at: h.sim.now, type: 'server-booted', details: { server: i } });
  }

  /**
   * Remove server i (an autoscaler's scale-in): a booting server is simply cancelled; a running one
   * drains for `drain` (no new users; its pinned users stay if the balancer keeps them, HAProxy
   * `drain`), then stops gracefully (in-flight requests finish) and is killed at `killAfter` from
   * now if still busy (Kubernetes terminationGracePeriodSeconds). Returns the sessions pinned to it.
   */
  terminate(i: number, drain: number, killAfter: number): number {
    const h = this.host;
    if (this.booting[i]) {
      this.booting[i] = 0;
      h.recorder.serverBilled?.(h.sim.now, i, false);
      this.freed.push(i);
      this.onGone?.(i);
      return 0;
    }
    if (!h.pool.provisioned[i] || this.removing[i]) return 0;
    this.removing[i] = 1;
    const pinned = h.sessionsPinnedTo(i);
    this.setDraining(i, true);
    h.sim.schedule(drain, EventKind.Fleet, FleetAction.Remove, i);
    if (Number.isFinite(killAfter)) {
      this.killAt[i] = h.sim.now + Math.max(drain, killAfter);
      h.sim.scheduleAt(this.killAt[i]!, EventKind.Fleet, FleetAction.Kill, i);
    }
    return pinned;
  }

  /** Server i is being removed (draining or stopping for removal). */
  isRemoving(i: number): boolean {
    return this.removing[i] === 1;
  }

  /** When server i was last marked UP (for readiness and warm-up). */
  upSinceOf(i: number): number {
    return this.upSince[i]!;
  }

  // ── rolling restart ──────────────────────────────────────────────────────

  private rollingRestart(drain: number, restartTime: number, pause: number): void {
    const h = this.host;
    const now = h.sim.now;
    if (this.rolling !== null) {
      h.recorder.event({ at: now, type: 'rolling-restart', details: { ignored: true, reason: 'a rolling restart is already running' } });
      return;
    }
    const servers: number[] = [];
    for (let i = 0; i < h.pool.size; i++) if (h.pool.provisioned[i] && !this.removing[i] && this.stopping[i] === Stopping.No) servers.push(i);
    this.rolling = { servers, index: -1, drain, restartTime, pause, startedAt: now, waitingFor: -1 };
    h.recorder.event({
      at: now,
      type: 'rolling-restart',
      details: { servers: servers.map((i) => `s${i}`).join(','), drainSeconds: drain, restartSeconds: restartTime, pauseSeconds: pause },
    });
    this.nextRestart();
  }

  private nextRestart(): void {
    const h = this.host;
    const r = this.rolling;
    if (r === null) return;
    // Skip servers removed, or being removed, meanwhile.
    do r.index++;
    while (r.index < r.servers.length && (!h.pool.provisioned[r.servers[r.index]!] || this.removing[r.servers[r.index]!]));
    if (r.index >= r.servers.length) {
      h.recorder.event({ at: h.sim.now, type: 'rolling-restart-done', details: { servers: r.servers.length, durationSeconds: round3(h.sim.now - r.startedAt) } });
      this.rolling = null;
      return;
    }
    const i = r.servers[r.index]!;
    if (r.drain > 0) {
      this.drain(i, 'rolling-restart');
      h.sim.schedule(r.drain, EventKind.Fleet, FleetAction.Stop, i);
    } else {
      this.stopGracefully(i, Stopping.ForRestart);
    }
  }

  private isRestarting(i: number): boolean {
    const r = this.rolling;
    return r !== null && r.index >= 0 && r.servers[r.index] === i;
  }

  // ── stopping and starting processes ──────────────────────────────────────

  /**
   * Maintenance: the balancer sends nothing more (pinned clients are balanced elsewhere and,
   * HAProxy-style, re-pinned there); the process finishes what it has, then exits.
   */
  private stopGracefully(i: number, why: number): void {
    const h = this.host;
    const pool = h.pool;
    if (!pool.provisioned[i] || this.stopping[i] !== Stopping.No) return;
    pool.maintenance[i] = 1;
    pool.draining[i] = 0;
    h.health.forceDown(i);
    pool.refresh(i);
    this.rampGen[i]!++;
    this.stopping[i] = why;
    this.stopsPending++;
    if (why === Stopping.ForRestart) h.sim.schedule(this.rolling?.restartTime ?? 0, EventKind.Fleet, FleetAction.Start, i);
    const server = h.servers[i]!;
    if (!server.alive || (server.busy === 0 && server.queueLength === 0)) this.exit(i);
  }

  private exit(i: number): void {
    const h = this.host;
    const why = this.stopping[i]!;
    this.stopping[i] = Stopping.No;
    this.stopsPending--;
    const withState = h.sessionsWithStateOn(i);
    const pinned = h.sessionsPinnedTo(i);
    if (h.servers[i]!.alive) h.exitProcess(i);
    if (why === Stopping.ForRemoval) {
      h.pool.remove(i);
      this.removing[i] = 0;
      h.recorder.serverBilled?.(h.sim.now, i, false);
      this.freed.push(i);
      this.onGone?.(i);
      h.recorder.event({ at: h.sim.now, type: 'server-removed', details: { server: i, sessionsWithStateOnServer: withState, sessionsPinnedToServer: pinned, serversAfter: h.pool.provisionedCount } });
    } else {
      h.recorder.event({ at: h.sim.now, type: 'server-restart', details: { server: i, sessionsWithStateOnServer: withState, sessionsPinnedToServer: pinned } });
    }
  }

  private start(i: number): void {
    const h = this.host;
    if (this.stopping[i] !== Stopping.No) this.exit(i); // never got idle: stopped hard
    h.startProcess(i);
    h.pool.maintenance[i] = 0;
    h.passive?.reset(i);
    h.pool.refresh(i);
    h.recorder.event({ at: h.sim.now, type: 'server-start', details: { server: i } });
    if (this.rolling !== null && this.isRestarting(i)) this.rolling.waitingFor = i;
    if (!this.checksEnabled) {
      h.health.up[i] = 1;
      h.pool.refresh(i);
      this.onMarkedUp(i);
    }
  }
}
