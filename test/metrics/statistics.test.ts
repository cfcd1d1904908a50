import { describe, it, expect } from 'vitest';
import {
  skew,
  mean,
  sampleVariance,
  studentTQuantile,
  normalQuantile,
  confidenceInterval95,
  mser5,
} from '../../src/metrics/statistics.js';
import { mulberry32, normal } from '../helpers/random.js';


function expectWithin(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
}

describe('skew', () => {
  it('perfectly even load: max/mean 1, CoV 0, Jain 1', () => {
    expect(skew([1, 1, 1, 1])).toEqual({ maxOverMean: 1, cov: 0, jain: 1 });
  });

  it('one of four takes everything: max/mean 4, CoV √3, Jain 1/4', () => {
    // mean 1; deviations 3,-1,-1,-1 → population variance (9+1+1+1)/4 = 3.
    const s = skew([4, 0, 0, 0]);
    expect(s.maxOverMean).toBe(4);
    expect(s.jain).toBe(0.25);
    expect(s.cov).toBeCloseTo(Math.sqrt(3), 14);
  });

  it('worked mixed example [2, 4, 6]', () => {
    // mean 4, population variance 8/3, Jain 144 / (3·56) = 6/7.
    const s = skew([2, 4, 6]);
    expect(s.maxOverMean).toBeCloseTo(1.5, 14);
    expect(s.cov).toBeCloseTo(Math.sqrt(8 / 3) / 4, 14);
    expect(s.jain).toBeCloseTo(6 / 7, 14);
  });

  it('Jain is 1/n when one member takes all, whatever n', () => {
    expect(skew([0, 0, 0, 0, 0, 0, 0, 0, 0, 7]).jain).toBeCloseTo(0.1, 14);
  });

  it('is scale-invariant', () => {
    const a = skew([3, 1, 4, 1, 5]);
    const b = skew([300, 100, 400, 100, 500]);
    expect(b.maxOverMean).toBeCloseTo(a.maxOverMean, 12);
    expect(b.cov).toBeCloseTo(a.cov, 12);
    expect(b.jain).toBeCloseTo(a.jain, 12);
  });

  it('nothing to share (empty or all zeros) counts as perfectly fair', () => {
    expect(skew([])).toEqual({ maxOverMean: 1, cov: 0, jain: 1 });
    expect(skew([0, 0, 0])).toEqual({ maxOverMean: 1, cov: 0, jain: 1 });
  });

  it('rejects negative or non-finite loads', () => {
    expect(() => skew([1, -1])).toThrow(RangeError);
    expect(() => skew([1, NaN])).toThrow(RangeError);
  });
});

