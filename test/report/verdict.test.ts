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
      requests: 1000,
      failedRequests: 0,
      security: { revokedTokenRejections: 0 },
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
        // 1.01 and 1.05 differ by less than 0.05: both are the best balanced, a tie.
        'best balanced: redis and sticky-cookie (busiest server 1.01×–1.05× the mean vs 1.40× for sticky-ip); ' +
        'lowest p99 latency: sticky-cookie (150.0 ms vs 200.0 ms for sticky-ip).',
    );
  });

  it('calls p99 values within 2% a tie and equal skews balanced', () => {
    const text = verdict([result('a', 0, 1.02, 100), result('b', 0, 1.03, 101)]);
    expect(text).toBe('All strategies lost 0% of sessions; load was balanced about equally (busiest server ≤ 1.03× the mean); p99 latency about the same for all (100.0–101.0 ms).');
  });

  it('puts a strategy tied with both the best and the worst with the best, never on both sides of "vs" (1.03 is within 0.05 of 1.02 and of 1.07)', () => {
    const text = verdict([result('sticky-cookie', 0, 1.07, 100), result('sticky-ip', 0, 1.03, 100), result('redis', 0, 1.02, 100), result('jwt', 0, 1.02, 100)]);
    expect(text).toContain('best balanced: redis, jwt and sticky-ip (busiest server 1.02×–1.03× the mean vs 1.07× for sticky-cookie)');
  });

  it('describes a single strategy without comparing it to itself', () => {
    expect(verdict([result('sticky-ip', 0, 2.53, 249)])).toBe('sticky-ip lost 0% of sessions; its busiest server handled 2.53× the mean load.');
  });
});

describe('verdict on failed requests', () => {
  function failing(name: string, failedRate: number, reason: string): StrategyResult {
    const r = result(name, 0, 1.0, 100);
    (r.metrics as unknown as Record<string, unknown>).failedRate = failedRate;
    (r.metrics as unknown as Record<string, unknown>).failedRequests = Math.round(failedRate * 1000);
    (r.metrics as unknown as Record<string, unknown>).failuresByReason = { [reason]: failedRate > 0 ? 10 : 0 };
    return r;
  }

  it('names the strategy that failed most when it stands out, with its main reason', () => {
    const text = verdict([failing('noeviction', 0.4134, 'store-out-of-memory'), failing('allkeys-lru', 0, 'none')]);
    expect(text).toContain('most failed requests: noeviction (41.3%, mostly store-out-of-memory) vs 0% for allkeys-lru');
  });

  it('says nothing of failures below 1% of requests; when every strategy fails alike, that every one failed, lowest to highest', () => {
    expect(verdict([failing('a', 0.002, 'server-dead'), failing('b', 0, 'none')])).not.toContain('failed');
    const alike = verdict([failing('a', 0.05, 'server-dead'), failing('b', 0.04, 'server-dead')]);
    expect(alike).not.toContain('most failed requests');
    expect(alike).toContain('every strategy failed 4.0%–5.0% of its requests');
  });

  it('a single strategy failing more than 1% of its requests is told so', () => {
    expect(verdict([failing('a', 0.23, 'queue-full')])).toContain('23.0% of its requests failed (mostly queue-full)');
  });
});

describe('verdict when requests went unanswered', () => {
  function dead(name: string, answered: number): StrategyResult {
    const r = result(name, 0, 1.0, 0);
    const m = r.metrics as unknown as Record<string, unknown>;
    m.requests = 1000;
    m.failedRequests = 1000 - answered;
    m.failedRate = (1000 - answered) / 1000;
    m.failuresByReason = { 'server-dead': 1000 - answered };
    return r;
  }

  it('a strategy that answered nothing has no latency: no "about the same (0.0 ms)"', () => {
    const none = verdict([dead('a', 0), dead('b', 0)]);
    expect(none).toContain('every strategy failed 100.0% of its requests');
    expect(none).toContain('no strategy answered a request successfully, so none has a latency');
    expect(none).not.toContain('ms');
    expect(verdict([dead('a', 0)])).toContain('it answered no request successfully, so it has no latency');
  });

  it('ranges are printed lowest to highest, whatever the strategies\' order', () => {
    expect(verdict([result('a', 0, 1.0, 202.1), result('b', 0, 1.0, 200.2)])).toContain('(200.2–202.1 ms)');
  });
});

