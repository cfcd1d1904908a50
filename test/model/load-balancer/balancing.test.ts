import { describe, expect, it } from 'vitest';
import { request, rig, session, tally } from '../../helpers/lb.js';

const picks = (n: number, f: () => number) => Array.from({ length: n }, f);

describe('round-robin (HAProxy roundrobin, NGINX smooth weighted round-robin)', () => {
  it('equal weights: servers in turn, skipping servers not eligible', () => {
    const r = rig({ servers: 4, algorithm: 'round-robin' });
    const req = request(session());
    expect(picks(8, () => r.lb.balancer.pick(req, -1))).toEqual([0, 1, 2, 3, 0, 1, 2, 3]);
    r.health.up[2] = 0;
    r.pool.refresh(2);
    expect(picks(6, () => r.lb.balancer.pick(req, -1))).toEqual([0, 1, 3, 0, 1, 3]);
  });

  it('weights 5,1,1 interleave as NGINX documents: a a b a c a a', () => {
    const r = rig({ weights: [5, 1, 1], algorithm: 'round-robin' });
    const req = request(session());
    expect(picks(14, () => r.lb.balancer.pick(req, -1))).toEqual([0, 0, 1, 0, 2, 0, 0, 0, 0, 1, 0, 2, 0, 0]);
  });

  it('weights 1,2,1 give exactly 1/4, 1/2, 1/4 of the picks (the cycle is 4 long)', () => {
    const r = rig({ weights: [1, 2, 1], algorithm: 'round-robin' });
    const req = request(session());
    expect(tally(3, picks(4000, () => r.lb.balancer.pick(req, -1)))).toEqual([1000, 2000, 1000]);
  });

  it('slow start: a server at 10 % of its weight gets 0.1/(0.1 + 1) of the picks', () => {
    const r = rig({ servers: 2, algorithm: 'round-robin' });
    r.pool.setWeightShare(0, 0.1);
    const req = request(session());
    // Smooth WRR over weights 0.1 and 1 is exact up to one pick per cycle of 11.
    const counts = tally(2, picks(11000, () => r.lb.balancer.pick(req, -1)));
    expect(counts[0]).toBeGreaterThanOrEqual(999);
    expect(counts[0]).toBeLessThanOrEqual(1001);
  });

  it('draining: no new clients; a weight of 0 is never chosen', () => {
    const r = rig({ weights: [1, 0, 1], algorithm: 'round-robin' });
    r.pool.draining[0] = 1;
    r.pool.refresh(0);
    const req = request(session());
    expect(new Set(picks(10, () => r.lb.balancer.pick(req, -1)))).toEqual(new Set([2]));
  });
});

describe('least-connections (HAProxy leastconn: queued requests count)', () => {
  it('picks the fewest requests in service or queued, ties in round-robin order', () => {
    const r = rig({ servers: 4, algorithm: 'least-connections' });
    const load = [3, 1, 2, 1];
    r.servers.forEach((s, i) => (s.busy = load[i]!));
    r.servers[0]!.busy = 1;
    r.servers[0]!.enqueue(7);
    r.servers[0]!.enqueue(8); // 1 in service + 2 queued = 3
    const req = request(session());
    expect(r.lb.balancer.pick(req, -1)).toBe(1);
    // Tie between 1 and 3: the search starts after the last pick, so 3 comes next.
    expect(r.lb.balancer.pick(req, -1)).toBe(3);
  });

  it('weighted: compares (load + 1) / weight', () => {
    const r = rig({ weights: [1, 3], algorithm: 'least-connections' });
    r.servers[0]!.busy = 1; // (1 + 1) / 1 = 2
    r.servers[1]!.busy = 2; // (2 + 1) / 3 = 1
    expect(r.lb.balancer.pick(request(session()), -1)).toBe(1);
  });
});

