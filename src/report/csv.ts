/**
 * CSV: one row per strategy, every metric of the JSON contract as a column named by its
 * JSON path ("latency.p99", "lossByCause.server-crash"), so a spreadsheet or pandas reads
 * the same figures as --format json. Fields are quoted as RFC 4180 says (when they hold a
 * comma, a quote or a line break); lines end with \n.
 */
import type { SimulationResult } from '../experiment/simulate.js';
import { sloCsvFields } from './slo.js';
import { scalingActionsCsvFields } from './scaling-actions.js';

/** [path, value] pairs of an object's leaves, in key order. */
function flatten(value: unknown, prefix: string, out: Array<[string, unknown]>): Array<[string, unknown]> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix === '' ? k : `${prefix}.${k}`, out);
  } else {
    out.push([prefix, value]);
  }
  return out;
}

export function csvField(v: unknown): string {
  const text = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function renderCsv(result: SimulationResult): string {
  const rows = result.strategies.map((s) => [
    ['scenario', result.scenario.name] as [string, unknown],
    ['seed', result.scenario.seed] as [string, unknown],
    ['strategy', s.name] as [string, unknown],
    ['type', s.type] as [string, unknown],
    ...flatten(s.metrics, '', []),
    ...sloCsvFields(result.slo, s.name),
    ...scalingActionsCsvFields(result, s.name),
  ]);
  if (rows.length === 0) return '';
  // Columns in the order of the first row, plus any a later row adds (all rows share one shape today).
  const header: string[] = [];
  for (const r of rows) for (const [k] of r) if (!header.includes(k)) header.push(k);
  const lines = [header.map(csvField).join(',')];
  for (const r of rows) {
    const byKey = new Map(r);
    lines.push(header.map((k) => csvField(byKey.get(k))).join(','));
  }
  return `${lines.join('\n')}\n`;
}
