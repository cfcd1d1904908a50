/**
 * A plain-English reading of the comparison: who kept sessions, who balanced load, who
 * answered fastest, in one or two sentences a student can repeat.
 *
 * Fair by three rules. Values that read the same (equal when rounded as printed; p99 within
 * 2%, the histogram's resolution) are ties, and said as ties: every strategy of the best
 * group is named. With replications, strategies whose 95% intervals overlap are not told
 * apart: a difference that is not significant makes no winner. And "lowest p99" is only
 * among strategies that do not fail significantly more requests than the fewest-failing one:
 * failing the slow requests is not answering them fast.
 */
import type { StrategyResult } from '../experiment/run.js';
import type { IntervalFigure, IntervalTree } from '../metrics/aggregate.js';
import { metricAt } from '../metrics/metric-paths.js';
import { answeredRequests, type StrategyMetrics } from '../metrics/strategy-metrics.js';

export interface VerdictOptions {
  /** Replications: each strategy's 95% intervals, by name. Overlapping intervals are ties. */
  intervals?: ReadonlyMap<string, IntervalTree<StrategyMetrics>>;
}

function names(list: readonly StrategyResult[]): string {
  const n = list.map((s) => s.name);
  return n.length <= 1 ? (n[0] ?? '') : `${n.slice(0, -1).join(', ')} and ${n[n.length - 1]}`;
}

export function pct(x: number): string {
  if (x === 0) return '0%';
  if (x < 0.001) return `${(x * 100).toFixed(3)}%`;
  return `${(x * 100).toFixed(x < 0.01 ? 2 : 1)}%`;
}

function mainCause(s: StrategyResult): string {
  const entries = Object.entries(s.metrics.lossByCause).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]);
  return entries.length === 0 ? '' : entries[0]![0];
}

/** "12.0 ms" or "12.0–12.2 ms": the lowest and highest values of a group, as printed. */
function range(values: readonly number[], format: (v: number) => string): string {
  const sorted = [...values].sort((a, b) => a - b);
  const lo = format(sorted[0]!);
  const hi = format(sorted[sorted.length - 1]!);
  return lo === hi ? lo : `${lo}–${hi}`;
}

/**
 * z of a two-proportion test (pooled) of failed / requests: above 1.96 the first fails
 * significantly more at the 5% level. Requests are treated as independent trials, which they
 * are not quite (failures come in episodes), so this is a floor on what "significant" needs.
 */
export function failureZ(a: StrategyMetrics, b: StrategyMetrics): number {
  const n1 = a.requests;
  const n2 = b.requests;
  if (!(n1 > 0) || !(n2 > 0)) return a.failedRate > b.failedRate ? Infinity : 0;
  const p = (a.failedRequests + b.failedRequests) / (n1 + n2);
  const se = Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
  const diff = a.failedRequests / n1 - b.failedRequests / n2;
  return se === 0 ? (diff > 0 ? Infinity : 0) : diff / se;
}

