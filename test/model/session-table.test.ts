/**
 * The session table: slots and their Session objects are reused once a session has ended and
 * nothing holds it; ids never are; a lookup by (slot, id) for an ended session finds nothing,
 * whoever holds the slot now.
 */
import { describe, expect, it } from 'vitest';
import { SessionTable } from '../../src/model/session-table.js';

describe('session table', () => {
  it('an ended session frees its slot, and the next session takes it with every field at its default', () => {
    const t = new SessionTable();
    const a = t.open(0, 1.5, 42);
    a.lastAccess = 9;
    a.pinnedServer = 3;
    a.hasState = true;
    a.storeSerial = 17;
    a.tokenExpiry = 600;
    a.revokedAt = 5;
    a.sent = 2;
    t.close(a);
    const b = t.open(1, 2.5, 43);
    expect(b.slot).toBe(a.slot);
    expect(t.slots).toBe(1);
    expect([b.id, b.startTime, b.lastAccess, b.pinnedServer, b.hasState]).toEqual([1, 2.5, 0, -1, false]);
    expect([b.storeSerial, b.storeHash, b.tokenExpiry, b.revokedAt, b.sent, b.versions]).toEqual([-1, -1, 0, -1, 0, null]);
  });

  it('an event for an ended session cannot reach the newer session in its slot (the id is the generation)', () => {
    const t = new SessionTable();
    const old = t.open(7, 0, 1);
    const slot = old.slot;
    expect(t.find(slot, 7)).toBe(old);
    t.close(old);
    expect(t.find(slot, 7)).toBeNull();
    const fresh = t.open(8, 1, 2);
    expect(fresh.slot).toBe(slot);
    expect(t.find(slot, 7)).toBeNull();
    expect(t.find(slot, 8)).toBe(fresh);
  });

  it('a held session keeps its slot and its values after it ends, until the last hold is let go', () => {
    const t = new SessionTable();
    const a = t.open(0, 0, 1);
    a.hold(); // a parallel request still in flight
    a.hold(); // a write-behind flush still due
    a.writeSerial = 4;
    t.close(a);
    expect(t.live).toBe(0);
    expect(t.find(a.slot, 0)).toBeNull();
    const b = t.open(1, 0, 2);
    expect(b.slot).not.toBe(a.slot);
    a.unhold();
    expect(t.open(2, 0, 3).slot).not.toBe(a.slot);
    expect(a.writeSerial).toBe(4);
    a.unhold();
    expect(t.open(3, 0, 4).slot).toBe(a.slot);
    expect(() => b.unhold()).toThrow(/let go more often than held/);
  });

  it('the draws of a session in a reused slot are those of its own seed, as if it were alone', () => {
    const t = new SessionTable();
    const a = t.open(0, 0, 99);
    a.next();
    a.next();
    t.close(a);
    const b = t.open(1, 0, 12345);
    const alone = new SessionTable().open(5, 0, 12345);
    const draws = [b.next(), b.next(), b.next()];
    expect(draws).toEqual([alone.next(), alone.next(), alone.next()]);
  });

  it('the table is as large as the most sessions held at once, not every session ever', () => {
    const t = new SessionTable();
    let id = 0;
    const live = [];
    for (let k = 0; k < 1000; k++) live.push(t.open(id++, 0, k));
    for (let round = 0; round < 50; round++) {
      // Half the sessions end, as many new ones start.
      for (let k = 0; k < 500; k++) t.close(live.splice((k * 7919) % live.length, 1)[0]!);
      for (let k = 0; k < 500; k++) live.push(t.open(id++, 0, k));
    }
    expect(id).toBe(26_000);
    expect(t.live).toBe(1000);
    expect(t.slots).toBe(1000);
    // The dense live list still names exactly the live sessions.
    const listed = new Set(Array.from({ length: t.live }, (_, k) => t.liveAt(k).id));
    expect(listed).toEqual(new Set(live.map((s) => s.id)));
  });

  it('the slots of many pages each find their own session', () => {
    const t = new SessionTable();
    const all = Array.from({ length: 10_000 }, (_, k) => t.open(k, k, k + 1));
    for (const s of all) s.lastAccess = s.id * 2;
    expect(all.every((s) => t.find(s.slot, s.id) === s && s.lastAccess === s.id * 2 && s.startTime === s.id)).toBe(true);
  });
});
