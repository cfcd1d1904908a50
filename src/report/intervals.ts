/**
 * Rendering replicated results: the comparison table with `mean ±hw` cells (hw: half-width of
 * the 95% Student-t interval over replications), the paired differences against the baseline
 * in words, and what --precision reached.
 */
import { measuredWindow } from './measured.js';
import type { ChalkInstance } from 'chalk';
import { chalkFor, cliTable } from './libraries.js';
import { halfWidthOf, meansOf, type DifferenceFigure, type IntervalFigure } from '../metrics/aggregate.js';
import { answeredRequests, type StrategyMetrics } from '../metrics/strategy-metrics.js';
import { DECISION_METRICS, type PrecisionReport, type ReplicatedResult, type ReplicatedStrategy, type StrategyDifference } from '../experiment/replications.js';
import type { StrategyResult } from '../experiment/run.js';
import { toAscii } from './ascii.js';
import { metricAt } from '../metrics/metric-paths.js';
import { differenceUnit, headWords, intervalStyle, kindOf } from './highlights.js';
import { COLUMNS as SINGLE_COLUMNS, boxBlocks, compactLayout, DEFAULT_COLUMNS, detailColumnsFor, fitColumns, highlightOf, NO_VALUE, WIDE_WIDTH, wrap } from './table.js';
import { verdict } from './verdict.js';
import { renderSloBlock, strategyMark } from './slo.js';

export interface IntervalTableOptions {
  color: boolean;
  /** Plain ASCII (no UTF-8 terminal). */
  ascii?: boolean;
  /** The boxed layout with every column (about 140 characters wide). */
  wide?: boolean;
  /** Wrap the text at this width (default 80). */
  width?: number;
}

const MINUS = '\u2212';

/**
 * Decimals that show a half-width to 1 significant digit (2 when it starts with 1 or 2, where
 * one digit would round by up to 25%), the usual way of quoting an uncertainty; the mean is
 * then shown to the same decimals.
 */
export function decimalsFor(halfWidth: number, fallback: number): number {
  if (!(halfWidth > 0) || !Number.isFinite(halfWidth)) return fallback;
  const e = Math.floor(Math.log10(halfWidth));
  const lead = halfWidth / 10 ** e;
  const sig = lead < 2.5 ? 2 : 1;
  return Math.min(6, Math.max(0, sig - 1 - e));
}

/** "19.92 ±0.18": a figure scaled (e.g. ×100 for percent) and rounded to its uncertainty. */
export function plusMinus(f: IntervalFigure, scale = 1, fallbackDecimals = 2, suffix = ''): string {
  const hw = halfWidthOf(f) * scale;
  if (hw === 0 && f.mean === 0) return '0';
  const d = decimalsFor(hw, fallbackDecimals);
  const mean = (f.mean * scale).toFixed(d);
  return hw > 0 ? `${mean}${suffix} ±${hw.toFixed(d)}` : `${mean}${suffix}`;
}

/** "+3.2 ms ±0.4", "−4.1 pp ±0.6 (not significant)". */
export function signedDifference(f: DifferenceFigure, scale: number, unit: string, fallbackDecimals = 2): string {
  const hw = halfWidthOf(f) * scale;
  const m = f.mean * scale;
  if (hw === 0 && m === 0) return 'the same in every replication';
  const d = decimalsFor(hw, fallbackDecimals);
  // The sign of the figure as printed: a mean that rounds to 0.00 is "±0.00", not "−0.00".
  const shown = Number(m.toFixed(d));
  const text = `${shown > 0 ? '+' : shown < 0 ? MINUS : '±'}${Math.abs(m).toFixed(d)}${unit} ±${hw.toFixed(d)}`;
  return f.significant ? text : `${text} (not significant)`;
}

interface Column {
  id: string;
  head: string;
  figure: (m: ReplicatedStrategy['metrics']) => IntervalFigure;
  format: (f: IntervalFigure, s: ReplicatedStrategy) => string;
  lowerIsBetter: boolean | null;
  /** The metrics it shows (detail columns). */
  paths?: readonly string[];
}

/** A latency interval; "-" when no replication answered a request successfully (no latency to show). */
function latencyCell(f: IntervalFigure, s: ReplicatedStrategy): string {
  const m = s.metrics;
  const answered = answeredRequests({ requests: m.requests.mean, failedRequests: m.failedRequests.mean, security: { revokedTokenRejections: m.security.revokedTokenRejections.mean } });
  return answered <= 0 ? NO_VALUE : plusMinus(f, 1, 1);
}

