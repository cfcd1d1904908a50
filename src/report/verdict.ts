/**
 * A plain-English reading of the comparison: who kept sessions, who balanced load, who
 * answered fastest, in one or two sentences a student can repeat.
 */
import type { StrategyResult } from '../experiment/run.js';

function names(list: StrategyResult[]): string {
  const n = list.map((s) => s.name);
  return n.length <= 1 ? (n[0] ?? '') : `${n.slice(0, -1).join(', ')} and ${n[n.length - 1]}`;
}

function pct(x: number): string {
  if (x === 0) return '0%';
  if (x < 0.001) return `${(x * 100).toFixed(3)}%`;
  return `${(x * 100).toFixed(x < 0.01 ? 2 : 1)}%`;
}

function mainCause(s: StrategyResult): string {
  const entries = Object.entries(s.metrics.lossByCause).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]);
  return entries.length === 0 ? '' : entries[0]![0];
}

export function verdict(strategies: StrategyResult[]): string {
  if (strategies.length === 0) return '';
  const parts: string[] = [];
  const byLoss = [...strategies].sort((a, b) => a.metrics.sessionLossRate - b.metrics.sessionLossRate);
  const best = byLoss[0]!.metrics.sessionLossRate;
  const bestOnes = byLoss.filter((s) => s.metrics.sessionLossRate === best);
  const worst = byLoss[byLoss.length - 1]!;
  if (strategies.length === 1) {
    parts.push(`${worst.name} lost ${pct(worst.metrics.sessionLossRate)} of sessions`);
  } else if (worst.metrics.sessionLossRate === best) {
    parts.push(`All strategies lost ${pct(best)} of sessions`);
  } else {
    parts.push(
      `Fewest sessions lost: ${names(bestOnes)} (${pct(best)}); most: ${worst.name} (${pct(worst.metrics.sessionLossRate)}, mostly ${mainCause(worst)})`,
    );
  }
  // Errors are the other half of "did users notice": name the strategy that failed most when
  // it stands out (above 1% of requests and at least twice the fewest), with its main reason.
  const byFailures = [...strategies].sort((a, b) => a.metrics.failedRate - b.metrics.failedRate);
  const fewestFailed = byFailures[0]!.metrics.failedRate;
  const mostFailed = byFailures[byFailures.length - 1]!;
  if (mostFailed.metrics.failedRate > 0.01 && mostFailed.metrics.failedRate >= 2 * fewestFailed) {
    const reason = Object.entries(mostFailed.metrics.failuresByReason).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1])[0];
    parts.push(
      strategies.length === 1
        ? `${pct(mostFailed.metrics.failedRate)} of its requests failed${reason ? ` (mostly ${reason[0]})` : ''}`
        : `most failed requests: ${mostFailed.name} (${pct(mostFailed.metrics.failedRate)}${reason ? `, mostly ${reason[0]}` : ''}) vs ${pct(fewestFailed)} for ${byFailures[0]!.name}`,
    );
  }
  const byBalance = [...strategies].sort((a, b) => a.metrics.skew.maxOverMean - b.metrics.skew.maxOverMean);
  const balanced = byBalance[0]!;
  const skewed = byBalance[byBalance.length - 1]!;
  if (strategies.length === 1) {
    parts.push(`its busiest server handled ${skewed.metrics.skew.maxOverMean.toFixed(2)}× the mean load`);
  } else if (skewed.metrics.skew.maxOverMean - balanced.metrics.skew.maxOverMean >= 0.05) {
    parts.push(`best balanced: ${balanced.name} (busiest server ${balanced.metrics.skew.maxOverMean.toFixed(2)}× the mean vs ${skewed.metrics.skew.maxOverMean.toFixed(2)}× for ${skewed.name})`);
  } else {
    parts.push(`load was balanced about equally (busiest server ≤ ${skewed.metrics.skew.maxOverMean.toFixed(2)}× the mean)`);
  }
  const byP99 = [...strategies].sort((a, b) => a.metrics.latency.p99 - b.metrics.latency.p99);
  if (strategies.length > 1) {
    const low = byP99[0]!.metrics.latency.p99;
    const high = byP99[byP99.length - 1]!.metrics.latency.p99;
    // Within 2% (about the histogram's resolution and the noise of a p99) is a tie.
    if (high - low <= 0.02 * high) parts.push(`p99 latency about the same for all (${high.toFixed(1)} ms)`);
    else parts.push(`lowest p99 latency: ${byP99[0]!.name} (${low.toFixed(1)} ms vs ${high.toFixed(1)} ms for ${byP99[byP99.length - 1]!.name})`);
  }
  return `${parts.join('; ')}.`;
}
