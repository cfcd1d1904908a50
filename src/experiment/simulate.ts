/**
 * Run every strategy of a scenario on the same workload and failures (common random
 * numbers): each strategy gets a fresh world seeded identically.
 */
import type { SimulationConfig } from '../model/config.js';
import { runRampWarning, windowWarnings, type RunWarning } from '../metrics/warnings.js';
import { runStrategy, type StrategyResult } from './run.js';
import { detectWarmup, type WarmupDetection } from './warmup.js';
import { evaluateRun, type SloReport } from './slo.js';

import { VERSION } from './version.js';

export { VERSION };

export interface SimulationResult {
  scenario: {
    name: string;
    description: string;
    seed: number;
    duration: number;
    warmup: number;
    version: string;
    /** How `warmup: "auto"` chose `warmup` (absent for a fixed warm-up). */
    warmupDetection?: WarmupDetection;
  };
  strategies: StrategyResult[];
  /** The resolved scenario of the run (seed override applied), to record and re-run it. */
  config?: SimulationConfig;
  /** What limits trust in the figures (too short a window, a doubtful warm-up). */
  warnings?: RunWarning[];
  /** The verdicts on the scenario's targets (absent without an `slo` block). */
  slo?: SloReport;
}

export interface SimulateOptions {
  /** Override the scenario's seed. */
  seed?: number;
  /**
   * The order to run the strategies in (indices; default the scenario's). A strategy's result
   * does not depend on it (each runs in a world of its own from the same seed), and the result
   * lists them in the scenario's order whatever it is; only the time does. Most work first is
   * quicker: the JIT warms up on the strategy that runs the most code paths (server-crash: redis
   * first, ≈ 7 % less simulation time than the scenario's order, README "Performance").
   */
  order?: readonly number[];
}

export function simulate(config: SimulationConfig, options: SimulateOptions = {}): SimulationResult {
  const plan = planRun(config, options);
  const strategies = plan.given.strategies;
  const runs = new Array<StrategyResult>(strategies.length);
  const order = options.order?.length === strategies.length ? options.order : strategies.map((_, i) => i);
  for (const i of order) runs[i] = runStrategy(plan.measured, strategies[i]!, plan.seed);
  return assembleRun(config, plan, runs);
}

/** What a run of a scenario is, before its strategies run: the seed, and the warm-up ("auto" decided here). */
export interface RunPlan {
  seed: number;
  given: SimulationConfig;
  /** `given` with the warm-up the figures are measured after. */
  measured: SimulationConfig;
  warmupDetection: WarmupDetection | undefined;
  warnings: RunWarning[];
}

export function planRun(config: SimulationConfig, options: SimulateOptions = {}): RunPlan {
  const seed = options.seed ?? config.seed;
  const given: SimulationConfig = { ...config, seed };
  const warnings: RunWarning[] = [];
  let measured = given;
  let warmupDetection: WarmupDetection | undefined;
  if (given.autoWarmup === true) {
    const auto = detectWarmup(given);
    warmupDetection = auto.detection;
    warnings.push(...auto.warnings);
    measured = { ...given, warmup: auto.detection.chosen };
  }
  return { seed, given, measured, warmupDetection, warnings };
}

/** The result of a run from its plan and its strategies' results (in the scenario's order). */
export function assembleRun(config: SimulationConfig, plan: RunPlan, strategies: StrategyResult[]): SimulationResult {
  const { seed, given, measured, warmupDetection } = plan;
  const warnings = [...plan.warnings];
  const ramp = runRampWarning(measured, strategies);
  if (ramp !== null) warnings.push(ramp);
  for (const s of strategies) warnings.push(...windowWarnings(s.name, [s.metrics]));
  return {
    scenario: {
      name: config.name,
      description: config.description,
      seed,
      duration: config.duration,
      warmup: measured.warmup,
      version: VERSION,
      ...(warmupDetection === undefined ? {} : { warmupDetection }),
    },
    strategies,
    config: given,
    warnings,
    ...(given.slo === undefined ? {} : { slo: evaluateRun(given.slo, strategies) }),
  };
}
