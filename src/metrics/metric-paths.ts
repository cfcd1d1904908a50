/**
 * The metrics of the JSON contract by path ("security.revokedTokenAcceptances",
 * "lossByCause.store-loss"): what a scenario's `highlight` may name and what the reports
 * look up. Read off an empty recorder's summary, so a metric added to StrategyMetrics is a
 * path here without a list to keep.
 */
import { MetricsRecorder, type StrategyMetrics } from './run-metrics.js';

function leaves(value: unknown, prefix: string, out: string[]): string[] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) leaves(v, prefix === '' ? k : `${prefix}.${k}`, out);
  } else if (typeof value === 'number') {
    out.push(prefix);
  }
  return out;
}

/** Every numeric metric's path, in the JSON's key order. */
export const METRIC_PATHS: readonly [string, ...string[]] = leaves(new MetricsRecorder({ warmup: 0, duration: 1, serverCount: 1, window: 1 }).summary(), '', []) as [string, ...string[]];

/** The value at `path` in a tree shaped like the metrics (the figures, or their intervals). */
export function metricAt<T = number>(metrics: object, path: string): T | undefined {
  let v: unknown = metrics;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v as T | undefined;
}

export type { StrategyMetrics };