export function verdict(strategies: readonly StrategyResult[], options: VerdictOptions = {}): string {
  if (strategies.length === 0) return '';
  const intervals = options.intervals;
  const interval = (s: StrategyResult, path: string) => (intervals === undefined ? undefined : metricAt<IntervalFigure>(intervals.get(s.name) ?? {}, path));
  /** Told apart: intervals that do not overlap (replications), else `differ` on the single run. */
  const apart = (a: StrategyResult, b: StrategyResult, path: string, differ: (x: number, y: number) => boolean): boolean => {
    const ia = interval(a, path);
    const ib = interval(b, path);
    if (ia !== undefined && ib !== undefined) return ia.ci95[1] < ib.ci95[0] || ib.ci95[1] < ia.ci95[0];
    return differ(metricAt<number>(a.metrics, path) ?? 0, metricAt<number>(b.metrics, path) ?? 0);
  };
  const value = (s: StrategyResult, path: string) => metricAt<number>(s.metrics, path) ?? 0;
  /**
   * The strategies not told apart from the best (lowest) one, and the rest not told apart from
   * the worst. Ties are not transitive (1.03 is within 0.05 of both 1.02 and 1.08): a strategy
   * tied with both counts with the best, so no name is on both sides of a "vs".
   */
  const groups = (list: readonly StrategyResult[], path: string, differ: (x: number, y: number) => boolean) => {
    const sorted = [...list].sort((a, b) => value(a, path) - value(b, path));
    const best = sorted[0]!;
    const worst = sorted[sorted.length - 1]!;
    const bestGroup = sorted.filter((s) => !apart(s, best, path, differ));
    return {
      sorted,
      best: bestGroup,
      worst: sorted.filter((s) => !apart(s, worst, path, differ) && (bestGroup.length === sorted.length || !bestGroup.includes(s))),
    };
  };
  const parts: string[] = [];

  // Sessions lost: equal as printed is a tie.
  const lossDiffer = (x: number, y: number) => pct(x) !== pct(y);
  const loss = groups(strategies, 'sessionLossRate', lossDiffer);
  const lossText = (list: readonly StrategyResult[]) => range(list.map((s) => s.metrics.sessionLossRate), pct);
  if (strategies.length === 1) {
    parts.push(`${strategies[0]!.name} lost ${pct(strategies[0]!.metrics.sessionLossRate)} of sessions`);
  } else if (loss.best.length === strategies.length) {
    parts.push(loss.sorted.every((s) => !lossDiffer(s.metrics.sessionLossRate, loss.sorted[0]!.metrics.sessionLossRate)) ? `All strategies lost ${lossText(loss.sorted)} of sessions` : `Sessions lost: no strategy significantly fewer (${lossText(loss.sorted)})`);
  } else {
    const worst = loss.sorted[loss.sorted.length - 1]!;
    parts.push(`Fewest sessions lost: ${names(loss.best)} (${lossText(loss.best)}); most: ${names(loss.worst)} (${lossText(loss.worst)}, mostly ${mainCause(worst)})`);
  }

  // Errors are the other half of "did users notice": name the strategy that failed most when
  // it stands out (above 1% of requests, at least twice the fewest, and told apart from it).
  const byFailures = [...strategies].sort((a, b) => a.metrics.failedRate - b.metrics.failedRate);
  const fewest = byFailures[0]!;
  /** Fails significantly more requests than the fewest-failing strategy. */
  const failsMore = (s: StrategyResult) => s !== fewest && s.metrics.failedRate > fewest.metrics.failedRate && apart(s, fewest, 'failedRate', () => failureZ(s.metrics, fewest.metrics) > 1.96);
  const mostFailed = byFailures[byFailures.length - 1]!;
  if (strategies.length > 1 && fewest.metrics.failedRate > 0.01 && !(mostFailed.metrics.failedRate >= 2 * fewest.metrics.failedRate && failsMore(mostFailed))) {
    // Every strategy failed many: that is the story, whoever failed a little more.
    parts.push(`every strategy failed ${range(strategies.map((s) => s.metrics.failedRate), pct)} of its requests`);
  } else if (mostFailed.metrics.failedRate > 0.01 && (strategies.length === 1 || (mostFailed.metrics.failedRate >= 2 * fewest.metrics.failedRate && failsMore(mostFailed)))) {
    const reason = Object.entries(mostFailed.metrics.failuresByReason).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1])[0];
    const fewestOnes = byFailures.filter((s) => pct(s.metrics.failedRate) === pct(fewest.metrics.failedRate));
    parts.push(
      strategies.length === 1
        ? `${pct(mostFailed.metrics.failedRate)} of its requests failed${reason ? ` (mostly ${reason[0]})` : ''}`
        : `most failed requests: ${mostFailed.name} (${pct(mostFailed.metrics.failedRate)}${reason ? `, mostly ${reason[0]}` : ''}) vs ${pct(fewest.metrics.failedRate)} for ${names(fewestOnes)}`,
    );
  }

  // Balance: a difference under 0.05 in max/mean is no story.
  const skewDiffer = (x: number, y: number) => Math.abs(x - y) >= 0.05;
  const skew = groups(strategies, 'skew.maxOverMean', skewDiffer);
  const skewText = (list: readonly StrategyResult[]) => range(list.map((s) => s.metrics.skew.maxOverMean), (v) => `${v.toFixed(2)}×`);
  if (strategies.length === 1) {
    parts.push(`its busiest server handled ${strategies[0]!.metrics.skew.maxOverMean.toFixed(2)}× the mean load`);
  } else if (skew.best.length === strategies.length) {
    parts.push(`load was balanced about equally (busiest server ≤ ${skew.sorted[skew.sorted.length - 1]!.metrics.skew.maxOverMean.toFixed(2)}× the mean)`);
  } else {
    parts.push(`best balanced: ${names(skew.best)} (busiest server ${skewText(skew.best)} the mean vs ${skewText(skew.worst)} for ${names(skew.worst)})`);
  }

  // Latency: only among the strategies that do not fail significantly more requests.
  // Latency is of the requests answered: a strategy that answered none has no latency to compare.
  const answering = strategies.filter((s) => answeredRequests(s.metrics) > 0);
  const silent = strategies.filter((s) => !answering.includes(s));
  if (answering.length === 0) parts.push(strategies.length === 1 ? 'it answered no request successfully, so it has no latency' : 'no strategy answered a request successfully, so none has a latency');
  else if (silent.length > 0) parts.push(`${names(silent)} answered no request successfully`);
  const fair = answering.filter((s) => !failsMore(s));
  if (strategies.length > 1 && fair.length > 0) {
    const excluded = answering.filter((s) => !fair.includes(s));
    // Within 2% (about the histogram's resolution and the noise of a p99) is a tie.
    const p99Differ = (x: number, y: number) => Math.abs(x - y) > 0.02 * Math.max(x, y);
    const ms = (list: readonly StrategyResult[]) => `${range(list.map((s) => s.metrics.latency.p99), (v) => v.toFixed(1))} ms`;
    const among = excluded.length === 0 ? '' : ` among those that do not fail significantly more requests (not ${names(excluded)})`;
    if (fair.length === 1) {
      parts.push(`p99 latency ${ms(fair)} for ${fair[0]!.name}, the only strategy that does not fail significantly more requests`);
    } else {
      const p99 = groups(fair, 'latency.p99', p99Differ);
      if (p99.best.length === fair.length) parts.push(excluded.length === 0 ? `p99 latency about the same for all (${ms(fair)})` : `p99 latency about the same (${ms(fair)}) among the strategies that do not fail significantly more requests (${names(fair)})`);
      else parts.push(`lowest p99 latency${among}: ${names(p99.best)} (${ms(p99.best)} vs ${ms(p99.worst)} for ${names(p99.worst)})`);
    }
  }
  return `${parts.join('; ')}.`;
}
