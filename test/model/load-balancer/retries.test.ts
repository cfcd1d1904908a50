/**
 * Where a retry goes when the server's connection was refused but it is still in rotation (dead,
 * not yet marked DOWN), under hash balancing: HAProxy map-based / consistent, NGINX, Envoy.
 */
import { describe, expect, it } from 'vitest';
import { nginxIpHashPick } from '../../../src/model/load-balancer/hashing.js';
import { ip, request, rig, session } from '../../helpers/lb.js';

const USERS = 400;
/** Many clients, one address each, spread over the address space. */
const clients = () => Array.from({ length: USERS }, (_, k) => session(ip(10, (k * 37) & 255, (k * 101) & 255, 1 + (k % 250))));

function hashRig(hashing: 'modulo' | 'consistent', retryPolicy?: object, extra: object = {}) {
  return rig({
    servers: 4,
    affinity: 'ip-hash',
    loadBalancer: { redispatch: true, ...(retryPolicy ? { retryPolicy } : {}), ...extra },
    strategy: { type: 'sticky', affinity: 'ip-hash', hashing },
  });
}

/** Users whose hash picks server `dead`, and what their retry picks. */
function retries(r: ReturnType<typeof hashRig>, dead: number, last = true) {
  r.servers[dead]!.alive = false; // dead but still UP: health checks have not noticed yet
  const out: { user: ReturnType<typeof session>; first: number; retry: number }[] = [];
  for (const u of clients()) {
    const req = request(u);
    const first = r.lb.route(req, 0);
    if (first !== dead) continue;
    out.push({ user: u, first, retry: r.lb.retryTarget(req, first, last, 0) });
  }
  return out;
}

/** Mark `dead` DOWN and return where each user goes now. */
function afterDown(r: ReturnType<typeof hashRig>, dead: number, users: ReturnType<typeof session>[]) {
  r.health.up[dead] = 0;
  r.pool.refresh(dead);
  return users.map((u) => r.lb.route(request(u), 0));
}

describe('HAProxy (default retryPolicy): option redispatch under hash balancing', () => {
  it('hash-type map-based: the redispatched retry lands on the same dead server (map_get_server_hash has no avoid)', () => {
    const out = retries(hashRig('modulo'), 1);
    expect(out.length).toBeGreaterThan(50);
    for (const o of out) expect(o.retry).toBe(1);
  });

  it('retries before the last one stay on the server, whatever the hashing', () => {
    for (const o of retries(hashRig('consistent'), 1, false)) expect(o.retry).toBe(1);
  });

  it('hash-type consistent: the next server on the ring, the same on every request, and the one the key gets once the server is DOWN', () => {
    const r = hashRig('consistent');
    const out = retries(r, 1);
    expect(out.length).toBeGreaterThan(50);
    for (const o of out) expect(o.retry).not.toBe(1);
    // Stable: asking again gives the same alternate.
    const again = out.map((o) => r.lb.retryTarget(request(o.user), 1, true, 0));
    expect(again).toEqual(out.map((o) => o.retry));
    // No second move after the DOWN.
    expect(afterDown(r, 1, out.map((o) => o.user))).toEqual(out.map((o) => o.retry));
  });
});

describe('NGINX (proxy_next_upstream): the retry never goes to the peer just tried', () => {
  it('ip_hash re-hashes past the tried peer (the next server of its re-hash sequence)', () => {
    const r = hashRig('modulo', { style: 'nginx' }, { hash: { ipHash: 'ip_hash' } });
    const out = retries(r, 2);
    expect(out.length).toBeGreaterThan(30);
    const live = Uint8Array.from([1, 1, 0, 1]);
    for (const o of out) {
      expect(o.retry).not.toBe(2);
      expect(o.retry).toBe(nginxIpHashPick(o.user.ip, r.pool.weight, live));
    }
  });

  it('hash … consistent walks the ring: the alternate is the server after the DOWN', () => {
    const r = hashRig('consistent', { style: 'nginx' });
    const out = retries(r, 1);
    for (const o of out) expect(o.retry).not.toBe(1);
    expect(afterDown(r, 1, out.map((o) => o.user))).toEqual(out.map((o) => o.retry));
  });

  it('with every other peer tried too there is nothing left: -1 (NGINX answers 502)', () => {
    const r = rig({ servers: 1, affinity: 'ip-hash', loadBalancer: { retryPolicy: { style: 'nginx' } }, strategy: { type: 'sticky', affinity: 'ip-hash' } });
    r.servers[0]!.alive = false;
    expect(r.lb.retryTarget(request(session(ip(10, 0, 0, 1))), 0, true, 0)).toBe(-1);
  });
});

describe('Envoy: ring hash retries pick the same host unless previous_hosts is configured', () => {
  it('without a retry host predicate every retry goes back to the dead host', () => {
    for (const o of retries(hashRig('consistent', { style: 'envoy' }), 1)) expect(o.retry).toBe(1);
  });

  it('previous_hosts: the next ring point, another host for most keys; more re-selections, fewer repeats', () => {
    const same = (attempts: number) => {
      const out = retries(hashRig('consistent', { style: 'envoy', previousHosts: true, hostSelectionRetryMaxAttempts: attempts }), 1);
      return out.filter((o) => o.retry === 1).length / out.length;
    };
    // The next point belongs to the same host with probability ≈ its share of the ring (1/4 here).
    const one = same(1);
    expect(one).toBeLessThan(0.45);
    expect(same(5)).toBeLessThan(Math.max(one, 0.02));
  });
});
