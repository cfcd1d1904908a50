/**
 * Offered load, run size and warnings, computed from the configuration before anything runs.
 */
import { describe, expect, it } from 'vitest';
import { checkEventBudget, estimateRun, scenarioWarnings } from '../../src/scenario/checks.js';
import { EventBudgetError, ScenarioError } from '../../src/scenario/errors.js';
import { loadScenario, resolveScenario } from '../../src/scenario/load.js';
import { runStrategy } from '../../src/experiment/run.js';

describe('estimateRun', () => {
  it('utilisation = arrivalRate × E[requests] × E[service] / (servers × workers)', () => {
    const c = resolveScenario({ clients: { arrivalRate: 10, requestsPerSession: 20 }, servers: { count: 4, workers: 16, serviceTime: '20ms' } });
    const e = estimateRun(c);
    expect(e.requestsPerSecond).toBe(200);
    expect(e.busyWorkers).toBeCloseTo(4, 10);
    expect(e.capacity).toBe(64);
    expect(e.utilisation).toBeCloseTo(4 / 64, 10);
  });

  it.each(['server-crash', 'nat-heavy', 'store-outage'])('predicts the simulated events of %s within 8 percent', (name) => {
    // Events = requests × (2, or 4 with a store) + health checks, where requests discount
    // those that sessions starting near the end have not sent: λ·gap·E[n(n−1)]/2. The run
    // itself is random: total requests = Σ over ≈ 3600 sessions of a geometric count (CV ≈ 1),
    // relative sd ≈ √((1 + CV²)/3600) ≈ 2.4%, so 3 sd ≈ 7%; failed requests that skip the
    // service or the store (store-outage: ≈ 3600 of 40000) take ≈ 1% more. Hence 8%.
    const c = loadScenario(name);
    const e = estimateRun(c);
    c.strategies.forEach((st, i) => {
      const actual = runStrategy(c, st).stats.eventsProcessed;
      expect(Math.abs(e.eventsPerStrategy[i]! - actual) / actual).toBeLessThan(0.08);
    });
  });

  it('the event budget refuses a run above it with the estimate and how to raise it, and accepts one below', () => {
    const c = loadScenario('server-crash');
    expect(() => checkEventBudget(c, 'x', 1e9)).not.toThrow();
    try {
      checkEventBudget(c, 'x', 1000);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioError);
      // Told as a size, not as a mistake: the file is valid (the CLI prints no "invalid scenario").
      expect(e).toBeInstanceOf(EventBudgetError);
      expect((e as Error).message).toMatch(/^x: too big for the event budget \(the scenario itself is valid\)\n {2}at \(top level\): expected a run within the event budget of 1,000/);
      expect((e as ScenarioError).problems[0]!.hint).toContain('--max-events 1000000');
    }
  });

  it('random failures are drawn before the run and wait in the event queue: more than a million expected is refused at mtbf, whatever the budget', () => {
    const withFailures = (mtbf: string, mttr: string) => loadScenario('server-crash', { sets: [{ text: 'f', path: ['servers', 'failures'], value: { mtbf, mttr } }] });
    // 4 servers × 1140 s ÷ 2 ms = 2.28 M: it ran out of the queue's 4,194,304 slots (exit 1) before.
    const tooMany = withFailures('1ms', '1ms');
    expect(() => checkEventBudget(tooMany, 'x', 1e12)).toThrow(EventBudgetError);
    expect(() => checkEventBudget(tooMany, 'x', 1e12)).toThrow(/at servers\.failures\.mtbf: expected at most 1,000,000 random failures .* found about 2,280,000 \(4 servers × 19m00s ÷ \(1ms between failures \+ 1ms to repair\)\)/);
    // 4 × 1140 ÷ 0.005 = 912 k: held (the budget, raised, lets it run).
    expect(() => checkEventBudget(withFailures('4ms', '1ms'), 'x', 1e12)).not.toThrow();
  });
});

describe('scenarioWarnings', () => {
  it('warns when utilisation ≥ 1, saying how it was computed', () => {
    const c = resolveScenario({ clients: { arrivalRate: 50, requestsPerSession: 20 }, servers: { count: 2, workers: 4, serviceTime: '20ms' } });
    const w = scenarioWarnings(c);
    // 50 × 20 × 0.02 = 20 busy workers of 8: ρ = 2.5.
    expect(w.map((x) => x.message)).toContainEqual(expect.stringContaining('utilisation 2.50 ≥ 1'));
    expect(w[0]!.message).toContain('50 sessions/s × 20 requests × 20ms of service = 20 busy workers needed, 2 servers × 4 workers = 8 available');
  });

  it('warns at utilisation exactly 1, even where floating point computes 0.99999999999999994', () => {
    // 4 sessions/s × 20 requests × 400 ms = 32 busy workers = 4 servers × 8 workers; the
    // lognormal given by mean and sigma has E[S] = 0.39999999999999997 s.
    const c = resolveScenario({ clients: { arrivalRate: 4, requestsPerSession: 20 }, servers: { count: 4, workers: 8, serviceTime: { dist: 'lognormal', mean: '400ms', sigma: 0.5 } } });
    expect(estimateRun(c).utilisation).toBeLessThan(1);
    expect(scenarioWarnings(c).map((x) => x.message)).toContainEqual(expect.stringContaining('utilisation 1.00 ≥ 1'));
    // Just below: 0.99 is silent.
    const below = resolveScenario({ clients: { arrivalRate: 3.96, requestsPerSession: 20 }, servers: { count: 4, workers: 8, serviceTime: '400ms' } });
    expect(scenarioWarnings(below).filter((x) => x.message.startsWith('utilisation'))).toEqual([]);
  });

  it('warns about events that do nothing or hide in the warm-up; none for the built-ins', () => {
    const c = resolveScenario({
      warmup: '2m',
      strategies: [{ type: 'sticky' }],
      events: [
        { at: '1m', type: 'server-crash', server: 0, downFor: '1m' },
        { at: '5m', type: 'server-recover', server: 1 },
        { at: '6m', type: 'store-outage' },
      ],
    });
    expect(scenarioWarnings(c).map((w) => `${w.path}: ${w.message}`)).toEqual([
      'events[0].at: server-crash at 1m00s happens during the warm-up (2m00s), whose figures are not counted; most of its effect will not show in the table',
      'events[1]: server-recover of s1 at 5m00s does nothing: s1 is not down then',
      'events[2].type: store-outage has no effect: no strategy of this scenario keeps sessions in the store',
    ]);
    for (const name of ['server-crash', 'nat-heavy', 'store-outage']) expect(scenarioWarnings(loadScenario(name))).toEqual([]);
  });
});
