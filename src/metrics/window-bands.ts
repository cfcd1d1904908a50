/**
 * A per-window series over replications, as a mean line and a 95% confidence band: for each
 * window k, the mean of the replications' values and its two-sided Student-t interval
 * (t(0.975, n − 1)·s/√n, the same interval the tables quote for whole-run figures). Windows
 * are aligned by index (every replication of a scenario has the same windows), and the
 * replications are taken in index order, so the band does not depend on how they ran.
 */
import { confidenceInterval } from './aggregate.js';

export interface WindowBand {
  mean: number;
  lo: number;
  hi: number;
}

/** series[r][k]: replication r's value in window k. Needs at least 2 replications. */
export function windowBands(series: ReadonlyArray<readonly number[]>): WindowBand[] {
  if (series.length < 2) throw new RangeError(`a band needs at least 2 replications, got ${series.length}`);
  const windows = Math.min(...series.map((s) => s.length));
  return Array.from({ length: windows }, (_, k) => {
    const ci = confidenceInterval(series.map((s) => s[k]!));
    return { mean: ci.mean, lo: ci.lo, hi: ci.hi };
  });
}

/**
 * The same where a window may have no value in some replications (null: the p99 of a window in
 * which nothing succeeded): the band of window k is over the replications that have a value
 * there, and null (a gap) when fewer than 2 have one.
 */
export function windowBandsWithGaps(series: ReadonlyArray<ReadonlyArray<number | null>>): Array<WindowBand | null> {
  if (series.length < 2) throw new RangeError(`a band needs at least 2 replications, got ${series.length}`);
  const windows = Math.min(...series.map((s) => s.length));
  return Array.from({ length: windows }, (_, k) => {
    const values = series.map((s) => s[k]).filter((v): v is number => v !== null && v !== undefined);
    if (values.length < 2) return null;
    const ci = confidenceInterval(values);
    return { mean: ci.mean, lo: ci.lo, hi: ci.hi };
  });
}
