/**
 * A scenario's strategies on worker threads: the same bytes as the one-thread run, whatever
 * order the strategies finish in, and only when it pays (several strategies, each long).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runTask, type ReplicationTask, type TaskResult } from '../../src/experiment/replication-task.js';
import { runStrategy } from '../../src/experiment/run.js';
import { simulate } from '../../src/experiment/simulate.js';
import { EVENTS_PER_SECOND, finishTime, longestFirst, simulateOnThreads, strategiesOnThreads, usableCores, WORKER_START_SECONDS } from '../../src/experiment/simulate-threads.js';
import type { Executor } from '../../src/experiment/worker-pool.js';
import type { SimulationConfig } from '../../src/model/config.js';
import { renderJson } from '../../src/report/json.js';
import { estimateRun } from '../../src/scenario/checks.js';
import { loadScenario, resolveScenario } from '../../src/scenario/load.js';
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

  it('with estimates, queues the longest strategy first; the result keeps the scenario order', async () => {
    const config = loadScenario('server-crash');
    const executor = new ReversingExecutor(config);
    const threaded = await simulateOnThreads(config, { jobs: 2, executor, eventsPerStrategy: [1, 1, 3, 2] });
    // Queued redis (3), jwt (2), sticky-cookie, sticky-ip; each pair answered in reverse.
    expect(executor.order).toEqual([3, 2, 1, 0]);
    expect(renderJson(threaded)).toBe(renderJson(simulate(config)));
  });

  it('on one thread the strategies run in any order given (longest first, from the estimates), and the bytes are those of the scenario\'s order', async () => {
    const config = loadScenario('server-crash');
    const inOrder = renderJson(simulate(config));
    expect(renderJson(simulate(config, { order: [2, 3, 1, 0] }))).toBe(inOrder);
    expect(renderJson(await simulateOnThreads(config, { jobs: 1, eventsPerStrategy: [1, 1, 3, 2] }))).toBe(inOrder);
  });
});

describe('how many threads a single run uses', () => {
  const second = EVENTS_PER_SECOND;

  it('queues strategies longest first, ties in the scenario order', () => {
    expect(longestFirst([5, 9, 5, 7])).toEqual([1, 3, 0, 2]);
  });

  it('estimates the finish as the shared queue hands out strategies: this thread alone at once, workers after their start', () => {
    expect(finishTime([2 * second, second, second], 1)).toBeCloseTo(4);
    // One worker takes the 2 s strategy, the other both 1 s ones.
    expect(finishTime([2 * second, second, second], 2)).toBeCloseTo(WORKER_START_SECONDS + 2);
    expect(finishTime([2 * second, second, second], 3)).toBeCloseTo(WORKER_START_SECONDS + 2);
    expect(finishTime([2 * second, 2 * second, second, second], 3)).toBeCloseTo(WORKER_START_SECONDS + 2);
    expect(finishTime([2 * second, 2 * second, second, second], 2)).toBeCloseTo(WORKER_START_SECONDS + 3);
  });

  it('takes the count with the earliest finish, and one thread unless that is at least 10% sooner', () => {
    const long = 4 * second;
    expect(strategiesOnThreads([long, long, long, long], 2)).toBe(2);
    expect(strategiesOnThreads([long, long, long, long], 8)).toBe(4);
    expect(strategiesOnThreads([long, long, long], 8)).toBe(3);
    expect(strategiesOnThreads([long, long, long, long], 1)).toBe(1);
    expect(strategiesOnThreads([long], 2)).toBe(1);
    // One long strategy and short ones: a worker cannot finish the run sooner than the long one.
    expect(strategiesOnThreads([long, second / 10, second / 10], 2)).toBe(1);
    // Strategies shorter than a worker's start: this thread has run them all by the time it could help.
    const short = second / 20;
    expect(strategiesOnThreads([short, short, short, short], 2)).toBe(1);
  });

  it('server-crash: one thread at 15 min (0.8 M events) and as shipped (19 min, 1.0 M: two threads were 0.12 s slower on idle cores), two at 10× 15 min (the issue\'s case)', () => {
    const events = (sets: string[]) => estimateRun(loadScenario('server-crash', { sets: sets.map((o) => parseOverride(o)) })).eventsPerStrategy;
    expect(strategiesOnThreads(events(['duration=900s']), 2)).toBe(1);
    expect(strategiesOnThreads(events([]), 2)).toBe(1);
    const tenfold = events(['duration=9000s']);
    expect(strategiesOnThreads(tenfold, 2)).toBe(2);
    // The estimate behind it: redis (half the work) on this thread, the other three on the worker.
    expect(finishTime(tenfold, 1) / finishTime(tenfold, 2)).toBeGreaterThan(1.5);
  });

  it('counts the cores other processes leave idle, this one among them', () => {
    expect(usableCores(2, 0)).toBe(2);
    expect(usableCores(2, 0.4)).toBe(2);
    // Another process on most of a core: the second thread would share it.
    expect(usableCores(2, 0.6)).toBe(1);
    expect(usableCores(2, 1.6)).toBe(1);
    expect(usableCores(2, 12)).toBe(1);
    expect(usableCores(8, 3)).toBe(5);
    expect(usableCores(1, 0)).toBe(1);
  });
});

describe('strategies on worker threads, from the built command (dist/)', () => {
  const bin = join(import.meta.dirname, '../../dist/cli/main.js');
  const run = (args: string[]) => promisify(execFile)(process.execPath, [bin, ...args], { maxBuffer: 64 << 20 });

  it('run --jobs 2 runs the strategies on two worker threads and prints the bytes of --jobs 1 and of the in-process run', async () => {
    expect(existsSync(bin), 'run `npm run build` first (npm install does it through `prepare`)').toBe(true);
    const args = ['run', 'redis-failover', '--format', 'json'];
    const [two, one, inProcess] = await Promise.all([run([...args, '--jobs', '2']), run([...args, '--jobs', '1']), cli([...args, '--jobs', '1'])]);
    expect(two.stderr).toContain('session-sim: 4 strategies on 2 worker threads');
    expect(one.stderr).not.toContain('threads');
    expect(two.stdout).toBe(one.stdout);
    expect(two.stdout).toBe(inProcess.stdout);
  });

  it('the workers compile on their own thread (V8 synchronous mode); this thread, alone on a run, keeps the background compiler', async () => {
    // --trace-opt prints each optimisation job's mode, worker threads' too.
    const traced = (jobs: string) => promisify(execFile)(process.execPath, ['--trace-opt', bin, 'run', 'redis-failover', '--format', 'json', '--jobs', jobs], { maxBuffer: 64 << 20 });
    const [two, one] = await Promise.all([traced('2'), traced('1')]);
    expect(two.stdout).toContain('mode: ConcurrencyMode::kSynchronous');
    expect(one.stdout).toContain('mode: ConcurrencyMode::kConcurrent');
    expect(one.stdout).not.toContain('mode: ConcurrencyMode::kSynchronous');
  });

  it('workers started before the scenario is known take their strategies once given it; as many as the run needs are started or stopped', async () => {
    const dist = join(import.meta.dirname, '../../dist/experiment/simulate-threads.js');
    const threads = (await import(pathToFileURL(dist).href)) as typeof import('../../src/experiment/simulate-threads.js');
    const { StrategyThreads } = (await import(pathToFileURL(join(import.meta.dirname, '../../dist/experiment/strategy-threads.js')).href)) as typeof import('../../src/experiment/strategy-threads.js');
    const config = loadScenario('server-crash', { sets: [parseOverride('warmup=1m'), parseOverride('duration=10m')] });
    const expected = renderJson(simulate(config));
    for (const [early, jobs] of [[1, 2], [1, 3], [3, 2]] as const) {
      const pool = new StrategyThreads(early);
      const notes: string[] = [];
      const result = await threads.simulateOnThreads(config, { jobs, threads: pool, onExecutor: (d) => notes.push(d) });
      expect(notes).toEqual([`${jobs} worker threads`]);
      expect(renderJson(result)).toBe(expected);
    }
    // One thread: the early workers are stopped, the run is this thread's.
    const unused = new StrategyThreads(1);
    const notes: string[] = [];
    expect(renderJson(await threads.simulateOnThreads(config, { jobs: 1, threads: unused, onExecutor: (d) => notes.push(d) }))).toBe(expected);
    expect(notes).toEqual(['the main thread']);
  });

  it('an error inside a worker fails the run with the worker\'s message', async () => {
    const dist = join(import.meta.dirname, '../../dist/experiment/strategy-threads.js');
    const { StrategyThreads } = (await import(pathToFileURL(dist).href)) as typeof import('../../src/experiment/strategy-threads.js');
    const good = resolveScenario({ name: 'tiny', duration: '30s', warmup: '5s', strategies: [{ type: 'jwt' }, { type: 'sticky' }] });
    const broken: SimulationConfig = { ...good, clients: { ...good.clients, thinkTime: { dist: 'exponential', mean: -1 } } };
    const pool = new StrategyThreads(2);
    await expect(pool.run(broken, [0, 1], { seed: good.seed, warmup: good.warmup })).rejects.toThrow('exponential mean must be > 0');
    // The good scenario on a fresh pool: both results, in the scenario's order.
    const runs = await new StrategyThreads(2).run(good, [1, 0], { seed: good.seed, warmup: good.warmup });
    expect(runs.map((r) => r.metrics.requests)).toEqual(good.strategies.map((st) => runStrategy(good, st, good.seed).metrics.requests));
  });

  it('runs no strategy on this thread: a run needs a worker', async () => {
    const dist = join(import.meta.dirname, '../../dist/experiment/strategy-threads.js');
    const { StrategyThreads } = (await import(pathToFileURL(dist).href)) as typeof import('../../src/experiment/strategy-threads.js');
    const good = resolveScenario({ name: 'tiny', duration: '30s', warmup: '5s', strategies: [{ type: 'jwt' }] });
    await expect(new StrategyThreads(0).run(good, [0], { seed: good.seed, warmup: good.warmup })).rejects.toThrow('without a worker');
  });
});
