import type { ScenarioInput } from '../../src/scenario/schema.js';
import { resolveScenario } from '../../src/scenario/load.js';
import { runStrategy, type StrategyResult } from '../../src/experiment/run.js';
import type { SimulationConfig } from '../../src/model/config.js';

/** Resolve a scenario written inline (defaults filled in, validated). */
export function scenario(input: ScenarioInput): SimulationConfig {
  return resolveScenario(input, 'test');
}

/** Run every strategy of an inline scenario; results by strategy name. */
export function runAll(input: ScenarioInput, seed?: number): Record<string, StrategyResult> {
  const config = scenario(input);
  const out: Record<string, StrategyResult> = {};
  for (const st of config.strategies) out[st.name] = runStrategy(config, st, seed ?? config.seed);
  return out;
}
