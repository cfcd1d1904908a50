/**
 * The comparison table: one row per strategy, the figures a reader decides on.
 * Colour marks the best (green) and worst (red) value of each column when they differ.
 */
import { measuredWindow } from './measured.js';
import type { ChalkInstance } from 'chalk';
import type { SimulationResult } from '../experiment/simulate.js';
import type { StrategyResult } from '../experiment/run.js';
import { answeredRequests } from '../metrics/strategy-metrics.js';
import { toAscii } from './ascii.js';
import { chalkFor, cliTable } from './libraries.js';
import { verdict } from './verdict.js';
import { pathColumn } from './highlights.js';
import { renderSloBlock, strategyMark } from './slo.js';
import { costRows, renderCostBlock } from './money.js';
import { DETAIL_COLUMNS, notableDetailColumns, renderStoreDetails } from './store-table.js';
import { scalingActionLines } from './scaling-actions.js';

/**
 * The page of --wide: a wide terminal, 132 columns (the VT100's wide mode, still the wide
 * preset of xterm and of terminal emulators). A box that would be wider is split into boxes.
 */
export const WIDE_WIDTH = 132;

export interface TableOptions {
  color: boolean;
  /**
   * Columns to show, by id (COLUMN_IDS), in this order; the strategy name always comes first.
   * Default: DEFAULT_COLUMNS, or the ten classic columns with `wide`.
   */
  columns?: readonly string[];
  /** The boxed layout with the ten classic columns, at most WIDE_WIDTH characters wide. */
  wide?: boolean;
  /** Plain ASCII rules and borders (no UTF-8 terminal). */
  ascii?: boolean;
  /** Wrap the verdict at this width (default 80). */
  width?: number;
}

export interface Column {
  /** Name for --columns. */
  id: string;
  head: string;
  value: (s: StrategyResult) => number;
  format: (v: number, s: StrategyResult) => string;
  /** Lower is better (true), higher is better (false), or no judgement (null). */
  lowerIsBetter: boolean | null;
  /** The metrics (JSON paths) the cell shows, the one it is judged by first: a highlight names them. */
  paths?: readonly string[];
}

const percent = (v: number) => (v === 0 ? '0' : v < 0.0001 ? `${(v * 100).toFixed(4)}%` : `${(v * 100).toFixed(2)}%`);

/** The text of a cell without a figure. */
/** A cell with no figure: no store, nobody answered (tables in every format print it, and never rate it). */
export const NO_VALUE = '-';

/** A latency figure in ms; "-" when the strategy answered no request successfully (the figure has no value). */
const latencyCell = (v: number, s: StrategyResult): string => (answeredRequests(s.metrics) === 0 ? NO_VALUE : v.toFixed(1));

