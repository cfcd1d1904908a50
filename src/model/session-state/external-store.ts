/**
 * Session state in a shared store, read and written the way real session middleware does:
 *
 *   express-session + connect-redis   GET; after the handler, SET of the whole session when
 *                                      it changed (or is new, saveUninitialized), else EXPIRE
 *                                      to slide the TTL (resave: false; `resave: true` SETs the
 *                                      unchanged session back). The response waits for the save.
 *                                      Last writer wins for the whole session.
 *   Spring Session (Redis)             HGETALL; then HMSET of the changed attributes (always at
 *                                      least lastAccessedTime) and PEXPIREAT, two round trips.
 *                                      Last writer wins per attribute.
 *   PHP (files handler, phpredis with  lock (SET NX PX), GET, the script runs holding the lock,
 *   locking)                           SET (or EXPIRE when unchanged, lazy_write), unlock. A
 *                                      request that finds the lock taken spins lock_wait_time
 *                                      (20 ms) up to lock_retries (100) times, then its read fails.
 *
 * `conflicts: "compare-and-set"` turns express-session's write into WATCH/GET … MULTI/SET/EXEC:
 * EXEC fails if anything wrote the key since it was read, and the request re-reads and retries.
 *
 * The app server pays JSON parse on read and serialise on write (per KB), and AES-256-GCM
 * both ways when `store.encryption` is on (+28 bytes, then base64: × 4/3). The store's TTL
 * is `store.ttl`; the app's own idle timeout is `servers.sessionIdleTimeout`: a user back
 * after the idle timeout has expired by design, one whose key expired sooner has suffered
 * premature expiry. When the store cannot be reached: `fail-closed` fails the request,
 * `fail-open` serves it with a fresh empty session (the user's state is lost).
 */
import type { Simulator } from '../../engine/simulator.js';
import type { ConflictHandling, CostProfile, SessionMiddleware, StoreConfig } from '../config.js';
import { AES_GCM_OVERHEAD_BYTES, CAS_RETRIES, PHPREDIS_LOCK_EXPIRE, PHPREDIS_LOCK_RETRIES, PHPREDIS_LOCK_WAIT } from '../defaults.js';
import { EventKind } from '../event-kinds.js';
import { Counter, FailureReason, LossCause, type Recorder } from '../recorder.js';
import { ReadResult, WriteResult, type SessionStore } from '../session-store.js';
import type { Request } from '../session.js';
import { KeyGone } from '../store/keyspace.js';
import { ConflictTracker } from './conflicts.js';
import { Step, type SessionStateModel } from './session-state.js';

export const StorePhase = { Loading: 1, Saving: 3 } as const;

/** The app's session cookie carries only an id: `connect.sid=s%3A<24-char id>.<43-char HMAC>`. */
const COOKIE_BYTES = 'connect.sid=s%3A'.length + 32 + 1 + 43;

/** Bytes of a command without a value (`GET sess:<id>`, `EXPIRE …`, lock, unlock) and of a short reply. */
const COMMAND_BYTES = 60;
const SHORT_REPLY_BYTES = 5;
/** Spring Session's lastAccessedTime field in the HMSET delta. */
const LAST_ACCESSED_BYTES = 40;

/** Steps (Request.step) of the store conversation; the jwt model numbers its own from 100. */
const S = {
  None: 0,
  Lock: 1,
  LockSpin: 2,
  Read: 3,
  Write: 10,
  ExpireAt: 11,
  Wait: 12,
  Unlock: 13,
  CasReread: 14,
  Expire: 15,
} as const;

/** What the save writes. */
const W = { Set: 0, Expire: 1, None: 2 } as const;

export interface RequestFailer {
  fail(req: Request, reason: FailureReason): void;
}

export interface ExternalStoreOptions {
  middleware: SessionMiddleware;
  conflicts: ConflictHandling;
  resave: boolean;
  lockWait: number;
  lockRetries: number;
  lockExpire: number;
  casRetries: number;
  /** The app's idle timeout (servers.sessionIdleTimeout). */
  idleTimeout: number;
  /** Serialised session size (clients.sessionData). */
  sessionBytes: number;
  /** Attributes per session (Spring Session's per-attribute writes). */
  attributes: number;
  /** Requests of one session can overlap. */
  concurrent: boolean;
  costs: CostProfile;
}

