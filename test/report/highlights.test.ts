/**
 * The lesson's numbers everywhere: for every built-in scenario, each metric its description
 * names (read with the glossary below) is one of its `highlight` metrics or a default column,
 * and every one of them appears in every format: the terminal table (compact and --wide),
 * Markdown, CSV, HTML, the replicated table and the paired differences.
 */
import { describe, expect, it } from 'vitest';
import { replicate } from '../../src/experiment/replications.js';
import { simulate, type SimulationResult } from '../../src/experiment/simulate.js';
import { metricAt, metricPaths } from '../../src/metrics/metric-paths.js';
import { renderCsv } from '../../src/report/csv.js';
import { headWords } from '../../src/report/highlights.js';
import { renderHtml } from '../../src/report/html.js';
import { renderReplicatedHtml } from '../../src/report/html-replicated.js';
import { renderIntervalTable } from '../../src/report/intervals.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { COLUMNS, DEFAULT_COLUMNS, detailColumnsFor, highlightOf, renderTable, type Column } from '../../src/report/table.js';
import { listBuiltins, loadScenario, resolveScenario } from '../../src/scenario/load.js';

/** How the descriptions name metrics: the words of the table's heads, the JSON names, loss causes and failure reasons in parentheses. */
const GLOSSARY: Array<[RegExp, string]> = [
  [/lostSessions|lost sessions|lose[s]? (?:their|nobody|none)/i, 'lostSessions'],
  [/failed requests|requests? (?:\w+ )?fail/i, 'failedRequests'],
  [/revoked tokens accepted/, 'security.revokedTokenAcceptances'],
  [/revocation exposure/, 'security.revocationExposure'],
  [/tokens issued/, 'tokens.issued'],
  [/store peak op\/s/, 'store.peakOpsPerSecond'],
  [/writesLost|writes lost/, 'store.writesLost'],
  [/lost updates/, 'lostUpdates'],
  [/lock waits/, 'store.lockWaits'],
  [/\bp50\b/, 'latency.p50'],
  [/\bp99\b/, 'latency.p99'],
  [/skew max\/mean/, 'skew.maxOverMean'],
  [/Jain index/, 'skew.jain'],
  [/the worst window/, 'skew.worstWindowMaxOverMean'],
  [/against the last window/, 'skew.finalWindowMaxOverMean'],
  [/peak memory/, 'store.peakMemoryBytes'],
  [/evictions/, 'store.evictions'],
  [/retries instead/, 'store.casRetries'],
  [/\((?:[^()]*\s)?store-loss\)/, 'lossByCause.store-loss'],
  [/\((?:[^()]*\s)?affinity-broken\)/, 'lossByCause.affinity-broken'],
  [/\(server-crash:/, 'lossByCause.server-crash'],
  [/\(token-rejected loss\)/, 'lossByCause.token-rejected'],
  [/\(balancer-down\)/, 'failuresByReason.balancer-down'],
  [/\(token-service-unavailable\)/, 'failuresByReason.token-service-unavailable'],
];

const defaultPaths = COLUMNS.filter((c) => DEFAULT_COLUMNS.includes(c.id)).flatMap((c) => c.paths ?? []);
const lines = (text: string) => text.split('\n');
/** One CSV line's fields (RFC 4180 quoting). */
const fields = (line: string) => [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"'));
/** The column's head lines each appear in the text. */
const hasHead = (text: string, c: Column) => c.head.split('\n').every((h) => text.includes(h));

describe('a scenario may name its highlight metrics', () => {
  it('by JSON path: the schema refuses a path that is no metric', () => {
    expect(metricPaths()).toEqual(expect.arrayContaining(['lostSessions', 'security.revokedTokenRejections', 'lossByCause.store-loss', 'latency.p99']));
    expect(resolveScenario({ highlight: ['store.writesLost'] }).highlight).toEqual(['store.writesLost']);
    expect(() => resolveScenario({ highlight: ['store.writesLosst'] })).toThrow(/highlight/);
    // Absent, the resolved scenario has no highlight at all (older results stay byte-identical).
    expect('highlight' in resolveScenario({})).toBe(false);
  });
});

describe.each(listBuiltins().map((b) => b.name))('%s: the metrics its description names appear in every format', (name) => {
  const config = loadScenario(name);
  const named = [...new Set(GLOSSARY.filter(([re]) => re.test(config.description)).map(([, p]) => p))];
  let result: SimulationResult;
  const run = () => (result ??= simulate(config));

  it('each metric the description names is highlighted or a default column', () => {
    expect(named.length).toBeGreaterThan(0);
    for (const p of named) expect([...(config.highlight ?? []), ...defaultPaths], p).toContain(p);
  });

  it('the table (compact and --wide), Markdown, CSV and HTML show each', () => {
    const r = run();
    const wanted = [...new Set([...(config.highlight ?? []), ...named])];
    const compact = renderTable(r, { color: false });
    const wide = renderTable(r, { color: false, wide: true });
    const markdown = renderMarkdown(r);
    const csv = lines(renderCsv(r));
    const html = renderHtml(r, config);
    for (const path of wanted) {
      for (const [format, text, shown] of [
        ['compact', compact, COLUMNS.filter((c) => DEFAULT_COLUMNS.includes(c.id))],
        ['wide', wide, COLUMNS.slice(0, 10)],
        ['markdown', markdown, COLUMNS.slice(0, 10)],
      ] as const) {
        const column = [...shown, ...detailColumnsFor(r.strategies, highlightOf(r), shown)].find((c) => c.paths?.includes(path));
        expect(column, `${format}: a column for ${path}`).toBeDefined();
        expect(hasHead(text, column!), `${format}: ${path}`).toBe(true);
        for (const s of r.strategies) {
          const row = lines(text).filter((l) => l.replace(/^\W*/, '').startsWith(`${s.name} `));
          expect(row.some((l) => l.includes(column!.format(column!.value(s), s))), `${format}: ${s.name} ${path}`).toBe(true);
        }
        if (format === 'wide') {
          const c = column!;
          const rows = r.strategies.map((s) => `<td>${c.format(c.value(s), s)}</td>`.replace(/&/g, '&amp;'));
          const htmlHead = c.head.split('\n').join('<br>');
          expect(html, `html: ${path}`).toContain(htmlHead);
          for (const cell of rows) expect(html.replace(/<td[^>]*>/g, '<td>').replace(/<\/?strong>/g, '').replace(/<span class="mark"[^>]*>▼<\/span>/g, '')).toContain(cell);
        }
      }
      const header = fields(csv[0]!);
      expect(header, `csv: ${path}`).toContain(path);
      r.strategies.forEach((s, i) => expect(fields(csv[i + 1]!)[header.indexOf(path)]).toBe(String(metricAt(s.metrics, path))));
    }
  });

  it('the replicated table and the paired differences show each', async () => {
    // Two short replications: the layout is what is checked, not the figures.
    const short = { ...config, autoWarmup: false, warmup: Math.min(config.warmup || 60, 60), duration: Math.min(config.duration, Math.max(...config.events.map((e) => e.at), 0) + 120, 600) };
    const r = await replicate(short, { replications: 2, jobs: 1, timelines: true });
    const text = renderIntervalTable(r, { color: false });
    const diffs = text.slice(text.indexOf('Paired differences'));
    // A head that ends in its unit ("revocation exposure s", "p50 ms") is named without it there ("revocation exposure −617 s").
    // The differences are the same sentences in the compact and the --wide table and in the HTML report.
    const words = (t: string) => t.replace(/\s+/g, ' ').trim();
    const wide = renderIntervalTable(r, { color: false, wide: true });
    expect(words(wide.slice(wide.indexOf('Paired differences')))).toBe(words(diffs));
    const html = renderReplicatedHtml(r);
    const items = [...html.matchAll(/<li>([^<]*) vs ([^<]*)<\/li>/g)].map((m) => `${m[1]} vs ${m[2]}`.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"'));
    expect(items.map(words)).toEqual(r.differences.map((d) => words(diffs.slice(diffs.indexOf(`${d.strategy} vs `)).split(/\n {2}(?=\S)/)[0]!)));
    const htmlDiffs = html.slice(html.indexOf('<ul class="differences">'), html.indexOf('</ul>', html.indexOf('<ul class="differences">')));
    for (const path of [...new Set([...(config.highlight ?? []), ...named])]) {
      const shown = COLUMNS.filter((c) => DEFAULT_COLUMNS.includes(c.id));
      const column = [...shown, ...detailColumnsFor([], highlightOf(r), shown)].find((c) => c.paths?.includes(path));
      expect(hasHead(text, column!), `replicated: ${path}`).toBe(true);
      // The replicated HTML report: the column (its head's lines, as <br>) with a figure per strategy.
      expect(html, `replicated html: ${path}`).toContain(`<th>${column!.head.split('\n').join('<br>')}</th>`);
      if (!defaultPaths.includes(path)) {
        for (const d of r.differences) {
          expect(diffs.replace(/\s+/g, ' '), `${d.strategy}: ${path}`).toContain(headWords(column!.head).replace(/ m?s$/, ''));
          expect(htmlDiffs, `replicated html, ${d.strategy}: ${path}`).toContain(`<li>${d.strategy} vs ${d.baseline}:`);
          expect(htmlDiffs.replace(/\s+/g, ' '), `replicated html, ${d.strategy}: ${path}`).toContain(headWords(column!.head).replace(/ m?s$/, ''));
        }
      }
    }
  }, 60_000);
});
