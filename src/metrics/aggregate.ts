/**
 * Summaries across independent replications: every figure becomes its mean with a Student-t
 * confidence interval; latency histograms are merged into the pooled distribution; paired
 * differences between two strategies of the same replications (common random numbers).
 *
 * Why a t interval across replications is honest: each replication is an independent run
 * (its own seed), so its figure is one i.i.d. observation of the run's output; the
 * observations inside one run (request latencies, windows) are autocorrelated and would give
 * intervals far too narrow. The t interval assumes the replication means are roughly normal,
 * which the central limit theorem gives for figures that are averages over a long run.
 */
import { LatencyHistogram, type HistogramJSON } from './histogram.js';
import { round } from './strategy-metrics.js';
import { mean, sampleVariance, studentTQuantile } from './statistics.js';

/** How a number of the single-run output is reported across replications. */
export interface IntervalFigure {
  mean: number;
  /** Two-sided 95% Student-t interval for the mean over replications. */
  ci95: [number, number];
  /** Replications behind it. */
  n: number;
}

/** A paired difference (strategy − baseline) with its interval. */
export interface DifferenceFigure extends IntervalFigure {
  /** The interval excludes 0 (a paired t-test at the 5% level rejects "no difference"). */
  significant: boolean;
}

/** Every numeric leaf of T replaced by an IntervalFigure; other leaves are kept as they are. */
export type IntervalTree<T> = {
  [K in keyof T]: T[K] extends number ? IntervalFigure : T[K] extends readonly unknown[] ? T[K] : T[K] extends object ? IntervalTree<T[K]> : T[K];
};

/** Significant digits of the means and bounds in reports (keeps JSON readable and byte-stable). */
export const FIGURE_DIGITS = 6;

export interface RawInterval {
  mean: number;
  lo: number;
  hi: number;
  halfWidth: number;
  n: number;
}

/**
 * mean ± t(1 − (1 − level)/2, n − 1)·s/√n for independent observations. With n < 2 there is
 * no spread to estimate: halfWidth is NaN (callers must not present it as exact).
 */
export function confidenceInterval(values: readonly number[], level = 0.95): RawInterval {
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
  const n = values.length;
  const m = mean(values);
  if (n < 2) return { mean: m, lo: NaN, hi: NaN, halfWidth: NaN, n };
  // Scaled by the largest magnitude so squares of huge figures (a queue delay of 1e200 s) do not
  // overflow to Infinity, which JSON would carry as null: the interval of finite data is finite.
  let scale = 0;
  for (const v of values) scale = Math.max(scale, Math.abs(v));
  const unit = scale > 0 && Number.isFinite(scale) ? scale : 1;
  const halfWidth = studentTQuantile(1 - (1 - level) / 2, n - 1) * unit * Math.sqrt(sampleVariance(values.map((v) => v / unit)) / n);
  return { mean: m, lo: m - halfWidth, hi: m + halfWidth, halfWidth, n };
}

/** The JSON figure { mean, ci95, n } of replication values (needs n >= 2). */
export function intervalFigure(values: readonly number[]): IntervalFigure {
  if (values.length < 2) throw new RangeError(`an interval needs at least 2 replications, got ${values.length}`);
  const ci = confidenceInterval(values);
  return { mean: round(ci.mean, FIGURE_DIGITS), ci95: [round(ci.lo, FIGURE_DIGITS), round(ci.hi, FIGURE_DIGITS)], n: ci.n };
}

/** Half-width of a reported figure. */
export function halfWidthOf(f: IntervalFigure): number {
  return (f.ci95[1] - f.ci95[0]) / 2;
}

/**
 * The figures of several replications (same shape, e.g. StrategyMetrics) → one tree where
 * every numeric leaf is { mean, ci95, n }. Nested objects keep their shape and key order
 * (that of replication 0); arrays, strings and booleans are taken from replication 0.
 */
