/**
 * The scenario's timeline as the world plays it: crash and outage events with `downFor` split
 * into the failure and its recovery, and the random failures (servers.failures) merged in, in
 * time order. Pure functions of the configuration; the reports draw the same expanded timeline.
 */
import type { TimelineEvent } from './config.js';
import type { RandomCrash } from './fleet.js';

/** The scenario's events plus the random failures (their recoveries only undo their own crash). */
export type ExpandedEvent =
  | TimelineEvent
  | { at: number; type: 'random-crash'; server: number; downFor: number; id: number }
  | { at: number; type: 'random-recover'; server: number; id: number };

/** Merge the random failures into the timeline (stable: at equal times, scenario events first). */
export function withRandomFailures(events: TimelineEvent[], crashes: RandomCrash[]): ExpandedEvent[] {
  if (crashes.length === 0) return events;
  const out: ExpandedEvent[] = [...events];
  crashes.forEach((c, id) => {
    out.push({ at: c.at, type: 'random-crash', server: c.server, downFor: c.downFor, id });
    out.push({ at: c.at + c.downFor, type: 'random-recover', server: c.server, id });
  });
  return out.map((e, i) => [e, i] as const).sort((a, b) => a[0].at - b[0].at || a[1] - b[1]).map(([e]) => e);
}

/** Crash/outage events with `downFor` become a pair: the failure and its recovery. */
export function expandTimeline(events: readonly TimelineEvent[]): TimelineEvent[] {
  const out: TimelineEvent[] = [];
  for (const e of events) {
    out.push(e);
    if (e.type === 'server-crash' && e.downFor !== null) out.push({ at: e.at + e.downFor, type: 'server-recover', server: e.server });
    if (e.type === 'store-outage' && e.downFor !== null) out.push({ at: e.at + e.downFor, type: 'store-recover' });
    if (e.type === 'store-crash' && e.downFor !== null) out.push({ at: e.at + e.downFor, type: 'store-recover', node: e.node });
    if (e.type === 'token-service-outage' && e.downFor !== null) out.push({ at: e.at + e.downFor, type: 'token-service-recover' });
  }
  // Stable: equal times keep the order the scenario gave.
  return out.map((e, i) => [e, i] as const).sort((a, b) => a[0].at - b[0].at || a[1] - b[1]).map(([e]) => e);
}
