/**
 * Users who lose their session (clients.onSessionLoss): the logins they come back with
 * (`relogins`) and those who leave (`abandonedSessions`) join the table's detail block when
 * some strategy has one, in every format that has a table; with `continue` they stay out.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/experiment/simulate.js';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderTable } from '../../src/report/table.js';
import { resolveScenario } from '../../src/scenario/load.js';

const scenario = (onSessionLoss: string) =>
  resolveScenario({
    name: 'A crash, and what users do next',
    seed: 3,
    duration: '4m',
    warmup: '30s',
    clients: { arrivalRate: 3, onSessionLoss, relogin: { abandonProbability: 0.3 } },
    servers: { count: 3 },
    events: [{ at: '2m', type: 'server-crash', server: 0, downFor: '30s' }],
    strategies: [{ type: 'sticky' }, { type: 'external' }],
  });

describe('relogins and abandoned sessions in the detail block', () => {
  it('abandon: both figures under sticky-cookie, 0 under redis, in the terminal (compact, --wide), markdown and HTML', () => {
    const config = scenario('abandon');
    const result = simulate(config);
    const [sticky, redis] = result.strategies;
    expect(sticky!.metrics.relogins).toBeGreaterThan(0);
    expect(sticky!.metrics.abandonedSessions).toBeGreaterThan(0);
    expect([redis!.metrics.relogins, redis!.metrics.abandonedSessions]).toEqual([0, 0]);
    const m = sticky!.metrics;
    const row = (text: string, name: string) => text.split('\n').filter((l) => l.includes(name));
    for (const wide of [false, true]) {
      const text = renderTable(result, { color: false, wide });
      expect(text).toContain('relogins');
      expect(text).toContain('abandoned');
      expect(row(text, 'sticky-cookie').some((l) => new RegExp(`\\b${m.relogins}\\b.*\\b${m.abandonedSessions}\\b`).test(l)), `wide ${wide}`).toBe(true);
    }
    const md = renderMarkdown(result);
    expect(md).toMatch(/\| relogins \| abandoned sessions \|/);
    expect(md).toContain(`| ${m.relogins} | ${m.abandonedSessions} |`);
    const html = renderHtml(result, config);
    expect(html).toContain('abandoned<br>sessions');
  });

  it('continue: nobody logs in again or leaves, and neither column is shown', () => {
    const result = simulate(scenario('continue'));
    const text = renderTable(result, { color: false });
    expect(text).not.toContain('relogins');
    expect(text).not.toContain('abandoned');
  });
});
