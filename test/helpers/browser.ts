/**
 * Lay out HTML pages in one headless Chromium and measure them: each page in an iframe as
 * wide as the viewport under test (an iframe is a viewport of its own, so its media queries
 * and its scroll width are those of a window that wide), all pages in one browser start. A
 * script of the harness page (the reports themselves have none) measures every frame once
 * they are all loaded and leaves the figures in the DOM, which --dump-dom prints.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function findChromium(): string | undefined {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    const r = spawnSync('which', [name], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return undefined;
}

export interface PageLayout {
  name: string;
  /** The frame's viewport width (CSS px) and the document's scroll width. */
  viewport: number;
  scrollWidth: number;
  /** Elements whose right edge passes the viewport and that no scroll box holds (tag.class). */
  overflowing: string[];
  tables: number;
  /** Tables wider than the viewport that are not inside a box with overflow-x auto or scroll. */
  tablesUnboxed: number;
  /** Per chart (svg.chart): its drawn width and height and how many marks it draws with a size (lines with a length, bars with a width). */
  charts: Array<{ label: string; width: number; height: number; drawn: number }>;
  error?: string;
}

const MEASURE = `
function measure(frame) {
  const d = frame.contentDocument;
  const vw = d.documentElement.clientWidth;
  const boxed = (e) => { for (let p = e.parentElement; p; p = p.parentElement) { const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll') return p.getBoundingClientRect().right <= vw + 0.5; } return false; };
  const name = (e) => e.tagName.toLowerCase() + (typeof e.className === 'string' && e.className ? '.' + e.className.split(' ').join('.') : e.className && e.className.baseVal ? '.' + e.className.baseVal.split(' ').join('.') : '');
  const overflowing = [...d.body.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > vw + 0.5 && !boxed(e)).map(name);
  const tables = [...d.querySelectorAll('table')];
  const charts = [...d.querySelectorAll('svg.chart')].map((s) => {
    const r = s.getBoundingClientRect();
    const lines = [...s.querySelectorAll('path, polyline, line')].filter((p) => p.closest('.legend') === null && (p.classList.contains('series') || p.classList.contains('band'))).filter((p) => { try { return p.getTotalLength() > 0; } catch (e) { return false; } }).length;
    const bars = [...s.querySelectorAll('rect.segment')].filter((b) => b.getBoundingClientRect().width > 0).length;
    return { label: s.getAttribute('aria-label') || '', width: Math.round(r.width), height: Math.round(r.height), drawn: lines + bars };
  });
  return { name: frame.dataset.name, viewport: vw, scrollWidth: d.documentElement.scrollWidth, overflowing: [...new Set(overflowing)], tables: tables.length, tablesUnboxed: tables.filter((t) => t.getBoundingClientRect().right > vw + 0.5 && !boxed(t)).length, charts };
}
window.addEventListener('load', () => {
  const out = [...document.querySelectorAll('iframe')].map((f) => { try { return measure(f); } catch (e) { return { name: f.dataset.name, error: String(e) }; } });
  document.getElementById('out').textContent = encodeURIComponent(JSON.stringify(out));
});
`;

/** Lay out every page at `viewport` CSS px in one Chromium run; one result per page, in order. */
export function measureLayouts(chromium: string, pages: ReadonlyArray<{ name: string; html: string }>, viewport = 800): PageLayout[] {
  const dir = mkdtempSync(join(tmpdir(), 'session-sim-layout-'));
  const frames = pages.map((p, i) => {
    writeFileSync(join(dir, `page-${i}.html`), p.html);
    return `<iframe src="page-${i}.html" data-name="${p.name.replace(/"/g, '')}" width="${viewport}" height="700" style="border:0;display:block"></iframe>`;
  });
  const harness = join(dir, 'index.html');
  writeFileSync(harness, `<!doctype html><html><body style="margin:0">${frames.join('')}<pre id="out">pending</pre><script>${MEASURE}</script></body></html>`);
  const dom = execFileSync(
    chromium,
    [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
      // Frames of file:// pages may be read by the harness page; scroll bars take no width.
      '--allow-file-access-from-files', '--hide-scrollbars',
      `--user-data-dir=${join(dir, 'profile')}`, `--window-size=${viewport + 100},800`, '--virtual-time-budget=20000', '--dump-dom', `file://${harness}`,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 120_000, maxBuffer: 256 * 1024 * 1024 },
  );
  const m = /<pre id="out">([^<]*)<\/pre>/.exec(dom);
  if (!m || m[1] === 'pending') throw new Error('the harness page did not report its measurements');
  return JSON.parse(decodeURIComponent(m[1]!)) as PageLayout[];
}
