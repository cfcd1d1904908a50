/**
 * Sweeps (issue 11): the same replicated experiment at every point of a grid of scenario
 * values. The unit of work is one (point × replication): every strategy of that point's
 * scenario from one seed. Replication r uses the same seed at every point (common random
 * numbers across points as well as across strategies), so a curve over the points moves by
 * the parameter's effect, not by the noise of fresh seeds, and neighbouring points' intervals
 * are positively correlated (their difference is estimated far more tightly than either).
 *
 * Determinism: a work item is a pure function of (point's scenario, replication seed); results
 * are kept by item index and summarised in (point, replication) order, so the job count and
 * the split into shards (./shard.ts) cannot change a byte of the result (./sweep-part.ts
 * merges shards through the same summary as a run on one machine).
 */
import { replicationSeed } from '../engine/seeds.js';
import type { SimulationConfig, StrategyType } from '../model/config.js';
import { aggregateTree, type IntervalTree } from '../metrics/aggregate.js';
import type { StrategyMetrics } from '../metrics/strategy-metrics.js';
import { rampWarningAgainst, windowWarnings, type RunWarning, type SteadyState } from '../metrics/warnings.js';
import type { ReplicationTask, TaskResult } from './replication-task.js';
import { shardItems, WHOLE, type Shard } from './shard.js';
import { VERSION, type SimulationResult } from './simulate.js';
import { createExecutor, defaultJobs, type Executor } from './worker-pool.js';

export interface SweepParamValues {
  /** Dotted scenario path, e.g. "servers.count". */
  path: string;
  values: unknown[];
}

export interface SweepDefinition {
  /** The scenario without params (with --set and --seed): the result's header. */
  base: SimulationConfig;
  params: SweepParamValues[];
  /** The grid in order (first param slowest), each with its validated scenario. */
  points: { values: unknown[]; config: SimulationConfig }[];
  /** Replications per point (>= 2: one gives no interval). */
  replications: number;
}

/** One work item's figures: every strategy of one point from one seed. */
export interface SweepRun {
  point: number;
  replication: number;
  seed: number;
  /** Mean sessions in progress over the warm-up's last timeline window (first strategy); null without a warm-up. */
  activeAtWarmupEnd: number | null;
  strategies: { name: string; type: StrategyType; stateLocation: string; metrics: StrategyMetrics }[];
}

export interface SweepProgress {
  done: number;
  total: number;
}

export interface SweepOptions {
  shard?: Shard;
  /** Worker threads; default the number of cores. */
  jobs?: number;
  onProgress?: (p: SweepProgress) => void;
  /** Where tasks run (tests inject one); default createExecutor. */
  executor?: Executor;
}

/** Work items of the whole sweep: points × replications. */
export function workItems(def: Pick<SweepDefinition, 'points' | 'replications'>): number {
  return def.points.length * def.replications;
}

export function checkDefinition(def: SweepDefinition): void {
  if (!Number.isInteger(def.replications) || def.replications < 2) throw new RangeError(`replications must be a whole number >= 2 (one replication gives no interval), got ${def.replications}`);
  if (def.points.length === 0) throw new RangeError('a sweep needs at least one point');
  def.points.forEach((p) => {
    if (p.config.autoWarmup === true) throw new RangeError('a sweep needs a fixed warm-up');
  });
}

/** Run the items of one shard (default: all) on worker threads; the runs in item order. */
export async function runSweep(def: SweepDefinition, options: SweepOptions = {}): Promise<{ runs: SweepRun[]; executor: string }> {
  checkDefinition(def);
  const items = shardItems(workItems(def), options.shard ?? WHOLE);
  const R = def.replications;
  const task = (k: number): ReplicationTask => {
    const point = def.points[Math.floor(k / R)]!;
    const r = k % R;
    return { kind: 'replication', index: r, seed: replicationSeed(point.config.seed, r), warmup: point.config.warmup, config: point.config };
  };
  const executor = options.executor ?? createExecutor(def.points[0]!.config, options.jobs ?? defaultJobs(), items.length);
  try {
    const results = await runAll(executor, items.map(task), (done) => options.onProgress?.({ done, total: items.length }));
    const runs = results.map((r, i): SweepRun => {
      if (r.kind !== 'replication') throw new Error('expected a replication result');
      const k = items[i]!;
      return {
        point: Math.floor(k / R),
        replication: k % R,
        seed: r.run.seed,
        activeAtWarmupEnd: r.run.activeAtWarmupEnd,
        strategies: r.run.strategies.map((s) => ({ name: s.name, type: s.type, stateLocation: s.stateLocation, metrics: s.metrics })),
      };
    });
    return { runs, executor: executor.description };
  } finally {
    if (options.executor === undefined) await executor.close();
  }
}

