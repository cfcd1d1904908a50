/**
 * The per-window series the report's time charts read: the p99 of each window's successful
 * requests (from a histogram per window, within its 2 % error; null where nothing succeeded)
 * and the revocation story per window, which adds up to the run's security figures over the
 * measured windows.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/experiment/simulate.js';
import { WindowSeries } from '../../src/metrics/window-series.js';
import { loadScenario } from '../../src/scenario/load.js';
import { timelineWindow } from '../../src/metrics/timeline-window.js';

describe('WindowSeries', () => {
  it('gives each window the p99 of its own requests, and null to a window where none succeeded', () => {
    const w = new WindowSeries({ windows: 3, window: 10, duration: 30 });
    for (let i = 1; i <= 1000; i++) w.completed(0, i / 1000); // 1 ms … 1000 ms: p99 = 990 ms
    for (let i = 1; i <= 100; i++) w.completed(2, 0.005);
    const [a, b, c] = w.p99();
    expect(Math.abs(a! - 990) / 990).toBeLessThanOrEqual(0.02);
    expect(b).toBeNull();
    expect(Math.abs(c! - 5) / 5).toBeLessThanOrEqual(0.02);
  });

  it('spreads a revoked token\'s exposure over the windows it spans, clipped at the run\'s end', () => {
    const w = new WindowSeries({ windows: 4, window: 10, duration: 35 });
    w.exposed(5, 25); // usable over [5, 30]
    w.exposed(32, 100); // usable over [32, 35]: the last window is 5 s long
    expect(w.revokedUsable()).toEqual([0.5, 1, 1, 0.6]);
  });
});

describe('timeline: p99 and revocation per window', () => {
  // The table counts after the warm-up and the timeline in whole windows: the 50 min warm-up
  // rounded down to a whole number of the 68 s windows (44, 2992 s) makes the two add up exactly.
  const shipped = loadScenario('jwt-revocation');
  const config = { ...shipped, warmup: Math.floor(shipped.warmup / timelineWindow(shipped.duration)) * timelineWindow(shipped.duration) };
  const result = simulate(config);
  const window = result.strategies[0]!.timeline.window;
  const measured = (xs: number[]) => xs.slice(Math.round(config.warmup / window)).reduce((a, b) => a + b, 0);

  it('adds up, over the measured windows, to the security figures of the table', () => {
    expect(config.warmup % window).toBe(0);
    for (const s of result.strategies) {
      const t = s.timeline;
      expect(measured(t.revocations), s.name).toBe(s.metrics.security.revocations);
      expect(measured(t.revokedTokenAcceptances), s.name).toBe(s.metrics.security.revokedTokenAcceptances);
      expect(measured(t.revokedTokenRejections), s.name).toBe(s.metrics.security.revokedTokenRejections);
    }
  });

  it('keeps revoked tokens usable only where nothing refuses them: 15 min tokens longer than 5 min ones, a deny-list and server-side sessions never', () => {
    const mean = (name: string) => {
      const xs = result.strategies.find((s) => s.name === name)!.timeline.revokedTokensUsable;
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    expect(mean('jwt-15m')).toBeGreaterThan(mean('jwt-5m'));
    expect(mean('jwt-5m')).toBeGreaterThan(0);
    expect(mean('jwt-deny-list')).toBe(0);
    expect(mean('redis')).toBe(0);
  });

  it('has a p99 for every window where requests succeeded, of the order of the run\'s', () => {
    for (const s of result.strategies) {
      expect(s.timeline.p99.length).toBe(s.timeline.failed.length);
      for (const p of s.timeline.p99) expect(p).not.toBeNull();
      const sorted = (s.timeline.p99 as number[]).slice().sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)]!;
      // Each window's p99 is the p99 of a few thousand requests of the same distribution.
      expect(median / s.metrics.latency.p99).toBeGreaterThan(0.7);
      expect(median / s.metrics.latency.p99).toBeLessThan(1.3);
    }
  });
});
