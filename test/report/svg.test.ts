/**
 * The charts' axes as specifications: a bounded number of finite ticks whatever the range, so
 * no figure (5e-324 relogins, a value near the largest double, a NaN) can hang a report, crash
 * V8 on a tick array of 2^27 zeros, or draw NaN coordinates.
 */
import { describe, expect, it } from 'vitest';
import { logTicks, niceTicks, timeTicks } from '../../src/report/svg.js';

/** Ranges from the smallest double to the largest, 1, 2, 3, 5 and 9.99 × 10^k, and the edges. */
const RANGES = [
  5e-324, 1e-323, 1e-320, Number.MIN_VALUE * 7, 2.2250738585072014e-308, 1e-300, 1.7976931348623157e308, 1e308, 9e307,
  ...Array.from({ length: 632 }, (_, i) => i - 323).flatMap((k) => [1, 2, 3, 5, 9.99].map((m) => m * 10 ** k)),
].filter((x) => x > 0 && Number.isFinite(x));

describe('niceTicks: round ticks over [0, max]', () => {
  it('1, 2, 5 × 10^k apart, from 0 to the first tick at or above max', () => {
    expect(niceTicks(100, 4)).toEqual([0, 50, 100]);
    expect(niceTicks(0.3, 4)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceTicks(7, 5)).toEqual([0, 2, 4, 6, 8]);
  });

  it('at most count + 2 finite ascending ticks for every range from 5e-324 to the largest double', () => {
    for (const count of [1, 2, 4, 5, 6]) {
      for (const max of RANGES) {
        const ticks = niceTicks(max, count);
        expect(ticks.length, `${max}`).toBeLessThanOrEqual(count + 2);
        expect(ticks.length, `${max}`).toBeGreaterThanOrEqual(2);
        expect(ticks.every(Number.isFinite), `${max}`).toBe(true);
        expect(ticks.every((t, i) => i === 0 || t > ticks[i - 1]!), `${max}: ${ticks.join()}`).toBe(true);
      }
    }
  });

  it('5e-324 (a step of 5e-324 / 4 rounds to 0: the loop never ended): [0, max]', () => {
    expect(niceTicks(5e-324, 4)).toEqual([0, 5e-324]);
  });

  it('up to 1e308 the last tick reaches max (a chart holds its data); beyond, it stops short of Infinity', () => {
    for (const max of RANGES.filter((m) => m <= 1e308)) expect(niceTicks(max, 4).at(-1)!, `${max}`).toBeGreaterThanOrEqual(max * (1 - 1e-9));
    expect(niceTicks(1.7976931348623157e308, 4)).toEqual([0, 5e307, 1e308, 1.5e308]);
  });

  it('no positive finite range (0, negative, NaN, Infinity): [0, 1]', () => {
    for (const max of [0, -5, NaN, Infinity, -Infinity]) expect(niceTicks(max, 4)).toEqual([0, 1]);
  });
});

describe('timeTicks: round times over a run', () => {
  it('30 s apart over 2 minutes, 5 minutes apart over half an hour', () => {
    expect(timeTicks(120)).toEqual([0, 30, 60, 90, 120]);
    expect(timeTicks(1800)).toEqual([0, 300, 600, 900, 1200, 1500, 1800]);
  });

  it('at most count + 2 ticks, finite, whatever the duration; a duration that is no length: the origin', () => {
    for (const d of RANGES) {
      const ticks = timeTicks(d);
      expect(ticks.length, `${d}`).toBeLessThanOrEqual(9);
      expect(ticks.every(Number.isFinite), `${d}`).toBe(true);
    }
    for (const d of [0, -1, NaN, Infinity]) expect(timeTicks(d)).toEqual([0]);
  });
});

describe('logTicks: 1, 2, 5 a decade', () => {
  it('within [min, max]', () => {
    expect(logTicks(1, 100)).toEqual([1, 2, 5, 10, 20, 50, 100]);
  });

  it('from the smallest double to the largest: bounded and finite; min 0 (log10 is -Infinity: the loop never ended) gives none', () => {
    const all = logTicks(5e-324, 1.7976931348623157e308);
    expect(all.length).toBeLessThan(2000);
    expect(all.every(Number.isFinite)).toBe(true);
    for (const [min, max] of [[0, 100], [-1, 100], [10, 1], [1, Infinity], [NaN, 1]] as const) expect(logTicks(min, max)).toEqual([]);
  });
});
