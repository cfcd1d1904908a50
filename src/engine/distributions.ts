/**
 * Probability distributions sampled by inverse transform: sample(u) maps one uniform
 * draw u ∈ [0, 1) to a value. One draw per sample keeps common random numbers aligned
 * across strategies (the k-th draw of a stream always means the same thing), and lets
 * any UniformSource feed any distribution.
 */

export interface Distribution {
  /** Map a uniform draw in [0, 1) to a sample. */
  sample(u: number): number;
  /** The distribution's mean (theory, not an estimate). */
  readonly mean: number;
  /** The q-quantile (theory). */
  quantile(q: number): number;
  /** A short human description, e.g. "exponential(mean 5s)". */
  describe(): string;
}

export class Constant implements Distribution {
  constructor(readonly value: number) {}
  get mean(): number {
    return this.value;
  }
  sample(): number {
    return this.value;
  }
  quantile(): number {
    return this.value;
  }
  describe(): string {
    return `constant(${this.value})`;
  }
}

export class Exponential implements Distribution {
  constructor(readonly mean: number) {
    if (!(mean > 0)) throw new RangeError('exponential mean must be > 0');
  }
  sample(u: number): number {
    return -this.mean * Math.log(1 - u);
  }
  quantile(q: number): number {
    return this.sample(q);
  }
  describe(): string {
    return `exponential(mean ${this.mean})`;
  }
}

export class Uniform implements Distribution {
  constructor(readonly min: number, readonly max: number) {
    if (!(max >= min)) throw new RangeError('uniform needs max >= min');
  }
  get mean(): number {
    return (this.min + this.max) / 2;
  }
  sample(u: number): number {
    return this.min + (this.max - this.min) * u;
  }
  quantile(q: number): number {
    return this.sample(q);
  }
  describe(): string {
    return `uniform(${this.min}, ${this.max})`;
  }
}

/** ln X ~ Normal(mu, sigma²). */
export class LogNormal implements Distribution {
  readonly mean: number;
  constructor(readonly mu: number, readonly sigma: number) {
    if (!(sigma >= 0)) throw new RangeError('lognormal sigma must be >= 0');
    this.mean = Math.exp(mu + (sigma * sigma) / 2);
  }

  /**
   * From the mean and the 99th percentile, the way people state latencies.
   * mean = exp(mu + σ²/2), p99 = exp(mu + z σ) with z = Φ⁻¹(0.99) ⇒
   * σ²/2 − zσ + ln(p99/mean) = 0 ⇒ σ = z − sqrt(z² − 2 ln(p99/mean)) (the root that
   * keeps p99 above the mean). Needs mean < p99 ≤ mean·exp(z²/2) ≈ 14.97 × mean.
   */
  static fromMeanP99(mean: number, p99: number): LogNormal {
    const z = Z99;
    const r = Math.log(p99 / mean);
    if (!(mean > 0) || !(r > 0)) throw new RangeError('lognormal needs 0 < mean < p99');
    const disc = z * z - 2 * r;
    if (disc < 0) throw new RangeError(`lognormal p99 may be at most ${(Math.exp((z * z) / 2)).toFixed(2)} × mean`);
    const sigma = z - Math.sqrt(disc);
    return new LogNormal(Math.log(mean) - (sigma * sigma) / 2, sigma);
  }

  static fromMeanSigma(mean: number, sigma: number): LogNormal {
    return new LogNormal(Math.log(mean) - (sigma * sigma) / 2, sigma);
  }

  sample(u: number): number {
    return Math.exp(this.mu + this.sigma * normalQuantile(u));
  }
  quantile(q: number): number {
    return this.sample(q);
  }
  describe(): string {
    return `lognormal(mean ${fmt(this.mean)}, p99 ${fmt(this.quantile(0.99))})`;
  }
}

/** Counts 1, 2, 3, … with P(k) = p(1−p)^(k−1), p = 1/mean (a session's request count). */
export class Geometric implements Distribution {
  private readonly logQ: number;
  constructor(readonly mean: number) {
    if (!(mean >= 1)) throw new RangeError('geometric mean must be >= 1');
    this.logQ = Math.log(1 - 1 / mean);
  }
  sample(u: number): number {
    if (this.mean === 1) return 1;
    return 1 + Math.floor(Math.log(1 - u) / this.logQ);
  }
  quantile(q: number): number {
    return this.sample(q);
  }
  describe(): string {
    return `geometric(mean ${this.mean})`;
  }
}

