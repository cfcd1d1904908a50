/**
 * The threads of a single run: worker threads (./strategy-worker.ts) that load the simulator
 * as soon as they are created — the CLI creates them before it has even parsed the scenario
 * when a run may use them (src/cli/early-threads.ts), so their start overlaps this thread's —
 * then every worker takes the next strategy off one shared queue (a counter in shared memory,
 * incremented atomically) until none is left. Strategies are queued longest first, so the
 * last to finish is a short one. Where a strategy runs cannot change its result (a pure
 * function of scenario, strategy, seed and warm-up); results land by the strategy's index.
 *
 * This thread runs none of them: it waits for their results. Its isolate compiles on V8's
 * background compiler threads, which on a core every worker also needs only take turns with
 * them; the workers' isolates compile on their own thread (./simulation-worker.ts). One worker
 * per core, this thread idle, finished server-crash at 10× its duration in 1.58 s where this
 * thread and one worker took 1.72–1.74 s (2 cores, medians of ten, README "Performance").
 *
 * This module loads no simulator code itself (start-up: the workers start before it does).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { LatencyHistogram } from '../metrics/histogram.js';
import type { SimulationConfig } from '../model/config.js';
import type { StrategyRun } from './replication-task.js';
import { simulationWorker } from './simulation-worker.js';
import type { StrategyResult } from './run.js';
import type { StrategyJob, StrategyStart, StrategyWorkerMessage } from './strategy-worker.js';

const WORKER_URL = new URL('./strategy-worker.js', import.meta.url);

/** Is the compiled worker entry available (running from dist/ or the CLI bundle, dist/vendor/cli-bundle.cjs, not from the TypeScript sources)? */
export function strategyWorkerAvailable(): boolean {
  return WORKER_URL.protocol === 'file:' && /\.c?js$/.test(import.meta.url) && existsSync(fileURLToPath(WORKER_URL));
}

export class StrategyThreads {
  private readonly queue = new SharedArrayBuffer(4);
  private readonly next = new Int32Array(this.queue);
  private readonly workers: Worker[] = [];
  private order: readonly number[] = [];
  private results: (StrategyResult | undefined)[] = [];
  private started = false;
  private received = 0;
  private failure: Error | undefined;
  private exited = 0;
  private waiting: { resolve: () => void; reject: (e: Error) => void } | undefined;

  /**
   * Start `workers` threads now: they load the simulator and wait for run() to give them a
   * scenario. Until then they do not keep the process alive (an unused one is stopped with it).
   */
  constructor(workers: number) {
    this.resize(workers);
  }

  /** Positions of the queue taken so far, by any thread (at most the strategy count once it is empty). */
  get taken(): number {
    return Math.min(Atomics.load(this.next, 0), this.order.length);
  }

  /** The worker threads (the strategies' threads: this one runs none). */
  get threads(): number {
    return this.workers.length;
  }

  /** Keep `workers` workers before a run: start the missing ones, stop those beyond. */
  resize(workers: number): void {
    if (this.started) throw new Error('StrategyThreads: resize() after run()');
    while (this.workers.length < workers) this.workers.push(this.spawn());
    for (const w of this.workers.splice(Math.max(0, workers))) stop(w);
  }

  private spawn(): Worker {
    const worker = simulationWorker(WORKER_URL);
    worker.unref();
    worker.on('message', (m: StrategyWorkerMessage) => {
      if (m.ok) this.land(m.index, fromRun(m.run));
      else this.fail(Object.assign(new Error(m.message), { stack: m.stack }));
    });
    worker.on('error', (e) => this.fail(e));
    worker.on('exit', (code) => {
      this.exited++;
      if (code !== 0) this.fail(new Error(`a worker thread exited unexpectedly (code ${code})`));
      else this.check();
    });
    return worker;
  }

  private land(index: number, result: StrategyResult): void {
    if (this.results[index] === undefined) this.received++;
    this.results[index] = result;
    this.check();
  }

  private fail(e: Error): void {
    this.failure ??= e;
    this.check();
  }

  private check(): void {
    const w = this.waiting;
    if (w === undefined) return;
    if (this.failure !== undefined) w.reject(this.failure);
    else if (this.received === this.results.length) w.resolve();
    else if (this.exited === this.workers.length) w.reject(new Error('the worker threads ended before every strategy had run'));
    else return;
    this.waiting = undefined;
  }

  /**
   * Give the workers `config` (its seed applied), the strategies in `order` and the warm-up,
   * then wait for every strategy's result: in the scenario's order. The workers are stopped
   * before it returns, whatever happened. Once per instance, with at least one worker.
   */
  async run(config: SimulationConfig, order: readonly number[], start: StrategyStart): Promise<StrategyResult[]> {
    if (this.started) throw new Error('StrategyThreads: run() twice');
    if (this.workers.length === 0) throw new Error('StrategyThreads: run() without a worker');
    this.started = true;
    this.order = order;
    this.results = new Array<StrategyResult | undefined>(config.strategies.length);
    try {
      const job: StrategyJob = { config, order: [...order], queue: this.queue, ...start };
      for (const w of this.workers) {
        w.ref();
        w.postMessage(job);
      }
      if (this.failure === undefined && this.received < this.results.length) {
        await new Promise<void>((resolve, reject) => {
          this.waiting = { resolve, reject };
          this.check();
        });
      }
      if (this.failure !== undefined) throw this.failure;
      return this.results as StrategyResult[];
    } finally {
      await this.close();
    }
  }

  /** Stop the workers (those still starting, or never given a run, too). */
  async close(): Promise<void> {
    Atomics.store(this.next, 0, 1 << 30);
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Stop a worker that no run will use: its exit is no failure. */
function stop(worker: Worker): void {
  worker.removeAllListeners();
  worker.on('error', () => {});
  void worker.terminate();
}

function fromRun(run: StrategyRun): StrategyResult {
  const { latency, ...rest } = run;
  return { ...rest, latencyHistogram: LatencyHistogram.fromJSON(latency) };
}
