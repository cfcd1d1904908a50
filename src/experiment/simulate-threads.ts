/**
 * simulate() with a scenario's strategies spread over worker threads, which take strategies
 * longest first off one queue while this thread waits (./strategy-threads.ts). Each strategy's run
 * is a pure function of (scenario, strategy, seed, warm-up) — every strategy gets a fresh
 * world from the same seed (common random numbers) — so where it runs cannot change a
 * figure: the result is assembled in the scenario's order and renders byte-identical to
 * simulate()'s (tested). Threads pay only when the strategies are long enough to repay a
 * worker's start; the CLI decides with strategiesOnThreads().
 */
import type { SimulationConfig } from '../model/config.js';
import type { SimulateOptions, SimulationResult } from './simulate.js';
import type { Executor } from './worker-pool.js';
import { StrategyThreads, strategyWorkerAvailable } from './strategy-threads.js';

export interface ThreadOptions extends SimulateOptions {
  /** Threads at most (at most one per strategy): 1 runs here, as simulate(); 2 or more are worker threads. */
  jobs: number;
  /**
   * Estimated work of each strategy (simulated events, the scenario's estimate), to queue the
   * longest first; default: the scenario's order.
   */
  eventsPerStrategy?: readonly number[];
  /** Tests: run each strategy as a task of this executor instead (the queue order is kept). */
  executor?: Executor;
  /** Told where the strategies run ("2 worker threads", "the main thread"), before they do. */
  onExecutor?: (description: string) => void;
  /**
   * Workers started ahead (the CLI's, before it parsed the scenario): used for the run, as
   * many as it needs (more started, the rest stopped), and stopped whatever happens.
   */
  threads?: StrategyThreads;
}

/**
 * The cost model the choice uses, fitted to wall times measured on the idle 2-core
 * development machine (README "Performance"): one thread simulates ≈ 3 M events per second
 * once warm (server-crash at 10× its 19 min: 10.3 M events, 3.4 s), and a worker finishes as
 * if it had started taking strategies ≈ 0.45 s after a run in this thread would have. Its
 * own start is hidden (src/cli/early-threads.ts starts it before parsing), but its strategies
 * run JIT-cold and the workers share the cores with V8's GC threads, which one thread has to
 * itself: server-crash as shipped (1.0 M events) took 0.55 s wall on one thread and 0.57 s on
 * two workers, at 5× its duration 1.41 s and 1.04 s (2026-12-04, medians of eight).
 */
export const EVENTS_PER_SECOND = 3_000_000;
export const WORKER_START_SECONDS = 0.45;
/** Threads are used only when the estimated finish is at least this much earlier than on one thread. */
export const MIN_GAIN = 0.1;

/**
 * The cores a run may count on: those other processes leave idle (`othersBusy`: the cores they
 * keep busy, measured while the command starts, src/cli/cpu-load.ts), this one's included.
 * Threads beyond them would share cores that other processes keep busy (and with the kernel's
 * autogroup scheduling a session's threads share one session's slice), adding a worker's
 * start and JIT warm-up for nothing — measured on the shared machine (README "Performance").
 * GNU make's `--load-average` rule (start no more jobs than the load leaves room for), fed with
 * what others use now rather than the 1-minute average, which counts this command's own
 * previous runs. Only the thread count depends on it, never a result.
 */
export function usableCores(cores: number, othersBusy: number): number {
  return Math.max(1, Math.min(cores, Math.round(cores - othersBusy)));
}

/** Strategy indices, the most events first (ties: the scenario's order). */
export function longestFirst(eventsPerStrategy: readonly number[]): number[] {
  return eventsPerStrategy.map((_, i) => i).sort((a, b) => eventsPerStrategy[b]! - eventsPerStrategy[a]! || a - b);
}

/**
 * Estimated seconds until the last strategy finishes on `threads` threads: this one alone
 * from 0, or as many workers from WORKER_START_SECONDS, every strategy (longest first) going
 * to the thread free first, as the shared queue hands them out.
 */
