/**
 * Replicated experiments: N independent replications of the scenario (seeds derived from the
 * scenario's seed, src/engine/seeds.ts), each running every strategy on common random numbers,
 * summarised as means with 95% Student-t intervals; optionally until a relative precision is
 * reached; with paired differences against a baseline strategy.
 *
 * Determinism whatever the job count: tasks are pure functions of (scenario, index), results
 * are kept by index and summarised in index order, and the precision rule is evaluated on the
 * prefix 0..n−1 for n = n₀, n₀+1, … in turn, stopping at the first n that meets it. Results of
 * replications ≥ n that parallel workers finished early are discarded, so the stopping point
 * and every figure are the same for --jobs 1 and --jobs 16.
 */
import { replicationSeed } from '../engine/seeds.js';
import type { SimulationConfig, StrategyType } from '../model/config.js';
import {
  FIGURE_DIGITS,
  aggregateTree,
  confidenceInterval,
  leafAt,
  pairedDifference,
  pooledLatency,
  type DifferenceFigure,
  type IntervalTree,
  type PooledLatency,
} from '../metrics/aggregate.js';
import { round, type StrategyMetrics } from '../metrics/strategy-metrics.js';
import { littleRampWarning, windowWarnings, type RunWarning } from '../metrics/warnings.js';
import type { ReplicationRun, TaskResult } from './replication-task.js';
import { VERSION, type SimulationResult } from './simulate.js';
import { chooseWarmup, PILOT_RUNS, type PilotResult, type WarmupDetection } from './warmup.js';
import { evaluateReplicated, type SloReport } from './slo.js';
import { createExecutor, defaultJobs, type Executor } from './worker-pool.js';
import { runInOrder } from './task-order.js';

export { runInOrder };

/** Replications to start with under --precision when --replications is not given (Law & Kelton recommend n₀ ≥ 10 for sequential procedures). */
export const DEFAULT_INITIAL_REPLICATIONS = 10;
/** The cap of --precision when --max-replications is not given. */
export const DEFAULT_MAX_REPLICATIONS = 100;

/**
 * The figures people decide on, whose precision --precision controls, with the absolute
 * half-width below which a figure counts as precise whatever its mean: a relative half-width
 * means nothing for a figure near 0 (a strategy that lost no session in any replication has
 * mean 0 and half-width 0; one that lost 1 in 10⁶ would need millions of replications).
 */
export const DECISION_METRICS = [
  // 0.0001 = 0.01 percentage points of sessions.
  { path: 'sessionLossRate', label: 'session loss rate', absolute: 1e-4 },
  // 0.1 ms: finer than the histogram resolves at any p99 above 13 ms (0.78%).
  { path: 'latency.p99', label: 'latency p99', absolute: 0.1 },
  { path: 'skew.maxOverMean', label: 'skew max/mean', absolute: 0.001 },
] as const;

/** The figures of the paired comparison against the baseline. */
export const DIFFERENCE_METRICS = ['sessionLossRate', 'failedRate', 'latency.p50', 'latency.p99', 'skew.maxOverMean'] as const;

export interface ReplicateOptions {
  /** Override the scenario's seed. */
  seed?: number;
  /** Replications to run (fixed), or to start with under `precision`. */
  replications?: number;
  /** Target relative half-width of the decision metrics (e.g. 0.05). */
  precision?: number;
  /** Cap on replications under `precision`. */
  maxReplications?: number;
  /** Parallel jobs (worker threads); default: the number of cores. */
  jobs?: number;
  /** Strategy the others are compared with; default the first. */
  baseline?: string;
  onProgress?: (p: ReplicationProgress) => void;
  /** Keep every replication's per-window series in `runs` (for the HTML report's bands over time). */
  timelines?: boolean;
  /** Where tasks run (tests inject one); default createExecutor(config, jobs). */
  executor?: Executor;
}

export interface ReplicationProgress {
  phase: 'warm-up pilots' | 'replications';
  done: number;
  /** Planned total; under --precision the cap (the run may stop earlier). */
  total: number;
  /** Under --precision: the total is only an upper bound. */
  open: boolean;
}

export interface PrecisionFigure {
  strategy: string;
  metric: string;
  mean: number;
  halfWidth: number;
  /** halfWidth / |mean|; null when the mean is 0. */
  relativeHalfWidth: number | null;
  reached: boolean;
}