export const COLUMNS: Column[] = [
  { id: 'sessions', head: 'sessions', value: (s) => s.metrics.sessions, format: (v) => String(v), lowerIsBetter: null, paths: ['sessions'] },
  {
    id: 'lost',
    head: 'lost\nsessions',
    value: (s) => s.metrics.sessionLossRate,
    format: (v, s) => `${s.metrics.lostSessions} (${percent(v)})`,
    lowerIsBetter: true,
    paths: ['sessionLossRate', 'lostSessions'],
  },
  {
    id: 'cause',
    head: 'main\nloss cause',
    value: () => 0,
    format: (_v, s) => {
      const top = Object.entries(s.metrics.lossByCause).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1])[0];
      return top ? top[0] : NO_VALUE;
    },
    lowerIsBetter: null,
    paths: ['lossByCause'],
  },
  {
    id: 'failed',
    head: 'failed\nrequests',
    value: (s) => s.metrics.failedRate,
    format: (v, s) => `${s.metrics.failedRequests} (${percent(v)})`,
    lowerIsBetter: true,
    paths: ['failedRate', 'failedRequests'],
  },
  { id: 'p50', head: 'p50\nms', value: (s) => s.metrics.latency.p50, format: latencyCell, lowerIsBetter: true, paths: ['latency.p50'] },
  { id: 'p99', head: 'p99\nms', value: (s) => s.metrics.latency.p99, format: latencyCell, lowerIsBetter: true, paths: ['latency.p99'] },
  { id: 'skew', head: 'skew\nmax/mean', value: (s) => s.metrics.skew.maxOverMean, format: (v) => v.toFixed(2), lowerIsBetter: true, paths: ['skew.maxOverMean'] },
  { id: 'jain', head: 'Jain\nindex', value: (s) => s.metrics.skew.jain, format: (v) => v.toFixed(3), lowerIsBetter: false, paths: ['skew.jain'] },
  { id: 'store', head: 'store\npeak op/s', value: (s) => s.metrics.store.peakOpsPerSecond, format: (v) => (v === 0 ? NO_VALUE : String(v)), lowerIsBetter: null, paths: ['store.peakOpsPerSecond'] },
  { id: 'bytes', head: 'bytes\n/req', value: (s) => s.metrics.bandwidth.bytesPerRequest, format: (v) => String(v), lowerIsBetter: true, paths: ['bandwidth.bytesPerRequest'] },
  // Only through --columns:
  { id: 'mean', head: 'mean\nms', value: (s) => s.metrics.latency.mean, format: latencyCell, lowerIsBetter: true, paths: ['latency.mean'] },
  { id: 'p95', head: 'p95\nms', value: (s) => s.metrics.latency.p95, format: latencyCell, lowerIsBetter: true, paths: ['latency.p95'] },
  { id: 'max', head: 'max\nms', value: (s) => s.metrics.latency.max, format: latencyCell, lowerIsBetter: true, paths: ['latency.max'] },
  { id: 'throughput', head: 'answered\nreq/s', value: (s) => s.metrics.throughput, format: (v) => v.toFixed(1), lowerIsBetter: null, paths: ['throughput'] },
  { id: 'expired', head: 'expired\nsessions', value: (s) => s.metrics.expiredSessions, format: (v) => String(v), lowerIsBetter: null, paths: ['expiredSessions'] },
  { id: 'store-ops', head: 'store\nops', value: (s) => s.metrics.store.ops, format: (v) => (v === 0 ? NO_VALUE : String(v)), lowerIsBetter: null, paths: ['store.ops'] },
  { id: 'util', head: 'busiest\nutil', value: (s) => s.metrics.utilization.busiestServer, format: (v) => `${(v * 100).toFixed(1)}%`, lowerIsBetter: null, paths: ['utilization.busiestServer'] },
  { id: 'store-wait', head: 'store wait\nms', value: (s) => s.metrics.store.meanQueueDelayMs, format: (v) => (v === 0 ? NO_VALUE : v.toFixed(3)), lowerIsBetter: true, paths: ['store.meanQueueDelayMs'] },
];

/** Every column id, for --columns and its help (the store/token detail columns included). */
export const COLUMN_IDS: readonly string[] = [...COLUMNS, ...DETAIL_COLUMNS].map((c) => c.id);

/**
 * What the default table shows: the questions the tool answers (sessions kept? lost to
 * what? requests failed? fast? balanced?) in under 80 characters. The costs (store op/s,
 * bytes per request) and the rest are one --wide or --columns away.
 */
export const DEFAULT_COLUMNS: readonly string[] = ['lost', 'cause', 'failed', 'p99', 'skew'];

/**
 * The detail block under the table: the store, concurrency and token figures some strategy
 * has (notableDetailColumns), and every metric the scenario highlights that `shown` (the
 * table's columns) does not already show, zero or not: by its own column where one exists,
 * else by its path (highlights.ts).
 */
