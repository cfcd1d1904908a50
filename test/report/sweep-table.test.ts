/**
 * The sweep's terminal table shows what the replicated table's detail block shows (issue 13):
 * after the decision metrics, a table per highlighted metric of the scenario and per notable
 * non-zero figure, each in its own unit; a scenario with neither gets the decision metrics only.
 */
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderSweepTable, tableMetrics } from '../../src/report/sweep-table.js';
import { JWT_SWEEP, smallCrash, sweepOf } from '../helpers/sweep.js';

/** The rows of the table titled `title`: point value and cells, split on two spaces or more. */
function rowsUnder(text: string, title: string): string[][] {
  const lines = text.split('\n');
  const at = lines.indexOf(title);
  expect(at, `no table "${title}" in\n${text}`).toBeGreaterThan(-1);
  const end = lines.indexOf('', at);
  return lines.slice(at + 3, end).map((l) => l.trim().split(/ {2,}/));
}

const titles = (text: string) => text.split('\n').filter((l, i, all) => all[i + 2]?.startsWith('---') === true);

describe('the sweep table shows the highlighted and notable figures', () => {
  it('jwt-revocation: revocation exposure in seconds and revoked tokens accepted, non-zero for the expiring JWTs and 0 for the deny-list', async () => {
    const result = await sweepOf(JWT_SWEEP);
    const text = renderSweepTable(result, { color: false });
    expect(text.split('\n').find((l) => l.startsWith('arrivalRate'))).toBe('arrivalRate  jwt-15m  jwt-5m  jwt-deny-list  redis');
    // Every highlight of the scenario, under the head the single-run table gives it.
    for (const t of ['revocation exposure (s)', 'revoked tokens accepted', 'tokens issued', 'store peak op/s', 'revoked tokens refused']) expect(titles(text)).toContain(t);
    const exposure = rowsUnder(text, 'revocation exposure (s)');
    expect(exposure.map((r) => r[0])).toEqual(['0.5', '1']);
    for (const [, jwt15, jwt5, deny, redis] of exposure) {
      // Seconds a revoked token stayed usable: minutes for 15 min tokens, less for 5 min ones, none with a deny-list.
      expect(parseFloat(jwt15!)).toBeGreaterThan(100);
      expect(parseFloat(jwt5!)).toBeGreaterThan(0);
      expect(parseFloat(jwt5!)).toBeLessThan(parseFloat(jwt15!));
      expect([deny, redis]).toEqual(['0', '0']);
    }
    // The decision metrics come first, then the detail figures once each.
    const paths = tableMetrics(result).map((m) => m.path);
    expect(paths.slice(0, 3)).toEqual(['sessionLossRate', 'latency.p99', 'skew.maxOverMean']);
    expect(paths).toContain('security.revocationExposure');
    expect(new Set(paths).size).toBe(paths.length);
  }, 60_000);

  it('a scenario without highlights or notable figures: the three decision metrics only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'session-sim-sweep-table-'));
    const file = join(dir, 'small.json');
    writeFileSync(file, JSON.stringify(smallCrash()));
    const result = await sweepOf(['sweep', file, '--param', 'servers.count=2,3', '--replications', '2']);
    expect(tableMetrics(result).map((m) => m.path)).toEqual(['sessionLossRate', 'latency.p99', 'skew.maxOverMean']);
    expect(titles(renderSweepTable(result, { color: false }))).toEqual(['session loss rate (%)', 'latency p99 (ms)', 'skew max/mean']);
  }, 60_000);

  it('a highlight the decision tables already show adds nothing; another gets its table, zero or not, in its unit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'session-sim-sweep-table-'));
    const file = join(dir, 'highlighted.json');
    writeFileSync(file, JSON.stringify(smallCrash({ highlight: ['lostSessions', 'failedRequests', 'store.evictions'] })));
    const result = await sweepOf(['sweep', file, '--param', 'servers.count=2,3', '--replications', '2']);
    // lostSessions is the loss rate's column; failedRequests is the failed column, read as its rate (after the detail columns, as in table.ts).
    expect(tableMetrics(result).map((m) => m.label)).toEqual(['session loss rate', 'latency p99', 'skew max/mean', 'store evictions', 'failed requests']);
    const text = renderSweepTable(result, { color: false });
    expect(titles(text)).toContain('failed requests (%)');
    expect(rowsUnder(text, 'store evictions').map((r) => r.slice(1))).toEqual([['0', '0'], ['0', '0']]);
  }, 60_000);
});
