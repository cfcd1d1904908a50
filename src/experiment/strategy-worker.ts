/**
 * Entry point of a worker thread of a single run (compiled to dist/experiment/strategy-worker.js;
 * the main thread's side is ./strategy-threads.ts). It loads the simulator as soon as it starts —
 * often before the main thread has parsed the scenario — then, given the run, takes strategies
 * off the shared queue — the next index of `order`, from a counter every thread increments
 * atomically, the main thread included — until none is left, posting each one's result as it
 * finishes.
 */
import { parentPort } from 'node:worker_threads';
import type { SimulationConfig } from '../model/config.js';
import { runStrategy } from './run.js';
import type { StrategyRun } from './replication-task.js';

export interface StrategyStart {
  seed: number;
  warmup: number;
}

/** The run a worker is given: the scenario and where the queue is, with the seed and warm-up decided. */
export interface StrategyJob extends StrategyStart {
  /** The scenario, seed applied. */
  config: SimulationConfig;
  /** Strategy indices in the order they are taken (longest first). */
  order: number[];
  /** Int32Array over it: [0] the next position of `order` to take. */
  queue: SharedArrayBuffer;
}

export type StrategyWorkerMessage = { ok: true; index: number; run: StrategyRun } | { ok: false; message: string; stack: string };

const port = parentPort!;
port.once('message', ({ config, order, queue, seed, warmup }: StrategyJob) => {
  const next = new Int32Array(queue);
  const measured: SimulationConfig = { ...config, seed, warmup };
  try {
    for (let k = Atomics.add(next, 0, 1); k < order.length; k = Atomics.add(next, 0, 1)) {
      const index = order[k]!;
      const { latencyHistogram, ...rest } = runStrategy(measured, config.strategies[index]!, seed);
      const message: StrategyWorkerMessage = { ok: true, index, run: { ...rest, latency: latencyHistogram!.toJSON() } };
      port.postMessage(message);
    }
  } catch (e) {
    const err = e as Error;
    const message: StrategyWorkerMessage = { ok: false, message: err.message, stack: err.stack ?? '' };
    port.postMessage(message);
  }
  // The listener was the only thing keeping the thread alive: it ends here, its results sent.
});
