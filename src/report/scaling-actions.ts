/**
 * The autoscaler's actions, as `kubectl describe hpa` lists its events ("New size: 6; reason:
 * cpu resource utilization (percentage of request) above target") and an Auto Scaling group
 * its activity history: when, from how many servers to how many, and why (the controller's
 * reading against its target, what limited it; for a scale-in which servers drain and for
 * how long). Under the terminal table, in markdown and HTML, and in CSV as one field per
 * strategy; the JSON has them as `events` of type `autoscaler-scale`.
 *
 * The same action under several strategies (same time, sizes and reason) is one row naming
 * them all; the readings differ by a point or two between strategies, so most rows are each
 * strategy's own.
 */
import type { ChalkInstance } from 'chalk';
import type { SimulationResult } from '../experiment/simulate.js';
import type { EventRecord } from '../model/recorder.js';
import { formatDuration } from '../scenario/units.js';
import { escapeXml } from './svg.js';

export interface ScalingAction {
  at: number;
  from: number;
  to: number;
  /** The controller's reading and limits, and for a scale-in the servers drained. */
  why: string;
  /** Strategies that took this very action. */
  strategies: string[];
}

type Strategies = SimulationResult['strategies'];

/**
 * One action's reason, with the drained servers of a scale-in; `short` leaves out the victim
 * policy and the drain time (the same for every action: the terminal says them once).
 */
export function actionWhy(e: EventRecord, short = false): string {
  const d = e.details;
  const reason = String(d.reason ?? '');
  if (d.removing === undefined) return reason;
  const servers = String(d.removing).replace(/,/g, ', ');
  if (short) return `${reason}; drains ${servers} (${d.sessionsPinned} sessions pinned)`;
  return `${reason}; drains ${servers} (victim ${d.victim}) for ${formatDuration(Number(d.drainSeconds))}, ${d.sessionsPinned} sessions pinned to them`;
}

/** Every strategy's actions in time order, identical ones merged. */
export function scalingActions(strategies: Strategies, short = false): ScalingAction[] {
  const byKey = new Map<string, ScalingAction>();
  for (const s of strategies) {
    for (const e of s.events) {
      if (e.type !== 'autoscaler-scale') continue;
      const from = Number(e.details.from);
      const to = Number(e.details.to);
      const why = actionWhy(e, short);
      const key = `${e.at}|${from}|${to}|${why}`;
      const a = byKey.get(key);
      if (a === undefined) byKey.set(key, { at: e.at, from, to, why, strategies: [s.name] });
      else a.strategies.push(s.name);
    }
  }
  // Insertion order is strategy by strategy; a stable sort by time keeps the strategies' order within a time.
  return [...byKey.values()].sort((a, b) => a.at - b.at);
}

/** Who took an action: "every strategy" when all of several did, else their names. */
export const actionTakenBy = (a: ScalingAction, all: number) => (a.strategies.length === all && all > 1 ? 'every strategy' : a.strategies.join(', '));

/** Rows shown under the terminal table before "… N more". */
export const TERMINAL_ROWS = 16;

