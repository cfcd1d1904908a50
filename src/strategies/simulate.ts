/**
 * Run every strategy of a scenario on the same workload and failures (common random
 * numbers): each strategy gets a fresh world seeded identically.
 */
import { readFileSync } from 'node:fs';
import type { SimulationConfig } from '../model/config.js';
import { runStrategy, type StrategyResult } from './run.js';

export const VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

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

export function simulate(config: SimulationConfig, options: SimulateOptions = {}): SimulationResult {
  const seed = options.seed ?? config.seed;
  return {
    scenario: { name: config.name, description: config.description, seed, duration: config.duration, warmup: config.warmup, version: VERSION },
    strategies: config.strategies.map((st) => runStrategy(config, st, seed)),
  };
}
