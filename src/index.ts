/**
 * The programmatic API: simulate(scenario) → results, the same thing the CLI prints.
 *
 *   import { loadScenario, simulate } from 'session-sim';
 *   const results = simulate(loadScenario('server-crash'));
 */
export type { SimulationConfig, StrategyConfig, TimelineEvent } from './model/config.js';
export type { StrategyResult } from './experiment/run.js';
export type { StrategyMetrics } from './metrics/strategy-metrics.js';
export type { SimulationResult, SimulateOptions } from './experiment/simulate.js';
export { simulate, VERSION } from './experiment/simulate.js';
export { runStrategy } from './experiment/run.js';
export { loadScenario, resolveScenario, listBuiltins, selectStrategies } from './scenario/load.js';
export { ScenarioError } from './scenario/errors.js';
export { renderJson } from './report/json.js';
export { renderTable } from './report/table.js';
export type { ReplicatedResult, ReplicateOptions, ReplicationProgress, PrecisionReport, StrategyDifference } from './experiment/replications.js';
export type { IntervalFigure, DifferenceFigure, IntervalTree, PooledLatency } from './metrics/aggregate.js';
export type { WarmupDetection } from './experiment/warmup.js';
export type { RunWarning } from './metrics/warnings.js';
export { replicate } from './experiment/replications.js';
export { replicationSeed } from './engine/seeds.js';
export { renderReplicatedJson } from './report/replicated-json.js';
export { renderIntervalTable } from './report/intervals.js';
export { toScenarioDocument } from './scenario/resolved.js';
export { calibrate } from './metrics/calibrate.js';
export type { CostProfile } from './model/config.js';
