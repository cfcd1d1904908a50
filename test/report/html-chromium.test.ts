/**
 * The HTML report rendered by a real browser: headless Chromium takes a screenshot and we
 * check that the charts were drawn (their colours are on the page), and lays out every
 * built-in scenario's report (and a replicated one) in an 800 px wide window to check that
 * nothing is wider than the page. Skipped, with a message, only where Chromium is not
 * installed (.ci/run installs it).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { loadScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/experiment/simulate.js';
import { listBuiltins } from '../../src/scenario/load.js';
import { replicate } from '../../src/experiment/replications.js';
import { renderReplicatedHtml } from '../../src/report/html-replicated.js';
import { countColor, readPng } from '../helpers/png.js';
import { findChromium, measureLayouts } from '../helpers/browser.js';

const chromium = findChromium();
if (!chromium) console.warn('html-chromium.test.ts: SKIPPED - no chromium on PATH (apt-get install chromium; .ci/run does it)');

describe.skipIf(!chromium)('the HTML report in headless Chromium', () => {
  it('renders the charts: the palette colours of the lines and bars are on the screenshot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'session-sim-html-'));
    const config = loadScenario('server-crash');
    const page = join(dir, 'report.html');
    writeFileSync(page, renderHtml(simulate(config), config));
    const png = join(dir, 'report.png');
    execFileSync(
      chromium!,
      ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--hide-scrollbars', `--user-data-dir=${join(dir, 'profile')}`, '--window-size=1100,3600', `--screenshot=${png}`, `file://${page}`],
      { stdio: 'ignore', timeout: 60_000 },
    );
    expect(existsSync(png)).toBe(true);
    const img = readPng(readFileSync(png));
    expect([img.width, img.height]).toEqual([1100, 3600]);
    // Strategy lines 1.8 px wide over ~900 px, drawn in alternating dashes where they coincide
    // (a quarter of each line with four strategies): over a thousand pixels per colour.
    expect(countColor(img, '#0072B2')).toBeGreaterThan(600); // the first strategy (Okabe–Ito blue)
    expect(countColor(img, '#E69F00')).toBeGreaterThan(600); // the second strategy (Okabe–Ito orange)
    expect(countColor(img, '#3a3a3a')).toBeGreaterThan(2000); // the server-crash bars (a hue-free fill)
    // The verdict's green box and the table header are drawn too.
    expect(countColor(img, '#f3f8f3', 2)).toBeGreaterThan(5000);
  });

  it('lays out every built-in report at 800 px without anything wider than the page, and draws every chart', async () => {
    // Every built-in at its own length (≈ 13 s of simulation CPU in all), then one browser start for all of them.
    const pages = listBuiltins().map((b) => {
      const config = loadScenario(b.name);
      return { name: b.name, html: renderHtml(simulate(config), config) };
    });
    const crash = loadScenario('server-crash');
    pages.push({ name: 'server-crash --replications 2', html: renderReplicatedHtml(await replicate(crash, { replications: 2, jobs: 1, timelines: true })) });
    const layouts = measureLayouts(chromium!, pages, 800);
    expect(layouts.map((l) => l.name)).toEqual(pages.map((p) => p.name));
    for (const l of layouts) {
      expect(l.error, l.name).toBeUndefined();
      expect(l.viewport, l.name).toBe(800);
      // The page does not scroll sideways: no element passes its right edge...
      expect(l.scrollWidth, l.name).toBeLessThanOrEqual(800);
      expect(l.overflowing, l.name).toEqual([]);
      // ...and a table either fits or scrolls inside its own box.
      expect(l.tables, l.name).toBeGreaterThan(0);
      expect(l.tablesUnboxed, l.name).toBe(0);
      // Every chart has a size on screen, within the page, and its lines or bars are drawn.
      const html = pages.find((p) => p.name === l.name)!.html;
      const charts = [...html.matchAll(/<svg[^>]*class="chart[^"]*"[\s\S]*?<\/svg>/g)].map((m) => m[0]);
      expect(l.charts.length, l.name).toBe(charts.length);
      l.charts.forEach((c, i) => {
        expect(c.width, `${l.name}: ${c.label}`).toBeGreaterThan(300);
        expect(c.width, `${l.name}: ${c.label}`).toBeLessThanOrEqual(800);
        expect(c.height, `${l.name}: ${c.label}`).toBeGreaterThan(50);
        // As many marks with a size as the markup has lines, bands and bar segments (a chart of no losses has none).
        const marks = (charts[i]!.match(/<path class="(series|band)"|<rect class="segment"/g) ?? []).length;
        expect(c.drawn, `${l.name}: ${c.label}`).toBe(marks);
        if (/line-chart/.test(charts[i]!.slice(0, 400))) expect(c.drawn, `${l.name}: ${c.label}`).toBeGreaterThan(0);
      });
    }
  }, 300_000);
});
