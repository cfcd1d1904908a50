/** Run a scenario given as a plain object (as a file would hold it) and return each strategy's result by name. */
import { resolveScenario } from '../../src/scenario/load.js';
import { runStrategy, type StrategyResult } from '../../src/experiment/run.js';

export function runAll(scenario: object): Record<string, StrategyResult> {
  const config = resolveScenario(scenario, 'test');
  const out: Record<string, StrategyResult> = {};
  for (const st of config.strategies) out[st.name] = runStrategy(config, st);
  return out;
}

export function runOne(scenario: object): StrategyResult {
  return Object.values(runAll(scenario))[0]!;
}

export function eventsOf(r: StrategyResult, type: string): { at: number; details: Record<string, number | string | boolean> }[] {
  return r.events.filter((e) => e.type === type);
}
