import { describe, expect, it } from 'vitest';
import { RouteKind } from '../../../src/model/load-balancer/load-balancer.js';
import type { Rig } from '../../helpers/lb.js';
import { request, rig, session } from '../../helpers/lb.js';

/** Route one request of `s` at `now` and, as the world does after a response, bind. */
function visit(r: Rig, s: ReturnType<typeof session>, now: number): number {
  const req = request(s);
  const server = r.lb.route(req, now);
  if (server >= 0) r.lb.bind(req, server, now);
  return server;
}

function markDown(r: Rig, i: number): void {
  r.health.up[i] = 0;
  r.pool.refresh(i);
}
function markUp(r: Rig, i: number): void {
  r.health.up[i] = 1;
  r.pool.refresh(i);
}

describe('cookie insert (HAProxy cookie SRV insert)', () => {
  it('the first request is balanced and the response pins the client; later requests follow the cookie', () => {
    const r = rig({ servers: 4, affinity: 'cookie', algorithm: 'round-robin' });
    visit(r, session(), 0); // takes s0
    const s = session();
    const req = request(s);
    expect(r.lb.route(req, 1)).toBe(1);
    expect(req.routeKind).toBe(RouteKind.Balanced);
    r.lb.bind(req, 1, 1);
    for (let t = 2; t < 10; t++) expect(visit(r, s, t)).toBe(1);
  });

  it('a client refusing cookies is balanced anew on every request', () => {
    const r = rig({ servers: 4, affinity: 'cookie', algorithm: 'round-robin' });
    const s = session();
    s.refusesCookies = true;
    expect([0, 1, 2, 3, 4].map((t) => visit(r, s, t))).toEqual([0, 1, 2, 3, 0]);
  });

  it('maxidle: a cookie idle longer than maxidle is ignored and replaced', () => {
    const r = rig({ servers: 4, affinity: 'cookie', algorithm: 'round-robin', strategy: { type: 'sticky', maxIdle: '10m' } });
    const s = session();
    expect(visit(r, s, 0)).toBe(0);
    expect(visit(r, s, 599)).toBe(0); // idle 599 s: still valid, refreshed
    expect(visit(r, s, 1198)).toBe(0); // idle 599 s again
    expect(visit(r, s, 1799)).toBe(1); // idle 601 s: ignored, balanced, new cookie
    expect(s.cookieSetAt).toBe(1799);
  });

  it('maxlife: a cookie older than maxlife is ignored even while in use', () => {
    const r = rig({ servers: 4, affinity: 'cookie', algorithm: 'round-robin', strategy: { type: 'sticky', maxLife: '1h' } });
    const s = session();
    let t = 0;
    for (; t <= 3600; t += 60) expect(visit(r, s, t)).toBe(0);
    expect(visit(r, s, t)).toBe(1);
  });

  it('pinned server marked DOWN: balanced and re-pinned for good (HAProxy), no return after recovery', () => {
    const r = rig({ servers: 4, affinity: 'cookie', algorithm: 'round-robin' });
    const s = session();
    expect(visit(r, s, 0)).toBe(0);
    markDown(r, 0);
    const req = request(s);
    const moved = r.lb.route(req, 1);
    expect(moved).not.toBe(0);
    expect(req.routeKind).toBe(RouteKind.Failover);
    r.lb.bind(req, moved, 1);
    markUp(r, 0);
    expect(visit(r, s, 2)).toBe(moved);
  });

  it('afterDown "return": balanced while its server is DOWN, back once it is UP', () => {
    const r = rig({ servers: 4, affinity: 'cookie', algorithm: 'round-robin', strategy: { type: 'sticky', afterDown: 'return' } });
    const s = session();
    expect(visit(r, s, 0)).toBe(0);
    markDown(r, 0);
    expect(visit(r, s, 1)).not.toBe(0);
    expect(s.pinnedServer).toBe(0);
    markUp(r, 0);
    expect(visit(r, s, 2)).toBe(0);
  });

  it('option persist: keeps sending to a DOWN server, but not to one in maintenance', () => {
    const r = rig({ servers: 4, affinity: 'cookie', algorithm: 'round-robin', loadBalancer: { persist: true } });
    const s = session();
    expect(visit(r, s, 0)).toBe(0);
    markDown(r, 0);
    expect(visit(r, s, 1)).toBe(0);
    r.pool.maintenance[0] = 1;
    r.pool.refresh(0);
    expect(visit(r, s, 2)).not.toBe(0);
  });

  it('draining (HAProxy drain): pinned clients stay, new ones go elsewhere; ALB deregistration moves everyone', () => {
    for (const keeps of [true, false]) {
      const r = rig({ servers: 2, affinity: 'cookie', algorithm: 'round-robin', loadBalancer: { drainKeepsPinned: keeps } });
      const pinned = session();
      expect(visit(r, pinned, 0)).toBe(0);
      r.pool.draining[0] = 1;
      r.pool.refresh(0);
      expect(visit(r, pinned, 1)).toBe(keeps ? 0 : 1);
      for (let k = 0; k < 5; k++) expect(visit(r, session(), 2)).toBe(1);
    }
  });
});

