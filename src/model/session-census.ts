/**
 * Counts over the live sessions that scale, deploy and health events report: whose state a
 * server holds, who is pinned to it, where the balancer would send each user now and how many
 * of them a change moved. One pass over the session table's dense live slots each; never on
 * the request path (only when a server crashes, stops, or is marked up or down).
 */
import type { LoadBalancer } from './load-balancer/load-balancer.js';
import type { Session } from './session.js';
import type { SessionTable } from './session-table.js';

/** Live sessions whose in-memory state lives in server `server`'s process `incarnation`. */
export function sessionsWithStateOn(live: SessionTable, server: number, incarnation: number): number {
  return countSessions(live, (s) => s.hasState && s.stateServer === server && s.stateIncarnation === incarnation);
}

/** Live sessions bound to server `server`: by their stick-table entry, else by cookie or URL. */
export function sessionsPinnedTo(live: SessionTable, lb: LoadBalancer, server: number, now: number): number {
  if (lb.affinity === 'stick-table') return countSessions(live, (s) => lb.targetOf(s, now) === server);
  return countSessions(live, (s) => s.pinnedServer === server);
}

/** Each live session's affinity target now (LoadBalancer.targetOf), in the table's live order. */
export function captureTargets(live: SessionTable, lb: LoadBalancer, now: number): Int32Array {
  const out = new Int32Array(live.live);
  for (let k = 0; k < live.live; k++) out[k] = lb.targetOf(live.liveAt(k), now);
  return out;
}

/** Live sessions whose target differs from `before` (captureTargets, with no session begun or ended since). */
export function countMoved(live: SessionTable, lb: LoadBalancer, before: Int32Array, now: number): number {
  let moved = 0;
  for (let k = 0; k < live.live; k++) {
    const was = before[k]!;
    if (was >= 0 && lb.targetOf(live.liveAt(k), now) !== was) moved++;
  }
  return moved;
}

/** Cookies and URL routes that name server `server` name nobody now (the slot's server is gone). */
export function unpin(live: SessionTable, server: number): void {
  for (let k = 0; k < live.live; k++) {
    const s = live.liveAt(k);
    if (s.pinnedServer === server) s.pinnedServer = -1;
  }
}

function countSessions(live: SessionTable, predicate: (s: Session) => boolean): number {
  let n = 0;
  for (let k = 0; k < live.live; k++) if (predicate(live.liveAt(k))) n++;
  return n;
}
