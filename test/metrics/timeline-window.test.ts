import { describe, expect, it } from 'vitest';
import { timelineWindow } from '../../src/metrics/timeline-window.js';

describe('the timeline window (timelineWindow)', () => {
  it('is the smallest round width of at least 1/60 of the run and 10 s', () => {
    expect(timelineWindow(60)).toBe(10);
    expect(timelineWindow(15 * 60)).toBe(15);
    expect(timelineWindow(19 * 60)).toBe(20); // server-crash: 19 s would not start on whole minutes
    expect(timelineWindow(31 * 60)).toBe(60); // black-friday
    expect(timelineWindow(68 * 60)).toBe(120); // jwt-revocation
    expect(timelineWindow(24 * 3600)).toBe(1800);
    expect(timelineWindow(90 * 86400)).toBe(2 * 86400);
  });

  it('gives at most 60 windows, and every whole minute starts one', () => {
    for (let d = 1; d <= 200_000; d += 37) {
      const w = timelineWindow(d);
      expect(Math.ceil(d / w), `duration ${d} s`).toBeLessThanOrEqual(60);
      expect(w >= 60 ? w % 60 : 60 % w, `width ${w} s`).toBe(0);
    }
  });
});