export interface PrecisionReport {
  target: number;
  reached: boolean;
  /** Replications run. */
  replications: number;
  cap: number;
  figures: PrecisionFigure[];
}

export interface ReplicatedStrategy {
  name: string;
  type: StrategyType;
  stateLocation: string;
  metrics: IntervalTree<StrategyMetrics>;
  /** Percentiles of all replications' latencies merged (point estimates, see README). */
  pooledLatency: PooledLatency;
}

export interface StrategyDifference {
  strategy: string;
  baseline: string;
  /** Same nesting as the metrics: e.g. metrics.latency.p99. */
  metrics: Record<string, DifferenceFigure | Record<string, DifferenceFigure>>;
}

export interface ReplicatedResult {
  /** The same header as a single run's. */
  scenario: SimulationResult['scenario'];
  /** The resolved scenario (seed override applied), to record and re-run it. */
  config: SimulationConfig;
  replications: { n: number; seeds: number[]; precision: PrecisionReport | null };
  strategies: ReplicatedStrategy[];
  differences: StrategyDifference[];
  warnings: RunWarning[];
  /** Every replication's raw figures, in index order (not in the JSON; the HTML report reads their timelines for its bands). */
  runs: ReplicationRun[];
  /** How it ran (not rendered: it must not change the output). */
  execution: { jobs: number; executor: string };
  /** The verdicts on the scenario's targets over the replications (absent without an `slo` block). */
  slo?: SloReport;
}

export async function replicate(config: SimulationConfig, options: ReplicateOptions = {}): Promise<ReplicatedResult> {
  const seed = options.seed ?? config.seed;
  const given: SimulationConfig = { ...config, seed };
  const precision = options.precision;
  // Under --precision without --replications, start from 10 (or the cap, if lower).
  const first = options.replications ?? Math.min(DEFAULT_INITIAL_REPLICATIONS, precision === undefined ? Infinity : (options.maxReplications ?? Infinity));
  const cap = precision === undefined ? first : (options.maxReplications ?? Math.max(DEFAULT_MAX_REPLICATIONS, first));
  if (!Number.isInteger(first) || first < 2) throw new RangeError(`replications must be a whole number >= 2 (one replication gives no interval), got ${first}`);
  if (precision !== undefined && !(precision > 0 && precision < 1)) throw new RangeError(`precision must be a relative half-width in (0, 1), e.g. 0.05, got ${precision}`);
  if (!Number.isInteger(cap) || cap < first) throw new RangeError(`max replications (${cap}) must be a whole number >= the initial replications (${first})`);
  const baseline = options.baseline ?? given.strategies[0]!.name;
  if (!given.strategies.some((s) => s.name === baseline)) throw new RangeError(`baseline "${baseline}" is not one of the strategies (${given.strategies.map((s) => s.name).join(', ')})`);

  const jobs = options.jobs ?? defaultJobs();
  const executor = options.executor ?? createExecutor(given, jobs, Math.max(cap, given.autoWarmup ? PILOT_RUNS : 0));
  const warnings: RunWarning[] = [];
  try {
    let warmup = given.warmup;
    let warmupDetection: WarmupDetection | undefined;
    if (given.autoWarmup === true) {
      const pilots = await runInOrder<PilotResult>(executor, (i) => ({ kind: 'pilot', index: i }), pilotOf, PILOT_RUNS, PILOT_RUNS, () => true, (done) =>
        options.onProgress?.({ phase: 'warm-up pilots', done, total: PILOT_RUNS, open: false }),
      );
      const auto = chooseWarmup(given, pilots);
      warmupDetection = auto.detection;
      warnings.push(...auto.warnings);
      warmup = auto.detection.chosen;
    }
    const precise = (runs: ReplicationRun[]) => precisionReport(runs, precision ?? 0, cap).reached;
    const runs = await runInOrder<ReplicationRun>(
      executor,
      (i) => ({ kind: 'replication', index: i, seed: replicationSeed(seed, i), warmup, ...(options.timelines ? { timeline: true as const } : {}) }),
      runOf,
      first,
      cap,
      precision === undefined ? () => true : precise,
      (done) => options.onProgress?.({ phase: 'replications', done, total: cap, open: precision !== undefined && cap > first }),
    );

    // The warm-up ramp (the single run's rule) on the mean over the replications: less noisy still.
    const atEnd = runs.map((r) => r.activeAtWarmupEnd).filter((a): a is number => a !== null);
    const ramp = atEnd.length === 0 ? null : littleRampWarning({ ...given, warmup }, atEnd.reduce((a, b) => a + b, 0) / atEnd.length);
    if (ramp !== null) warnings.push(ramp);
    const strategies = given.strategies.map((st, s): ReplicatedStrategy => {
      const own = runs.map((r) => r.strategies[s]!);
      warnings.push(...windowWarnings(st.name, own.map((o) => o.metrics)));
      return {
        name: st.name,
        type: own[0]!.type,
        stateLocation: own[0]!.stateLocation,
        metrics: aggregateTree(own.map((o) => o.metrics)),
        pooledLatency: pooledLatency(own.map((o) => o.latency)),
      };
    });
    return {
      scenario: {
        name: given.name,
        description: given.description,
        seed,
        duration: given.duration,
        warmup,
        version: VERSION,
        ...(warmupDetection === undefined ? {} : { warmupDetection }),
      },
      config: given,
      replications: { n: runs.length, seeds: runs.map((r) => r.seed), precision: precision === undefined ? null : precisionReport(runs, precision, cap) },
      strategies,
      differences: differences(given, runs, baseline),
      warnings,
      runs,
      execution: { jobs, executor: executor.description },
      ...(given.slo === undefined ? {} : { slo: evaluateReplicated(given.slo, given.strategies, runs.map((r) => r.strategies)) }),
    };
  } finally {
    if (options.executor === undefined) await executor.close();
  }
}

