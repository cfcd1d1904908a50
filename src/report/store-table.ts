/**
 * A second, smaller table under the comparison: what the session stores, concurrency and
 * tokens did (lost updates, writes lost in failovers, evictions, lock waits, revoked tokens
 * accepted, logins after a lost session and users who left, with memory, the store's share
 * of latency and tokens issued as context). Only the columns some strategy has a figure for
 * are shown, and nothing at all unless one of them is more than context.
 */
import type { ChalkInstance } from 'chalk';
import type { StrategyResult } from '../experiment/run.js';
import { formatBytes } from './highlights.js';
import { cliTable } from './libraries.js';
import type { Column } from './table.js';

interface DetailColumn extends Column {
  /** Context only (memory, latency share, tokens): shown when something notable is. */
  context?: boolean;
  /** When the column has a story to tell (default: some strategy's value is above 0). */
  notable?: (strategies: readonly StrategyResult[]) => boolean;
}

/** Events that change the pool, after which load per server drifts over time. */
const POOL_CHANGES = new Set(['scale-out', 'scale-in', 'rolling-restart', 'autoscaler-scale']);

/** An autoscaler ran (its figures are in metrics.fleet only then). */
const autoscaled = (all: readonly StrategyResult[]) => all.some((s) => s.metrics.fleet.scaleOuts !== undefined);


