/**
 * A sweep as CSV: one row per point × strategy, every metric as three columns named by their
 * JSON path inside the point's strategy (`metrics.latency.p99.mean`,
 * `metrics.latency.p99.ci95[0]`, `metrics.latency.p99.ci95[1]`), the point's values as
 * `params.<path>`, so pandas or a spreadsheet pivots it without reading JSON.
 */
import type { IntervalFigure } from '../metrics/aggregate.js';
import { isFigure } from '../metrics/aggregate.js';
import type { SweepResult } from '../experiment/sweep.js';
import { csvField } from './csv.js';

/** [column, value] pairs of a metrics tree, in key order. */
function flattenFigures(tree: unknown, prefix: string, out: Array<[string, unknown]>): Array<[string, unknown]> {
  if (isFigure(tree)) {
    const f = tree as IntervalFigure;
    out.push([`${prefix}.mean`, f.mean], [`${prefix}.ci95[0]`, f.ci95[0]], [`${prefix}.ci95[1]`, f.ci95[1]]);
  } else if (tree !== null && typeof tree === 'object' && !Array.isArray(tree)) {
    for (const [k, v] of Object.entries(tree)) flattenFigures(v, `${prefix}.${k}`, out);
  } else {
    out.push([prefix, tree]);
  }
  return out;
}

export function renderSweepCsv(result: SweepResult): string {
  const rows: Array<Array<[string, unknown]>> = [];
  for (const p of result.points) {
    for (const s of p.strategies) {
      rows.push([
        ['point', p.index],
        ...Object.entries(p.params).map(([k, v]): [string, unknown] => [`params.${k}`, v]),
        ['strategy', s.name],
        ['type', s.type],
        ['replications', result.sweep.replications.n],
        ...flattenFigures(s.metrics, 'metrics', []),
      ]);
    }
  }
  const columns = new Set<string>();
  for (const r of rows) for (const [k] of r) columns.add(k);
  const header = [...columns];
  const lines = [header.map(csvField).join(',')];
  for (const r of rows) {
    const byKey = new Map(r);
    lines.push(header.map((k) => csvField(byKey.get(k))).join(','));
  }
  return `${lines.join('\n')}\n`;
}
