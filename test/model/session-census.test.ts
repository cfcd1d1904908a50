/**
 * The counts scale, deploy and health events report, over the live sessions only: whose
 * in-memory state a server's current process holds, who is pinned to it (by stick-table entry
 * where the balancer has one, else by cookie or URL), and how many users a change sends
 * elsewhere.
 */
import { describe, expect, it } from 'vitest';
import type { LoadBalancer } from '../../src/model/load-balancer/load-balancer.js';
import type { Session } from '../../src/model/session.js';
import { captureTargets, countMoved, sessionsPinnedTo, sessionsWithStateOn, unpin } from '../../src/model/session-census.js';
import { SessionTable } from '../../src/model/session-table.js';

/** A balancer whose target for a session is whatever `target` says now. */
function balancer(affinity: string, target: (s: Session) => number): LoadBalancer {
  return { affinity, targetOf: (s: Session) => target(s) } as unknown as LoadBalancer;
}

function table(pins: number[]): SessionTable {
  const t = new SessionTable();
  pins.forEach((pin, id) => {
    t.open(id, 0, id + 1).pinnedServer = pin;
  });
  return t;
}

describe('session census', () => {
  it('state counts only the live sessions whose state is in the server\'s current process', () => {
    const t = table([0, 0, 1]);
    for (let k = 0; k < 3; k++) {
      const s = t.liveAt(k);
      s.hasState = true;
      s.stateServer = s.pinnedServer;
      s.stateIncarnation = 1;
    }
    t.liveAt(1).stateIncarnation = 0; // written before the server's last restart
    expect(sessionsWithStateOn(t, 0, 1)).toBe(1);
    expect(sessionsWithStateOn(t, 1, 1)).toBe(1);
    t.close(t.liveAt(0));
    expect(sessionsWithStateOn(t, 0, 1)).toBe(0);
  });

  it('pinned means the cookie or URL route, or the stick-table entry when the balancer keeps one', () => {
    const t = table([2, 2, -1, 1]);
    expect(sessionsPinnedTo(t, balancer('cookie', () => 0), 2, 0)).toBe(2);
    const stickTable = balancer('stick-table', (s) => (s.id % 2 === 0 ? 3 : -1));
    expect(sessionsPinnedTo(t, stickTable, 3, 0)).toBe(2);
    expect(sessionsPinnedTo(t, stickTable, 2, 0)).toBe(0);
  });

  it('moved counts the users whose target changed, not those who had none', () => {
    const t = table([0, 1, 2, 3]);
    let ring = (s: Session) => (s.id === 3 ? -1 : s.id);
    const lb = balancer('ip-hash', (s) => ring(s));
    const before = captureTargets(t, lb, 0);
    expect([...before]).toEqual([0, 1, 2, -1]);
    ring = (s) => (s.id === 1 ? 2 : s.id);
    expect(countMoved(t, lb, before, 0)).toBe(1);
  });

  it('unpin forgets a server every cookie or URL route named', () => {
    const t = table([4, 1, 4]);
    unpin(t, 4);
    expect([0, 1, 2].map((k) => t.liveAt(k).pinnedServer)).toEqual([-1, 1, -1]);
  });
});
