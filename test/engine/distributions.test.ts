/**
 * Distributions sampled by inverse transform. Specification: each distribution states its
 * mean and quantiles exactly (theory), and n = 200,000 samples drawn through sample(u)
 * from a uniform stream agree with that theory within 4 standard errors (for the sample
 * mean: SE = sd/√n with the distribution's own sd; for a probability: the binomial sd
 * √(p(1−p)/n)). 4 SE is exceeded by chance with probability 6e-5 per check; the streams
 * are seeded, so a pass or a failure is reproducible.
 */
import { describe, expect, it } from 'vitest';
import {
  Constant,
  Empirical,
  Exponential,
  Geometric,
  LogNormal,
  Uniform,
  Z99,
  makeDistribution,
  normalCdf,
  normalQuantile,
  type Distribution,
} from '../../src/engine/distributions.js';
import { RandomStream } from '../../src/engine/random.js';
import { draws, expectWithin, sampleMean, sampleVariance } from '../helpers/stats.js';

const N = 200_000;

function sampleOf(d: Distribution, name: string, n = N): Float64Array {
  const stream = new RandomStream(2024, `distributions:${name}`);
  return draws(n, () => d.sample(stream.next()));
}

/** The sample mean lies within 4 standard errors of the theoretical mean. */
function expectMeanWithin4SE(xs: Float64Array, mean: number, variance: number, what: string): void {
  expectWithin(sampleMean(xs), mean, 4 * Math.sqrt(variance / xs.length), `sample mean of ${what}`);
}

/** The share of samples ≤ x is within 4 binomial sd of p. */
function expectShareBelow(xs: Float64Array, x: number, p: number, what: string): void {
  let k = 0;
  for (const v of xs) if (v <= x) k++;
  expectWithin(k / xs.length, p, 4 * Math.sqrt((p * (1 - p)) / xs.length), `share of ${what} ≤ ${x}`);
}

describe('normalQuantile (Φ⁻¹)', () => {
  it('matches tabulated values to 1e-6, in the central region and both tails, and is continuous where they meet', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.99)).toBeCloseTo(2.326348, 6);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 6);
    expect(normalQuantile(0.0001)).toBeCloseTo(-3.719016, 6); // lower tail branch
    expect(normalQuantile(0.9999)).toBeCloseTo(3.719016, 6); // upper tail branch
    expect(normalQuantile(0.99)).toBeCloseTo(Z99, 8);
    // Acklam's central and tail formulas meet at p = 0.02425 (and 1 − 0.02425); both
    // are accurate to ~1e-9 there, so they must agree with each other.
    const pLow = 0.02425;
    for (const p of [pLow, 1 - pLow]) {
      const below = normalQuantile(p * (1 - 1e-12));
      const above = normalQuantile(p * (1 + 1e-12));
      expect(Math.abs(above - below)).toBeLessThan(1e-8);
    }
  });

  it('is antisymmetric and inverts normalCdf', () => {
    for (const p of [0.001, 0.01, 0.1, 0.3, 0.6, 0.9, 0.99, 0.999]) {
      expect(normalQuantile(1 - p)).toBeCloseTo(-normalQuantile(p), 7);
      // normalCdf's erfc approximation is good to ~1.2e-7 relative.
      expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 6);
    }
  });

  it('stays finite at 0 and 1 (so samples stay finite)', () => {
    expect(Number.isFinite(normalQuantile(0))).toBe(true);
    expect(Number.isFinite(normalQuantile(1))).toBe(true);
    expect(normalQuantile(0)).toBeLessThan(-8);
  });
});

describe('Exponential', () => {
  const mean = 0.02;
  const d = new Exponential(mean);

  it('states mean and quantiles: q-quantile = −mean·ln(1−q)', () => {
    expect(d.mean).toBe(mean);
    expect(d.quantile(0.5)).toBeCloseTo(mean * Math.LN2, 12);
    expect(d.quantile(0.99)).toBeCloseTo(mean * Math.log(100), 12);
    expect(d.quantile(0) === 0).toBe(true); // (−0 is fine)
  });

  it('sample mean of 2e5 draws within 4 SE (Var = mean²); median share ≈ 1/2', () => {
    const xs = sampleOf(d, 'exponential');
    expectMeanWithin4SE(xs, mean, mean * mean, 'exponential');
    // Variance too: Var(S²) ≈ (μ4 − σ⁴)/n with μ4 = 9·mean⁴ ⇒ sd(S²) = mean²·√(8/n).
    expectWithin(sampleVariance(xs), mean * mean, 4 * mean * mean * Math.sqrt(8 / N), 'sample variance of exponential');
    expectShareBelow(xs, d.quantile(0.5), 0.5, 'exponential');
    expectShareBelow(xs, d.quantile(0.99), 0.99, 'exponential');
  });

  it('rejects a mean that is not positive', () => {
    expect(() => new Exponential(0)).toThrow(RangeError);
    expect(() => new Exponential(-1)).toThrow(RangeError);
  });
});

