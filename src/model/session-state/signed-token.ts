/**
 * Stateless tokens (JWT) as deployments run them. The client carries a signed access
 * token; every request pays a signature verification; nothing lives on the servers, so
 * nothing is lost when one dies. What is not free:
 *
 * - Login and refresh go to a token service (an OAuth token endpoint) that is itself a
 *   resource: a round trip, a queue at its cores, the signing cost. The server calls it
 *   for the client when the access token has less than `refreshBefore` left (a
 *   backend-for-frontend refresh), holding the request meanwhile. If the service is down
 *   the old token is used while it lasts; once it has expired the user is rejected and
 *   must log in again (token-rejected). The refresh token itself expires `refreshTtl`
 *   after login (an absolute lifetime): then the user must log in again too.
 * - Servers check `exp` and `nbf` against their own clocks (offsets spread over
 *   ±servers.clockSkew) with `leeway`: a server ahead rejects valid tokens near expiry
 *   (the client refreshes and carries on), a server behind rejects fresh ones and accepts
 *   expired ones.
 * - Key rotation: tokens signed with the retired key verify only during the overlap;
 *   without one every outstanding token (and refresh token, signed alike) is rejected.
 * - Revocation (logout everywhere, ban): with `none` the token keeps working until it
 *   expires (revokedTokenAcceptances, exposure = time left); with `deny-list` the logout
 *   writes `SET denylist:<jti> 1 EX <time left>` and every request checks the store (EXISTS,
 *   one lookup per request): a token found there gets a 401. The list is state in the store,
 *   with its memory and failure modes: an entry lost (store restart without a replica,
 *   failover before replication, eviction, store unreachable at logout) lets the token back in.
 * - The non-auth session data lives in an encrypted cookie (`client`: request bytes
 *   grow, and a cookie over 4096 bytes cannot be set — the write fails, as Rails'
 *   CookieOverflow) or in the shared store (`store`: a GET and a save per request, as
 *   express-session). Concurrent requests writing a cookie: the last response wins.
 */
import type { Simulator } from '../../engine/simulator.js';
import type { CostProfile, StrategyConfig, TimelineEvent } from '../config.js';
import { AES_GCM_OVERHEAD_BYTES, COOKIE_LIMIT_BYTES, JWT_LEEWAY, REFRESH_TOKEN_TTL } from '../defaults.js';
import { Counter, FailureReason, LossCause, type Recorder } from '../recorder.js';
import type { SessionStore } from '../session-store.js';
import type { Request, Session } from '../session.js';
import { TOKEN_ALGORITHMS, tokenLength, type TokenService } from '../token-service.js';
import { ConflictTracker } from './conflicts.js';
import type { ExternalStoreSessionState, RequestFailer } from './external-store.js';
import { Step, type SessionStateModel } from './session-state.js';

type JwtStrategy = Extract<StrategyConfig, { type: 'jwt' }>;

/** Steps of the token conversation (the data store's own steps are below 100). */
const T = { Login: 100, Refresh: 101, DenyList: 102 } as const;

const COMMAND_BYTES = 60;
const SHORT_REPLY_BYTES = 5;
const DATA_COOKIE_NAME = 'session='.length;

export interface SignedTokenOptions {
  costs: CostProfile;
  sessionBytes: number;
  /** Server clock offsets (seconds), by server index. */
  clockOffsets: Float64Array;
  concurrent: boolean;
  sim: Simulator;
  recorder: Recorder;
  failer: RequestFailer;
  tokenService: TokenService;
  /** The store for deny-list lookups and `data: "store"`. */
  store: SessionStore | null;
  /** The data part when `data: "store"`. */
  data: ExternalStoreSessionState | null;
}

/** Bytes of the encrypted session cookie: `session=` + base64(data + 28 bytes of AES-GCM nonce and tag). */
export function dataCookieBytes(sessionBytes: number): number {
  return DATA_COOKIE_NAME + 4 * Math.ceil((sessionBytes + AES_GCM_OVERHEAD_BYTES) / 3);
}

