/**
 * The metrics of the JSON contract by path ("latency.p99", "store.peakOpsPerSecond") with the
 * unit each is reported in, so a target (`slo`) or a plan can name any of them and a bound
 * written in the file's units ("200ms", "1%", "4KB") is converted into the JSON's.
 *
 * The list is read off an empty run's summary, so a metric added to StrategyMetrics is a
 * valid target without touching this file; only its unit may need a rule below.
 */
import { MetricsRecorder } from './run-metrics.js';
import type { CostFigures, StrategyMetrics } from './strategy-metrics.js';

/** ms: milliseconds; s: seconds; ratio: a share in [0, 1]; usd: US dollars. */
export type MetricUnit = 'ms' | 's' | 'ratio' | 'bytes' | 'per-second' | 'count' | 'number' | 'usd';

/** The money figures (`cost.*`), present only when the scenario has a `prices` block. */
export const COST_PATHS = ['cost.perHour', 'cost.perMonth', 'cost.perMillionRequests'] as const;

function numericLeaves(value: unknown, prefix: string, out: string[]): string[] {
  if (typeof value === 'number') out.push(prefix);
  else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) numericLeaves(v, prefix === '' ? k : `${prefix}.${k}`, out);
  }
  return out;
}

let cached: readonly string[] | undefined;

/** Every numeric metric path, in the JSON's key order (cost paths last). */
export function metricPaths(): readonly string[] {
  if (cached === undefined) {
    const empty: StrategyMetrics = new MetricsRecorder({ warmup: 0, duration: 1, serverCount: 1, window: 1, workers: 1 }).summary();
    cached = [...numericLeaves(empty, '', []), ...COST_PATHS];
  }
  return cached;
}

export function isMetricPath(path: string): boolean {
  return metricPaths().includes(path);
}

/** The unit a metric is reported in (the JSON's). */
export function unitOf(path: string): MetricUnit {
  if (path.startsWith('cost.')) return 'usd';
  if (path.startsWith('latency.') || path.endsWith('Ms')) return 'ms';
  if (path === 'security.revocationExposure') return 's';
  if (path.endsWith('Rate') || path.endsWith('Share') || path.startsWith('utilization.')) return 'ratio';
  if (path.endsWith('Bytes') || path.startsWith('bandwidth.')) return 'bytes';
  if (path === 'throughput' || path.endsWith('PerSecond')) return 'per-second';
  if (path.startsWith('skew.') || path === 'meanActiveSessions') return 'number';
  return 'count';
}

/** The counts that are not whole numbers: server-hours and seconds above the autoscaler's target (times), the mean number of servers. */
const FRACTIONAL_COUNTS: ReadonlySet<string> = new Set(['fleet.serverHours', 'fleet.meanServers', 'fleet.secondsAboveTarget']);

/** Every field of the money block: a field added to CostFigures must be added here (the type says so). */
const COST_FIELDS: Record<keyof CostFigures, true> = { perHour: true, perMonth: true, perMillionRequests: true, servers: true, store: true, tokenService: true, egress: true };

let optional: readonly string[] | undefined;

/**
 * The figures a run has only with an autoscaler (fleet.scaleOuts, fleet.scaleIns,
 * fleet.secondsAboveTarget) or with prices (every cost.* field), besides metricPaths():
 * with those, every numeric leaf a run's metrics can hold.
 */
export function optionalMetricPaths(): readonly string[] {
  if (optional === undefined) {
    const scaled = new MetricsRecorder({ warmup: 0, duration: 1, serverCount: 1, window: 1, workers: 1, autoscaler: true }).summary();
    const always = new Set(metricPaths());
    optional = [...numericLeaves(scaled, '', []).filter((p) => !always.has(p)), ...Object.keys(COST_FIELDS).map((k) => `cost.${k}`).filter((p) => !always.has(p))];
  }
  return optional;
}

/** Whether the figure at `path` is a whole number in every run: requests, sessions, losses, store operations, servers. */
export function isWholeCount(path: string): boolean {
  return unitOf(path) === 'count' && !FRACTIONAL_COUNTS.has(path);
}

/** The value at `path` in a tree shaped like the metrics (the figures, their intervals or their differences). */
export function metricAt<T = number>(metrics: object, path: string): T | undefined {
  let v: unknown = metrics;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v as T | undefined;
}