/** Options for the foundation's defaults: express-session, last writer wins. */
export function defaultExternalOptions(idleTimeout: number, sessionBytes: number, costs: CostProfile): ExternalStoreOptions {
  return {
    middleware: 'express-session',
    conflicts: 'last-writer-wins',
    resave: false,
    lockWait: PHPREDIS_LOCK_WAIT,
    lockRetries: PHPREDIS_LOCK_RETRIES,
    lockExpire: PHPREDIS_LOCK_EXPIRE,
    casRetries: CAS_RETRIES,
    idleTimeout,
    sessionBytes,
    attributes: 1,
    concurrent: false,
    costs,
  };
}

/** Bytes of the serialised session as stored: encrypted sessions grow by 28 bytes, then base64 (× 4/3). */
export function storedBytes(sessionBytes: number, encryption: boolean): number {
  return encryption ? 4 * Math.ceil((sessionBytes + AES_GCM_OVERHEAD_BYTES) / 3) : sessionBytes;
}

export class ExternalStoreSessionState implements SessionStateModel {
  readonly where: string;
  readonly stateOnServers = false;
  readonly bytesPerRequest = COOKIE_BYTES;
  private readonly conflicts: ConflictTracker;
  private readonly valueBytes: number;
  private readonly readCpu: number;
  private readonly writeCpu: number;
  private readonly locking: boolean;
  private readonly cas: boolean;
  private readonly spring: boolean;
  private readonly storeConfig: StoreConfig;

  constructor(
    private readonly sim: Simulator,
    private readonly store: SessionStore,
    private readonly options: ExternalStoreOptions,
    private readonly recorder: Recorder,
    private readonly failer: RequestFailer,
  ) {
    const cfg = store.config;
    this.storeConfig = cfg;
    this.spring = options.middleware === 'spring-session';
    this.locking = options.conflicts === 'lock';
    this.cas = options.conflicts === 'compare-and-set';
    this.conflicts = new ConflictTracker(this.spring ? options.attributes : 1, options.concurrent);
    this.valueBytes = storedBytes(options.sessionBytes, cfg.encryption);
    const kb = options.sessionBytes / 1024;
    const crypto = cfg.encryption ? options.costs.aesGcmPerKB * (this.valueBytes / 1024) : 0;
    this.readCpu = options.costs.jsonParsePerKB * kb + crypto;
    this.writeCpu = options.costs.jsonSerializePerKB * kb + crypto;
    this.where = `in the shared session store (${options.middleware}, ${options.conflicts})`;
  }

  // ── load: (lock,) read ───────────────────────────────────────────────────

  load(req: Request, now: number): Step {
    const session = req.session;
    req.storeNode = this.store.nodeFor(session);
    // The app's CPU for this request's session handling, paid while it holds its worker.
    if (session.hasState) req.extraCpu += this.readCpu;
    if (req.isWrite || !session.hasState || this.options.resave) req.extraCpu += this.writeCpu;
    return this.locking ? this.sendLock(req, now) : this.sendRead(req, now);
  }

  private sendLock(req: Request, now: number): Step {
    return this.send(req, now, COMMAND_BYTES, SHORT_REPLY_BYTES, 1, S.Lock);
  }

  private sendRead(req: Request, now: number): Step {
    // WATCH + GET for compare-and-set (pipelined: one round trip, two commands).
    return this.send(req, now, COMMAND_BYTES, this.valueBytes, this.cas ? 2 : 1, S.Read);
  }

  // ── save: write, (PEXPIREAT,) (WAIT,) (unlock) ───────────────────────────

  save(req: Request, now: number): Step {
    if (req.failedOpen) return Step.Continue;
    return this.sendWrite(req, now);
  }

  private writeKind(req: Request): number {
    if (this.spring) return W.Set; // HMSET of the delta: lastAccessedTime at least
    if (req.isWrite || req.sessionIsNew || this.options.resave) return W.Set;
    // express-session touch / PHP lazy_write timestamp update; nothing to refresh with an absolute TTL.
    return this.storeConfig.ttlMode === 'rolling' ? W.Expire : W.None;
  }

