/**
 * The request pipeline: users → load balancer → server (queue, workers) → session state
 * → response → think → next request. One World runs one strategy over the scenario; a
 * strategy is the choice of affinity (inside the LoadBalancer) and of a SessionStateModel.
 *
 * A request's life, as phases:
 *   sent ─► routed ─► queued? ─► Loading (state.load) ─► Cpu ─► Saving (state.save) ─► answered
 * Any phase can fail it (server dead, queue full, crash, store unreachable). Handlers are
 * methods bound once; per request, only a pooled Request record is touched.
 */
import type { Simulator } from '../engine/simulator.js';
import { Autoscaler } from './autoscaler/autoscaler.js';
import { rateSegments } from './arrivals.js';
import { ClientPopulation } from './client-population.js';
import type { SimulationConfig } from './config.js';
import { EventKind } from './event-kinds.js';
import { Fleet, randomFailures } from './fleet.js';
import { BalancerPair } from './load-balancer/balancer-pair.js';
import type { HealthChecker } from './load-balancer/health-check.js';
import type { LoadBalancer } from './load-balancer/load-balancer.js';
import type { PassiveHealth } from './load-balancer/passive-health.js';
import type { ServerPool } from './load-balancer/server-pool.js';
import { Counter, FailureReason, type Recorder } from './recorder.js';
import type { Server } from './server.js';
import { ServerOutages, type OutageHost } from './server-outages.js';
import * as census from './session-census.js';
import type { SessionStore } from './session-store.js';
import { RequestPool, type Request, type Session } from './session.js';
import type { SessionLossWatch } from './session-loss.js';
import { Step, type SessionStateModel } from './session-state/session-state.js';
import { expandTimeline, withRandomFailures, type ExpandedEvent } from './timeline.js';
import { playTimelineEvent, type TimelineTargets } from './timeline-player.js';
import type { StrategyParts, WorldOptions } from './world-base.js';

export const Phase = { Routing: 0, Loading: 1, Cpu: 2, Saving: 3 } as const;

export class World implements OutageHost {
  readonly sim: Simulator;
  readonly servers: Server[];
  readonly health: HealthChecker;
  readonly pool: ServerPool;
  readonly passive: PassiveHealth | null;
  readonly fleet: Fleet;
  readonly clients: ClientPopulation;
  readonly lb: LoadBalancer;
  readonly state: SessionStateModel;
  readonly store: SessionStore | null;
  readonly recorder: Recorder;
  private readonly lossWatch: SessionLossWatch | null;
  private readonly config: SimulationConfig;
  private readonly requests = new RequestPool();
  private readonly timeline: ExpandedEvent[];
  /** Crashes, their detection (active and passive health checks) and recoveries. */
  private readonly outages: ServerOutages;
  /** The active balancer and its standby (keepalived/VRRP), when redundancy is configured. */
  private readonly pair: BalancerPair;
  /** What the timeline's events act on (./timeline-player.ts). */
  private readonly timelineTargets: TimelineTargets;
  /** A balancer pair is configured (only then can the balancer die): the hot path skips its checks otherwise. */
  private readonly standby: boolean;
  private readonly retries: number;
  private readonly retryDelay: number;
  /** Address changes or per-request keys to draw before each request. */
  private readonly networkPerRequest: boolean;
  /** Reused buffer of busy-worker seconds per server slot (work samples). */
  private readonly busySample: Float64Array;
  /** Resizes the fleet from its metric, when the scenario has one. */
  readonly autoscaler: Autoscaler | null;