export function detailColumnsFor(strategies: readonly StrategyResult[], highlight: readonly string[] = [], shown: readonly Column[] = []): Column[] {
  const covered = (p: string, columns: readonly Column[]) => columns.some((c) => c.paths?.includes(p) === true);
  const wanted = highlight.filter((p) => !covered(p, shown));
  const notable = notableDetailColumns(strategies);
  const out: Column[] = DETAIL_COLUMNS.filter((c) => !shown.includes(c) && (notable.includes(c) || wanted.some((p) => c.paths?.includes(p))));
  for (const p of wanted) if (!covered(p, out)) out.push(COLUMNS.find((c) => c.paths?.includes(p)) ?? pathColumn(p));
  return out;
}

/** The scenario's highlighted metric paths (none for a result without its config). */
export const highlightOf = (result: { config?: { highlight?: readonly string[] } }): readonly string[] => result.config?.highlight ?? [];

/**
 * Columns split into blocks that fit `width` beside the strategy name (two spaces apart), so a
 * long detail block wraps onto a second block instead of running past the terminal.
 */
export function fitColumns<C extends { head: string }>(columns: readonly C[], names: readonly string[], cellWidth: (c: C) => number, width: number): C[][] {
  const name = Math.max('strategy'.length, ...names.map((n) => n.length));
  const blocks: C[][] = [];
  let block: C[] = [];
  let used = name;
  for (const c of columns) {
    const w = Math.max(...c.head.split('\n').map((h) => h.length), cellWidth(c));
    if (block.length > 0 && used + 2 + w > width) {
      blocks.push(block);
      block = [];
      used = name;
    }
    block.push(c);
    used += 2 + w;
  }
  if (block.length > 0) blocks.push(block);
  return blocks;
}

/**
 * Columns in boxes of at most `width` characters: a box is 1 + 3 per column (a rule and a space
 * each side) + each column's widest line (head or cell); the strategy name starts every box.
 */
export function boxBlocks<C extends { head: string }>(columns: readonly C[], names: readonly string[], cellWidth: (c: C) => number, width: number): C[][] {
  const first = 1 + 3 + Math.max('strategy'.length, ...names.map((n) => n.length));
  const blocks: C[][] = [];
  let block: C[] = [];
  let used = first;
  for (const c of columns) {
    const w = 3 + Math.max(...c.head.split('\n').map((h) => h.length), cellWidth(c));
    if (block.length > 0 && used + w > width) {
      blocks.push(block);
      block = [];
      used = first;
    }
    block.push(c);
    used += w;
  }
  if (block.length > 0) blocks.push(block);
  return blocks;
}

/** One cell's text, coloured green for the best value of its column and red for the worst. */
function cell(c: Column, s: StrategyResult, strategies: readonly StrategyResult[], chalk: ChalkInstance): string {
  const v = c.value(s);
  const text = c.format(v, s);
  if (c.lowerIsBetter === null || strategies.length < 2 || text === NO_VALUE) return text;
  // "-" is no figure (no store, no successful request): neither best nor worst.
  const values = strategies.filter((x) => c.format(c.value(x), x) !== NO_VALUE).map(c.value);
  const best = c.lowerIsBetter ? Math.min(...values) : Math.max(...values);
  const worst = c.lowerIsBetter ? Math.max(...values) : Math.min(...values);
  if (best === worst) return text;
  return v === best ? chalk.green(text) : v === worst ? chalk.red(text) : text;
}

