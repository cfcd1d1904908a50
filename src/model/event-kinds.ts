/** Event kinds of the session model (small integers: the engine's handler table index). */
export const EventKind = {
  SessionArrival: 0,
  ClientSend: 1,
  ServiceDone: 2,
  StoreReply: 3,
  HealthCheck: 4,
  Timeline: 5,
  Sample: 6,
  // Load balancer and fleet (issue 3), numbered apart from the pipeline's kinds.
  /** A connection retry to a server after min(timeout connect, 1 s): a = request id. */
  LbRetry: 16,
  /** The standby balancer owns the address. */
  LbTakeover: 17,
  /** A step of a scale or deploy operation: a = FleetAction, b = server. */
  Fleet: 18,
  /** NGINX fail_timeout over: a = server, b = ejection generation. */
  PassiveReturn: 19,
  /** Envoy outlier-detection sweep. */
  PassiveSweep: 20,
  /** Slow-start weight step: a = server, b = ramp generation. */
  SlowStart: 21,
  // Session stores, concurrency and tokens (numbered from 24, clear of the balancer's 16–21).
  /** A store's own timer: expiry cycle, failover after detection, partition heal. */
  StoreTimer: 24,
  /** A parallel request (another tab, an XHR) of a session leaves the client. */
  CompanionSend: 25,
  /** A session is revoked (logout everywhere, ban). */
  Revocation: 26,
  /** Sticky + write-behind: a server flushes a session write to the store. */
  WriteBehindFlush: 27,
  /** A store operation reaches its node (served in arrival order): a = in-flight slot. */
  StoreArrival: 28,
  /** A login or refresh reaches the token service: a = in-flight slot. */
  TokenArrival: 29,
  // Fleet measurement and autoscalers (issue 12).
  /** Busy-worker seconds of every server handed to the recorder (a window boundary). */
  WorkSample: 30,
  /** The autoscaler's timers: a = AutoscalerTimer (scrape, sync), b = unused. */
  Autoscaler: 31,
} as const;
export type EventKind = (typeof EventKind)[keyof typeof EventKind];
