import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/random.js';
import { ClientPopulation } from '../../src/model/client-population.js';
import { Request, Session } from '../../src/model/session.js';
import { resolveScenario } from '../../src/scenario/load.js';

/** A population of `clients` (scenario syntax) on servers of `servers`, seed 11. */
function population(clients: object, servers: object = {}): ClientPopulation {
  const c = resolveScenario({ clients, servers });
  const streams = new RandomStreams(11);
  return new ClientPopulation(c.clients, c.servers, streams.stream('arrivals'), streams.stream('sessions'));
}

/** What a user draws: its address, then `requests` requests' service time, write and think time. */
function draws(pop: ClientPopulation, users = 200, requests = 3) {
  const out: number[] = [];
  for (let u = 0; u < users; u++) {
    const s = pop.createSession(u);
    out.push(s.ip, s.requestsLeft, s.refusesCookies ? 1 : 0);
    for (let k = 0; k < requests; k++) {
      const req = new Request(0);
      req.session = s;
      pop.prepareRequest(req);
      out.push(req.serviceTime, req.isWrite ? 1 : 0, req.thinkTime);
    }
  }
  return out;
}

describe('a session skips the draws whose values cannot matter, and stays aligned', () => {
  it('Session.skip(n) leaves the generator where n draws would', () => {
    for (const seed of [0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 123456789]) {
      for (const n of [0, 1, 2, 5, 1000]) {
        const drawn = new Session(0, 0, seed);
        const skipped = new Session(0, 0, seed);
        for (let k = 0; k < n; k++) drawn.next();
        skipped.skip(n);
        expect(skipped.next()).toBe(drawn.next());
      }
    }
  });

  it('a constant request count draws nothing and shifts nothing: every later draw is the one a random count sees', () => {
    const fixed = draws(population({ requestsPerSession: 7 }));
    const random = draws(population({ requestsPerSession: { dist: 'geometric', mean: 7 } }));
    // Each user's address and request draws (not its count) are the same under both.
    const strip = (d: number[]) => d.filter((_, k) => k % 12 !== 1);
    expect(strip(fixed)).toEqual(strip(random));
    expect(fixed.filter((_, k) => k % 12 === 1).every((n) => n === 7)).toBe(true);
  });

  it('natShare 0 and cookieRefusal 0: no draw made, the same addresses and requests as with shares too small to hit', () => {
    const none = draws(population({}));
    const tiny = draws(population({ network: { natShare: 1e-15, cookieRefusal: 1e-15 } }));
    expect(none).toEqual(tiny);
    expect(none.filter((_, k) => k % 12 === 2).every((r) => r === 0)).toBe(true);
  });

  it('a constant think time or service time: the value given, the next draws unchanged', () => {
    const fixed = draws(population({ thinkTime: '2s' }, { serviceTime: '30ms' }));
    const random = draws(population({ thinkTime: { dist: 'exponential', mean: '2s' } }, { serviceTime: { dist: 'exponential', mean: '30ms' } }));
    for (let k = 0; k < fixed.length; k++) {
      const field = k % 12 < 3 ? k % 12 : 3 + ((k % 12) - 3) % 3; // 0–2 user, 3 service, 4 write, 5 think
      if (field === 3) expect(fixed[k]).toBe(0.03);
      else if (field === 5) expect(fixed[k]).toBe(2);
      else expect(fixed[k]).toBe(random[k]);
    }
  });
});
