/**
 * The comparison table: one row per strategy, the figures a reader decides on.
 * Colour marks the best (green) and worst (red) value of each column when they differ.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { SimulationResult } from '../strategies/simulate.js';
import { formatDuration } from '../scenario/units.js';
import type { StrategyResult } from '../strategies/run.js';
import { verdict } from './verdict.js';

export interface TableOptions {
  color: boolean;
}

interface Column {
  head: string;
  value: (s: StrategyResult) => number;
  format: (v: number, s: StrategyResult) => string;
  /** Lower is better (true), higher is better (false), or no judgement (null). */
  lowerIsBetter: boolean | null;
}

const percent = (v: number) => (v === 0 ? '0' : v < 0.0001 ? `${(v * 100).toFixed(4)}%` : `${(v * 100).toFixed(2)}%`);

const COLUMNS: Column[] = [
  { head: 'sessions', value: (s) => s.metrics.sessions, format: (v) => String(v), lowerIsBetter: null },
  {
    head: 'lost\nsessions',
    value: (s) => s.metrics.sessionLossRate,
    format: (v, s) => `${s.metrics.lostSessions} (${percent(v)})`,
    lowerIsBetter: true,
  },
  {
    head: 'main\nloss cause',
    value: () => 0,
    format: (_v, s) => {
      const top = Object.entries(s.metrics.lossByCause).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1])[0];
      return top ? top[0] : '-';
    },
    lowerIsBetter: null,
  },
  {
    head: 'failed\nrequests',
    value: (s) => s.metrics.failedRate,
    format: (v, s) => `${s.metrics.failedRequests} (${percent(v)})`,
    lowerIsBetter: true,
  },
  { head: 'p50\nms', value: (s) => s.metrics.latency.p50, format: (v) => v.toFixed(1), lowerIsBetter: true },
  { head: 'p99\nms', value: (s) => s.metrics.latency.p99, format: (v) => v.toFixed(1), lowerIsBetter: true },
  { head: 'skew\nmax/mean', value: (s) => s.metrics.skew.maxOverMean, format: (v) => v.toFixed(2), lowerIsBetter: true },
  { head: 'Jain\nindex', value: (s) => s.metrics.skew.jain, format: (v) => v.toFixed(3), lowerIsBetter: false },
  {
    // Windowed skew: the worst window, and the last one (has a skew after a scale-out worn off?).
    head: 'window skew\nworst/last',
    value: (s) => s.metrics.skew.worstWindowMaxOverMean,
    format: (v, s) => `${v.toFixed(2)}/${s.metrics.skew.finalWindowMaxOverMean.toFixed(2)}`,
    lowerIsBetter: true,
  },
  { head: 'store\npeak op/s', value: (s) => s.metrics.store.peakOpsPerSecond, format: (v) => (v === 0 ? '-' : String(v)), lowerIsBetter: null },
  { head: 'bytes\n/req', value: (s) => s.metrics.bandwidth.bytesPerRequest, format: (v) => String(v), lowerIsBetter: true },
];

export function renderTable(result: SimulationResult, options: TableOptions): string {
  const chalk: ChalkInstance = new Chalk({ level: options.color ? 1 : 0 });
  const { scenario, strategies } = result;
  const table = new Table({
    head: ['strategy', ...COLUMNS.map((c) => c.head)],
    style: { head: options.color ? ['cyan'] : [], border: options.color ? ['grey'] : [], compact: true },
  });
  for (const s of strategies) {
    const row = [chalk.bold(s.name)];
    for (const c of COLUMNS) {
      const v = c.value(s);
      let text = c.format(v, s);
      if (c.lowerIsBetter !== null && strategies.length > 1) {
        const values = strategies.map(c.value);
        const best = c.lowerIsBetter ? Math.min(...values) : Math.max(...values);
        const worst = c.lowerIsBetter ? Math.max(...values) : Math.min(...values);
        if (best !== worst) {
          if (v === best) text = chalk.green(text);
          else if (v === worst) text = chalk.red(text);
        }
      }
      row.push(text);
    }
    table.push(row);
  }
  const window = `${formatDuration(scenario.duration - scenario.warmup)} measured after ${formatDuration(scenario.warmup)} warm-up, seed ${scenario.seed}`;
  return [
    chalk.bold(scenario.name) + chalk.dim(` — ${window}`),
    table.toString(),
    chalk.bold('Verdict: ') + verdict(strategies),
    '',
  ].join('\n');
}
