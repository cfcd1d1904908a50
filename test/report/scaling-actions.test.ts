/**
 * The autoscaler's actions (time, from, to, why) in every report that has a table: under the
 * terminal table (compact and --wide), in markdown and HTML as a table of every action, in CSV
 * as one field per strategy; each the same actions as the JSON's `autoscaler-scale` events.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/experiment/simulate.js';
import { renderCsv } from '../../src/report/csv.js';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { scalingActions, TERMINAL_ROWS } from '../../src/report/scaling-actions.js';
import { renderTable } from '../../src/report/table.js';
import { formatDuration } from '../../src/scenario/units.js';
import { resolveScenario } from '../../src/scenario/load.js';

// A flash crowd (×4 for 3 minutes) meets an HPA whose scale-down window is cut to 60 s: it scales
// out during the spike and back in after it, so both kinds of action appear.
const config = resolveScenario({
  name: 'Spike with an HPA',
  seed: 5,
  duration: '10m',
  warmup: '1m',
  clients: { arrivalRate: 4, requestsPerSession: 5, thinkTime: '2s', profile: { type: 'spike', at: '2m', duration: '3m', factor: 4 } },
  servers: { count: 3, workers: 4, serviceTime: { dist: 'exponential', mean: '100ms' } },
  autoscaler: { type: 'hpa', target: 0.5, maxReplicas: 12, bootTime: '10s', behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } },
  strategies: [{ type: 'sticky' }, { type: 'external' }],
});
const result = simulate(config);
const all = result.strategies.flatMap((s) => s.events.filter((e) => e.type === 'autoscaler-scale').map((e) => ({ s: s.name, e })));

describe('scaling actions', () => {
  it('the scenario scales out and back in under each strategy', () => {
    for (const s of result.strategies) {
      const kinds = s.events.filter((e) => e.type === 'autoscaler-scale').map((e) => Math.sign(Number(e.details.to) - Number(e.details.from)));
      expect(kinds, s.name).toContain(1);
      expect(kinds, s.name).toContain(-1);
    }
  });

  it('merge only identical actions: every event is in exactly one row, which names its strategy', () => {
    const rows = scalingActions(result.strategies);
    expect(rows.reduce((n, a) => n + a.strategies.length, 0)).toBe(all.length);
    for (const { s, e } of all) {
      const hits = rows.filter((a) => a.at === e.at && a.strategies.includes(s));
      expect(hits, `${s} at ${e.at}`).toHaveLength(1);
      expect([hits[0]!.from, hits[0]!.to]).toEqual([e.details.from, e.details.to]);
      expect(hits[0]!.why).toContain(String(e.details.reason));
    }
    expect(rows.map((a) => a.at)).toEqual([...rows.map((a) => a.at)].sort((x, y) => x - y));
  });

  it('under the terminal table: each action with its time, sizes and reason, within 80 columns', () => {
    for (const wide of [false, true]) {
      const text = renderTable(result, { color: false, ascii: true, wide });
      const block = text.slice(text.indexOf('Scaling actions (HPA)'));
      expect(block.length, `wide ${wide}`).toBeLessThan(text.length);
      const lines = block.split('\n');
      for (const l of lines.slice(0, lines.indexOf(''))) expect(l.length, l).toBeLessThanOrEqual(80);
      const shown = scalingActions(result.strategies, true).slice(0, TERMINAL_ROWS);
      for (const a of shown) {
        const who = a.strategies.length === result.strategies.length ? 'every strategy' : a.strategies.join(', ');
        const row = lines.find((l) => l.includes(` ${formatDuration(a.at)} `) && l.includes(`${a.from} -> ${a.to}`) && l.startsWith(who));
        expect(row, `${who} ${formatDuration(a.at)} ${a.from} -> ${a.to}`).toBeDefined();
        // The reason starts on that row (it may wrap onto the next).
        expect(row).toContain(a.why.split(' ').slice(0, 2).join(' '));
      }
      const rest = scalingActions(result.strategies, true).length - shown.length;
      if (rest > 0) expect(block).toContain(`... ${rest} more: --format markdown lists every action`);
    }
  });

  it('markdown and HTML: a table row per action; CSV: each strategy its own actions in one field', () => {
    const rows = scalingActions(result.strategies);
    const md = renderMarkdown(result).split('\n');
    const html = renderHtml(result, config);
    for (const a of rows) {
      const who = a.strategies.length === result.strategies.length ? 'every strategy' : a.strategies.join(', ');
      expect(md).toContain(`| ${formatDuration(a.at)} | ${who} | ${a.from} | ${a.to} | ${a.why} |`);
      expect(html).toContain(`<tr><td>${formatDuration(a.at)}</td><td class="text">${who}</td><td>${a.from}</td><td>${a.to}</td>`);
    }
    const csv = renderCsv(result).trim().split('\n');
    const header = csv[0]!.split(',');
    const col = header.indexOf('scalingActions');
    expect(col).toBeGreaterThan(0);
    result.strategies.forEach((s, i) => {
      const field = csv[i + 1]!;
      for (const e of s.events.filter((x) => x.type === 'autoscaler-scale')) expect(field).toContain(`${e.at}s ${e.details.from}->${e.details.to} ${e.details.reason}`);
    });
  });

  it('HTML fleet chart: a ▲ marker per scale-out and a ▼ per scale-in at its time, labelled from→to, its reason in the tooltip', () => {
    const html = renderHtml(result, config);
    const fleet = html.slice(html.indexOf('<figure class="fleet">'), html.indexOf('</figure>', html.indexOf('<figure class="fleet">')));
    const labels = [...fleet.matchAll(/<g class="marker"><title>([^<]*)<\/title>.*?<text[^>]*>([^<]*)<\/text><\/g>/g)].map((m) => ({ title: m[1]!, label: m[2]! }));
    const rows = scalingActions(result.strategies, true);
    expect(rows.length).toBeGreaterThan(1);
    for (const a of rows) {
      const arrow = a.to > a.from ? '▲' : '▼';
      const mark = labels.find((l) => l.label === `${arrow} ${a.from}→${a.to}` && l.title.startsWith(`t=${formatDuration(a.at)} autoscaler ${a.to > a.from ? 'scale-out' : 'scale-in'}`));
      expect(mark, `${formatDuration(a.at)} ${a.from}→${a.to}`).toBeDefined();
    }
    expect(labels.filter((l) => /^[▲▼] /.test(l.label))).toHaveLength(rows.length);
    expect(fleet).toContain('▲ marks an autoscaler scale-out and ▼ a scale-in');
  });

  it('without an autoscaler nothing is added', () => {
    const fixed = simulate(resolveScenario({ name: 'fixed', seed: 1, duration: '2m', warmup: '10s', clients: { arrivalRate: 2 }, strategies: [{ type: 'sticky' }] }));
    expect(renderTable(fixed, { color: false })).not.toContain('Scaling actions');
    expect(renderMarkdown(fixed)).not.toContain('Scaling actions');
    expect(renderCsv(fixed).split('\n')[0]).not.toContain('scalingActions');
    expect(renderHtml(fixed, fixed.config!)).not.toMatch(/>[▲▼] \d+→\d+</);
  });
});
