/**
 * Where session state lives and what touching it costs: the part that differs between
 * strategies. The world calls load() when a worker picks a request up and save() after
 * the application code ran; a model that talks to a store answers Wait and resumes the
 * request through World.resume when the reply arrives.
 */
import type { TimelineEvent } from '../config.js';
import type { Request, Session } from '../session.js';

export const Step = {
  /** Carry on with the next phase now. */
  Continue: 0,
  /** An asynchronous operation was sent; World.resume will be called. */
  Wait: 1,
  /** The request failed (already recorded by the model through World.fail). */
  Failed: 2,
} as const;
export type Step = (typeof Step)[keyof typeof Step];

export interface SessionStateModel {
  /** Short description for reports, e.g. "in server memory". */
  readonly where: string;
  load(req: Request, now: number): Step;
  save(req: Request, now: number): Step;
  /** An asynchronous operation of `req` completed (phase tells which). */
  resume(req: Request, now: number): Step;
  /** Does the state live in the servers' memory (so a crash destroys it)? */
  readonly stateOnServers: boolean;
  /** Bytes the client sends with each request to carry the session (cookie or token). */
  readonly bytesPerRequest: number;
  /** The request ended (answered or failed): release what it held (session locks). */
  end?(req: Request, now: number): void;
  /** A scenario event this model handles (token service, key rotation); returns what it touched. */
  onScenarioEvent?(e: TimelineEvent, now: number): Record<string, number | string | boolean> | null;
  /** The session was revoked (logout everywhere, ban) at `now`. */
  onRevoked?(session: Session, now: number): void;
}
