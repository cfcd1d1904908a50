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
import { Simulator } from '../engine/simulator.js';
import type { RandomStreams } from '../engine/random.js';
import type { SimulationConfig, TimelineEvent } from './config.js';
import { Autoscaler } from './autoscaler/autoscaler.js';
import { rateSegments } from './arrivals.js';
import { ClientPopulation } from './client-population.js';
import { EventKind } from './event-kinds.js';
import { Fleet, randomFailures, serverSlots, type FleetHost, type RandomCrash } from './fleet.js';
import { HealthChecker, HealthTransition } from './load-balancer/health-check.js';
import type { LoadBalancer } from './load-balancer/load-balancer.js';
import { PassiveHealth, PassiveOutcome } from './load-balancer/passive-health.js';
import { ServerPool } from './load-balancer/server-pool.js';
import { Counter, FailureReason, type Recorder } from './recorder.js';
import { Server } from './server.js';
import type { SessionStore } from './session-store.js';
import { RequestPool, type Request, type Session } from './session.js';
import { SessionLossWatch } from './session-loss.js';
import { Step, type SessionStateModel } from './session-state/session-state.js';

export const Phase = { Routing: 0, Loading: 1, Cpu: 2, Saving: 3 } as const;

/** What a strategy plugs into the world. */
export interface StrategyParts {
  loadBalancer: LoadBalancer;
  state: SessionStateModel;
  store: SessionStore | null;
}

export interface WorldOptions {
  config: SimulationConfig;
  streams: RandomStreams;
  recorder: Recorder;
  sim: Simulator;
  servers: Server[];
  health: HealthChecker;
  /** The balancer's view of the servers (provisioned, UP, draining, ejected). */
  pool: ServerPool;
  /** Passive health checks, when configured. */
  passive: PassiveHealth | null;
  /** Users who log in again or leave on a session loss (clients.onSessionLoss); null: they carry on. */
  lossWatch?: SessionLossWatch | null;
}

/**
 * Build the shared parts (simulator, servers, health checker, pool) a strategy wires into. One
 * slot per server that ever exists (scale-out slots included, not yet provisioned), so nothing
 * grows while the simulation runs.
 */
export function createWorldBase(config: SimulationConfig, streams: RandomStreams, measured: Recorder): WorldOptions {
  const onLoss = config.clients.onSessionLoss ?? 'continue';
  const lossWatch = onLoss === 'continue' ? null : new SessionLossWatch(measured, config.clients, streams.stream('session-loss'));
  const recorder: Recorder = lossWatch ?? measured;
  const slots = serverSlots(config);
  const servers = Array.from({ length: slots }, (_, i) => new Server(i, config.servers));
  const health = new HealthChecker(slots, config.loadBalancer.healthCheck);
  const pool = new ServerPool(health.up, config.loadBalancer.drainKeepsPinned);
  for (let i = 0; i < slots; i++) {
    if (i < config.servers.count) {
      pool.provision(i, config.servers.weights[i] ?? 1);
    } else {
      servers[i]!.alive = false;
      health.up[i] = 0;
      pool.refresh(i);
    }
  }
  return {
    config,
    streams,
    recorder,
    lossWatch,
    sim: new Simulator(1 << 14),
    servers,
    health,
    pool,
    passive: config.loadBalancer.passive.type === 'none' ? null : new PassiveHealth(config.loadBalancer.passive, pool),
  };
}

/** The scenario's events plus the random failures (their recoveries only undo their own crash). */
type ExpandedEvent =
  | TimelineEvent
  | { at: number; type: 'random-crash'; server: number; downFor: number; id: number }
  | { at: number; type: 'random-recover'; server: number; id: number };