export function aggregateTree<T extends object>(samples: readonly T[]): IntervalTree<T> {
  if (samples.length < 2) throw new RangeError(`an interval needs at least 2 replications, got ${samples.length}`);
  return aggregateNode(samples as readonly Record<string, unknown>[]) as IntervalTree<T>;
}

function aggregateNode(samples: readonly Record<string, unknown>[]): Record<string, unknown> {
  const first = samples[0]!;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(first)) {
    const v = first[key];
    if (typeof v === 'number') out[key] = intervalFigure(samples.map((s) => s[key] as number));
    else if (v !== null && typeof v === 'object' && !Array.isArray(v)) out[key] = aggregateNode(samples.map((s) => s[key] as Record<string, unknown>));
    else out[key] = v;
  }
  return out;
}

/** The tree of means (the shape of the single-run figures), e.g. for the verdict. */
export function meansOf<T extends object>(tree: IntervalTree<T>): T {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(tree as Record<string, unknown>)) {
    if (isFigure(v)) out[key] = v.mean;
    else if (v !== null && typeof v === 'object' && !Array.isArray(v)) out[key] = meansOf(v as IntervalTree<object>);
    else out[key] = v;
  }
  return out as T;
}

export function isFigure(v: unknown): v is IntervalFigure {
  return v !== null && typeof v === 'object' && 'ci95' in v && 'mean' in v && 'n' in v;
}

/** The number at a dotted path, e.g. leafAt(metrics, 'latency.p99'). */
export function leafAt(tree: object, path: string): number {
  let v: unknown = tree;
  for (const k of path.split('.')) v = (v as Record<string, unknown>)[k];
  if (typeof v !== 'number') throw new Error(`no number at "${path}"`);
  return v;
}

/** Paired difference a_i − b_i of the same replications (common random numbers). */
export function pairedDifference(a: readonly number[], b: readonly number[]): DifferenceFigure {
  if (a.length !== b.length) throw new RangeError(`paired samples differ in size: ${a.length} vs ${b.length}`);
  const d = a.map((x, i) => x - b[i]!);
  const ci = confidenceInterval(d);
  const significant = ci.lo > 0 || ci.hi < 0;
  return { mean: round(ci.mean, FIGURE_DIGITS), ci95: [round(ci.lo, FIGURE_DIGITS), round(ci.hi, FIGURE_DIGITS)], n: ci.n, significant };
}

/**
 * Welch's interval for mean(a) − mean(b) of independent samples (what unpaired runs would
 * give): half-width t(ν)·sqrt(s_a²/n_a + s_b²/n_b), ν from the Welch–Satterthwaite equation.
 */
export function unpairedDifference(a: readonly number[], b: readonly number[]): RawInterval {
  const va = sampleVariance(a) / a.length;
  const vb = sampleVariance(b) / b.length;
  const se2 = va + vb;
  const df = (se2 * se2) / ((va * va) / (a.length - 1) + (vb * vb) / (b.length - 1));
  const m = mean(a) - mean(b);
  const halfWidth = se2 === 0 ? 0 : studentTQuantile(0.975, df) * Math.sqrt(se2);
  return { mean: m, lo: m - halfWidth, hi: m + halfWidth, halfWidth, n: Math.min(a.length, b.length) };
}

/** Latency figures of the pooled distribution (all replications' samples), in ms. */
export interface PooledLatency {
  /** Successful requests behind it. */
  samples: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * Merge the replications' latency histograms (same bucket layout: merging is adding counts,
 * exact) and read the pooled percentiles, within the histogram's relative error.
 */
export function pooledLatency(histograms: readonly HistogramJSON[]): PooledLatency {
  const h = new LatencyHistogram(histograms[0]?.config ?? {});
  for (const j of histograms) h.merge(LatencyHistogram.fromJSON(j));
  const ms = (x: number) => (h.count === 0 ? 0 : round(x * 1000, FIGURE_DIGITS));
  return { samples: h.count, mean: ms(h.mean()), p50: ms(h.quantile(0.5)), p95: ms(h.quantile(0.95)), p99: ms(h.quantile(0.99)), max: ms(h.max()) };
}
