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
import { ClientPopulation } from './client-population.js';
import { EventKind } from './event-kinds.js';
import { HealthChecker, HealthTransition } from './load-balancer/health-check.js';
import type { LoadBalancer } from './load-balancer/load-balancer.js';
import { Counter, FailureReason, type Recorder } from './recorder.js';
import { Server } from './server.js';
import type { SessionStore } from './session-store.js';
import { RequestPool, type Request, type Session } from './session.js';
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
}

/** Build the shared parts (simulator, servers, health checker) a strategy wires into. */
export function createWorldBase(config: SimulationConfig, streams: RandomStreams, recorder: Recorder): WorldOptions {
  const servers = Array.from({ length: config.servers.count }, (_, i) => new Server(i, config.servers));
  return {
    config,
    streams,
    recorder,
    sim: new Simulator(1 << 14),
    servers,
    health: new HealthChecker(servers.length, config.loadBalancer.healthCheck),
  };
}

type ExpandedEvent = TimelineEvent;

export class World {
  readonly sim: Simulator;
  readonly servers: Server[];
  readonly health: HealthChecker;
  readonly clients: ClientPopulation;
  readonly lb: LoadBalancer;
  readonly state: SessionStateModel;
  readonly store: SessionStore | null;
  private readonly recorder: Recorder;
  private readonly config: SimulationConfig;
  private readonly requests = new RequestPool();
  /** Sessions in progress, by id. */
  private readonly active = new Map<number, Session>();
  private readonly timeline: ExpandedEvent[];
  /** Per server: when it crashed (for detection time) and requests failed since. */
  private readonly crashedAt: Float64Array;
  private readonly failedSinceCrash: Int32Array;

  constructor(base: WorldOptions, parts: StrategyParts) {
    this.sim = base.sim;
    this.servers = base.servers;
    this.health = base.health;
    this.recorder = base.recorder;
    this.config = base.config;
    this.lb = parts.loadBalancer;
    this.state = parts.state;
    this.store = parts.store;
    this.clients = new ClientPopulation(
      base.config.clients,
      base.config.servers,
      base.streams.stream('arrivals'),
      base.streams.stream('sessions'),
      base.streams.stream('revocations'),
    );
    this.timeline = expandTimeline(base.config.events);
    this.crashedAt = new Float64Array(this.servers.length).fill(-1);
    this.failedSinceCrash = new Int32Array(this.servers.length);

    const sim = this.sim;
    sim.on(EventKind.SessionArrival, this.onSessionArrival.bind(this));
    sim.on(EventKind.ClientSend, this.onClientSend.bind(this));
    sim.on(EventKind.ServiceDone, this.onServiceDone.bind(this));
    sim.on(EventKind.StoreReply, this.onStoreReply.bind(this));
    sim.on(EventKind.HealthCheck, this.onHealthCheck.bind(this));
    sim.on(EventKind.Timeline, this.onTimeline.bind(this));
    sim.on(EventKind.CompanionSend, this.onCompanionSend.bind(this));
    sim.on(EventKind.Revocation, this.onRevocation.bind(this));
  }

  /** Run the scenario to its end. */
  run(): void {
    const sim = this.sim;
    sim.schedule(this.clients.nextInterarrival(), EventKind.SessionArrival);
    for (let i = 0; i < this.servers.length; i++) {
      this.recorder.serverAvailability(0, i, true);
      sim.schedule(this.health.firstCheckAt(i), EventKind.HealthCheck, i);
    }
    for (let k = 0; k < this.timeline.length; k++) sim.scheduleAt(this.timeline[k]!.at, EventKind.Timeline, k);
    sim.run(this.config.duration);
  }

  /** Sessions in progress now. */
  get activeSessions(): number {
    return this.active.size;
  }

  // ── users ────────────────────────────────────────────────────────────────

  private onSessionArrival(): void {
    const now = this.sim.now;
    if (now < this.config.duration) this.sim.schedule(this.clients.nextInterarrival(), EventKind.SessionArrival);
    const session = this.clients.createSession(now);
    this.active.set(session.id, session);
    this.recorder.sessionStarted(session, now);
    const revokeAfter = this.clients.revocationDelay();
    if (revokeAfter >= 0) this.sim.schedule(revokeAfter, EventKind.Revocation, session.id);
    this.send(session);
  }

  /** A logout everywhere or a ban: the strategy decides what still accepts the user. */
  private onRevocation(sessionId: number): void {
    const session = this.active.get(sessionId);
    if (session === undefined) return;
    session.revokedAt = this.sim.now;
    this.recorder.count(this.sim.now, Counter.Revocations, 1);
    this.state.onRevoked?.(session, this.sim.now);
  }

  private onClientSend(sessionId: number): void {
    const session = this.active.get(sessionId);
    if (session !== undefined) this.send(session);
  }

  private send(session: Session): void {
    const now = this.sim.now;
    const req = this.requests.acquire(session, now);
    this.clients.prepareRequest(req);
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
    this.dispatch(req);
    if (delay === 0) this.dispatch(c);
    else this.sim.schedule(delay, EventKind.CompanionSend, c.id);
  }

  private onCompanionSend(id: number): void {
    const c = this.requests.all[id]!;
    c.start = this.sim.now;
    this.dispatch(c);
  }