const COLUMNS: Column[] = [
  { id: 'sessions', head: 'sessions', figure: (m) => m.sessions, format: (f) => plusMinus(f, 1, 0), lowerIsBetter: null },
  { id: 'lost', head: 'lost\nsessions', figure: (m) => m.sessionLossRate, format: (f) => plusMinus(f, 100, 2, '%'), lowerIsBetter: true },
  {
    id: 'cause', head: 'main\nloss cause',
    figure: (m) => m.sessions,
    format: (_f, s) => {
      const top = Object.entries(s.metrics.lossByCause).filter(([, v]) => v.mean > 0).sort((a, b) => b[1].mean - a[1].mean)[0];
      return top ? top[0] : NO_VALUE;
    },
    lowerIsBetter: null,
  },
  { id: 'failed', head: 'failed\nrequests', figure: (m) => m.failedRate, format: (f) => plusMinus(f, 100, 2, '%'), lowerIsBetter: true },
  { id: 'p50', head: 'p50\nms', figure: (m) => m.latency.p50, format: latencyCell, lowerIsBetter: true },
  { id: 'p99', head: 'p99\nms', figure: (m) => m.latency.p99, format: latencyCell, lowerIsBetter: true },
  { id: 'skew', head: 'skew\nmax/mean', figure: (m) => m.skew.maxOverMean, format: (f) => plusMinus(f, 1, 2), lowerIsBetter: true },
  { id: 'jain', head: 'Jain\nindex', figure: (m) => m.skew.jain, format: (f) => plusMinus(f, 1, 3), lowerIsBetter: false },
  { id: 'store', head: 'store\npeak op/s', figure: (m) => m.store.peakOpsPerSecond, format: (f) => (f.mean === 0 ? NO_VALUE : plusMinus(f, 1, 0)), lowerIsBetter: null },
  { id: 'bytes', head: 'bytes\n/req', figure: (m) => m.bandwidth.bytesPerRequest, format: (f) => plusMinus(f, 1, 0), lowerIsBetter: true },
];

export function renderIntervalTable(result: ReplicatedResult, options: IntervalTableOptions): string {
  const chalk: ChalkInstance = chalkFor(options.color);
  const { scenario, strategies, replications } = result;
  const width = options.width ?? 80;
  // The compact layout shows the single run's default columns; --wide every column, boxed.
  const plain = options.wide ? COLUMNS : DEFAULT_COLUMNS.map((id) => COLUMNS.find((c) => c.id === id)!);
  const slo = result.slo !== undefined && (result.slo.strategies[0]?.targets.length ?? 0) > 0 ? result.slo : undefined;
  // With targets: a last column of each strategy's verdict over all of them.
  const columns = slo === undefined ? plain : [...plain, { id: 'slo', head: 'SLO', figure: (m: ReplicatedStrategy['metrics']) => m.sessions, format: (_f: IntervalFigure, s: ReplicatedStrategy) => strategyMark(slo, s.name, options.ascii ?? false), lowerIsBetter: null }];
  // Cells spelled in ASCII before the layout measures them ("±" is three characters there).
  const spell = (t: string) => (options.ascii ? toAscii(t) : t);
  const rowsOf = (cols: readonly Column[]) => strategies.map((s) => [s.name, ...cols.map((c) => spell(cellText(c, s, strategies, chalk)))]);
  const details = intervalDetails(result, plain);
  let body: string[];
  if (options.wide) {
    // Boxes within --wide's page (WIDE_WIDTH), figures right-aligned.
    const cellWidth = (c: Column) => Math.max(...strategies.map((s) => [...spell(c.format(c.figure(s.metrics), s))].length));
    const names = strategies.map((s) => s.name);
    body = [columns, ...(details.length > 0 ? [details] : [])].flatMap((cols) => boxBlocks(cols, names, cellWidth, WIDE_WIDTH)).map((cols) => {
      const Table = cliTable();
      const table = new Table({
        head: ['strategy', ...cols.map((c) => c.head)],
        colAligns: ['left', ...cols.map((c) => (c.id === 'cause' ? 'left' : 'right'))],
        style: { head: options.color ? ['cyan'] : [], border: options.color ? ['grey'] : [], compact: true },
      });
      for (const r of rowsOf(cols)) table.push([chalk.bold(r[0]!), ...r.slice(1)]);
      return table.toString();
    });
  } else {
    const block = (cols: readonly Column[]) => compactLayout(cols.map((c) => c.head), rowsOf(cols), cols.map((c) => c.id === 'cause'), chalk, options.ascii ?? false);
    const cellWidth = (c: Column) => Math.max(...strategies.map((s) => [...spell(c.format(c.figure(s.metrics), s))].length));
    // The decision columns too are split into blocks when intervals make them wider than the page (80 columns).
    const main = fitColumns(columns, strategies.map((s) => s.name), cellWidth, width);
    const blocks = fitColumns(details, strategies.map((s) => s.name), cellWidth, width);
    body = ['', ...main.flatMap((b, i) => [...(i > 0 ? [''] : []), ...block(b)]), ...blocks.flatMap((b) => ['', ...block(b)]), ''];
  }
  const about = `${measuredWindow(scenario)}, seed ${scenario.seed}, ${replications.n} replications (mean ±95% CI half-width)`;
  const ascii = (t: string) => (options.ascii ? toAscii(t) : t);
  const lines = [
    chalk.bold(scenario.name),
    wrap(chalk.dim(about), width),
    ...body,
    ...(slo === undefined ? [] : [renderSloBlock(slo, compactLayout, chalk, options.ascii ?? false, (t, w) => wrap(ascii(t), Math.min(w, width)))]),
    wrap(`${chalk.bold('Verdict (means):')} ${ascii(verdict(strategies.map(asResult), { intervals: new Map(strategies.map((s) => [s.name, s.metrics])) }))}`, width),
  ];
  const differing = differenceColumns(result);
  const diffs = result.differences.map((d) => differenceLine(d, differing));
  if (diffs.length > 0) {
    // Each difference indented by two, its continuation lines by four.
    const indented = (d: string) => wrap(ascii(d), width - 2, '  ').split('\n').map((l) => `  ${l}`).join('\n');
    lines.push(chalk.bold('Paired differences (same replications, 95% CI):'), ...diffs.map(indented));
  }
  if (replications.precision !== null) lines.push(wrap(ascii(precisionLine(replications.precision)), width));
  lines.push('');
  const text = lines.join('\n');
  return options.ascii ? toAscii(text) : text;
}

