/**
 * Any metric of the JSON contract as a report column, by its path: how it is headed and
 * formatted, single-run and replicated. A scenario's `highlight` names paths; those the
 * table's own columns (COLUMNS, DETAIL_COLUMNS) do not already show get a column from here,
 * so a metric added to StrategyMetrics can be highlighted without new report code.
 */
import { metricAt, unitOf } from '../metrics/metric-paths.js';
import type { StrategyResult } from '../experiment/run.js';

/** How a figure reads: a count, a share (0–1, shown in %), milliseconds, a ratio, bytes, seconds, a rate per second. */
export type MetricKind = 'count' | 'share' | 'ms' | 'ratio' | 'bytes' | 'seconds' | 'per-second' | 'usd';

/** How the report reads a metric, from the unit the JSON reports it in (metric-paths.ts). */
export function kindOf(path: string): MetricKind {
  const unit = unitOf(path);
  switch (unit) {
    case 'ratio':
      return 'share';
    case 's':
      return 'seconds';
    case 'number':
      return 'ratio';
    default:
      return unit;
  }
}

export function formatBytes(v: number): string {
  if (v >= 1024 * 1024) return `${(v / 1024 / 1024).toFixed(1)} MB`;
  if (v >= 1024) return `${(v / 1024).toFixed(0)} KB`;
  return `${Math.round(v)} B`;
}

/** A single run's figure as the table prints it. */
export function formatMetric(v: number, kind: MetricKind, path = ''): string {
  switch (kind) {
    case 'share':
      return v === 0 ? '0' : `${(v * 100).toFixed(v < 0.0001 ? 4 : 2)}%`;
    case 'ms':
      return v.toFixed(1);
    case 'bytes':
      return formatBytes(v);
    case 'ratio':
      return v.toFixed(path === 'skew.jain' ? 3 : 2);
    case 'seconds':
      return v.toFixed(0);
    case 'per-second':
      return Number.isInteger(v) ? String(v) : v.toFixed(1);
    case 'usd':
      return `$${v.toFixed(2)}`;
    default:
      return Number.isInteger(v) ? String(v) : String(+v.toPrecision(4));
  }
}

/** Scale, decimals when the interval gives none, and suffix of a replicated figure ("12.3% ±0.4"). */
export function intervalStyle(kind: MetricKind, path = ''): { scale: number; decimals: number; suffix: string } {
  switch (kind) {
    case 'share':
      return { scale: 100, decimals: 2, suffix: '%' };
    case 'ms':
    case 'usd':
      return { scale: 1, decimals: 1, suffix: '' };
    case 'ratio':
      return { scale: 1, decimals: path === 'skew.jain' ? 3 : 2, suffix: '' };
    case 'bytes':
      return { scale: 1 / 1024, decimals: 0, suffix: ' KB' };
    case 'seconds':
    case 'count':
      return { scale: 1, decimals: 0, suffix: '' };
    default:
      return { scale: 1, decimals: 1, suffix: '' };
  }
}

/** Unit of a paired difference: percentage points for shares. */
export function differenceUnit(kind: MetricKind): string {
  return kind === 'share' ? ' pp' : kind === 'ms' ? ' ms' : kind === 'seconds' ? ' s' : kind === 'bytes' ? ' KB' : '';
}

/** "security.revokedTokenRejections" → "revoked token\nrejections"; "lossByCause.store-loss" → "lost to\nstore-loss". */
export function headFor(path: string): string {
  const [group, leaf = group] = [path.slice(0, path.lastIndexOf('.')), path.slice(path.lastIndexOf('.') + 1)];
  if (group === 'lossByCause') return `lost to\n${leaf}`;
  if (group === 'failuresByReason') return `failed:\n${leaf}`;
  const words = leaf.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(' ');
  if (words.length === 1) return group === '' ? words[0]! : `${group}\n${words[0]}`;
  const half = Math.ceil(words.length / 2);
  return `${words.slice(0, half).join(' ')}\n${words.slice(half).join(' ')}`;
}

/** The head on one line ("revoked tokens accepted"), for sentences and the paired differences. */
export const headWords = (head: string) => head.replace(/\n/g, ' ').replace(' /', '/');

/** A column for any metric path (the shape of table.ts's Column). */
export function pathColumn(path: string) {
  const kind = kindOf(path);
  return {
    id: path,
    head: headFor(path),
    value: (s: StrategyResult) => metricAt<number>(s.metrics, path) ?? 0,
    format: (v: number) => formatMetric(v, kind, path),
    lowerIsBetter: null as boolean | null,
    paths: [path] as readonly string[],
  };
}