  constructor(base: WorldOptions, parts: StrategyParts) {
    this.sim = base.sim;
    this.servers = base.servers;
    this.health = base.health;
    this.recorder = base.recorder;
    this.lossWatch = base.lossWatch ?? null;
    this.config = base.config;
    this.pool = base.pool;
    this.passive = base.passive;
    this.lb = parts.loadBalancer;
    this.state = parts.state;
    this.store = parts.store;
    this.clients = new ClientPopulation(
      base.config.clients,
      base.config.servers,
      base.streams.stream('arrivals'),
      base.streams.stream('sessions'),
      // Per-request pages and URL ids are drawn only when this strategy's routing reads them.
      {
        requestKeys: this.lb.affinity === 'url' || (this.lb.hash !== null && this.lb.hash.config.key === 'url'),
        urlIds: this.lb.affinity === 'url',
      },
      base.streams.stream('revocations'),
      rateSegments(base.config.clients, base.config.duration),
    );
    this.timeline = withRandomFailures(expandTimeline(base.config.events), randomFailures(base.config, base.streams, this.servers.length));
    const lbConfig = base.config.loadBalancer;
    // NGINX proxy_next_upstream moves on at once, at most proxy_next_upstream_tries peers (0: all).
    const nginx = lbConfig.retryPolicy?.style === 'nginx';
    const tries = lbConfig.retryPolicy?.nextUpstreamTries ?? 0;
    this.retries = nginx ? (tries > 0 ? tries : this.servers.length) - 1 : lbConfig.retries;
    this.standby = lbConfig.redundancy.standby;
    this.pair = new BalancerPair(this.sim, this.recorder, this.lb, lbConfig.redundancy.takeover);
    this.retryDelay = nginx ? 0 : lbConfig.retryDelay;
    this.networkPerRequest = this.clients.network.perRequest;
    this.fleet = new Fleet(this, base.config);
    this.outages = new ServerOutages(this);
    const sessions = this.clients.sessions;
    this.timelineTargets = { outages: this.outages, store: this.store, state: this.state, pair: this.pair, fleet: this.fleet, recorder: this.recorder, liveSessions: () => sessions.live };
    // A session gone for good: the store forgets what it kept by its id (the keyspace stays bounded).
    const store = this.store;
    if (store !== null) this.clients.sessions.onRelease = (s) => store.forget(s);

    const sim = this.sim;
    sim.on(EventKind.SessionArrival, this.onSessionArrival.bind(this));
    sim.on(EventKind.ClientSend, this.onClientSend.bind(this));
    sim.on(EventKind.ServiceDone, this.onServiceDone.bind(this));
    sim.on(EventKind.StoreReply, this.onStoreReply.bind(this));
    sim.on(EventKind.HealthCheck, this.outages.onHealthCheck.bind(this.outages));
    sim.on(EventKind.Timeline, this.onTimeline.bind(this));
    sim.on(EventKind.CompanionSend, this.onCompanionSend.bind(this));
    sim.on(EventKind.Revocation, this.onRevocation.bind(this));
    sim.on(EventKind.LbRetry, this.onRetry.bind(this));
    sim.on(EventKind.LbTakeover, this.pair.onTakeover.bind(this.pair));
    sim.on(EventKind.Fleet, this.fleet.onAction.bind(this.fleet));
    sim.on(EventKind.SlowStart, this.fleet.onSlowStartStep.bind(this.fleet));
    sim.on(EventKind.PassiveReturn, this.outages.onPassiveReturn.bind(this.outages));
    sim.on(EventKind.PassiveSweep, this.outages.onPassiveSweep.bind(this.outages));
    sim.on(EventKind.WorkSample, this.onWorkSample.bind(this));
    this.busySample = new Float64Array(this.servers.length);
    this.autoscaler = base.config.autoscaler == null ? null : new Autoscaler(this, this.fleet, base.config.autoscaler, base.streams, base.config.servers.count);
  }

  /** Run the scenario to its end. */
  run(): void {
    const sim = this.sim;
    const first = this.clients.nextArrivalAt(0);
    if (first < Infinity) sim.scheduleAt(first, EventKind.SessionArrival);
    for (let i = 0; i < this.servers.length; i++) {
      if (!this.pool.provisioned[i]) continue;
      this.recorder.serverAvailability(0, i, true);
      this.recorder.serverBilled?.(0, i, true);
      if (this.health.config.enabled) sim.schedule(this.health.firstCheckAt(i), EventKind.HealthCheck, i);
    }
    if (this.passive !== null && this.passive.config.type === 'envoy') sim.schedule(this.passive.config.interval, EventKind.PassiveSweep);
    for (let k = 0; k < this.timeline.length; k++) sim.scheduleAt(this.timeline[k]!.at, EventKind.Timeline, k);
    const sample = this.recorder.nextWorkSample?.(0) ?? Infinity;
    if (sample <= this.config.duration && this.recorder.workSample !== undefined) sim.scheduleAt(sample, EventKind.WorkSample);
    this.autoscaler?.start();
    sim.run(this.config.duration);
  }

