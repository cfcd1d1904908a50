/**
 * Every built-in scenario measures a steady state, not the start-up ramp (issue 13: "fix the
 * built-in scenarios so their measured window is steady"). Sessions in progress reach 95 % of
 * Little's law's L = λ·W after 3 mean visit lengths W (exponential visits, src/metrics/warnings.ts),
 * so a fixed warm-up is at least 3·W; and the run itself raises no warmup-ramp warning.
 */
import { describe, expect, it } from 'vitest';
import { planRun } from '../../src/experiment/simulate.js';
import { runStrategy } from '../../src/experiment/run.js';
import { runRampWarning, steadyState } from '../../src/metrics/warnings.js';
import { listBuiltins, loadScenario } from '../../src/scenario/load.js';

describe.each(listBuiltins().map((b) => b.name))('built-in %s', (name) => {
  it('a fixed warm-up lasts at least 3 mean visit lengths', () => {
    const config = loadScenario(name);
    if (config.autoWarmup === true) return;
    expect(config.warmup).toBeGreaterThanOrEqual(3 * steadyState(config).sessionLength);
  });

  it('ends its warm-up with sessions in progress near steady state (no warmup-ramp warning)', () => {
    // The warning reads the first strategy's timeline (the arrivals are the same under every strategy).
    const plan = planRun(loadScenario(name));
    const first = runStrategy(plan.measured, plan.measured.strategies[0]!, plan.seed);
    expect(runRampWarning(plan.measured, [first])?.message ?? null).toBeNull();
  });
});