export class World implements FleetHost {
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
  /** Per server: when it crashed (for detection time) and requests failed since. */
  private readonly crashedAt: Float64Array;
  private readonly failedSinceCrash: Int32Array;
  /** Per server: requests whose first connection attempt it refused since it crashed (retried or not). */
  private readonly refusedSinceCrash: Int32Array;
  /** Which random crash killed each server (-1: none), so only its own recovery revives it. */
  private readonly randomDeath: Int32Array;
  /** Bumped when the active balancer dies: connections made through the old one are broken. */
  private lbEpoch = 0;
  /** Between the active balancer's death and the standby's takeover, nobody answers. */
  private lbDown = false;
  private lbDownSince = 0;
  /** A balancer pair is configured (only then can the balancer die): the hot path skips its checks otherwise. */
  private readonly standby: boolean;
  private failedInTakeover = 0;
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
    this.crashedAt = new Float64Array(this.servers.length).fill(-1);
    this.failedSinceCrash = new Int32Array(this.servers.length);
    this.refusedSinceCrash = new Int32Array(this.servers.length);
    this.randomDeath = new Int32Array(this.servers.length).fill(-1);
    const lbConfig = base.config.loadBalancer;
    // NGINX proxy_next_upstream moves on at once, at most proxy_next_upstream_tries peers (0: all).
    const nginx = lbConfig.retryPolicy?.style === 'nginx';
    const tries = lbConfig.retryPolicy?.nextUpstreamTries ?? 0;
    this.retries = nginx ? (tries > 0 ? tries : this.servers.length) - 1 : lbConfig.retries;
    this.standby = lbConfig.redundancy.standby;
    this.retryDelay = nginx ? 0 : lbConfig.retryDelay;
    this.networkPerRequest = this.clients.network.perRequest;
    this.fleet = new Fleet(this, base.config);
    // A session gone for good: the store forgets what it kept by its id (the keyspace stays bounded).
    const store = this.store;
    if (store !== null) this.clients.sessions.onRelease = (s) => store.forget(s);