describe('Uniform', () => {
  const d = new Uniform(2, 5);

  it('states mean (a+b)/2 and quantile a + (b−a)q', () => {
    expect(d.mean).toBe(3.5);
    expect(d.quantile(0.25)).toBe(2.75);
    expect(d.sample(0)).toBe(2);
  });

  it('sample mean of 2e5 draws within 4 SE (Var = (b−a)²/12); all samples in [a, b)', () => {
    const xs = sampleOf(d, 'uniform');
    expectMeanWithin4SE(xs, 3.5, 9 / 12, 'uniform(2,5)');
    expect(Math.min(...xs.subarray(0, 50_000))).toBeGreaterThanOrEqual(2);
    expect(Math.max(...xs.subarray(0, 50_000))).toBeLessThan(5);
  });

  it('rejects max < min', () => {
    expect(() => new Uniform(5, 2)).toThrow(RangeError);
  });
});

describe('LogNormal', () => {
  // The default service time: mean 20 ms, p99 150 ms.
  const mean = 0.02;
  const p99 = 0.15;
  const d = LogNormal.fromMeanP99(mean, p99);

  it('fromMeanP99 reproduces the mean and the p99 it was given (analytically)', () => {
    // mean = exp(μ + σ²/2) and p99 = exp(μ + z₀.₉₉·σ).
    expect(Math.exp(d.mu + (d.sigma * d.sigma) / 2)).toBeCloseTo(mean, 12);
    expect(d.mean).toBeCloseTo(mean, 12);
    expect(Math.exp(d.mu + Z99 * d.sigma)).toBeCloseTo(p99, 12);
    // quantile() goes through normalQuantile, whose accuracy is specified above; here a
    // loose 1e-4 relative check keeps this test about fromMeanP99's algebra.
    expect(Math.abs(d.quantile(0.99) / p99 - 1)).toBeLessThan(1e-4);
    expect(d.quantile(0.5)).toBeCloseTo(Math.exp(d.mu), 12);
    // The smaller root: σ ≈ 1.1507 for p99/mean = 7.5 (the other root, ≈3.50, would put
    // the median far below the mean).
    expect(d.sigma).toBeCloseTo(1.1507, 4);
  });

  it('sample mean of 2e5 draws within 4 SE, with Var = (e^{σ²}−1)·e^{2μ+σ²}; p99 share ≈ 0.99', () => {
    // Var = (e^{1.3242} − 1)·mean² ≈ 2.76·mean² ⇒ SE = 1.66·mean/√n ≈ 0.37% of the mean.
    const variance = (Math.exp(d.sigma ** 2) - 1) * Math.exp(2 * d.mu + d.sigma ** 2);
    expect(variance).toBeCloseTo((Math.exp(d.sigma ** 2) - 1) * mean * mean, 15);
    const xs = sampleOf(d, 'lognormal');
    expectMeanWithin4SE(xs, mean, variance, 'lognormal(20ms, p99 150ms)');
    // Share of samples ≤ p99: binomial sd √(0.99·0.01/n) = 2.2e-4.
    expectShareBelow(xs, p99, 0.99, 'lognormal');
    expectShareBelow(xs, d.quantile(0.5), 0.5, 'lognormal');
  });

  it('fromMeanP99 rejects p99 above e^{z²/2}·mean ≈ 14.97·mean, and p99 ≤ mean', () => {
    expect(Math.exp((Z99 * Z99) / 2)).toBeCloseTo(14.968, 3);
    expect(() => LogNormal.fromMeanP99(1, 14.9)).not.toThrow();
    expect(() => LogNormal.fromMeanP99(1, 15)).toThrow(RangeError);
    expect(() => LogNormal.fromMeanP99(0.01, 1)).toThrow(/14\.97/);
    expect(() => LogNormal.fromMeanP99(1, 1)).toThrow(RangeError);
    expect(() => LogNormal.fromMeanP99(1, 0.5)).toThrow(RangeError);
    expect(() => LogNormal.fromMeanP99(0, 1)).toThrow(RangeError);
  });

  it('fromMeanSigma and (μ, σ) give the stated mean e^{μ+σ²/2}', () => {
    expect(LogNormal.fromMeanSigma(0.005, 0.8).mean).toBeCloseTo(0.005, 14);
    expect(new LogNormal(1, 0.5).mean).toBeCloseTo(Math.exp(1.125), 12);
    expect(new LogNormal(0, 0).sample(0.123)).toBe(1);
  });
});

