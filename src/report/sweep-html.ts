/**
 * A sweep's HTML report: one self-contained file (inline CSS and SVG, no script, no network).
 * For one param, a chart per decision metric: the metric against the param, one line of means
 * per strategy with its 95% interval shaded around it. For two params, a heat map per metric
 * and strategy (first param down, second across, one colour scale per metric so strategies
 * compare). The scenario's `slo` targets on a charted metric are dashed horizontal lines, and
 * a metric a target bounds gets its own chart. Every figure is also in a table below the
 * chart. Same result, same bytes.
 */
import type { SweepResult } from '../experiment/sweep.js';
import { measuredWindow } from './measured.js';
import { pointLabel, valueText } from '../scenario/sweep-params.js';
import { plusMinus } from './intervals.js';
import { leafFigure } from './sweep-metrics.js';
import { displayOf, tableMetrics } from './sweep-table.js';
import { escapeXml, niceTicks, PALETTE } from './svg.js';
import { parseBound } from '../scenario/schema-slo.js';

const CSS = `
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #222; margin: 0; background: #fafafa; }
main { max-width: 1080px; margin: 0 auto; padding: 24px 28px 48px; background: #fff; }
h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 32px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 14px 0 4px; }
.meta { color: #666; margin: 0 0 12px; }
table.sweep { border-collapse: collapse; font-variant-numeric: tabular-nums; margin: 8px 0; font-size: 13px; }
table.sweep th, table.sweep td { padding: 3px 10px; border-bottom: 1px solid #e6e6e6; text-align: right; white-space: nowrap; }
table.sweep th { background: #f3f5f8; font-weight: 600; } table.sweep td:first-child, table.sweep th:first-child { text-align: left; }
svg.chart { max-width: 100%; height: auto; background: #fff; }
.heatmaps { display: flex; flex-wrap: wrap; gap: 12px; }
footer { color: #888; font-size: 12px; margin-top: 40px; }
`;

/** Round to 2 decimals: short markup, stable text. */
const f = (x: number) => String(Math.round(x * 100) / 100);

interface Band {
  name: string;
  color: string;
  /** [x position, mean, lo, hi] per point. */
  points: Array<[number, number, number, number]>;
}

/** The x positions of a param's values: the numbers themselves, or 0, 1, 2, … for other values. */
function positions(values: readonly unknown[]): { xs: number[]; numeric: boolean } {
  const numeric = values.every((v) => typeof v === 'number');
  return { xs: numeric ? (values as number[]) : values.map((_, i) => i), numeric };
}

/** A target drawn across a chart: `op` and the bound in the chart's unit. */
interface Bound {
  op: string;
  value: number;
}

/**
 * The targets of the scenario's `slo` block on `path`, read from the resolved scenario the
 * result records (so a merged sweep draws them too), bounds in the JSON's unit.
 */
export function sloBounds(resolved: unknown, path: string): Bound[] {
  const targets = (resolved as { slo?: { targets?: Record<string, string | string[]> } } | null)?.slo?.targets;
  const texts = targets?.[path];
  if (texts === undefined) return [];
  return (typeof texts === 'string' ? [texts] : texts).flatMap((t) => {
    const b = parseBound(path, t);
    return 'bound' in b ? [{ op: b.op, value: b.bound }] : [];
  });
}

/** The metrics charted: the decision metrics, then any other metric a target bounds. */
function chartedMetrics(result: SweepResult): { path: string; label: string }[] {
  const out = tableMetrics(result);
  const targets = (result.scenario.resolved as { slo?: { targets?: Record<string, unknown> } } | null)?.slo?.targets ?? {};
  const strategy = result.points[0]?.strategies[0];
  for (const path of Object.keys(targets)) {
    if (out.some((m) => m.path === path) || strategy === undefined) continue;
    try {
      leafFigure(strategy.metrics, path);
      out.push({ path, label: path });
    } catch {
      // A target on a figure the sweep's JSON does not hold per strategy: nothing to chart.
    }
  }
  return out;
}

