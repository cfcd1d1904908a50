import { describe, expect, it } from 'vitest';
import { FALL_BACK_TO_ROUND_ROBIN } from '../../../src/model/load-balancer/hashing.js';
import { ip, request, rig, session, tally } from '../../helpers/lb.js';

/** K users with random addresses (a fixed LCG, so the test is deterministic). */
function users(k: number, seed = 7) {
  let x = seed;
  return Array.from({ length: k }, (_, id) => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return session(x, id);
  });
}

const K = 20_000;

/**
 * Remap fractions through the balancer itself (ServerPool + HashSelector), the way a scale event
 * changes the live set. Tolerances:
 *  - modulo: each key moves or not independently-ish of the others ⇒ binomial, sd = sqrt(p(1−p)/K)
 *    ≤ 0.0036 for K = 20 000; 4 sd ≈ 0.014;
 *  - consistent: the share of the ring a server owns is itself random: with M points in all, a
 *    server owning a share p of them owns an arc length ~ Beta(pM, (1−p)M), variance ≈ p(1−p)/M.
 *    With 160 points per server (ketama) and N = 5, M = 800 ⇒ sd ≈ 0.0141; plus the binomial term
 *    ⇒ sd ≈ 0.0144, 4 sd ≈ 0.058.
 */
describe('remap fractions when the live set changes (HAProxy map-based vs consistent)', () => {
  const N = 4;

  function moved(hashing: 'modulo' | 'consistent', change: 'add' | 'remove') {
    // N + 1 slots; in `add` the last one joins, in `remove` server 1 leaves.
    const r = rig({ servers: N + 1, affinity: 'ip-hash', strategy: { type: 'sticky', affinity: 'ip-hash', hashing, pointsPerWeight: 160 } });
    const flip = change === 'add' ? N : 1;
    if (change === 'add') {
      r.pool.remove(N);
    }
    const list = users(K);
    const before = list.map((s) => r.lb.targetOf(s, 0));
    if (change === 'add') r.pool.provision(N, 1);
    else {
      r.health.up[flip] = 0;
      r.pool.refresh(flip);
    }
    const after = list.map((s) => r.lb.targetOf(s, 0));
    let n = 0;
    let toNew = 0;
    let fromOthers = 0;
    for (let k = 0; k < K; k++) {
      if (before[k] === after[k]) continue;
      n++;
      if (after[k] === flip) toNew++;
      if (before[k] !== flip) fromOthers++;
    }
    return { share: n / K, toNew, fromOthers, moved: n };
  }

  const binomial4sd = (p: number) => 4 * Math.sqrt((p * (1 - p)) / K);
  const ring4sd = (p: number, points: number) => 4 * Math.sqrt((p * (1 - p)) / points + (p * (1 - p)) / K);

  it(`adding a server to ${N}: modulo moves ≈ N/(N+1) = 0.8, consistent ≈ 1/(N+1) = 0.2 and only to the new server`, () => {
    const mod = moved('modulo', 'add');
    const cons = moved('consistent', 'add');
    expect(Math.abs(mod.share - N / (N + 1))).toBeLessThan(binomial4sd(N / (N + 1)));
    expect(Math.abs(cons.share - 1 / (N + 1))).toBeLessThan(ring4sd(1 / (N + 1), 160 * (N + 1)));
    expect(cons.toNew).toBe(cons.moved);
  });

  it(`removing 1 of ${N + 1}: modulo moves ≈ N/(N+1), consistent ≈ 1/(N+1) and only the lost server's keys`, () => {
    // Removing one of n = N+1 servers: map-based keeps a key iff h mod n and h mod (n−1) agree after
    // renumbering, ≈ 1/n of keys stay, so (n−1)/n = N/(N+1) move.
    const mod = moved('modulo', 'remove');
    const cons = moved('consistent', 'remove');
    expect(Math.abs(mod.share - N / (N + 1))).toBeLessThan(binomial4sd(N / (N + 1)));
    expect(Math.abs(cons.share - 1 / (N + 1))).toBeLessThan(ring4sd(1 / (N + 1), 160 * (N + 1)));
    expect(cons.fromOthers).toBe(0);
  });
});

describe('NGINX ip_hash', () => {
  it('a whole /24 lands on one server; HAProxy source (whole address) spreads it', () => {
    const nginx = rig({ servers: 4, affinity: 'ip-hash', strategy: { type: 'sticky', affinity: 'ip-hash', ipHash: 'ip_hash' } });
    const haproxy = rig({ servers: 4, affinity: 'ip-hash', strategy: { type: 'sticky', affinity: 'ip-hash', ipHash: 'source' } });
    const campus = Array.from({ length: 254 }, (_, h) => session(ip(192, 0, 2, h + 1)));
    expect(new Set(campus.map((s) => nginx.lb.targetOf(s, 0))).size).toBe(1);
    // sdbm's last step adds the last octet: h mod 4 cycles through all servers across the /24.
    for (const c of tally(4, campus.map((s) => haproxy.lb.targetOf(s, 0)))) expect([63, 64]).toContain(c);
  });

  it('divides by the weight of ALL configured servers: a down server\'s keys re-hash, the others stay', () => {
    const r = rig({ servers: 4, affinity: 'ip-hash', strategy: { type: 'sticky', affinity: 'ip-hash', ipHash: 'ip_hash' } });
    const list = users(K);
    const before = list.map((s) => r.lb.targetOf(s, 0));
    r.health.up[2] = 0;
    r.pool.refresh(2);
    const after = list.map((s) => r.lb.targetOf(s, 0));
    let movedOthers = 0;
    for (let k = 0; k < K; k++) if (before[k] !== 2 && after[k] !== before[k]) movedOthers++;
    expect(movedOthers).toBe(0);
    expect(after).not.toContain(2);
  });

  it('falls back to round robin when 20 re-hashes all hit down servers', () => {
    const r = rig({ servers: 4, affinity: 'ip-hash', strategy: { type: 'sticky', affinity: 'ip-hash', ipHash: 'ip_hash' } });
    for (const i of [0, 1, 2]) {
      r.health.up[i] = 0;
      r.pool.refresh(i);
    }
    // Some address's 21 tries all miss server 3 (probability (3/4)^21 ≈ 0.24 %): find one.
    const s = users(20_000).find((u) => r.lb.hash!.pick(u, 0) === FALL_BACK_TO_ROUND_ROBIN);
    expect(s).toBeDefined();
    expect(r.lb.route(request(s!), 0)).toBe(3);
  });
});

describe('hash keys', () => {
  it('session-id: every request of a session goes to one server, sessions spread evenly', () => {
    const r = rig({ servers: 4, algorithm: 'hash', strategy: { type: 'external', hashKey: 'session-id' } });
    const list = users(K);
    const counts = tally(4, list.map((s) => r.lb.targetOf(s, 0)));
    for (const c of counts) expect(Math.abs(c / K - 0.25)).toBeLessThan(4 * Math.sqrt(0.1875 / K));
  });

  it('url (HAProxy balance uri): a page always goes to one server, but a session has no affinity', () => {
    const r = rig({ servers: 4, algorithm: 'hash', strategy: { type: 'external', hashKey: 'url' } });
    const s = session(1);
    expect(r.lb.targetOf(s, 0)).toBe(-1);
    const byPage = Array.from({ length: 64 }, (_, page) => r.lb.route(request(s, page), 0));
    expect(Array.from({ length: 64 }, (_, page) => r.lb.route(request(session(page + 99), page), 0))).toEqual(byPage);
    expect(new Set(byPage).size).toBe(4);
  });
});
