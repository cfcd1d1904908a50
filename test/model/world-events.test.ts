/**
 * Every scenario event leaves a record under every strategy (the explain command narrates
 * them), saying what it did there — or that the strategy has no store or no tokens.
 */
import { describe, expect, it } from 'vitest';
import { runAll } from '../helpers/scenario.js';

describe('event records', () => {
  const r = runAll({
    duration: '6m',
    warmup: '30s',
    clients: { arrivalRate: 3 },
    store: { topology: 'primary-replica' },
    events: [
      { at: '1m', type: 'store-crash', node: 0, downFor: '1m' },
      { at: '3m', type: 'store-failover', node: 0 },
      { at: '4m', type: 'store-partition', node: 0, downFor: '10s' },
      { at: '2m', type: 'key-rotation', overlap: '5m' },
      { at: '5m', type: 'token-service-outage', downFor: '20s' },
    ],
    strategies: [{ type: 'sticky', name: 'sticky' }, { type: 'external', name: 'redis' }, { type: 'jwt', name: 'jwt' }],
  });
  const types = ['store-crash', 'store-recover', 'store-failover', 'store-partition', 'key-rotation', 'token-service-outage', 'token-service-recover'];

  it.each(['sticky', 'redis', 'jwt'])('%s records each scenario event', (name) => {
    const seen = r[name]!.events.map((e) => e.type);
    for (const t of types) expect(seen, t).toContain(t);
  });

  it('says what the event did where it applies, and that it did not apply elsewhere', () => {
    const of = (name: string, type: string) => r[name]!.events.find((e) => e.type === type)!.details;
    expect(of('sticky', 'store-crash').usesStore).toBe(false);
    expect(of('redis', 'store-crash').keysOnNode).toBeGreaterThan(0);
    const manual = r.redis!.events.find((e) => e.type === 'store-failover' && e.at === 180)!.details;
    expect(manual).toMatchObject({ node: 0, detectionSeconds: 0 });
    expect(typeof manual.writesLost).toBe('number');
    // The crash of t = 1 m was followed by Sentinel's own promotion record.
    const auto = r.redis!.events.filter((e) => e.type === 'store-failover' && e.at > 60 && e.at < 120)[0]!;
    expect(auto.details.detectionSeconds as number).toBeGreaterThan(30);
    expect(of('redis', 'key-rotation').usesTokens).toBe(false);
    expect(of('jwt', 'key-rotation')).toMatchObject({ keyEpoch: 1, overlapSeconds: 300 });
    expect(of('jwt', 'store-partition').usesStore).toBe(false);
  });

  it('store-recover without a node brings back the node that crashed', () => {
    const x = runAll({
      duration: '4m',
      warmup: '30s',
      clients: { arrivalRate: 3 },
      events: [{ at: '1m', type: 'store-crash' }, { at: '2m', type: 'store-recover' }],
      strategies: [{ type: 'external', name: 'redis' }],
    }).redis!;
    expect(x.events.find((e) => e.type === 'store-recover')!.details).toMatchObject({ node: 0, empty: true });
    const w = x.timeline.window;
    const failedAfter = x.timeline.failed.slice(Math.ceil(121 / w)).reduce((a, b) => a + b, 0);
    expect(failedAfter).toBe(0);
  });
});