/** Run every task with up to executor.parallel at once; results in task order. */
function runAll(executor: Executor, tasks: readonly ReplicationTask[], onDone: (done: number) => void): Promise<TaskResult[]> {
  return new Promise((resolve, reject) => {
    const results: TaskResult[] = new Array<TaskResult>(tasks.length);
    let next = 0;
    let done = 0;
    let failed = false;
    if (tasks.length === 0) {
      resolve(results);
      return;
    }
    const launch = (): void => {
      while (!failed && next < tasks.length && next - done < executor.parallel) {
        const i = next++;
        executor.run(tasks[i]!).then(
          (r) => {
            if (failed) return;
            results[i] = r;
            done++;
            onDone(done);
            if (done === tasks.length) resolve(results);
            else launch();
          },
          (e: unknown) => {
            if (!failed) {
              failed = true;
              reject(e);
            }
          },
        );
      }
    };
    launch();
  });
}

/** Everything a sweep's summary depends on, as plain data (what merged shard files hold). */
export interface SweepData {
  scenario: Omit<SimulationResult['scenario'], 'warmupDetection'>;
  /** The base scenario as a scenario document (opaque here; src/scenario/resolved.ts). */
  resolved: unknown;
  params: SweepParamValues[];
  /** Each point's values, in param order. */
  points: unknown[][];
  /** Each point's Little's-law steady state at the end of its warm-up (null without one): the warm-up ramp check. */
  steady: (SteadyState | null)[];
  replications: number;
  /** Every (point × replication), sorted by point then replication. */
  runs: SweepRun[];
}

export interface SweepPointResult {
  index: number;
  /** The point's value of each param, keyed by path, in param order. */
  params: Record<string, unknown>;
  strategies: { name: string; type: StrategyType; stateLocation: string; metrics: IntervalTree<StrategyMetrics> }[];
  warnings: RunWarning[];
}

export interface SweepResult {
  scenario: SweepData['scenario'] & { resolved: unknown };
  sweep: { params: SweepParamValues[]; points: number; replications: { n: number; confidence: number; seeds: number[] } };
  points: SweepPointResult[];
}

/** The sweep's header fields of the scenario. */
export function sweepHeader(base: SimulationConfig): SweepData['scenario'] {
  return { name: base.name, description: base.description, seed: base.seed, duration: base.duration, warmup: base.warmup, version: VERSION };
}

/** Means and 95% intervals per point and strategy, from every run of the sweep. */
export function summarizeSweep(data: SweepData): SweepResult {
  const R = data.replications;
  if (data.runs.length !== data.points.length * R) throw new RangeError(`a sweep of ${data.points.length} points × ${R} replications needs ${data.points.length * R} runs, got ${data.runs.length}`);
  const points = data.points.map((values, p): SweepPointResult => {
    const own = data.runs.slice(p * R, (p + 1) * R);
    own.forEach((r, i) => {
      if (r.point !== p || r.replication !== i) throw new RangeError(`run ${p * R + i} is (point ${r.point}, replication ${r.replication}), expected (${p}, ${i})`);
    });
    const params: Record<string, unknown> = {};
    data.params.forEach((q, i) => (params[q.path] = values[i]));
    const warnings: RunWarning[] = [];
    // The warm-up ramp, as a replicated run judges it: the point's mean over its replications.
    const steady = data.steady[p] ?? null;
    const atEnd = own.map((r) => r.activeAtWarmupEnd).filter((a): a is number => a !== null);
    const ramp = steady === null || atEnd.length === 0 ? null : rampWarningAgainst(steady, atEnd.reduce((a, b) => a + b, 0) / atEnd.length);
    if (ramp !== null) warnings.push(ramp);
    const strategies = own[0]!.strategies.map((st, s) => {
      const metrics = own.map((r) => r.strategies[s]!.metrics);
      warnings.push(...windowWarnings(st.name, metrics));
      return { name: st.name, type: st.type, stateLocation: st.stateLocation, metrics: aggregateTree(metrics) };
    });
    return { index: p, params, strategies, warnings };
  });
  return {
    scenario: { ...data.scenario, resolved: data.resolved },
    sweep: {
      params: data.params,
      points: data.points.length,
      replications: { n: R, confidence: 0.95, seeds: data.runs.slice(0, R).map((r) => r.seed) },
    },
    points,
  };
}
