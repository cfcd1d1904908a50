/**
 * The cost block (`prices`): per strategy what the fleet costs per hour, per month and per
 * million requests, and of what (servers, store nodes, token service, transfer), in the
 * table, markdown and HTML. Absent without prices. (The CPU cost profile is ./costs.ts.)
 */
import type { ChalkInstance } from 'chalk';
import type { CostFigures } from '../metrics/strategy-metrics.js';
import { escapeXml } from './svg.js';

export interface CostRow {
  name: string;
  cost: CostFigures;
}

const HEADS = ['$/hour', '$/month', '$ per 1M\nrequests', 'servers\n$/hour', 'store\n$/hour', 'token svc\n$/hour', 'transfer\n$/hour'];

const dollars = (x: number) => (x === 0 ? '-' : x < 10 ? x.toFixed(3) : x < 1000 ? x.toFixed(2) : x.toFixed(0));

function cells(c: CostFigures): string[] {
  return [dollars(c.perHour), dollars(c.perMonth), dollars(c.perMillionRequests), dollars(c.servers), dollars(c.store), dollars(c.tokenService), dollars(c.egress)];
}

/** Rows of strategies that have cost figures (none without prices). */
export function costRows(strategies: readonly { name: string; metrics: { cost?: CostFigures } }[]): CostRow[] {
  return strategies.filter((s) => s.metrics.cost !== undefined).map((s) => ({ name: s.name, cost: s.metrics.cost! }));
}

const NOTE = "Cost at the scenario's prices (US dollars; a month is 730 hours; transfer = session bytes carried by requests)";

export function renderCostBlock(
  rows: readonly CostRow[],
  layout: (heads: readonly string[], rows: readonly string[][], leftAligned: readonly boolean[], chalk: ChalkInstance, ascii: boolean) => string[],
  chalk: ChalkInstance,
  ascii: boolean,
  wrap: (text: string, width: number) => string,
): string {
  if (rows.length === 0) return '';
  return [wrap(chalk.bold(NOTE), 80), ...layout(HEADS, rows.map((r) => [r.name, ...cells(r.cost)]), HEADS.map(() => false), chalk, ascii), ''].join('\n');
}

export function costMarkdown(rows: readonly CostRow[], escape: (t: string) => string): string {
  if (rows.length === 0) return '';
  const line = (c: string[]) => `| ${c.map(escape).join(' | ')} |`;
  return [`**${NOTE}**`, '', line(['strategy', ...HEADS.map((h) => h.replace('\n', ' '))]), `|:--|${HEADS.map(() => '--:').join('|')}|`, ...rows.map((r) => line([r.name, ...cells(r.cost)])), ''].join('\n');
}

export function costHtml(rows: readonly CostRow[]): string {
  if (rows.length === 0) return '';
  return [
    '<section id="cost">',
    '<h2>Cost</h2>',
    `<p class="meta">${escapeXml(NOTE)}.</p>`,
    '<table class="comparison">',
    `<tr><th>strategy</th>${HEADS.map((h) => `<th>${h.split('\n').map(escapeXml).join('<br>')}</th>`).join('')}</tr>`,
    ...rows.map((r) => `<tr><td>${escapeXml(r.name)}</td>${cells(r.cost).map((c) => `<td>${escapeXml(c)}</td>`).join('')}</tr>`),
    '</table>',
    '</section>',
  ].join('\n');
}
