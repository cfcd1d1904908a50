/**
 * Where replications run: in worker threads (one per job), or in the main thread.
 *
 * The worker entry is the compiled dist/experiment/replication-worker.js next to this module
 * (dist/vendor/replication-worker.js next to the CLI's bundle of it, scripts/vendor.mjs).
 * Running from the TypeScript sources (the test runner) there is no compiled worker and Node 20
 * cannot load .ts in a worker, so the executor falls back to the main thread; the results are
 * the same either way (each task is a pure function of its inputs), only slower. The CLI says
 * which one it used on stderr.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { SimulationConfig } from '../model/config.js';
import { runTask, type ReplicationTask, type TaskResult } from './replication-task.js';
import { simulationWorker } from './simulation-worker.js';

export interface Executor {
  /** Tasks it runs at once. */
  readonly parallel: number;
  /** "2 worker threads", "the main thread". */
  readonly description: string;
  run(task: ReplicationTask): Promise<TaskResult>;
  close(): Promise<void>;
}

/** The default job count: the cores Node may use. */
export function defaultJobs(): number {
  return availableParallelism();
}

const WORKER_URL = new URL('./replication-worker.js', import.meta.url);

/** Is the compiled worker entry available (running from dist/ or the CLI bundle, dist/vendor/cli-bundle.cjs)? */
export function workerAvailable(): boolean {
  return WORKER_URL.protocol === 'file:' && /\.c?js$/.test(import.meta.url) && existsSync(fileURLToPath(WORKER_URL));
}

/** `jobs` worker threads when possible and useful, else the main thread. */
export function createExecutor(config: SimulationConfig, jobs: number, tasks = Infinity): Executor {
  const n = Math.max(1, Math.min(jobs, tasks));
  if (n > 1 && workerAvailable()) return new WorkerExecutor(config, n);
  return new InProcessExecutor(config);
}

/** Runs tasks one at a time in the main thread, yielding to the event loop between them. */
export class InProcessExecutor implements Executor {
  readonly parallel = 1;
  readonly description = 'the main thread';
  constructor(private readonly config: SimulationConfig) {}

  run(task: ReplicationTask): Promise<TaskResult> {
    return new Promise((resolve, reject) => {
      setImmediate(() => {
        try {
          resolve(runTask(this.config, task));
        } catch (e) {
          reject(e);
        }
      });
    });
  }

  async close(): Promise<void> {}
}

interface Slot {
  worker: Worker;
  busy: boolean;
  settle: { resolve: (r: TaskResult) => void; reject: (e: Error) => void } | null;
}

/** A fixed set of worker threads; each runs one task at a time. */
export class WorkerExecutor implements Executor {
  private readonly slots: Slot[];
  private closed = false;
  /** Set when a worker died: every later task fails with it instead of waiting forever. */
  private broken: Error | null = null;

  constructor(
    config: SimulationConfig,
    readonly parallel: number,
  ) {
    this.slots = Array.from({ length: parallel }, () => this.spawn(config));
  }

  get description(): string {
    return `${this.parallel} worker threads`;
  }

  private spawn(config: SimulationConfig): Slot {
    const slot: Slot = { worker: simulationWorker(WORKER_URL, { workerData: { config } }), busy: false, settle: null };
    const fail = (e: Error) => {
      this.broken ??= e;
      const s = slot.settle;
      slot.settle = null;
      slot.busy = false;
      s?.reject(e);
    };
    slot.worker.on('message', (m: { ok: true; result: TaskResult } | { ok: false; message: string; stack: string }) => {
      const s = slot.settle;
      slot.settle = null;
      slot.busy = false;
      if (m.ok) s?.resolve(m.result);
      else s?.reject(Object.assign(new Error(m.message), { stack: m.stack }));
    });
    slot.worker.on('error', fail);
    slot.worker.on('exit', (code) => {
      if (!this.closed) fail(new Error(`a worker thread exited unexpectedly (code ${code})`));
    });
    return slot;
  }

  run(task: ReplicationTask): Promise<TaskResult> {
    if (this.broken !== null) return Promise.reject(this.broken);
    const slot = this.slots.find((s) => !s.busy);
    if (slot === undefined) return Promise.reject(new Error(`more than ${this.parallel} tasks at once`));
    slot.busy = true;
    return new Promise((resolve, reject) => {
      slot.settle = { resolve, reject };
      slot.worker.postMessage(task);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
