/**
 * What the model reports while it runs. The model calls these hooks; src/metrics
 * implements them (counting only inside the measurement window) and formats nothing here.
 */
import type { Session } from './session.js';

/** Why a session's state was lost against the user's will (DESIGN.md §4). */
export const LossCause = {
  ServerCrash: 0,
  AffinityBroken: 1,
  StoreLoss: 2,
  PrematureExpiry: 3,
  TokenRejected: 4,
} as const;
export type LossCause = (typeof LossCause)[keyof typeof LossCause];
export const LOSS_CAUSE_NAMES = ['server-crash', 'affinity-broken', 'store-loss', 'premature-expiry', 'token-rejected'] as const;

/** Why a request failed. */
export const FailureReason = {
  /** Sent to a server that is dead but not yet marked down by health checks. */
  ServerDead: 0,
  /** The balancer had no server marked up. */
  NoServer: 1,
  /** The server's queue was full. */
  QueueFull: 2,
  /** The server crashed while the request was queued or in service. */
  ServerCrashed: 3,
  /** The session store could not be reached (fail-closed). */
  StoreUnavailable: 4,
  /** The token was rejected. */
  TokenRejected: 5,
  /** The active balancer died: no balancer owned the address yet, or the request's connection went through the dead one. */
  BalancerDown: 6,
} as const;
export type FailureReason = (typeof FailureReason)[keyof typeof FailureReason];
export const FAILURE_REASON_NAMES = ['server-dead', 'no-server', 'queue-full', 'server-crashed', 'store-unavailable', 'token-rejected', 'balancer-down'] as const;

/** A scenario event as it played out under one strategy: for narration and the event log. */
export interface EventRecord {
  at: number;
  type: string;
  /** What the event touched, e.g. { server: 2, activeSessionsWithState: 312 }. */
  details: Record<string, number | string | boolean>;
}

export interface Recorder {
  sessionStarted(session: Session, now: number): void;
  sessionEnded(session: Session, now: number): void;
  /** State of the session was lost (the model calls it when the user discovers it). */
  sessionLost(session: Session, cause: LossCause, now: number): void;
  /** State expired by design (idle timeout) before the user came back. */
  sessionExpired(session: Session, now: number): void;
  requestCompleted(now: number, latency: number, server: number): void;
  requestFailed(now: number, reason: FailureReason, server: number): void;
  storeOperation(now: number, queueDelay: number): void;
  serverAvailability(now: number, server: number, alive: boolean): void;
  event(record: EventRecord): void;
}
