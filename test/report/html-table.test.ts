/**
 * The HTML comparison table marks the best and the worst cell of a column only where the
 * figures differ: equal printed values are a tie (the same mark), and with replications only
 * a significant paired difference counts. The marks are told without hue (bold, ▼).
 */
import { describe, expect, it } from 'vitest';
import { columnMarks, comparisonTableHtml, singleRunMarks } from '../../src/report/html-table.js';
import { renderHtml } from '../../src/report/html.js';
import { CSS, scrollableTables } from '../../src/report/html-css.js';
import { loadScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/experiment/simulate.js';

describe('single-run marks', () => {
  it('two cells that read the same are a tie: the same mark, never best and worst', () => {
    // 1.004 and 0.996 both print as "1.00": no column difference to show.
    expect(singleRunMarks([1.004, 0.996], ['1.00', '1.00'], true)).toEqual(['', '']);
    // Three strategies, two tied at the best printed value: both bold, the third the worst.
    expect(singleRunMarks([1.001, 0.999, 1.5], ['1.00', '1.00', '1.50'], true)).toEqual(['best', 'best', 'worst']);
    expect(singleRunMarks([3, 2, 1], ['3', '2', '1'], false)).toEqual(['best', '', 'worst']);
  });

  it('marks nothing in a column without a judgement or with one strategy', () => {
    expect(singleRunMarks([1, 2], ['1', '2'], null)).toEqual(['', '']);
    expect(singleRunMarks([1], ['1'], true)).toEqual(['']);
  });
});

describe('marks by significance', () => {
  it('a strategy that cannot be told from both the best and the worst is unmarked', () => {
    // Means 1 < 2 < 3; 1 vs 3 differ, 2 differs from neither.
    const means = [1, 2, 3];
    const apart = (a: number, b: number) => Math.abs(means[a]! - means[b]!) > 1.5;
    expect(columnMarks(3, (a, b) => means[a]! - means[b]!, apart)).toEqual(['best', '', 'worst']);
    // Best and worst not apart: nothing is marked, even though the means differ.
    expect(columnMarks(3, (a, b) => means[a]! - means[b]!, () => false)).toEqual(['', '', '']);
  });
});

describe('the rendered table', () => {
  it('puts the best in bold and the worst behind ▼, no colour class without a mark', () => {
    const html = comparisonTableHtml([{ head: 'p99\nms' }], [
      { name: 'a', cells: [{ text: '1.0', mark: 'best' }] },
      { name: 'b', cells: [{ text: '2.0', mark: 'worst' }] },
      { name: 'c', cells: [{ text: '1.5', mark: '' }] },
    ]);
    expect(html).toContain('<td class="best" title="best of the column"><strong>1.0</strong></td>');
    expect(html).toContain('<td class="worst" title="worst of the column"><span class="mark" aria-label="worst">▼</span>2.0</td>');
    expect(html).toContain('<td>1.5</td>');
    expect(html).toContain('<th>p99<br>ms</th>');
  });

  it('in a real report, no column has a best and a worst cell that read the same', () => {
    const config = loadScenario('server-crash');
    const html = renderHtml(simulate(config), config);
    const tables = [...html.matchAll(/<table class="comparison">([\s\S]*?)<\/table>/g)].map((m) => m[1]!);
    expect(tables.length).toBeGreaterThan(0);
    for (const t of tables) {
      const rows = [...t.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].slice(1).map((r) => [...r[1]!.matchAll(/<td([^>]*)>([\s\S]*?)<\/td>/g)].map((c) => ({ cls: c[1]!, text: c[2]!.replace(/<[^>]+>|▼/g, '') })));
      for (let k = 1; k < (rows[0]?.length ?? 0); k++) {
        const best = rows.filter((r) => r[k]!.cls.includes('best')).map((r) => r[k]!.text);
        const worst = rows.filter((r) => r[k]!.cls.includes('worst')).map((r) => r[k]!.text);
        for (const b of best) expect(worst).not.toContain(b);
        // Every cell that reads like a marked one carries the same mark.
        for (const r of rows) if (best.includes(r[k]!.text)) expect(r[k]!.cls).toContain('best');
      }
    }
    // Every table sits in a box that scrolls sideways when the page is narrower.
    expect((html.match(/<table/g) ?? []).length).toBe((html.match(/<div class="table-scroll"><table/g) ?? []).length);
  });

  it('wraps every table, whoever wrote it, in a scroll box', () => {
    expect(scrollableTables('<p>x</p><table class="a"><tr><td>1</td></tr></table>')).toBe('<p>x</p><div class="table-scroll"><table class="a"><tr><td>1</td></tr></table></div>');
  });
});

describe('the print stylesheet', () => {
  it('prints black on white, tables whole (no scroll box), no chart or table split across pages', () => {
    const print = CSS.slice(CSS.indexOf('@media print'));
    expect(print).toMatch(/body, main \{ background: #fff; color: #000; \}/);
    expect(print).toMatch(/\.table-scroll \{ overflow: visible; \}/);
    expect(print).toMatch(/figure, table, \.table-scroll, svg\.chart, \.verdict \{ break-inside: avoid; page-break-inside: avoid; \}/);
    // On screen a wide table scrolls in its box instead of widening the page.
    expect(CSS.slice(0, CSS.indexOf('@media'))).toContain('.table-scroll { overflow-x: auto; max-width: 100%;');
  });
});
