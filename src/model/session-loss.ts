/**
 * Users who lose their session (`clients.onSessionLoss`). `continue` is the foundation's
 * model: the user carries on as if nothing happened (the server quietly starts a new session).
 * `relogin`: the login page comes back instead, the user signs in again — one more request, a
 * form post whose server time is the password check (`clients.relogin.serviceTime`, bcrypt
 * cost 10 by default), that writes the new session (a store write for `external`) and, for
 * `jwt`, is where the token service issues a new token — and is then redirected to the page
 * they wanted (Post/Redirect/Get: no think time after the login). After a crash every user of
 * the dead server does this within a think time: a login storm. `abandon`: with probability
 * `clients.relogin.abandonProbability` the user leaves instead (no more requests: a lost
 * conversion), otherwise logs in again.
 *
 * The state models report losses through the Recorder; this wrapper notes the sessions (the
 * metrics recorder, a probe or a test recorder then see the same model behaviour). It costs
 * nothing when `onSessionLoss` is `continue`: the world does not create it.
 */
import { makeDistribution, type Distribution } from '../engine/distributions.js';
import type { RandomStream } from '../engine/random.js';
import type { ClientConfig } from './config.js';
import { Counter, type EventRecord, type FailureReason, type Gauge, type LossCause, type Recorder } from './recorder.js';
import type { Request, Session } from './session.js';

/** bcrypt cost 10 (Spring Security's BCryptPasswordEncoder default strength, the bcrypt npm examples' rounds): ≈ 50–100 ms per check on a server core. */
export const DEFAULT_LOGIN_SERVICE_TIME = 0.075;
/** Our choice: one user in four gives up when sent back to the login page. */
export const DEFAULT_ABANDON_PROBABILITY = 0.25;

export class SessionLossWatch implements Recorder {
  /** Sessions that found their state gone since their last request ended. */
  readonly lostSince = new Set<number>();
  /** Sessions whose next request is the login. */
  readonly loginNext = new Set<number>();
  private readonly loginTime: Distribution;
  private readonly abandonProbability: number;
  serverBilled?: Recorder['serverBilled'];
  nextWorkSample?: Recorder['nextWorkSample'];
  workSample?: Recorder['workSample'];

  constructor(
    readonly inner: Recorder,
    clients: ClientConfig,
    /** "session-loss": login times and abandon draws, in the order losses happen. */
    private readonly random: RandomStream,
  ) {
    this.loginTime = makeDistribution(clients.relogin?.serviceTime ?? { dist: 'constant', value: DEFAULT_LOGIN_SERVICE_TIME });
    this.abandonProbability = clients.onSessionLoss === 'abandon' ? (clients.relogin?.abandonProbability ?? DEFAULT_ABANDON_PROBABILITY) : 0;
    if (inner.serverBilled !== undefined) this.serverBilled = inner.serverBilled.bind(inner);
    if (inner.nextWorkSample !== undefined) this.nextWorkSample = inner.nextWorkSample.bind(inner);
    if (inner.workSample !== undefined) this.workSample = inner.workSample.bind(inner);
  }

  sessionLost(session: Session, cause: LossCause, now: number): void {
    this.inner.sessionLost(session, cause, now);
    this.lostSince.add(session.id);
  }

  /**
   * The request that found the loss has ended (requestsLeft not yet counted down): the user
   * leaves (true) or has a login queued as their next request (requestsLeft one higher).
   */
  decide(session: Session, now: number): boolean {
    this.lostSince.delete(session.id);
    // Their last page anyway: nothing more to log in for.
    if (session.requestsLeft <= 1 || this.loginNext.has(session.id)) return false;
    if (this.abandonProbability > 0 && this.random.next() < this.abandonProbability) {
      this.inner.count(now, Counter.AbandonedSessions, 1);
      session.requestsLeft = 1;
      return true;
    }
    this.loginNext.add(session.id);
    session.requestsLeft++;
    return false;
  }

  /** Fill in the login request (instead of the user's drawn page request: their own draws stay aligned). */
  prepareLogin(req: Request, now: number): void {
    req.serviceTime = this.loginTime.sample(this.random.next());
    // The login writes the new session (a SET for a store); its response redirects at once.
    req.isWrite = true;
    req.thinkTime = 0;
    req.page = 0;
    req.noSessionId = false;
    req.attribute = 0;
    // The login issues new credentials whatever the client still holds: for jwt the token
    // service signs a new token (signed-token.ts logs in a client without one), so a user whose
    // session data was lost (data: "store") takes the token service's path too, as a login does.
    req.session.hasToken = false;
    this.inner.count(now, Counter.Relogins, 1);
  }

  sessionStarted(session: Session, now: number): void {
    this.inner.sessionStarted(session, now);
  }
  sessionEnded(session: Session, now: number): void {
    this.lostSince.delete(session.id);
    this.loginNext.delete(session.id);
    this.inner.sessionEnded(session, now);
  }
  sessionExpired(session: Session, now: number): void {
    this.inner.sessionExpired(session, now);
  }
  requestCompleted(now: number, latency: number, server: number): void {
    this.inner.requestCompleted(now, latency, server);
  }
  requestFailed(now: number, reason: FailureReason, server: number): void {
    this.inner.requestFailed(now, reason, server);
  }
  storeOperation(now: number, queueDelay: number): void {
    this.inner.storeOperation(now, queueDelay);
  }
  serverAvailability(now: number, server: number, alive: boolean): void {
    this.inner.serverAvailability(now, server, alive);
  }
  event(record: EventRecord): void {
    this.inner.event(record);
  }
  count(now: number, counter: Counter, amount: number): void {
    this.inner.count(now, counter, amount);
  }
  gauge(now: number, gauge: Gauge, value: number): void {
    this.inner.gauge(now, gauge, value);
  }
}
