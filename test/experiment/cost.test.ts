/**
 * Money (`prices`): the fleet's cost follows its uptime, the store's billed nodes (primaries
 * and replicas), the token service of jwt strategies, and the bytes every request carries at
 * the transfer price — checked against the arithmetic of the run's own figures.
 */
import { describe, expect, it } from 'vitest';
import { runStrategy } from '../../src/experiment/run.js';
import { HOURS_PER_MONTH, storeNodes } from '../../src/experiment/cost.js';
import { resolveScenario } from '../../src/scenario/load.js';
import { EXAMPLE_PRICES } from '../../src/scenario/schema-prices.js';
import { ScenarioError } from '../../src/scenario/errors.js';

const base = {
  seed: 3,
  duration: '130s',
  warmup: '10s',
  clients: { arrivalRate: 5, requestsPerSession: { dist: 'geometric', mean: 10 }, thinkTime: { dist: 'exponential', mean: '2s' } },
  servers: { count: 3, workers: 4 },
  strategies: [
    { name: 'sticky', type: 'sticky' },
    { name: 'redis', type: 'external' },
    { name: 'jwt', type: 'jwt', algorithm: 'RS256' },
  ],
} as const;

function run(extra: object, name: string) {
  const config = resolveScenario({ ...base, ...extra } as never);
  return runStrategy(config, config.strategies.find((s) => s.name === name)!).metrics;
}

describe('cost at the scenario\'s prices', () => {
  it('servers: count × price per hour while they are billed; a month is 730 hours', () => {
    const m = run({ prices: {} }, 'sticky');
    expect(m.cost!.servers).toBeCloseTo(3 * EXAMPLE_PRICES.serverPerHour, 6);
    expect(m.cost!.store).toBe(0);
    expect(m.cost!.tokenService).toBe(0);
    expect(m.cost!.perMonth).toBeCloseTo(m.cost!.perHour * HOURS_PER_MONTH, 3);
    // Per million requests: the hour's cost over the hour's requests (120 s measured).
    expect(m.cost!.perMillionRequests).toBeCloseTo((m.cost!.perHour / (m.requests * 30)) * 1e6, 3);
  });

  it('a crashed server still costs while it is down: the servers billed (fleet.serverHours), not those up', () => {
    const m = run({ prices: { serverPerHour: 1 }, events: [{ at: '10s', type: 'server-crash', server: 0, downFor: '60s' }] }, 'sticky');
    // Down for 60 of the 120 s measured, but its instance bills throughout: 3 servers.
    expect(m.cost!.servers).toBeCloseTo(3, 6);
    expect(m.cost!.servers * (120 / 3600)).toBeCloseTo(m.fleet.serverHours, 6);
  });

  it('the store bills every node, replicas included; only strategies that use it pay', () => {
    const topology = { topology: 'sharded', shards: 3, replicas: 1 };
    const m = run({ prices: { storeNodePerHour: 1 }, store: topology }, 'redis');
    expect(m.cost!.store).toBe(6);
    expect(run({ prices: { storeNodePerHour: 1 }, store: topology }, 'sticky').cost!.store).toBe(0);
    expect(storeNodes(resolveScenario({ store: { topology: 'primary-replica', replicas: 2 } }).store)).toBe(3);
  });

  it('jwt pays for the token service and for the bytes its token adds to every request', () => {
    const m = run({ prices: { egressPerGB: 1000 } }, 'jwt');
    expect(m.cost!.tokenService).toBeCloseTo(EXAMPLE_PRICES.tokenServicePerHour, 6);
    const perHour = ((m.requests * 30 * m.bandwidth.bytesPerRequest) / 2 ** 30) * 1000;
    // Figures carry 6 significant digits.
    expect(Math.abs(m.cost!.egress - perHour) / perHour).toBeLessThan(1e-5);
    const sticky = run({ prices: { egressPerGB: 1000 } }, 'sticky');
    expect(m.bandwidth.bytesPerRequest).toBeGreaterThan(5 * sticky.bandwidth.bytesPerRequest);
    expect(m.cost!.egress).toBeGreaterThan(5 * sticky.cost!.egress);
  });

  it('no prices: no cost figures; a cost target without prices is a scenario error', () => {
    expect(run({}, 'sticky').cost).toBeUndefined();
    expect(() => resolveScenario({ ...base, slo: { targets: { 'cost.perMonth': '<100' } } } as never)).toThrow(ScenarioError);
    expect(() => resolveScenario({ ...base, slo: { targets: { 'cost.perMonth': '<100' } }, prices: {} } as never)).not.toThrow();
  });
});
