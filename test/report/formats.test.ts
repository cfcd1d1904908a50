/**
 * The table (compact, wide, chosen columns, ASCII), CSV and Markdown: each carries the same
 * figures as the JSON contract, in the layout its reader expects.
 */
import { describe, expect, it } from 'vitest';
import { renderCsv } from '../../src/report/csv.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { COLUMN_IDS, DEFAULT_COLUMNS, renderTable } from '../../src/report/table.js';
import { loadScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/experiment/simulate.js';

const result = simulate(loadScenario('server-crash'));
const width = (text: string) => Math.max(...text.split('\n').map((l) => [...l].length));

describe('the table', () => {
  it('by default fits 80 columns and shows lost sessions, their cause, failed requests, p99 and skew', () => {
    const text = renderTable(result, { color: false });
    expect(width(text)).toBeLessThanOrEqual(80);
    expect(DEFAULT_COLUMNS).toEqual(['lost', 'cause', 'failed', 'p99', 'skew']);
    const row = text.split('\n').find((l) => l.startsWith('sticky-cookie'))!;
    const m = result.strategies[0]!.metrics;
    expect(row.split(/\s{2,}/)).toEqual(['sticky-cookie', `${m.lostSessions} (${(m.sessionLossRate * 100).toFixed(2)}%)`, 'server-crash', `${m.failedRequests} (${(m.failedRate * 100).toFixed(2)}%)`, m.latency.p99.toFixed(1), m.skew.maxOverMean.toFixed(2)]);
  });

  it('--wide shows the ten classic columns in a box; --columns picks any, in order', () => {
    const wide = renderTable(result, { color: false, wide: true });
    expect(wide).toContain('┌');
    for (const head of ['sessions', 'p50', 'Jain', 'peak op/s', 'bytes']) expect(wide).toContain(head);
    const picked = renderTable(result, { color: false, columns: ['bytes', 'store'] });
    const header = picked.split('\n').find((l) => l.includes('strategy'))!;
    expect(header.indexOf('/req')).toBeLessThan(header.indexOf('peak op/s'));
    expect(COLUMN_IDS).toEqual(expect.arrayContaining(['p95', 'throughput', 'window-skew', 'store-wait']));
  });

  it('ASCII mode uses no character above 127', () => {
    for (const wide of [false, true]) {
      const text = renderTable(result, { color: false, ascii: true, wide });
      expect([...text.replace(/[≤×]/g, '')].every((c) => c.charCodeAt(0) < 128)).toBe(true);
    }
  });
});

describe('CSV', () => {
  it('one header and one row per strategy, every metric as a JSON-path column with the JSON value', () => {
    const lines = renderCsv(result).trimEnd().split('\n');
    expect(lines).toHaveLength(1 + result.strategies.length);
    const header = lines[0]!.split(',');
    expect(header.slice(0, 4)).toEqual(['scenario', 'seed', 'strategy', 'type']);
    expect(header).toEqual(expect.arrayContaining(['latency.p99', 'lossByCause.affinity-broken', 'skew.jain', 'store.peakOpsPerSecond']));
    result.strategies.forEach((s, i) => {
      const cells = lines[i + 1]!.split(',');
      expect(cells).toHaveLength(header.length);
      expect(cells[header.indexOf('strategy')]).toBe(s.name);
      expect(Number(cells[header.indexOf('latency.p99')])).toBe(s.metrics.latency.p99);
      expect(Number(cells[header.indexOf('lostSessions')])).toBe(s.metrics.lostSessions);
    });
  });

  it('quotes fields holding commas or quotes (RFC 4180)', () => {
    const named = { ...result, scenario: { ...result.scenario, name: 'Crash, "at peak"' } };
    expect(renderCsv(named).split('\n')[1]!.startsWith('"Crash, ""at peak""",42,')).toBe(true);
  });
});

describe('Markdown', () => {
  it('a GitHub table with an alignment row, one row per strategy, and the verdict', () => {
    const md = renderMarkdown(result);
    const rows = md.split('\n').filter((l) => l.startsWith('|'));
    expect(rows).toHaveLength(2 + result.strategies.length);
    expect(rows[1]).toMatch(/^\|:--\|--:\|/);
    expect(rows[2]).toContain('| sticky-cookie |');
    expect(md).toContain('**Verdict:**');
    expect(md.startsWith('### Server crash at peak')).toBe(true);
  });
});
