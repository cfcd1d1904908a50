/**
 * The users: sessions arrive as a Poisson process; each one is given, at birth and from
 * its own seeded generator, everything that describes the user (request count, client
 * IP, whether the browser refuses cookies), and draws per request, always in the same
 * order, its application work, whether it writes the session, and its next think time.
 * So a session behaves identically under every strategy (common random numbers), however
 * the strategies reorder events.
 */
import { makeDistribution, type Distribution } from '../engine/distributions.js';
import type { RandomStream } from '../engine/random.js';
import { ClientNetwork, type ClientNetworkOptions } from './client-network.js';
import type { ClientConfig, ServerConfig } from './config.js';
import { Session, type Request } from './session.js';

export class ClientPopulation {
  private readonly requestsPerSession: Distribution;
  private readonly thinkTime: Distribution;
  private readonly serviceTime: Distribution;
  private nextId = 0;
  /** Addresses, their changes, pages (client-network.ts). */
  readonly network: ClientNetwork;

  constructor(
    readonly config: ClientConfig,
    servers: ServerConfig,
    /** "arrivals": inter-arrival times. */
    private readonly arrivals: RandomStream,
    /** "sessions": one seed per new session. */
    private readonly sessionSeeds: RandomStream,
    networkOptions: ClientNetworkOptions = { requestKeys: false, urlIds: false },
  ) {
    this.network = new ClientNetwork(config.network, networkOptions);
    this.requestsPerSession = makeDistribution(config.requestsPerSession);
    this.thinkTime = makeDistribution(config.thinkTime);
    this.serviceTime = makeDistribution(servers.serviceTime);
  }

  /** Seconds until the next session starts. */
  nextInterarrival(): number {
    return -Math.log(1 - this.arrivals.next()) / this.config.arrivalRate;
  }

  /** A new user session born at `now`. */
  createSession(now: number): Session {
    const seed = this.sessionSeeds.nextUint32();
    const s = new Session(this.nextId++, now, seed);
    const rng = s.rng;
    s.requestsLeft = Math.max(1, Math.round(this.requestsPerSession.sample(rng.next())));
    const net = this.config.network;
    const uNat = rng.next();
    const uAddress = rng.next();
    s.ip = this.network.address(uNat, uAddress);
    s.refusesCookies = rng.next() < net.cookieRefusal;
    this.network.initSession(s, seed, now);
    return s;
  }

  /** Draw the per-request figures, always three draws in this order. */
  prepareRequest(req: Request): void {
    const rng = req.session.rng;
    req.serviceTime = this.serviceTime.sample(rng.next());
    req.isWrite = rng.next() < this.config.writeRatio;
    req.thinkTime = this.thinkTime.sample(rng.next());
  }
}
