/**
 * What a timeline event does: crashes and recoveries go to the server outages (a scenario's
 * own crash with randomId −1, a random one with its id), store events to the store and the
 * log (a store already down is not failed twice; a strategy without a store logs that it has
 * none), token events to the strategy's state model, a balancer failover to the balancer pair
 * with the sessions in progress, and every other event (scale, deploy, drain) to the fleet.
 */
import { describe, expect, it } from 'vitest';
import type { ExpandedEvent } from '../../src/model/timeline.js';
import { playTimelineEvent, type TimelineTargets } from '../../src/model/timeline-player.js';

interface Calls {
  log: unknown[][];
  events: { at: number; type: string; details: unknown }[];
}

/** Targets that write down what they are asked to do. */
function targets(options: { store?: 'up' | 'down' | 'none'; tokens?: boolean } = {}): { t: TimelineTargets; calls: Calls } {
  const calls: Calls = { log: [], events: [] };
  const note =
    (name: string) =>
    (...args: unknown[]) => {
      calls.log.push([name, ...args]);
    };
  const storeKind = options.store ?? 'up';
  const store =
    storeKind === 'none'
      ? null
      : {
          available: storeKind === 'up',
          fail: note('store.fail'),
          onScenarioEvent: (e: ExpandedEvent) => {
            calls.log.push(['store.onScenarioEvent', e.type]);
            return { node: 0 };
          },
        };
  const t = {
    outages: { crash: note('outages.crash'), recover: note('outages.recover'), recoverRandom: note('outages.recoverRandom') },
    store,
    state: options.tokens ? { onScenarioEvent: () => ({ rotated: true }) } : {},
    pair: { fail: note('pair.fail') },
    fleet: { handle: (e: ExpandedEvent) => calls.log.push(['fleet.handle', e.type]) },
    recorder: { event: (e: { at: number; type: string; details: unknown }) => calls.events.push(e) },
    liveSessions: () => 42,
  } as unknown as TimelineTargets;
  return { t, calls };
}

describe('playing the timeline', () => {
  it('a scenario crash is crash(server, −1); a random crash and its recovery carry the failure id', () => {
    const { t, calls } = targets();
    playTimelineEvent(t, { at: 1, type: 'server-crash', server: 2, downFor: null }, 1);
    playTimelineEvent(t, { at: 2, type: 'server-recover', server: 2 }, 2);
    playTimelineEvent(t, { at: 3, type: 'random-crash', server: 1, downFor: 5, id: 7 }, 3);
    playTimelineEvent(t, { at: 8, type: 'random-recover', server: 1, id: 7 }, 8);
    expect(calls.log).toEqual([
      ['outages.crash', 2, -1],
      ['outages.recover', 2],
      ['outages.crash', 1, 7],
      ['outages.recoverRandom', 1, 7],
    ]);
  });

  it('a store outage fails a reachable store once and logs the sessions in progress; on a store already down it does nothing', () => {
    const up = targets();
    playTimelineEvent(up.t, { at: 5, type: 'store-outage', downFor: null, flush: true }, 5);
    expect(up.calls.log).toEqual([['store.fail', true]]);
    expect(up.calls.events).toEqual([{ at: 5, type: 'store-outage', details: { flush: true, activeSessions: 42 } }]);
    const down = targets({ store: 'down' });
    playTimelineEvent(down.t, { at: 5, type: 'store-outage', downFor: null, flush: false }, 5);
    expect(down.calls.log).toEqual([]);
    expect(down.calls.events).toEqual([]);
  });

  it('a store recovery is ignored while the store is up, unless it names a node (the end of a store-crash)', () => {
    const { t, calls } = targets();
    playTimelineEvent(t, { at: 9, type: 'store-recover' }, 9);
    expect(calls.events).toEqual([]);
    playTimelineEvent(t, { at: 9, type: 'store-recover', node: 1 }, 9);
    expect(calls.log).toEqual([['store.onScenarioEvent', 'store-recover']]);
    expect(calls.events).toEqual([{ at: 9, type: 'store-recover', details: { node: 0 } }]);
  });

  it('a strategy without a store logs store events as not using one', () => {
    const { t, calls } = targets({ store: 'none' });
    playTimelineEvent(t, { at: 4, type: 'store-crash', node: 0, downFor: null }, 4);
    playTimelineEvent(t, { at: 6, type: 'store-recover', node: 0 }, 6);
    playTimelineEvent(t, { at: 7, type: 'store-outage', downFor: null, flush: false }, 7);
    expect(calls.events).toEqual([
      { at: 4, type: 'store-crash', details: { usesStore: false, activeSessions: 42 } },
      { at: 6, type: 'store-recover', details: { usesStore: false } },
    ]);
  });

  it('token events are what the state model says they did, or not using tokens', () => {
    const jwt = targets({ tokens: true });
    playTimelineEvent(jwt.t, { at: 3, type: 'key-rotation', overlap: 60 }, 3);
    expect(jwt.calls.events).toEqual([{ at: 3, type: 'key-rotation', details: { rotated: true } }]);
    const sticky = targets();
    playTimelineEvent(sticky.t, { at: 3, type: 'token-service-recover' }, 3);
    expect(sticky.calls.events).toEqual([{ at: 3, type: 'token-service-recover', details: { usesTokens: false } }]);
  });

  it('a balancer failover fails the active balancer with the sessions in progress; a scale-out goes to the fleet', () => {
    const { t, calls } = targets();
    playTimelineEvent(t, { at: 10, type: 'lb-failover' }, 10);
    playTimelineEvent(t, { at: 11, type: 'scale-out', count: 2, weight: 1 }, 11);
    expect(calls.log).toEqual([
      ['pair.fail', 42],
      ['fleet.handle', 'scale-out'],
    ]);
  });
});
