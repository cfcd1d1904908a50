/**
 * Small SVG charts as strings, for the self-contained HTML report: a line chart (linear or
 * logarithmic x axis, vertical event markers with staggered labels, the warm-up shaded) and
 * horizontal stacked bars. No library, no script, no network: the markup is the picture, so
 * a test can read it and any browser (or a printer) draws it the same way.
 *
 * Every series has two cues besides its name: a colour (src/report/palette.ts) and a dash
 * pattern with a marker shape. Series that coincide (equal within half a percent of the
 * axis: under a pixel) are drawn in alternating dashes, so each shows through the other, and
 * the chart says so in a note.
 */
import { boxAttr, f, flowRows, markerIndices, markerSvg, staggerLabels, textWidth, type Box } from './chart-layout.js';
import { CATEGORY_FILLS, INK, STRATEGY_COLORS, type MarkerShape, type NeutralFill } from './palette.js';
import { bandMax, bandPath, type BandPoints } from './svg-bands.js';

/** The strategies' colours, in order (Okabe–Ito; see palette.ts). */
export const PALETTE: readonly string[] = STRATEGY_COLORS;

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * About `count` round tick values (1, 2, 5 × 10^k) covering [0, max]; at most count + 2 of
 * them whatever max is. A range too small for a round step (5e-324 / 4 is 0, and a loop that
 * adds 0 never ends: a V8 crash at 2^27 ticks; below 1e-300 doubles lose the digits of one)
 * gets [0, max]; one near the largest double stops before a tick overflows to Infinity.
 */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0 && max < Infinity)) return [0, 1];
  const raw = max / count;
  if (raw < 1e-300) return [0, max];
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  if (!(step < Infinity)) return [0, max];
  const ticks: number[] = [];
  for (let v = 0; v <= max * 1.0001 + step * 0.999 && v < Infinity && ticks.length <= count + 1; v += step) {
    ticks.push(+v.toPrecision(12));
    if (v >= max) break;
  }
  return ticks;
}

/** Round time ticks (10 s, 30 s, 1 m, 2 m, 5 m, … apart), at most about `count` of them over [0, duration]. */
export function timeTicks(duration: number, count = 7): number[] {
  // A run has a finite length; anything else (which a scenario cannot hold) gets the origin alone.
  if (!(duration > 0 && duration < Infinity)) return [0];
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
  const step = steps.find((s) => duration / s <= count) ?? Math.ceil(duration / count);
  const out: number[] = [];
  for (let t = 0; t <= duration + 1e-9 && out.length <= count + 1; t += step) out.push(t);
  return out;
}

/** Ticks 1, 2, 5 × 10^k within [min, max] for a log axis (0 < min <= max, both finite; else none). */
export function logTicks(min: number, max: number): number[] {
  // log10(0) is -Infinity: a loop from there never ends. 3 ticks a decade, at most ~1900 over every double.
  if (!(min > 0 && min <= max && max < Infinity)) return [];
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v >= min * 0.999 && v <= max * 1.001 && v < Infinity) out.push(+v.toPrecision(12));
    }
  }
  return out;
}

export interface Series {
  name: string;
  color: string;
  /** stroke-dasharray ('' or absent: solid). */
  dash?: string;
  /** The shape drawn on the line every few points and in the legend. */
  marker?: MarkerShape;
  /** [x, y] points; a null y leaves a gap (a window with nothing to measure). */
  points: ReadonlyArray<readonly [number, number | null]>;
  /** Draw as steps (a value held over each window) rather than straight segments. */
  step?: boolean;
  /** A confidence band under the line, [x, lo, hi] per point (svg-bands.ts). */
  band?: BandPoints;
}

export interface Marker {
  x: number;
  /** Short label drawn above the plot at the event's time ("1 server-crash s2"). */
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
  /** Shade the warm-up, [xMin, warmup], and label it (time charts). */
  warmup?: number;
  /** Two series closer than this everywhere coincide (default: half a percent of the y axis, under a pixel). */
  coincideTolerance?: number;
  width?: number;
  /** Nominal height: the plot area is height − 68 px; legend, notes and event rows add to it. */
  height?: number;
}

function sameCurve(a: Series, b: Series, tol: number): boolean {
  if (a.points.length === 0 || a.points.length !== b.points.length) return false;
  return a.points.every(([x, y], k) => {
    const [x2, y2] = b.points[k]!;
    if (Math.abs(x - x2) > 1e-9 * Math.max(1, Math.abs(x))) return false;
    if (y === null || y2 === null) return y === y2;
    return Math.abs(y - y2) <= tol;
  });
}