/** The terminal block: a title and a compact table (strategy, time, servers, why), cut to the width. */
export function scalingActionLines(
  result: SimulationResult,
  layout: (heads: readonly string[], rows: readonly string[][], leftAligned: readonly boolean[], chalk: ChalkInstance, ascii: boolean) => string[],
  chalk: ChalkInstance,
  options: { ascii?: boolean; width?: number },
): string[] {
  const actions = scalingActions(result.strategies, true);
  if (actions.length === 0) return [];
  // How a scale-in removes servers (the same for every action of the run).
  const scaleIn = result.strategies.flatMap((s) => s.events).find((e) => e.type === 'autoscaler-scale' && e.details.removing !== undefined);
  const drain = Number(scaleIn?.details.drainSeconds ?? 0);
  const removal = scaleIn === undefined ? [] : [chalk.dim(`scale-in victims: ${scaleIn.details.victim}, ${drain > 0 ? `each drained for ${formatDuration(drain)}` : 'no drain (out of the balancer at once)'}`)];
  const arrow = options.ascii ? '->' : '→';
  const more = options.ascii ? '...' : '…';
  const shown = actions.slice(0, TERMINAL_ROWS);
  const rows = shown.map((a) => [actionTakenBy(a, result.strategies.length), formatDuration(a.at), `${a.from} ${arrow} ${a.to}`, a.why]);
  // The reason wraps at words within what the width leaves, on continuation rows.
  const width = options.width ?? 80;
  const used = [0, 1, 2].map((c) => Math.max(c === 0 ? 8 : c === 1 ? 4 : 7, ...rows.map((r) => r[c]!.length)));
  const room = Math.max(24, width - used.reduce((x, y) => x + y, 0) - 6);
  const wrapped = rows.flatMap((r) => wrapWords(r[3]!, room).map((part, k) => (k === 0 ? [r[0]!, r[1]!, r[2]!, part] : ['', '', '', part])));
  const rest = actions.length - shown.length;
  return [
    chalk.bold(`Scaling actions (${result.config?.autoscaler?.type === 'target-tracking' ? 'target tracking' : 'HPA'})`),
    ...removal,
    // Single-line heads: the layout's first header line is empty.
    ...layout(['time', 'servers', 'why'], wrapped, [false, false, true], chalk, options.ascii ?? false).filter((l, i) => i > 0 || l.replace(/\u001b\[[0-9;]*m/g, '') !== ''),
    ...(rest > 0 ? [chalk.dim(`${more} ${rest} more: --format markdown lists every action`)] : []),
    '',
  ];
}

/** Lines of at most `width` characters, broken at spaces (a longer word stands alone). */
function wrapWords(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  out.push(line);
  return out;
}

/** The markdown table of every action. */
export function scalingActionsMarkdown(result: SimulationResult, escape: (t: string) => string): string[] {
  const actions = scalingActions(result.strategies);
  if (actions.length === 0) return [];
  const all = result.strategies.length;
  return [
    '**Scaling actions** (time, servers from → to, why)',
    '',
    '| time | strategy | from | to | why |',
    '|--:|:--|--:|--:|:--|',
    ...actions.map((a) => `| ${formatDuration(a.at)} | ${escape(actionTakenBy(a, all))} | ${a.from} | ${a.to} | ${escape(a.why)} |`),
    '',
  ];
}

/** The HTML table of every action (inside the report's "Offered load and the fleet" section). */
export function scalingActionsHtml(result: SimulationResult): string {
  const actions = scalingActions(result.strategies);
  if (actions.length === 0) return '';
  const all = result.strategies.length;
  const rows = actions
    .map((a) => `<tr><td>${escapeXml(formatDuration(a.at))}</td><td class="text">${escapeXml(actionTakenBy(a, all))}</td><td>${a.from}</td><td>${a.to}</td><td class="text">${escapeXml(a.why)}</td></tr>`)
    .join('\n');
  return `<h3>Scaling actions</h3>
<div class="table-scroll"><table class="comparison scaling-actions">
<thead><tr><th>time</th><th>strategy</th><th>from</th><th>to</th><th>why</th></tr></thead>
<tbody>
${rows}
</tbody></table></div>`;
}

/** An autoscaler ran (its figures are in metrics.fleet only then). */
const autoscaled = (strategies: Strategies) => strategies.some((s) => s.metrics.fleet.scaleOuts !== undefined);

/** The CSV field of one strategy's actions ("570s 4->5 cpu 67% (target 60%): 5 wanted; …"), present with an autoscaler. */
export function scalingActionsCsvFields(result: SimulationResult, strategy: string): Array<[string, unknown]> {
  if (!autoscaled(result.strategies)) return [];
  const s = result.strategies.find((x) => x.name === strategy);
  const actions = (s?.events ?? []).filter((e) => e.type === 'autoscaler-scale');
  return [['scalingActions', actions.map((e) => `${e.at}s ${e.details.from}->${e.details.to} ${actionWhy(e)}`).join('; ')]];
}
