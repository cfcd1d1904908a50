/**
 * The engine primes V8's type feedback once per thread (primeEngine in src/engine/simulator.ts,
 * primeEventQueue in src/engine/event-queue.ts): a run of server-crash's four strategies, one
 * after another on one thread, deoptimises nothing of the event queue or the simulator's loop.
 * Without the priming the same run deoptimises them 10–12 times — the first tie between two
 * events, the ring's first layout and refill, the loop's first exit — each time taking the
 * simulator's loop back to unoptimised code for a recompile. Checked on the build (dist/) in a
 * child process with V8's --trace-deopt-verbose, whose "deoptimize at <url:line:col>" names
 * the innermost source position of each deoptimisation. Likewise the arrays of objects a world
 * makes (src/engine/object-arrays.ts): without them a second world's session table and request
 * pool deoptimised their callers at their first push ("wrong map").
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dist, runInV8Child } from '../helpers/v8-child.js';

/** The innermost source position of every deoptimisation in a run of `body` against dist/. */
function deoptimisations(body: string): string[] {
  return [...runInV8Child('--trace-deopt-verbose', body).matchAll(/deoptimize at <([^>]+)>/g)].map((m) => m[1]!);
}

describe('type feedback priming', () => {
  it('server-crash, its four strategies on one thread: the event queue and the loop never deoptimise', () => {
    expect(existsSync(join(dist, 'engine/simulator.js')), 'run `npm run build` first').toBe(true);
    const positions = deoptimisations(`
      const { loadScenario, runStrategy } = await import(process.env.DIST + '/index.js');
      const scenario = loadScenario('server-crash');
      for (const strategy of scenario.strategies) runStrategy(scenario, strategy);
    `);
    // The trace works: the model's own first-time paths still deoptimise (a new strategy's maps).
    expect(positions.length).toBeGreaterThan(0);
    expect(positions.filter((p) => /\/engine\/(event-queue|simulator)\.js:/.test(p))).toEqual([]);
  });

  it('a second and third run of one strategy: the session table and the request pool never deoptimise (their arrays start of the object kind)', () => {
    const positions = deoptimisations(`
      const { loadScenario, runStrategy } = await import(process.env.DIST + '/index.js');
      const scenario = loadScenario('server-crash');
      for (let k = 0; k < 3; k++) runStrategy(scenario, scenario.strategies[0]);
    `);
    expect(positions.filter((p) => /\/model\/(session-table|request)\.js:/.test(p))).toEqual([]);
  });
});
