/**
 * Signed tokens (JWT): their size on the wire and their CPU cost, per algorithm.
 * Figures from REFERENCE.md (Node's crypto on a server core): verify HS256 ≈ 3–4 µs,
 * RS256 ≈ 20 µs, ES256 ≈ 45 µs; sign RS256 ≈ 300–600 µs, ES256 ≈ 25 µs. EdDSA is not in
 * that table: Ed25519 verify ≈ 50 µs and sign ≈ 20 µs are typical Node figures.
 * (A scenario's `costs` — built in, or measured by `session-sim calibrate` — replace the
 * CPU figures; the signature sizes are fixed by the algorithms.)
 */
import { makeDistribution, type Distribution } from '../engine/distributions.js';
import type { RandomStream } from '../engine/random.js';
import type { Simulator } from '../engine/simulator.js';
import type { JwtAlgorithm, TokenServiceConfig } from './config.js';
import { EventKind } from './event-kinds.js';
import type { Request } from './session.js';
import { InFlight } from './store/in-flight.js';

export interface TokenAlgorithmCost {
  /** Signature length in bytes (HS256 32, ES256 64, RS256-2048 256, EdDSA 64). */
  signatureBytes: number;
  verifySeconds: number;
  signSeconds: number;
}

export const TOKEN_ALGORITHMS: Record<JwtAlgorithm, TokenAlgorithmCost> = {
  HS256: { signatureBytes: 32, verifySeconds: 3.5e-6, signSeconds: 3.5e-6 },
  RS256: { signatureBytes: 256, verifySeconds: 20e-6, signSeconds: 450e-6 },
  ES256: { signatureBytes: 64, verifySeconds: 45e-6, signSeconds: 25e-6 },
  EdDSA: { signatureBytes: 64, verifySeconds: 50e-6, signSeconds: 20e-6 },
};

/** Header JSON as jsonwebtoken writes it, with a `kid`: {"alg":"ES256","typ":"JWT","kid":"k1"}. */
export function headerBytes(algorithm: JwtAlgorithm): number {
  return `{"alg":"${algorithm}","typ":"JWT","kid":"k1"}`.length;
}

/** base64url length of n bytes without padding: ⌈4n/3⌉. */
export function base64urlLength(n: number): number {
  return Math.ceil((4 * n) / 3);
}

/** Encoded token length: ⌈4h/3⌉ + ⌈4p/3⌉ + ⌈4s/3⌉ + 2 dots (REFERENCE.md). */
export function tokenLength(algorithm: JwtAlgorithm, claimsBytes: number): number {
  return (
    base64urlLength(headerBytes(algorithm)) +
    base64urlLength(claimsBytes) +
    base64urlLength(TOKEN_ALGORITHMS[algorithm].signatureBytes) +
    2
  );
}

/**
 * The token service (an OAuth authorisation server's token endpoint) as a resource: logins
 * and refreshes wait their turn at `workers` cores that each spend the handler time plus
 * the signature, after half a network round trip. FIFO over k servers in the order requests
 * ARRIVE (an arrival event each, store/in-flight.ts): a request starts on the core that frees
 * first (exact for M/G/k FIFO). It can be down (token-service-outage): then nothing is issued.
 * The reply fires EventKind.StoreReply(req.id).
 */
export class TokenService {
  available = true;
  /** Bumped by every outage: requests in flight then fail. */
  epoch = 0;
  /** Requests served and their summed queueing delay (seconds), for checks against theory. */
  served = 0;
  waitSeconds = 0;
  private readonly freeAt: Float64Array;
  private readonly latency: Distribution;
  private readonly service: number;
  private readonly inFlight = new InFlight();

  constructor(
    config: TokenServiceConfig,
    signSeconds: number,
    private readonly random: RandomStream,
    private readonly sim: Simulator,
  ) {
    this.freeAt = new Float64Array(Math.max(1, config.workers));
    this.latency = makeDistribution(config.latency);
    this.service = config.serviceTime + signSeconds;
    sim.on(EventKind.TokenArrival, this.onArrival.bind(this));
  }

  /** A login or refresh of `req` sent at `now`; StoreReply(req.id) fires when the new token reaches the caller. */
  request(now: number, req: Request | null): void {
    const rtt = this.latency.sample(this.random.next());
    const f = this.inFlight;
    const slot = f.acquire(req);
    f.epoch[slot] = this.epoch;
    f.back[slot] = rtt / 2;
    this.sim.scheduleAt(now + rtt / 2, EventKind.TokenArrival, slot);
  }

  private onArrival(slot: number): void {
    const f = this.inFlight;
    const now = this.sim.now;
    let replyAt = now + f.back[slot]!;
    // Down since it was sent: nothing is served; the caller sees the epoch change at the reply.
    if (this.available && f.epoch[slot] === this.epoch) {
      const freeAt = this.freeAt;
      let k = 0;
      for (let i = 1; i < freeAt.length; i++) if (freeAt[i]! < freeAt[k]!) k = i;
      const start = now > freeAt[k]! ? now : freeAt[k]!;
      freeAt[k] = start + this.service;
      this.served++;
      this.waitSeconds += start - now;
      replyAt = freeAt[k]! + f.back[slot]!;
    }
    const req = f.waiter(slot);
    if (req !== null) this.sim.scheduleAt(replyAt, EventKind.StoreReply, req.id);
    f.release(slot);
  }

  fail(): void {
    this.available = false;
    this.epoch++;
  }

  recover(now: number): void {
    this.available = true;
    for (let i = 0; i < this.freeAt.length; i++) if (this.freeAt[i]! < now) this.freeAt[i] = now;
  }
}