/** Words wrapped at `width` columns (escape codes count as nothing). */
export function wrap(text: string, width: number, indent = ''): string {
  const visible = (t: string) => t.replace(/\u001b\[[0-9;]*m/g, '').length;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ').filter(Boolean)) {
    if (line !== '' && visible(line) + 1 + visible(word) > width) {
      lines.push(line);
      line = indent + word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines.join('\n');
}

/** Resolve --columns ids (throws RangeError naming the choices on an unknown id). */
export function pickColumns(ids: readonly string[]): Column[] {
  return ids.map((id) => {
    const c = COLUMNS.find((x) => x.id === id) ?? DETAIL_COLUMNS.find((x) => x.id === id);
    if (!c) throw new RangeError(`unknown column "${id}"; the columns are ${COLUMN_IDS.join(', ')}`);
    return c;
  });
}

/**
 * The compact layout: no vertical borders, a two-line header over a rule, figures
 * right-aligned, two spaces between columns (as kubectl and npm outdated print tables).
 */
function renderCompact(result: SimulationResult, columns: Column[], options: TableOptions): string {
  const chalk = chalkFor(options.color);
  const { scenario, strategies } = result;
  const about = `${measuredWindow(scenario)}, seed ${scenario.seed}`;
  const dash = options.ascii ? '-' : '—';
  // The title and what was measured on one line when it fits, else on two.
  const title = scenario.name.length + about.length + 3 <= (options.width ?? 80) ? [chalk.bold(scenario.name) + chalk.dim(` ${dash} ${about}`)] : [chalk.bold(scenario.name), chalk.dim(about)];
  // Store, concurrency and token figures and the scenario's highlights get a second block (default columns only).
  const details = options.columns === undefined ? detailColumnsFor(strategies, highlightOf(result), columns) : [];
  const names = strategies.map((s) => s.name);
  const cellWidth = (c: Column) => Math.max(...strategies.map((s) => c.format(c.value(s), s).length));
  const blocks = fitColumns(details, names, cellWidth, options.width ?? 80);
  // The main columns too: long strategy names (sticky-cookie-write-through) split them in two blocks rather than run past 80.
  const main = fitColumns(columns, names, cellWidth, options.width ?? 80);
  return [
    ...title,
    '',
    ...main.flatMap((b, i) => [...(i > 0 ? [''] : []), ...compactBlock(strategies, b, chalk, options)]),
    ...blocks.flatMap((b) => ['', ...compactBlock(strategies, b, chalk, options)]),
    '',
    ...scalingActionLines(result, compactLayout, chalk, options),
    ...sloLines(result, chalk, options),
    // Wrapped after the ASCII substitution ("≤" becomes "<="), so the width holds in both.
    wrap(`${chalk.bold('Verdict:')} ${options.ascii ? toAscii(verdict(strategies)) : verdict(strategies)}`, options.width ?? 80),
    '',
  ].join('\n');
}

/** Header lines, a rule and one row per strategy, columns two spaces apart. */
function compactBlock(strategies: StrategyResult[], columns: readonly Column[], chalk: ChalkInstance, options: TableOptions): string[] {
  const heads = columns.map((c) => c.head);
  const rows = strategies.map((s) => [s.name, ...columns.map((c) => cell(c, s, strategies, chalk))]);
  return compactLayout(heads, rows, columns.map((c) => c.id === 'cause'), chalk, options.ascii ?? false);
}

/**
 * The compact layout of any table: a two-line header ("lost\nsessions") over a rule, the first
 * column (the strategy) and the `leftAligned` ones aligned left, figures right, two spaces
 * between columns. Cells may carry colour codes (they count as nothing).
 */
export function compactLayout(heads: readonly string[], rows: readonly string[][], leftAligned: readonly boolean[], chalk: ChalkInstance, ascii: boolean): string[] {
  const allHeads = [['', 'strategy'], ...heads.map((h) => (h.includes('\n') ? h.split('\n') : ['', h]))];
  const visible = (t: string) => t.replace(/\u001b\[[0-9;]*m/g, '').length;
  const widths = allHeads.map((h, i) => Math.max(...h.map((x) => x.length), ...rows.map((r) => visible(r[i]!))));
  const left = [true, ...leftAligned];
  const pad = (t: string, i: number) => {
    const gap = ' '.repeat(Math.max(0, widths[i]! - visible(t)));
    return left[i] ? t + gap : gap + t;
  };
  const line = (cells: string[]) => cells.map(pad).join('  ').trimEnd();
  const rule = ascii ? '-' : '─';
  return [
    chalk.cyan(line(allHeads.map((h) => h[0]!))),
    chalk.cyan(line(allHeads.map((h) => h[1]!))),
    chalk.dim(widths.map((w) => rule.repeat(w)).join('  ')),
    ...rows.map((r) => line([chalk.bold(r[0]!), ...r.slice(1)])),
  ];
}

/** With targets (`slo`), the table ends with a column of each strategy's verdict over all of them. */
function withSloColumn(columns: Column[], result: SimulationResult, ascii: boolean): Column[] {
  const report = result.slo;
  if (report === undefined || report.strategies[0]?.targets.length === 0) return columns;
  return [...columns, { id: 'slo', head: 'SLO', value: () => 0, format: (_v, s) => strategyMark(report, s.name, ascii), lowerIsBetter: null }];
}

/** The targets block (targets × strategies and the outcome), when the scenario has targets. */
function sloLines(result: SimulationResult, chalk: ChalkInstance, options: TableOptions): string[] {
  const rows = costRows(result.strategies);
  const cost = rows.length === 0 ? [] : [renderCostBlock(rows, compactLayout, chalk, options.ascii ?? false, (t, w) => wrap(t, options.width ?? w))];
  if (result.slo === undefined || result.slo.strategies[0]?.targets.length === 0) return cost;
  return [renderSloBlock(result.slo, compactLayout, chalk, options.ascii ?? false, (t, w) => wrap(t, options.width ?? w)), ...cost];
}

export function renderTable(result: SimulationResult, options: TableOptions): string {
  if (!options.wide) return renderCompact(result, withSloColumn(pickColumns(options.columns ?? DEFAULT_COLUMNS), result, options.ascii ?? false), options);
  const columns = withSloColumn(options.columns ? pickColumns(options.columns) : COLUMNS.slice(0, 10), result, options.ascii ?? false);
  const chalk = chalkFor(options.color);
  const { scenario, strategies } = result;
  const Table = cliTable();
  const visible = (t: string) => [...t.replace(/\u001b\[[0-9;]*m/g, '')].length;
  // Boxes of at most WIDE_WIDTH characters: a box's width is the cells' plus 3 each (padding, rule) plus 1.
  const blocks = boxBlocks(columns, strategies.map((s) => s.name), (c) => Math.max(...strategies.map((s) => visible(cell(c, s, strategies, chalk)))), WIDE_WIDTH);
  const boxes = blocks.map((block) => {
    const table = new Table({
      head: ['strategy', ...block.map((c) => c.head)],
      // Figures right-aligned, words (the loss cause) left.
      colAligns: ['left', ...block.map((c) => (c.id === 'cause' ? 'left' : 'right'))],
      style: { head: options.color ? ['cyan'] : [], border: options.color ? ['grey'] : [], compact: true },
      ...(options.ascii ? { chars: ASCII_BORDERS } : {}),
    });
    for (const s of strategies) {
      const row = [chalk.bold(s.name)];
      for (const c of block) row.push(cell(c, s, strategies, chalk));
      table.push(row);
    }
    return table.toString();
  });
  const window = `${measuredWindow(scenario)}, seed ${scenario.seed}`;
  return [
    wrap(chalk.bold(scenario.name) + chalk.dim(` ${options.ascii ? '-' : '—'} ${window}`), WIDE_WIDTH),
    ...boxes,
    ...renderStoreDetails(strategies, detailColumnsFor(strategies, highlightOf(result), columns), chalk, options.color),
    ...scalingActionLines(result, compactLayout, chalk, options),
    ...sloLines(result, chalk, options),
    wrap(`${chalk.bold('Verdict:')} ${options.ascii ? toAscii(verdict(strategies)) : verdict(strategies)}`, options.width ?? 80),
    '',
  ].join('\n');
}

const ASCII_BORDERS = {
  top: '-', 'top-mid': '+', 'top-left': '+', 'top-right': '+',
  bottom: '-', 'bottom-mid': '+', 'bottom-left': '+', 'bottom-right': '+',
  left: '|', 'left-mid': '+', mid: '-', 'mid-mid': '+',
  right: '|', 'right-mid': '+', middle: '|',
};
