import { describe, it, expect } from 'vitest';
import { LatencyHistogram } from '../../src/metrics/histogram.js';
import { mulberry32, normal } from '../helpers/random.js';


function lognormalSample(n: number, seed: number, mu: number, sigma: number): number[] {
  const rand = mulberry32(seed);
  return Array.from({ length: n }, () => Math.exp(mu + sigma * normal(rand)));
}

function exponentialSample(n: number, seed: number, meanSeconds: number): number[] {
  const rand = mulberry32(seed);
  return Array.from({ length: n }, () => -meanSeconds * Math.log(1 - rand()));
}

/** Exact nearest-rank quantile of a sample: the ceil(q·n)-th smallest value. */
function exactQuantile(sorted: readonly number[], q: number): number {
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
}

function histogramOf(values: readonly number[], options?: ConstructorParameters<typeof LatencyHistogram>[0]): LatencyHistogram {
  const h = new LatencyHistogram(options);
  for (const v of values) h.record(v);
  return h;
}

const relErr = (estimate: number, exact: number) => Math.abs(estimate - exact) / exact;

const samples: Array<[string, number[]]> = [
  // Median 50 ms, heavy right tail: spans ~4 decades.
  ['lognormal(ln 0.05, 1.5)', lognormalSample(200_000, 1, Math.log(0.05), 1.5)],
  // Mean 10 ms.
  ['exponential(mean 0.01)', exponentialSample(200_000, 2, 0.01)],
];

describe('LatencyHistogram quantiles', () => {
  for (const [name, values] of samples) {
    it(`${name}: p50/p95/p99/p99.9 within 1% of the exact sample quantile`, () => {
      const h = histogramOf(values);
      const sorted = [...values].sort((a, b) => a - b);
      for (const q of [0.5, 0.95, 0.99, 0.999]) {
        const exact = exactQuantile(sorted, q);
        expect(relErr(h.quantile(q), exact), `q=${q}: ${h.quantile(q)} vs ${exact}`).toBeLessThanOrEqual(0.01);
      }
    });

    it(`${name}: every percentile 0.1%..99.9% respects the bound`, () => {
      const h = histogramOf(values);
      const sorted = [...values].sort((a, b) => a - b);
      let worst = 0;
      for (let i = 1; i < 1000; i++) worst = Math.max(worst, relErr(h.quantile(i / 1000), exactQuantile(sorted, i / 1000)));
      expect(worst).toBeLessThanOrEqual(0.01);
      // The estimate is not accidentally exact: it really is bucketed.
      expect(worst).toBeGreaterThan(0.001);
    });

    it(`${name}: mean, min and max are exact`, () => {
      const h = histogramOf(values);
      let sum = 0;
      for (const v of values) sum += v;
      expect(h.count).toBe(values.length);
      expect(h.mean()).toBe(sum / values.length);
      expect(h.max()).toBe(values.reduce((a, b) => Math.max(a, b)));
      expect(h.min()).toBe(values.reduce((a, b) => Math.min(a, b)));
      expect(h.quantile(1)).toBe(h.max());
      expect(h.quantile(0)).toBe(h.min());
    });
  }

  it('honours a tighter relativeError', () => {
    const values = samples[0]![1];
    const h = histogramOf(values, { relativeError: 0.001 });
    const sorted = [...values].sort((a, b) => a - b);
    for (const q of [0.5, 0.9, 0.99, 0.999]) expect(relErr(h.quantile(q), exactQuantile(sorted, q))).toBeLessThanOrEqual(0.001);
  });

  it('stores buckets, not samples: memory does not grow with the number of records', () => {
    const h = histogramOf(exponentialSample(1_000_000, 3, 0.2));
    // 1e-6..3600 s is ~32 octaves of 64 sub-buckets at 1% error.
    expect(h.toJSON().counts.length).toBeLessThan(33 * 64);
  });

  it('uses nearest rank: small samples give the bucket of the ceil(q·n)-th value', () => {
    const h = histogramOf([0.001, 0.002, 0.003, 0.004]);
    expect(relErr(h.quantile(0.25), 0.001)).toBeLessThanOrEqual(0.01);
    expect(relErr(h.quantile(0.26), 0.002)).toBeLessThanOrEqual(0.01);
    expect(relErr(h.quantile(0.5), 0.002)).toBeLessThanOrEqual(0.01);
    expect(relErr(h.quantile(0.75), 0.003)).toBeLessThanOrEqual(0.01);
    expect(relErr(h.quantile(0.99), 0.004)).toBeLessThanOrEqual(0.01);
  });

  it('rejects q outside [0, 1]', () => {
    const h = histogramOf([1]);
    expect(() => h.quantile(1.5)).toThrow(RangeError);
    expect(() => h.quantile(-0.1)).toThrow(RangeError);
    expect(() => h.quantile(NaN)).toThrow(RangeError);
  });
});

