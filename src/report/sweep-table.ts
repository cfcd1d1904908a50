/**
 * A sweep in the terminal: one table per decision metric (session loss, p99, skew), rows the
 * points, columns the strategies, each cell `mean ±hw` (hw: the 95% interval's half-width
 * over the point's replications), so a reader scans down a column to see where a strategy
 * crosses a target.
 */
import { Chalk } from 'chalk';
import { DECISION_METRICS } from '../experiment/replications.js';
import type { SweepResult } from '../experiment/sweep.js';
import { leafFigure } from './sweep-metrics.js';
import { formatDuration } from '../scenario/units.js';
import { pointLabel, valueText } from '../scenario/sweep-params.js';
import { toAscii } from './ascii.js';
import { plusMinus } from './intervals.js';
import { wrap } from './table.js';

export interface SweepTableOptions {
  color: boolean;
  ascii?: boolean;
  width?: number;
}

/** How each decision metric is shown: scale, decimals when the interval is 0, unit. */
export const METRIC_DISPLAY: Record<string, { scale: number; decimals: number; unit: string }> = {
  sessionLossRate: { scale: 100, decimals: 2, unit: '%' },
  failedRate: { scale: 100, decimals: 2, unit: '%' },
  'latency.p99': { scale: 1, decimals: 1, unit: 'ms' },
  'skew.maxOverMean': { scale: 1, decimals: 2, unit: '' },
};

export function displayOf(path: string): { scale: number; decimals: number; unit: string } {
  return METRIC_DISPLAY[path] ?? (path.startsWith('latency.') ? { scale: 1, decimals: 1, unit: 'ms' } : { scale: 1, decimals: 2, unit: '' });
}

export function renderSweepTable(result: SweepResult, options: SweepTableOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const width = options.width ?? 80;
  const { scenario, sweep } = result;
  const names = result.points[0]?.strategies.map((s) => s.name) ?? [];
  const single = sweep.params.length === 1;
  const about =
    `${sweep.points} points × ${sweep.replications.n} replications, ${formatDuration(scenario.duration - scenario.warmup)} measured after ` +
    `${formatDuration(scenario.warmup)} warm-up, seed ${scenario.seed} (mean ±95% CI half-width; the same seeds at every point)`;
  const lines = [chalk.bold(`${scenario.name}: sweep of ${sweep.params.map((p) => p.path).join(' × ')}`), wrap(chalk.dim(about), width), ''];
  for (const m of DECISION_METRICS) {
    const d = displayOf(m.path);
    const head = [single ? sweep.params[0]!.path : 'point', ...names];
    const rows = result.points.map((p) => [
      single ? valueText(p.params[sweep.params[0]!.path]) : pointLabel(sweep.params, Object.values(p.params)),
      ...p.strategies.map((s) => plusMinus(leafFigure(s.metrics, m.path), d.scale, d.decimals)),
    ].map((c) => (options.ascii ? toAscii(c) : c)));
    lines.push(chalk.bold(`${m.label}${d.unit === '' ? '' : ` (${d.unit})`}`), ...layout(head, rows, chalk), '');
  }
  const warnings = new Set(result.points.flatMap((p) => p.warnings.map((w) => w.message)));
  if (warnings.size > 0) lines.push(wrap(chalk.dim(`${warnings.size} warning${warnings.size === 1 ? '' : 's'} at some points (see --format json): ${[...warnings][0]}`), width), '');
  const text = lines.join('\n');
  return options.ascii ? toAscii(text) : text;
}

/** Columns padded to their widest cell, the first left-aligned, numbers right-aligned. */
function layout(head: readonly string[], rows: readonly string[][], chalk: InstanceType<typeof Chalk>): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [chalk.cyan(line(head)), chalk.dim(widths.map((w) => '-'.repeat(w)).join('  ')), ...rows.map(line)];
}
