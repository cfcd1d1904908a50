/**
 * The programmatic API: simulate(scenario) → results, the same thing the CLI prints.
 *
 *   import { loadScenario, simulate } from 'session-sim';
 *   const results = simulate(loadScenario('server-crash'));
 */
import { readFileSync } from 'node:fs';
import type { SimulationConfig } from './model/config.js';
import { runStrategy, type StrategyResult } from './strategies/run.js';

export type { SimulationConfig, StrategyConfig, TimelineEvent } from './model/config.js';
export type { StrategyResult } from './strategies/run.js';
export type { StrategyMetrics } from './metrics/run-metrics.js';
export { loadScenario, resolveScenario, listBuiltins, selectStrategies } from './scenario/load.js';
export { ScenarioError } from './scenario/errors.js';
export { runStrategy } from './strategies/run.js';

export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export interface SimulationResult {
  scenario: {
    name: string;
    description: string;
    seed: number;
    duration: number;
    warmup: number;
    version: string;
  };
  strategies: StrategyResult[];
}

export interface SimulateOptions {
  /** Override the scenario's seed. */
  seed?: number;
}

/** Run every strategy of the scenario on the same workload and failures (common random numbers). */
export function simulate(config: SimulationConfig, options: SimulateOptions = {}): SimulationResult {
  const seed = options.seed ?? config.seed;
  return {
    scenario: { name: config.name, description: config.description, seed, duration: config.duration, warmup: config.warmup, version: VERSION },
    strategies: config.strategies.map((st) => runStrategy(config, st, seed)),
  };
}
