/**
 * What each event of the scenario's timeline does to the world (./timeline.ts expands it):
 * crashes and recoveries go to the server outages, store events to the session store, token
 * events to the strategy's state model, a balancer failover to the balancer pair, and scale,
 * deploy and drain events to the fleet. Each store, token or balancer event is logged with what
 * it did (the explain report reads them); timeline events are rare, so none of this is hot code.
 */
import type { Fleet } from './fleet.js';
import type { BalancerPair } from './load-balancer/balancer-pair.js';
import type { Recorder } from './recorder.js';
import type { ServerOutages } from './server-outages.js';
import type { SessionStore } from './session-store.js';
import type { SessionStateModel } from './session-state/session-state.js';
import type { ExpandedEvent } from './timeline.js';

/** The parts of a world the timeline's events act on. */
export interface TimelineTargets {
  readonly outages: ServerOutages;
  readonly store: SessionStore | null;
  readonly state: SessionStateModel;
  readonly pair: BalancerPair;
  readonly fleet: Fleet;
  readonly recorder: Recorder;
  /** Sessions in progress now (logged with store and balancer events). */
  liveSessions(): number;
}

/** Play one timeline event at `now`. */
export function playTimelineEvent(t: TimelineTargets, e: ExpandedEvent, now: number): void {
  switch (e.type) {
    case 'server-crash':
      t.outages.crash(e.server, -1);
      return;
    case 'server-recover':
      t.outages.recover(e.server);
      return;
    case 'random-crash':
      t.outages.crash(e.server, e.id);
      return;
    case 'random-recover':
      t.outages.recoverRandom(e.server, e.id);
      return;
    case 'store-outage': {
      if (t.store === null || !t.store.available) return;
      t.store.fail(e.flush);
      t.recorder.event({ at: now, type: 'store-outage', details: { flush: e.flush, activeSessions: t.liveSessions() } });
      return;
    }
    case 'store-recover': {
      const node = e.node ?? null;
      if (t.store === null) {
        if (node !== null) t.recorder.event({ at: now, type: e.type, details: { usesStore: false } });
        return;
      }
      if (node === null && t.store.available) return;
      // After a store-outage: the store is reachable again; after a store-crash: that node is back.
      t.recorder.event({ at: now, type: 'store-recover', details: t.store.onScenarioEvent(e, now) });
      return;
    }
    case 'store-crash':
    case 'store-failover':
    case 'store-partition': {
      const details = t.store === null ? { usesStore: false } : t.store.onScenarioEvent(e, now);
      t.recorder.event({ at: now, type: e.type, details: { ...details, activeSessions: t.liveSessions() } });
      return;
    }
    case 'key-rotation':
    case 'token-service-outage':
    case 'token-service-recover': {
      // Token service and key events: the strategy's state model says what they did.
      const details = t.state.onScenarioEvent?.(e, now) ?? { usesTokens: false };
      t.recorder.event({ at: now, type: e.type, details });
      return;
    }
    case 'lb-failover':
      t.pair.fail(t.liveSessions());
      return;
    default:
      // Scale-out, scale-in, rolling restarts, drains.
      t.fleet.handle(e);
  }
}