    const sim = this.sim;
    sim.on(EventKind.SessionArrival, this.onSessionArrival.bind(this));
    sim.on(EventKind.ClientSend, this.onClientSend.bind(this));
    sim.on(EventKind.ServiceDone, this.onServiceDone.bind(this));
    sim.on(EventKind.StoreReply, this.onStoreReply.bind(this));
    sim.on(EventKind.HealthCheck, this.onHealthCheck.bind(this));
    sim.on(EventKind.Timeline, this.onTimeline.bind(this));
    sim.on(EventKind.CompanionSend, this.onCompanionSend.bind(this));
    sim.on(EventKind.Revocation, this.onRevocation.bind(this));
    sim.on(EventKind.LbRetry, this.onRetry.bind(this));
    sim.on(EventKind.LbTakeover, this.onTakeover.bind(this));
    sim.on(EventKind.Fleet, this.fleet.onAction.bind(this.fleet));
    sim.on(EventKind.SlowStart, this.fleet.onSlowStartStep.bind(this.fleet));
    sim.on(EventKind.PassiveReturn, this.onPassiveReturn.bind(this));
    sim.on(EventKind.PassiveSweep, this.onPassiveSweep.bind(this));
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
    if (this.standby) {
      if (this.lbDown) {
        // No balancer owns the address yet: the connection attempt goes nowhere.
        this.failThroughDeadBalancer(req);
        return;
      }
      req.lbEpoch = this.lbEpoch;
    }
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
      if (this.passive !== null) this.passiveFailure(s, true);
      this.fail(req, FailureReason.QueueFull);
    }
  }

  /**
   * Marked UP but dead: the connection is refused. HAProxy retries (`retries`, 3) after
   * min(timeout connect, 1 s) each; the request fails when they run out.
   */
  private connectionRefused(req: Request, s: number): void {
    if (this.passive !== null) this.passiveFailure(s, false);
    if (req.retriesLeft === this.retries) this.refusedSinceCrash[s]!++;
    if (req.retriesLeft > 0) {
      req.retriesLeft--;
      this.sim.schedule(this.retryDelay, EventKind.LbRetry, req.id);
      return;
    }
    this.failedSinceCrash[s]!++;
    this.fail(req, FailureReason.ServerDead);
  }

  /** A retry: where to is the balancer's rule (LoadBalancer.retryTarget: HAProxy, NGINX or Envoy). */
  private onRetry(id: number): void {
    const req = this.requests.all[id]!;
    if (req.lbEpoch !== this.lbEpoch) {
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
    if (this.passive !== null) this.passiveFailure(req.server, false);
    this.recorder.requestFailed(this.sim.now, FailureReason.ServerCrashed, req.server);
    this.next(req);
    return true;
  }

  private answer(req: Request): void {
    const now = this.sim.now;
    if (this.standby && req.lbEpoch !== this.lbEpoch) {
      // Served, but the client's connection ran through the balancer that died.
      this.failThroughDeadBalancer(req);
      return;
    }
    const server = this.servers[req.server]!;
    server.handled++;
    this.recorder.requestCompleted(now, now - req.start, req.server);
    if (req.storeTime > 0) this.recorder.count(now, Counter.StoreSeconds, req.storeTime);
    this.lb.bind(req, req.server, now);
    if (this.passive !== null) this.passiveSuccess(req.server);
    this.releaseWorker(server);
    this.next(req);
  }

  /** The takeover gap, or a connection made through the balancer that died (kept off the hot path). */
  private failThroughDeadBalancer(req: Request): void {
    this.failedInTakeover++;
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

  // ── health checks and the scenario's timeline ───────────────────────────

  private onHealthCheck(i: number): void {
    if (!this.pool.provisioned[i]) return; // removed by scale-in: no more checks
    const now = this.sim.now;
    // HAProxy does not check servers in maintenance.
    const transition = this.pool.maintenance[i] ? HealthTransition.None : this.health.observe(i, this.servers[i]!.alive);
    if (transition !== HealthTransition.None) {
      // The pool still shows the old state until refresh(): measure what the change does to affinity.
      const before = this.captureTargets();
      this.pool.refresh(i);
      // An empty pool sends nobody to another server (there is none): nobody has moved yet.
      const remapped = this.pool.eligibleCount === 0 ? 0 : this.countMoved(before);
      if (transition === HealthTransition.MarkedDown) {
        this.fleet.onMarkedDown(i);
        const crashed = this.crashedAt[i]!;
        this.recorder.event({
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
            ...(this.pool.eligibleCount === 0 ? { poolEmpty: true } : {}),
          },
        });
      } else {
        this.recorder.event({ at: now, type: 'server-marked-up', details: { server: i, sessionsRemapped: remapped } });
        this.fleet.onMarkedUp(i);
      }
    }
    this.sim.schedule(this.health.config.interval, EventKind.HealthCheck, i);
  }

  private onTimeline(k: number): void {
    const e = this.timeline[k]!;
    const now = this.sim.now;
    switch (e.type) {
      case 'server-crash':
        this.crashServer(e.server, -1);
        return;
      case 'server-recover':
        this.recoverServer(e.server, false);
        return;
      case 'random-crash':
        if (this.crashServer(e.server, e.id)) this.randomDeath[e.server] = e.id;
        return;
      case 'random-recover':
        if (this.randomDeath[e.server] === e.id) this.recoverServer(e.server, true);
        return;
      case 'store-outage': {
        if (this.store === null || !this.store.available) return;
        this.store.fail(e.flush);
        this.recorder.event({ at: now, type: 'store-outage', details: { flush: e.flush, activeSessions: this.clients.sessions.live } });
        return;
      }
      case 'store-recover': {
        const node = e.node ?? null;
        if (this.store === null) {
          if (node !== null) this.recorder.event({ at: now, type: e.type, details: { usesStore: false } });
          return;
        }
        if (node === null && this.store.available) return;
        // After a store-outage: the store is reachable again; after a store-crash: that node is back.
        this.recorder.event({ at: now, type: 'store-recover', details: this.store.onScenarioEvent(e, now) });
        return;
      }
      case 'store-crash':
      case 'store-failover':
      case 'store-partition': {
        const details = this.store === null ? { usesStore: false } : this.store.onScenarioEvent(e, now);
        this.recorder.event({ at: now, type: e.type, details: { ...details, activeSessions: this.clients.sessions.live } });
        return;
      }
      case 'key-rotation':
      case 'token-service-outage':
      case 'token-service-recover': {
        // Token service and key events: the strategy's state model says what they did.
        const details = this.state.onScenarioEvent?.(e, now) ?? { usesTokens: false };
        this.recorder.event({ at: now, type: e.type, details });
        return;
      }
      case 'lb-failover':
        this.balancerFails();
        return;
      default:
        // Scale-out, scale-in, rolling restarts, drains.
        this.fleet.handle(e);
    }
  }

  /** Server i's process dies (a scenario event, or a random failure `randomId` ≥ 0); false if it was not running. */
  private crashServer(i: number, randomId: number): boolean {
    const now = this.sim.now;
    const server = this.servers[i]!;
    if (!server.alive || !this.pool.provisioned[i]) return false;
    const withState = this.sessionsWithStateOn(i);
    const pinned = this.sessionsPinnedTo(i);
    const inService = server.busy;
    const queued = this.failQueued(i);
    this.crashedAt[i] = now;
    this.failedSinceCrash[i] = 0;
    this.refusedSinceCrash[i] = 0;
    this.randomDeath[i] = -1;
    this.recorder.serverAvailability(now, i, false);
    const details: Record<string, number | string | boolean> = {
      server: i,
      activeSessions: this.clients.sessions.live,
      sessionsWithStateOnServer: withState,
      sessionsPinnedToServer: pinned,
      requestsInFlight: inService + queued,
    };
    if (randomId >= 0) details.random = true;
    this.recorder.event({ at: now, type: 'server-crash', details });
    // A graceful stop waiting for this server to go idle can complete now.
    if (this.fleet.stopsPending > 0) this.fleet.onIdle(i);
    return true;
  }

  private recoverServer(i: number, random: boolean): void {
    const server = this.servers[i]!;
    if (server.alive || !this.pool.provisioned[i]) return;
    server.recover();
    this.randomDeath[i] = -1;
    this.recorder.serverAvailability(this.sim.now, i, true);
    this.recorder.event({ at: this.sim.now, type: 'server-recover', details: random ? { server: i, random: true } : { server: i } });
  }

  /** Crash server i; its queued requests fail; returns how many were queued. */
  private failQueued(i: number): number {
    const now = this.sim.now;
    const queued = this.servers[i]!.crash(now);
    for (const id of queued) {
      const req = this.requests.all[id]!;
      if (this.passive !== null) this.passiveFailure(i, false);
      this.recorder.requestFailed(now, FailureReason.ServerCrashed, req.server);
      this.next(req);
    }
    return queued.length;
  }

  // ── balancer redundancy ──────────────────────────────────────────────────

  /**
   * The active balancer dies (keepalived/VRRP pair). Until the standby claims the address after
   * `takeover`, requests go nowhere; connections through the dead one are broken. The standby
   * hashes the same live set (its own health checks agree) and cookies travel with the clients;
   * only an unreplicated stick table is lost.
   */
  private balancerFails(): void {
    const now = this.sim.now;
    if (this.lbDown) return;
    this.lbDown = true;
    this.lbDownSince = now;
    this.lbEpoch++;
    this.failedInTakeover = 0;
    const lost = this.lb.failover(now);
    const takeover = this.config.loadBalancer.redundancy.takeover;
    this.recorder.event({
      at: now,
      type: 'lb-failover',
      details: { takeoverSeconds: takeover, activeSessions: this.clients.sessions.live, stickEntriesLost: lost, stickTableReplicated: this.lb.routing.stickTable.replicated },
    });
    this.sim.schedule(takeover, EventKind.LbTakeover);
  }

  private onTakeover(): void {
    this.lbDown = false;
    this.recorder.event({
      at: this.sim.now,
      type: 'lb-takeover',
      details: { gapSeconds: round3(this.sim.now - this.lbDownSince), requestsFailedDuringTakeover: this.failedInTakeover },
    });
  }

  // ── passive health checks ────────────────────────────────────────────────

  private passiveFailure(i: number, httpError: boolean): void {
    const outcome = this.passive!.failure(i, this.sim.now, httpError);
    if (outcome === PassiveOutcome.None) return;
    const c = this.passive!.config;
    if (c.type === 'nginx') this.sim.schedule(c.failTimeout, EventKind.PassiveReturn, i, this.passive!.generation[i]!);
    if (outcome === PassiveOutcome.Ejected) {
      this.recorder.event({
        at: this.sim.now,
        type: 'server-ejected',
        details: { server: i, mechanism: c.type, ejectionSeconds: this.passive!.lastEjectionSeconds, detectionSeconds: this.crashedAt[i]! >= 0 && !this.servers[i]!.alive ? round3(this.sim.now - this.crashedAt[i]!) : -1 },
      });
    }
  }

  private passiveSuccess(i: number): void {
    if (this.passive!.success(i) === PassiveOutcome.Returned) {
      this.recorder.event({ at: this.sim.now, type: 'server-returned', details: { server: i, mechanism: 'nginx' } });
    }
  }

  private onPassiveReturn(i: number, gen: number): void {
    this.passive!.onTimeout(i, gen);
  }

  private onPassiveSweep(): void {
    const now = this.sim.now;
    this.passive!.sweep(now, (i) => this.recorder.event({ at: now, type: 'server-returned', details: { server: i, mechanism: 'envoy' } }));
    this.sim.schedule(this.passive!.config.interval, EventKind.PassiveSweep);
  }

  // ── FleetHost: what scale and deploy operations need ────────────────────

  sessionsWithStateOn(i: number): number {
    if (!this.state.stateOnServers) return 0;
    const incarnation = this.servers[i]!.incarnation;
    return this.countSessions((s) => s.hasState && s.stateServer === i && s.stateIncarnation === incarnation);
  }

  sessionsPinnedTo(i: number): number {
    const now = this.sim.now;
    if (this.lb.affinity === 'stick-table') return this.countSessions((s) => this.lb.targetOf(s, now) === i);
    return this.countSessions((s) => s.pinnedServer === i);
  }

  captureTargets(): Int32Array {
    const now = this.sim.now;
    const live = this.clients.sessions;
    const out = new Int32Array(live.live);
    for (let k = 0; k < live.live; k++) out[k] = this.lb.targetOf(live.liveAt(k), now);
    return out;
  }

  countMoved(before: Int32Array): number {
    const now = this.sim.now;
    const live = this.clients.sessions;
    let moved = 0;
    for (let k = 0; k < live.live; k++) {
      const was = before[k]!;
      if (was >= 0 && this.lb.targetOf(live.liveAt(k), now) !== was) moved++;
    }
    return moved;
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
    const live = this.clients.sessions;
    for (let k = 0; k < live.live; k++) {
      const s = live.liveAt(k);
      if (s.pinnedServer === i) s.pinnedServer = -1;
    }
    this.lb.forgetServer(i);
  }

  scheduleHealthCheck(i: number, delay: number): void {
    this.sim.schedule(delay, EventKind.HealthCheck, i);
  }

  private countSessions(predicate: (s: Session) => boolean): number {
    let n = 0;
    const live = this.clients.sessions;
    for (let k = 0; k < live.live; k++) if (predicate(live.liveAt(k))) n++;
    return n;
  }
}

