import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/random.js';
import { ClientPopulation } from '../../src/model/client-population.js';
import type { ClientConfig, ServerConfig } from '../../src/model/config.js';
import { Request } from '../../src/model/session.js';
import { resolveScenario } from '../../src/scenario/load.js';

function population(network: object, options = { requestKeys: false, urlIds: false }, seed = 5): { pop: ClientPopulation; clients: ClientConfig; servers: ServerConfig } {
  const c = resolveScenario({ clients: { network } });
  const streams = new RandomStreams(seed);
  return { pop: new ClientPopulation(c.clients, c.servers, streams.stream('arrivals'), streams.stream('sessions'), options), clients: c.clients, servers: c.servers };
}

const slash24 = (ip: number) => ip >>> 8;

describe('client addresses', () => {
  it('by default every user has an own address scattered over many /24s', () => {
    const { pop } = population({});
    const users = Array.from({ length: 10_000 }, () => pop.createSession(0));
    // 10 000 random /24s out of 2^24: collisions are rare (expected ≈ n²/2^25 ≈ 3).
    expect(new Set(users.map((s) => slash24(s.ip))).size).toBeGreaterThan(9_980);
  });

  it('NAT users share natAddresses addresses, each in its own /24 of 100.64.0.0/10', () => {
    const { pop } = population({ natShare: 1, natAddresses: 8 });
    const ips = new Set(Array.from({ length: 5_000 }, () => pop.createSession(0).ip));
    expect(ips.size).toBe(8);
    for (const ip of ips) expect(ip >>> 22).toBe((100 << 2) | 1); // 100.64.0.0/10
    expect(new Set([...ips].map(slash24)).size).toBe(8);
  });

  it('Zipf NAT groups: the biggest address carries 1/H(n,s) of the NAT users', () => {
    const n = 8;
    const s = 1;
    const harmonic = Array.from({ length: n }, (_, k) => 1 / (k + 1) ** s).reduce((a, b) => a + b, 0);
    const p0 = 1 / harmonic; // ≈ 0.368
    const { pop } = population({ natShare: 1, natAddresses: n, natGroupSizes: 'zipf', natZipfExponent: s });
    const users = Array.from({ length: 20_000 }, () => pop.createSession(0));
    const biggest = users.filter((u) => u.ip === (((100 << 24) | (64 << 16)) + 1) >>> 0).length / users.length;
    // Binomial: sd = sqrt(p(1−p)/20000) ≈ 0.0034.
    expect(Math.abs(biggest - p0)).toBeLessThan(4 * Math.sqrt((p0 * (1 - p0)) / users.length));
  });

  it('subnets: a campus puts every user in the given number of /24s, hosts .1 to .254', () => {
    const { pop } = population({ subnets: 3 });
    const users = Array.from({ length: 5_000 }, () => pop.createSession(0));
    expect(new Set(users.map((u) => slash24(u.ip))).size).toBe(3);
    for (const u of users) {
      expect(u.ip & 0xff).toBeGreaterThanOrEqual(1);
      expect(u.ip & 0xff).toBeLessThanOrEqual(254);
    }
  });
});

describe('mobile users', () => {
  it('change address as a Poisson process: after t seconds a mobile user has changed ≈ rate × t times', () => {
    const rate = 0.01;
    const { pop } = population({ mobileShare: 0.5, ipChangeRate: rate });
    const users = Array.from({ length: 4_000 }, () => pop.createSession(0));
    const mobile = users.filter((u) => u.mobility !== null);
    // Binomial share of mobile users: sd = sqrt(0.25/4000) ≈ 0.0079.
    expect(Math.abs(mobile.length / users.length - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / users.length));
    const t = 300;
    let changes = 0;
    for (const u of mobile) {
      const req = new Request(0);
      req.session = u;
      const before = u.ip;
      pop.network.beforeRequest(req, t);
      changes += u.ipChanges;
      if (u.ipChanges > 0) expect(u.ip).not.toBe(before);
    }
    // The total is Poisson with mean m·rate·t (m mobile users): sd = sqrt(mean).
    const mean = mobile.length * rate * t;
    expect(Math.abs(changes - mean)).toBeLessThan(4 * Math.sqrt(mean));
  });
});

describe('common random numbers', () => {
  it('mobility, pages and URL ids never shift the workload\'s draws', () => {
    const plain = population({});
    const busy = population({ mobileShare: 0.7, ipChangeRate: 0.05, urlIdMissing: 0.2, natGroupSizes: 'zipf' }, { requestKeys: true, urlIds: true });
    for (let k = 0; k < 500; k++) {
      const a = plain.pop.createSession(k);
      const b = busy.pop.createSession(k);
      expect([b.requestsLeft, b.ip, b.refusesCookies]).toEqual([a.requestsLeft, a.ip, a.refusesCookies]);
      for (let j = 0; j < 5; j++) {
        const ra = new Request(0);
        ra.session = a;
        const rb = new Request(1);
        rb.session = b;
        plain.pop.prepareRequest(ra);
        busy.pop.prepareRequest(rb);
        busy.pop.network.beforeRequest(rb, k + j * 30);
        expect([rb.serviceTime, rb.isWrite, rb.thinkTime]).toEqual([ra.serviceTime, ra.isWrite, ra.thinkTime]);
      }
    }
  });

  it('URL ids: the share of requests without the id is urlIdMissing', () => {
    const q = 0.1;
    const { pop } = population({ urlIdMissing: q }, { requestKeys: true, urlIds: true });
    let missing = 0;
    const n = 20_000;
    const s = pop.createSession(0);
    s.pinnedServer = 0; // the user's links carry an id (after the first response)
    for (let k = 0; k < n; k++) {
      const r = new Request(0);
      r.session = s;
      pop.network.beforeRequest(r, 0);
      if (r.noSessionId) missing++;
    }
    expect(Math.abs(missing / n - q)).toBeLessThan(4 * Math.sqrt((q * (1 - q)) / n));
  });
});
