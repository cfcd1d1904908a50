/**
 * The verdicts on a scenario's targets (`slo`) in every format: a column in the comparison
 * table (✓/✗, ASCII ok/FAIL), a block of targets × strategies under it, the JSON entries,
 * CSV fields, a markdown table and an HTML section. Values are shown in the units people
 * write bounds in (ms, %, bytes); the JSON keeps the contract's units.
 */
import type { ChalkInstance } from 'chalk';
import { unitOf } from '../metrics/metric-paths.js';
import type { SloVerdict } from '../metrics/slo.js';
import type { SloReport, StrategySlo, TargetResult } from '../experiment/slo.js';
import { formatDuration } from '../scenario/units.js';
import { escapeXml } from './svg.js';

/** ✓ ✗ ? on a UTF-8 terminal; ok FAIL ?? in ASCII (as the issue's ASCII table asks). */
export function verdictMark(v: SloVerdict, ascii: boolean): string {
  if (ascii) return v === 'pass' ? 'ok' : v === 'fail' ? 'FAIL' : '??';
  return v === 'pass' ? '\u2713' : v === 'fail' ? '\u2717' : '?';
}

/** A figure in the unit its bound is written in: "143.2ms", "0.20%", "512B", "1.5". */
export function formatMetric(metric: string, value: number): string {
  if (!Number.isFinite(value)) return String(value);
  switch (unitOf(metric)) {
    case 'ms':
      return `${trim(value, value < 10 ? 2 : 1)}ms`;
    case 's':
      return formatDuration(value);
    case 'ratio':
      return value === 0 ? '0%' : `${trim(value * 100, Math.abs(value) < 0.001 ? 4 : 2)}%`;
    case 'bytes':
      return `${Math.round(value)}B`;
    case 'usd':
      return `$${value.toFixed(2)}`;
    case 'count':
    case 'per-second':
      return Number.isInteger(value) ? String(value) : trim(value, 1);
    default:
      return String(Number(value.toPrecision(4)));
  }
}

function trim(v: number, decimals: number): string {
  return String(Number(v.toFixed(decimals)));
}

/** "latency.p99 < 200ms" */
export function targetLabel(t: Pick<TargetResult, 'metric' | 'op' | 'bound'>): string {
  return `${t.metric} ${t.op} ${formatMetric(t.metric, t.bound)}`;
}

/** Bound part only: "< 200ms". */
export function boundLabel(t: Pick<TargetResult, 'metric' | 'op' | 'bound'>): string {
  return `${t.op} ${formatMetric(t.metric, t.bound)}`;
}

/** One cell: "✓ 143.2ms", or with an interval "? 199 ±4ms". */
export function targetCell(t: TargetResult, ascii: boolean): string {
  const mark = verdictMark(t.verdict, ascii);
  if (t.value === null) return `${mark} no answers`;
  if (t.ci95 === undefined) return `${mark} ${formatMetric(t.metric, t.value)}`;
  const hw = (t.ci95[1] - t.ci95[0]) / 2;
  return `${mark} ${formatMetric(t.metric, t.value)} ${ascii ? '+/-' : '±'}${formatMetric(t.metric, hw)}`;
}

function requireWords(report: SloReport): string {
  if (report.require === 'all') return 'every strategy must meet every target';
  if (report.require === 'any') return 'at least one strategy must meet every target';
  return `${report.required.join(', ')} must meet every target`;
}

/** The one-line outcome, e.g. "Targets met: sticky-cookie meets every target (require any); exit 0". */
export function sloSummary(report: SloReport): string {
  const meeting = report.strategies.filter((s) => s.verdict === 'pass').map((s) => s.strategy);
  const open = report.strategies.filter((s) => s.verdict === 'inconclusive').map((s) => s.strategy);
  const who = meeting.length === 0 ? 'no strategy meets every target' : `${meeting.join(', ')} ${meeting.length === 1 ? 'meets' : 'meet'} every target`;
  const unsure = open.length === 0 ? '' : `; ${open.join(', ')} inconclusive`;
  const head = report.verdict === 'pass' ? 'Targets met' : report.verdict === 'fail' ? 'Targets missed' : 'Targets inconclusive';
  return `${head}: ${who}${unsure} (${requireWords(report)}); exit ${report.verdict === 'pass' ? 0 : 99}.`;
}

/** Inconclusive targets with the replications that would likely settle them. */
export function settleNotes(report: SloReport): string[] {
  const notes: string[] = [];
  for (const s of report.strategies) {
    for (const t of s.targets) {
      if (t.verdict !== 'inconclusive') continue;
      const more = t.replicationsToSettle;
      const how =
        more === null || more === undefined
          ? 'the mean sits on the bound: more replications are unlikely to settle it'
          : `about ${more - report.replications} more replications (${more} in all) would likely settle it`;
      notes.push(`${s.strategy}: ${targetLabel(t)} is inconclusive (the 95% interval straddles the bound); ${how}.`);
    }
  }
  return notes;
}