  private dispatch(req: Request): void {
    const session = req.session;
    const s = this.lb.route(session);
    if (s < 0) {
      this.fail(req, FailureReason.NoServer);
      return;
    }
    req.server = s;
    const server = this.servers[s]!;
    if (!server.alive) {
      // Marked UP but dead: connection refused or timed out.
      this.failedSinceCrash[s]!++;
      this.fail(req, FailureReason.ServerDead);
      return;
    }
    req.serverIncarnation = server.incarnation;
    if (server.hasIdleWorker()) this.startService(req);
    else if (!server.enqueue(req.id)) this.fail(req, FailureReason.QueueFull);
  }

  /** After the response (or failure) of `req`: think, then the next request, or the end. */
  private next(req: Request): void {
    const session = req.session;
    const think = req.thinkTime;
    this.state.end?.(req, this.sim.now);
    this.requests.release(req);
    if (req.companion) return;
    if (--session.requestsLeft > 0) {
      this.sim.schedule(think, EventKind.ClientSend, session.id);
    } else {
      this.active.delete(session.id);
      this.recorder.sessionEnded(session, this.sim.now);
    }
  }

  // ── server pipeline ──────────────────────────────────────────────────────

  private startService(req: Request): void {
    this.servers[req.server]!.busy++;
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
    this.recorder.requestFailed(this.sim.now, FailureReason.ServerCrashed, req.server);
    this.next(req);
    return true;
  }

  private answer(req: Request): void {
    const now = this.sim.now;
    const server = this.servers[req.server]!;
    server.handled++;
    this.recorder.requestCompleted(now, now - req.start, req.server);
    if (req.storeTime > 0) this.recorder.count(now, Counter.StoreSeconds, req.storeTime);
    this.lb.bind(req.session, req.server);
    this.releaseWorker(server);
    this.next(req);
  }

  /** Fail a request; frees its worker when it held one. */
  fail(req: Request, reason: FailureReason): void {
    this.recorder.requestFailed(this.sim.now, reason, req.server);
    if (req.phase !== Phase.Routing) this.releaseWorker(this.servers[req.server]!);
    this.next(req);
  }

  private releaseWorker(server: Server): void {
    server.busy--;
    const nextId = server.dequeue();
    if (nextId >= 0) this.startService(this.requests.all[nextId]!);
  }

  // ── health checks and the scenario's timeline ───────────────────────────

  private onHealthCheck(i: number): void {
    const now = this.sim.now;
    const transition = this.health.observe(i, this.servers[i]!.alive);
    if (transition === HealthTransition.MarkedDown) {
      const crashed = this.crashedAt[i]!;
      this.recorder.event({
        at: now,
        type: 'server-marked-down',
        details: {
          server: i,
          detectionSeconds: crashed >= 0 ? round3(now - crashed) : -1,
          requestsFailedBeforeDetection: this.failedSinceCrash[i]!,
        },
      });
    } else if (transition === HealthTransition.MarkedUp) {
      this.recorder.event({ at: now, type: 'server-marked-up', details: { server: i } });
    }
    this.sim.schedule(this.health.config.interval, EventKind.HealthCheck, i);
  }

  private onTimeline(k: number): void {
    const e = this.timeline[k]!;
    const now = this.sim.now;
    switch (e.type) {
      case 'server-crash': {
        const server = this.servers[e.server]!;
        if (!server.alive) return;
        const withState = this.countSessions((s) => s.hasState && s.stateServer === e.server && s.stateIncarnation === server.incarnation && this.state.stateOnServers);
        const pinned = this.countSessions((s) => s.pinnedServer === e.server);
        const inService = server.busy;
        const queued = server.crash();
        for (const id of queued) {
          const req = this.requests.all[id]!;
          this.recorder.requestFailed(now, FailureReason.ServerCrashed, req.server);
          this.next(req);
        }
        this.crashedAt[e.server] = now;
        this.failedSinceCrash[e.server] = 0;
        this.recorder.serverAvailability(now, e.server, false);
        this.recorder.event({
          at: now,
          type: 'server-crash',
          details: {
            server: e.server,
            activeSessions: this.active.size,
            sessionsWithStateOnServer: withState,
            sessionsPinnedToServer: pinned,
            requestsInFlight: inService + queued.length,
          },
        });
        return;
      }
      case 'server-recover': {
        const server = this.servers[e.server]!;
        if (server.alive) return;
        server.recover();
        this.recorder.serverAvailability(now, e.server, true);
        this.recorder.event({ at: now, type: 'server-recover', details: { server: e.server } });
        return;
      }
      case 'store-outage': {
        if (this.store === null || !this.store.available) return;
        this.store.fail(e.flush);
        this.recorder.event({ at: now, type: 'store-outage', details: { flush: e.flush, activeSessions: this.active.size } });
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
        this.recorder.event({ at: now, type: e.type, details: { ...details, activeSessions: this.active.size } });
        return;
      }
      default: {
        // Token service and key events: the strategy's state model says what they did.
        const details = this.state.onScenarioEvent?.(e, now) ?? { usesTokens: false };
        this.recorder.event({ at: now, type: e.type, details });
        return;
      }
    }
  }

  private countSessions(predicate: (s: Session) => boolean): number {
    let n = 0;
    for (const s of this.active.values()) if (predicate(s)) n++;
    return n;
  }
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
