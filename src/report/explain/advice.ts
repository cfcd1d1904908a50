/** The "what to look at, and why" advice of explain (and the HTML report), from the figures. */
import type { SimulationResult } from '../../experiment/simulate.js';
import { CAUSE_MEANING, FAILURE_MEANING } from './sessions.js';
import { listWords } from './words.js';

export function adviceLines(result: SimulationResult): string[] {
  const s = result.strategies;
  const out: string[] = [];
  const pct = (x: number) => (x === 0 ? '0%' : `${(x * 100).toFixed(x < 0.01 ? 2 : 1)}%`);
  const top = (o: Record<string, number>) => Object.entries(o).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1])[0];

  const losers = s.filter((x) => x.metrics.lostSessions > 0).sort((a, b) => b.metrics.sessionLossRate - a.metrics.sessionLossRate);
  const keepers = s.filter((x) => x.metrics.lostSessions === 0);
  if (losers.length > 0) {
    const w = losers[0]!;
    const [cause] = top(w.metrics.lossByCause as unknown as Record<string, number>) ?? ['?'];
    let text = `Lost sessions: ${w.name} lost ${pct(w.metrics.sessionLossRate)} of its users' sessions, mostly to ${cause}: ${CAUSE_MEANING[cause] ?? cause}.`;
    if (keepers.length > 0) text += ` ${listWords(keepers.map((k) => k.name))} lost none: the state lives ${listWords([...new Set(keepers.map((k) => k.stateLocation))])}.`;
    out.push(text);
  } else {
    out.push('Lost sessions: no strategy lost any here, so this scenario is about load, latency and cost rather than failures.');
  }

  const failing = s.filter((x) => x.metrics.failedRequests > 0).sort((a, b) => b.metrics.failedRate - a.metrics.failedRate);
  if (failing.length > 0) {
    const w = failing[0]!;
    const [reason] = top(w.metrics.failuresByReason as unknown as Record<string, number>) ?? ['?'];
    const least = failing[failing.length - 1]!;
    const same = failing.length === s.length && s.length > 1 && least.metrics.failedRate >= 0.5 * w.metrics.failedRate;
    out.push(
      (same
        ? `Failed requests: every strategy failed some (${least.metrics.failedRequests} to ${w.metrics.failedRequests}, ${pct(least.metrics.failedRate)} to ${pct(w.metrics.failedRate)}), mostly ${reason}: ${FAILURE_MEANING[reason] ?? reason}.`
        : `Failed requests: ${w.name} failed the most (${w.metrics.failedRequests}, ${pct(w.metrics.failedRate)}), mostly ${reason}: ${FAILURE_MEANING[reason] ?? reason}.`) +
        (same ? ' No session strategy hides a failure the balancer has not noticed yet; only faster detection (health-check interval × fall) shortens it.' : ''),
    );
  }

  const bySkew = [...s].sort((a, b) => b.metrics.skew.maxOverMean - a.metrics.skew.maxOverMean);
  const skewed = bySkew[0]!;
  if (skewed.metrics.skew.maxOverMean >= 1.2) {
    out.push(
      `Balance: ${skewed.name}'s busiest server did ${skewed.metrics.skew.maxOverMean.toFixed(2)}× the mean load (Jain index ${skewed.metrics.skew.jain.toFixed(3)}; 1 is even). ` +
        'Affinity decides where users go by a key (cookie, client IP); when many users share a key, as behind a NAT or a proxy, one server takes them all, and its latency shows it.',
    );
  } else {
    out.push(`Balance: every strategy kept the busiest server within ${skewed.metrics.skew.maxOverMean.toFixed(2)}× the mean, so balance is not the story here.`);
  }

  const byP99 = [...s].sort((a, b) => a.metrics.latency.p99 - b.metrics.latency.p99);
  const fast = byP99[0]!;
  const slow = byP99[byP99.length - 1]!;
  if (s.length > 1 && slow.metrics.latency.p99 > 1.05 * fast.metrics.latency.p99) {
    out.push(`Latency: p99 ranges from ${fast.metrics.latency.p99.toFixed(1)} ms (${fast.name}) to ${slow.metrics.latency.p99.toFixed(1)} ms (${slow.name}); the tail grows where a server is busier (queueing) or where each request waits for a store round trip.`);
  } else {
    out.push('Latency: the p99 is about the same for all; the application time dominates, not where the session lives.');
  }

  const store = s.filter((x) => x.metrics.store.ops > 0);
  const costs: string[] = [];
  for (const x of store) costs.push(`${x.name} keeps its store busy at up to ${x.metrics.store.peakOpsPerSecond} operations per second (a GET and a SET or EXPIRE per request)`);
  const byBytes = [...s].sort((a, b) => b.metrics.bandwidth.bytesPerRequest - a.metrics.bandwidth.bytesPerRequest);
  const heavy = byBytes[0]!;
  const light = byBytes[byBytes.length - 1]!;
  // Worth a word only when it is several times the lightest (a token vs a cookie).
  if (heavy.metrics.bandwidth.bytesPerRequest >= 2 * Math.max(1, light.metrics.bandwidth.bytesPerRequest)) costs.push(`${heavy.name} sends the most session bytes with every request (${heavy.metrics.bandwidth.bytesPerRequest} B, against ${light.metrics.bandwidth.bytesPerRequest} B for ${light.name})`);
  if (costs.length > 0) out.push(`Cost: ${listWords(costs)}.`);
  return out;
}
