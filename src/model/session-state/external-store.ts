/**
 * Session state in a shared store, read and written the way express-session +
 * connect-redis do it: a GET when the request starts; after the handler, a SET of the
 * whole session when it changed, else an EXPIRE to slide the TTL (`resave: false`,
 * "touch"); the response waits for that save. The store's TTL equals the application's
 * idle timeout (connect-redis derives it from the cookie's maxAge).
 * When the store cannot be reached the request fails (fail-closed).
 */
import type { Simulator } from '../../engine/simulator.js';
import { EventKind } from '../event-kinds.js';
import { FailureReason, LossCause, type Recorder } from '../recorder.js';
import type { SessionStore } from '../session-store.js';
import type { Request } from '../session.js';
import { Step, type SessionStateModel } from './session-state.js';

export const StorePhase = { Loading: 1, Saving: 3 } as const;

/** The app's session cookie carries only an id: `connect.sid=s%3A<24-char id>.<43-char HMAC>`. */
const COOKIE_BYTES = 'connect.sid=s%3A'.length + 32 + 1 + 43;

export interface RequestFailer {
  fail(req: Request, reason: FailureReason): void;
}

export class ExternalStoreSessionState implements SessionStateModel {
  readonly where = 'in the shared session store';
  readonly stateOnServers = false;
  readonly bytesPerRequest = COOKIE_BYTES;

  constructor(
    private readonly sim: Simulator,
    private readonly store: SessionStore,
    private readonly ttl: number,
    private readonly recorder: Recorder,
    private readonly failer: RequestFailer,
  ) {}

  load(req: Request, now: number): Step {
    return this.sendOperation(req, now);
  }

  save(req: Request, now: number): Step {
    return this.sendOperation(req, now);
  }

  resume(req: Request, now: number): Step {
    const store = this.store;
    if (!store.available || req.storeEpoch !== store.outageEpoch) {
      this.failer.fail(req, FailureReason.StoreUnavailable);
      return Step.Failed;
    }
    const session = req.session;
    if (req.phase === StorePhase.Loading) {
      if (session.hasState) {
        if (now - session.lastAccess > this.ttl) this.recorder.sessionExpired(session, now);
        else if (session.storeGeneration !== store.generation) this.recorder.sessionLost(session, LossCause.StoreLoss, now);
      }
    } else {
      // The SET (or EXPIRE) landed: the store now holds the session with a fresh TTL.
      session.hasState = true;
      session.storeGeneration = store.generation;
      session.lastAccess = now;
    }
    return Step.Continue;
  }

  private sendOperation(req: Request, now: number): Step {
    const store = this.store;
    if (!store.available) {
      this.failer.fail(req, FailureReason.StoreUnavailable);
      return Step.Failed;
    }
    const replyAt = store.send(now);
    req.storeEpoch = store.outageEpoch;
    req.storeQueueDelay += store.lastQueueDelay;
    this.recorder.storeOperation(now, store.lastQueueDelay);
    this.sim.scheduleAt(replyAt, EventKind.StoreReply, req.id);
    return Step.Wait;
  }
}
