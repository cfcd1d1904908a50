import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveScenario } from '../../src/scenario/load.js';
import { createExecutor, workerAvailable } from '../../src/experiment/worker-pool.js';

const dist = join(import.meta.dirname, '../../dist/experiment/worker-pool.js');
const config = resolveScenario({ name: 'tiny', duration: '30s', warmup: '5s', strategies: [{ type: 'jwt' }] });

describe('worker pool', () => {
  it('from the TypeScript sources there is no compiled worker: the main thread runs the tasks', () => {
    expect(workerAvailable()).toBe(false);
    expect(createExecutor(config, 4).description).toBe('the main thread');
  });

  it('from dist/: real worker threads answer tasks, and an error inside a worker fails the task with its message', async () => {
    expect(existsSync(dist), 'run `npm run build` first').toBe(true);
    const pool = (await import(pathToFileURL(dist).href)) as typeof import('../../src/experiment/worker-pool.js');
    expect(pool.workerAvailable()).toBe(true);
    const good = pool.createExecutor(config, 2);
    try {
      expect(good.description).toBe('2 worker threads');
      const [a, b] = await Promise.all([good.run({ kind: 'replication', index: 0, seed: 1, warmup: 5 }), good.run({ kind: 'replication', index: 1, seed: 2, warmup: 5 })]);
      expect(a.kind === 'replication' && a.run.strategies[0]!.metrics.requests).toBeGreaterThan(0);
      expect(b.kind === 'replication' && b.run.seed).toBe(2);
    } finally {
      await good.close();
    }
    const broken = { ...config, clients: { ...config.clients, thinkTime: { dist: 'exponential' as const, mean: -1 } } };
    const bad = pool.createExecutor(broken, 2);
    try {
      await expect(bad.run({ kind: 'replication', index: 0, seed: 1, warmup: 5 })).rejects.toThrow('exponential mean must be > 0');
    } finally {
      await bad.close();
    }
  });
});
