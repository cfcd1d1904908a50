/**
 * The figures one strategy's run produces (DESIGN.md §4), as the JSON carries them, and the
 * rules for reading them: what the report, targets, sweeps and plans consume. Types and pure
 * helpers only; the recorder that measures them is ./run-metrics.ts.
 */
import type { FAILURE_REASON_NAMES, LOSS_CAUSE_NAMES } from '../model/recorder.js';
import type { FleetMetrics } from './fleet-metrics.js';

export type LossCauseName = (typeof LOSS_CAUSE_NAMES)[number];
/**
 * Reasons a request fails. A revoked token's 401 (`token-revoked`) is not among them: it is
 * the revocation working as designed, not a failure a user suffers, and is counted apart in
 * security.revokedTokenRejections (it stays in `requests`, as a response).
 */
export type FailureReasonName = Exclude<(typeof FAILURE_REASON_NAMES)[number], 'token-revoked'>;

export interface StrategyMetrics {
  requests: number;
  failedRequests: number;
  failedRate: number;
  failuresByReason: Record<FailureReasonName, number>;
  sessions: number;
  lostSessions: number;
  sessionLossRate: number;
  lossByCause: Record<LossCauseName, number>;
  expiredSessions: number;
  /** Logins of users who found their session gone (clients.onSessionLoss relogin or abandon), in the window. */
  relogins: number;
  /** Users who left on finding their session gone (onSessionLoss abandon): each a lost conversion. */
  abandonedSessions: number;
  /** Time-average of sessions in progress (Little's law: ≈ arrival rate × mean session duration). */
  meanActiveSessions: number;
  /** Completed requests per second of the window. */
  throughput: number;
  skew: {
    maxOverMean: number;
    cov: number;
    jain: number;
    worstWindowMaxOverMean: number;
    /** The same figure in the last window measured: whether a skew (after a scale-out, say) has decayed by the end. */
    finalWindowMaxOverMean: number;
  };
  /** Milliseconds, successful requests only. */
  latency: { mean: number; p50: number; p95: number; p99: number; max: number };
  store: {
    ops: number;
    peakOpsPerSecond: number;
    meanQueueDelayMs: number;
    /** Most bytes the store's nodes held at once (sessions × serialised size + per-key overhead). */
    peakMemoryBytes: number;
    /** Keys evicted under maxmemory. */
    evictions: number;
    /** Share of answered requests' latency spent waiting for the store (round trips, lock spins). */
    latencyShare: number;
    /** Requests that waited for a session lock, and their mean wait. */
    lockWaits: number;
    meanLockWaitMs: number;
    /** Compare-and-set retries. */
    casRetries: number;
    /** Acknowledged writes lost in failovers and healed partitions. */
    writesLost: number;
  };
  bandwidth: { bytesPerRequest: number };
  /**
   * Busy workers over workers (a worker waiting for the store is busy), per second of a
   * server's uptime: over the measurement window for the fleet (`mean`) and for the busiest
   * server, and the highest of each over the windows of the timeline (`peak…`).
   */
  utilization: { mean: number; busiestServer: number; peakMean: number; peakBusiestServer: number };
  /** Writes silently overwritten by a concurrent request of the same session. */
  lostUpdates: number;
  security: {
    /** Sessions revoked (logout everywhere, ban) in the window. */
    revocations: number;
    /** Requests accepted with a revoked token. */
    revokedTokenAcceptances: number;
    /** Mean seconds a revoked session's token stayed usable after the revocation. */
    revocationExposure: number;
    /** Requests refused because their token was revoked (the deny-list doing its job). */
    revokedTokenRejections: number;
    /** Requests accepted with an expired token (a server clock behind). */
    expiredTokenAcceptances: number;
  };
  /** Money, in US dollars, when the scenario has a `prices` block (src/experiment/cost.ts). */
  cost?: CostFigures;
  tokens: {
    /** Tokens issued or refreshed by the token service. */
    issued: number;
    /** Sessions a sticky server lost but its store backup restored. */
    recoveredFromStore: number;
  };
  /** Servers paid for (server-hours, fewest, most) and, with an autoscaler, its actions. */
  fleet: FleetMetrics;
}

/** What the simulated fleet costs at the scenario's prices (US dollars). */
export interface CostFigures {
  /** Per hour of the fleet as simulated (servers, store nodes, token service, egress). */
  perHour: number;
  /** perHour × 730 (AWS's hours per month). */
  perMonth: number;
  /** Per million requests answered or failed in the window. */
  perMillionRequests: number;
  /** perHour split: servers, store, token service, egress. */
  servers: number;
  store: number;
  tokenService: number;
  egress: number;
}

/**
 * The run as series over fixed windows, from t = 0 (warm-up included) to the end: what the
 * pictures and the narration read. Window k covers [k·window, (k+1)·window).
 */
export interface Timeline {
  window: number;
  /** Requests answered per window and server: requests[k][i]. */
  requests: number[][];
  /** Requests failed per window. */
  failed: number[];
  /** Sessions found lost per window (when the user discovered it). */
  lost: number[];
  /** The same by cause: lostByCause[k][c], causes in the order of LOSS_CAUSE_NAMES. */
  lostByCause: number[][];
  /** Mean sessions in progress per window. */
  activeSessions: number[];
  /** Store operations per window. */
  storeOps: number[];
  /** Seconds each server was alive per window: uptime[k][i]. */
  uptime: number[][];
  /** Most bytes the store held per window. */
  storeMemory: number[];
  /** Mean servers paid for (launched, not yet removed) per window. */
  fleet: number[];
  /** Busy workers over workers during each server's uptime: utilization[k][i]. */
  utilization: number[][];
  /** Sessions started per window: the offered load (the same under every strategy: common random numbers). */
  arrivals: number[];
  /** Logins of users who lost their session, per window: a login storm after a crash. */
  logins: number[];
  /** Commands sent to the token service per window (logins and refreshes). */
  tokenServiceOps: number[];
  /** p99 of the window's successful requests, ms (null: none succeeded); src/metrics/window-series.ts. */
  p99: Array<number | null>;
  /** Sessions revoked (logout everywhere, ban) per window. */
  revocations: number[];
  /** Requests accepted with a revoked token per window. */
  revokedTokenAcceptances: number[];
  /** Requests refused because their token was revoked (the deny-list) per window. */
  revokedTokenRejections: number[];
  /** Mean revoked tokens the servers would still accept (their exposure running), per window. */
  revokedTokensUsable: number[];
}

/**
 * Requests answered successfully in the window: the sample the latency figures describe. With
 * none (every request failed) the latency figures have no value; the JSON keeps 0 there, so a
 * reader of latency — a target, the table, the verdict — asks this first.
 */
export function answeredRequests(m: { requests: number; failedRequests: number; security: { revokedTokenRejections: number } }): number {
  return m.requests - m.failedRequests - m.security.revokedTokenRejections;
}

/** Does the metric at `path` describe successful requests only (no value when none succeeded)? */
export function needsAnswers(path: string): boolean {
  return path.startsWith('latency.');
}

/** Round to `digits` significant digits, so JSON stays readable and byte-stable. */
export function round(x: number, digits: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  return Number(x.toPrecision(digits));
}
