/**
 * The run's recorder (src/metrics/run-metrics.ts) and the store's keyspace and its id index
 * (src/model/store/keyspace.ts, id-index.ts) prime V8's type feedback once per thread: a run of
 * server-crash's redis strategy deoptimises none of them. V8 optimises them within the warm-up,
 * where the recorder returns before counting and the index has not yet seen a collision, so
 * without the priming the first measured request, store operation and session, the first new
 * window, the first probe past a home slot, the first backward shift and the first expired key
 * each deoptimised them, and the model code they were inlined into (16 deoptimisations, 9 of
 * them in these modules, at 10× server-crash's duration). Checked on the build (dist/) in a
 * child process with V8's --trace-deopt-verbose, as test/engine/feedback-priming.test.ts does.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dist, runInV8Child } from '../helpers/v8-child.js';

describe('type feedback priming of the recorder and the store', () => {
  it('server-crash, redis first and then its other strategies: the recorder, the keyspace and its index never deoptimise', () => {
    expect(existsSync(join(dist, 'metrics/run-metrics.js')), 'run `npm run build` first').toBe(true);
    const trace = runInV8Child(
      '--trace-deopt-verbose',
      `
      const { loadScenario, runStrategy } = await import(process.env.DIST + '/index.js');
      const scenario = loadScenario('server-crash');
      const redis = scenario.strategies.find((s) => s.type === 'external');
      for (const strategy of [redis, ...scenario.strategies.filter((s) => s !== redis)]) runStrategy(scenario, strategy);
    `,
    );
    const positions = [...trace.matchAll(/deoptimize at <([^>]+)>/g)].map((m) => m[1]!);
    // The trace works: the model's own first-time paths still deoptimise (a new strategy's maps).
    expect(positions.length).toBeGreaterThan(0);
    expect(positions.filter((p) => /\/(metrics\/run-metrics|metrics\/window-series|model\/store\/keyspace|model\/store\/id-index)\.js:/.test(p))).toEqual([]);
  });
});
