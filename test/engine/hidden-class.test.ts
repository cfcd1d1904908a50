/**
 * Objects of the hot path keep their hidden class (V8's map) for the whole run: a field that
 * starts as a small integer and later receives a fraction changes the map of the object, which
 * deoptimises every optimised function that handled it (src/engine/doubles.ts). Checked with
 * V8's own %HaveSameMap, on the build (dist/), in a child process started with
 * --allow-natives-syntax: an event queue made before another one's first layout has the same
 * map as that one after it; a metrics recorder made before another one's warm-up ended has the
 * same map as that one after it. Without the double zeros both checks fail (base, invWidth and
 * timeAtLayout, or activeArea, first hold a fraction there). Arrays too: an empty array from
 * src/engine/object-arrays.ts has the map of one holding objects, which a literal [] lacks.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dist, runInV8Child } from '../helpers/v8-child.js';

/** Run `body` (an ES module that can use V8's %-functions) against dist/; its printed JSON. */
function natives(body: string): unknown {
  return JSON.parse(runInV8Child('--allow-natives-syntax', body)) as unknown;
}

describe('hidden classes of the hot path', () => {
  it('an event queue keeps its map through its first layout (the ring from fractional times)', () => {
    expect(existsSync(join(dist, 'engine/event-queue.js')), 'run `npm run build` first').toBe(true);
    const result = natives(`
      const { EventQueue } = await import(process.env.DIST + '/engine/event-queue.js');
      const before = new EventQueue();
      const q = new EventQueue();
      // Past the heap's limit (256 pending): the queue lays out a ring of buckets.
      for (let i = 0; i < 2000; i++) q.push(i * 0.37 + 0.1, 1, i, 0);
      let pops = 0;
      while (q.pop()) { pops++; if (pops % 2 === 0) q.push(q.poppedTime + 0.73, 1, 0, 0); if (pops > 5000) break; }
      console.log(JSON.stringify({ layouts: q.ringLayouts, sameMap: %HaveSameMap(before, q) }));
    `);
    expect(result).toEqual({ layouts: expect.any(Number), sameMap: true });
    expect((result as { layouts: number }).layouts).toBeGreaterThan(0);
  });

  it('a metrics recorder keeps its map when the warm-up ends (the first fractional active-session area)', () => {
    expect(existsSync(join(dist, 'metrics/run-metrics.js')), 'run `npm run build` first').toBe(true);
    const result = natives(`
      const { MetricsRecorder } = await import(process.env.DIST + '/metrics/run-metrics.js');
      const options = { warmup: 10, duration: 100, serverCount: 2, window: 5, workers: 1 };
      const before = new MetricsRecorder(options);
      const r = new MetricsRecorder(options);
      for (let i = 0; i < 40; i++) {
        const now = i * 0.77;
        r.sessionStarted({ startTime: now }, now);
        r.requestCompleted(now + 0.01, 0.01, i % 2);
        r.sessionEnded({ startTime: now }, now + 0.31);
      }
      console.log(JSON.stringify({ sameMap: %HaveSameMap(before, r) }));
    `);
    expect(result).toEqual({ sameMap: true });
  });

  it('an empty object array has the map of an array that holds objects from its start (a literal [] does not)', () => {
    expect(existsSync(join(dist, 'engine/object-arrays.js')), 'run `npm run build` first').toBe(true);
    const result = natives(`
      const { emptyObjectArray } = await import(process.env.DIST + '/engine/object-arrays.js');
      const holding = [];
      holding.push({});
      const empty = emptyObjectArray();
      const sameBefore = %HaveSameMap(empty, holding);
      empty.push({});
      console.log(JSON.stringify({ sameBefore, sameAfter: %HaveSameMap(empty, holding), literal: %HaveSameMap([], holding) }));
    `);
    expect(result).toEqual({ sameBefore: true, sameAfter: true, literal: false });
  });
});
