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
  /** The session lock could not be taken in time (phpredis: 100 spins of 20 ms). */
  LockTimeout: 6,
  /** The store refused the write: maxmemory reached with noeviction ("OOM command not allowed"). */
  StoreOutOfMemory: 7,
  /** The store refused the write or WAIT timed out: too few replicas (NOREPLICAS, min-replicas-to-write). */
  StoreNotEnoughReplicas: 8,
  /** Compare-and-set gave up after its retries. */
  WriteConflict: 9,
  /** The session cookie would exceed 4096 bytes (Rails raises CookieOverflow). */
  CookieTooLarge: 10,
  /** The token service could not issue a token (login). */
  TokenServiceUnavailable: 11,
  /** The token was revoked (logout, ban) and the deny-list or the expiry caught it: a 401 by design. */
  TokenRevoked: 12,
  /** The active balancer died: no balancer owned the address yet, or the request's connection went through the dead one. */
  BalancerDown: 13,
} as const;
export type FailureReason = (typeof FailureReason)[keyof typeof FailureReason];
export const FAILURE_REASON_NAMES = [
  'server-dead',
  'no-server',
  'queue-full',
  'server-crashed',
  'store-unavailable',
  'token-rejected',
  'lock-timeout',
  'store-out-of-memory',
  'store-not-enough-replicas',
  'write-conflict',
  'cookie-too-large',
  'token-service-unavailable',
  'token-revoked',
  'balancer-down',
] as const;

/** Things the model counts (Recorder.count); the metrics sum them inside the window. */
export const Counter = {
  /** A write silently overwritten by a concurrent request of the same session. */
  LostUpdates: 0,
  /** Keys evicted by the store under maxmemory. */
  StoreEvictions: 1,
  /** Requests that had to wait for a session lock, and the seconds they waited. */
  LockWaits: 2,
  LockWaitSeconds: 3,
  /** Compare-and-set retries (EXEC returned nil). */
  CasRetries: 4,
  /** Acknowledged writes lost in a failover or a healed partition. */
  WritesLost: 5,
  /** Seconds answered requests spent waiting for the store (for the store's share of latency). */
  StoreSeconds: 6,
  /** Sessions revoked (logout, ban), and the seconds their token stayed usable after it. */
  Revocations: 7,
  RevocationExposureSeconds: 8,
  /** Requests accepted with a revoked token / rejected because the token was revoked. */
  RevokedTokenAcceptances: 9,
  RevokedTokenRejections: 10,
  /** Requests accepted although the token had expired (a server whose clock is behind). */
  ExpiredTokenAcceptances: 11,
  /** Tokens issued or refreshed by the token service. */
  TokensIssued: 12,
  /** Sticky + store backup: sessions found in the store after their server lost them. */
  RecoveredFromStore: 13,
  /** Commands sent to the token service. */
  TokenServiceOps: 14,
  /** Autoscaler actions that added / removed servers. */
  ScaleOuts: 15,
  ScaleIns: 16,
  /** Seconds the autoscaler's own reading of its metric was above its target (one sync period per reading). */
  SecondsAboveTarget: 17,
  /** Logins of users who found their session gone (clients.onSessionLoss relogin / abandon). */
  Relogins: 18,
  /** Users who left when they found their session gone (onSessionLoss abandon): lost conversions. */
  AbandonedSessions: 19,
} as const;
export type Counter = (typeof Counter)[keyof typeof Counter];
export const COUNTER_COUNT = 20;

/** Levels the model reports when they change (Recorder.gauge); the metrics keep the peak. */
export const Gauge = {
  /** Bytes the store's nodes hold. */
  StoreMemoryBytes: 0,
} as const;
export type Gauge = (typeof Gauge)[keyof typeof Gauge];
export const GAUGE_COUNT = 1;

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
  /** Add `amount` to a counter (store, concurrency and security figures). */
  count(now: number, counter: Counter, amount: number): void;
  /** A level changed (memory in use). */
  gauge(now: number, gauge: Gauge, value: number): void;
  /**
   * A server slot starts or stops costing money: launched (booting included) until it is removed.
   * Crashed servers still cost. Optional: recorders that do not measure the fleet leave it out.
   */
  serverBilled?(now: number, server: number, billed: boolean): void;
  /**
   * When the recorder wants the next work sample after `t` (window ends, the warm-up's end, the
   * run's end), Infinity for none; the world then calls workSample at that time.
   */
  nextWorkSample?(t: number): number;
  /**
   * Busy-worker seconds of every server slot from t = 0 to `now` (Server.busySecondsAt: each
   * server integrates its busy workers at every change, so a sample costs one pass over the slots
   * and nothing per request). Utilisation and the autoscalers read this one integral.
   */
  workSample?(now: number, busySeconds: Float64Array): void;
}
