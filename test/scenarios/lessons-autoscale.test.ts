/**
 * The autoscaling built-ins teach one lesson each (black-friday, nightly-scale-in); these tests
 * hold them to it, with numbers derived from the scenarios' own parameters.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { StrategyResult } from '../../src/experiment/run.js';
import { simulate } from '../../src/experiment/simulate.js';
import { loadScenario } from '../../src/scenario/load.js';
import { parseOverride, type Override } from '../../src/scenario/overrides.js';

function run(name: string, sets: Override[] = []): Record<string, StrategyResult> {
  const result = simulate(loadScenario(name, { sets }));
  // A built-in stays a lesson, not a soak: bounded in simulated events, not in wall time.
  expect(result.strategies.reduce((n, s) => n + s.stats.eventsProcessed, 0)).toBeLessThan(6_000_000);
  return Object.fromEntries(result.strategies.map((s) => [s.name, s]));
}

const events = (r: StrategyResult, type: string) => r.events.filter((e) => e.type === type);

describe('black-friday: the HPA adds pods, cookie affinity keeps them idle', () => {
  let r: Record<string, StrategyResult> = {};
  beforeAll(() => {
    r = run('black-friday');
  });

  it('every strategy gets about the same fleet: the HPA reads the same average', () => {
    const max = Object.values(r).map((s) => s.metrics.fleet.maxServers);
    expect(Math.max(...max) - Math.min(...max)).toBeLessThanOrEqual(1);
    // 5 × the load: 20 sessions/s × 30 requests × 40 ms = 24 busy workers, at a 60 % target ⌈24 / (0.6 × 4)⌉ = 10 pods
    // in steady state; the ramp's end leaves it a pod or two short (scaling follows the load by a few syncs).
    for (const s of Object.values(r)) expect(s.metrics.fleet.maxServers).toBeGreaterThanOrEqual(8);
  });

  it('sticky-cookie: the old pods saturate, p99 climbs; redis and jwt spread at once', () => {
    const u = (n: string) => r[n]!.metrics.utilization.peakBusiestServer;
    expect(u('sticky-cookie')).toBeGreaterThan(0.85);
    expect(u('redis')).toBeLessThan(0.8);
    expect(u('jwt')).toBeLessThan(0.8);
    expect(r['sticky-cookie']!.metrics.latency.p99).toBeGreaterThan(1.2 * r.redis!.metrics.latency.p99);
    expect(r['sticky-cookie']!.metrics.skew.worstWindowMaxOverMean).toBeGreaterThan(1.3);
    expect(r.redis!.metrics.skew.worstWindowMaxOverMean).toBeLessThan(1.2);
  });

  it("cookie affinity after scale-out: the first new pod's share of requests stays well below 1/N for about a session lifetime", () => {
    // Mean visit: 30 requests × (8 s think + 40 ms) ≈ 241 s. Over the first minute of whole windows (one of 60 s:
    // the 31 min run's round width) after the new pod is marked UP, its share of the requests answered, against 1/N
    // (N = servers up in those windows).
    const share = (s: StrategyResult) => {
      const up = events(s, 'server-marked-up').find((e) => e.details.server === 4)!;
      const w = s.timeline.window;
      const k0 = Math.ceil(up.at / w);
      const WINDOWS = Math.max(1, Math.round(60 / w));
      let mine = 0;
      let all = 0;
      let n = 0;
      for (let k = k0; k < k0 + WINDOWS; k++) {
        const row = s.timeline.requests[k]!;
        mine += row[4]!;
        all += row.reduce((a, b) => a + b, 0);
        n = Math.max(n, s.timeline.uptime[k]!.filter((x) => x > 0).length);
      }
      return (mine / all) * n;
    };
    // share × N: 1 would be a fair share. Sticky: only users arriving after it is up land there.
    expect(share(r['sticky-cookie']!)).toBeLessThan(0.5);
    expect(share(r.redis!)).toBeGreaterThan(0.8);
    expect(share(r.jwt!)).toBeGreaterThan(0.8);
  });

  it('scaling actions name from, to and why; server-hours are reported', () => {
    const a = events(r.redis!, 'autoscaler-scale')[0]!.details;
    expect(a.to as number).toBeGreaterThan(a.from as number);
    expect(String(a.reason)).toMatch(/^cpu \d+(\.\d)?% \(target 60%\)/);
    expect(r.redis!.metrics.fleet.serverHours).toBeGreaterThan(1);
    expect(r.redis!.metrics.fleet.scaleOuts).toBeGreaterThanOrEqual(3);
  });
});

describe('nightly-scale-in: a drain saves most sticky sessions; the store needs none', () => {
  let drained: Record<string, StrategyResult> = {};
  let undrained: Record<string, StrategyResult> = {};
  beforeAll(() => {
    drained = run('nightly-scale-in');
    undrained = run('nightly-scale-in', [parseOverride('autoscaler.deregistrationDelay=0')]);
  });

  it('the fleet shrinks to minReplicas at night; redis loses nobody either way', () => {
    for (const r of [drained, undrained]) {
      expect(r['sticky-cookie']!.metrics.fleet.minServers).toBe(2);
      expect(r.redis!.metrics.lostSessions).toBe(0);
    }
    expect(drained.redis!.metrics.fleet.serverHours).toBeLessThan(0.75 * 8 * (55 / 60));
  });

  it('sticky without a drain loses every user on a removed server; with 300 s far fewer', () => {
    const lost = (r: Record<string, StrategyResult>) => r['sticky-cookie']!.metrics.lossByCause['server-crash'];
    expect(lost(undrained)).toBeGreaterThan(2 * lost(drained));
    // Without a drain, the users pinned to the removed servers at the scale-in are the ones whose state is gone.
    for (const e of events(undrained['sticky-cookie']!, 'server-removed')) expect(e.details.sessionsWithStateOnServer as number).toBeGreaterThan(50);
  });

  it('a drain of D keeps ≈ e^(−D/m) of the pinned sessions on the server to the end (m: mean remaining visit)', () => {
    // Remaining visit after any instant: a geometric number of think times (mean 30 requests, memoryless) of 8 s
    // plus 40 ms of service each: exponential with mean m = 30 × 8.04 s. Pinned at the scale-in, still there
    // (state on the server) when it is removed D = 300 s later: Binomial(pinned, e^(−D/m)); pooled over the removals.
    const s = drained['sticky-cookie']!;
    let pinned = 0;
    let left = 0;
    for (const a of events(s, 'autoscaler-scale')) {
      if (a.details.removing === undefined) continue;
      pinned += a.details.sessionsPinned as number;
      const names = String(a.details.removing).split(',');
      for (const e of events(s, 'server-removed')) if (names.includes(`s${e.details.server}`) && e.at === a.at + 300) left += e.details.sessionsWithStateOnServer as number;
    }
    const p = Math.exp(-300 / (30 * 8.04));
    expect(pinned).toBeGreaterThan(500);
    // 4 binomial standard deviations (the sessions are nearly independent; a tolerance from the statistics, not tuned).
    expect(Math.abs(left / pinned - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / pinned));
  });
});