describe('Geometric (request counts)', () => {
  const m = 20;
  const d = new Geometric(m);

  it('P(k) = p(1−p)^{k−1} with p = 1/mean: sample(u) = 1 exactly for u < p, 2 up to 1−(1−p)², …', () => {
    const p = 1 / m;
    expect(d.sample(0)).toBe(1);
    expect(d.sample(p - 1e-9)).toBe(1);
    expect(d.sample(p + 1e-9)).toBe(2);
    const p12 = 1 - (1 - p) ** 2; // P(N ≤ 2) = 0.0975
    expect(d.sample(p12 - 1e-9)).toBe(2);
    expect(d.sample(p12 + 1e-9)).toBe(3);
    expect(d.mean).toBe(m);
  });

  it('2e5 draws: integers ≥ 1, mean within 4 SE (Var = (1−p)/p² = 380), P(1) ≈ 1/mean', () => {
    const xs = sampleOf(d, 'geometric');
    for (const x of xs.subarray(0, 20_000)) expect(Number.isInteger(x) && x >= 1).toBe(true);
    expectMeanWithin4SE(xs, m, (1 - 1 / m) * m * m, 'geometric(20)');
    let ones = 0;
    for (const x of xs) if (x === 1) ones++;
    // Binomial sd of the share of ones: √(0.05·0.95/2e5) = 4.9e-4.
    expectWithin(ones / N, 1 / m, 4 * Math.sqrt((1 / m) * (1 - 1 / m) / N), 'share of sessions with one request');
  });

  it('mean 1 always gives 1; a mean below 1 is refused', () => {
    const one = new Geometric(1);
    expect([0, 0.5, 0.999999].map((u) => one.sample(u))).toEqual([1, 1, 1]);
    expect(() => new Geometric(0.5)).toThrow(RangeError);
  });
});

describe('Constant', () => {
  it('is its value whatever the draw', () => {
    const c = new Constant(0.25);
    expect([c.sample(), c.mean, c.quantile()]).toEqual([0.25, 0.25, 0.25]);
    expect((c as Distribution).sample(0.9)).toBe(0.25);
  });
});

describe('Empirical', () => {
  // Values given out of order with weights 30:1, 10:1, 20:2 ⇒ P(10) = 1/4, P(20) = 1/2, P(30) = 1/4.
  it('the weights follow their values, whatever the order they are given in', () => {
    const e = new Empirical([30, 10, 20], [1, 1, 2]); // 30:1, 10:1, 20:2
    expect(e.mean).toBeCloseTo((30 + 10 + 2 * 20) / 4, 12);
    expect(e.sample(0.1)).toBe(10); // cumulative: 10 → 0.25, 20 → 0.75, 30 → 1
    expect(e.sample(0.3)).toBe(20);
    expect(e.sample(0.74)).toBe(20);
    expect(e.sample(0.8)).toBe(30);
    expect(e.sample(0.999999)).toBe(30);
    expect(e.quantile(0.6)).toBe(20);
  });

  it('2e5 draws: each value with its probability (binomial sd, 4σ)', () => {
    const e = new Empirical([30, 10, 20], [1, 1, 2]);
    const xs = sampleOf(e, 'empirical');
    for (const [v, p] of [[10, 0.25], [20, 0.5], [30, 0.25]] as const) {
      let k = 0;
      for (const x of xs) if (x === v) k++;
      expectWithin(k / N, p, 4 * Math.sqrt((p * (1 - p)) / N), `share of ${v}`);
    }
  });

  it('without weights every value is equally likely; no values is refused', () => {
    const e = new Empirical([1, 2, 3, 4]);
    expect(e.mean).toBe(2.5);
    expect([0.1, 0.3, 0.6, 0.9].map((u) => e.sample(u))).toEqual([1, 2, 3, 4]);
    expect(() => new Empirical([])).toThrow(RangeError);
  });
});

describe('makeDistribution', () => {
  it('builds each distribution from its plain spec', () => {
    const cases: Array<[Parameters<typeof makeDistribution>[0], new (...a: never[]) => Distribution, number]> = [
      [{ dist: 'constant', value: 3 }, Constant, 3],
      [{ dist: 'exponential', mean: 5 }, Exponential, 5],
      [{ dist: 'uniform', min: 1, max: 3 }, Uniform, 2],
      [{ dist: 'lognormal', mu: 0, sigma: 1 }, LogNormal, Math.exp(0.5)],
      [{ dist: 'geometric', mean: 20 }, Geometric, 20],
      [{ dist: 'empirical', values: [1, 3], weights: [3, 1] }, Empirical, 1.5],
      [{ dist: 'empirical', values: [1, 3] }, Empirical, 2],
    ];
    for (const [spec, Class, mean] of cases) {
      const d = makeDistribution(spec);
      expect(d).toBeInstanceOf(Class);
      expect(d.mean).toBeCloseTo(mean, 12);
      expect(d.describe()).toContain(spec.dist);
    }
  });

  it('the same spec and the same draws give the same samples', () => {
    const spec = { dist: 'lognormal' as const, mu: -4, sigma: 1.1 };
    const us = [0.01, 0.5, 0.99];
    expect(us.map((u) => makeDistribution(spec).sample(u))).toEqual(us.map((u) => new LogNormal(-4, 1.1).sample(u)));
  });
});
