/**
 * Pure statistics helpers for summarising simulation output: load skew,
 * replication confidence intervals (Student t), and MSER-5 warm-up detection.
 *
 * Invalid probabilities / degrees of freedom give NaN (like Math.log), so that
 * a bad input shows up in a report instead of crashing a long batch run.
 */

export interface SkewFigures {
  /** max / mean: 1 when perfectly even, n when one member takes everything. */
  maxOverMean: number;
  /** Coefficient of variation: population standard deviation / mean. */
  cov: number;
  /** Jain's fairness index (Σx)² / (n·Σx²): 1 = perfectly fair, 1/n = one takes all. */
  jain: number;
}

/**
 * Skew of a set of non-negative loads (requests per server, sessions per node…).
 * An empty array, or all zeros, yields { maxOverMean: 1, cov: 0, jain: 1 }:
 * with nothing to share there is nothing to be unfair about, and this keeps
 * the "1 / 0 / 1 = even" reading instead of NaNs in reports.
 * Throws on negative or non-finite values (a load cannot be negative).
 */
export function skew(values: readonly number[]): SkewFigures {
  let sum = 0;
  let sumSq = 0;
  let max = 0;
  for (const x of values) {
    if (!(x >= 0 && Number.isFinite(x))) throw new RangeError(`skew: values must be non-negative and finite, got ${x}`);
    sum += x;
    sumSq += x * x;
    if (x > max) max = x;
  }
  const n = values.length;
  if (sum === 0) return { maxOverMean: 1, cov: 0, jain: 1 };
  const m = sum / n;
  // Two-pass variance: numerically safer than sumSq/n - m² for near-equal loads.
  let ss = 0;
  for (const x of values) ss += (x - m) * (x - m);
  return { maxOverMean: max / m, cov: Math.sqrt(ss / n) / m, jain: (sum * sum) / (n * sumSq) };
}

/** Arithmetic mean; NaN for an empty array. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  let s = 0;
  for (const x of values) s += x;
  return s / values.length;
}

/** Unbiased sample variance (n − 1 denominator, two-pass); NaN when n < 2. */
export function sampleVariance(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return NaN;
  const m = mean(values);
  let ss = 0;
  for (const x of values) ss += (x - m) * (x - m);
  return ss / (n - 1);
}

// ---------------------------------------------------------------------------
// Special functions

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0: Lanczos approximation (g = 7, n = 9), ~1e-15 relative; reflection below 0.5. */
function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) a += LANCZOS[i]! / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

const EPS = 1e-16;
const TINY = 1e-300;

/**
 * Regularized upper incomplete gamma Q(a, x), Numerical Recipes §6.2: power
 * series for P when x < a + 1, else Legendre's continued fraction (modified Lentz).
 */
function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const prefix = Math.exp(-x + a * Math.log(x) - logGamma(a));
  if (x < a + 1) {
    let ap = a;
    let del = 1 / a;
    let sum = del;
    for (let i = 0; i < 1000 && Math.abs(del) > Math.abs(sum) * EPS; i++) {
      ap++;
      del *= x / ap;
      sum += del;
    }
    return 1 - sum * prefix;
  }
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return prefix * h;
}

/** Standard normal lower tail Φ(x) for x ≤ 0, via erfc(u) = Q(1/2, u²): no cancellation in the tail. */
function normalLowerTail(x: number): number {
  return 0.5 * gammaQ(0.5, (x * x) / 2);
}

/** Continued fraction for the incomplete beta function (Numerical Recipes §6.4, modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  // Converges in O(sqrt(max(a, b))) iterations; a ≤ 5e4 here.
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/**
 * Regularized incomplete beta I_x(a, b). Takes x and 1 − x separately so callers
 * can pass an accurately computed complement.
 */
function incompleteBeta(a: number, b: number, x: number, oneMinusX: number): number {
  if (x <= 0) return 0;
  if (oneMinusX <= 0) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(oneMinusX));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, oneMinusX)) / b;
}

