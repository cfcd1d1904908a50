import { describe, expect, it } from 'vitest';
import { PassiveOutcome } from '../../../src/model/load-balancer/passive-health.js';
import { request, rig, session } from '../../helpers/lb.js';

describe('NGINX passive checks (max_fails, fail_timeout)', () => {
  it('defaults max_fails=1 fail_timeout=10s: one failed connection takes the server out for 10 s, then one probe', () => {
    const r = rig({ servers: 2, loadBalancer: { passive: { type: 'nginx' } } });
    const p = r.passive!;
    expect(p.failure(0, 100, false)).toBe(PassiveOutcome.Ejected);
    expect(r.pool.eligible[0]).toBe(0);
    expect(p.lastEjectionSeconds).toBe(10);
    p.onTimeout(0, p.generation[0]!);
    expect(r.pool.eligible[0]).toBe(1);
    // The probe fails: out again, silently (the outage is already recorded).
    expect(p.failure(0, 110, false)).toBe(PassiveOutcome.Reejected);
    expect(r.pool.eligible[0]).toBe(0);
    p.onTimeout(0, p.generation[0]!);
    // The probe succeeds: back for good.
    expect(p.success(0)).toBe(PassiveOutcome.Returned);
    expect(p.failure(0, 130, false)).toBe(PassiveOutcome.Ejected); // a fresh outage
  });

  it('max_fails=3: failures further apart than fail_timeout do not add up', () => {
    const r = rig({ servers: 2, loadBalancer: { passive: { type: 'nginx', maxFails: 3, failTimeout: '10s' } } });
    const p = r.passive!;
    expect(p.failure(0, 0, false)).toBe(PassiveOutcome.None);
    expect(p.failure(0, 5, false)).toBe(PassiveOutcome.None);
    expect(p.failure(0, 16, false)).toBe(PassiveOutcome.None); // 11 s after the last: count restarts at 1
    expect(p.failure(0, 20, false)).toBe(PassiveOutcome.None);
    expect(p.failure(0, 25, false)).toBe(PassiveOutcome.Ejected);
  });

  it('a 503 is not a failure under the default proxy_next_upstream error timeout', () => {
    const r = rig({ servers: 2, loadBalancer: { passive: { type: 'nginx' } } });
    expect(r.passive!.failure(0, 0, true)).toBe(PassiveOutcome.None);
    expect(r.pool.eligible[0]).toBe(1);
  });

  it('a stale timer (from an earlier ejection) does nothing', () => {
    const r = rig({ servers: 2, loadBalancer: { passive: { type: 'nginx' } } });
    const p = r.passive!;
    p.failure(0, 0, false);
    const stale = p.generation[0]! - 1;
    p.onTimeout(0, stale);
    expect(r.pool.eligible[0]).toBe(0);
  });

  it('every server out: NGINX forgets the failures and tries them all (quick recovery)', () => {
    const r = rig({ servers: 2, algorithm: 'round-robin', loadBalancer: { passive: { type: 'nginx' } } });
    r.passive!.failure(0, 0, false);
    r.passive!.failure(1, 0, false);
    expect(r.pool.eligibleCount).toBe(0);
    expect(r.lb.route(request(session()), 1)).toBeGreaterThanOrEqual(0);
    expect(r.pool.eligibleCount).toBe(2);
  });
});

describe('Envoy outlier detection (consecutive_5xx)', () => {
  const envoy = { passive: { type: 'envoy' } };

  it('5 consecutive errors eject for base_ejection_time 30 s; a success in between resets the count', () => {
    const r = rig({ servers: 20, loadBalancer: envoy });
    const p = r.passive!;
    for (let k = 0; k < 4; k++) expect(p.failure(0, k, true)).toBe(PassiveOutcome.None);
    p.success(0);
    for (let k = 0; k < 4; k++) expect(p.failure(0, 10 + k, false)).toBe(PassiveOutcome.None);
    expect(p.failure(0, 14, true)).toBe(PassiveOutcome.Ejected);
    expect(p.lastEjectionSeconds).toBe(30);
  });

  it('the ejection time grows with repeated ejections (30, 60, 90 s …) up to max_ejection_time 300 s', () => {
    const r = rig({ servers: 20, loadBalancer: envoy });
    const p = r.passive!;
    const times: number[] = [];
    let now = 0;
    for (let round = 0; round < 12; round++) {
      for (let k = 0; k < 5; k++) p.failure(3, now, false);
      times.push(p.lastEjectionSeconds);
      now += p.lastEjectionSeconds;
      p.sweep(now, () => {});
    }
    expect(times.slice(0, 4)).toEqual([30, 60, 90, 120]);
    expect(Math.max(...times)).toBe(300);
  });

  it('the interval sweep returns hosts whose time is up, and calls back for each', () => {
    const r = rig({ servers: 20, loadBalancer: envoy });
    const p = r.passive!;
    for (let k = 0; k < 5; k++) p.failure(1, 0, false);
    const back: number[] = [];
    p.sweep(20, (i) => back.push(i));
    expect(back).toEqual([]);
    p.sweep(30, (i) => back.push(i));
    expect(back).toEqual([1]);
    expect(r.pool.eligible[1]).toBe(1);
  });

  it('max_ejection_percent 10: of 4 hosts only one may be out (one always may), of 20 two', () => {
    for (const [n, allowed] of [[4, 1], [20, 2]] as const) {
      const r = rig({ servers: n, loadBalancer: envoy });
      let ejected = 0;
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < 5; k++) if (r.passive!.failure(i, 0, false) === PassiveOutcome.Ejected) ejected++;
      }
      expect(ejected).toBe(allowed);
    }
  });
});
