import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_COSTS } from '../../src/model/defaults.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { loadScenario, resolveScenario } from '../../src/scenario/load.js';

function problems(input: unknown): string[] {
  try {
    resolveScenario(input, 'test');
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems.map((p) => `${p.path}: expected ${p.expected}, found ${p.found}`);
    throw e;
  }
  return [];
}

describe('store settings: defaults follow the real systems', () => {
  it('Redis: single node, unlimited memory, noeviction, TTL = the app idle timeout, Sentinel 30 s, Cluster 15 s', () => {
    const c = resolveScenario({}, 'test');
    expect(c.store).toMatchObject({
      topology: 'single',
      maxMemory: 0,
      evictionPolicy: 'noeviction',
      evictionSamples: 5,
      ttl: 1800,
      ttlMode: 'rolling',
      unreachable: 'fail-closed',
      minReplicasToWrite: 0,
      minReplicasMaxLag: 10,
      sentinel: { downAfter: 30 },
      cluster: { nodeTimeout: 15, requireFullCoverage: true },
    });
    expect(c.costs).toEqual(DEFAULT_COSTS);
  });

  it('Memcached: 64 MB, evicts least recently used, ketama placement, no replicas, 5 failures / 30 s', () => {
    const c = resolveScenario({ store: { kind: 'memcached', topology: 'sharded' } }, 'test');
    expect(c.store).toMatchObject({ maxMemory: 64 * 1024 * 1024, evictionPolicy: 'allkeys-lru', sharding: 'ketama', replicas: 0, shards: 3 });
    expect(c.store.memcachedClient).toEqual({ failureLimit: 5, retryTimeout: 30 });
  });

  it('primary-replica and Redis Cluster default to one replica per primary', () => {
    expect(resolveScenario({ store: { topology: 'primary-replica' } }, 'test').store.replicas).toBe(1);
    expect(resolveScenario({ store: { topology: 'sharded' } }, 'test').store.replicas).toBe(1);
  });

  it('PHP locks by default, the others let the last writer win', () => {
    const c = resolveScenario({ strategies: [{ type: 'external', middleware: 'php', name: 'a' }, { type: 'external', middleware: 'spring-session', name: 'b' }] }, 'test');
    expect(c.strategies.map((s) => (s.type === 'external' ? s.conflicts : ''))).toEqual(['lock', 'last-writer-wins']);
  });
});

describe('store settings no real system has are refused with path, expectation and finding', () => {
  it.each([
    [{ store: { kind: 'memcached', topology: 'primary-replica' } }, 'store.topology: expected "single" or "sharded" for memcached (Memcached servers do not replicate)'],
    [{ store: { kind: 'memcached', topology: 'sharded', replicas: 1 } }, 'store.replicas: expected 0 for memcached'],
    [{ store: { topology: 'primary-replica', minReplicasToWrite: 2 } }, 'store.minReplicasToWrite: expected at most store.replicas (1), found 2'],
    [{ events: [{ at: '1m', type: 'store-failover' }] }, 'events[0].type: expected a store with replicas for store-failover'],
    [{ store: { topology: 'sharded', shards: 3 }, events: [{ at: '1m', type: 'store-crash', node: 5 }] }, 'events[0].node: expected a store node index from 0 to 2 (store.shards is 3), found 5'],
    [{ strategies: [{ type: 'external', middleware: 'spring-session', conflicts: 'lock' }] }, 'strategies[0].conflicts: expected one of "last-writer-wins" for spring-session, found "lock"'],
    [{ store: { evictionPolicy: 'lru' } }, 'store.evictionPolicy: expected one of "noeviction", "allkeys-lru", "volatile-lru", "volatile-ttl", found "lru"'],
    [{ costs: './no-such-costs.json' }, 'costs: expected a costs file (write one with `session-sim calibrate --out costs.json`)'],
  ])('%j', (input, message) => {
    expect(problems(input).join('\n')).toContain(message);
  });
});

describe("a strategy's own store", () => {
  it('is the scenario store with the strategy fields laid over it', () => {
    const c = resolveScenario(
      {
        store: { topology: 'primary-replica', replicas: 2, replicationLag: '5ms' },
        strategies: [{ type: 'external', name: 'async' }, { type: 'external', name: 'wait', store: { waitReplicas: 1 } }, { type: 'external', store: { kind: 'memcached', topology: 'sharded', replicas: 0 } }],
      },
      'test',
    );
    const [a, w, m] = c.strategies;
    expect(a!.store).toBeUndefined();
    expect(w!.store).toMatchObject({ topology: 'primary-replica', replicas: 2, waitReplicas: 1, replicationLag: { dist: 'constant', value: 0.005 } });
    expect(m!.name).toBe('memcached');
    expect(m!.store).toMatchObject({ kind: 'memcached', topology: 'sharded', sharding: 'ketama', replicas: 0, maxMemory: 64 * 1024 * 1024 });
  });

  it('is checked like the scenario store, at its own path', () => {
    expect(problems({ store: { topology: 'primary-replica' }, strategies: [{ type: 'external', store: { kind: 'memcached' } }] }).join('\n')).toContain(
      'strategies[0].store.topology: expected "single" or "sharded" for memcached',
    );
    expect(problems({ strategies: [{ type: 'external', store: { waitReplicas: 'one' } }] }).join('\n')).toContain('strategies[0].store.waitReplicas: expected a number');
  });
});

describe('costs', () => {
  it('a scenario can point at a calibrated costs file, relative to the scenario', () => {
    const dir = mkdtempSync(join(tmpdir(), 'session-sim-costs-'));
    writeFileSync(join(dir, 'costs.json'), JSON.stringify({ source: 'calibrated here', jsonSerializePerKB: '2us', aesGcmPerKB: 0.5e-6, jwt: { ES256: { sign: '30us', verify: '60us' } } }));
    writeFileSync(join(dir, 'scenario.json'), JSON.stringify({ costs: './costs.json' }));
    const c = loadScenario(join(dir, 'scenario.json'));
    expect(c.costs!.source).toBe('calibrated here');
    expect(c.costs!.jsonSerializePerKB).toBeCloseTo(2e-6, 12);
    expect(c.costs!.aesGcmPerKB).toBeCloseTo(0.5e-6, 12);
    expect(c.costs!.jwt.ES256.sign).toBeCloseTo(30e-6, 12);
    expect(c.costs!.jwt.ES256.verify).toBeCloseTo(60e-6, 12);
    // What the file does not give stays at the built-in figure.
    expect(c.costs!.jsonParsePerKB).toBe(DEFAULT_COSTS.jsonParsePerKB);
    expect(c.costs!.jwt.RS256).toEqual(DEFAULT_COSTS.jwt.RS256);
  });

  it('a malformed costs file is reported at `costs` with the file named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'session-sim-costs-'));
    writeFileSync(join(dir, 'costs.json'), JSON.stringify({ jsonParsePerKB: 'fast' }));
    writeFileSync(join(dir, 'scenario.json'), JSON.stringify({ costs: 'costs.json' }));
    expect(() => loadScenario(join(dir, 'scenario.json'))).toThrow(/costs\.jsonParsePerKB: expected a duration.*found "fast" \(in .*costs\.json\)/s);
  });
});
