import { describe, expect, it } from 'vitest';
import type { StrategyResult } from '../../src/experiment/run.js';
import { verdict } from '../../src/report/verdict.js';

function result(name: string, lossRate: number, maxOverMean: number, p99: number, cause = 'server-crash'): StrategyResult {
  return {
    name,
    type: 'sticky',
    stateLocation: '',
    events: [],
    stats: { eventsProcessed: 0 },
    metrics: {
      sessionLossRate: lossRate,
      lossByCause: { 'server-crash': 0, 'affinity-broken': 0, 'store-loss': 0, 'premature-expiry': 0, 'token-rejected': 0, [cause]: lossRate > 0 ? 1 : 0 },
      skew: { maxOverMean, cov: 0, jain: 1, worstWindowMaxOverMean: maxOverMean },
      latency: { mean: 0, p50: 0, p95: 0, p99, max: 0 },
    },
  } as unknown as StrategyResult;
}

describe('verdict', () => {
  it('names who lost fewest and most sessions, with the main cause, who balanced best and who answered fastest', () => {
    const text = verdict([result('sticky-cookie', 0.03, 1.05, 150), result('redis', 0, 1.01, 160), result('sticky-ip', 0.14, 1.4, 200, 'affinity-broken')]);
    expect(text).toBe(
      'Fewest sessions lost: redis (0%); most: sticky-ip (14.0%, mostly affinity-broken); ' +
        'best balanced: redis (busiest server 1.01× the mean vs 1.40× for sticky-ip); ' +
        'lowest p99 latency: sticky-cookie (150.0 ms vs 200.0 ms for sticky-ip).',
    );
  });

  it('calls p99 values within 2% a tie and equal skews balanced', () => {
    const text = verdict([result('a', 0, 1.02, 100), result('b', 0, 1.03, 101)]);
    expect(text).toBe('All strategies lost 0% of sessions; load was balanced about equally (busiest server ≤ 1.03× the mean); p99 latency about the same for all (101.0 ms).');
  });

  it('describes a single strategy without comparing it to itself', () => {
    expect(verdict([result('sticky-ip', 0, 2.53, 249)])).toBe('sticky-ip lost 0% of sessions; its busiest server handled 2.53× the mean load.');
  });
});

describe('verdict on failed requests', () => {
  function failing(name: string, failedRate: number, reason: string): StrategyResult {
    const r = result(name, 0, 1.0, 100);
    (r.metrics as unknown as Record<string, unknown>).failedRate = failedRate;
    (r.metrics as unknown as Record<string, unknown>).failuresByReason = { [reason]: failedRate > 0 ? 10 : 0 };
    return r;
  }

  it('names the strategy that failed most when it stands out, with its main reason', () => {
    const text = verdict([failing('noeviction', 0.4134, 'store-out-of-memory'), failing('allkeys-lru', 0, 'none')]);
    expect(text).toContain('most failed requests: noeviction (41.3%, mostly store-out-of-memory) vs 0% for allkeys-lru');
  });

  it('says nothing of failures below 1% of requests or when every strategy fails alike', () => {
    expect(verdict([failing('a', 0.002, 'server-dead'), failing('b', 0, 'none')])).not.toContain('failed');
    expect(verdict([failing('a', 0.05, 'server-dead'), failing('b', 0.04, 'server-dead')])).not.toContain('failed requests');
  });
});