/**
 * The figures the paired differences give besides the four decision ones: the compact table's
 * detail block (the notable figures and the scenario's highlights not among lost, cause,
 * failed, p99 and skew) whatever columns a table shows, so that the compact and the --wide
 * terminal table and the HTML report state the same differences (--wide and the HTML show
 * p50, Jain index and store peak op/s as columns, and left them out of the differences).
 */
export function differenceColumns(result: ReplicatedResult): Column[] {
  return intervalDetails(result, DEFAULT_COLUMNS.map((id) => COLUMNS.find((c) => c.id === id)!));
}

/**
 * The single run's detail block (the notable store, concurrency and token figures, and the
 * scenario's highlights) chosen on the replications' means, each figure as `mean ±hw`.
 */
function intervalDetails(result: ReplicatedResult, shown: readonly Column[]): Column[] {
  const means = result.strategies.map(asResult);
  const meanOf = new Map(means.map((m) => [m.name, m]));
  const single = SINGLE_COLUMNS.filter((c) => shown.some((x) => x.id === c.id));
  return detailColumnsFor(means, highlightOf(result), single).map((d): Column => {
    const paths = d.paths ?? [d.id];
    const parts = figurePaths(d);
    const figure = (m: ReplicatedStrategy['metrics'], p: string) => metricAt<IntervalFigure>(m, p) ?? { mean: 0, ci95: [0, 0], n: 0 };
    return {
      id: d.id,
      head: d.head,
      figure: (m) => figure(m, parts[0]!),
      format: (_f, s) => {
        // No figure in the single run's cell (no store, nobody answered): none here either, not "0".
        const mean = meanOf.get(s.name)!;
        if (d.format(d.value(mean), mean) === NO_VALUE) return NO_VALUE;
        return parts
          .map((p) => {
            const st = intervalStyle(kindOf(p), p);
            return plusMinus(figure(s.metrics, p), st.scale, st.decimals, st.suffix);
          })
          .join(' / ');
      },
      lowerIsBetter: d.lowerIsBetter,
      paths,
    };
  });
}

/** The metrics a detail column's interval figures show: the worst and the last window's skew read together, any other column by its first metric. */
export function figurePaths(c: { id: string; paths?: readonly string[] }): readonly string[] {
  const paths = c.paths ?? [c.id];
  return c.id === 'window-skew' ? paths : paths.slice(0, 1);
}