  private sendWrite(req: Request, now: number): Step {
    const kind = this.writeKind(req);
    if (kind === W.None) {
      req.replicatedAt = -1;
      return this.afterWrite(req, now, S.Write);
    }
    let up = COMMAND_BYTES;
    if (kind === W.Set) {
      if (this.spring) up += LAST_ACCESSED_BYTES + (req.isWrite ? this.valueBytes / this.options.attributes : 0) + (req.sessionIsNew ? this.valueBytes : 0);
      else up += this.valueBytes;
    }
    // MULTI / SET / EXEC for compare-and-set: three commands, one round trip.
    const commands = this.cas && kind === W.Set ? 3 : 1;
    return this.send(req, now, up, SHORT_REPLY_BYTES, commands, kind === W.Expire ? S.Expire : S.Write);
  }

  /** After the write: Spring's PEXPIREAT, then WAIT for replicas, then the PHP unlock. */
  private afterWrite(req: Request, now: number, done: number): Step {
    if (done <= S.Write && this.spring) return this.send(req, now, COMMAND_BYTES, SHORT_REPLY_BYTES, 1, S.ExpireAt);
    if (done <= S.ExpireAt && this.storeConfig.waitReplicas > 0 && req.replicatedAt >= 0) {
      const store = this.store;
      if (!store.reachable(req.storeNode)) return this.unreachable(req, now);
      this.sending(req, S.Wait);
      store.sendWait(req.storeNode, now, req.replicatedAt, req);
      return Step.Wait;
    }
    if (done <= S.Wait && this.locking) return this.send(req, now, COMMAND_BYTES, SHORT_REPLY_BYTES, 1, S.Unlock);
    return Step.Continue;
  }

  // ── replies ─────────────────────────────────────────────────────────────

  resume(req: Request, now: number): Step {
    const step = req.step;
    if (step === S.LockSpin) return this.sendLock(req, now);
    const store = this.store;
    const node = store.nodes[req.storeNode]!;
    if (!store.reachable(req.storeNode) || req.storeEpoch !== node.epoch) {
      store.connectFailed(req.storeNode, now);
      return this.unreachable(req, now);
    }
    const session = req.session;
    switch (step) {
      case S.Lock: {
        if (session.lockOwner >= 0 && session.lockOwner !== req.serial && session.lockUntil > now) {
          // phpredis: lock taken; sleep lock_wait_time and try again, lock_retries times.
          if (req.retries === 0) req.waitSince = now;
          if (++req.retries > this.options.lockRetries) {
            this.failer.fail(req, FailureReason.LockTimeout);
            return Step.Failed;
          }
          req.step = S.LockSpin;
          req.storeTime += this.options.lockWait;
          this.sim.scheduleAt(now + this.options.lockWait, EventKind.StoreReply, req.id);
          return Step.Wait;
        }
        session.lockOwner = req.serial;
        session.lockUntil = now + this.options.lockExpire;
        if (req.retries > 0) {
          this.recorder.count(now, Counter.LockWaits, 1);
          this.recorder.count(now, Counter.LockWaitSeconds, now - req.waitSince);
          req.retries = 0;
        }
        return this.sendRead(req, now);
      }
      case S.Read:
        this.checkRead(req, now);
        return Step.Continue;
      case S.CasReread:
        this.conflicts.read(req);
        return this.sendWrite(req, now);
      case S.Write:
        return this.landWrite(req, now);
      case S.Expire:
        store.touch(req.storeNode, session, now);
        this.conflicts.touch(session);
        session.lastAccess = now;
        req.replicatedAt = -1;
        return this.afterWrite(req, now, S.Write);
      case S.ExpireAt:
        store.touch(req.storeNode, session, now);
        return this.afterWrite(req, now, S.ExpireAt);
      case S.Wait:
        if (!req.waitOk || !store.replicated(req.storeNode, req.replicatedAt)) {
          // WAIT returned fewer replicas than asked: the app reports an error rather than
          // pretend the write is safe (it stays on the primary and may yet be lost).
          this.failer.fail(req, FailureReason.StoreNotEnoughReplicas);
          return Step.Failed;
        }
        session.storeSerial = req.pendingSerial;
        session.hasState = true;
        return this.afterWrite(req, now, S.Wait);
      case S.Unlock:
        if (session.lockOwner === req.serial) session.lockOwner = -1;
        return Step.Continue;
      default:
        return Step.Continue;
    }
  }

