/**
 * A scenario with only some of its strategies (the CLI's --strategies): on a resolved
 * configuration, so without the schema (a run of a built-in as the build resolved it loads none:
 * ./builtins.ts).
 */
import type { SimulationConfig } from '../model/config.js';
import { UnknownStrategyError } from './errors.js';

/** Keep only the named strategies (the CLI's --strategies), in the order given. */
export function selectStrategies(config: SimulationConfig, names: readonly string[]): SimulationConfig {
  const picked = names.map((n) => {
    const st = config.strategies.find((x) => x.name === n);
    if (!st) throw new UnknownStrategyError('--strategies', n, config.strategies.map((x) => x.name));
    return st;
  });
  const slo = config.slo;
  if (slo === undefined || !Array.isArray(slo.require)) return { ...config, strategies: picked };
  // Required strategies left out of the run cannot be judged; with none left, any of the chosen ones must pass.
  const required = slo.require.filter((n) => names.includes(n));
  return { ...config, strategies: picked, slo: { ...slo, require: required.length > 0 ? required : 'any' } };
}
