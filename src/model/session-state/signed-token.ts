/**
 * Stateless tokens (JWT): the client carries signed claims, every request pays a
 * signature verification, and nothing lives on the servers, so nothing is lost when
 * one dies. Login issues a token (signing cost); an active client refreshes it when
 * less than `refreshBefore` of its lifetime is left (or it has expired), using its
 * long-lived refresh token. The refresh is modelled as the server signing a new token
 * while serving the request (a sliding refresh), so it costs CPU but no extra round trip.
 */
import type { StrategyConfig } from '../config.js';
import type { Request } from '../session.js';
import { TOKEN_ALGORITHMS, tokenLength } from '../token-service.js';
import { Step, type SessionStateModel } from './session-state.js';

type JwtStrategy = Extract<StrategyConfig, { type: 'jwt' }>;

export class SignedTokenSessionState implements SessionStateModel {
  readonly where = 'in a signed token the client carries';
  readonly stateOnServers = false;
  readonly bytesPerRequest: number;
  private readonly verify: number;
  private readonly sign: number;
  /** Tokens issued or refreshed (all time). */
  tokensIssued = 0;

  constructor(private readonly config: JwtStrategy) {
    const cost = TOKEN_ALGORITHMS[config.algorithm];
    this.verify = cost.verifySeconds;
    this.sign = cost.signSeconds;
    // "Authorization: Bearer " + token.
    this.bytesPerRequest = 'Authorization: Bearer '.length + tokenLength(config.algorithm, config.claimsSize);
  }

  load(req: Request, now: number): Step {
    const session = req.session;
    if (!session.hasState || now >= session.tokenExpiry - this.config.refreshBefore) {
      req.extraCpu += this.sign;
      session.tokenExpiry = now + this.config.accessTtl;
      session.hasState = true;
      this.tokensIssued++;
    }
    req.extraCpu += this.verify;
    session.lastAccess = now;
    return Step.Continue;
  }

  save(): Step {
    return Step.Continue;
  }

  resume(): Step {
    return Step.Continue;
  }
}
