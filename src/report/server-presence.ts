/**
 * Whether a server slot existed in each time window, for the pictures: a server answers
 * (`up`), exists but answers nothing (`down`: crashed, restarting), or does not exist at all
 * (`absent`: not launched yet — an autoscaler's later servers, a scale-out's new one — or
 * removed by a scale-in). Only `down` is drawn as down (× in the terminal, a zero line in
 * the HTML); an absent server is blank, neither a failure nor a zero load.
 *
 * Read from the timeline (seconds each server was alive per window) and the run's events
 * (`server-removed`): a slot is absent before its first window alive, and from its removal
 * until it is alive again.
 */
import type { EventRecord } from '../model/recorder.js';

export type Presence = 'up' | 'down' | 'absent';

/** presence[k][i] for each window k and server slot i. */
export function serverPresence(uptime: readonly (readonly number[])[], window: number, events: readonly EventRecord[]): Presence[][] {
  const servers = uptime[0]?.length ?? 0;
  // The window of each removal: the server is absent from the next one on (until it is alive again).
  const removals: Array<number[]> = Array.from({ length: servers }, () => []);
  for (const e of events) {
    const i = e.details.server;
    if (e.type === 'server-removed' && typeof i === 'number' && i >= 0 && i < servers) removals[i]!.push(Math.floor(e.at / window + 1e-9));
  }
  const out: Presence[][] = uptime.map(() => new Array<Presence>(servers).fill('absent'));
  for (let i = 0; i < servers; i++) {
    let exists = false;
    const removedAt = new Set(removals[i]);
    for (let k = 0; k < uptime.length; k++) {
      const up = (uptime[k]![i] ?? 0) > 0;
      const removed = removedAt.has(k);
      if (up) exists = true;
      out[k]![i] = up ? 'up' : exists && !removed ? 'down' : 'absent';
      if (removed) exists = false;
    }
  }
  return out;
}

/** Slots that existed at some time of the run (an autoscaler's unused spare slots never do). */
export function serversThatExisted(presence: readonly (readonly Presence[])[]): number[] {
  const servers = presence[0]?.length ?? 0;
  return Array.from({ length: servers }, (_, i) => i).filter((i) => presence.some((row) => row[i] !== 'absent'));
}