  /** A boundary the recorder asked for: every server's busy-worker seconds so far (one pass over the slots). */
  private onWorkSample(): void {
    const now = this.sim.now;
    for (let i = 0; i < this.servers.length; i++) this.busySample[i] = this.servers[i]!.busySecondsAt(now);
    this.recorder.workSample!(now, this.busySample);
    const next = this.recorder.nextWorkSample!(now);
    if (next <= this.config.duration) this.sim.scheduleAt(next, EventKind.WorkSample);
  }

  /** Sessions in progress now. */
  get activeSessions(): number {
    return this.clients.sessions.live;
  }

  // ── users ────────────────────────────────────────────────────────────────

  private onSessionArrival(): void {
    const now = this.sim.now;
    if (now < this.config.duration) {
      const next = this.clients.nextArrivalAt(now);
      if (next < Infinity) this.sim.scheduleAt(next, EventKind.SessionArrival);
    }
    const session = this.clients.createSession(now);
    this.recorder.sessionStarted(session, now);
    const revokeAfter = this.clients.revocationDelay();
    if (revokeAfter >= 0) this.sim.schedule(revokeAfter, EventKind.Revocation, session.slot, session.id);
    this.send(session);
  }

  /**
   * The live session in `slot` if it is still session `id` (else the event is stale: null).
   * Slots are reused (SessionTable), ids never: an event carries both, and one for an ended
   * session finds it ended, or another id in its slot.
   */
  private sessionAt(slot: number, id: number): Session | null {
    return this.clients.sessions.find(slot, id);
  }

  /** A logout everywhere or a ban: the strategy decides what still accepts the user. */
  private onRevocation(slot: number, sessionId: number): void {
    const session = this.sessionAt(slot, sessionId);
    if (session === null) return;
    session.revokedAt = this.sim.now;
    this.recorder.count(this.sim.now, Counter.Revocations, 1);
    this.state.onRevoked?.(session, this.sim.now);
  }

  private onClientSend(slot: number, sessionId: number): void {
    const session = this.sessionAt(slot, sessionId);
    if (session !== null) this.send(session);
  }

  private send(session: Session): void {
    const now = this.sim.now;
    const req = this.requests.acquire(session, now);
    const watch = this.lossWatch;
    if (watch !== null && watch.loginNext.size > 0 && watch.loginNext.delete(session.id)) {
      // Back to the login page: the user signs in again (session-loss.ts).
      watch.prepareLogin(req, now);
      this.dispatch(req);
      return;
    }
    this.clients.prepareRequest(req);
    // Network draws (page, URL without its id, address changes) belong to the user's request;
    // a parallel request of the same page shares them (copied in sendWithParallel).
    if (this.networkPerRequest) this.clients.network.beforeRequest(req, now);
    if (req.companionDelay < 0) this.dispatch(req);
    else this.sendWithParallel(req, now);
  }

  /** A parallel request of the same user (another tab, an XHR), drawn with this one. */
  private sendWithParallel(req: Request, now: number): void {
    const delay = req.companionDelay;
    const c = this.requests.acquire(req.session, now);
    c.companion = true;
    c.serviceTime = req.companionServiceTime;
    c.isWrite = req.companionIsWrite;
    c.attribute = req.companionAttribute;
    c.thinkTime = 0;
    c.page = req.page;
    c.noSessionId = req.noSessionId;
    this.dispatch(req);
    if (delay === 0) this.dispatch(c);
    else this.sim.schedule(delay, EventKind.CompanionSend, c.id);
  }

  private onCompanionSend(id: number): void {
    const c = this.requests.all[id]!;
    c.start = this.sim.now;
    this.dispatch(c);
  }