  /** The read landed: was the session there, fresh, as the user left it? */
  private checkRead(req: Request, now: number): void {
    const session = req.session;
    const store = this.store;
    const found = store.read(req.storeNode, session, now);
    this.conflicts.read(req);
    if (!session.hasState) {
      req.sessionIsNew = true;
      return;
    }
    if (now - session.lastAccess > this.options.idleTimeout) {
      // Back after the app's idle timeout: the cookie has expired, a new session starts by design.
      this.recorder.sessionExpired(session, now);
      req.sessionIsNew = true;
      return;
    }
    if (found === ReadResult.Fresh) {
      store.used(req.storeNode, session, now);
      return;
    }
    if (found === ReadResult.Missing) {
      req.sessionIsNew = true;
      const why = store.goneReason(req.storeNode, session);
      this.recorder.sessionLost(session, why === KeyGone.Expired ? LossCause.PrematureExpiry : LossCause.StoreLoss, now);
    } else {
      // An older version: the latest write was lost (failover, a re-homed key's old copy).
      this.recorder.sessionLost(session, LossCause.StoreLoss, now);
    }
  }

  private landWrite(req: Request, now: number): Step {
    const session = req.session;
    const store = this.store;
    if (this.cas && this.conflicts.changedSinceRead(req)) {
      // EXEC returned nil: someone wrote the key since our WATCH. Read again and retry.
      if (++req.retries > this.options.casRetries) {
        this.failer.fail(req, FailureReason.WriteConflict);
        return Step.Failed;
      }
      this.recorder.count(now, Counter.CasRetries, 1);
      return this.send(req, now, COMMAND_BYTES, this.valueBytes, 2, S.CasReread);
    }
    const modifies = req.isWrite || req.sessionIsNew;
    const result = this.spring && !modifies
      ? this.touchOnly(req, now)
      : store.write(req.storeNode, session, now, this.valueBytes);
    if (result === WriteResult.OutOfMemory) {
      this.failer.fail(req, FailureReason.StoreOutOfMemory);
      return Step.Failed;
    }
    if (result === WriteResult.NotEnoughReplicas) {
      this.failer.fail(req, FailureReason.StoreNotEnoughReplicas);
      return Step.Failed;
    }
    if (!(this.spring && !modifies)) {
      req.replicatedAt = store.replicatedAt;
      // Acknowledged now, or (with WAIT) once enough replicas have it.
      if (this.storeConfig.waitReplicas > 0) req.pendingSerial = store.lastSerial;
      else {
        session.storeSerial = store.lastSerial;
        session.hasState = true;
      }
      const lost = this.conflicts.write(req, modifies);
      if (lost > 0) this.recorder.count(now, Counter.LostUpdates, lost);
    } else {
      req.replicatedAt = -1;
    }
    session.lastAccess = now;
    return this.afterWrite(req, now, S.Write);
  }

  /** Spring Session without a change: HMSET of lastAccessedTime only. */
  private touchOnly(req: Request, now: number): WriteResult {
    this.store.used(req.storeNode, req.session, now);
    this.conflicts.touch(req.session);
    return WriteResult.Ok;
  }

  // ── plumbing ────────────────────────────────────────────────────────────

  private send(req: Request, now: number, up: number, down: number, commands: number, step: number): Step {
    const store = this.store;
    if (!store.reachable(req.storeNode)) {
      store.connectFailed(req.storeNode, now);
      return this.unreachable(req, now);
    }
    this.sending(req, step);
    store.send(req.storeNode, now, up, down, commands, req);
    return Step.Wait;
  }

  /** The request now waits for the reply of `step` (World.resume fires on EventKind.StoreReply). */
  private sending(req: Request, step: number): void {
    req.step = step;
    req.storeEpoch = this.store.nodes[req.storeNode]!.epoch;
  }

  /** The store cannot be reached: fail the request, or (fail-open) go on without the session. */
  private unreachable(req: Request, now: number): Step {
    if (this.storeConfig.unreachable === 'fail-closed') {
      this.failer.fail(req, FailureReason.StoreUnavailable);
      return Step.Failed;
    }
    const session = req.session;
    if (req.phase === StorePhase.Loading) {
      // Served with a fresh empty session (a new id): whatever the user had is gone.
      if (session.hasState && now - session.lastAccess <= this.options.idleTimeout) this.recorder.sessionLost(session, LossCause.StoreLoss, now);
      session.hasState = false;
      req.failedOpen = true;
      return Step.Continue;
    }
    // The save could not land: the user's change (or new session) is silently gone.
    if (req.isWrite || req.sessionIsNew) {
      if (session.hasState) this.recorder.sessionLost(session, LossCause.StoreLoss, now);
      session.hasState = false;
    }
    return Step.Continue;
  }
}
