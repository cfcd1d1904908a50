/**
 * Small SVG charts as strings, for the self-contained HTML report: a line chart (linear or
 * logarithmic x axis, vertical event markers) and horizontal stacked bars. No library, no
 * script, no network: the markup is the picture, so a test can read it and any browser
 * (or a printer) draws it the same way.
 */

import { bandMax, bandPath, type BandPoints } from './svg-bands.js';

export const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#ff9da7', '#9c755f', '#7f7f7f'];

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Round to 2 decimals: short markup, stable text. */
const f = (x: number) => String(Math.round(x * 100) / 100);

/** About `count` round tick values (1, 2, 5 × 10^k) covering [0, max]. */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = 0; v <= max * 1.0001 + step * 0.999; v += step) {
    ticks.push(+v.toPrecision(12));
    if (v >= max) break;
  }
  return ticks;
}

/** Round time ticks (10 s, 30 s, 1 m, 2 m, 5 m, … apart), at most about `count` of them over [0, duration]. */
export function timeTicks(duration: number, count = 7): number[] {
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
  const step = steps.find((s) => duration / s <= count) ?? Math.ceil(duration / count);
  const out: number[] = [];
  for (let t = 0; t <= duration + 1e-9; t += step) out.push(t);
  return out;
}

/** Ticks 1, 2, 5 × 10^k within [min, max] for a log axis. */
export function logTicks(min: number, max: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v >= min * 0.999 && v <= max * 1.001) out.push(+v.toPrecision(12));
    }
  }
  return out;
}

export interface Series {
  name: string;
  color: string;
  points: Array<[number, number]>;
  /** Draw as steps (a value held over each window) rather than straight segments. */
  step?: boolean;
  /** A confidence band under the line, [x, lo, hi] per point (svg-bands.ts). */
  band?: BandPoints;
}

export interface Marker {
  x: number;
  /** Short label drawn at the top of the line (a number keyed to a legend). */
  label: string;
  title: string;
}

export interface LineChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  xMin?: number;
  xMax: number;
  yMax?: number;
  logX?: boolean;
  xFormat?: (x: number) => string;
  yFormat?: (y: number) => string;
  markers?: readonly Marker[];
  /** Where to put x ticks (default: round numbers). */
  xTicks?: readonly number[];
  width?: number;
  height?: number;
}

const M = { left: 56, right: 16, top: 28, bottom: 40 };

export function lineChart(series: readonly Series[], o: LineChartOptions): string {
  const width = o.width ?? 960;
  const height = o.height ?? 240;
  const pw = width - M.left - M.right;
  const ph = height - M.top - M.bottom;
  const xMin = o.xMin ?? 0;
  const yMaxData = Math.max(0, ...series.flatMap((s) => s.points.map((p) => p[1])), ...series.map((s) => bandMax(s.band)));
  const yTicks = niceTicks(o.yMax ?? (yMaxData > 0 ? yMaxData : 1), 4);
  const yMax = yTicks[yTicks.length - 1]!;
  const xs = (x: number) =>
    M.left + (o.logX ? ((Math.log10(Math.max(x, xMin)) - Math.log10(xMin)) / (Math.log10(o.xMax) - Math.log10(xMin))) * pw : ((x - xMin) / (o.xMax - xMin || 1)) * pw);
  const ys = (y: number) => M.top + ph - (Math.min(y, yMax) / yMax) * ph;
  const xf = o.xFormat ?? ((x: number) => String(x));
  const yf = o.yFormat ?? ((y: number) => String(y));
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeXml(o.title)}" class="chart line-chart">`);
  parts.push(`<title>${escapeXml(o.title)}</title>`);
  // Grid and axes.
  for (const t of yTicks) {
    parts.push(`<line class="grid" x1="${M.left}" x2="${M.left + pw}" y1="${f(ys(t))}" y2="${f(ys(t))}" stroke="#e4e4e4"/>`);
    parts.push(`<text x="${M.left - 6}" y="${f(ys(t) + 4)}" text-anchor="end" font-size="11" fill="#555">${escapeXml(yf(t))}</text>`);
  }
  const xTicks = o.xTicks ? o.xTicks : o.logX ? logTicks(xMin, o.xMax) : niceTicks(o.xMax - xMin, 6).map((t) => t + xMin).filter((t) => t <= o.xMax);
  for (const t of xTicks) {
    parts.push(`<line x1="${f(xs(t))}" x2="${f(xs(t))}" y1="${M.top + ph}" y2="${M.top + ph + 4}" stroke="#555"/>`);
    parts.push(`<text x="${f(xs(t))}" y="${M.top + ph + 16}" text-anchor="middle" font-size="11" fill="#555">${escapeXml(xf(t))}</text>`);
  }
  parts.push(`<line x1="${M.left}" x2="${M.left + pw}" y1="${M.top + ph}" y2="${M.top + ph}" stroke="#555"/>`);
  parts.push(`<text x="${M.left + pw / 2}" y="${height - 6}" text-anchor="middle" font-size="12" fill="#333">${escapeXml(o.xLabel)}</text>`);
  parts.push(`<text x="12" y="${M.top + ph / 2}" text-anchor="middle" font-size="12" fill="#333" transform="rotate(-90 12 ${M.top + ph / 2})">${escapeXml(o.yLabel)}</text>`);
  // Event markers under the data.
  for (const m of o.markers ?? []) {
    const x = f(xs(m.x));
    parts.push(`<g class="marker"><title>${escapeXml(m.title)}</title><line x1="${x}" x2="${x}" y1="${M.top - 4}" y2="${M.top + ph}" stroke="#b8860b" stroke-dasharray="4 3"/><text x="${x}" y="${M.top - 8}" text-anchor="middle" font-size="11" font-weight="bold" fill="#b8860b">${escapeXml(m.label)}</text></g>`);
  }
  for (const s of series) if (s.band) parts.push(bandPath(s.band, xs, ys, s.color, s.name));
  for (const s of series) {
    if (s.points.length === 0) continue;
    let d = '';
    s.points.forEach(([x, y], i) => {
      if (i === 0) d += `M${f(xs(x))} ${f(ys(y))}`;
      else if (s.step) d += `H${f(xs(x))}V${f(ys(y))}`;
      else d += `L${f(xs(x))} ${f(ys(y))}`;
    });
    parts.push(`<path class="series" data-series="${escapeXml(s.name)}" d="${d}" fill="none" stroke="${s.color}" stroke-width="1.8" stroke-linejoin="round"><title>${escapeXml(s.name)}</title></path>`);
  }
  // Legend, top right.
  let lx = M.left + pw;
  for (const s of [...series].reverse()) {
    const w = 18 + s.name.length * 6.5;
    lx -= w + 10;
    parts.push(`<g class="legend"><line x1="${f(lx)}" x2="${f(lx + 14)}" y1="12" y2="12" stroke="${s.color}" stroke-width="3"/><text x="${f(lx + 18)}" y="16" font-size="11" fill="#333">${escapeXml(s.name)}</text></g>`);
  }
  parts.push('</svg>');
  return parts.join('');
}