/** Groups (indices, ascending) of series that coincide everywhere within `tol`: each group has two or more. */
export function coincidingGroups(series: readonly Series[], tol: number): number[][] {
  const parent = series.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i]!)));
  for (let i = 0; i < series.length; i++) for (let j = i + 1; j < series.length; j++) if (root(i) !== root(j) && sameCurve(series[i]!, series[j]!, tol)) parent[root(j)] = root(i);
  const groups = new Map<number, number[]>();
  series.forEach((_, i) => groups.set(root(i), [...(groups.get(root(i)) ?? []), i]));
  return [...groups.values()].filter((g) => g.length > 1).sort((a, b) => a[0]! - b[0]!);
}

/** "a and b", "a, b and c". */
export function listNames(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Dash segments of a coinciding group: each member draws one segment in k, at its own phase. */
const ALTERNATE = 6;

export function lineChart(series: readonly Series[], o: LineChartOptions): string {
  const width = o.width ?? 960;
  const ph = Math.max(60, (o.height ?? 240) - 68);
  const xMin = o.xMin ?? 0;
  const yMaxData = Math.max(0, ...series.flatMap((s) => s.points.map((p) => p[1] ?? 0)), ...series.map((s) => bandMax(s.band)));
  const yTicks = niceTicks(o.yMax ?? (yMaxData > 0 ? yMaxData : 1), 4);
  const yMax = yTicks[yTicks.length - 1]!;
  const xf = o.xFormat ?? ((x: number) => String(x));
  const yf = o.yFormat ?? ((y: number) => String(y));
  const xTicks = o.xTicks ? o.xTicks : o.logX ? logTicks(xMin, o.xMax) : niceTicks(o.xMax - xMin, 6).map((t) => t + xMin).filter((t) => t <= o.xMax);
  const xTickText = xTicks.map(xf);
  // Margins from the longest labels: y ticks right-aligned before the axis, x ticks centred under theirs.
  const left = Math.max(44, 26 + Math.max(0, ...yTicks.map((t) => textWidth(yf(t)))), Math.ceil(textWidth(xTickText[0] ?? '') / 2) + 4);
  const right = Math.max(16, Math.ceil(textWidth(xTickText[xTickText.length - 1] ?? '') / 2) + 4);
  const pw = width - left - right;
  const xs = (x: number) =>
    left + (o.logX ? ((Math.log10(Math.max(x, xMin)) - Math.log10(xMin)) / (Math.log10(o.xMax) - Math.log10(xMin))) * pw : ((Math.min(Math.max(x, xMin), o.xMax) - xMin) / (o.xMax - xMin || 1)) * pw);

  // Coinciding series: alternating dashes, and a note.
  const groups = coincidingGroups(series, o.coincideTolerance ?? yMax * 0.005);
  const dashOf = series.map((s) => ({ dash: s.dash ?? '', offset: 0 }));
  for (const g of groups) g.forEach((i, k) => (dashOf[i] = { dash: `${ALTERNATE} ${ALTERNATE * (g.length - 1)}`, offset: ALTERNATE * k }));
  // A note wider than the plot (dozens of servers not launched yet) names the first and the last only.
  const noteOf = (names: readonly string[]) => {
    const all = `${listNames(names)} coincide (drawn in alternating dashes)`;
    return textWidth(`= ${all}`) <= pw ? all : `${names.length} lines, ${names[0]} to ${names[names.length - 1]}, coincide (drawn in alternating dashes)`;
  };
  const notes = groups.map((g) => noteOf(g.map((i) => series[i]!.name)));

  // Rows above the plot: legend entries, notes, event labels; nothing overlaps by construction.
  const legendWidths = series.map((s) => 26 + textWidth(s.name));
  const legendAt = flowRows(legendWidths, pw);
  const legendRows = series.length === 0 ? 0 : legendAt[legendAt.length - 1]!.row + 1;
  const notesTop = 4 + legendRows * 16;
  const eventsTop = notesTop + notes.length * 14 + (notes.length > 0 ? 2 : 0);
  const markers = o.markers ?? [];
  const labelW = markers.map((m) => textWidth(m.label, 10) + 8);
  const placed = staggerLabels(markers.map((m) => xs(m.x)), labelW, 2, width - 2);
  const eventRows = placed.length === 0 ? 0 : Math.max(...placed.map((p) => p.row)) + 1;
  const top = Math.max(20, eventsTop + eventRows * 15 + 6);
  const height = top + ph + 40;
  const ys = (y: number) => top + ph - (Math.min(y, yMax) / yMax) * ph;

  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeXml(o.title)}" class="chart line-chart">`);
  parts.push(`<title>${escapeXml(o.title)}</title>`);
  // The warm-up, under everything.
  if (o.warmup !== undefined && o.warmup > xMin) {
    const x0 = xs(xMin);
    const x1 = xs(Math.min(o.warmup, o.xMax));
    const text = 'warm-up';
    const tw = textWidth(text, 10);
    const tx = x1 - x0 >= tw + 8 ? x0 + 4 : x1 + 4;
    const box: Box = { x: tx - 1, y: top + 2, width: tw + 2, height: 12 };
    parts.push(
      `<g class="warmup"><title>warm-up: ${escapeXml(xf(xMin))} to ${escapeXml(xf(o.warmup))}, not measured</title><rect x="${f(x0)}" y="${top}" width="${f(x1 - x0)}" height="${ph}" fill="${INK.warmup}" fill-opacity="${INK.warmupOpacity}" data-from="${xMin}" data-to="${Math.min(o.warmup, o.xMax)}"/>` +
        `<text class="label" ${boxAttr(box)} x="${f(tx)}" y="${top + 12}" font-size="10" fill="${INK.axis}">${text}</text></g>`,
    );
  }
  // Grid and axes.
  for (const t of yTicks) {
    const y = f(ys(t));
    parts.push(`<line class="grid" x1="${left}" x2="${left + pw}" y1="${y}" y2="${y}" stroke="${INK.grid}"/>`);
    const text = yf(t);
    const w = textWidth(text);
    parts.push(`<text class="tick y-tick" ${boxAttr({ x: left - 6 - w, y: ys(t) - 7, width: w, height: 12 })} x="${left - 6}" y="${f(ys(t) + 4)}" text-anchor="end" font-size="11" fill="${INK.axis}">${escapeXml(text)}</text>`);
  }
  xTicks.forEach((t, i) => {
    const x = xs(t);
    const w = textWidth(xTickText[i]!);
    parts.push(`<line x1="${f(x)}" x2="${f(x)}" y1="${top + ph}" y2="${top + ph + 4}" stroke="${INK.axis}"/>`);
    parts.push(`<text class="tick x-tick" ${boxAttr({ x: x - w / 2, y: top + ph + 6, width: w, height: 12 })} x="${f(x)}" y="${top + ph + 16}" text-anchor="middle" font-size="11" fill="${INK.axis}">${escapeXml(xTickText[i]!)}</text>`);
  });
  parts.push(`<line x1="${left}" x2="${left + pw}" y1="${top + ph}" y2="${top + ph}" stroke="${INK.axis}"/>`);
  parts.push(`<text x="${f(left + pw / 2)}" y="${height - 6}" text-anchor="middle" font-size="12" fill="#333">${escapeXml(o.xLabel)}</text>`);
  parts.push(`<text x="12" y="${f(top + ph / 2)}" text-anchor="middle" font-size="12" fill="#333" transform="rotate(-90 12 ${f(top + ph / 2)})">${escapeXml(o.yLabel)}</text>`);
  // Event markers under the data, their labels in staggered rows above the plot.
  markers.forEach((m, i) => {
    const x = f(xs(m.x));
    const { row, left: lx } = placed[i]!;
    const box: Box = { x: lx, y: eventsTop + row * 15, width: labelW[i]!, height: 13 };
    parts.push(
      `<g class="marker"><title>${escapeXml(m.title)}</title><line x1="${x}" x2="${x}" y1="${f(box.y + box.height)}" y2="${top + ph}" stroke="${INK.event}" stroke-width="1" stroke-dasharray="3 3"/>` +
        `<rect class="label" ${boxAttr(box)} x="${f(box.x)}" y="${f(box.y)}" width="${f(box.width)}" height="${box.height}" rx="2" fill="#fff" stroke="${INK.event}" stroke-width="0.6"/>` +
        `<text x="${f(box.x + box.width / 2)}" y="${f(box.y + 10)}" text-anchor="middle" font-size="10" fill="${INK.event}">${escapeXml(m.label)}</text></g>`,
    );
  });
  // Confidence bands (replicated reports) under every line.
  for (const s of series) if (s.band) parts.push(bandPath(s.band, xs, ys, s.color, s.name));
  series.forEach((s, si) => {
    if (s.points.length === 0) return;
    let d = '';
    // Points drawn since the pen went down: a lone point (a server that existed for one window,
    // a value between gaps) is a line of no length and would not show, so it gets a 6 px dash.
    let run = 0;
    let lone: [number, number] = [0, 0];
    const endRun = () => {
      if (run === 1) d += `M${f(lone[0] - 3)} ${f(lone[1])}h6`;
      run = 0;
    };
    for (const [x, y] of s.points) {
      if (y === null) {
        endRun();
        continue;
      }
      if (run === 0) lone = [xs(x), ys(y)];
      else if (run === 1) d += `M${f(lone[0])} ${f(lone[1])}${s.step ? `H${f(xs(x))}V${f(ys(y))}` : `L${f(xs(x))} ${f(ys(y))}`}`;
      else if (s.step) d += `H${f(xs(x))}V${f(ys(y))}`;
      else d += `L${f(xs(x))} ${f(ys(y))}`;
      run++;
    }
    endRun();
    const { dash, offset } = dashOf[si]!;
    const dashAttr = dash === '' ? '' : ` stroke-dasharray="${dash}"${offset > 0 ? ` stroke-dashoffset="${offset}"` : ''}`;
    parts.push(`<path class="series" data-series="${escapeXml(s.name)}" d="${d}" fill="none" stroke="${s.color}" stroke-width="1.8" stroke-linejoin="round"${dashAttr}><title>${escapeXml(s.name)}</title></path>`);
  });
  // Markers on the lines: a few per series, at a phase of their own so coinciding lines show each.
  series.forEach((s, si) => {
    if (s.marker === undefined) return;
    const at = markerIndices(s.points.length, 8, (si + 0.5) / Math.max(1, series.length));
    const shapes = at.flatMap((k) => {
      const [x, y] = s.points[k]!;
      return y === null ? [] : [markerSvg(s.marker!, xs(x), ys(y), s.color)];
    });
    if (shapes.length > 0) parts.push(`<g class="points" data-series="${escapeXml(s.name)}">${shapes.join('')}</g>`);
  });
  // Legend rows, then the notes.
  series.forEach((s, si) => {
    const { row, offset } = legendAt[si]!;
    const x = left + offset;
    const y = 4 + row * 16;
    const { dash, offset: dashOffset } = dashOf[si]!;
    const dashAttr = dash === '' ? '' : ` stroke-dasharray="${dash}"${dashOffset > 0 ? ` stroke-dashoffset="${dashOffset}"` : ''}`;
    parts.push(
      `<g class="legend" ${boxAttr({ x, y, width: legendWidths[si]!, height: 14 })}><line x1="${f(x)}" x2="${f(x + 22)}" y1="${y + 7}" y2="${y + 7}" stroke="${s.color}" stroke-width="2.4"${dashAttr}/>` +
        `${s.marker === undefined ? '' : markerSvg(s.marker, x + 11, y + 7, s.color)}<text x="${f(x + 26)}" y="${y + 11}" font-size="11" fill="#333">${escapeXml(s.name)}</text></g>`,
    );
  });
  notes.forEach((n, i) => {
    const y = notesTop + i * 14;
    parts.push(`<text class="note label" ${boxAttr({ x: left, y, width: textWidth(n), height: 13 })} x="${left}" y="${y + 10}" font-size="11" font-style="italic" fill="${INK.axis}">${escapeXml(`= ${n}`)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

export interface StackedBarsOptions {
  title: string;
  xLabel: string;
  width?: number;
  /** A marker before each category's name in its strategy's colour and shape (categories that are strategies). */
  categoryMarkers?: ReadonlyArray<{ color: string; marker: MarkerShape }>;
}

export interface BarSegment {
  name: string;
  /** A hue-free fill (palette.ts CATEGORY_FILLS); default the segment's place in that list. */
  fill?: NeutralFill;
  values: readonly number[];
}

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

function hatchPattern(id: string, hatch: NeutralFill['hatch'], fill: string): string {
  const ink = '#222';
  const body =
    hatch === 'diagonal'
      ? `<path d="M0 6L6 0M-1 1L1 -1M5 7L7 5" stroke="${ink}" stroke-width="1"/>`
      : hatch === 'dots'
        ? `<circle cx="3" cy="3" r="1.1" fill="${ink}"/>`
        : hatch === 'cross'
          ? `<path d="M0 6L6 0M0 0L6 6" stroke="${ink}" stroke-width="0.8"/>`
          : `<path d="M0 3H6" stroke="${ink}" stroke-width="1"/>`;
  return `<pattern id="${id}" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="${fill}"/>${body}</pattern>`;
}

/** One horizontal bar per category, split into segments (e.g. lost sessions by cause), in hue-free fills. */
export function stackedBars(categories: readonly string[], segments: readonly BarSegment[], o: StackedBarsOptions): string {
  const width = o.width ?? 960;
  const barH = 22;
  const gap = 10;
  const totals = categories.map((_, i) => segments.reduce((a, s) => a + (s.values[i] ?? 0), 0));
  const ticks = niceTicks(Math.max(1, ...totals), 5);
  const max = ticks[ticks.length - 1]!;
  const markerW = o.categoryMarkers ? 14 : 0;
  const left = Math.max(60, 16 + markerW + Math.max(0, ...categories.map((c) => textWidth(c, 12))));
  const right = Math.max(40, 12 + Math.max(textWidth(String(max)) / 2, ...totals.map((t) => textWidth(String(t), 12))));
  const pw = width - left - right;
  const fills = segments.map((s, i) => s.fill ?? CATEGORY_FILLS[i % CATEGORY_FILLS.length]!);
  const ids = segments.map((s) => `fill-${slug(o.title)}-${slug(s.name)}`);
  const paint = (i: number) => (fills[i]!.hatch === 'none' ? fills[i]!.fill : `url(#${ids[i]})`);
  const legendWidths = segments.map((s) => 20 + textWidth(s.name));
  const legendAt = flowRows(legendWidths, pw + left - 8);
  const legendRows = segments.length === 0 ? 0 : legendAt[legendAt.length - 1]!.row + 1;
  const top = 14 + legendRows * 18;
  const axisY = top + categories.length * (barH + gap);
  const height = axisY + 40;
  const xs = (v: number) => left + (v / max) * pw;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeXml(o.title)}" class="chart stacked-bars">`);
  parts.push(`<title>${escapeXml(o.title)}</title>`);
  const patterns = segments.map((_, i) => (fills[i]!.hatch === 'none' ? '' : hatchPattern(ids[i]!, fills[i]!.hatch, fills[i]!.fill))).join('');
  if (patterns !== '') parts.push(`<defs>${patterns}</defs>`);
  for (const t of ticks) {
    const w = textWidth(String(t));
    parts.push(`<line x1="${f(xs(t))}" x2="${f(xs(t))}" y1="${top - 4}" y2="${axisY}" stroke="${INK.grid}"/>`);
    parts.push(`<text class="tick x-tick" ${boxAttr({ x: xs(t) - w / 2, y: axisY + 4, width: w, height: 12 })} x="${f(xs(t))}" y="${axisY + 14}" text-anchor="middle" font-size="11" fill="${INK.axis}">${t}</text>`);
  }
  parts.push(`<text x="${f(left + pw / 2)}" y="${height - 4}" text-anchor="middle" font-size="12" fill="#333">${escapeXml(o.xLabel)}</text>`);
  categories.forEach((c, i) => {
    const y = top + i * (barH + gap);
    const m = o.categoryMarkers?.[i];
    if (m !== undefined) parts.push(markerSvg(m.marker, left - 12, y + barH / 2, m.color, 4));
    parts.push(`<text x="${left - 8 - markerW}" y="${y + barH / 2 + 4}" text-anchor="end" font-size="12" fill="#333">${escapeXml(c)}</text>`);
    let x0 = 0;
    segments.forEach((s, si) => {
      const v = s.values[i] ?? 0;
      if (v <= 0) return;
      parts.push(`<rect class="segment" data-category="${escapeXml(c)}" data-segment="${escapeXml(s.name)}" x="${f(xs(x0))}" y="${y}" width="${f(xs(x0 + v) - xs(x0))}" height="${barH}" fill="${paint(si)}" stroke="#222" stroke-width="0.6"><title>${escapeXml(`${c}: ${v} ${s.name}`)}</title></rect>`);
      x0 += v;
    });
    parts.push(`<text x="${f(xs(x0) + 6)}" y="${y + barH / 2 + 4}" font-size="12" fill="#333">${totals[i]}</text>`);
  });
  // Legend on top, wrapped.
  segments.forEach((s, si) => {
    const { row, offset } = legendAt[si]!;
    const x = 8 + offset;
    const y = 4 + row * 18;
    parts.push(`<g class="legend" ${boxAttr({ x, y, width: legendWidths[si]!, height: 14 })}><rect x="${f(x)}" y="${y + 1}" width="13" height="13" fill="${paint(si)}" stroke="#222" stroke-width="0.6"/><text x="${f(x + 18)}" y="${y + 12}" font-size="11" fill="#333">${escapeXml(s.name)}</text></g>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
