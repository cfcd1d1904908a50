import { describe, expect, it } from 'vitest';
import { replicationSeed } from '../../src/engine/seeds.js';
import { confidenceInterval, pairedDifference, unpairedDifference } from '../../src/metrics/aggregate.js';
import { normalQuantile } from '../../src/metrics/statistics.js';
import { resolveScenario } from '../../src/scenario/load.js';
import type { ReplicationTask, TaskResult } from '../../src/experiment/replication-task.js';
import { runTask } from '../../src/experiment/replication-task.js';
import { precisionReport, replicate, runInOrder, type ReplicationProgress } from '../../src/experiment/replications.js';
import { runStrategy } from '../../src/experiment/run.js';
import { simulate } from '../../src/experiment/simulate.js';
import { InProcessExecutor, type Executor } from '../../src/experiment/worker-pool.js';

/** A small scenario with a crash: every figure varies between replications. */
const config = resolveScenario({
  name: 'small crash',
  seed: 9,
  duration: '4m',
  warmup: '30s',
  clients: { arrivalRate: 4, requestsPerSession: { dist: 'geometric', mean: 10 }, thinkTime: { dist: 'exponential', mean: '3s' } },
  servers: { count: 3, workers: 2 },
  strategies: [{ type: 'sticky', affinity: 'cookie' }, { type: 'external' }, { type: 'jwt' }],
  events: [{ at: '2m', type: 'server-crash', server: 1, downFor: '30s' }],
});

/** Runs tasks in-process but finishes them in a scrambled order, `parallel` at a time, like workers would. */
class ScrambledExecutor implements Executor {
  readonly description = 'scrambled';
  started: number[] = [];
  constructor(
    readonly parallel: number,
    private readonly delays: (index: number) => number,
  ) {}
  run(task: ReplicationTask): Promise<TaskResult> {
    this.started.push(task.index);
    return new Promise((resolve) => setTimeout(() => resolve(runTask(config, task)), this.delays(task.index)));
  }
  async close(): Promise<void> {}
}

describe('replicate()', () => {
  it('replication i is the same run whatever N is, and replication 0 is the single run', async () => {
    const three = await replicate(config, { replications: 3, jobs: 1 });
    const five = await replicate(config, { replications: 5, jobs: 1 });
    expect(five.runs.slice(0, 3)).toEqual(three.runs);
    expect(five.replications.seeds).toEqual([0, 1, 2, 3, 4].map((i) => replicationSeed(config.seed, i)));
    const single = simulate(config);
    expect(three.runs[0]!.strategies.map((s) => s.metrics)).toEqual(single.strategies.map((s) => s.metrics));
  });

  it('every numeric figure becomes { mean, ci95, n } over the replications', async () => {
    const r = await replicate(config, { replications: 4, jobs: 1 });
    const loss = r.strategies[0]!.metrics.sessionLossRate;
    const values = r.runs.map((run) => run.strategies[0]!.metrics.sessionLossRate);
    const ci = confidenceInterval(values);
    expect(loss.n).toBe(4);
    expect(loss.mean).toBeCloseTo(ci.mean, 6);
    expect(loss.ci95[0]).toBeCloseTo(ci.lo, 6);
    expect(loss.ci95[1]).toBeCloseTo(ci.hi, 6);
    expect(r.strategies[1]!.metrics.latency.p99.n).toBe(4);
    expect(r.strategies[0]!.pooledLatency.samples).toBe(r.runs.reduce((n, run) => n + run.strategies[0]!.metrics.requests - run.strategies[0]!.metrics.failedRequests, 0));
  });

  it('results do not depend on the order in which parallel tasks finish', async () => {
    const sequential = await replicate(config, { replications: 6, jobs: 1 });
    const scrambled = new ScrambledExecutor(3, (i) => [30, 5, 20, 1, 12, 2][i] ?? 1);
    const parallel = await replicate(config, { replications: 6, executor: scrambled });
    const { execution: _a, ...x } = sequential;
    const { execution: _b, ...y } = parallel;
    expect(y).toEqual(x);
  });

  it('--precision: stops at the first n whose intervals are narrow enough, whatever finishes first', async () => {
    const target = 0.25;
    const capped = await replicate(config, { replications: 3, precision: target, maxReplications: 12, jobs: 1 });
    const n = capped.replications.n;
    expect(n).toBeGreaterThan(3); // the scenario is noisy enough to need more than the first three
    // Stopping rule evaluated on every prefix: not reached at n − 1 (if n > 3), reached at n (or n is the cap).
    if (n > 3) expect(precisionReport(capped.runs.slice(0, n - 1), target, 12).reached).toBe(false);
    expect(capped.replications.precision!.reached || n === 12).toBe(true);
    // Workers racing ahead (up to 4 at once, out of order) do not change where it stops.
    const raced = await replicate(config, { replications: 3, precision: target, maxReplications: 12, executor: new ScrambledExecutor(4, (i) => (i * 7) % 5) });
    expect(raced.replications.n).toBe(n);
    expect(raced.strategies).toEqual(capped.strategies);
  });

  it('--precision reports each figure; a figure that is 0 in every replication counts as precise', async () => {
    const r = await replicate(config, { replications: 2, precision: 0.001, maxReplications: 3, jobs: 1 });
    const p = r.replications.precision!;
    expect(p.replications).toBe(3);
    expect(p.reached).toBe(false);
    expect(p.figures).toHaveLength(3 * 3);
    const jwtLoss = p.figures.find((f) => f.strategy === 'jwt-es256' && f.metric === 'sessionLossRate')!;
    expect(jwtLoss).toMatchObject({ mean: 0, halfWidth: 0, relativeHalfWidth: null, reached: true });
  });

  it('paired differences against the baseline (default: the first strategy)', async () => {
    const r = await replicate(config, { replications: 5, jobs: 1 });
    expect(r.differences.map((d) => [d.strategy, d.baseline])).toEqual([
      ['redis', 'sticky-cookie'],
      ['jwt-es256', 'sticky-cookie'],
    ]);
    const d = r.differences[0]!.metrics.sessionLossRate as { mean: number };
    const direct = pairedDifference(
      r.runs.map((run) => run.strategies[1]!.metrics.sessionLossRate),
      r.runs.map((run) => run.strategies[0]!.metrics.sessionLossRate),
    );
    expect(d).toEqual(direct);
    // The crash loses sticky sessions and none of the store's: a significant difference.
    expect(direct.significant).toBe(true);
    expect(direct.mean).toBeLessThan(0);
    const vsRedis = await replicate(config, { replications: 3, jobs: 1, baseline: 'redis' });
    expect(vsRedis.differences.map((x) => x.strategy)).toEqual(['sticky-cookie', 'jwt-es256']);
    await expect(replicate(config, { replications: 3, baseline: 'nope' })).rejects.toThrow(/baseline "nope"/);
  });

  it('reports progress in order, and refuses fewer than 2 replications', async () => {
    const seen: ReplicationProgress[] = [];
    await replicate(config, { replications: 3, jobs: 1, onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => p.done)).toEqual([1, 2, 3]);
    expect(seen.every((p) => p.total === 3 && p.phase === 'replications')).toBe(true);
    await expect(replicate(config, { replications: 1 })).rejects.toThrow(/at least 2|>= 2/);
  });

  it('a task that fails fails the whole run with its message', async () => {
    const failing: Executor = {
      parallel: 2,
      description: 'failing',
      run: (task) => (task.index === 1 ? Promise.reject(new Error('replication 1 broke')) : Promise.resolve(runTask(config, task))),
      close: async () => {},
    };
    await expect(replicate(config, { replications: 3, executor: failing })).rejects.toThrow('replication 1 broke');
  });

  it('--precision with a cap below 10 and no --replications starts at the cap', async () => {
    const r = await replicate(config, { precision: 0.5, maxReplications: 3, jobs: 1 });
    expect(r.replications.n).toBe(3);
  });

  it('runInOrder dispatches in index order, at most `parallel` at once', async () => {
    const ex = new ScrambledExecutor(2, () => 1);
    const out = await runInOrder(ex, (i) => ({ kind: 'pilot', index: i }), (r) => (r.kind === 'pilot' ? r.pilot.index : -1), 4, 4, () => true);
    expect(out).toEqual([0, 1, 2, 3]);
    expect(ex.started).toEqual([0, 1, 2, 3]);
    expect(new InProcessExecutor(config).parallel).toBe(1);
  });
});

