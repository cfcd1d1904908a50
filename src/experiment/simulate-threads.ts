/**
 * simulate() with a scenario's strategies on worker threads, one strategy per task. Each
 * strategy's run is a pure function of (scenario, strategy, seed, warm-up) — every strategy
 * gets a fresh world from the same seed (common random numbers) — so where it runs cannot
 * change a figure: the result is assembled in the scenario's order and renders byte-identical
 * to simulate()'s (tested). Worth it only when the strategies are long enough to pay for
 * starting the threads (each loads the simulator anew, ≈ 0.1 s); the CLI decides with
 * strategiesOnThreads().
 */
import type { SimulationConfig } from '../model/config.js';
import { LatencyHistogram } from '../metrics/histogram.js';
import type { StrategyRun } from './replication-task.js';
import { runInOrder } from './task-order.js';
import type { StrategyResult } from './run.js';
import { assembleRun, planRun, simulate, type SimulateOptions, type SimulationResult } from './simulate.js';
import { createExecutor, type Executor } from './worker-pool.js';

export interface ThreadOptions extends SimulateOptions {
  /** Worker threads at most (one per strategy); 1 runs in this thread, as simulate(). */
  jobs: number;
  /** Where tasks run (tests inject one); default createExecutor(config, jobs, strategies). */
  executor?: Executor;
  /** Told where the strategies run ("2 worker threads", "the main thread"), before they do. */
  onExecutor?: (description: string) => void;
}

/**
 * Simulated events per strategy above which threads pay: a worker costs about 0.1–0.2 s to
 * start (its own module loading and JIT warm-up), while the engine handles 2–3 M events per
 * second; at 2 M events a strategy runs ≈ 1 s, so two threads save several times their cost.
 */
export const THREAD_MIN_EVENTS_PER_STRATEGY = 2_000_000;

/** The job count for a single run: several strategies, each estimated above the threshold, else 1. */
export function strategiesOnThreads(eventsPerStrategy: readonly number[], jobs: number): number {
  if (eventsPerStrategy.length < 2 || jobs < 2) return 1;
  const heavy = eventsPerStrategy.filter((e) => e >= THREAD_MIN_EVENTS_PER_STRATEGY).length;
  return heavy < 2 ? 1 : Math.min(jobs, eventsPerStrategy.length);
}

export async function simulateOnThreads(config: SimulationConfig, options: ThreadOptions): Promise<SimulationResult> {
  const n = config.strategies.length;
  if (options.executor === undefined && (options.jobs < 2 || n < 2)) {
    options.onExecutor?.('the main thread');
    return simulate(config, options);
  }
  const plan = planRun(config, options);
  const executor = options.executor ?? createExecutor(plan.measured, options.jobs, n);
  options.onExecutor?.(executor.description);
  try {
    const runs = await runInOrder(
      executor,
      (index) => ({ kind: 'strategy', index, seed: plan.seed, warmup: plan.measured.warmup }),
      (r) => {
        if (r.kind !== 'strategy') throw new Error('expected a strategy result');
        return r.run;
      },
      n,
      n,
      () => true,
    );
    return assembleRun(config, plan, runs.map(fromRun));
  } finally {
    if (options.executor === undefined) await executor.close();
  }
}

function fromRun(run: StrategyRun): StrategyResult {
  const { latency, ...rest } = run;
  return { ...rest, latencyHistogram: LatencyHistogram.fromJSON(latency) };
}