export function finishTime(eventsPerStrategy: readonly number[], threads: number): number {
  const start = threads > 1 ? WORKER_START_SECONDS : 0;
  const free: number[] = Array.from({ length: Math.max(1, threads) }, () => start);
  for (const i of longestFirst(eventsPerStrategy)) {
    const t = free.indexOf(Math.min(...free));
    free[t] = free[t]! + eventsPerStrategy[i]! / EVENTS_PER_SECOND;
  }
  return Math.max(...free);
}

/**
 * The thread count for a single run on `cores` cores: the one with the earliest estimated
 * finish, or 1 unless that is at least MIN_GAIN earlier than one thread's. Workers the CLI
 * started early (src/cli/early-threads.ts) are counted at the same WORKER_START_SECONDS: their
 * start is hidden, but not the cost of JIT-cold threads on shared cores.
 */
export function strategiesOnThreads(eventsPerStrategy: readonly number[], cores: number): number {
  const most = Math.min(cores, eventsPerStrategy.length);
  const finish = (t: number) => finishTime(eventsPerStrategy, t);
  let best = 1;
  for (let t = 2; t <= most; t++) if (finish(t) < finish(best)) best = t;
  return finish(best) <= (1 - MIN_GAIN) * finish(1) ? best : 1;
}

export async function simulateOnThreads(config: SimulationConfig, options: ThreadOptions): Promise<SimulationResult> {
  const n = config.strategies.length;
  const order = options.eventsPerStrategy?.length === n ? longestFirst(options.eventsPerStrategy) : config.strategies.map((_, i) => i);
  const threads = Math.min(options.jobs, n);
  // The workers first: they load the simulator while this thread plans the run.
  const seed = options.seed ?? config.seed;
  let pool: StrategyThreads | undefined;
  if (options.executor === undefined && threads > 1 && strategyWorkerAvailable()) {
    pool = options.threads ?? new StrategyThreads(threads);
    pool.resize(threads);
  } else {
    void options.threads?.close();
  }
  try {
    const { assembleRun, planRun, simulate } = await import('./simulate.js');
    if (options.executor !== undefined) return await onExecutor(config, options, options.executor, order);
    if (pool === undefined) {
      options.onExecutor?.('the main thread');
      return simulate(config, { ...options, order });
    }
    options.onExecutor?.(`${pool.threads} worker threads`);
    const plan = planRun(config, options);
    const runs = await pool.run({ ...config, seed }, order, { seed: plan.seed, warmup: plan.measured.warmup });
    return assembleRun(config, plan, runs);
  } finally {
    await pool?.close();
  }
}

/** Each strategy as a task of `executor` (tests inject one that answers out of order). */
async function onExecutor(config: SimulationConfig, options: ThreadOptions, executor: Executor, order: readonly number[]): Promise<SimulationResult> {
  const [{ assembleRun, planRun }, { runInOrder }, { LatencyHistogram }] = await Promise.all([import('./simulate.js'), import('./task-order.js'), import('../metrics/histogram.js')]);
  const plan = planRun(config, options);
  options.onExecutor?.(executor.description);
  const n = config.strategies.length;
  const runs = await runInOrder(
    executor,
    (k) => ({ kind: 'strategy', index: order[k]!, seed: plan.seed, warmup: plan.measured.warmup }),
    (r) => {
      if (r.kind !== 'strategy') throw new Error('expected a strategy result');
      return r.run;
    },
    n,
    n,
    () => true,
  );
  const byIndex = new Array<(typeof runs)[number]>(n);
  runs.forEach((run, k) => (byIndex[order[k]!] = run));
  return assembleRun(
    config,
    plan,
    byIndex.map(({ latency, ...rest }) => ({ ...rest, latencyHistogram: LatencyHistogram.fromJSON(latency) })),
  );
}
