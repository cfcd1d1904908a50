/** A per-window band over replications: the mean and the Student-t 95% interval of each window. */
import { describe, expect, it } from 'vitest';
import { windowBands, windowBandsWithGaps } from '../../src/metrics/window-bands.js';
import { bandPath } from '../../src/report/svg-bands.js';

describe('windowBands', () => {
  it('is the mean ± t(0.975, n−1)·s/√n of each window', () => {
    // Window 0: 1 and 3 (mean 2, s = √2, t(0.975, 1) = 12.706, hw = 12.706); window 1: all 5 (no spread).
    const [w0, w1] = windowBands([
      [1, 5],
      [3, 5],
    ]);
    expect(w0!.mean).toBe(2);
    expect(w0!.hi - w0!.mean).toBeCloseTo(12.7062, 3);
    expect(w0!.mean - w0!.lo).toBeCloseTo(12.7062, 3);
    expect(w1).toEqual({ mean: 5, lo: 5, hi: 5 });
  });

  it('takes the windows all replications have, and needs two replications', () => {
    expect(windowBands([[1, 2, 3], [1, 2]]).length).toBe(2);
    expect(() => windowBands([[1]])).toThrow(/at least 2 replications/);
  });
});

describe('windowBandsWithGaps (a p99 per window: null where nothing succeeded)', () => {
  it('bands each window over the replications that have a value there; a gap where fewer than two do', () => {
    const [w0, w1, w2] = windowBandsWithGaps([
      [1, null, null],
      [3, 7, null],
      [5, 9, 4],
    ]);
    expect(w0!.mean).toBe(3);
    expect(w1!.mean).toBe(8); // 7 and 9: the null replication is left out, not counted as 0
    expect(w2).toBeNull(); // only one replication had a success
  });
});

describe('bandPath', () => {
  it('draws one closed path per run of points between gaps', () => {
    const d = bandPath([[0, 1, 2], [10, 1, 2], null, [30, 1, 2], [40, 1, 2]], (x) => x, (y) => 100 - y, '#0072B2', 'a');
    expect(d.match(/<path class="band"/g)?.length).toBe(2);
    expect(d).toContain('d="M0 98L10 98L10 99L0 99Z"');
    expect(d).toContain('d="M30 98L40 98L40 99L30 99Z"');
  });

  it('closes the upper bound left to right and the lower bound back, clipped at 0', () => {
    const d = bandPath([[0, -1, 2], [10, 1, 3]], (x) => x, (y) => 100 - y, '#0072B2', 'a "b"');
    expect(d).toBe('<path class="band" data-series="a &quot;b&quot;" d="M0 98L10 97L10 99L0 100Z" fill="#0072B2" fill-opacity="0.2" stroke="none"><title>a &quot;b&quot;: 95% interval over the replications</title></path>');
  });
});
