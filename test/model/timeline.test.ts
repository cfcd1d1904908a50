/**
 * The timeline the world plays: a failure with `downFor` is followed by its recovery, and the
 * random failures are merged in, all in time order; at equal times the scenario's own order
 * stands and scenario events come before random ones.
 */
import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../src/model/config.js';
import { expandTimeline, withRandomFailures } from '../../src/model/timeline.js';

describe('scenario timeline', () => {
  it('a crash, an outage, a store crash and a token-service outage with downFor are each followed by their recovery', () => {
    const events: TimelineEvent[] = [
      { at: 10, type: 'server-crash', server: 1, downFor: 30 },
      { at: 20, type: 'store-outage', downFor: 5, flush: false },
      { at: 15, type: 'store-crash', node: 2, downFor: 100 },
      { at: 50, type: 'token-service-outage', downFor: 1 },
    ];
    expect(expandTimeline(events).map((e) => [e.at, e.type])).toEqual([
      [10, 'server-crash'],
      [15, 'store-crash'],
      [20, 'store-outage'],
      [25, 'store-recover'],
      [40, 'server-recover'],
      [50, 'token-service-outage'],
      [51, 'token-service-recover'],
      [115, 'store-recover'],
    ]);
    expect(expandTimeline(events).find((e) => e.at === 115)).toEqual({ at: 115, type: 'store-recover', node: 2 });
  });

  it('without downFor a failure lasts until a recovery the scenario names itself', () => {
    const events: TimelineEvent[] = [{ at: 10, type: 'server-crash', server: 0, downFor: null }];
    expect(expandTimeline(events)).toEqual(events);
  });

  it('events at the same time keep the order the scenario gave', () => {
    const events: TimelineEvent[] = [
      { at: 5, type: 'server-recover', server: 0 },
      { at: 5, type: 'server-crash', server: 0, downFor: null },
      { at: 1, type: 'lb-failover' },
    ];
    expect(expandTimeline(events).map((e) => e.type)).toEqual(['lb-failover', 'server-recover', 'server-crash']);
  });

  it('random failures come as a crash and its own recovery, after any scenario event at the same time', () => {
    const events: TimelineEvent[] = [{ at: 30, type: 'server-crash', server: 0, downFor: null }];
    const merged = withRandomFailures(events, [
      { at: 30, server: 1, downFor: 12 },
      { at: 5, server: 0, downFor: 1 },
    ]);
    expect(merged).toEqual([
      { at: 5, type: 'random-crash', server: 0, downFor: 1, id: 1 },
      { at: 6, type: 'random-recover', server: 0, id: 1 },
      { at: 30, type: 'server-crash', server: 0, downFor: null },
      { at: 30, type: 'random-crash', server: 1, downFor: 12, id: 0 },
      { at: 42, type: 'random-recover', server: 1, id: 0 },
    ]);
    expect(withRandomFailures(events, [])).toBe(events);
  });
});