export class SignedTokenSessionState implements SessionStateModel {
  readonly where: string;
  readonly stateOnServers = false;
  readonly bytesPerRequest: number;
  private readonly verify: number;
  private readonly leeway: number;
  private readonly refreshTtl: number;
  private readonly cookieBytes: number;
  private readonly cookieTooLarge: boolean;
  private readonly dataCpuRead: number;
  private readonly dataCpuWrite: number;
  private readonly conflicts: ConflictTracker;
  private readonly maxBehind: number;
  /** Signing key generation; tokens of the previous one verify until `overlapUntil`. */
  private keyEpoch = 0;
  private overlapUntil = -Infinity;
  /** Tokens issued or refreshed (all time). */
  tokensIssued = 0;

  constructor(
    private readonly config: JwtStrategy,
    private readonly options?: SignedTokenOptions,
  ) {
    const alg = config.algorithm;
    this.verify = options?.costs.jwt[alg].verify ?? 0;
    this.leeway = config.leeway ?? JWT_LEEWAY;
    this.refreshTtl = config.refreshTtl ?? REFRESH_TOKEN_TTL;
    const data = config.data ?? 'client';
    const sessionBytes = options?.sessionBytes ?? 0;
    this.cookieBytes = data === 'client' && options !== undefined ? dataCookieBytes(sessionBytes) : 0;
    this.cookieTooLarge = this.cookieBytes > COOKIE_LIMIT_BYTES;
    const kb = sessionBytes / 1024;
    const aes = options !== undefined ? options.costs.aesGcmPerKB * ((sessionBytes + AES_GCM_OVERHEAD_BYTES) / 1024) : 0;
    this.dataCpuRead = data === 'client' && options !== undefined ? options.costs.jsonParsePerKB * kb + aes : 0;
    this.dataCpuWrite = data === 'client' && options !== undefined ? options.costs.jsonSerializePerKB * kb + aes : 0;
    this.conflicts = new ConflictTracker(1, options?.concurrent ?? false);
    let maxBehind = 0;
    for (const o of options?.clockOffsets ?? []) if (-o > maxBehind) maxBehind = -o;
    this.maxBehind = maxBehind;
    // "Authorization: Bearer " + token, plus the data cookie when the data rides along.
    this.bytesPerRequest = 'Authorization: Bearer '.length + tokenLength(alg, config.claimsSize) + (this.cookieBytes > 0 ? 'Cookie: '.length + this.cookieBytes : 0);
    const parts = ['in a signed token the client carries'];
    if (data === 'client' && options !== undefined) parts.push('session data in an encrypted cookie');
    if (data === 'store') parts.push('session data in the shared store (a store lookup per request)');
    if (config.revocation === 'deny-list') parts.push('a deny-list lookup in the store per request');
    this.where = parts.join('; ');
  }

  // ── load: (login | refresh,) verify, (deny-list,) data ──────────────────

  load(req: Request, now: number): Step {
    const session = req.session;
    const o = this.options;
    if (o === undefined) return this.legacyLoad(req, now);
    if (!session.hasToken) return this.callTokenService(req, now, T.Login);
    if (session.forceRefresh || now >= session.tokenExpiry - this.config.refreshBefore) {
      if (now >= session.refreshExpiry && session.revokedAt < 0) {
        // The refresh token's absolute lifetime is over: the user must log in again.
        this.recorder().sessionLost(session, LossCause.TokenRejected, now);
        return this.callTokenService(req, now, T.Login);
      }
      return this.callTokenService(req, now, T.Refresh);
    }
    return this.verifyToken(req, now);
  }

  /** Without options (hand-built strategies): the foundation's model, signing inline at the built-in cost. */
  private legacyLoad(req: Request, now: number): Step {
    const session = req.session;
    const cost = TOKEN_ALGORITHMS[this.config.algorithm];
    if (!session.hasToken || now >= session.tokenExpiry - this.config.refreshBefore) {
      req.extraCpu += cost.signSeconds;
      session.tokenExpiry = now + this.config.accessTtl;
      session.hasToken = true;
      this.tokensIssued++;
    }
    req.extraCpu += cost.verifySeconds;
    session.hasState = true;
    return Step.Continue;
  }

  private recorder(): Recorder {
    return this.options!.recorder;
  }

  private callTokenService(req: Request, now: number, step: number): Step {
    const o = this.options!;
    const service = o.tokenService;
    if (!service.available) return this.tokenServiceDown(req, now, step);
    req.step = step;
    req.storeEpoch = service.epoch;
    service.request(now, req);
    this.recorder().count(now, Counter.TokenServiceOps, 1);
    return Step.Wait;
  }

