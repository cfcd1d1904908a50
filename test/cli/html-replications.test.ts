/**
 * `run --replications N --html FILE`: the HTML report of a replicated run. The table shows
 * every figure as mean ± its 95% half-width, the charts over time a band per strategy from
 * the replications, and the file is the same bytes whatever --jobs ran the replications.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { smallCrash } from '../helpers/sweep.js';

const dir = mkdtempSync(join(tmpdir(), 'session-sim-html-rep-'));
const scenario = join(dir, 'small.json');
writeFileSync(scenario, JSON.stringify(smallCrash({ strategies: [{ type: 'sticky', affinity: 'cookie' }, { type: 'external' }, { type: 'jwt' }] })));
const smallCrashFile = () => scenario;
// Worker threads need the built command (dist/); the in-process CLI runs on the main thread.
const bin = join(import.meta.dirname, '../../dist/cli/main.js');
const run = promisify(execFile);

describe('run --replications --html', () => {
  it('writes the same report for --jobs 1 and --jobs 2, with intervals in the table and bands on the charts', async () => {
    const [one, two] = [join(dir, 'one.html'), join(dir, 'two.html')];
    expect(existsSync(bin), 'run `npm run build` first (npm install does it through `prepare`)').toBe(true);
    const a = await cli(['run', smallCrashFile(), '--replications', '3', '--jobs', '1', '--html', one]);
    const b = await run(process.execPath, [bin, 'run', smallCrashFile(), '--replications', '3', '--jobs', '2', '--html', two]);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stderr).toContain('on the main thread');
    expect(b.stderr).toContain('on 2 worker threads');
    const html = readFileSync(one, 'utf8');
    expect(readFileSync(two, 'utf8')).toBe(html);
    // The terminal table still goes to stdout.
    expect(a.stdout).toMatch(/\+\/-\d/);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(/i);
    const comparison = html.slice(html.indexOf('<section id="comparison">'), html.indexOf('</section>', html.indexOf('<section id="comparison">')));
    expect(comparison).toContain('3 replications');
    // Every strategy row carries intervals ("2.70% ±0.30").
    const rows = [...comparison.matchAll(/<tr><td>[\s\S]*?<\/tr>/g)].map((m) => m[0]);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const r of rows.slice(0, 3)) expect(r).toMatch(/\d ±\d/);
    expect(comparison).toContain('Paired differences');
    // Bands: one per strategy on each chart over time (failed, p99, lost, busiest server, sessions), and the store chart's one.
    const overTime = html.slice(html.indexOf('<section id="over-time">'));
    for (const id of ['failed-over-time', 'p99-over-time', 'lost-over-time', 'busiest-over-time', 'active-over-time']) {
      const fig = overTime.slice(overTime.indexOf(`id="${id}"`), overTime.indexOf('</figure>', overTime.indexOf(`id="${id}"`)));
      expect((fig.match(/<path class="band"/g) ?? []).length, id).toBe(3);
      expect((fig.match(/<path class="series"/g) ?? []).length, id).toBe(3);
    }
    expect((overTime.match(/<path class="band" data-series="redis"/g) ?? []).length).toBe(6);
    // The latency percentile plot: a mean line and a band per strategy over the replications.
    const latency = html.slice(html.indexOf('<section id="latency">'), html.indexOf('</section>', html.indexOf('<section id="latency">')));
    expect((latency.match(/<path class="band"/g) ?? []).length).toBe(3);
    expect(latency).toContain('Pooled over all replications');
    // Nobody is revoked in the crash: no revocation section (it is only where revocation happens).
    expect(html).not.toContain('<section id="revocation">');
  });

  it('has a revocation section where sessions are revoked: a mean line and a band per strategy, refusals only for those that refuse', async () => {
    const file = join(dir, 'revoked.json');
    const out = join(dir, 'revoked.html');
    const clients = { arrivalRate: 3, requestsPerSession: { dist: 'geometric', mean: 30 }, thinkTime: { dist: 'exponential', mean: '2s' }, revocation: { share: 0.3, after: { dist: 'uniform', min: '0s', max: '40s' } } };
    const strategies = [{ name: 'jwt', type: 'jwt', accessTtl: '15m' }, { name: 'deny', type: 'jwt', accessTtl: '15m', revocation: 'deny-list' }, { name: 'redis', type: 'external' }];
    writeFileSync(file, JSON.stringify(smallCrash({ clients, strategies, events: [] })));
    const r = await cli(['run', file, '--replications', '3', '--jobs', '1', '--html', out]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(out, 'utf8');
    const start = html.indexOf('<section id="revocation">');
    expect(start, 'a revocation section').toBeGreaterThan(0);
    const revocation = html.slice(start, html.indexOf('</section>', start));
    const figure = (id: string) => revocation.slice(revocation.indexOf(`id="${id}"`), revocation.indexOf('</figure>', revocation.indexOf(`id="${id}"`)));
    for (const id of ['revocation-usable', 'revocation-accepted']) {
      expect((figure(id).match(/<path class="band"/g) ?? []).length, id).toBe(3);
      expect((figure(id).match(/<path class="series"/g) ?? []).length, id).toBe(3);
      expect(figure(id), id).toContain('the mean over the 3 replications');
    }
    // The jwt without a deny-list accepts revoked tokens, and the caption quotes the table's interval.
    expect(figure('revocation-accepted')).toMatch(/jwt \d+ ±\d+/);
    // Only the deny-list refuses revoked tokens: one line and one band on the refusals chart.
    const refused = figure('revocation-rejections');
    expect(refused).toContain('<path class="band" data-series="deny"');
    expect((refused.match(/<path class="band"/g) ?? []).length).toBe(1);
  });

  it('--timeline and --columns still show one run only (usage error, exit 2)', async () => {
    const r = await cli(['run', smallCrashFile(), '--replications', '2', '--columns', 'lost']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--timeline and --columns show one run');
  });
});
