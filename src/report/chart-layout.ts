/**
 * Layout for the report's SVG charts: how wide a label is, where labels go so none covers
 * another (legend entries wrap into rows, event labels stagger into rows), margins taken
 * from the longest tick label so none is clipped, and the marker shapes that are each
 * series' second cue beside its colour. Every placed label carries its box
 * (`data-box="x y width height"`) so a test can check that no two overlap and all are
 * inside the picture.
 */
import type { MarkerShape } from './palette.js';

/** Round to 2 decimals: short markup, stable text. */
export const f = (x: number) => String(Math.round(x * 100) / 100);

/**
 * A generous estimate of a label's width in px in the report's sans-serif font: the average
 * advance of Latin text in DejaVu Sans / Roboto / Segoe UI is about 0.55–0.6 em; 0.62 em
 * leaves room for wide glyphs (m, w, %) so a box is never narrower than its text.
 */
export function textWidth(text: string, fontSize = 11): number {
  let em = 0;
  for (const ch of text) em += /[mwMW%@]/.test(ch) ? 0.9 : /[il.,:;'|!() ]/.test(ch) ? 0.35 : 0.62;
  return Math.ceil(em * fontSize);
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

export const boxAttr = (b: Box) => `data-box="${f(b.x)} ${f(b.y)} ${f(b.width)} ${f(b.height)}"`;

/**
 * Rows for labels centred at `xs` with `widths`, kept within [minX, maxX]: each label goes
 * into the first row where it clears every label already there by `gap` px. Returns each
 * label's row and left edge (labels near the edges are shifted inwards, not cut).
 */
export function staggerLabels(xs: readonly number[], widths: readonly number[], minX: number, maxX: number, gap = 6): Array<{ row: number; left: number }> {
  const order = xs.map((_, i) => i).sort((a, b) => xs[a]! - xs[b]! || a - b);
  const rows: Array<Array<[number, number]>> = [];
  const out: Array<{ row: number; left: number }> = new Array(xs.length);
  for (const i of order) {
    const w = widths[i]!;
    const left = Math.max(minX, Math.min(maxX - w, xs[i]! - w / 2));
    let row = rows.findIndex((r) => r.every(([a, b]) => left >= b + gap || left + w + gap <= a));
    if (row < 0) {
      row = rows.length;
      rows.push([]);
    }
    rows[row]!.push([left, left + w]);
    out[i] = { row, left };
  }
  return out;
}

/** Legend entries flowed left to right into rows no wider than `maxWidth`. */
export function flowRows(widths: readonly number[], maxWidth: number, gap = 14): Array<{ row: number; offset: number }> {
  let row = 0;
  let x = 0;
  return widths.map((w) => {
    if (x > 0 && x + w > maxWidth) {
      row++;
      x = 0;
    }
    const at = { row, offset: x };
    x += w + gap;
    return at;
  });
}

/** A marker shape centred at (x, y), `r` its half-size, filled with `color` (a white rim keeps it apart from lines). */
export function markerSvg(shape: MarkerShape, x: number, y: number, color: string, r = 3.4): string {
  const a = `fill="${color}" stroke="#fff" stroke-width="0.8"`;
  const p = (pts: Array<[number, number]>) => `<path class="point" d="M${pts.map(([px, py]) => `${f(x + px)} ${f(y + py)}`).join('L')}Z" ${a}/>`;
  switch (shape) {
    case 'circle':
      return `<circle class="point" cx="${f(x)}" cy="${f(y)}" r="${f(r)}" ${a}/>`;
    case 'square':
      return `<rect class="point" x="${f(x - r * 0.9)}" y="${f(y - r * 0.9)}" width="${f(r * 1.8)}" height="${f(r * 1.8)}" ${a}/>`;
    case 'triangle':
      return p([[0, -r * 1.15], [r * 1.1, r * 0.85], [-r * 1.1, r * 0.85]]);
    case 'triangle-down':
      return p([[0, r * 1.15], [r * 1.1, -r * 0.85], [-r * 1.1, -r * 0.85]]);
    case 'diamond':
      return p([[0, -r * 1.25], [r * 1.1, 0], [0, r * 1.25], [-r * 1.1, 0]]);
    case 'cross':
      return `<path class="point" d="M${f(x - r)} ${f(y - r)}L${f(x + r)} ${f(y + r)}M${f(x + r)} ${f(y - r)}L${f(x - r)} ${f(y + r)}" stroke="${color}" stroke-width="2" fill="none"/>`;
    case 'plus':
      return `<path class="point" d="M${f(x - r * 1.15)} ${f(y)}H${f(x + r * 1.15)}M${f(x)} ${f(y - r * 1.15)}V${f(y + r * 1.15)}" stroke="${color}" stroke-width="2" fill="none"/>`;
    case 'bar':
      return `<rect class="point" x="${f(x - r * 1.3)}" y="${f(y - r * 0.5)}" width="${f(r * 2.6)}" height="${f(r)}" ${a}/>`;
  }
}

/** Indices of the points that carry markers: about `count` of them, shifted by `phase` (0…1) so coincident lines show each other's. */
export function markerIndices(n: number, count: number, phase: number): number[] {
  if (n === 0) return [];
  const stride = Math.max(1, Math.floor(n / count));
  const start = Math.floor(phase * stride) % stride;
  const out: number[] = [];
  for (let i = start; i < n; i += stride) out.push(i);
  return out;
}