  /** Through the balancer to a server. */
  private dispatch(req: Request): void {
    const now = this.sim.now;
    // A call, not the check written out: dispatch stays small enough for V8 to inline into send() with its callees.
    if (this.standby && !this.throughActiveBalancer(req)) return;
    const s = this.lb.route(req, now);
    if (s < 0) {
      this.fail(req, FailureReason.NoServer);
      return;
    }
    req.retriesLeft = this.retries;
    // connect(), written out: the common case stays within V8's inlining budget.
    req.server = s;
    const server = this.servers[s]!;
    if (server.alive && server.hasIdleWorker()) {
      req.serverIncarnation = server.incarnation;
      this.startService(req);
    } else {
      this.connect(req, s);
    }
  }

  /** A balancer pair: false (the request failed) while no balancer owns the address; else the request's connection goes through the active one. */
  private throughActiveBalancer(req: Request): boolean {
    if (this.pair.down) {
      this.failThroughDeadBalancer(req);
      return false;
    }
    req.lbEpoch = this.pair.epoch;
    return true;
  }

  /** The balancer connects to server s for req. */
  private connect(req: Request, s: number): void {
    req.server = s;
    const server = this.servers[s]!;
    if (!server.alive) {
      this.connectionRefused(req, s);
      return;
    }
    req.serverIncarnation = server.incarnation;
    if (server.hasIdleWorker()) this.startService(req);
    else if (!server.enqueue(req.id)) {
      if (this.passive !== null) this.outages.passiveFailure(s, true);
      this.fail(req, FailureReason.QueueFull);
    }
  }

  /**
   * Marked UP but dead: the connection is refused. HAProxy retries (`retries`, 3) after
   * min(timeout connect, 1 s) each; the request fails when they run out.
   */
  private connectionRefused(req: Request, s: number): void {
    if (this.passive !== null) this.outages.passiveFailure(s, false);
    this.outages.refused(s, req.retriesLeft === this.retries);
    if (req.retriesLeft > 0) {
      req.retriesLeft--;
      this.sim.schedule(this.retryDelay, EventKind.LbRetry, req.id);
      return;
    }
    this.outages.failedOnDead(s);
    this.fail(req, FailureReason.ServerDead);
  }

  /** A retry: where to is the balancer's rule (LoadBalancer.retryTarget: HAProxy, NGINX or Envoy). */
  private onRetry(id: number): void {
    const req = this.requests.all[id]!;
    if (req.lbEpoch !== this.pair.epoch) {
      this.failThroughDeadBalancer(req);
      return;
    }
    const s = this.lb.retryTarget(req, req.server, req.retriesLeft === 0, this.sim.now);
    if (s < 0) {
      this.fail(req, FailureReason.NoServer);
      return;
    }
    this.connect(req, s);
  }

  /** After the response (or failure) of `req`: think, then the next request, or the end. */
  private next(req: Request): void {
    const session = req.session;
    const think = req.thinkTime;
    this.state.end?.(req, this.sim.now);
    this.requests.release(req);
    if (req.companion) return;
    const watch = this.lossWatch;
    if (watch !== null && watch.lostSince.size > 0 && watch.lostSince.has(session.id)) watch.decide(session, this.sim.now);
    if (--session.requestsLeft > 0) {
      this.sim.schedule(think, EventKind.ClientSend, session.slot, session.id);
    } else {
      this.recorder.sessionEnded(session, this.sim.now);
      this.clients.sessions.close(session);
    }
  }

  // ── server pipeline ──────────────────────────────────────────────────────

  private startService(req: Request): void {
    const server = this.servers[req.server]!;
    server.accrue(this.sim.now);
    server.busy++;
    req.phase = Phase.Loading;
    const step = this.state.load(req, this.sim.now);
    if (step === Step.Continue) this.runApplication(req);
  }

  private runApplication(req: Request): void {
    req.phase = Phase.Cpu;
    this.sim.schedule(req.serviceTime + req.extraCpu, EventKind.ServiceDone, req.id);
  }

  private onServiceDone(id: number): void {
    const req = this.requests.all[id]!;
    if (this.crashedUnder(req)) return;
    req.phase = Phase.Saving;
    const step = this.state.save(req, this.sim.now);
    if (step === Step.Continue) this.answer(req);
  }