describe('LatencyHistogram edge cases', () => {
  it('empty histogram: count 0, NaN statistics, empty CDF', () => {
    const h = new LatencyHistogram();
    expect(h.count).toBe(0);
    expect(h.quantile(0.5)).toBeNaN();
    expect(h.quantile(1)).toBeNaN();
    expect(h.mean()).toBeNaN();
    expect(h.min()).toBeNaN();
    expect(h.max()).toBeNaN();
    expect(h.cdf()).toEqual([]);
  });

  it('values beyond maxValue are clamped into the top bucket, but max() stays exact', () => {
    const h = new LatencyHistogram({ maxValue: 10 });
    for (const v of [1, 5, 1000, 2000]) h.record(v);
    expect(h.count).toBe(4);
    expect(h.max()).toBe(2000);
    expect(h.quantile(1)).toBe(2000);
    expect(h.mean()).toBe(3006 / 4);
    // Rank 3 (1000) is answered from the top bucket, i.e. about maxValue.
    expect(relErr(h.quantile(0.75), 10)).toBeLessThanOrEqual(0.01);
  });

  it('positive values below minValue land in the lowest bucket, answered no lower than min()', () => {
    const h = histogramOf([1e-9, 2e-9, 1]);
    expect(h.min()).toBe(1e-9);
    const q = h.quantile(0.5);
    expect(q).toBeGreaterThanOrEqual(1e-9);
    expect(q).toBeLessThanOrEqual(1e-6 * 1.01);
  });

  it('zero and negative values go to the zero bucket', () => {
    const h = histogramOf([0, -0.5, 0, 0.1]);
    expect(h.count).toBe(4);
    expect(h.min()).toBe(-0.5);
    expect(h.quantile(0.5)).toBe(0);
    expect(h.quantile(0.75)).toBe(0);
    expect(relErr(h.quantile(0.76), 0.1)).toBeLessThanOrEqual(0.01);
    expect(h.mean()).toBeCloseTo(-0.4 / 4, 15);
  });

  it('rejects NaN and infinite values instead of corrupting the mean', () => {
    const h = new LatencyHistogram();
    expect(() => h.record(NaN)).toThrow(RangeError);
    expect(() => h.record(Infinity)).toThrow(RangeError);
    expect(h.count).toBe(0);
  });

  it('rejects nonsensical configurations', () => {
    expect(() => new LatencyHistogram({ minValue: 0 })).toThrow(RangeError);
    expect(() => new LatencyHistogram({ minValue: 10, maxValue: 1 })).toThrow(RangeError);
    expect(() => new LatencyHistogram({ relativeError: 0 })).toThrow(RangeError);
    expect(() => new LatencyHistogram({ relativeError: 1e-9 })).toThrow(RangeError);
  });
});