describe('mean and sampleVariance', () => {
  it('hand-worked values', () => {
    expect(mean([2, 4, 4, 4, 5, 5, 7, 9])).toBe(5);
    // Σ(x-5)² = 32, n-1 = 7.
    expect(sampleVariance([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(32 / 7, 14);
    expect(sampleVariance([1, 2])).toBe(0.5);
  });

  it('is stable for a large offset (two-pass, no catastrophic cancellation)', () => {
    expect(sampleVariance([1e9 + 1, 1e9 + 2, 1e9 + 3])).toBeCloseTo(1, 10);
  });

  it('undefined cases give NaN', () => {
    expect(mean([])).toBeNaN();
    expect(sampleVariance([])).toBeNaN();
    expect(sampleVariance([3])).toBeNaN();
  });
});

describe('normalQuantile', () => {
  // Reference values: sqrt(2)·erfinv(2p − 1) evaluated with mpmath at 30 digits.
  const table: Array<[number, number]> = [
    [0.99, 2.3263478740408407676],
    [0.975, 1.9599639845400538556],
    [0.9, 1.2815515655446005935],
    [0.999, 3.0902323061678132778],
    [0.3, -0.52440051270804081597],
    [0.02425, -1.9729610513118848376], // Acklam's region boundary
    [1e-10, -6.3613409024040561991],
    [0.999999999999, 7.0344869100478352057],
  ];
  for (const [p, z] of table) {
    it(`Φ⁻¹(${p}) = ${z} to 1e-9`, () => expectWithin(normalQuantile(p), z, 1e-9));
  }

  it('is exactly antisymmetric around 0.5', () => {
    expect(normalQuantile(0.5)).toBe(0);
    for (const p of [0.6, 0.8, 0.95, 0.9999]) expect(normalQuantile(1 - p)).toBe(-normalQuantile(p));
  });

  it('boundaries and invalid input', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(1.1)).toBeNaN();
    expect(normalQuantile(NaN)).toBeNaN();
  });
});

describe('studentTQuantile', () => {
  // Two-sided 95% critical values as printed in t tables (6 decimals).
  const table: Array<[number, number]> = [
    [1, 12.706205],
    [2, 4.302653],
    [5, 2.570582],
    [10, 2.228139],
    [30, 2.042272],
    [100, 1.983972],
  ];
  for (const [df, t] of table) {
    it(`t(0.975, ${df}) = ${t} (table value, 6 decimals)`, () => expectWithin(studentTQuantile(0.975, df), t, 1e-6));
  }

  // Full-precision references (scipy.stats.t.ppf) to show the error is far below 1e-6.
  const precise: Array<[number, number, number]> = [
    [0.975, 3, 3.1824463052837078],
    [0.975, 1000, 1.9623390808264083],
    [0.995, 10, 3.16927267261695],
    [0.995, 100, 2.6258905214380173],
    [1e-6, 2, -707.1057205259339],
    [1e-6, 5, -24.771029720515948],
    [1e-6, 30, -5.871117120418882],
  ];
  for (const [p, df, t] of precise) {
    it(`t(${p}, ${df}) = ${t} to 1e-9 relative`, () => expectWithin(studentTQuantile(p, df), t, 1e-9 * Math.abs(t)));
  }

  it('inverts the t CDF for df 1..1000 (CDF by independent numerical integration)', () => {
    // With x = √ν·tanθ, P(0 < T ≤ t) = r(ν)/√π · ∫₀^atan(t/√ν) cos^(ν−1)θ dθ where
    // r(ν) = Γ((ν+1)/2)/Γ(ν/2) obeys r(1) = 1/√π, r(ν+1) = (ν/2)/r(ν). Smooth integrand → Simpson.
    const r: number[] = [NaN, 1 / Math.sqrt(Math.PI)];
    for (let v = 1; v < 1000; v++) r.push(v / 2 / r[v]!);
    const cdfMinusHalf = (t: number, df: number): number => {
      const upper = Math.atan(t / Math.sqrt(df));
      const steps = 4000;
      const h = upper / steps;
      let s = 0;
      for (let i = 0; i <= steps; i++) {
        const w = i === 0 || i === steps ? 1 : i % 2 === 1 ? 4 : 2;
        s += w * Math.cos(i * h) ** (df - 1);
      }
      return ((r[df]! / Math.sqrt(Math.PI)) * s * h) / 3;
    };
    for (const df of [1, 2, 3, 4, 7, 15, 29, 60, 200, 1000]) {
      for (const p of [0.55, 0.75, 0.9, 0.975, 0.995, 0.9995]) {
        expectWithin(cdfMinusHalf(studentTQuantile(p, df), df), p - 0.5, 1e-10);
      }
    }
  });

  it('is antisymmetric, decreases towards the normal as df grows, and equals it in the limit', () => {
    for (const df of [1, 3, 12, 250]) expect(studentTQuantile(1 - 0.9, df)).toBe(-studentTQuantile(0.9, df));
    let previous = Infinity;
    for (const df of [1, 2, 3, 5, 10, 30, 100, 1000, 1e4, 1e6]) {
      const t = studentTQuantile(0.975, df);
      expect(t).toBeLessThan(previous);
      expect(t).toBeGreaterThan(normalQuantile(0.975));
      previous = t;
    }
    expectWithin(studentTQuantile(0.975, 1e7), normalQuantile(0.975), 1e-6);
    expect(studentTQuantile(0.975, Infinity)).toBe(normalQuantile(0.975));
  });

  it('boundaries and invalid input', () => {
    expect(studentTQuantile(0.5, 7)).toBe(0);
    expect(studentTQuantile(1, 7)).toBe(Infinity);
    expect(studentTQuantile(0, 7)).toBe(-Infinity);
    expect(studentTQuantile(0.975, 0)).toBeNaN();
    expect(studentTQuantile(2, 7)).toBeNaN();
  });
});

describe('confidenceInterval95', () => {
  it('hand-worked example: [1, 2, 3, 4, 5]', () => {
    // mean 3, s² = 2.5, s/√n = √0.5, t(0.975, 4) = 2.776445105.
    const ci = confidenceInterval95([1, 2, 3, 4, 5]);
    expect(ci.n).toBe(5);
    expect(ci.mean).toBe(3);
    expectWithin(ci.halfWidth, 2.776445105 * Math.sqrt(0.5), 1e-8);
    expect(ci.ci95[0]).toBeCloseTo(3 - ci.halfWidth, 14);
    expect(ci.ci95[1]).toBeCloseTo(3 + ci.halfWidth, 14);
  });

  it('n = 1: zero half-width by convention; n = 0: NaN', () => {
    expect(confidenceInterval95([7])).toEqual({ mean: 7, ci95: [7, 7], n: 1, halfWidth: 0 });
    const empty = confidenceInterval95([]);
    expect(empty.n).toBe(0);
    expect(empty.mean).toBeNaN();
    expect(empty.halfWidth).toBeNaN();
  });

  it('covers the true mean 95% of the time (2000 seeded experiments, n = 10)', () => {
    const rand = mulberry32(20240611);
    const experiments = 2000;
    const trueMean = 5;
    let covered = 0;
    let coveredWithZ = 0; // the naive ±1.96·s/√n interval, to show the test can tell t from z
    for (let e = 0; e < experiments; e++) {
      const xs = Array.from({ length: 10 }, () => trueMean + 2 * normal(rand));
      const ci = confidenceInterval95(xs);
      if (ci.ci95[0] <= trueMean && trueMean <= ci.ci95[1]) covered++;
      if (Math.abs(ci.mean - trueMean) <= 1.959964 * Math.sqrt(sampleVariance(xs) / 10)) coveredWithZ++;
    }
    const tolerance = 3 * Math.sqrt((0.95 * 0.05) / experiments); // ≈ 0.0146
    expect(covered / experiments).toBeGreaterThanOrEqual(0.95 - tolerance);
    expect(covered / experiments).toBeLessThanOrEqual(0.95 + tolerance);
    // A normal-quantile interval undercovers at n = 10 (~92%): this band would reject it.
    expect(coveredWithZ / experiments).toBeLessThan(0.95 - tolerance);
  });
});

describe('mser5', () => {
  it('finds a transient: 10 decaying to 1 over 100 points, then noise around 1', () => {
    const rand = mulberry32(42);
    const series = Array.from({ length: 2000 }, (_, i) => (i < 100 ? 10 - (9 * i) / 100 : 1) + 0.1 * normal(rand));
    const { truncateBatches, truncatePoints } = mser5(series);
    expect(truncatePoints).toBe(5 * truncateBatches);
    expect(truncatePoints).toBeGreaterThanOrEqual(50);
    expect(truncatePoints).toBeLessThanOrEqual(150);
  });

  it('finds a step: a level shift after 300 points is cut exactly at the shift', () => {
    const series = Array.from({ length: 1000 }, (_, i) => (i < 300 ? 4 : 1) + (i % 2 === 0 ? 0.01 : -0.01));
    expect(mser5(series)).toEqual({ truncateBatches: 60, truncatePoints: 300 });
  });

  it('does not truncate a constant series, nor one too short to batch', () => {
    expect(mser5(new Array(100).fill(3))).toEqual({ truncateBatches: 0, truncatePoints: 0 });
    expect(mser5([9, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1])).toEqual({ truncateBatches: 0, truncatePoints: 0 });
    expect(mser5([])).toEqual({ truncateBatches: 0, truncatePoints: 0 });
  });

  it('never truncates more than half of the batches', () => {
    // Monotone trend: later batches always look "better", the cap must hold.
    const series = Array.from({ length: 503 }, (_, i) => 1000 - i);
    const { truncateBatches } = mser5(series);
    expect(truncateBatches).toBeLessThanOrEqual(Math.floor(100 / 2));
  });

  it('works on batch means: a spike inside the first batch is removed with that batch', () => {
    // Batch means: [ (50+4·1)/5 = 10.8, 1, 1, 1, 1, 1.2, 0.8, 1, 1, 1 ] → drop the first batch.
    const series = [50, 1, 1, 1, 1, ...new Array(20).fill(1), ...new Array(5).fill(1.2), ...new Array(5).fill(0.8), ...new Array(15).fill(1)];
    expect(mser5(series)).toEqual({ truncateBatches: 1, truncatePoints: 5 });
  });
});
