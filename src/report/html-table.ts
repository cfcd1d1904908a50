/**
 * The HTML comparison tables: one row per strategy, the best and the worst cell of each
 * judged column marked, and only where the figures really differ.
 *
 * - A single run: by the value as printed. Two cells that read the same ("1.00" and "1.00")
 *   are a tie and get the same mark (or none), whatever digits the rounding hid.
 * - Replications: by the paired difference over the replications (common random numbers, so
 *   pairing removes the noise both share). A cell is the best when its difference from the
 *   column's best mean is not significant while its difference from the worst mean is (the 95%
 *   interval of the paired difference excludes 0), and the worst the other way round; when
 *   the best and the worst means cannot be told apart, nothing is marked.
 *
 * The marks are told without hue (bold on grey for the best, ▼ for the worst, html-css.ts)
 * because the hues belong to the strategies; each strategy's name carries its chart colour.
 */
import { escapeXml } from './svg.js';
import { NO_VALUE } from './table.js';

export type Mark = 'best' | 'worst' | '';

export interface TableColumn {
  head: string;
  /** Left-aligned text (a loss cause) rather than a figure. */
  text?: boolean;
}

export interface TableRow {
  name: string;
  /** The strategy's chart colour and dash (a swatch beside its name); absent: no swatch. */
  style?: { color: string; dash?: string };
  cells: ReadonlyArray<{ text: string; mark: Mark }>;
}

/**
 * Marks of one column: `order` says which of two strategies is better (negative: the first),
 * `apart` whether two strategies' figures really differ. Returns one mark per strategy.
 */
export function columnMarks(count: number, order: (a: number, b: number) => number, apart: (a: number, b: number) => boolean): Mark[] {
  if (count < 2) return Array.from({ length: count }, () => '');
  const ranked = Array.from({ length: count }, (_, i) => i).sort((a, b) => order(a, b) || a - b);
  const best = ranked[0]!;
  const worst = ranked[count - 1]!;
  if (!apart(best, worst)) return Array.from({ length: count }, () => '');
  return Array.from({ length: count }, (_, i) => {
    const likeBest = i === best || !apart(i, best);
    const likeWorst = i === worst || !apart(i, worst);
    if (likeBest && !likeWorst) return 'best';
    if (likeWorst && !likeBest) return 'worst';
    return '';
  });
}

/** A single run's marks: by the value, tied where the printed text is the same. */
export function singleRunMarks(values: readonly number[], texts: readonly string[], lowerIsBetter: boolean | null): Mark[] {
  if (lowerIsBetter === null) return values.map(() => '');
  const sign = lowerIsBetter ? 1 : -1;
  // "-" is no figure (no store, no successful request): neither best nor worst, and not compared.
  const rated = values.map((_, i) => i).filter((i) => texts[i] !== NO_VALUE);
  const marks = columnMarks(rated.length, (a, b) => sign * (values[rated[a]!]! - values[rated[b]!]!), (a, b) => texts[rated[a]!] !== texts[rated[b]!]);
  const out: Mark[] = values.map(() => '');
  rated.forEach((i, k) => (out[i] = marks[k]!));
  return out;
}

/** A small line in the strategy's colour and dash, as its lines are drawn in the charts. */
export function swatch(style: { color: string; dash?: string }): string {
  const dash = style.dash ? ` stroke-dasharray="${escapeXml(style.dash)}"` : '';
  return `<svg class="swatch" width="22" height="10" viewBox="0 0 22 10" aria-hidden="true"><line x1="1" x2="21" y1="5" y2="5" stroke="${escapeXml(style.color)}" stroke-width="3"${dash}/></svg>`;
}

function cell(text: string, mark: Mark, isText: boolean): string {
  const cls = [isText ? 'text' : '', mark].filter(Boolean).join(' ');
  const attr = cls ? ` class="${cls}"` : '';
  const body = escapeXml(text);
  if (mark === 'best') return `<td${attr} title="best of the column"><strong>${body}</strong></td>`;
  if (mark === 'worst') return `<td${attr} title="worst of the column"><span class="mark" aria-label="worst">▼</span>${body}</td>`;
  return `<td${attr}>${body}</td>`;
}

export function comparisonTableHtml(columns: readonly TableColumn[], rows: readonly TableRow[]): string {
  const head = `<tr><th>strategy</th>${columns.map((c) => `<th>${c.head.split('\n').map(escapeXml).join('<br>')}</th>`).join('')}</tr>`;
  const body = rows.map((r) => {
    const name = `${r.style ? swatch(r.style) : ''}<b>${escapeXml(r.name)}</b>`;
    return `<tr><td>${name}</td>${r.cells.map((c, i) => cell(c.text, c.mark, columns[i]?.text === true)).join('')}</tr>`;
  });
  return `<table class="comparison"><thead>${head}</thead><tbody>${body.join('')}</tbody></table>`;
}

/** The key under a marked table: what bold, grey and ▼ mean, and when nothing is marked. */
export function marksKey(replications?: number): string {
  const rule =
    replications === undefined
      ? 'Cells that read the same are a tie and are marked alike.'
      : `Marked only where the paired difference over the ${replications} replications (95% interval) excludes 0; unmarked cells cannot be told apart from the best or the worst.`;
  return `<p class="key"><strong>Bold on grey</strong>: the best of its column; <span aria-hidden="true">▼</span> the worst. ${escapeXml(rule)}</p>`;
}