describe('a fair verdict', () => {
  function run(name: string, o: { loss?: number; failed?: number; requests?: number; p99?: number; skew?: number }): StrategyResult {
    const r = result(name, o.loss ?? 0, o.skew ?? 1, o.p99 ?? 100);
    const m = r.metrics as unknown as Record<string, unknown>;
    m.requests = o.requests ?? 100_000;
    m.failedRequests = o.failed ?? 0;
    m.failedRate = (o.failed ?? 0) / (o.requests ?? 100_000);
    m.failuresByReason = { 'store-not-enough-replicas': o.failed ?? 0 };
    return r;
  }

  it('"lowest p99" only among strategies that do not fail significantly more requests', () => {
    // redis-failover's shape: refusing the slow writes makes the successful ones fast.
    const text = verdict([run('refuses', { failed: 27_000, p99: 150 }), run('waits', { failed: 20_000, p99: 4600 }), run('async', { failed: 6000, p99: 155 }), run('cookie', { failed: 0, p99: 153 })]);
    expect(text).not.toMatch(/lowest p99[^;]*: refuses/);
    expect(text).toContain('p99 latency 153.0 ms for cookie, the only strategy that does not fail significantly more requests');
    // 100 against 110 failures in 100,000 requests is no significant difference (z ≈ 0.7): both compete.
    const close = verdict([run('a', { failed: 110, p99: 120 }), run('b', { failed: 100, p99: 200 })]);
    expect(close).toContain('lowest p99 latency: a (120.0 ms vs 200.0 ms for b)');
    // 100 against 400 is (z ≈ 13): b's low p99 does not win.
    const far = verdict([run('a', { failed: 100, p99: 200 }), run('b', { failed: 400, p99: 120 })]);
    expect(far).toContain('p99 latency 200.0 ms for a, the only strategy that does not fail significantly more requests');
  });

  it('equal rounded values are ties, and said as ties', () => {
    // 0.31234% and 0.31249% both print as 0.31%: neither loses "fewest".
    const text = verdict([run('a', { loss: 0.0031234 }), run('b', { loss: 0.0031249 }), run('c', { loss: 0.02 })]);
    expect(text).toContain('Fewest sessions lost: a and b (0.31%); most: c (2.0%');
    const all = verdict([run('a', { loss: 0.1231 }), run('b', { loss: 0.1234 })]);
    expect(all).toMatch(/^All strategies lost 12\.3% of sessions/);
    // p99 153.3 for three strategies: all three are named, none alone.
    const p99 = verdict([run('x', { p99: 153.3 }), run('y', { p99: 153.3 }), run('z', { p99: 153.3 }), run('w', { p99: 4656 })]);
    expect(p99).toContain('lowest p99 latency: x, y and z (153.3 ms vs 4656.0 ms for w)');
  });

  it('with replications, differences that are not significant are not winners', () => {
    const fig = (mean: number, hw: number) => ({ mean, ci95: [mean - hw, mean + hw] as [number, number], n: 10 });
    const tree = (loss: number, lossHw: number, p99: number, p99Hw: number) =>
      ({ sessionLossRate: fig(loss, lossHw), failedRate: fig(0, 0), skew: { maxOverMean: fig(1, 0) }, latency: { p99: fig(p99, p99Hw) } }) as never;
    const a = run('a', { loss: 0.05, p99: 100 });
    const b = run('b', { loss: 0.06, p99: 130 });
    // Overlapping intervals: no winner in either.
    const overlapping = verdict([a, b], { intervals: new Map([['a', tree(0.05, 0.02, 100, 40)], ['b', tree(0.06, 0.02, 130, 40)]]) });
    expect(overlapping).toContain('Sessions lost: no strategy significantly fewer (5.0%–6.0%)');
    expect(overlapping).toContain('p99 latency about the same for all (100.0–130.0 ms)');
    // Apart: a wins both.
    const apart = verdict([a, b], { intervals: new Map([['a', tree(0.05, 0.002, 100, 4)], ['b', tree(0.06, 0.002, 130, 4)]]) });
    expect(apart).toContain('Fewest sessions lost: a (5.0%); most: b (6.0%');
    expect(apart).toContain('lowest p99 latency: a (100.0 ms vs 130.0 ms for b)');
  });
});
