/**
 * Where users connect from, as the balancer sees it: the source address (what ip-hash and stick
 * tables key on), how it changes, and which pages they ask for.
 *
 *   own address     most users: one address each, scattered over the whole IPv4 space (so over
 *                   many /24s), or, with `subnets`, over a few /24s (one campus, one office)
 *   NAT / proxy     a share of users behind carrier-grade NAT or corporate proxies share a few
 *                   addresses, each in its own /24 (RFC 6598 100.64.0.0/10); group sizes evenly
 *                   or heavy-tailed (Zipf: the first address carries the most users)
 *   mobile users    change address at `ipChangeRate` (a Poisson process: Wi-Fi ↔ cellular); the new
 *                   address follows the same rules
 *   pages           each request's page, Zipf-popular (the key of `hash` balancing on `url`), and
 *                   whether its URL lacks the session id (URL rewriting)
 *
 * Common random numbers: the address at birth uses the two draws ClientPopulation always makes;
 * everything else comes from two small generators derived from the session's seed, never from
 * the session's main generator, so turning a feature on does not shift the workload's draws. The
 * mobility generator draws only at address changes, whose times it fixes itself, and the request
 * generator draws exactly two numbers per request: both sequences are the same under every
 * strategy, however the strategies delay requests.
 */
import { Empirical } from '../engine/distributions.js';
import { EntityRandom } from '../engine/random.js';
import type { ClientNetworkConfig } from './config.js';
import { mix32 } from './load-balancer/hashing.js';
import type { Request, Session } from './session.js';

/** NATed users share addresses in 100.64.0.0/10 (RFC 6598 carrier-grade NAT space). */
const NAT_BASE = (100 << 24) | (64 << 16);
/** A campus or office: consecutive /24s from 198.18.0.0/15 (RFC 2544's benchmarking range). */
const CAMPUS_BASE = (198 << 24) | (18 << 16);

/** Salts deriving a session's side generators from its seed (arbitrary odd constants). */
const MOBILITY_SALT = 0x68e31da4;
const REQUEST_SALT = 0xb5297a4d;

/** Zipf over 0..n-1 with exponent s: P(k) ∝ 1/(k+1)^s, as an inverse-CDF table. */
export function zipf(n: number, s: number): Empirical {
  const values = Array.from({ length: n }, (_, k) => k);
  return new Empirical(values, values.map((k) => 1 / Math.pow(k + 1, s)));
}

export interface ClientNetworkOptions {
  /** Draw per-request pages and URL-id absence, two draws per request (only when the strategy reads them). */
  requestKeys: boolean;
  /** The session id rides in URLs (URL-rewriting affinity): some requests arrive without it. */
  urlIds: boolean;
}

export class ClientNetwork {
  private readonly natGroup: Empirical | null;
  private readonly page: Empirical | null;
  /** Is any user mobile in this scenario? */
  readonly mobility: boolean;
  /** Does beforeRequest() have anything to do (mobility or per-request keys)? Lets the hot path skip it. */
  readonly perRequest: boolean;

  constructor(
    readonly config: ClientNetworkConfig,
    private readonly options: ClientNetworkOptions,
  ) {
    this.natGroup = config.natGroupSizes === 'zipf' ? zipf(config.natAddresses, config.natZipfExponent) : null;
    this.page = options.requestKeys ? zipf(config.pages, config.pageZipfExponent) : null;
    this.mobility = config.ipChangeRate > 0 && config.mobileShare > 0;
    this.perRequest = this.mobility || options.requestKeys;
  }

  /**
   * The address for draws uNat (behind NAT?) and uAddress (which address): its 32 bits as a
   * signed integer, which V8 never boxes (Session.ip keeps it so and reads it back unsigned).
   */
  address(uNat: number, uAddress: number): number {
    const net = this.config;
    if (uNat < net.natShare) {
      const group = this.natGroup !== null ? this.natGroup.sample(uAddress) : Math.floor(uAddress * net.natAddresses);
      return (NAT_BASE + group * 256 + 1) | 0;
    }
    if (net.subnets !== null) {
      // One draw gives the /24 (integer part) and the host in it (fraction): hosts .1–.254.
      const x = uAddress * net.subnets;
      const subnet = Math.floor(x);
      return (CAMPUS_BASE + subnet * 256 + 1 + Math.floor((x - subnet) * 254)) | 0;
    }
    // Own address, anywhere in the IPv4 space (many distinct /24s).
    return Math.floor(uAddress * 4294967296) | 0;
  }

  /** Give a new session its side generators (seeded from its own seed) and its first address change. */
  initSession(s: Session, seed: number, now: number): void {
    if (this.mobility) {
      const m = new EntityRandom(mix32((seed ^ MOBILITY_SALT) >>> 0));
      if (m.next() < this.config.mobileShare) {
        s.mobility = m;
        s.nextIpChange = now + this.nextChangeIn(m);
      }
    }
    if (this.options.requestKeys) s.requestRng = new EntityRandom(mix32((seed ^ REQUEST_SALT) >>> 0));
  }

  /** Before a request leaves at `now`: apply the address changes due by then; draw the request's page. */
  beforeRequest(req: Request, now: number): void {
    const s = req.session;
    const m = s.mobility;
    if (m !== null) {
      while (s.nextIpChange <= now) {
        s.ip = this.address(m.next(), m.next());
        s.ipChanges++;
        s.nextIpChange += this.nextChangeIn(m);
      }
    }
    const r = s.requestRng;
    if (r !== null) {
      req.page = this.page!.sample(r.next());
      // Drawn for every request (a fixed count); it applies once the user's URLs carry an id.
      const u = r.next();
      req.noSessionId = this.options.urlIds && s.pinnedServer >= 0 && u < this.config.urlIdMissing;
    }
  }

  private nextChangeIn(m: EntityRandom): number {
    return -Math.log(1 - m.next()) / this.config.ipChangeRate;
  }
}