function bandChart(bands: readonly Band[], o: { title: string; xLabel: string; yLabel: string; xTicks: Array<[number, string]>; yFormat: (y: number) => string; bounds?: readonly Bound[] }): string {
  const width = 960;
  const height = 280;
  const m = { left: 64, right: 16, top: 28, bottom: 40 };
  const pw = width - m.left - m.right;
  const ph = height - m.top - m.bottom;
  const allX = bands.flatMap((b) => b.points.map((p) => p[0]));
  const xMin = Math.min(...allX);
  const xMax = Math.max(...allX);
  const bounds = o.bounds ?? [];
  const yData = Math.max(0, ...bands.flatMap((b) => b.points.map((p) => (Number.isFinite(p[3]) ? p[3] : p[1]))), ...bounds.map((b) => b.value * 1.1));
  const yTicks = niceTicks(yData > 0 ? yData : 1, 4);
  const yMax = yTicks[yTicks.length - 1]!;
  // In halves: the span of -1e308 … 1e308 overflows to Infinity (x1="NaN"); halves of finite values never do.
  const span = xMax / 2 - xMin / 2;
  const xs = (x: number) => m.left + (span > 0 ? ((x / 2 - xMin / 2) / span) * pw : pw / 2);
  const ys = (y: number) => m.top + ph - (Math.max(0, Math.min(y, yMax)) / yMax) * ph;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeXml(o.title)}" class="chart band-chart">`);
  parts.push(`<title>${escapeXml(o.title)}</title>`);
  for (const t of yTicks) {
    parts.push(`<line class="grid" x1="${m.left}" x2="${m.left + pw}" y1="${f(ys(t))}" y2="${f(ys(t))}" stroke="#e4e4e4"/>`);
    parts.push(`<text x="${m.left - 6}" y="${f(ys(t) + 4)}" text-anchor="end" font-size="11" fill="#555">${escapeXml(o.yFormat(t))}</text>`);
  }
  for (const [x, label] of o.xTicks) {
    parts.push(`<line x1="${f(xs(x))}" x2="${f(xs(x))}" y1="${m.top + ph}" y2="${m.top + ph + 4}" stroke="#555"/>`);
    parts.push(`<text x="${f(xs(x))}" y="${m.top + ph + 16}" text-anchor="middle" font-size="11" fill="#555">${escapeXml(label)}</text>`);
  }
  parts.push(`<line x1="${m.left}" x2="${m.left + pw}" y1="${m.top + ph}" y2="${m.top + ph}" stroke="#555"/>`);
  parts.push(`<text x="${m.left + pw / 2}" y="${height - 6}" text-anchor="middle" font-size="12" fill="#333">${escapeXml(o.xLabel)}</text>`);
  parts.push(`<text x="12" y="${m.top + ph / 2}" text-anchor="middle" font-size="12" fill="#333" transform="rotate(-90 12 ${m.top + ph / 2})">${escapeXml(o.yLabel)}</text>`);
  // Targets: a dashed line at each bound, labelled with it.
  for (const b of bounds) {
    const y = f(ys(b.value));
    parts.push(`<g class="slo-bound"><title>${escapeXml(`target ${b.op} ${o.yFormat(b.value)}`)}</title><line x1="${m.left}" x2="${m.left + pw}" y1="${y}" y2="${y}" stroke="#c62828" stroke-width="1.2" stroke-dasharray="6 4"/><text x="${m.left + 4}" y="${f(ys(b.value) - 4)}" font-size="11" fill="#c62828">${escapeXml(`target ${b.op} ${o.yFormat(b.value)}`)}</text></g>`);
  }
  // Bands first, lines over them.
  for (const b of bands) {
    const upper = b.points.map((p) => `${f(xs(p[0]))},${f(ys(p[3]))}`);
    const lower = [...b.points].reverse().map((p) => `${f(xs(p[0]))},${f(ys(p[2]))}`);
    parts.push(`<polygon class="band" data-series="${escapeXml(b.name)}" points="${[...upper, ...lower].join(' ')}" fill="${b.color}" fill-opacity="0.15" stroke="none"/>`);
  }
  for (const b of bands) {
    const d = b.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${f(xs(p[0]))} ${f(ys(p[1]))}`).join('');
    parts.push(`<path class="series" data-series="${escapeXml(b.name)}" d="${d}" fill="none" stroke="${b.color}" stroke-width="1.8" stroke-linejoin="round"><title>${escapeXml(b.name)}</title></path>`);
    for (const p of b.points) parts.push(`<circle cx="${f(xs(p[0]))}" cy="${f(ys(p[1]))}" r="2.5" fill="${b.color}"/>`);
  }
  let lx = m.left + pw;
  for (const b of [...bands].reverse()) {
    lx -= 18 + b.name.length * 6.5 + 10;
    parts.push(`<g class="legend"><line x1="${f(lx)}" x2="${f(lx + 14)}" y1="12" y2="12" stroke="${b.color}" stroke-width="3"/><text x="${f(lx + 18)}" y="16" font-size="11" fill="#333">${escapeXml(b.name)}</text></g>`);
  }
  parts.push('</svg>');
  return parts.join('');
}

/** White → dark blue for 0 … 1. */
function heatColor(t: number): string {
  const c = (a: number, b: number) => Math.round(a + (b - a) * Math.max(0, Math.min(1, t)));
  return `rgb(${c(247, 8)},${c(251, 48)},${c(255, 107)})`;
}

function heatMap(result: SweepResult, strategy: number, path: string, max: number): string {
  const [rows, cols] = result.sweep.params as [SweepResult['sweep']['params'][number], SweepResult['sweep']['params'][number]];
  const d = displayOf(path);
  const cw = 64;
  const ch = 22;
  const left = 90;
  const top = 40;
  const width = left + cols.values.length * cw + 10;
  const height = top + rows.values.length * ch + 10;
  const name = result.points[0]!.strategies[strategy]!.name;
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeXml(`${name}: ${path}`)}" class="chart heat-map">`];
  parts.push(`<text x="${left}" y="14" font-size="12" font-weight="bold" fill="#333">${escapeXml(name)}</text>`);
  parts.push(`<text x="${left}" y="${top - 8}" font-size="11" fill="#555">${escapeXml(cols.path)} →</text>`);
  cols.values.forEach((v, j) => parts.push(`<text x="${f(left + j * cw + cw / 2)}" y="${top - 20}" text-anchor="middle" font-size="11" fill="#555">${escapeXml(valueText(v))}</text>`));
  rows.values.forEach((v, i) => {
    parts.push(`<text x="${left - 6}" y="${f(top + i * ch + ch / 2 + 4)}" text-anchor="end" font-size="11" fill="#555">${escapeXml(`${rows.path}=${valueText(v)}`)}</text>`);
    cols.values.forEach((_, j) => {
      const p = result.points[i * cols.values.length + j]!;
      const fig = leafFigure(p.strategies[strategy]!.metrics, path);
      const t = max > 0 ? fig.mean / max : 0;
      parts.push(
        `<rect x="${left + j * cw}" y="${top + i * ch}" width="${cw - 1}" height="${ch - 1}" fill="${heatColor(t)}"><title>${escapeXml(`${pointLabel(result.sweep.params, Object.values(p.params))}: ${plusMinus(fig, d.scale, d.decimals)}${d.unit}`)}</title></rect>` +
          `<text x="${f(left + j * cw + cw / 2)}" y="${f(top + i * ch + ch / 2 + 4)}" text-anchor="middle" font-size="10" fill="${t > 0.55 ? '#fff' : '#222'}">${escapeXml((fig.mean * d.scale).toFixed(d.decimals))}</text>`,
      );
    });
  });
  parts.push('</svg>');
  return parts.join('');
}

