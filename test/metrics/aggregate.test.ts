import { describe, expect, it } from 'vitest';
import {
  aggregateTree,
  confidenceInterval,
  halfWidthOf,
  intervalFigure,
  leafAt,
  meansOf,
  pairedDifference,
  pooledLatency,
  unpairedDifference,
} from '../../src/metrics/aggregate.js';
import { LatencyHistogram } from '../../src/metrics/histogram.js';

describe('intervals across replications', () => {
  it('mean ± t(0.975, n−1)·s/√n: a textbook example', () => {
    // 1..5: mean 3, s = √2.5, t(0.975, 4) = 2.776445 ⇒ half-width 2.776445·√(2.5/5) = 1.963243.
    const ci = confidenceInterval([1, 2, 3, 4, 5]);
    expect(ci.mean).toBe(3);
    expect(ci.halfWidth).toBeCloseTo(1.963243, 5);
    const f = intervalFigure([1, 2, 3, 4, 5]);
    expect(f).toEqual({ mean: 3, ci95: [1.03676, 4.96324], n: 5 });
    expect(halfWidthOf(f)).toBeCloseTo(1.96324, 5);
  });

  it('other levels use the matching t quantile; fewer than 2 values give no interval', () => {
    // t(0.995, 4) = 4.604095.
    expect(confidenceInterval([1, 2, 3, 4, 5], 0.99).halfWidth).toBeCloseTo(4.604095 * Math.sqrt(0.5), 5);
    expect(confidenceInterval([7]).halfWidth).toBeNaN();
    expect(() => intervalFigure([7])).toThrow(/at least 2/);
  });

  it('every numeric leaf of a nested figure becomes { mean, ci95, n }, keeping shape and key order', () => {
    const runs = [
      { requests: 10, latency: { p50: 1, p99: 5 }, lossByCause: { 'server-crash': 0 }, tag: 'x' },
      { requests: 14, latency: { p50: 3, p99: 7 }, lossByCause: { 'server-crash': 0 }, tag: 'x' },
    ];
    const tree = aggregateTree(runs);
    expect(Object.keys(tree)).toEqual(['requests', 'latency', 'lossByCause', 'tag']);
    expect(tree.requests.mean).toBe(12);
    expect(tree.requests.n).toBe(2);
    expect(tree.latency.p99.mean).toBe(6);
    expect(tree.lossByCause['server-crash']).toEqual({ mean: 0, ci95: [0, 0], n: 2 });
    expect(tree.tag).toBe('x');
    expect(meansOf(tree)).toEqual({ requests: 12, latency: { p50: 2, p99: 6 }, lossByCause: { 'server-crash': 0 }, tag: 'x' });
    expect(leafAt(runs[0]!, 'latency.p99')).toBe(5);
  });

  it('paired difference: significant when the interval excludes 0, not when it straddles it', () => {
    const base = [10, 12, 9, 14, 11];
    expect(pairedDifference(base.map((x) => x + 1 + (x % 2) * 0.1), base).significant).toBe(true);
    expect(pairedDifference(base.map((x, i) => x + (i % 2 === 0 ? 1 : -1)), base).significant).toBe(false);
    // Identical in every replication: a zero-width interval at 0, not significant.
    expect(pairedDifference(base, base)).toEqual({ mean: 0, ci95: [0, 0], n: 5, significant: false });
  });

  it("Welch's unpaired interval: half-width t(ν)·√(s_a²/n_a + s_b²/n_b)", () => {
    // Equal sizes and variances: ν = 2(n − 1) = 8, t(0.975, 8) = 2.306004; s² = 2.5 each, n = 5 ⇒ se = 1.
    const u = unpairedDifference([1, 2, 3, 4, 5], [2, 3, 4, 5, 6]);
    expect(u.mean).toBe(-1);
    expect(u.halfWidth).toBeCloseTo(2.306004, 5);
  });

  it('pooled latency merges histograms: the same as one histogram of every sample', () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    const all = new LatencyHistogram();
    for (let i = 1; i <= 1000; i++) {
      const x = i / 10000;
      (i % 3 === 0 ? a : b).record(x);
      all.record(x);
    }
    const pooled = pooledLatency([a.toJSON(), b.toJSON()]);
    expect(pooled.samples).toBe(1000);
    expect(pooled.p99).toBeCloseTo(all.quantile(0.99) * 1000, 3);
    expect(pooled.mean).toBeCloseTo(all.mean() * 1000, 6);
    expect(pooled.max).toBe(100);
  });
});