/** Merge the random failures into the timeline (stable: at equal times, scenario events first). */
function withRandomFailures(events: TimelineEvent[], crashes: RandomCrash[]): ExpandedEvent[] {
  if (crashes.length === 0) return events;
  const out: ExpandedEvent[] = [...events];
  crashes.forEach((c, id) => {
    out.push({ at: c.at, type: 'random-crash', server: c.server, downFor: c.downFor, id });
    out.push({ at: c.at + c.downFor, type: 'random-recover', server: c.server, id });
  });
  return out.map((e, i) => [e, i] as const).sort((a, b) => a[0].at - b[0].at || a[1] - b[1]).map(([e]) => e);
}

/** Crash/outage events with `downFor` become a pair: the failure and its recovery. */
export function expandTimeline(events: readonly TimelineEvent[]): TimelineEvent[] {
  const out: TimelineEvent[] = [];
  for (const e of events) {
    out.push(e);
    if (e.type === 'server-crash' && e.downFor !== null) out.push({ at: e.at + e.downFor, type: 'server-recover', server: e.server });
    if (e.type === 'store-outage' && e.downFor !== null) out.push({ at: e.at + e.downFor, type: 'store-recover' });
    if (e.type === 'store-crash' && e.downFor !== null) out.push({ at: e.at + e.downFor, type: 'store-recover', node: e.node });
    if (e.type === 'token-service-outage' && e.downFor !== null) out.push({ at: e.at + e.downFor, type: 'token-service-recover' });
  }
  // Stable: equal times keep the order the scenario gave.
  return out.map((e, i) => [e, i] as const).sort((a, b) => a[0].at - b[0].at || a[1] - b[1]).map(([e]) => e);
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