/** Store, concurrency, token and pool-change figures; also selectable with --columns. */
export const DETAIL_COLUMNS: DetailColumn[] = [
  {
    // After a scale-out, cookie affinity keeps old users on old servers: the worst window shows
    // the skew, the last one whether it has worn off (the whole-run figure averages it away).
    id: 'window-skew',
    lowerIsBetter: true,
    head: 'window skew\nworst/last',
    value: (s) => s.metrics.skew.worstWindowMaxOverMean,
    format: (v, s) => `${v.toFixed(2)}/${s.metrics.skew.finalWindowMaxOverMean.toFixed(2)}`,
    notable: (all) => all.some((s) => s.events.some((e) => POOL_CHANGES.has(e.type))),
    paths: ['skew.worstWindowMaxOverMean', 'skew.finalWindowMaxOverMean'],
  },
  { id: 'lost-updates', lowerIsBetter: true, head: 'lost\nupdates', value: (s) => s.metrics.lostUpdates, format: (v) => String(v), paths: ['lostUpdates'] },
  { id: 'writes-lost', lowerIsBetter: true, head: 'writes lost\n(failover)', value: (s) => s.metrics.store.writesLost, format: (v) => String(v), paths: ['store.writesLost'] },
  { id: 'evictions', lowerIsBetter: true, head: 'store\nevictions', value: (s) => s.metrics.store.evictions, format: (v) => String(v), paths: ['store.evictions'] },
  { id: 'store-memory', lowerIsBetter: null, head: 'store peak\nmemory', value: (s) => s.metrics.store.peakMemoryBytes, format: (v) => formatBytes(v), context: true, paths: ['store.peakMemoryBytes'] },
  { id: 'store-share', lowerIsBetter: true, head: 'store share\nof latency', value: (s) => s.metrics.store.latencyShare, format: (v) => `${(v * 100).toFixed(1)}%`, context: true, paths: ['store.latencyShare'] },
  { id: 'lock-waits', lowerIsBetter: true, head: 'lock waits\n(mean ms)', value: (s) => s.metrics.store.lockWaits, format: (v, s) => `${v} (${s.metrics.store.meanLockWaitMs.toFixed(1)})`, paths: ['store.lockWaits', 'store.meanLockWaitMs'] },
  { id: 'cas-retries', lowerIsBetter: true, head: 'CAS\nretries', value: (s) => s.metrics.store.casRetries, format: (v) => String(v), paths: ['store.casRetries'] },
  { id: 'restored', lowerIsBetter: null, head: 'restored\nfrom store', value: (s) => s.metrics.tokens.recoveredFromStore, format: (v) => String(v), paths: ['tokens.recoveredFromStore'] },
  { id: 'tokens', lowerIsBetter: null, head: 'tokens\nissued', value: (s) => s.metrics.tokens.issued, format: (v) => String(v), context: true, paths: ['tokens.issued'] },
  { id: 'revoked-accepted', lowerIsBetter: true, head: 'revoked tokens\naccepted', value: (s) => s.metrics.security.revokedTokenAcceptances, format: (v) => String(v), paths: ['security.revokedTokenAcceptances'] },
  { id: 'exposure', lowerIsBetter: true, head: 'revocation\nexposure s', value: (s) => s.metrics.security.revocationExposure, format: (v) => v.toFixed(0), paths: ['security.revocationExposure'] },
  // Autoscaling: the fleet each strategy ended up paying for, how often it was resized, how long the
  // controller's own reading sat above its target, and how hot the busiest server got in a window.
  { id: 'servers', lowerIsBetter: null, head: 'servers\nmin-max', value: (s) => s.metrics.fleet.maxServers, format: (v, s) => `${s.metrics.fleet.minServers}-${v}`, notable: autoscaled, paths: ['fleet.minServers', 'fleet.maxServers'] },
  { id: 'server-hours', lowerIsBetter: true, head: 'server\nhours', value: (s) => s.metrics.fleet.serverHours, format: (v) => v.toFixed(2), notable: autoscaled, paths: ['fleet.serverHours'] },
  { id: 'scaling', lowerIsBetter: null, head: 'scaling\nout/in', value: (s) => s.metrics.fleet.scaleOuts ?? 0, format: (v, s) => `${v}/${s.metrics.fleet.scaleIns ?? 0}`, notable: autoscaled, paths: ['fleet.scaleOuts', 'fleet.scaleIns'] },
  { id: 'above-target', lowerIsBetter: true, head: 'above\ntarget s', value: (s) => s.metrics.fleet.secondsAboveTarget ?? 0, format: (v) => v.toFixed(0), notable: autoscaled, paths: ['fleet.secondsAboveTarget'] },
  { id: 'busiest-util', lowerIsBetter: true, head: 'busiest\nserver peak', value: (s) => s.metrics.utilization.peakBusiestServer, format: (v) => `${(v * 100).toFixed(0)}%`, notable: autoscaled, paths: ['utilization.peakBusiestServer'] },
  // Users who lost their session (clients.onSessionLoss): the logins they came back with and those who left.
  { id: 'relogins', lowerIsBetter: true, head: 'relogins', value: (s) => s.metrics.relogins, format: (v) => String(v), paths: ['relogins'] },
  { id: 'abandoned', lowerIsBetter: true, head: 'abandoned\nsessions', value: (s) => s.metrics.abandonedSessions, format: (v) => String(v), paths: ['abandonedSessions'] },
  { id: 'revoked-rejected', lowerIsBetter: null, head: 'revoked tokens\nrefused', value: (s) => s.metrics.security.revokedTokenRejections, format: (v) => String(v), paths: ['security.revokedTokenRejections'] },
];

/** The detail columns some strategy has a figure for, or none when only context would show. */
export function notableDetailColumns(strategies: readonly StrategyResult[]): DetailColumn[] {
  const shown = DETAIL_COLUMNS.filter((c) => (c.notable ? c.notable(strategies) : strategies.some((s) => c.value(s) > 0)));
  return shown.some((c) => !c.context) ? shown : [];
}

/** The boxed detail table of the wide layout. */
export function renderStoreDetails(strategies: StrategyResult[], shown: readonly Column[], chalk: ChalkInstance, color: boolean): string[] {
  if (shown.length === 0) return [];
  const Table = cliTable();
  const table = new Table({
    head: ['strategy', ...shown.map((c) => c.head)],
    // Numbers right-aligned, as in the main table (issue 13: "numbers right-aligned").
    colAligns: ['left', ...shown.map(() => 'right' as const)],
    style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [], compact: true },
  });
  for (const s of strategies) table.push([chalk.bold(s.name), ...shown.map((c) => c.format(c.value(s), s))]);
  return [table.toString()];
}
