/**
 * The sweep's HTML report charts and tabulates what its terminal table shows (issue 13): the
 * decision metrics, then the scenario's highlights and the notable non-zero figures, each on
 * its own scale; a scenario with neither keeps its three charts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderSweepHtml } from '../../src/report/sweep-html.js';
import { JWT_SWEEP, smallCrash, sweepOf } from '../helpers/sweep.js';

/** The cells of the table under the section headed `title`, row by row. */
function tableUnder(html: string, title: string): string[][] {
  const section = html.split('<h2>').find((s) => s.startsWith(`${title}</h2>`));
  expect(section, `no section "${title}"`).toBeDefined();
  const body = section!.slice(section!.indexOf('<tbody>'), section!.indexOf('</tbody>'));
  return body.split('<tr>').slice(1).map((r) => [...r.matchAll(/<td>([^<]*)<\/td>/g)].map((m) => m[1]!));
}

describe('the sweep HTML shows the highlighted and notable figures', () => {
  it('jwt-revocation: a chart and a table of revocation exposure in seconds, non-zero for the expiring JWTs, 0 for the deny-list', async () => {
    const html = renderSweepHtml(await sweepOf(JWT_SWEEP));
    for (const t of ['revocation exposure (s)', 'revoked tokens accepted', 'tokens issued', 'store peak op/s']) expect(html).toContain(`<h2>${t}</h2>`);
    expect(html).toContain('aria-label="revocation exposure (s) against clients.arrivalRate"');
    const rows = tableUnder(html, 'revocation exposure (s)');
    expect(rows.map((r) => r[0])).toEqual(['0.5', '1']);
    for (const [, jwt15, , deny, redis] of rows) {
      expect(parseFloat(jwt15!)).toBeGreaterThan(100);
      expect([deny, redis]).toEqual(['0', '0']);
    }
    expect(html).not.toMatch(/NaN|undefined/);
  }, 60_000);

  it('a scenario without highlights or notable figures: the three decision charts only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'session-sim-sweep-html-'));
    const file = join(dir, 'small.json');
    writeFileSync(file, JSON.stringify(smallCrash()));
    const html = renderSweepHtml(await sweepOf(['sweep', file, '--param', 'servers.count=2,3', '--replications', '2']));
    expect([...html.matchAll(/<h2>([^<]*)<\/h2>/g)].map((m) => m[1])).toEqual(['session loss rate (%)', 'latency p99 (ms)', 'skew max/mean']);
  }, 60_000);

  it('param values at the ends of the doubles (±1e308): every coordinate finite (the span overflowed to Infinity: x1="NaN")', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'session-sim-sweep-html-'));
    const file = join(dir, 'small.json');
    writeFileSync(file, JSON.stringify(smallCrash()));
    const result = await sweepOf(['sweep', file, '--param', 'servers.count=2,3', '--replications', '2']);
    const values = [1e308, -1e308];
    result.sweep.params[0]!.values = values;
    result.points.forEach((p, i) => (p.params['servers.count'] = values[i]));
    const html = renderSweepHtml(result);
    expect(html).toContain('aria-label="latency p99 (ms) against servers.count"');
    expect(html).not.toMatch(/NaN|Infinity|undefined/);
    const xs = [...html.matchAll(/<circle cx="([^"]+)"/g)].map((m) => Number(m[1]));
    expect(xs.length).toBeGreaterThan(0);
    // 1e308 at the right end of the plot, -1e308 at the left (64 … 944).
    expect(Math.max(...xs)).toBe(944);
    expect(Math.min(...xs)).toBe(64);
  }, 60_000);
});