/** Student t upper tail P(T > t) for t ≥ 0: ½·I_{ν/(ν+t²)}(ν/2, ½) (Abramowitz & Stegun 26.7.1, 26.5.27). */
function studentTUpperTail(t: number, df: number): number {
  const denom = df + t * t;
  return 0.5 * incompleteBeta(df / 2, 0.5, df / denom, (t * t) / denom);
}

// ---------------------------------------------------------------------------
// Quantiles

// Acklam's rational approximations for the inverse normal CDF (relative error 1.15e-9).
const ACKLAM_A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const ACKLAM_B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const ACKLAM_C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const ACKLAM_D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const ACKLAM_P_LOW = 0.02425;

/** Inverse normal CDF restricted to 0 < p ≤ 0.5 (result ≤ 0). */
function lowerNormalQuantile(p: number): number {
  const [a0, a1, a2, a3, a4, a5] = ACKLAM_A as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = ACKLAM_B as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = ACKLAM_C as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = ACKLAM_D as [number, number, number, number];
  let x: number;
  if (p < ACKLAM_P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  } else {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
  }
  // One Halley step on Φ(x) − p (Acklam's refinement) brings the error to ~1e-15.
  const e = normalLowerTail(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  if (Number.isFinite(u)) x -= u / (1 + (x * u) / 2);
  return x;
}

/**
 * Inverse standard normal CDF: Acklam's algorithm plus one Halley refinement
 * step using an accurate Φ, |error| < 1e-9 (in practice ~1e-15).
 * p = 0 → −∞, p = 1 → +∞, p outside [0, 1] → NaN.
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  // Work in the lower half: 1 − p is exact for p ≥ 0.5 (Sterbenz), and the lower tail has no cancellation.
  return p < 0.5 ? lowerNormalQuantile(p) : -lowerNormalQuantile(1 - p);
}

/** Cornish–Fisher expansion of the t quantile around the normal one (Abramowitz & Stegun 26.7.5). */
function cornishFisherT(z: number, df: number): number {
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
  const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160;
  return z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df;
}

/** Beyond this many degrees of freedom the Cornish–Fisher series alone is exact to double precision. */
const CORNISH_FISHER_ONLY_DF = 1e5;

/**
 * Quantile of Student's t distribution with `degreesOfFreedom` (> 0, need not be
 * an integer): the t with P(T ≤ t) = p.
 *
 * Method: closed forms for ν = 1 (Cauchy: cot(πα)) and ν = 2 (α-form of
 * (2p−1)/√(2p(1−p))); otherwise the Cornish–Fisher expansion (A&S 26.7.5) gives
 * a starting value that Newton's method refines against the exact tail
 * P(T > t) = ½·I_{ν/(ν+t²)}(ν/2, ½), i.e. it inverts the regularized incomplete
 * beta function (evaluated by its continued fraction, Numerical Recipes §6.4).
 * The iteration is safeguarded by bisection. For ν > 1e5 the expansion alone is
 * used (its truncation error, O(z¹¹/ν⁵), is far below double precision); ν = ∞
 * gives the normal quantile. Accuracy ~1e-12 relative, well inside 1e-6.
 */
export function studentTQuantile(p: number, degreesOfFreedom: number): number {
  const df = degreesOfFreedom;
  if (!(p >= 0 && p <= 1) || !(df > 0)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (df === Infinity) return normalQuantile(p);
  // Symmetry: solve for the upper tail area alpha < 0.5, which 1 − p gives exactly.
  const sign = p < 0.5 ? -1 : 1;
  const alpha = p < 0.5 ? p : 1 - p;
  if (df === 1) return sign / Math.tan(Math.PI * alpha);
  if (df === 2) return (sign * (1 - 2 * alpha)) / Math.sqrt(2 * alpha * (1 - alpha));

  let t = cornishFisherT(-lowerNormalQuantile(alpha), df);
  if (df > CORNISH_FISHER_ONLY_DF) return sign * t;

  const logDensityNorm = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  if (!(t > 0 && Number.isFinite(t))) t = 1;
  let lo = 0;
  let hi = Infinity;
  for (let i = 0; i < 200; i++) {
    const g = studentTUpperTail(t, df) - alpha; // decreasing in t
    if (g === 0) break;
    if (g > 0) lo = t;
    else hi = t;
    const density = Math.exp(logDensityNorm - ((df + 1) / 2) * Math.log1p((t * t) / df));
    let next = t + g / density; // Newton: t − g/g′ with g′ = −density
    if (!(next > lo && next < hi)) next = hi === Infinity ? 2 * t : (lo + hi) / 2;
    const done = Math.abs(next - t) <= 1e-13 * next;
    t = next;
    if (done) break;
  }
  return sign * t;
}

// ---------------------------------------------------------------------------
// Replication summaries

export interface Interval {
  mean: number;
  ci95: [number, number];
  n: number;
  halfWidth: number;
}

/**
 * Two-sided 95% Student-t confidence interval for the mean of independent
 * observations (e.g. one figure per replication): mean ± t(0.975, n−1)·s/√n.
 * n = 1: no spread can be estimated; by convention halfWidth = 0 and
 * ci95 = [mean, mean] — callers should show n next to the interval.
 * n = 0: everything NaN.
 */
export function confidenceInterval95(values: readonly number[]): Interval {
  const n = values.length;
  const m = mean(values);
  if (n === 0) return { mean: NaN, ci95: [NaN, NaN], n, halfWidth: NaN };
  if (n === 1) return { mean: m, ci95: [m, m], n, halfWidth: 0 };
  const halfWidth = studentTQuantile(0.975, n - 1) * Math.sqrt(sampleVariance(values) / n);
  return { mean: m, ci95: [m - halfWidth, m + halfWidth], n, halfWidth };
}

/**
 * MSER-5 warm-up truncation (White 1997; White, Cobb & Spratt 2000).
 * The series is cut into k batches of 5 consecutive points (a trailing partial
 * batch is ignored) and batch means Z_1..Z_k are formed. For each candidate
 * d, MSER(d) = Σ_{j>d} (Z_j − Z̄_d)² / (k − d)², the squared standard error of
 * the mean of the batches kept; the smallest d minimising it is returned
 * (ties → earliest). d ranges over [0, floor(k/2)] as usual, and also keeps at
 * least two batches (k − d ≥ 2), since a single remaining batch has a zero
 * "variance" that would always win. Fewer than 3 batches → no truncation.
 * Returns d and the number of raw points to drop, 5·d.
 */
export function mser5(series: readonly number[]): { truncateBatches: number; truncatePoints: number } {
  const BATCH = 5;
  const k = Math.floor(series.length / BATCH);
  const maxD = Math.min(Math.floor(k / 2), k - 2);
  if (maxD <= 0) return { truncateBatches: 0, truncatePoints: 0 };

  const batchMeans = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let i = 0; i < BATCH; i++) s += series[j * BATCH + i]!;
    batchMeans[j] = s / BATCH;
  }

  // Welford's update run backwards gives, for every d, the sum of squared
  // deviations of Z_{d+1..k} in O(k) total and without cancellation.
  const mserOf = new Float64Array(maxD + 1);
  let count = 0;
  let runMean = 0;
  let m2 = 0;
  for (let j = k - 1; j >= 0; j--) {
    const z = batchMeans[j]!;
    count++;
    const delta = z - runMean;
    runMean += delta / count;
    m2 += delta * (z - runMean);
    if (j <= maxD) mserOf[j] = m2 / (count * count);
  }
  let best = 0;
  for (let d = 1; d <= maxD; d++) if (mserOf[d]! < mserOf[best]!) best = d;
  return { truncateBatches: best, truncatePoints: BATCH * best };
}
