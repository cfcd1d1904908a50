/**
 * The comparison behind every target verdict: a single figure meets its bound or not; an
 * interval passes only when all of it meets the bound, fails when none of it does; the
 * replications that would settle an inconclusive interval follow the 1/√n shrinking of the
 * half-width (with the t quantile's fall).
 */
import { describe, expect, it } from 'vitest';
import { combineAll, combineAny, intervalVerdict, meets, replicationsToSettle } from '../../src/metrics/slo.js';
import { studentTQuantile } from '../../src/metrics/statistics.js';

describe('a figure against a bound', () => {
  it('strict and non-strict bounds from above and below', () => {
    expect(meets(199.9, '<', 200)).toBe(true);
    expect(meets(200, '<', 200)).toBe(false);
    expect(meets(200, '<=', 200)).toBe(true);
    expect(meets(0.99, '>', 0.99)).toBe(false);
    expect(meets(0.99, '>=', 0.99)).toBe(true);
  });
});

describe('an interval against a bound', () => {
  it('pass when the whole interval is on the good side, fail when all of it is on the bad side, else inconclusive', () => {
    expect(intervalVerdict(150, 190, '<', 200)).toBe('pass');
    expect(intervalVerdict(201, 230, '<', 200)).toBe('fail');
    expect(intervalVerdict(190, 210, '<', 200)).toBe('inconclusive');
    // An interval ending on a strict bound does not pass it.
    expect(intervalVerdict(180, 200, '<', 200)).toBe('inconclusive');
    expect(intervalVerdict(180, 200, '<=', 200)).toBe('pass');
    expect(intervalVerdict(0.995, 0.999, '>', 0.99)).toBe('pass');
    expect(intervalVerdict(0.95, 0.98, '>', 0.99)).toBe('fail');
  });

  it('strategies combine: all targets must pass; "any" needs one strategy to pass', () => {
    expect(combineAll(['pass', 'pass'])).toBe('pass');
    expect(combineAll(['pass', 'inconclusive'])).toBe('inconclusive');
    expect(combineAll(['inconclusive', 'fail'])).toBe('fail');
    expect(combineAny(['fail', 'pass'])).toBe('pass');
    expect(combineAny(['fail', 'inconclusive'])).toBe('inconclusive');
    expect(combineAny(['fail', 'fail'])).toBe('fail');
  });
});

describe('replications that would settle an inconclusive verdict', () => {
  it('is the smallest m whose half-width t(m−1)·s/√m falls below |mean − bound|', () => {
    // n = 10, s = 10 ⇒ half-width t(9)·10/√10 = 7.15; mean 195 against 200 (distance 5).
    const n = 10;
    const s = 10;
    const hw = (m: number) => (studentTQuantile(0.975, m - 1) * s) / Math.sqrt(m);
    const m = replicationsToSettle(195, hw(n), n, 200)!;
    expect(hw(m)).toBeLessThan(5);
    expect(hw(m - 1)).toBeGreaterThanOrEqual(5);
    // Roughly n·(hw/d)² = 10·(7.15/5)² ≈ 20.5, a little less as the t quantile falls: 18.
    expect(m).toBe(18);
  });

  it('a mean on the bound cannot be settled; a tiny distance needs more than the cap', () => {
    expect(replicationsToSettle(200, 5, 10, 200)).toBeNull();
    expect(replicationsToSettle(200.0001, 5, 10, 200)).toBeNull();
  });
});
