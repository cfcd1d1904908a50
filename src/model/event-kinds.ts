/** Event kinds of the session model (small integers: the engine's handler table index). */
export const EventKind = {
  SessionArrival: 0,
  ClientSend: 1,
  ServiceDone: 2,
  StoreReply: 3,
  HealthCheck: 4,
  Timeline: 5,
  Sample: 6,
} as const;
export type EventKind = (typeof EventKind)[keyof typeof EventKind];