/** Draws one of the given values with the given weights (a measured distribution). */
export class Empirical implements Distribution {
  private readonly values: Float64Array;
  private readonly cumulative: Float64Array;
  readonly mean: number;
  constructor(values: readonly number[], weights?: readonly number[]) {
    if (values.length === 0) throw new RangeError('empirical needs at least one value');
    const order = values.map((v, i) => [v, weights?.[i] ?? 1] as const).sort((a, b) => a[0] - b[0]);
    this.values = Float64Array.from(order.map((o) => o[0]));
    const total = order.reduce((s, o) => s + o[1], 0);
    let c = 0;
    this.cumulative = Float64Array.from(order.map((o) => (c += o[1] / total)));
    this.mean = order.reduce((s, o) => s + (o[0] * o[1]) / total, 0);
  }
  sample(u: number): number {
    const cum = this.cumulative;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo]!;
  }
  quantile(q: number): number {
    return this.sample(q);
  }
  describe(): string {
    return `empirical(${this.values.length} values, mean ${fmt(this.mean)})`;
  }
}

function fmt(x: number): string {
  return Number(x.toPrecision(4)).toString();
}

/** Φ⁻¹(0.99). */
export const Z99 = 2.3263478740408408;

/**
 * Inverse standard normal CDF: Acklam's rational approximation (relative error
 * 1.15e-9, ample for sampling). u = 0 maps to a large negative value instead of −∞ so
 * that samples stay finite. The central region (95 % of draws) is a function small enough
 * for V8 to inline into its caller, so a lognormal sample's double is not allocated on the
 * heap on the way back; the tails (and the clamps, which only they need) are apart.
 */
export function normalQuantile(u: number): number {
  if (u >= P_LOW && u <= 1 - P_LOW) {
    const q = u - 0.5;
    const r = q * q;
    return ((((((A1 * r + A2) * r + A3) * r + A4) * r + A5) * r + A6) * q) /
      (((((B1 * r + B2) * r + B3) * r + B4) * r + B5) * r + 1);
  }
  return normalTail(u);
}

/** normalQuantile below P_LOW and above 1 − P_LOW (NaN falls here too, and stays NaN). */
function normalTail(u: number): number {
  if (u <= 0) u = 1e-300;
  if (u >= 1) u = 1 - 1e-16;
  if (u < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(u));
    return (((((C1 * q + C2) * q + C3) * q + C4) * q + C5) * q + C6) / ((((D1 * q + D2) * q + D3) * q + D4) * q + 1);
  }
  const q = Math.sqrt(-2 * Math.log(1 - u));
  return -(((((C1 * q + C2) * q + C3) * q + C4) * q + C5) * q + C6) / ((((D1 * q + D2) * q + D3) * q + D4) * q + 1);
}

/** Standard normal CDF. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Complementary error function (Numerical Recipes erfcc, |relative error| < 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}

const P_LOW = 0.02425;
const A1 = -3.969683028665376e1, A2 = 2.209460984245205e2, A3 = -2.759285104469687e2;
const A4 = 1.38357751867269e2, A5 = -3.066479806614716e1, A6 = 2.506628277459239;
const B1 = -5.447609879822406e1, B2 = 1.615858368580409e2, B3 = -1.556989798598866e2;
const B4 = 6.680131188771972e1, B5 = -1.328068155288572e1;
const C1 = -7.784894002430293e-3, C2 = -3.223964580411365e-1, C3 = -2.400758277161838;
const C4 = -2.549732539343734, C5 = 4.374664141464968, C6 = 2.938163982698783;
const D1 = 7.784695709041462e-3, D2 = 3.224671290700398e-1, D3 = 2.445134137142996, D4 = 3.754408661907416;

/** A distribution as plain data (what a resolved scenario holds; seconds or counts). */
export type DistributionSpec =
  | { dist: 'constant'; value: number }
  | { dist: 'exponential'; mean: number }
  | { dist: 'uniform'; min: number; max: number }
  | { dist: 'lognormal'; mu: number; sigma: number }
  | { dist: 'geometric'; mean: number }
  | { dist: 'empirical'; values: number[]; weights?: number[] };

export function makeDistribution(spec: DistributionSpec): Distribution {
  switch (spec.dist) {
    case 'constant':
      return new Constant(spec.value);
    case 'exponential':
      return new Exponential(spec.mean);
    case 'uniform':
      return new Uniform(spec.min, spec.max);
    case 'lognormal':
      return new LogNormal(spec.mu, spec.sigma);
    case 'geometric':
      return new Geometric(spec.mean);
    case 'empirical':
      return new Empirical(spec.values, spec.weights);
  }
}