export interface StackedBarsOptions {
  title: string;
  xLabel: string;
  width?: number;
}

/** One horizontal bar per category, split into segments (e.g. lost sessions by cause). */
export function stackedBars(categories: readonly string[], segments: ReadonlyArray<{ name: string; color: string; values: readonly number[] }>, o: StackedBarsOptions): string {
  const width = o.width ?? 960;
  const barH = 22;
  const gap = 10;
  const left = 120;
  const right = 70;
  const top = 34;
  const height = top + categories.length * (barH + gap) + 36;
  const pw = width - left - right;
  const totals = categories.map((_, i) => segments.reduce((a, s) => a + (s.values[i] ?? 0), 0));
  const ticks = niceTicks(Math.max(1, ...totals), 5);
  const max = ticks[ticks.length - 1]!;
  const xs = (v: number) => left + (v / max) * pw;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeXml(o.title)}" class="chart stacked-bars">`);
  parts.push(`<title>${escapeXml(o.title)}</title>`);
  const axisY = top + categories.length * (barH + gap);
  for (const t of ticks) {
    parts.push(`<line x1="${f(xs(t))}" x2="${f(xs(t))}" y1="${top - 4}" y2="${axisY}" stroke="#e4e4e4"/>`);
    parts.push(`<text x="${f(xs(t))}" y="${axisY + 14}" text-anchor="middle" font-size="11" fill="#555">${t}</text>`);
  }
  parts.push(`<text x="${left + pw / 2}" y="${height - 4}" text-anchor="middle" font-size="12" fill="#333">${escapeXml(o.xLabel)}</text>`);
  categories.forEach((c, i) => {
    const y = top + i * (barH + gap);
    parts.push(`<text x="${left - 8}" y="${y + barH / 2 + 4}" text-anchor="end" font-size="12" fill="#333">${escapeXml(c)}</text>`);
    let x0 = 0;
    for (const s of segments) {
      const v = s.values[i] ?? 0;
      if (v <= 0) continue;
      parts.push(`<rect class="segment" data-category="${escapeXml(c)}" data-segment="${escapeXml(s.name)}" x="${f(xs(x0))}" y="${y}" width="${f(xs(x0 + v) - xs(x0))}" height="${barH}" fill="${s.color}"><title>${escapeXml(`${c}: ${v} ${s.name}`)}</title></rect>`);
      x0 += v;
    }
    parts.push(`<text x="${f(xs(x0) + 6)}" y="${y + barH / 2 + 4}" font-size="12" fill="#333">${totals[i]}</text>`);
  });
  // Legend on top.
  let lx = left;
  for (const s of segments) {
    parts.push(`<g class="legend"><rect x="${f(lx)}" y="8" width="12" height="12" fill="${s.color}"/><text x="${f(lx + 16)}" y="18" font-size="11" fill="#333">${escapeXml(s.name)}</text></g>`);
    lx += 24 + s.name.length * 6.5;
  }
  parts.push('</svg>');
  return parts.join('');
}