function table(result: SweepResult, path: string): string {
  const d = displayOf(path);
  const names = result.points[0]!.strategies.map((s) => s.name);
  const head = `<tr><th>${escapeXml(result.sweep.params.map((p) => p.path).join(', '))}</th>${names.map((n) => `<th>${escapeXml(n)}</th>`).join('')}</tr>`;
  const rows = result.points.map(
    (p) => `<tr><td>${escapeXml(Object.values(p.params).map(valueText).join(', '))}</td>${p.strategies.map((s) => `<td>${escapeXml(plusMinus(leafFigure(s.metrics, path), d.scale, d.decimals))}</td>`).join('')}</tr>`,
  );
  return `<table class="sweep"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

export function renderSweepHtml(result: SweepResult): string {
  const { scenario, sweep } = result;
  const about = `${sweep.points} points × ${sweep.replications.n} replications, ${measuredWindow(scenario)}, seed ${scenario.seed}; lines are means, shaded bands 95% confidence intervals (the same replication seeds at every point).`;
  const sections: string[] = [];
  for (const m of chartedMetrics(result)) {
    const d = displayOf(m.path);
    const title = `${m.label}${d.unit === '' ? '' : ` (${d.unit})`}`;
    let picture = '';
    if (sweep.params.length === 1) {
      const param = sweep.params[0]!;
      const { xs, numeric } = positions(param.values);
      const bands: Band[] = result.points[0]!.strategies.map((s, si) => ({
        name: s.name,
        color: PALETTE[si % PALETTE.length]!,
        points: result.points.map((p, pi) => {
          const fig = leafFigure(p.strategies[si]!.metrics, m.path);
          return [xs[pi]!, fig.mean * d.scale, fig.ci95[0] * d.scale, fig.ci95[1] * d.scale] as [number, number, number, number];
        }),
      }));
      const every = Math.max(1, Math.ceil(param.values.length / 12));
      const xTicks = param.values.map((v, i): [number, string] => [xs[i]!, numeric ? String(v) : valueText(v)]).filter((_, i) => i % every === 0);
      const bounds = sloBounds(scenario.resolved, m.path).map((b) => ({ op: b.op, value: b.value * d.scale }));
      picture = `<figure>${bandChart(bands, { title: `${title} against ${param.path}`, xLabel: param.path, yLabel: title, xTicks, yFormat: (y) => String(+y.toPrecision(6)), bounds })}</figure>`;
    } else if (sweep.params.length === 2) {
      const max = Math.max(0, ...result.points.flatMap((p) => p.strategies.map((s) => leafFigure(s.metrics, m.path).mean)));
      picture = `<div class="heatmaps">${result.points[0]!.strategies.map((_, si) => heatMap(result, si, m.path, max)).join('')}</div>`;
    }
    sections.push(`<h2>${escapeXml(title)}</h2>${picture}${table(result, m.path)}`);
  }
  const warnings = [...new Set(result.points.flatMap((p) => p.warnings.map((w) => w.message)))];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(`${scenario.name}: sweep of ${sweep.params.map((p) => p.path).join(' × ')}`)}</title><style>${CSS}</style></head>
<body><main>
<h1>${escapeXml(scenario.name)}</h1>
<p class="meta">Sweep of ${escapeXml(sweep.params.map((p) => p.path).join(' × '))}. ${escapeXml(about)}</p>
${sections.join('\n')}
${warnings.length > 0 ? `<h2>Warnings</h2><ul>${warnings.map((w) => `<li>${escapeXml(w)}</li>`).join('')}</ul>` : ''}
<footer>session-sim ${escapeXml(scenario.version)}${sweep.params.length > 2 ? ' · more than two params: tables only' : ''}</footer>
</main></body></html>
`;
}
