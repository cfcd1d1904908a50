/**
 * The HTML report rendered by a real browser: headless Chromium takes a screenshot and we
 * check that the charts were drawn (their colours are on the page). Skipped, with a message,
 * only where Chromium is not installed (.ci/run installs it).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { loadScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/experiment/simulate.js';
import { countColor, readPng } from '../helpers/png.js';

function findChromium(): string | undefined {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    const r = spawnSync('which', [name], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return undefined;
}

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
});
