/**
 * A balancer pair (keepalived/VRRP): the active balancer's death starts the takeover gap (the
 * epoch moves on, so connections made through the dead one are known broken); the standby owns
 * the address `takeover` seconds later; the events report what was lost and failed meanwhile.
 */
import { describe, expect, it } from 'vitest';
import { Simulator } from '../../../src/engine/simulator.js';
import { EventKind } from '../../../src/model/event-kinds.js';
import { BalancerPair } from '../../../src/model/load-balancer/balancer-pair.js';
import type { LoadBalancer } from '../../../src/model/load-balancer/load-balancer.js';
import type { EventRecord, Recorder } from '../../../src/model/recorder.js';

function setUp(lost: number) {
  const sim = new Simulator();
  const events: EventRecord[] = [];
  const recorder = { event: (e: EventRecord) => events.push(e) } as unknown as Recorder;
  const lb = { failover: () => lost, routing: { stickTable: { replicated: false } } } as unknown as LoadBalancer;
  const pair = new BalancerPair(sim, recorder, lb, 3);
  sim.on(EventKind.LbTakeover, () => pair.onTakeover());
  return { sim, events, pair };
}

describe('balancer pair', () => {
  it('the gap lasts `takeover` seconds, moves the epoch on once, and counts the requests failed in it', () => {
    const { sim, events, pair } = setUp(12);
    sim.scheduleAt(10, EventKind.Timeline);
    sim.on(EventKind.Timeline, () => {
      pair.fail(500);
      pair.fail(500); // the standby is not active yet: nothing more dies
      pair.failed();
      pair.failed();
    });
    sim.run();
    expect(pair.epoch).toBe(1);
    expect(pair.down).toBe(false);
    expect(events).toEqual([
      { at: 10, type: 'lb-failover', details: { takeoverSeconds: 3, activeSessions: 500, stickEntriesLost: 12, stickTableReplicated: false } },
      { at: 13, type: 'lb-takeover', details: { gapSeconds: 3, requestsFailedDuringTakeover: 2 } },
    ]);
  });

  it('is down from the death until the takeover', () => {
    const { sim, pair } = setUp(0);
    const seen: boolean[] = [];
    sim.on(EventKind.Timeline, (k) => (k === 0 ? pair.fail(0) : seen.push(pair.down)));
    sim.scheduleAt(1, EventKind.Timeline, 0);
    sim.scheduleAt(3.9, EventKind.Timeline, 1);
    sim.scheduleAt(4.1, EventKind.Timeline, 2);
    sim.run();
    expect(seen).toEqual([true, false]);
  });
});