  /** No new token: log in fails; a refresh falls back on the current token while it lasts. */
  private tokenServiceDown(req: Request, now: number, step: number): Step {
    if (step === T.Login) {
      this.options!.failer.fail(req, FailureReason.TokenServiceUnavailable);
      return Step.Failed;
    }
    return this.verifyToken(req, now);
  }

  private issue(session: Session, now: number, login: boolean): void {
    session.hasToken = true;
    session.tokenIssuedAt = now;
    session.tokenExpiry = now + this.config.accessTtl;
    session.tokenKeyEpoch = this.keyEpoch;
    session.forceRefresh = false;
    if (login) session.refreshExpiry = now + this.refreshTtl;
    this.tokensIssued++;
    this.recorder().count(now, Counter.TokensIssued, 1);
  }

  private verifyToken(req: Request, now: number): Step {
    const o = this.options!;
    const session = req.session;
    req.extraCpu += this.verify;
    // Signed with a key the servers still accept?
    if (session.tokenKeyEpoch !== this.keyEpoch && !(session.tokenKeyEpoch === this.keyEpoch - 1 && now < this.overlapUntil)) {
      session.hasToken = false;
      if (session.revokedAt < 0) this.recorder().sessionLost(session, LossCause.TokenRejected, now);
      return this.reject(req, session.revokedAt >= 0 ? FailureReason.TokenRevoked : FailureReason.TokenRejected, now);
    }
    const clock = now + o.clockOffsets[req.server]!;
    if (clock >= session.tokenExpiry + this.leeway) {
      if (session.revokedAt >= 0) return this.reject(req, FailureReason.TokenRevoked, now);
      if (now < session.tokenExpiry) {
        // Valid by the issuer's clock, expired by this server's (ahead): the client refreshes and retries.
        session.forceRefresh = true;
        return this.reject(req, FailureReason.TokenRejected, now);
      }
      // Expired and not refreshed (the token service was down): the user must log in again.
      session.hasToken = false;
      this.recorder().sessionLost(session, LossCause.TokenRejected, now);
      return this.reject(req, FailureReason.TokenRejected, now);
    }
    if (clock + this.leeway < session.tokenIssuedAt) {
      // nbf = iat in the future for a server whose clock is behind: "token not yet valid".
      return this.reject(req, FailureReason.TokenRejected, now);
    }
    if (now >= session.tokenExpiry) this.recorder().count(now, Counter.ExpiredTokenAcceptances, 1);
    if (this.config.revocation === 'deny-list') return this.lookupDenyList(req, now);
    if (session.revokedAt >= 0) this.recorder().count(now, Counter.RevokedTokenAcceptances, 1);
    return this.loadData(req, now);
  }

  private reject(req: Request, reason: FailureReason, now: number): Step {
    if (reason === FailureReason.TokenRevoked) this.recorder().count(now, Counter.RevokedTokenRejections, 1);
    this.options!.failer.fail(req, reason);
    return Step.Failed;
  }

  private lookupDenyList(req: Request, now: number): Step {
    const o = this.options!;
    const store = o.store!;
    req.storeNode = store.nodeFor(req.session);
    if (!store.reachable(req.storeNode)) return this.denyListUnreachable(req, now);
    // EXISTS denylist:<jti>: one command, one round trip, on every request.
    req.step = T.DenyList;
    req.storeEpoch = store.nodes[req.storeNode]!.epoch;
    store.send(req.storeNode, now, COMMAND_BYTES, SHORT_REPLY_BYTES, 1, req);
    return Step.Wait;
  }

  private denyListUnreachable(req: Request, now: number): Step {
    const o = this.options!;
    if (o.store!.config.unreachable === 'fail-closed') {
      o.failer.fail(req, FailureReason.StoreUnavailable);
      return Step.Failed;
    }
    // Fail-open: accept without checking; a revoked token gets through.
    if (req.session.revokedAt >= 0) this.recorder().count(now, Counter.RevokedTokenAcceptances, 1);
    return this.loadData(req, now);
  }

  private loadData(req: Request, now: number): Step {
    const o = this.options!;
    if (o.data !== null) return o.data.load(req, now);
    // The encrypted cookie: decrypt and parse it, and (when writing) serialise and encrypt it.
    const session = req.session;
    req.sessionIsNew = !session.hasState;
    req.extraCpu += this.dataCpuRead;
    if (req.isWrite || req.sessionIsNew) req.extraCpu += this.dataCpuWrite;
    this.conflicts.read(req);
    return Step.Continue;
  }

