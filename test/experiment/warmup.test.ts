import { describe, expect, it } from 'vitest';
import { confidenceInterval } from '../../src/metrics/aggregate.js';
import { resolveScenario } from '../../src/scenario/load.js';
import { replicate } from '../../src/experiment/replications.js';
import { simulate } from '../../src/experiment/simulate.js';
import { chooseWarmup, detectWarmup, PILOT_RUNS, PILOT_WINDOWS, runPilot } from '../../src/experiment/warmup.js';

/**
 * A cold start: sessions last ≈ 20 requests × 5 s ≈ 95 s, so the number in progress climbs from
 * 0 towards λ·E[D] ≈ 477 like 1 − e^(−t/95 s) (an M/G/∞ start; Ross §5.3.6): well into the
 * first few minutes the run is not in steady state.
 */
const cold = (warmup: string | number, extra: object = {}) =>
  resolveScenario({
    name: 'cold start',
    seed: 77,
    duration: '20m',
    warmup,
    clients: { arrivalRate: 5, requestsPerSession: { dist: 'geometric', mean: 20 }, thinkTime: { dist: 'exponential', mean: '5s' } },
    servers: { count: 4, workers: 4 },
    strategies: [{ type: 'jwt' }],
    ...extra,
  });

describe('warmup: "auto" (MSER-5 on pilot runs)', () => {
  it('the scenario accepts "auto": resolved warm-up 0 until detection, flagged autoWarmup', () => {
    const c = cold('auto');
    expect(c.autoWarmup).toBe(true);
    expect(c.warmup).toBe(0);
    expect(cold('1m').autoWarmup).toBeUndefined();
  });

  it('chooses a warm-up inside the transient, the same for a single run and for replications', async () => {
    const auto = detectWarmup(cold('auto'));
    const d = auto.detection;
    // The active-session ramp sets it; MSER-5 never cuts more than half of what it searched.
    expect(d.decidedBy).toEqual({ strategy: 'jwt-es256', series: 'activeSessions' });
    expect(d.chosen).toBeGreaterThan(100);
    expect(d.chosen).toBeLessThanOrEqual(600);
    expect(d.window).toBeCloseTo(1200 / PILOT_WINDOWS, 9);
    expect(d.pilots).toBe(PILOT_RUNS);
    expect(auto.warnings).toEqual([]);
    const single = simulate(cold('auto'));
    expect(single.scenario.warmup).toBe(d.chosen);
    expect(single.scenario.warmupDetection).toEqual(d);
    const replicated = await replicate(cold('auto'), { replications: 2, jobs: 1 });
    expect(replicated.scenario.warmup).toBe(d.chosen);
  });

  /**
   * The point of a warm-up: with none, the cold start biases meanActiveSessions low against
   * Little's law L = λ·E[D], E[D] = E[K]·W + (E[K] − 1)·E[think] (K requests, response W, a think
   * between requests); with the detected one, the bias is gone. Per replication the ratio
   * L/(λE[D]) − 1; each of the two checks uses a 99% t interval over 8 replications (jointly
   * ≥ 98%, Bonferroni).
   */
  it('removes the start-up bias that no warm-up leaves in the figures', async () => {
    const bias = async (warmup: string | number) => {
      const r = await replicate(cold(warmup), { replications: 8, jobs: 1 });
      return confidenceInterval(
        r.runs.map((run) => {
          const m = run.strategies[0]!.metrics;
          return m.meanActiveSessions / (5 * (20 * (m.latency.mean / 1000) + 19 * 5)) - 1;
        }),
        0.99,
      );
    };
    const auto = await bias('auto');
    expect(Math.abs(auto.mean)).toBeLessThanOrEqual(auto.halfWidth);
    const none = await bias(0);
    expect(none.hi).toBeLessThan(0);
  });

  it('never measures a scenario event as warm-up: the search stops at the first event', () => {
    const withCrash = cold('auto', { events: [{ at: '3m', type: 'server-crash', server: 1 }] });
    const { detection } = detectWarmup(withCrash);
    expect(detection.searchedUntil).toBe(180);
    expect(detection.chosen).toBeLessThanOrEqual(90);
  });

  it('warns when the first event leaves too little run to search, and uses no warm-up', () => {
    const early = cold('auto', { events: [{ at: '30s', type: 'server-crash', server: 1 }] });
    const pilots = [runPilot(early, 0)];
    const { detection, warnings } = chooseWarmup(early, pilots);
    expect(detection.chosen).toBe(0);
    expect(warnings.map((w) => w.code)).toEqual(['warmup-no-room']);
  });

  it('warns when MSER-5 hits its limit: a run that never settles', () => {
    // Load that keeps growing: sessions that never end within the run (think 10 min).
    const growing = cold('auto', { clients: { arrivalRate: 5, requestsPerSession: 50, thinkTime: '10m' } });
    const { warnings } = chooseWarmup(growing, [runPilot(growing, 0)]);
    expect(warnings.map((w) => w.code)).toEqual(['warmup-at-limit']);
  });
});