function pilotOf(r: TaskResult): PilotResult {
  if (r.kind !== 'pilot') throw new Error('expected a pilot result');
  return r.pilot;
}

function runOf(r: TaskResult): ReplicationRun {
  if (r.kind !== 'replication') throw new Error('expected a replication result');
  return r.run;
}

/** Which decision metrics of which strategies meet the precision target on these replications. */
export function precisionReport(runs: readonly ReplicationRun[], target: number, cap: number): PrecisionReport {
  const figures: PrecisionFigure[] = [];
  const strategies = runs[0]?.strategies.map((s) => s.name) ?? [];
  strategies.forEach((name, s) => {
    for (const m of DECISION_METRICS) {
      const ci = confidenceInterval(runs.map((r) => leafAt(r.strategies[s]!.metrics, m.path)));
      const rel = ci.mean === 0 ? null : ci.halfWidth / Math.abs(ci.mean);
      const reached = ci.halfWidth <= m.absolute || (rel !== null && rel <= target);
      figures.push({ strategy: name, metric: m.path, mean: round(ci.mean, FIGURE_DIGITS), halfWidth: round(ci.halfWidth, FIGURE_DIGITS), relativeHalfWidth: rel === null ? null : round(rel, 4), reached });
    }
  });
  return { target, reached: figures.length > 0 && figures.every((f) => f.reached), replications: runs.length, cap, figures };
}

/** strategy − baseline for each other strategy, paired by replication. */
function differences(config: SimulationConfig, runs: readonly ReplicationRun[], baseline: string): StrategyDifference[] {
  const b = config.strategies.findIndex((s) => s.name === baseline);
  const out: StrategyDifference[] = [];
  config.strategies.forEach((st, s) => {
    if (s === b) return;
    const metrics: StrategyDifference['metrics'] = {};
    // The decision figures, then the metrics the scenario highlights (its lesson's numbers).
    for (const path of new Set<string>([...DIFFERENCE_METRICS, ...(config.highlight ?? [])])) {
      const d = pairedDifference(
        runs.map((r) => leafAt(r.strategies[s]!.metrics, path)),
        runs.map((r) => leafAt(r.strategies[b]!.metrics, path)),
      );
      const [head, leaf] = path.split('.') as [string, string | undefined];
      if (leaf === undefined) metrics[head] = d;
      else ((metrics[head] ??= {}) as Record<string, DifferenceFigure>)[leaf] = d;
    }
    out.push({ strategy: st.name, baseline, metrics });
  });
  return out;
}