  // ── replies ─────────────────────────────────────────────────────────────

  resume(req: Request, now: number): Step {
    const o = this.options!;
    const step = req.step;
    if (step < T.Login) return o.data!.resume(req, now);
    const session = req.session;
    if (step === T.DenyList) {
      const store = o.store!;
      if (!store.reachable(req.storeNode) || req.storeEpoch !== store.nodes[req.storeNode]!.epoch) return this.denyListUnreachable(req, now);
      if (store.denyListed(req.storeNode, session, now)) return this.reject(req, FailureReason.TokenRevoked, now);
      // Not on the list: revoked, but its SET has not landed yet or was lost (node crash, failover, eviction).
      if (session.revokedAt >= 0) this.recorder().count(now, Counter.RevokedTokenAcceptances, 1);
      return this.loadData(req, now);
    }
    // Login or refresh answered — unless the token service went down meanwhile.
    const service = o.tokenService;
    if (!service.available || req.storeEpoch !== service.epoch) return this.tokenServiceDown(req, now, step);
    if (session.revokedAt >= 0) {
      // The authorisation server knows the revocation: no new token. A banned user cannot log
      // in again; a refresh leaves the old token, used while it lasts.
      if (step === T.Login) return this.reject(req, FailureReason.TokenRevoked, now);
      return this.verifyToken(req, now);
    }
    this.issue(session, now, step === T.Login);
    return this.verifyToken(req, now);
  }

  // ── save ────────────────────────────────────────────────────────────────

  save(req: Request, now: number): Step {
    const o = this.options;
    if (o === undefined) return Step.Continue;
    if (o.data !== null) return o.data.save(req, now);
    if (!req.isWrite && !req.sessionIsNew) return Step.Continue;
    if (this.cookieTooLarge) {
      o.failer.fail(req, FailureReason.CookieTooLarge);
      return Step.Failed;
    }
    // Set-Cookie with the whole session: the last response to arrive wins.
    const lost = this.conflicts.write(req, true);
    if (lost > 0) this.recorder().count(now, Counter.LostUpdates, lost);
    req.session.hasState = true;
    return Step.Continue;
  }

  // ── events ──────────────────────────────────────────────────────────────

  onRevoked(session: Session, now: number): void {
    const o = this.options;
    if (o === undefined || !session.hasToken) return;
    // Until the token no longer passes anywhere: on the server whose clock is furthest behind.
    const left = session.tokenExpiry + this.leeway + this.maxBehind - now;
    if (this.config.revocation === 'deny-list') {
      // SET denylist:<jti> 1 EX <seconds>: one write; once it lands every server refuses the
      // token. It must outlive the token on every server: exp + leeway + the clock furthest
      // behind, in whole seconds (EX takes an integer). Unreachable store: the logout's write
      // fails and the token stays valid, exposed as without a list.
      const store = o.store!;
      const node = store.nodeFor(session);
      if (store.reachable(node)) {
        store.sendDenyListSet(node, now, COMMAND_BYTES, SHORT_REPLY_BYTES, session, now + Math.max(1, Math.ceil(left)));
        return;
      }
    }
    // Nothing stops the token before it expires.
    if (left > 0) this.recorder().count(now, Counter.RevocationExposureSeconds, left);
  }

  onScenarioEvent(e: TimelineEvent, now: number): Record<string, number | string | boolean> | null {
    const o = this.options;
    if (o === undefined) return null;
    switch (e.type) {
      case 'token-service-outage':
        if (!o.tokenService.available) return { alreadyDown: true };
        o.tokenService.fail();
        return { refreshesFailUntilRecovery: true, accessTtlSeconds: this.config.accessTtl };
      case 'token-service-recover':
        if (o.tokenService.available) return { wasDown: false };
        o.tokenService.recover(now);
        return {};
      case 'key-rotation':
        this.keyEpoch++;
        this.overlapUntil = now + e.overlap;
        return { keyEpoch: this.keyEpoch, overlapSeconds: e.overlap, oldTokensStillValid: e.overlap >= this.config.accessTtl };
      default:
        return null;
    }
  }
}
