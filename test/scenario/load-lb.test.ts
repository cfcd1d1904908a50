import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/scenario/errors.js';
import { resolveScenario } from '../../src/scenario/load.js';

function problems(raw: object): string[] {
  try {
    resolveScenario(raw, 'x');
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems.map((p) => `${p.path}: expected ${p.expected}, found ${p.found}`);
    throw e;
  }
  return [];
}

describe('load-balancer defaults (each mirrors a real setting)', () => {
  it('an empty scenario gets HAProxy defaults', () => {
    const lb = resolveScenario({}).loadBalancer;
    expect(lb.healthCheck).toEqual({ enabled: true, interval: 2, rise: 2, fall: 3 });
    expect(lb).toMatchObject({ algorithm: 'round-robin', choices: 2, slowStart: 0, retries: 3, retryDelay: 1, redispatch: false, persist: false, drainKeepsPinned: true });
    expect(lb.hash).toEqual({ key: 'client-ip', hashing: 'modulo', ipHash: 'source', pointsPerWeight: 16, balanceFactor: 0 });
    expect(lb.passive).toEqual({ type: 'none', maxFails: 1, failTimeout: 10, consecutive5xx: 5, baseEjectionTime: 30, maxEjectionTime: 300, maxEjectionPercent: 10, interval: 10 });
    expect(lb.redundancy).toEqual({ standby: false, takeover: 3.6 });
  });

  it('the ALB preset is 30 s / 5 healthy / 2 unhealthy; explicit fields win over the preset', () => {
    expect(resolveScenario({ loadBalancer: { healthCheck: { preset: 'alb' } } }).loadBalancer.healthCheck).toEqual({ enabled: true, interval: 30, rise: 5, fall: 2 });
    expect(resolveScenario({ loadBalancer: { healthCheck: { preset: 'alb', interval: '10s' } } }).loadBalancer.healthCheck.interval).toBe(10);
  });

  it('strategies inherit the balancer\'s routing options unless they set their own', () => {
    const c = resolveScenario({
      loadBalancer: { redispatch: true, hash: { hashing: 'consistent', pointsPerWeight: 160 } },
      strategies: [
        { name: 'a', type: 'sticky', affinity: 'ip-hash' },
        { name: 'b', type: 'sticky', affinity: 'stick-table', redispatch: false, stickTable: { expire: '30m' } },
        { name: 'c', type: 'external', balance: 'hash', hashKey: 'session-id' },
      ],
    });
    expect(c.strategies[0]!.routing.hash).toMatchObject({ key: 'client-ip', hashing: 'consistent', pointsPerWeight: 160 });
    expect(c.strategies[0]!.routing.redispatch).toBe(true);
    expect(c.strategies[1]!.routing).toMatchObject({ redispatch: false, stickTable: { size: 204800, expire: 1800, replicated: false }, afterDown: 're-pin' });
    expect(c.strategies[2]!.routing.hash.key).toBe('session-id');
  });

  it('MTBF/MTTR as durations are means of exponentials', () => {
    const c = resolveScenario({ servers: { failures: { mtbf: '2h', mttr: '5m' } } });
    expect(c.servers.failures).toEqual({ timeBetweenFailures: { dist: 'exponential', mean: 7200 }, timeToRepair: { dist: 'exponential', mean: 300 } });
    expect(resolveScenario({}).servers.weights).toEqual([1, 1, 1, 1]);
  });

  it('new events resolve with their defaults (drain 300 s = ALB deregistration delay)', () => {
    const c = resolveScenario({ events: [{ at: '1m', type: 'scale-out' }, { at: '2m', type: 'scale-in' }, { at: '3m', type: 'rolling-restart' }] });
    expect(c.events).toEqual([
      { at: 60, type: 'scale-out', count: 1, weight: 1 },
      { at: 120, type: 'scale-in', count: 1, drain: 300 },
      { at: 180, type: 'rolling-restart', drain: 300, restartTime: 10, pause: 0 },
    ]);
  });
});

describe('bad load-balancer input gets a clear answer', () => {
  it.each([
    ['one weight per server', { servers: { count: 3, weights: [1, 2] } }, 'servers.weights: expected one weight per server (servers.count is 3), found 2 weights'],
    ['weights all zero', { servers: { count: 2, weights: [0, 0] } }, 'servers.weights: expected at least one weight above 0, found all 0'],
    ['failover without a standby', { events: [{ at: '1m', type: 'lb-failover' }] }, 'events[0].type: expected a standby balancer to fail over to (loadBalancer.redundancy.standby: true), found "lb-failover" with a single balancer'],
    ['scale-in of every server', { servers: { count: 2 }, events: [{ at: '1m', type: 'scale-in', count: 2 }] }, 'events[0].count: expected fewer servers than the 2 present then (one must stay)'],
    ['a crash of a server not yet added', { events: [{ at: '1m', type: 'server-crash', server: 4 }, { at: '2m', type: 'scale-out' }] }, 'events[0].server: expected a server index from 0 to 3 (servers.count is 4), found 4'],
    ['stickTable without stick-table affinity', { strategies: [{ type: 'sticky', affinity: 'cookie', stickTable: {} }] }, 'strategies[0].stickTable: expected stickTable only with affinity "stick-table"'],
    ['maxIdle without cookies', { strategies: [{ type: 'sticky', affinity: 'ip-hash', maxIdle: '5m' }] }, 'strategies[0].maxIdle: expected maxIdle/maxLife only with affinity "cookie"'],
    ['ip-hash on another key', { strategies: [{ type: 'sticky', affinity: 'ip-hash', hashKey: 'url' }] }, 'strategies[0].hashKey: expected client-ip (or nothing) with affinity "ip-hash", found "url"'],
    ['an MTBF of zero', { servers: { failures: { mtbf: 0, mttr: '1m' } } }, 'servers.failures.mtbf: expected a time above 0 whatever is drawn (a server failing again at once would never stop), found 0 s'],
    ['a balance factor below 1', { loadBalancer: { hash: { balanceFactor: 0.5 } } }, 'loadBalancer.hash.balanceFactor: expected 0 (off) or a factor >= 1 such as 1.25'],
    ['an unknown algorithm', { loadBalancer: { algorithm: 'fastest' } }, 'loadBalancer.algorithm: expected one of "round-robin", "least-connections", "random", "power-of-d", "hash", found "fastest"'],
    ['an unknown preset', { loadBalancer: { healthCheck: { preset: 'nginx' } } }, 'loadBalancer.healthCheck.preset: expected one of "haproxy", "alb", found "nginx"'],
  ])('%s', (_name, raw, message) => {
    expect(problems(raw).join('\n')).toContain(message);
  });

  it('a crash of a server added by an earlier scale-out is fine', () => {
    expect(problems({ events: [{ at: '1m', type: 'scale-out' }, { at: '2m', type: 'server-crash', server: 4 }] })).toEqual([]);
  });
});