describe('random (HAProxy random(1), NGINX random)', () => {
  it('weights 1,3: shares 1/4 and 3/4 within 4 binomial standard deviations', () => {
    const r = rig({ weights: [1, 3], algorithm: 'random' });
    const n = 40_000;
    const counts = tally(2, picks(n, () => r.lb.balancer.pick(request(session()), -1)));
    // sd of a share p estimated from n picks: sqrt(p(1-p)/n) = sqrt(0.1875/40000) ≈ 0.00217.
    expect(Math.abs(counts[0]! / n - 0.25)).toBeLessThan(4 * Math.sqrt(0.1875 / n));
  });

  it('only eligible servers, uniformly', () => {
    const r = rig({ servers: 5, algorithm: 'random' });
    r.health.up[1] = 0;
    r.pool.refresh(1);
    const n = 40_000;
    const counts = tally(5, picks(n, () => r.lb.balancer.pick(request(session()), -1)));
    expect(counts[1]).toBe(0);
    for (const i of [0, 2, 3, 4]) expect(Math.abs(counts[i]! / n - 0.25)).toBeLessThan(4 * Math.sqrt(0.1875 / n));
  });
});

describe('redispatch avoids the failed server (HAProxy passes it to the algorithm)', () => {
  it.each(['round-robin', 'least-connections', 'random', 'power-of-d'] as const)('%s never returns the avoided server while another is eligible', (algorithm) => {
    const r = rig({ servers: 3, algorithm });
    const req = request(session());
    for (let k = 0; k < 300; k++) expect(r.lb.balancer.pick(req, 1)).not.toBe(1);
  });

  it('...and returns it when it is the only one', () => {
    const r = rig({ servers: 2, algorithm: 'round-robin' });
    r.health.up[0] = 0;
    r.pool.refresh(0);
    expect(r.lb.balancer.pick(request(session()), 1)).toBe(1);
  });
});

describe('power of d choices (HAProxy random(2), Envoy least_request, NGINX random two least_conn)', () => {
  /**
   * Balls into bins: n requests to n servers that never finish (load = busy). One random choice
   * gives a maximum load ≈ ln n / ln ln n; two choices ≈ ln ln n / ln 2 + O(1) (Azar et al. 1994).
   * Expected numbers for n = 4096 from the fluid limit ds_i/dt = s_{i-1}^d − s_i^d at t = 1:
   *   d = 1: bins with ≥ 5 balls ≈ 4096 × 3.66e-3 ≈ 15  ⇒ P(max < 5) ≈ e^-15
   *   d = 2: bins with ≥ 5 balls ≈ 4096 × 1.3e-12 ≈ 5e-9 ⇒ P(max ≥ 5) ≈ 5e-9 (max is 3, or 4 with ≈ 2.5 %)
   */
  function maxLoad(algorithm: 'random' | 'power-of-d', seed: number): number {
    const n = 4096;
    const r = rig({ servers: n, algorithm, seed });
    const req = request(session());
    for (let k = 0; k < n; k++) r.servers[r.lb.balancer.pick(req, -1)]!.busy++;
    return Math.max(...r.servers.map((s) => s.busy));
  }

  it('4096 balls into 4096 bins: random max load ≥ 5, two choices ≤ 4', () => {
    for (const seed of [1, 2, 3]) {
      expect(maxLoad('random', seed)).toBeGreaterThanOrEqual(5);
      expect(maxLoad('power-of-d', seed)).toBeLessThanOrEqual(4);
    }
  });

  it('draws d servers from the strategy stream and takes the least loaded', () => {
    const r = rig({ servers: 2, algorithm: 'power-of-d', loadBalancer: { choices: 2 } });
    r.servers[0]!.busy = 5;
    const counts = tally(2, picks(4000, () => r.lb.balancer.pick(request(session()), -1)));
    // Server 0 wins only if both draws are 0: probability 1/4 (sd of the share 0.0068).
    expect(Math.abs(counts[0]! / 4000 - 0.25)).toBeLessThan(4 * Math.sqrt(0.1875 / 4000));
  });
});
