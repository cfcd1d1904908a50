/**
 * One unit of work of a replicated experiment, the same whether it runs in a worker thread or
 * in the main thread: a replication (every strategy from one seed, common random numbers) or
 * a warm-up pilot. Inputs and outputs are plain data (structured-clone friendly), and the
 * output depends on the inputs only, so the job count cannot change a result.
 */
import type { SimulationConfig, StrategyType } from '../model/config.js';
import type { HistogramJSON } from '../metrics/histogram.js';
import type { StrategyMetrics, Timeline } from '../metrics/strategy-metrics.js';
import { activeAtWarmupEnd } from '../metrics/warnings.js';
import { runStrategy, type StrategyResult } from './run.js';
import { runPilot, type PilotResult } from './warmup.js';

export type ReplicationTask =
  /**
   * `config`: the scenario of this task when it is not the executor's (a sweep's points each
   * have their own; a few kB cloned per task, nothing beside a run of a second).
   */
  | {
      kind: 'replication';
      index: number;
      seed: number;
      warmup: number;
      config?: SimulationConfig;
      /** Keep each strategy's per-window series (the HTML report's bands); a few kB per strategy. */
      timeline?: true;
    }
  | { kind: 'pilot'; index: number }
  /** One strategy of a single run (simulate on worker threads): strategy `index` of the scenario. */
  | { kind: 'strategy'; index: number; seed: number; warmup: number };

export interface ReplicationRun {
  index: number;
  seed: number;
  /** Mean sessions in progress over the warm-up's last timeline window, first strategy (null: no warm-up); the warmup-ramp check. */
  activeAtWarmupEnd: number | null;
  strategies: {
    name: string;
    type: StrategyType;
    stateLocation: string;
    metrics: StrategyMetrics;
    /** The run's latency histogram, merged across replications for pooled percentiles. */
    latency: HistogramJSON;
    /** The per-window series of the whole run, when the task asked for them. */
    timeline?: Timeline;
  }[];
}

/** A strategy's whole result, its latency histogram as plain data (structured clone keeps no classes). */
export type StrategyRun = Omit<StrategyResult, 'latencyHistogram'> & { latency: HistogramJSON };

export type TaskResult = { kind: 'replication'; run: ReplicationRun } | { kind: 'pilot'; pilot: PilotResult } | { kind: 'strategy'; run: StrategyRun };

export function runTask(config: SimulationConfig, task: ReplicationTask): TaskResult {
  if (task.kind === 'pilot') return { kind: 'pilot', pilot: runPilot(config, task.index) };
  if (task.kind === 'strategy') {
    const { latencyHistogram, ...rest } = runStrategy({ ...config, warmup: task.warmup }, config.strategies[task.index]!, task.seed);
    return { kind: 'strategy', run: { ...rest, latency: latencyHistogram!.toJSON() } };
  }
  const own = task.config ?? config;
  const measured: SimulationConfig = { ...own, warmup: task.warmup };
  let active: number | null = null;
  const strategies = own.strategies.map((st, i) => {
    const r = runStrategy(measured, st, task.seed);
    if (i === 0) active = activeAtWarmupEnd(r.timeline, measured.warmup);
    return { name: r.name, type: r.type, stateLocation: r.stateLocation, metrics: r.metrics, latency: r.latencyHistogram!.toJSON(), ...(task.timeline ? { timeline: r.timeline } : {}) };
  });
  return { kind: 'replication', run: { index: task.index, seed: task.seed, activeAtWarmupEnd: active, strategies } };
}