describe('LatencyHistogram merge and serialisation', () => {
  const values = samples[0]![1];

  it('merging two halves equals one histogram of everything', () => {
    const whole = histogramOf(values);
    const left = histogramOf(values.slice(0, 70_000));
    const right = histogramOf(values.slice(70_000));
    left.merge(right);
    const a = left.toJSON();
    const b = whole.toJSON();
    expect(a.counts).toEqual(b.counts);
    expect(a.count).toBe(b.count);
    expect(a.min).toBe(b.min);
    expect(a.max).toBe(b.max);
    // Summation order differs, so the sum may differ in the last bits only.
    expect(relErr(a.sum, b.sum)).toBeLessThan(1e-12);
    for (const q of [0.5, 0.9, 0.99, 0.999, 1]) expect(left.quantile(q)).toBe(whole.quantile(q));
  });

  it('merging into an empty histogram copies, merging an empty one changes nothing', () => {
    const h = histogramOf(values);
    const empty = new LatencyHistogram();
    empty.merge(h);
    expect(empty.toJSON()).toEqual(h.toJSON());
    h.merge(new LatencyHistogram());
    expect(h.toJSON()).toEqual(empty.toJSON());
  });

  it('refuses to merge histograms with a different configuration', () => {
    const h = new LatencyHistogram();
    expect(() => h.merge(new LatencyHistogram({ relativeError: 0.02 }))).toThrow(/configuration/);
    expect(() => h.merge(new LatencyHistogram({ maxValue: 60 }))).toThrow(/configuration/);
  });

  it('toJSON/fromJSON round-trips through JSON text and structuredClone', () => {
    const h = histogramOf([...values.slice(0, 10_000), 0, 5000]);
    const snapshot = h.toJSON();
    expect(snapshot.counts.every(([, c]) => c > 0)).toBe(true); // sparse
    for (const copy of [LatencyHistogram.fromJSON(JSON.parse(JSON.stringify(snapshot))), LatencyHistogram.fromJSON(structuredClone(snapshot))]) {
      expect(copy.toJSON()).toEqual(snapshot);
      expect(copy.count).toBe(h.count);
      expect(copy.mean()).toBe(h.mean());
      expect(copy.max()).toBe(5000);
      for (const q of [0.001, 0.5, 0.99, 0.9999]) expect(copy.quantile(q)).toBe(h.quantile(q));
    }
  });

  it('an empty histogram round-trips through JSON (min/max become null, not NaN)', () => {
    const snapshot = new LatencyHistogram({ maxValue: 60 }).toJSON();
    expect(snapshot.min).toBeNull();
    const copy = LatencyHistogram.fromJSON(JSON.parse(JSON.stringify(snapshot)));
    expect(copy.count).toBe(0);
    expect(copy.max()).toBeNaN();
    expect(copy.config.maxValue).toBe(60);
  });

  it('fromJSON rejects inconsistent data', () => {
    const snapshot = histogramOf([0.1, 0.2]).toJSON();
    expect(() => LatencyHistogram.fromJSON({ ...snapshot, count: 3 })).toThrow(RangeError);
    expect(() => LatencyHistogram.fromJSON({ ...snapshot, counts: [[1e9, 2]] })).toThrow(RangeError);
  });
});

describe('LatencyHistogram cdf', () => {
  const values = exponentialSample(50_000, 7, 0.01);
  const h = histogramOf(values);
  const sorted = [...values].sort((a, b) => a - b);

  it('is increasing, has at most `points` points and ends at [max, 1]', () => {
    for (const points of [100, 20, 1]) {
      const curve = h.cdf(points);
      expect(curve.length).toBeLessThanOrEqual(points);
      expect(curve.at(-1)).toEqual([h.max(), 1]);
      for (let i = 1; i < curve.length; i++) {
        expect(curve[i]![0]).toBeGreaterThan(curve[i - 1]![0]);
        expect(curve[i]![1]).toBeGreaterThan(curve[i - 1]![1]);
      }
    }
    expect(h.cdf().length).toBe(100);
  });

  it('each share is the exact fraction of samples below the point (bucket upper bound)', () => {
    const curve = h.cdf(1000);
    expect(curve.length).toBeGreaterThan(100);
    for (const [value, share] of curve.slice(0, -1)) {
      let below = 0; // binary search: number of sorted samples < value
      for (let hi = sorted.length; below < hi; ) {
        const mid = (below + hi) >>> 1;
        if (sorted[mid]! < value) below = mid + 1;
        else hi = mid;
      }
      expect(share).toBe(below / sorted.length);
    }
  });

  it('starts with the zero bucket when there are zeros', () => {
    const z = histogramOf([0, 0, 1, 2]);
    expect(z.cdf()[0]).toEqual([0, 0.5]);
  });
});
