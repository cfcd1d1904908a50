import { describe, expect, it } from 'vitest';
import { skewWindow } from '../../src/metrics/timeline-window.js';

describe('the timeline window (skewWindow)', () => {
  it('is the smallest round width of at least 1/60 of the run and 10 s', () => {
    expect(skewWindow(60)).toBe(10);
    expect(skewWindow(15 * 60)).toBe(15);
    expect(skewWindow(19 * 60)).toBe(20); // server-crash: 19 s would not start on whole minutes
    expect(skewWindow(31 * 60)).toBe(60); // black-friday
    expect(skewWindow(68 * 60)).toBe(120); // jwt-revocation
    expect(skewWindow(24 * 3600)).toBe(1800);
    expect(skewWindow(90 * 86400)).toBe(2 * 86400);
  });

  it('gives at most 60 windows, and every whole minute starts one', () => {
    for (let d = 1; d <= 200_000; d += 37) {
      const w = skewWindow(d);
      expect(Math.ceil(d / w), `duration ${d} s`).toBeLessThanOrEqual(60);
      expect(w >= 60 ? w % 60 : 60 % w, `width ${w} s`).toBe(0);
    }
  });
});
