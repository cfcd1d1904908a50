/**
 * The latency distribution as a percentile plot with a log tail axis, as HdrHistogram plots
 * it (Gil Tene's HistogramLogAnalyzer and hdrhistogram.github.io/HdrHistogram/plotFiles.html):
 * x = −log10(1 − p), so 0, 90, 99, 99.9 and 99.99 % are equally spaced and the tail, where
 * strategies differ, takes most of the width; y is the response time in ms on a linear axis,
 * so a p99 can be read off the grid. The quantiles are the histogram's (within its 1 %
 * relative error) when the run carries it, else the CDF points of the JSON.
 */
import type { StrategyResult } from '../experiment/run.js';
import { lineChart, type Series } from './svg.js';
import type { SeriesStyle } from './palette.js';

/** The percentiles the axis marks (p), and how they are written. */
export const PERCENTILE_TICKS: ReadonlyArray<{ p: number; text: string }> = [
  { p: 0, text: '0%' },
  { p: 0.9, text: '90%' },
  { p: 0.99, text: '99%' },
  { p: 0.999, text: '99.9%' },
  { p: 0.9999, text: '99.99%' },
];

/** Where percentile p sits on the tail axis: −log10(1 − p) (0 → 0, 90 % → 1, 99 % → 2, …). */
export const tailX = (p: number) => -Math.log10(1 - p);
/** The percentile at tail-axis position x. */
export const tailP = (x: number) => 1 - 10 ** -x;

/** The smallest latency (ms) with at least share p of requests at or below it, from [ms, share ≤ ms] points. */
export function quantileFromCdf(cdf: ReadonlyArray<readonly [number, number]>, p: number): number | null {
  if (cdf.length === 0) return null;
  for (const [ms, share] of cdf) if (share >= p - 1e-12) return ms;
  return cdf[cdf.length - 1]![0];
}

/** Points [tail x, ms] from p = 0 to 99.99 %, every 0.05 on the tail axis. */
export function percentilePoints(s: Pick<StrategyResult, 'latencyCdf' | 'latencyHistogram'>): Array<[number, number | null]> {
  const h = s.latencyHistogram;
  const top = tailX(PERCENTILE_TICKS[PERCENTILE_TICKS.length - 1]!.p);
  const out: Array<[number, number | null]> = [];
  for (let k = 0; k <= Math.round(top / 0.05); k++) {
    const x = +(k * 0.05).toFixed(2);
    const p = tailP(x);
    const ms = h !== undefined && h.count > 0 ? Math.round(h.quantile(p) * 1000 * 10000) / 10000 : quantileFromCdf(s.latencyCdf, p);
    out.push([x, ms]);
  }
  return out;
}

export function percentileChart(strategies: readonly StrategyResult[], styleOf: (name: string) => SeriesStyle): string {
  const series: Series[] = strategies.map((s) => ({ name: s.name, ...styleOf(s.name), points: percentilePoints(s) }));
  return percentileAxisChart(series, 'Latency by percentile per strategy');
}

/** Series of [tail x, ms] points on the percentile axis (0 to 99.99 %), the single run's and the replicated report's. */
export function percentileAxisChart(series: readonly Series[], title: string): string {
  return lineChart(series, {
    title,
    xLabel: 'percentile of successful requests (log tail axis: each step is ten times rarer)',
    yLabel: 'response time, ms',
    xMin: 0,
    xMax: tailX(0.9999),
    xTicks: PERCENTILE_TICKS.map((t) => tailX(t.p)),
    xFormat: (x) => PERCENTILE_TICKS.find((t) => Math.abs(tailX(t.p) - x) < 1e-9)?.text ?? '',
    yFormat: (y) => String(+y.toPrecision(6)),
    height: 300,
  });
}
