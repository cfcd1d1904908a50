/**
 * The JSON document of a sweep: `{ scenario, sweep, points: [{ index, params, strategies:
 * [{ name, type, stateLocation, metrics }], warnings }] }`, every numeric metric as
 * { mean, ci95, n } like a replicated run's. Key order is fixed by the summary
 * (src/experiment/sweep.ts), so the bytes depend only on the scenario, the params, the
 * replications and the version: not on --jobs, nor on a split into shards and a merge.
 */
import type { SweepResult } from '../experiment/sweep.js';

export function renderSweepJson(result: SweepResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