/** Header lines and rows for a compact table: one row per strategy, one column per target, then the strategy's verdict. */
export function sloTableCells(report: SloReport, ascii: boolean): { heads: string[]; rows: string[][] } {
  const first = report.strategies[0]?.targets ?? [];
  const heads = [...first.map((t) => `${t.metric}\n${boundLabel(t)}`), 'all\ntargets'];
  const rows = report.strategies.map((s) => [s.strategy, ...s.targets.map((t) => targetCell(t, ascii)), verdictMark(s.verdict, ascii)]);
  return { heads, rows };
}

/** The strategy's overall mark for the comparison table's `slo` column. */
export function strategyMark(report: SloReport, strategy: string, ascii: boolean): string {
  const s = report.strategies.find((x) => x.strategy === strategy);
  return s === undefined ? '-' : verdictMark(s.verdict, ascii);
}

/** The text block after a table: targets × strategies, the outcome, notes on inconclusive ones. */
export function renderSloBlock(
  report: SloReport,
  layout: (heads: readonly string[], rows: readonly string[][], leftAligned: readonly boolean[], chalk: ChalkInstance, ascii: boolean) => string[],
  chalk: ChalkInstance,
  ascii: boolean,
  wrap: (text: string, width: number) => string,
): string {
  const { heads, rows } = sloTableCells(report, ascii);
  const colour = (v: SloVerdict, text: string) => (v === 'pass' ? chalk.green(text) : v === 'fail' ? chalk.red(text) : chalk.yellow(text));
  const painted = rows.map((r, i) => {
    const s = report.strategies[i]!;
    return [r[0]!, ...s.targets.map((t, j) => colour(t.verdict, r[j + 1]!)), colour(s.verdict, r[r.length - 1]!)];
  });
  const lines = [
    chalk.bold(`Targets${report.replications > 1 ? ` (95% intervals over ${report.replications} replications)` : ''}`),
    ...layout(heads, painted, heads.map(() => false), chalk, ascii),
    '',
    wrap(sloSummary(report), 80),
    ...settleNotes(report).map((n) => wrap(n, 80)),
    '',
  ];
  return lines.join('\n');
}

/** The JSON entries of one strategy: [{ metric, op, bound, value, pass, … }]. */
export function sloJson(report: SloReport | undefined, strategy: string): TargetResult[] | undefined {
  return report?.strategies.find((s) => s.strategy === strategy)?.targets;
}

/** The document-level outcome. */
export function sloOutcomeJson(report: SloReport): object {
  return { require: report.require, required: report.required, verdict: report.verdict, met: report.verdict === 'pass', exitCode: report.verdict === 'pass' ? 0 : 99 };
}

/** CSV fields of one strategy: slo (its verdict) and one per target, named "slo:latency.p99<200". */
export function sloCsvFields(report: SloReport | undefined, strategy: string): Array<[string, unknown]> {
  const s = report?.strategies.find((x) => x.strategy === strategy);
  if (s === undefined) return [];
  return [['slo', s.verdict], ...s.targets.map((t): [string, unknown] => [`slo:${t.metric}${t.op}${t.bound}`, t.verdict])];
}

/** A markdown table of the targets and the outcome. */
export function sloMarkdown(report: SloReport, escape: (t: string) => string): string {
  const first = report.strategies[0]?.targets ?? [];
  const line = (cells: string[]) => `| ${cells.map(escape).join(' | ')} |`;
  return [
    `**Targets**${report.replications > 1 ? ` (95% intervals over ${report.replications} replications)` : ''}`,
    '',
    line(['strategy', ...first.map(targetLabel), 'all targets']),
    `|:--|${first.map(() => '--:').join('|')}|:-:|`,
    ...report.strategies.map((s: StrategySlo) => line([s.strategy, ...s.targets.map((t) => targetCell(t, false)), verdictMark(s.verdict, false)])),
    '',
    sloSummary(report),
    ...settleNotes(report).map((n) => `\n${n}`),
    '',
  ].join('\n');
}

/** The HTML section of the targets. */
export function sloHtml(report: SloReport): string {
  const first = report.strategies[0]?.targets ?? [];
  // Pass/fail has its own classes (html-css.ts: a tint and, for a miss, bold), never the
  // comparison table's best/worst: meeting a target is not being the best of the strategies.
  const cls = (v: SloVerdict) => (v === 'pass' ? 'slo-pass' : v === 'fail' ? 'slo-fail' : 'slo-unsure');
  const td = (v: SloVerdict, text: string) => `<td${cls(v) ? ` class="${cls(v)}"` : ''}>${escapeXml(text)}</td>`;
  return [
    '<section id="targets">',
    '<h2>Targets</h2>',
    '<table class="comparison">',
    `<tr><th>strategy</th>${first.map((t) => `<th>${escapeXml(t.metric)}<br>${escapeXml(boundLabel(t))}</th>`).join('')}<th>all targets</th></tr>`,
    ...report.strategies.map((s) => `<tr><td>${escapeXml(s.strategy)}</td>${s.targets.map((t) => td(t.verdict, targetCell(t, false))).join('')}${td(s.verdict, verdictMark(s.verdict, false))}</tr>`),
    '</table>',
    `<p class="verdict">${escapeXml(sloSummary(report))}</p>`,
    ...settleNotes(report).map((n) => `<p>${escapeXml(n)}</p>`),
    '</section>',
  ].join('\n');
}
