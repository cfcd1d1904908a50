/**
 * The report's charts as a class reads them (issue 13, "Charts a class can read"): every
 * strategy in one colour-blind-safe colour with a dash and a marker besides, the same in
 * every chart; lines that coincide drawn in alternating dashes and named in a note; the
 * warm-up shaded over exactly its time; the latency distribution on a percentile axis whose
 * ticks are 90, 99, 99.9 and 99.99 %; event labels, legend entries and tick labels that
 * neither overlap nor leave the picture.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/experiment/simulate.js';
import { staggerLabels } from '../../src/report/chart-layout.js';
import { percentileChart, percentilePoints, tailX } from '../../src/report/chart-percentile.js';
import { renderHtml } from '../../src/report/html.js';
import { OKABE_ITO, seriesStyle, STRATEGY_COLORS, strategyStyles } from '../../src/report/palette.js';
import { coincidingGroups, lineChart, type Series } from '../../src/report/svg.js';
import { loadScenario } from '../../src/scenario/load.js';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const svgs = (html: string) => [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]);
const viewBox = (svg: string) => {
  const [, , w, h] = /viewBox="([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)"/.exec(svg)!.slice(1).map(Number);
  return { width: w!, height: h! };
};
const boxes = (svg: string): Array<Box & { tag: string }> =>
  [...svg.matchAll(/<(\w+) class="([^"]*)" data-box="([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+)"/g)].map((m) => ({
    tag: m[2]!,
    x: Number(m[3]),
    y: Number(m[4]),
    width: Number(m[5]),
    height: Number(m[6]),
  }));
const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const attr = (el: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(el)?.[1];
const paths = (svg: string) => [...svg.matchAll(/<path class="series"[^>]*>/g)].map((m) => m[0]);

const line = (name: string, i: number, ys: number[]): Series => ({ name, ...seriesStyle(i), points: ys.map((y, k) => [k * 10, y] as [number, number]) });
const time = { xLabel: 'simulated time', yLabel: 'requests/s', xMax: 120, title: 't' };

describe('the palette', () => {
  it('is Okabe–Ito, and every strategy has its own colour, dash and marker (a second cue)', () => {
    expect([...STRATEGY_COLORS].sort()).toEqual(Object.values(OKABE_ITO).sort());
    const styles = Array.from({ length: 8 }, (_, i) => seriesStyle(i));
    for (const key of ['color', 'dash', 'marker'] as const) expect(new Set(styles.map((s) => s[key])).size).toBe(8);
  });

  it('gives a strategy the same style in every chart of a report', () => {
    const config = loadScenario('server-crash');
    const html = renderHtml(simulate(config), config);
    const styles = strategyStyles(config.strategies.map((s) => s.name));
    for (const [name, style] of styles) {
      const strokes = new Set(svgs(html).flatMap((svg) => paths(svg).filter((p) => attr(p, 'data-series') === name).map((p) => attr(p, 'stroke'))));
      expect([...strokes], name).toEqual([style.color]);
    }
  });
});

describe('lines that coincide', () => {
  const a = [1, 5, 9, 9, 4, 2, 3];
  const svg = lineChart([line('sticky-cookie', 0, a), line('sticky-ip', 1, a.map((y) => y + 0.01)), line('redis', 2, a.map((y) => y * 2))], time);

  it('are found within half a percent of the axis, and only those', () => {
    const s = [line('a', 0, a), line('b', 1, a.map((y) => y + 0.04)), line('c', 2, a.map((y) => y + 0.2)), line('d', 3, a)];
    expect(coincidingGroups(s, 0.05)).toEqual([[0, 1, 3]]);
    expect(coincidingGroups(s, 0.01)).toEqual([[0, 3]]);
  });

  it('get a dash array each, at different phases, so each shows through the other; the others keep theirs', () => {
    const [cookie, ip, redis] = paths(svg);
    expect(attr(cookie!, 'stroke-dasharray')).toBe('6 6');
    expect(attr(ip!, 'stroke-dasharray')).toBe('6 6');
    expect(attr(cookie!, 'stroke-dashoffset') ?? '0').not.toBe(attr(ip!, 'stroke-dashoffset') ?? '0');
    expect(attr(redis!, 'stroke-dasharray')).toBe(seriesStyle(2).dash);
  });

  it('are named in a note', () => {
    expect(svg).toContain('sticky-cookie and sticky-ip coincide');
    expect(svg).not.toMatch(/redis[^<]*coincide/);
  });
});

describe('the warm-up', () => {
  it('is a shaded rectangle from 0 to the warm-up\'s end on the time axis, labelled', () => {
    const svg = lineChart([line('jwt', 0, [3, 4, 5, 4, 3, 4, 5, 4, 3, 4, 5, 4, 3])], { ...time, warmup: 30, xTicks: [0, 30, 60, 90, 120] });
    const rect = /<g class="warmup">[\s\S]*?<rect ([^>]*)\/>/.exec(svg)![1]!;
    const tickX = (text: string) => Number(new RegExp(`<text class="tick x-tick"[^>]* x="([\\d.]+)"[^>]*>${text}</text>`).exec(svg)![1]);
    expect(Number(attr(` ${rect}`, 'x'))).toBeCloseTo(tickX('0'), 1);
    expect(Number(attr(` ${rect}`, 'x')) + Number(attr(` ${rect}`, 'width'))).toBeCloseTo(tickX('30'), 1);
    expect(svg).toContain('>warm-up</text>');
  });

  it('is on every time chart of the report', () => {
    const config = loadScenario('server-crash');
    const html = renderHtml(simulate(config), config);
    const timeCharts = svgs(html).filter((s) => s.includes('simulated time'));
    expect(timeCharts.length).toBeGreaterThanOrEqual(7);
    // server-crash's warm-up: 5 min.
    expect(config.warmup).toBe(300);
    for (const s of timeCharts) expect(s).toMatch(/<g class="warmup">.*data-from="0" data-to="300"/);
  });
});

describe('the latency percentile plot', () => {
  const config = loadScenario('server-crash');
  const result = simulate(config);
  const svg = percentileChart(result.strategies, (n) => strategyStyles(result.strategies.map((s) => s.name)).get(n)!);

  it('has its x ticks at 0, 90, 99, 99.9 and 99.99 %, equally spaced (x = −log10(1 − p))', () => {
    const ticks = [...svg.matchAll(/<text class="tick x-tick"[^>]* x="([\d.]+)"[^>]*>([^<]*)<\/text>/g)].map((m) => [Number(m[1]), m[2]] as const);
    expect(ticks.map((t) => t[1])).toEqual(['0%', '90%', '99%', '99.9%', '99.99%']);
    const gaps = ticks.slice(1).map((t, i) => t[0] - ticks[i]![0]);
    for (const g of gaps) expect(g).toBeCloseTo(gaps[0]!, 0);
    expect(tailX(0.99)).toBeCloseTo(2, 12);
  });

  it('reads the table\'s p99 at 99 % and the maximum at the end', () => {
    for (const s of result.strategies) {
      const pts = percentilePoints(s);
      expect(pts.find(([x]) => x === 2)![1]).toBeCloseTo(s.metrics.latency.p99, 1);
      expect(pts[pts.length - 1]![1]!).toBeLessThanOrEqual(s.metrics.latency.max + 1e-9);
      // Monotone: a percentile never answers faster than a lower one.
      for (let k = 1; k < pts.length; k++) expect(pts[k]![1]!).toBeGreaterThanOrEqual(pts[k - 1]![1]!);
    }
  });
});

describe('labels', () => {
  it('staggered into rows: labels that would overlap go into the next row', () => {
    const rows = staggerLabels([100, 110, 300, 120], [60, 60, 60, 60], 0, 960);
    expect(rows.map((r) => r.row)).toEqual([0, 1, 0, 2]);
    // Near an edge a label is shifted inwards, not cut.
    expect(staggerLabels([955], [60], 0, 960)[0]!.left).toBe(900);
  });

  it('in a chart with crowded events: no two label boxes overlap, and every box is inside the picture', () => {
    const markers = [5, 8, 10, 11, 60, 118, 119].map((x, i) => ({ x, label: `${i + 1} crash s${i}`, title: '' }));
    const names = ['sticky-cookie', 'sticky-ip', 'redis', 'jwt', 'jwt-deny-list', 'redis-cluster-wait', 'memcached', 'sticky+store'];
    const svg = lineChart(names.map((n, i) => line(n, i, [i, 2 * i, 1000 * i])), { ...time, markers, width: 600, yFormat: (y) => `${y} requests/s` });
    const view = viewBox(svg);
    const all = boxes(svg);
    expect(all.filter((b) => b.tag === 'label').length).toBe(markers.length);
    expect(all.filter((b) => b.tag === 'legend').length).toBe(names.length);
    for (const b of all) {
      expect(b.x, b.tag).toBeGreaterThanOrEqual(0);
      expect(b.y, b.tag).toBeGreaterThanOrEqual(0);
      expect(b.x + b.width, b.tag).toBeLessThanOrEqual(view.width);
      expect(b.y + b.height, b.tag).toBeLessThanOrEqual(view.height);
    }
    const labels = all.filter((b) => !b.tag.includes('tick'));
    for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) expect(overlap(labels[i]!, labels[j]!), `${JSON.stringify(labels[i])} × ${JSON.stringify(labels[j])}`).toBe(false);
  });

  it('every built-in report checked here keeps its tick labels inside the viewBox and its labels apart', () => {
    for (const name of ['server-crash', 'redis-failover', 'login-storm', 'jwt-revocation']) {
      const config = loadScenario(name);
      const html = renderHtml(simulate(config), config);
      for (const svg of svgs(html)) {
        const view = viewBox(svg);
        const all = boxes(svg);
        for (const b of all) {
          expect(b.x >= 0 && b.x + b.width <= view.width && b.y >= 0 && b.y + b.height <= view.height, `${name}: ${b.tag} ${JSON.stringify(b)} outside ${view.width}×${view.height}`).toBe(true);
        }
        const labels = all.filter((b) => !b.tag.includes('tick'));
        for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) expect(overlap(labels[i]!, labels[j]!), `${name}: ${JSON.stringify(labels[i])} × ${JSON.stringify(labels[j])}`).toBe(false);
      }
    }
  });
});

describe('failures, the tail and revocation over time', () => {
  const section = (html: string, id: string) => {
    const at = html.indexOf(`<section id="${id}">`);
    return at < 0 ? '' : html.slice(at, html.indexOf('</section>', at));
  };

  it('draws failed requests per second and the p99 per window for every strategy, with the table\'s totals', () => {
    const config = loadScenario('server-crash');
    const result = simulate(config);
    const s = section(renderHtml(result, config), 'over-time');
    expect(s).toContain('Failed requests per second');
    expect(s).toContain('p99 response time per window');
    for (const st of result.strategies) {
      expect((s.match(new RegExp(`<path class="series" data-series="${st.name}"`, 'g')) ?? []).length).toBe(2);
      expect(s).toContain(`${st.name} ${st.metrics.failedRequests}`);
    }
    // The crash is marked on both, over the warm-up's shading.
    expect((s.match(/1 crash s2/g) ?? []).length).toBe(2);
    expect((s.match(/<g class="warmup">/g) ?? []).length).toBe(2);
  });

  it('has a revocation section where sessions are revoked, and none elsewhere', () => {
    const config = loadScenario('jwt-revocation');
    const result = simulate(config);
    const s = section(renderHtml(result, config), 'revocation');
    expect(s).toContain('Revoked tokens the servers still accept');
    expect(s).toContain('Requests accepted with a revoked token, per second');
    // Deny-list rejections are charted for the strategies that refused any, with the table's count.
    const deny = result.strategies.find((x) => x.name === 'jwt-deny-list')!;
    expect(s).toContain(`jwt-deny-list ${deny.metrics.security.revokedTokenRejections}`);
    expect(s).not.toMatch(/refused because[\s\S]*data-series="redis"/);
    const crash = loadScenario('server-crash');
    expect(renderHtml(simulate(crash), crash)).not.toContain('<section id="revocation">');
  });
});

describe('a lone point', () => {
  it('is drawn as a short dash, not a line of no length (a server that existed for one window, a value between gaps)', () => {
    const last = { ...line('s9', 0, []), points: [[0, null], [10, null], [20, 4]] as Array<[number, number | null]> };
    const between = { ...line('p99', 1, []), points: [[0, 1], [10, 2], [20, null], [30, 3], [40, null], [50, 5], [60, 6]] as Array<[number, number | null]> };
    const svg = lineChart([last, between], time);
    const d = (name: string) => attr(paths(svg).find((p) => attr(p, 'data-series') === name)!, 'd')!;
    // One subpath per run of points; a run of one is a 6 px horizontal dash around the point.
    expect(d('s9')).toMatch(/^M[\d.]+ [\d.]+h6$/);
    expect(d('p99').match(/M/g)).toHaveLength(3);
    expect(d('p99').match(/h6/g)).toHaveLength(1);
    expect(d('p99').match(/L/g)).toHaveLength(2);
  });
});