describe('common random numbers: pairing narrows the interval', () => {
  /**
   * Strategies of one replication share the workload's draws, so their figures move together:
   * Var(A − B) = Var A + Var B − 2 Cov(A, B) is much smaller than for independent runs. Two
   * derived checks: (1) the correlation of the two strategies' mean latency across paired
   * replications is significant — Fisher's z = atanh(r)·√(n − 3) exceeds the one-sided 0.1%
   * normal quantile, which independent runs (r ≈ 0) would pass with probability 0.001; (2) then
   * the paired interval is narrower than Welch's interval from independent runs of the same size.
   */
  const scenario = resolveScenario({
    name: 'pairing',
    seed: 5,
    duration: '5m',
    warmup: '1m',
    clients: { arrivalRate: 6, requestsPerSession: { dist: 'geometric', mean: 10 }, thinkTime: { dist: 'exponential', mean: '3s' } },
    servers: { count: 4, workers: 2, serviceTime: { dist: 'lognormal', mean: '20ms', p99: '150ms' } },
    strategies: [{ type: 'sticky', affinity: 'cookie' }, { type: 'external' }],
  });
  const N = 10;

  it('redis − sticky-cookie mean latency: paired interval narrower than independent runs', () => {
    const latency = (strategy: number, seed: number) => runStrategy(scenario, scenario.strategies[strategy]!, seed).metrics.latency.mean;
    const sticky = Array.from({ length: N }, (_, i) => latency(0, replicationSeed(scenario.seed, i)));
    const redis = Array.from({ length: N }, (_, i) => latency(1, replicationSeed(scenario.seed, i)));
    const redisElsewhere = Array.from({ length: N }, (_, i) => latency(1, replicationSeed(scenario.seed, N + i)));

    const r = correlation(sticky, redis);
    expect(Math.atanh(r) * Math.sqrt(N - 3)).toBeGreaterThan(normalQuantile(0.999));

    const paired = pairedDifference(redis, sticky);
    const unpaired = unpairedDifference(redisElsewhere, sticky);
    const pairedHalfWidth = (paired.ci95[1] - paired.ci95[0]) / 2;
    expect(pairedHalfWidth).toBeLessThan(unpaired.halfWidth);
    // The two intervals estimate the same difference: they overlap.
    expect(paired.ci95[0]).toBeLessThan(unpaired.hi);
    expect(unpaired.lo).toBeLessThan(paired.ci95[1]);
  });
});

function correlation(a: number[], b: number[]): number {
  const ma = a.reduce((s, x) => s + x, 0) / a.length;
  const mb = b.reduce((s, x) => s + x, 0) / b.length;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}
