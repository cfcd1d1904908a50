/**
 * The users: sessions arrive as a Poisson process; each one is given, at birth and from
 * its own seeded generator, everything that describes the user (request count, client
 * IP, whether the browser refuses cookies), and draws per request, always in the same
 * order, its application work, whether it writes the session, and its next think time.
 * So a session behaves identically under every strategy (common random numbers), however
 * the strategies reorder events.
 *
 * With `clients.concurrency.share` > 0 every request also draws, always, six more numbers
 * (whether it fires a parallel request, that request's delay, application time, write and
 * attribute, and its own attribute): a fixed count, so all strategies stay aligned; with
 * the option off nothing more is drawn and runs are identical to the single-stream model.
 * Revocations (logout, ban) are drawn once per session, in arrival order, from their own
 * `revocations` stream.
 */
import { Constant, makeDistribution, type Distribution } from '../engine/distributions.js';
import type { RandomStream } from '../engine/random.js';
import { ArrivalCurve, type RateSegment } from './arrivals.js';
import { ClientNetwork, type ClientNetworkOptions } from './client-network.js';
import type { ClientConfig, ServerConfig } from './config.js';
import { SESSION_ATTRIBUTES } from './defaults.js';
import type { Request, Session } from './session.js';
import { SessionTable } from './session-table.js';

export class ClientPopulation {
  private readonly requestsPerSession: Distribution;
  private readonly thinkTime: Distribution;
  private readonly serviceTime: Distribution;
  /** Constant distributions: their draw is skipped, not made (fixedRequests 0: not constant). */
  private readonly fixedRequests: number;
  private readonly fixedService: boolean;
  private readonly fixedThink: boolean;
  private nextId = 0;
  /** Every session's fields, by slot (slots and Session objects reused, ids never). */
  readonly sessions = new SessionTable();
  /** Share of requests that fire a parallel one (0: single stream, no extra draws). */
  private readonly concurrencyShare: number;
  private readonly companionDelay: Distribution | null;
  private readonly attributes: number;
  private readonly revocationShare: number;
  private readonly revocationAfter: Distribution | null;
  /** Addresses, their changes, pages (client-network.ts). */
  readonly network: ClientNetwork;
  /** A rate that changes over the run (phases, profile), or null for the constant arrivalRate. */
  private readonly curve: ArrivalCurve | null;

  constructor(
    readonly config: ClientConfig,
    servers: ServerConfig,
    /** "arrivals": inter-arrival times. */
    private readonly arrivals: RandomStream,
    /** "sessions": one seed per new session. */
    private readonly sessionSeeds: RandomStream,
    networkOptions: ClientNetworkOptions = { requestKeys: false, urlIds: false },
    /** "revocations": when (and whether) each session is revoked. */
    private readonly revocations: RandomStream | null = null,
    /** The rate over time (arrivals.ts rateSegments), or null for the constant arrivalRate. */
    rate: readonly RateSegment[] | null = null,
  ) {
    this.curve = rate === null ? null : new ArrivalCurve(rate);
    this.network = new ClientNetwork(config.network, networkOptions);
    this.requestsPerSession = makeDistribution(config.requestsPerSession);
    this.thinkTime = makeDistribution(config.thinkTime);
    this.serviceTime = makeDistribution(servers.serviceTime);
    this.fixedRequests = this.requestsPerSession instanceof Constant ? Math.max(1, Math.round(this.requestsPerSession.value)) : 0;
    this.fixedService = this.serviceTime instanceof Constant;
    this.fixedThink = this.thinkTime instanceof Constant;
    this.concurrencyShare = config.concurrency?.share ?? 0;
    this.companionDelay = this.concurrencyShare > 0 ? makeDistribution(config.concurrency!.delay) : null;
    this.attributes = config.sessionAttributes ?? SESSION_ATTRIBUTES;
    this.revocationShare = revocations === null ? 0 : (config.revocation?.share ?? 0);
    this.revocationAfter = this.revocationShare > 0 ? makeDistribution(config.revocation!.after) : null;
  }

  /** Can two requests of one session be in flight at once? */
  get concurrent(): boolean {
    return this.concurrencyShare > 0;
  }

  /** Seconds after its start that `session` is revoked, or -1; two draws per session when revocations are on. */
  revocationDelay(): number {
    if (this.revocationShare <= 0) return -1;
    const r = this.revocations!;
    const revoked = r.next() < this.revocationShare;
    const after = this.revocationAfter!.sample(r.next());
    return revoked ? after : -1;
  }

  /** When the next session starts after `now` (one draw); Infinity when no more will. */
  nextArrivalAt(now: number): number {
    const e = -Math.log(1 - this.arrivals.next());
    return this.curve === null ? now + e / this.config.arrivalRate : this.curve.nextAfter(now, e);
  }

  /** A new user session born at `now`: always four draws, in this order. */
  createSession(now: number): Session {
    const seed = this.sessionSeeds.nextInt32(); // the generator's state is these 32 bits, signed
    // Ids are never reused: they are the session id the balancer hashes and the store keys on.
    if (this.nextId > 0x7fffffff) throw new RangeError('more than 2^31 sessions in one run');
    const s = this.sessions.open(this.nextId++, now, seed);
    const net = this.config.network;
    // A draw whose value cannot matter is skipped, not made (Session.skip: the same state after).
    if (this.fixedRequests > 0) {
      s.requestsLeft = this.fixedRequests;
      s.skip(1);
    } else {
      s.requestsLeft = Math.max(1, Math.round(this.requestsPerSession.sample(s.next())));
    }
    let uNat = 1; // ≥ any natShare ≤ 0: not behind NAT
    if (net.natShare > 0) uNat = s.next();
    else s.skip(1);
    const uAddress = s.next();
    s.ip = this.network.address(uNat, uAddress);
    if (net.cookieRefusal > 0) s.refusesCookies = s.next() < net.cookieRefusal;
    else s.skip(1); // refusesCookies stays false (SessionPage.init)
    this.network.initSession(s, seed, now);
    return s;
  }

  /** Draw the per-request figures, always three draws in this order (a constant's skipped). */
  prepareRequest(req: Request): void {
    const s = req.session;
    if (this.fixedService) {
      req.serviceTime = this.serviceTime.mean;
      s.skip(1);
    } else {
      req.serviceTime = this.serviceTime.sample(s.next());
    }
    req.isWrite = s.next() < this.config.writeRatio;
    if (this.fixedThink) {
      req.thinkTime = this.thinkTime.mean;
      s.skip(1);
    } else {
      req.thinkTime = this.thinkTime.sample(s.next());
    }
    if (this.concurrencyShare > 0) this.prepareParallel(req);
  }

  /** Always six more draws, in this order, whether or not a parallel request fires. */
  private prepareParallel(req: Request): void {
    const rng = req.session.rng;
    const fires = rng.next() < this.concurrencyShare;
    const delay = this.companionDelay!.sample(rng.next());
    req.companionServiceTime = this.serviceTime.sample(rng.next());
    req.companionIsWrite = rng.next() < this.config.writeRatio;
    req.companionAttribute = Math.floor(rng.next() * this.attributes);
    req.attribute = Math.floor(rng.next() * this.attributes);
    // A new visitor's first page sets the session cookie; parallel requests come after it.
    req.companionDelay = fires && req.session.sent > 0 ? delay : -1;
    req.session.sent++;
  }
}
