/** Event kinds of the session model (small integers: the engine's handler table index). */
export const EventKind = {
  SessionArrival: 0,
  ClientSend: 1,
  ServiceDone: 2,
  StoreReply: 3,
  HealthCheck: 4,
  Timeline: 5,
  Sample: 6,
  // Session stores, concurrency and tokens (numbered from 20, clear of other additions).
  /** A store's own timer: expiry cycle, failover after detection, partition heal. */
  StoreTimer: 20,
  /** A parallel request (another tab, an XHR) of a session leaves the client. */
  CompanionSend: 21,
  /** A session is revoked (logout everywhere, ban). */
  Revocation: 22,
  /** Sticky + write-behind: a server flushes a session write to the store. */
  WriteBehindFlush: 23,
} as const;
export type EventKind = (typeof EventKind)[keyof typeof EventKind];