describe('URL rewriting (session id with a server route in URLs)', () => {
  it('survives cookie refusal', () => {
    const r = rig({ servers: 4, affinity: 'url', algorithm: 'round-robin' });
    const s = session();
    s.refusesCookies = true;
    expect([0, 1, 2].map((t) => visit(r, s, t))).toEqual([0, 0, 0]);
  });

  it('a request without the id is balanced and does not move the binding', () => {
    const r = rig({ servers: 4, affinity: 'url', algorithm: 'round-robin' });
    const s = session();
    expect(visit(r, s, 0)).toBe(0);
    const bare = request(s);
    bare.noSessionId = true;
    const where = r.lb.route(bare, 1);
    expect(where).toBe(1);
    r.lb.bind(bare, where, 1);
    expect(s.pinnedServer).toBe(0);
    expect(visit(r, s, 2)).toBe(0);
  });
});

describe('stick table on source address (HAProxy stick on src)', () => {
  const strategy = { type: 'sticky', affinity: 'stick-table', stickTable: { expire: '30m' } };

  it('the first server an address reaches is stored and followed; everyone behind a NAT address shares it', () => {
    const r = rig({ servers: 4, affinity: 'stick-table', algorithm: 'round-robin', strategy });
    const a = session(0x64400001);
    const b = session(0x64400001);
    expect(visit(r, a, 0)).toBe(0);
    expect(visit(r, b, 1)).toBe(0);
    expect(visit(r, session(0x0a000001), 2)).toBe(1);
  });

  it('entries expire after `expire` without use', () => {
    const r = rig({ servers: 4, affinity: 'stick-table', algorithm: 'round-robin', strategy });
    const a = session(0x0a000001);
    expect(visit(r, a, 0)).toBe(0);
    expect(visit(r, a, 1799)).toBe(0);
    expect(visit(r, a, 1799 + 1801)).toBe(1);
  });

  it('a DOWN server\'s entry is replaced by the new server (re-pin)', () => {
    const r = rig({ servers: 4, affinity: 'stick-table', algorithm: 'round-robin', strategy });
    const a = session(0x0a000001);
    expect(visit(r, a, 0)).toBe(0);
    markDown(r, 0);
    const moved = visit(r, a, 1);
    markUp(r, 0);
    expect(visit(r, a, 2)).toBe(moved);
  });

  it('balancer failover: the local table is lost (the standby starts empty), a replicated one survives', () => {
    for (const replicated of [false, true]) {
      const r = rig({ servers: 4, affinity: 'stick-table', algorithm: 'round-robin', strategy: { ...strategy, stickTable: { replicated } } });
      const clients = Array.from({ length: 8 }, (_, k) => session(0x0a000000 + k));
      const before = clients.map((c) => visit(r, c, 0));
      expect(r.lb.failover(1)).toBe(replicated ? 0 : 8);
      const after = clients.map((c) => visit(r, c, 2));
      if (replicated) expect(after).toEqual(before);
      else expect(r.lb.stickTable!.count).toBe(8); // re-learnt by the new active balancer
    }
  });
});

describe('balancer failover keeps client-side and hash affinity', () => {
  it.each(['cookie', 'url', 'ip-hash'] as const)('%s: every client goes where it went before', (affinity) => {
    const r = rig({ servers: 4, affinity, algorithm: 'round-robin', strategy: { type: 'sticky', affinity } });
    const clients = Array.from({ length: 20 }, (_, k) => session(0x0a000000 + k * 7919));
    const before = clients.map((c) => visit(r, c, 0));
    expect(r.lb.failover(1)).toBe(0);
    expect(clients.map((c) => visit(r, c, 2))).toEqual(before);
  });
});
