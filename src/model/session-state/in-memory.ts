/**
 * Session state in the memory of the server that handled the request (sticky strategies).
 * A request that lands where the state is not finds an empty session: the state stayed
 * on another server (affinity broken) or died with it (server crash).
 *
 * Concurrent requests of one session on one server share the same session object (two
 * threads, one map): each reads an attribute when it starts and writes it when it ends,
 * so two overlapping writes of the same attribute lose one (Tomcat and Jetty do not
 * serialise requests of a session). With `servers.serializeSessionRequests` the server
 * holds a per-session lock for the whole request, as PHP's files handler and ASP.NET's
 * in-process session state do: the second request waits, holding its worker.
 */
import type { Simulator } from '../../engine/simulator.js';
import { EventKind } from '../event-kinds.js';
import { Counter, LossCause, type Recorder } from '../recorder.js';
import type { Server } from '../server.js';
import type { Request } from '../session.js';
import { ConflictTracker } from './conflicts.js';
import { Step, type SessionStateModel } from './session-state.js';

/** Bytes of an inserted server cookie, e.g. `SERVERID=s2` plus the app's session cookie `JSESSIONID=<32 hex>`. */
const COOKIE_BYTES = 'SERVERID=s2; JSESSIONID=0123456789ABCDEF0123456789ABCDEF'.length;

/** Step of a request waiting for the server's per-session lock. */
const WAITING_FOR_LOCK = 1;

export interface InMemoryOptions {
  /** Requests of one session can overlap (clients.concurrency.share > 0). */
  concurrent: boolean;
  /** Attributes per session (per-attribute conflicts). */
  attributes: number;
  /** The server serialises requests of one session (servers.serializeSessionRequests). */
  serialize: boolean;
  sim: Simulator;
}

export class InMemorySessionState implements SessionStateModel {
  readonly where = 'in the memory of the server that handles the session';
  readonly stateOnServers = true;
  readonly bytesPerRequest = COOKIE_BYTES;
  private readonly conflicts: ConflictTracker;
  private readonly concurrent: boolean;
  private readonly serialize: boolean;
  private readonly sim: Simulator | null;
  /** Only with the per-session lock: a request's end hands the lock on. */
  readonly end?: (req: Request, now: number) => void;

  constructor(
    private readonly servers: Server[],
    private readonly idleTimeout: number,
    private readonly recorder: Recorder,
    options?: InMemoryOptions,
  ) {
    this.conflicts = new ConflictTracker(options?.attributes ?? 1, options?.concurrent ?? false);
    this.concurrent = options?.concurrent ?? false;
    this.serialize = (options?.serialize ?? false) && this.concurrent;
    this.sim = options?.sim ?? null;
    if (this.serialize) this.end = this.release.bind(this);
  }

  load(req: Request, now: number): Step {
    if (this.serialize) {
      const session = req.session;
      const holder = session.localLockHolder;
      if (holder !== null && holder.server === req.server) {
        // Another request of this session holds the server's lock: queue behind it.
        req.step = WAITING_FOR_LOCK;
        req.waitSince = now;
        req.nextWaiter = null;
        if (session.waitTail === null) session.waitHead = req;
        else session.waitTail.nextWaiter = req;
        session.waitTail = req;
        return Step.Wait;
      }
      session.localLockHolder = req;
    }
    this.read(req, now);
    return Step.Continue;
  }

  private read(req: Request, now: number): void {
    const session = req.session;
    const server = req.server;
    if (req.noSessionId) {
      // URL rewriting, a link without the id: this page finds no session wherever it lands, but
      // the user's other links still carry the id, so the state stays where it is.
      if (session.hasState && now - session.lastAccess <= this.idleTimeout) this.recorder.sessionLost(session, LossCause.AffinityBroken, now);
      return;
    }
    if (session.hasState) {
      const home = this.servers[session.stateServer]!;
      if (now - session.lastAccess > this.idleTimeout) {
        // The user came back after the idle timeout: expired by design, not lost.
        this.recorder.sessionExpired(session, now);
      } else if (home.incarnation !== session.stateIncarnation) {
        this.recorder.sessionLost(session, LossCause.ServerCrash, now);
      } else if (session.stateServer !== server) {
        this.recorder.sessionLost(session, LossCause.AffinityBroken, now);
      }
    }
    session.hasState = true;
    session.stateServer = server;
    session.stateIncarnation = this.servers[server]!.incarnation;
    session.lastAccess = now;
    if (this.concurrent) this.conflicts.read(req);
  }

  save(req: Request, now: number): Step {
    if (this.concurrent && req.isWrite) {
      const lost = this.conflicts.write(req, true);
      if (lost > 0) this.recorder.count(now, Counter.LostUpdates, lost);
    }
    return Step.Continue;
  }

  /** Woken up: the lock is ours now. */
  resume(req: Request, now: number): Step {
    if (req.step === WAITING_FOR_LOCK) {
      req.step = 0;
      req.session.localLockHolder = req;
      this.recorder.count(now, Counter.LockWaits, 1);
      this.recorder.count(now, Counter.LockWaitSeconds, now - req.waitSince);
      this.read(req, now);
    }
    return Step.Continue;
  }

  private release(req: Request, now: number): void {
    const session = req.session;
    // Failed while waiting (its server crashed): leave the queue, or pass on the lock just handed to it.
    if (req.step === WAITING_FOR_LOCK) this.unlink(req);
    if (session.localLockHolder !== req) return;
    session.localLockHolder = null;
    // Hand the lock to the first waiter on the same server (waiters elsewhere never blocked).
    let w = session.waitHead;
    while (w !== null && w.server !== req.server) w = w.nextWaiter;
    if (w === null) return;
    this.unlink(w);
    session.localLockHolder = w;
    this.sim!.scheduleAt(now, EventKind.StoreReply, w.id);
  }

  private unlink(req: Request): void {
    const session = req.session;
    let prev: Request | null = null;
    for (let w = session.waitHead; w !== null; prev = w, w = w.nextWaiter) {
      if (w !== req) continue;
      if (prev === null) session.waitHead = w.nextWaiter;
      else prev.nextWaiter = w.nextWaiter;
      if (session.waitTail === w) session.waitTail = prev;
      w.nextWaiter = null;
      return;
    }
  }
}
