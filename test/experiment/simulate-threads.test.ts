/**
 * A scenario's strategies on worker threads: the same bytes as the one-thread run, whatever
 * order the strategies finish in, and only when it pays (several strategies, each long).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runTask, type ReplicationTask, type TaskResult } from '../../src/experiment/replication-task.js';
import { simulate } from '../../src/experiment/simulate.js';
import { simulateOnThreads, strategiesOnThreads, THREAD_MIN_EVENTS_PER_STRATEGY } from '../../src/experiment/simulate-threads.js';
import type { Executor } from '../../src/experiment/worker-pool.js';
import type { SimulationConfig } from '../../src/model/config.js';
import { renderJson } from '../../src/report/json.js';
import { loadScenario } from '../../src/scenario/load.js';
import { parseOverride } from '../../src/scenario/overrides.js';
import { cli } from '../helpers/cli.js';

/** Runs tasks in the main thread, two at a time, answering the later-started one first. */
class ReversingExecutor implements Executor {
  readonly parallel = 2;
  readonly description = '2 reversing test slots';
  readonly order: number[] = [];
  private pending: Array<() => void> = [];
  constructor(private readonly config: SimulationConfig) {}

  run(task: ReplicationTask): Promise<TaskResult> {
    return new Promise((resolve) => {
      this.pending.push(() => {
        this.order.push(task.index);
        resolve(runTask(this.config, task));
      });
      if (this.pending.length === this.parallel) this.flush();
      else setTimeout(() => this.flush(), 5);
    });
  }

  private flush(): void {
    const batch = this.pending.reverse();
    this.pending = [];
    for (const f of batch) f();
  }

  async close(): Promise<void> {}
}

describe('strategies on threads', () => {
  it('assembles the strategies in the scenario order, byte-identical to simulate(), though they finish out of order', async () => {
    const config = loadScenario('server-crash');
    const executor = new ReversingExecutor(config);
    const threaded = await simulateOnThreads(config, { jobs: 2, executor });
    expect(executor.order).toEqual([1, 0, 3, 2]);
    expect(renderJson(threaded)).toBe(renderJson(simulate(config)));
  });

  it('warm-up auto is decided once, before the strategies run, as simulate() decides it', async () => {
    const config = loadScenario('server-crash', { sets: [parseOverride('warmup=auto')] });
    const threaded = await simulateOnThreads(config, { jobs: 2, executor: new ReversingExecutor(config) });
    expect(threaded.scenario.warmupDetection).toBeDefined();
    expect(renderJson(threaded)).toBe(renderJson(simulate(config)));
  });

  it('uses threads only for several strategies each long enough to pay for a thread', () => {
    const big = THREAD_MIN_EVENTS_PER_STRATEGY;
    expect(strategiesOnThreads([big, big, big, big], 2)).toBe(2);
    expect(strategiesOnThreads([big, big, big], 8)).toBe(3);
    expect(strategiesOnThreads([big, big, big, big], 1)).toBe(1);
    expect(strategiesOnThreads([big], 2)).toBe(1);
    expect(strategiesOnThreads([big, big / 10, big / 10], 2)).toBe(1);
    expect(strategiesOnThreads([big / 2, big / 2, big / 2, big / 2], 2)).toBe(1);
  });
});

describe('strategies on worker threads, from the built command (dist/)', () => {
  const bin = join(import.meta.dirname, '../../dist/cli/main.js');
  const run = (args: string[]) => promisify(execFile)(process.execPath, [bin, ...args], { maxBuffer: 64 << 20 });

  it('run --jobs 2 runs the strategies on 2 worker threads and prints the bytes of --jobs 1 and of the in-process run', async () => {
    expect(existsSync(bin), 'run `npm run build` first (npm install does it through `prepare`)').toBe(true);
    const args = ['run', 'redis-failover', '--format', 'json'];
    const [two, one, inProcess] = await Promise.all([run([...args, '--jobs', '2']), run([...args, '--jobs', '1']), cli([...args, '--jobs', '1'])]);
    expect(two.stderr).toContain('session-sim: 4 strategies on 2 worker threads');
    expect(one.stderr).not.toContain('worker threads');
    expect(two.stdout).toBe(one.stdout);
    expect(two.stdout).toBe(inProcess.stdout);
  });
});
