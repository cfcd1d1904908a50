/**
 * A sweep in the terminal: one table per decision metric (session loss, p99, skew), then one
 * per figure the replicated table's detail block would show (the scenario's `highlight` and
 * the notable non-zero store, token and concurrency figures), rows the points, columns the
 * strategies, each cell `mean ±hw` (hw: the 95% interval's half-width over the point's
 * replications), so a reader scans down a column to see where a strategy crosses a target.
 */
import type { ChalkInstance } from 'chalk';
import { chalkFor } from './libraries.js';
import { DECISION_METRICS } from '../experiment/replications.js';
import type { SweepResult } from '../experiment/sweep.js';
import { leafFigure } from './sweep-metrics.js';
import { measuredWindow } from './measured.js';
import { valueText } from '../scenario/sweep-params.js';
import { toAscii } from './ascii.js';
import { asResult, figurePaths, plusMinus } from './intervals.js';
import { COLUMNS, detailColumnsFor, highlightOf, wrap } from './table.js';
import { differenceUnit, headFor, headWords, intervalStyle, kindOf } from './highlights.js';
import { isFigure } from '../metrics/aggregate.js';
import { metricAt } from '../metrics/metric-paths.js';

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
  'cost.perHour': { scale: 1, decimals: 2, unit: 'USD' },
};

/** Any other metric as the replicated tables show it (highlights.ts): shares in %, bytes in KB, seconds, counts. */
export function displayOf(path: string): { scale: number; decimals: number; unit: string } {
  const fixed = METRIC_DISPLAY[path];
  if (fixed !== undefined) return fixed;
  const kind = kindOf(path);
  const style = intervalStyle(kind, path);
  return { scale: style.scale, decimals: style.decimals, unit: kind === 'share' ? '%' : differenceUnit(kind).trim() };
}

/** The single-run columns the decision metrics' tables already show (a highlight of lostSessions needs no table of its own). */
const DECISION_COLUMNS = COLUMNS.filter((c) => DECISION_METRICS.some((m) => c.paths?.includes(m.path) === true));

/**
 * The decision metrics, the cost per hour when the scenario has `prices` (issue 11: cost in
 * sweeps), then the replicated table's detail block (table.ts detailColumnsFor) chosen on the
 * means of every point, so a figure notable at any point gets its table (issue 13).
 */
export function tableMetrics(result: SweepResult): { path: string; label: string }[] {
  const out: { path: string; label: string }[] = DECISION_METRICS.map((m) => ({ path: m.path, label: m.label }));
  const first = result.points[0]?.strategies[0]?.metrics;
  if ((first as { cost?: unknown } | undefined)?.cost !== undefined) out.push({ path: 'cost.perHour', label: 'cost per hour' });
  if (first === undefined) return out;
  const means = result.points.flatMap((p) => p.strategies.map(asResult));
  const highlight = highlightOf({ config: result.scenario.resolved as { highlight?: readonly string[] } | undefined });
  for (const c of detailColumnsFor(means, highlight, DECISION_COLUMNS)) {
    const paths = figurePaths(c);
    for (const path of paths) {
      if (out.some((m) => m.path === path) || !isFigure(metricAt(first, path))) continue;
      // The column's head ("revocation\nexposure s") on one line, its unit in the title's brackets instead.
      const words = headWords(paths.length === 1 ? c.head : headFor(path));
      const unit = displayOf(path).unit;
      out.push({ path, label: unit !== '' && words.endsWith(` ${unit}`) ? words.slice(0, -unit.length - 1) : words });
    }
  }
  return out;
}

export function renderSweepTable(result: SweepResult, options: SweepTableOptions): string {
  const chalk = chalkFor(options.color);
  const width = options.width ?? 80;
  const { scenario, sweep } = result;
  const names = result.points[0]?.strategies.map((s) => s.name) ?? [];
  const about =
    `${sweep.points} points × ${sweep.replications.n} replications, ${measuredWindow(scenario)}, seed ${scenario.seed} (mean ±95% CI half-width; the same seeds at every point)`;
  const lines = [wrap(chalk.bold(`${scenario.name}: sweep of ${sweep.params.map((p) => p.path).join(' × ')}`), width), wrap(chalk.dim(about), width), ''];
  // One column per param, headed by its last segment when that is unambiguous ("count").
  const last = sweep.params.map((p) => p.path.split('.').pop()!);
  const pointHeads = sweep.params.map((p, i) => (last.filter((l) => l === last[i]).length === 1 ? last[i]! : p.path));
  const pointCells = result.points.map((p) => sweep.params.map((q) => valueText(p.params[q.path])));
  for (const m of tableMetrics(result)) {
    const d = displayOf(m.path);
    const cells = result.points.map((p) => p.strategies.map((s) => plusMinus(leafFigure(s.metrics, m.path), d.scale, d.decimals)).map((c) => (options.ascii ? toAscii(c) : c)));
    lines.push(chalk.bold(`${m.label}${d.unit === '' ? '' : ` (${d.unit})`}`));
    // Strategies in groups that fit the width, the point columns repeated in each.
    for (const group of fitColumns(pointHeads, pointCells, names, cells, width)) {
      lines.push(...layout([...pointHeads, ...group.map((g) => names[g]!)], pointCells.map((pc, r) => [...pc, ...group.map((g) => cells[r]![g]!)]), pointHeads.length, chalk), '');
    }
  }
  const warnings = new Set(result.points.flatMap((p) => p.warnings.map((w) => w.message)));
  if (warnings.size > 0) lines.push(wrap(chalk.dim(`${warnings.size} warning${warnings.size === 1 ? '' : 's'} at some points (see --format json): ${[...warnings][0]}`), width), '');
  const text = lines.join('\n');
  return options.ascii ? toAscii(text) : text;
}

const widthOf = (head: string, cells: readonly string[]) => Math.max(head.length, ...cells.map((c) => c.length));

/** Indices of the strategies, grouped so that the point columns and each group fit `width` (at least one per group). */
function fitColumns(pointHeads: readonly string[], pointCells: readonly string[][], names: readonly string[], cells: readonly string[][], width: number): number[][] {
  const fixed = pointHeads.reduce((w, h, i) => w + widthOf(h, pointCells.map((r) => r[i]!)) + 2, 0);
  const groups: number[][] = [];
  let current: number[] = [];
  let used = fixed;
  names.forEach((n, s) => {
    const w = widthOf(n, cells.map((r) => r[s]!)) + 2;
    if (current.length > 0 && used + w - 2 > width) {
      groups.push(current);
      current = [];
      used = fixed;
    }
    current.push(s);
    used += w;
  });
  if (current.length > 0) groups.push(current);
  return groups;
}

/** Columns padded to their widest cell, the point columns left-aligned, figures right-aligned. */
function layout(head: readonly string[], rows: readonly string[][], leftColumns: number, chalk: ChalkInstance): string[] {
  const widths = head.map((h, i) => widthOf(h, rows.map((r) => r[i]!)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i < leftColumns ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [chalk.cyan(line(head)), chalk.dim(widths.map((w) => '-'.repeat(w)).join('  ')), ...rows.map(line)];
}
