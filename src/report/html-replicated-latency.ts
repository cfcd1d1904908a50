/**
 * The replicated report's latency distribution: the percentile plot of the single-run report
 * (chart-percentile.ts: x = −log10(1 − p), HdrHistogram's tail axis), where each strategy's
 * line is, at every percentile, the mean over the replications of that replication's
 * quantile, and its band the 95% Student-t interval of that mean. The quantiles come from
 * each replication's own latency histogram (within its 1 % relative error).
 */
import { LatencyHistogram } from '../metrics/histogram.js';
import { windowBands } from '../metrics/window-bands.js';
import type { ReplicatedResult } from '../experiment/replications.js';
import { percentileAxisChart, percentilePoints } from './chart-percentile.js';
import type { SeriesStyle } from './palette.js';
import type { Series } from './svg.js';

/** Per strategy: [tail x, mean ms, lo, hi] at each percentile every replication has a quantile for. */
export function replicatedPercentiles(result: ReplicatedResult, s: number): Array<[number, number, number, number]> {
  const curves = result.runs.map((r) => percentilePoints({ latencyCdf: [], latencyHistogram: LatencyHistogram.fromJSON(r.strategies[s]!.latency) }));
  const xs = curves[0]?.map((p) => p[0]) ?? [];
  // A percentile is drawn where every replication answered requests (a quantile exists).
  const kept = xs.map((_, k) => k).filter((k) => curves.every((c) => c[k]?.[1] !== null && c[k]?.[1] !== undefined));
  if (curves.length < 2 || kept.length === 0) return [];
  const bands = windowBands(curves.map((c) => kept.map((k) => c[k]![1]!)));
  return kept.map((k, i) => [xs[k]!, bands[i]!.mean, bands[i]!.lo, bands[i]!.hi]);
}

export function replicatedPercentileChart(result: ReplicatedResult, style: (i: number) => SeriesStyle): string {
  const series: Series[] = result.strategies.map((st, s) => {
    const points = replicatedPercentiles(result, s);
    return { name: st.name, ...style(s), points: points.map(([x, m]) => [x, m] as [number, number]), band: points.map(([x, , lo, hi]) => [x, lo, hi] as const) };
  });
  return percentileAxisChart(series, 'Latency by percentile per strategy, over the replications');
}
