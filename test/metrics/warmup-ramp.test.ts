import { describe, expect, it } from 'vitest';
import { activeAtWarmupEnd as atEnd, littleRampWarning, NOISE_SIGMAS, rampShareOfWindow, STEADY_SHARE, steadyState } from '../../src/metrics/warnings.js';
import { loadScenario, resolveScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/experiment/simulate.js';
import { replicate } from '../../src/experiment/replications.js';
import { renderExplain } from '../../src/report/explain.js';
import type { SimulationConfig } from '../../src/model/config.js';
import { runSweep, summarizeSweep, type SweepDefinition } from '../../src/experiment/sweep.js';
import { wholeSweepData } from '../../src/experiment/merge.js';
import { toScenarioDocument } from '../../src/scenario/resolved.js';
import { parseOverride } from '../../src/scenario/overrides.js';
import { parseParam, resolveSweepScenario } from '../../src/scenario/sweep-params.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Mean sessions in progress over the last timeline window of the warm-up. */
function activeAtWarmupEnd(config: SimulationConfig): number {
  return atEnd(simulate(config).strategies[0]!.timeline, config.warmup)!;
}

// 10 sessions/s of 20 requests 3 s apart: visits of ≈ 57 s, L ≈ 570 in progress once steady.
const scenario = (warmup: string) =>
  resolveScenario({ seed: 7, duration: '6m', warmup, clients: { arrivalRate: 10, requestsPerSession: { dist: 'geometric', mean: 20 }, thinkTime: { dist: 'exponential', mean: '3s' } }, strategies: [{ type: 'jwt' }] });

describe("warm-up ramp by Little's law (sessions in progress at the end of the warm-up vs L = λ·W)", () => {
  it('L is arrival rate × mean visit length, and the threshold what a ramp reaching 90 % at the warm-up end averages over its window, less 3 Poisson σ', () => {
    const s = steadyState(scenario('1m'));
    expect(s.arrivalRate).toBe(10);
    expect(s.sessionLength).toBeGreaterThan(19 * 3);
    expect(s.sessionLength).toBeLessThan(19 * 3.1);
    expect(s.sessions).toBeCloseTo(10 * s.sessionLength, 9);
    // 6 min: 10 s windows; the one holding the 1 min warm-up's end is [50 s, 60 s). A ramp reaching
    // 90 % at 60 s (τ = 60 s / ln 10) averages a little less there: 1 − τ/10 s·(e^(−50/τ) − e^(−60/τ)).
    const tau = 60 / Math.log(10);
    const share = 1 - (tau / 10) * (Math.exp(-50 / tau) - Math.exp(-60 / tau));
    expect(rampShareOfWindow(60, 10, 360)).toBeCloseTo(share, 12);
    expect(share).toBeGreaterThan(0.85);
    expect(share).toBeLessThan(STEADY_SHARE);
    const m = share * s.sessions;
    expect(s.threshold).toBeCloseTo(m - NOISE_SIGMAS * Math.sqrt(m), 9);
    // Just below the bound fires, at it does not.
    expect(littleRampWarning(scenario('1m'), s.threshold - 0.01)?.code).toBe('warmup-ramp');
    expect(littleRampWarning(scenario('1m'), s.threshold)).toBeNull();
  });

  it('judges a window wider than the warm-up by what a 90 % ramp averages over it (no false alarm on long runs)', () => {
    // A narrow window at the end: 90 %; one window from 0 to the warm-up's end: 1 − 0.9/ln 10 ≈ 0.609.
    expect(rampShareOfWindow(300, 1e-6, 9000)).toBeCloseTo(STEADY_SHARE, 5);
    expect(rampShareOfWindow(300, 300, 9000)).toBeCloseTo(1 - STEADY_SHARE / Math.log(10), 12);
    // server-crash at 150 min: 300 s windows, its 5 min warm-up (3 visit lengths) in the first one;
    // the run does not warn, as it does not at its shipped 19 min (20 s windows).
    const long = loadScenario('server-crash', { sets: [parseOverride('duration=9000s')] });
    const mean = atEnd(simulate({ ...long, strategies: long.strategies.slice(3) }).strategies[0]!.timeline, long.warmup)!;
    expect(mean).toBeLessThan(0.8 * steadyState(long).sessions); // the window averages the ramp
    expect(littleRampWarning(long, mean)).toBeNull();
    // A warm-up of a third of a visit still warns in that window.
    const short = { ...long, warmup: 30 };
    expect(littleRampWarning(short, atEnd(simulate({ ...short, strategies: short.strategies.slice(3) }).strategies[0]!.timeline, 30)!)?.code).toBe('warmup-ramp');
  });

  it('fires for a warm-up of a fifth of a visit, with the count and the expectation', () => {
    const c = scenario('10s');
    const n = activeAtWarmupEnd(c);
    expect(n).toBeLessThan(0.3 * steadyState(c).sessions);
    const w = littleRampWarning(c, n);
    expect(w?.code).toBe('warmup-ramp');
    expect(w!.message).toContain(`${Math.round(n)} of ≈${Math.round(steadyState(c).sessions)} expected`);
  });

  it('is silent for a warm-up of 4 visit lengths (98 % of steady state)', () => {
    const c = scenario('4m');
    const n = activeAtWarmupEnd(c);
    expect(n).toBeGreaterThan(steadyState(c).threshold);
    expect(littleRampWarning(c, n)).toBeNull();
  });

  it('cannot tell a small population from noise: below L = 10 (m − 3√m ≤ 0) it never fires, above it an empty system does', () => {
    const small = resolveScenario({ duration: '6m', warmup: '10s', clients: { arrivalRate: 0.15, requestsPerSession: { dist: 'geometric', mean: 20 }, thinkTime: { dist: 'exponential', mean: '3s' } }, strategies: [{ type: 'jwt' }] });
    expect(steadyState(small).sessions).toBeLessThan(10);
    expect(littleRampWarning(small, 0)).toBeNull();
    expect(littleRampWarning(scenario('10s'), 0)?.code).toBe('warmup-ramp');
  });

  it("jwt-revocation: its old 2 min warm-up ended at 108 of ≈ 999 sessions (issue 13); its 50 min one is 3 visit lengths", () => {
    const c = loadScenario('jwt-revocation');
    expect(steadyState(c).sessions).toBeGreaterThan(950);
    expect(steadyState(c).sessions).toBeLessThan(1100);
    expect(littleRampWarning({ ...c, warmup: 120 }, 108)?.message).toContain('108 of ≈999 expected');
    expect(c.warmup / 60).toBe(Math.ceil((3 * steadyState(c).sessionLength) / 60));
  });

  it('the last window of the warm-up is the one its end falls in (a warm-up shorter than a window reads the first)', () => {
    const timeline = { window: 10, activeSessions: [1, 2, 3, 4] };
    expect(atEnd(timeline, 20)).toBe(2);
    expect(atEnd(timeline, 25)).toBe(3);
    expect(atEnd(timeline, 4)).toBe(1);
    expect(atEnd(timeline, 0)).toBeNull();
  });
});

describe('the warm-up ramp warning in a run: the JSON warnings and the explanation tell the same one', () => {
  it('a 10 s warm-up before ≈ 57 s visits warns in the run\'s warnings and in explain', () => {
    const c = scenario('10s');
    const result = simulate(c);
    const ramps = (result.warnings ?? []).filter((w) => w.code === 'warmup-ramp');
    expect(ramps).toHaveLength(1);
    expect(ramps[0]!.message).toContain("Little's law");
    const text = renderExplain(result, c, { color: false, ascii: false, width: 10_000 });
    expect(text).toContain(`Note: ${ramps[0]!.message}.`);
  });

  it('a 4 min warm-up (4 visit lengths) warns in neither', () => {
    const c = scenario('4m');
    const result = simulate(c);
    expect((result.warnings ?? []).map((w) => w.code)).not.toContain('warmup-ramp');
    expect(renderExplain(result, c, { color: false, ascii: false, width: 10_000 })).not.toContain("Little's law");
  });

  it('warmup: "auto" is judged at the warm-up it chose', () => {
    const c = { ...scenario('4m'), autoWarmup: true };
    const result = simulate(c);
    const chosen = result.scenario.warmup;
    const n = atEnd(result.strategies[0]!.timeline, chosen)!;
    const expected = littleRampWarning({ ...c, warmup: chosen }, n);
    expect((result.warnings ?? []).find((w) => w.code === 'warmup-ramp') ?? null).toEqual(expected);
  });
});

describe('the warm-up ramp warning with replications: the same rule on the mean over the replications', () => {
  it('a 10 s warm-up warns once (not once per replication), a 4 min one not', async () => {
    const short = await replicate(scenario('10s'), { replications: 3, jobs: 1 });
    const ramps = short.warnings.filter((w) => w.code === 'warmup-ramp');
    expect(ramps).toHaveLength(1);
    // The count is the mean of the replications' (each from its own seed), against the same L.
    expect(ramps[0]!.message).toContain(`of ≈${Math.round(steadyState(scenario('10s')).sessions)} expected`);
    const long = await replicate(scenario('4m'), { replications: 3, jobs: 1 });
    expect(long.warnings.map((w) => w.code)).not.toContain('warmup-ramp');
  });
});

describe('the warm-up ramp warning in a sweep: each point judged as a replicated run is, against its own steady state', () => {
  it('a sweep over warmup 10s,4m warns at the 10 s point only, with the replicated run\'s message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'session-sim-ramp-'));
    const file = join(dir, 'ramp.json');
    writeFileSync(file, JSON.stringify({ seed: 7, duration: '6m', warmup: '1m', clients: { arrivalRate: 10, requestsPerSession: { dist: 'geometric', mean: 20 }, thinkTime: { dist: 'exponential', mean: '3s' } }, strategies: [{ type: 'jwt' }] }));
    const params = [parseParam('warmup=10s,4m')];
    const s = resolveSweepScenario(file, params);
    const def: SweepDefinition = { base: s.base, params: params.map((p) => ({ path: p.path, values: p.values })), points: s.points, replications: 3 };
    const { runs } = await runSweep(def, { jobs: 1 });
    const result = summarizeSweep(wholeSweepData(def, toScenarioDocument(def.base), runs));
    const ramps = result.points.map((p) => p.warnings.filter((w) => w.code === 'warmup-ramp'));
    expect(ramps[0]).toHaveLength(1);
    expect(ramps[1]).toHaveLength(0);
    // The same rule and the same seeds as `run --replications 3` of that point: the same words.
    const replicated = await replicate(scenario('10s'), { replications: 3, jobs: 1 });
    expect(ramps[0]![0]!.message).toBe(replicated.warnings.find((w) => w.code === 'warmup-ramp')!.message);
  });
});