  private onStoreReply(id: number): void {
    const req = this.requests.all[id]!;
    if (this.crashedUnder(req)) return;
    const step = this.state.resume(req, this.sim.now);
    if (step !== Step.Continue) return;
    if (req.phase === Phase.Loading) this.runApplication(req);
    else this.answer(req);
  }

  /** The server died while `req` was in service: the client sees a reset connection. */
  private crashedUnder(req: Request): boolean {
    if (this.servers[req.server]!.incarnation === req.serverIncarnation) return false;
    if (this.passive !== null) this.outages.passiveFailure(req.server, false);
    this.recorder.requestFailed(this.sim.now, FailureReason.ServerCrashed, req.server);
    this.next(req);
    return true;
  }

  private answer(req: Request): void {
    const now = this.sim.now;
    if (this.standby && req.lbEpoch !== this.pair.epoch) {
      // Served, but the client's connection ran through the balancer that died.
      this.failThroughDeadBalancer(req);
      return;
    }
    const server = this.servers[req.server]!;
    server.handled++;
    this.recorder.requestCompleted(now, now - req.start, req.server);
    if (req.storeTime > 0) this.recorder.count(now, Counter.StoreSeconds, req.storeTime);
    this.lb.bind(req, req.server, now);
    if (this.passive !== null) this.outages.passiveSuccess(req.server);
    this.releaseWorker(server);
    this.next(req);
  }

  /** The takeover gap, or a connection made through the balancer that died (kept off the hot path). */
  private failThroughDeadBalancer(req: Request): void {
    this.pair.failed();
    this.fail(req, FailureReason.BalancerDown);
  }

  /** Fail a request; frees its worker when it held one. */
  fail(req: Request, reason: FailureReason): void {
    this.recorder.requestFailed(this.sim.now, reason, req.server);
    if (req.phase !== Phase.Routing) this.releaseWorker(this.servers[req.server]!);
    this.next(req);
  }

  private releaseWorker(server: Server): void {
    server.accrue(this.sim.now);
    server.busy--;
    const nextId = server.dequeue();
    if (nextId >= 0) this.startService(this.requests.all[nextId]!);
    else if (this.fleet.stopsPending > 0 && server.busy === 0) this.fleet.onIdle(server.index);
  }

  // ── the scenario's timeline ─────────────────────────────────────────────

  private onTimeline(k: number): void {
    playTimelineEvent(this.timelineTargets, this.timeline[k]!, this.sim.now);
  }

  /** Crash server i's process; its queued requests fail. */
  private failQueued(i: number): void {
    const now = this.sim.now;
    const queued = this.servers[i]!.crash(now);
    for (const id of queued) {
      const req = this.requests.all[id]!;
      if (this.passive !== null) this.outages.passiveFailure(i, false);
      this.recorder.requestFailed(now, FailureReason.ServerCrashed, req.server);
      this.next(req);
    }
  }

  // ── FleetHost: what scale and deploy operations need ────────────────────

  sessionsWithStateOn(i: number): number {
    return this.state.stateOnServers ? census.sessionsWithStateOn(this.clients.sessions, i, this.servers[i]!.incarnation) : 0;
  }

  sessionsPinnedTo(i: number): number {
    return census.sessionsPinnedTo(this.clients.sessions, this.lb, i, this.sim.now);
  }

  captureTargets(): Int32Array {
    return census.captureTargets(this.clients.sessions, this.lb, this.sim.now);
  }

  countMoved(before: Int32Array): number {
    return census.countMoved(this.clients.sessions, this.lb, before, this.sim.now);
  }

  exitProcess(i: number): void {
    this.failQueued(i);
    this.recorder.serverAvailability(this.sim.now, i, false);
  }

  startProcess(i: number): void {
    const server = this.servers[i]!;
    if (server.alive) return;
    server.recover();
    this.recorder.serverAvailability(this.sim.now, i, true);
  }

  forgetServer(i: number): void {
    // A cookie or URL route names the old server, which no longer exists: the next request is balanced anew.
    census.unpin(this.clients.sessions, i);
    this.lb.forgetServer(i);
  }

  scheduleHealthCheck(i: number, delay: number): void {
    this.sim.schedule(delay, EventKind.HealthCheck, i);
  }
}