/** One cell: `mean ±hw`, green/red for the best/worst only when their intervals do not overlap. */
function cellText(c: Column, s: ReplicatedStrategy, strategies: readonly ReplicatedStrategy[], chalk: ChalkInstance): string {
  const f = c.figure(s.metrics);
  const text = c.format(f, s);
  if (c.lowerIsBetter === null || strategies.length < 2) return text;
  // Otherwise the replications cannot tell them apart.
  const figures = strategies.map((x) => c.figure(x.metrics));
  const byMean = [...figures].sort((a, b) => (c.lowerIsBetter ? a.mean - b.mean : b.mean - a.mean));
  const best = byMean[0]!;
  const worst = byMean[byMean.length - 1]!;
  const apart = c.lowerIsBetter ? best.ci95[1] < worst.ci95[0] : best.ci95[0] > worst.ci95[1];
  if (!apart) return text;
  if (f.mean === best.mean) return chalk.green(text);
  if (f.mean === worst.mean) return chalk.red(text);
  return text;
}

/** "redis vs sticky-cookie: session loss −2.59 pp ±0.26, failed requests +0.045 pp ±0.013, p99 +1.3 ms ±1.1, skew −0.048 ±0.016". */
export function differenceLine(d: StrategyDifference, details: ReadonlyArray<{ head: string; paths?: readonly string[] }> = []): string {
  const m = d.metrics as {
    sessionLossRate: DifferenceFigure;
    failedRate: DifferenceFigure;
    latency: { p99: DifferenceFigure };
    skew: { maxOverMean: DifferenceFigure };
  };
  return (
    `${d.strategy} vs ${d.baseline}: session loss ${signedDifference(m.sessionLossRate, 100, ' pp')}, ` +
    `failed requests ${signedDifference(m.failedRate, 100, ' pp')}, p99 ${signedDifference(m.latency.p99, 1, ' ms', 1)}, ` +
    `skew max/mean ${signedDifference(m.skew.maxOverMean, 1, '')}` +
    // The detail block's figures (the scenario's highlights among them), first metric of each.
    details
      .map((c) => {
        const path = c.paths?.[0];
        const f = path === undefined ? undefined : metricAt<DifferenceFigure>(d.metrics, path);
        if (f === undefined || typeof f.mean !== 'number') return '';
        const kind = kindOf(path!);
        const st = intervalStyle(kind, path);
        const unit = differenceUnit(kind);
        // A head that ends in its unit ("revocation exposure s") gives it once, after the figure.
        const name = unit !== '' && headWords(c.head).endsWith(unit) ? headWords(c.head).slice(0, -unit.length) : headWords(c.head);
        return `, ${name} ${signedDifference(f, st.scale, unit, st.decimals)}`;
      })
      .join('')
  );
}

export function precisionLine(p: PrecisionReport): string {
  const target = `±${+(p.target * 100).toPrecision(3)}%`;
  if (p.reached) {
    return `Precision ${target} reached for every decision figure (session loss rate, p99, skew max/mean of each strategy) after ${p.replications} replications.`;
  }
  const label = (metric: string) => DECISION_METRICS.find((m) => m.path === metric)?.label ?? metric;
  const missed = p.figures.filter((f) => !f.reached);
  const list = missed
    .map((f) => `${f.strategy} ${label(f.metric)} ±${f.relativeHalfWidth === null ? '?' : `${+(f.relativeHalfWidth * 100).toPrecision(2)}%`}`)
    .join(', ');
  return `Precision ${target} not reached after ${p.replications} replications (the cap): ${list}; reached for the other ${p.figures.length - missed.length} of ${p.figures.length} figures.`;
}

/** A StrategyResult of the means, for the plain-English verdict. */
export function asResult(s: Pick<ReplicatedStrategy, 'name' | 'type' | 'stateLocation' | 'metrics'>): StrategyResult {
  return {
    name: s.name,
    type: s.type,
    stateLocation: s.stateLocation,
    metrics: meansOf<StrategyMetrics>(s.metrics),
    events: [],
    latencyCdf: [],
    timeline: { window: 0, requests: [], failed: [], lost: [], activeSessions: [], storeOps: [], uptime: [], lostByCause: [], storeMemory: [], fleet: [], utilization: [], arrivals: [], logins: [], tokenServiceOps: [], p99: [], revocations: [], revokedTokenAcceptances: [], revokedTokenRejections: [], revokedTokensUsable: [] },
    stats: { eventsProcessed: 0 },
  };
}
