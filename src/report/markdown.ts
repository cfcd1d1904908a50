/**
 * Markdown: the comparison as a GitHub-flavoured table, with the scenario, what was measured
 * and the verdict, ready to paste into an issue, a pull request or course notes.
 */
import { measuredWindow } from './measured.js';
import type { SimulationResult } from '../experiment/simulate.js';
import { COLUMNS, detailColumnsFor, highlightOf, pickColumns, type Column } from './table.js';
import { verdict } from './verdict.js';
import { sloMarkdown, strategyMark } from './slo.js';
import { costMarkdown, costRows } from './money.js';
import { scalingActionsMarkdown } from './scaling-actions.js';

const escape = (t: string) => t.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');

export interface MarkdownOptions {
  /** Column ids (default: the ten classic columns of --wide). */
  columns?: readonly string[];
}

export function renderMarkdown(result: SimulationResult, options: MarkdownOptions = {}): string {
  const { scenario, strategies } = result;
  const columns = options.columns ? pickColumns(options.columns) : COLUMNS.slice(0, 10);
  const slo = result.slo !== undefined && (result.slo.strategies[0]?.targets.length ?? 0) > 0 ? result.slo : undefined;
  const line = (cells: string[]) => `| ${cells.map(escape).join(' | ')} |`;
  // `mark`: the SLO verdict column of the main table.
  const tableOf = (cols: readonly Column[], mark = false) => [
    line(['strategy', ...cols.map((c) => c.head.replace('\n', ' ').replace(' /', '/')), ...(mark ? ['SLO'] : [])]),
    `|${[':--', ...cols.map((c) => (c.id === 'cause' ? ':--' : '--:')), ...(mark ? [':-:'] : [])].join('|')}|`,
    ...strategies.map((s) => line([s.name, ...cols.map((c) => c.format(c.value(s), s)), ...(mark && slo ? [strategyMark(slo, s.name, false)] : [])])),
  ];
  // The store, concurrency and token figures and the scenario's highlights, as in the terminal table.
  const details = options.columns ? [] : detailColumnsFor(strategies, highlightOf(result), columns);
  return [
    `### ${escape(scenario.name)}`,
    '',
    `${measuredWindow(scenario)}, seed ${scenario.seed}, session-sim ${scenario.version}.` +
      (scenario.description ? ` ${scenario.description}` : ''),
    '',
    ...tableOf(columns, slo !== undefined),
    '',
    ...(details.length > 0 ? [...tableOf(details), ''] : []),
    ...scalingActionsMarkdown(result, escape),
    ...(slo ? [sloMarkdown(slo, escape)] : []),
    ...(costRows(strategies).length > 0 ? [costMarkdown(costRows(strategies), escape)] : []),
    `**Verdict:** ${verdict(strategies)}`,
    '',
  ].join('\n');
}
