/**
 * The "what to look at, and why" advice of explain (and the HTML report), from the figures of
 * the measured window (the table's). Every count it quotes is one of the JSON's metrics; every
 * cause and reason is said in plain English (sessions.ts), and a high p99 is put down to what
 * the strategy waits for (the replica's WAIT, a session lock, the busiest server's queue, the
 * store's round trips).
 */
import type { SimulationConfig, StoreConfig, StrategyConfig } from '../../model/config.js';
import type { StrategyResult } from '../../experiment/run.js';
import type { SimulationResult } from '../../experiment/simulate.js';
import { formatDuration } from '../../scenario/units.js';
import { answeredRequests } from '../../metrics/strategy-metrics.js';
import { failureZ } from '../verdict.js';
import { CAUSE_MEANING, FAILURE_MEANING } from './sessions.js';
import { listWords } from './words.js';

const pct = (x: number) => (x === 0 ? '0%' : `${(x * 100).toFixed(x < 0.01 ? 2 : 1)}%`);
/** Non-zero entries, largest first. */
const ranked = (o: object) => Object.entries(o as Record<string, number>).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]);
const meaning = (table: Record<string, string>, key: string) => table[key] ?? key.replace(/-/g, ' ');

/** "89 server-dead" or "17269 store-not-enough-replicas and 4986 store-unavailable". */
function breakdown(o: object): string {
  return listWords(ranked(o).map(([k, v]) => `${v} ${k}`));
}

/** The measured window's totals per strategy, as the table has them. */
export function totalsLine(result: SimulationResult): string {
  const each = result.strategies.map((s) => {
    const m = s.metrics;
    const failed = m.failedRequests === 0 ? 'failed no request' : `failed ${m.failedRequests} ${m.failedRequests === 1 ? 'request' : 'requests'} (${ranked(m.failuresByReason).length === 1 ? `all ${ranked(m.failuresByReason)[0]![0]}` : breakdown(m.failuresByReason)})`;
    const lost = m.lostSessions === 0 ? 'lost no session' : `lost ${m.lostSessions} ${m.lostSessions === 1 ? 'session' : 'sessions'} (${ranked(m.lossByCause).length === 1 ? `all ${ranked(m.lossByCause)[0]![0]}` : breakdown(m.lossByCause)})`;
    return `${s.name} ${failed} and ${lost}`;
  });
  return `In the measured window (sessions started after the warm-up, as in the table): ${listWords(each)}.`;
}

export function adviceLines(result: SimulationResult): string[] {
  const s = result.strategies;
  const config = result.config;
  const strategyOf = (x: StrategyResult): StrategyConfig | undefined => config?.strategies.find((c) => c.name === x.name);
  const storeOf = (x: StrategyResult): StoreConfig | undefined => strategyOf(x)?.store ?? config?.store;
  const waits = (x: StrategyResult) => x.metrics.store.ops > 0 && (storeOf(x)?.waitReplicas ?? 0) > 0;
  const out: string[] = [];

  const losers = s.filter((x) => x.metrics.lostSessions > 0).sort((a, b) => b.metrics.sessionLossRate - a.metrics.sessionLossRate);
  const keepers = s.filter((x) => x.metrics.lostSessions === 0);
  if (losers.length > 0) {
    const w = losers[0]!;
    const causes = ranked(w.metrics.lossByCause);
    const [cause, n] = causes[0]!;
    let text = `Lost sessions: ${w.name} lost ${pct(w.metrics.sessionLossRate)} of its users' sessions (${w.metrics.lostSessions}), ${causes.length === 1 ? `all ${cause}` : `${n} of them ${cause}`}: ${meaning(CAUSE_MEANING, cause)}.`;
    if (causes.length > 1) text += ` The rest: ${listWords(causes.slice(1).map(([c, k]) => `${k} ${c} (${meaning(CAUSE_MEANING, c)})`))}.`;
    const safe = keepers.filter(waits);
    const others = keepers.filter((k) => !safe.includes(k));
    if (safe.length > 0) {
      text += ` ${listWords(safe.map((k) => k.name))} lost none: WAIT holds each write until a replica has confirmed it, so a failover or a healed partition loses no write the user was told had succeeded (the writes it could not confirm failed instead).`;
    }
    if (others.length > 0) text += ` ${listWords(others.map((k) => k.name))} lost none: the state lives ${listWords([...new Set(others.map((k) => k.stateLocation))])}.`;
    out.push(text);
  } else {
    const who = s.length === 1 ? `${s[0]!.name} lost no session here` : 'no strategy lost any here';
    const anyFailed = s.some((x) => x.metrics.failedRequests > 0);
    out.push(`Lost sessions: ${who}, so ${anyFailed ? 'what went wrong shows as failed requests (next)' : 'this scenario is about load, latency and cost rather than failures'}.`);
  }

  const failing = s.filter((x) => x.metrics.failedRequests > 0).sort((a, b) => b.metrics.failedRate - a.metrics.failedRate);
  if (failing.length > 0) {
    const w = failing[0]!;
    const reasons = ranked(w.metrics.failuresByReason);
    const [reason, n] = reasons[0]!;
    const least = failing[failing.length - 1]!;
    const same = failing.length === s.length && s.length > 1 && least.metrics.failedRate >= 0.5 * w.metrics.failedRate;
    let text = same
      ? `Failed requests: every strategy failed some (${least.metrics.failedRequests} to ${w.metrics.failedRequests}, ${pct(least.metrics.failedRate)} to ${pct(w.metrics.failedRate)}); under ${w.name} ${reasons.length === 1 ? `all were ${reason}` : `${n} were ${reason}`}: ${meaning(FAILURE_MEANING, reason)}.`
      : `Failed requests: ${w.name} ${s.length === 1 ? 'failed' : 'failed the most'} (${w.metrics.failedRequests}, ${pct(w.metrics.failedRate)}), ${reasons.length === 1 ? `all ${reason}` : `${n} of them ${reason}`}: ${meaning(FAILURE_MEANING, reason)}.`;
    if (reasons.length > 1) text += ` The rest: ${listWords(reasons.slice(1).map(([r, k]) => `${k} ${r} (${meaning(FAILURE_MEANING, r)})`))}.`;
    if (same && reason === 'server-dead') text += ' No session strategy hides a failure the balancer has not noticed yet; only faster detection (health-check interval × fall) shortens it.';
    const more = deadServerGap(s, config);
    if (more !== null) text += ` ${more}`;
    out.push(text);
  }

  const bySkew = [...s].sort((a, b) => b.metrics.skew.maxOverMean - a.metrics.skew.maxOverMean);
  const skewed = bySkew[0]!;
  if (skewed.metrics.skew.maxOverMean >= 1.2) {
    out.push(
      `Balance: ${skewed.name}'s busiest server did ${skewed.metrics.skew.maxOverMean.toFixed(2)}× the mean load (Jain index ${skewed.metrics.skew.jain.toFixed(3)}; 1 is even). ` +
        'Affinity decides where users go by a key (cookie, client IP); when many users share a key, as behind a NAT or a proxy, one server takes them all, and its latency shows it.',
    );
  } else {
    out.push(`Balance: ${s.length === 1 ? skewed.name : 'every strategy'} kept the busiest server within ${skewed.metrics.skew.maxOverMean.toFixed(2)}× the mean, so balance is not the story here.`);
  }

  const byP99 = [...s].sort((a, b) => a.metrics.latency.p99 - b.metrics.latency.p99);
  const fast = byP99[0]!;
  const slow = byP99[byP99.length - 1]!;
  if (s.length > 1 && s.every((x) => answeredRequests(x.metrics) === 0)) {
    out.push('Latency: no strategy answered a request successfully, so none has a latency.');
  } else if (s.length > 1 && slow.metrics.latency.p99 > 1.05 * fast.metrics.latency.p99) {
    const slowOnes = byP99.filter((x) => x.metrics.latency.p99 > 1.05 * fast.metrics.latency.p99);
    const why = slowOnes.map((x) => `${x.name}'s ${x.metrics.latency.p99.toFixed(1)} ms is ${tailCause(x, storeOf(x))}`);
    out.push(`Latency: p99 ranges from ${fast.metrics.latency.p99.toFixed(1)} ms (${fast.name}) to ${slow.metrics.latency.p99.toFixed(1)} ms (${slow.name}): ${listWords(why)}.`);
  } else if (s.length === 1) {
    const only = s[0]!;
    out.push(
      answeredRequests(only.metrics) === 0
        ? `Latency: ${only.name} answered no request successfully, so it has no latency.`
        : `Latency: p99 ${only.metrics.latency.p99.toFixed(1)} ms for ${only.name}; with one strategy there is no other to set it against (run more to compare).`,
    );
  } else {
    out.push('Latency: the p99 is about the same for all; the application time dominates, not where the session lives.');
  }

  const costs: string[] = [];
  for (const x of s.filter((y) => y.metrics.store.ops > 0)) {
    const perRequest = x.metrics.requests > 0 ? (x.metrics.store.ops / x.metrics.requests).toFixed(1) : '0';
    costs.push(`${x.name} keeps its store busy at up to ${x.metrics.store.peakOpsPerSecond} operations per second, ${perRequest} per request (${storeWork(strategyOf(x))})`);
  }
  const byBytes = [...s].sort((a, b) => b.metrics.bandwidth.bytesPerRequest - a.metrics.bandwidth.bytesPerRequest);
  const heavy = byBytes[0]!;
  const light = byBytes[byBytes.length - 1]!;
  // Worth a word only when it is several times the lightest (a token vs a cookie).
  if (heavy.metrics.bandwidth.bytesPerRequest >= 2 * Math.max(1, light.metrics.bandwidth.bytesPerRequest)) costs.push(`${heavy.name} sends the most session bytes with every request (${heavy.metrics.bandwidth.bytesPerRequest} B, against ${light.metrics.bandwidth.bytesPerRequest} B for ${light.name})`);
  if (costs.length > 0) out.push(`Cost: ${listWords(costs)}.`);
  return out;
}

/** What a strategy's store operations are, per request. */
function storeWork(st: StrategyConfig | undefined): string {
  if (st === undefined) return 'its session reads and writes';
  if (st.type === 'jwt') {
    const parts = [st.revocation === 'deny-list' ? 'one deny-list lookup (EXISTS) per request, and a SET when a session is revoked' : '', st.data === 'store' ? 'the session data read and written in the store' : ''].filter(Boolean);
    return parts.length > 0 ? listWords(parts) : 'the tokens it issues';
  }
  if (st.type === 'sticky') return st.backup === 'write-behind' ? 'a copy written behind each change, read only when a server lost the session' : 'a copy written with each change, read only when a server lost the session';
  const middleware = st.middleware ?? 'express-session';
  if (middleware === 'spring-session') return 'a read of the session per request and a write of the changed attributes';
  if (middleware === 'php') return 'a lock, a read and a write per request';
  return st.resave === true ? 'a GET and a SET of the whole session per request (resave)' : 'a GET per request, and a SET when the session changed or an EXPIRE to keep it alive';
}

/** What the slowest requests of a strategy wait for. */
function tailCause(x: StrategyResult, store: StoreConfig | undefined): string {
  const m = x.metrics;
  if (m.store.ops > 0 && store !== undefined && store.waitReplicas > 0) {
    return `waiting for the replica: WAIT ${store.waitReplicas} holds every write until a replica confirms it, up to ${formatDuration(store.waitTimeout)} when none answers, and the requests behind a waiting write queue for the server's workers it holds (store share of latency ${(m.store.latencyShare * 100).toFixed(1)}%)`;
  }
  if (m.store.lockWaits > 0) return `waiting for the session lock (${m.store.lockWaits} waits of ${m.store.meanLockWaitMs.toFixed(1)} ms on average)`;
  if (m.skew.maxOverMean >= 1.2) return `queueing on its busiest server, which carries ${m.skew.maxOverMean.toFixed(2)}× the mean load`;
  if (m.store.latencyShare >= 0.05) return `the store round trips (store share of latency ${(m.store.latencyShare * 100).toFixed(1)}%)`;
  return 'queueing behind other requests on the servers';
}

/**
 * Requests sent to a dead server before the health checks notice: why strategies that balance
 * every request fail more of them than sticky ones (server-crash: redis and jwt ≈ 45 % more).
 */
function deadServerGap(s: readonly StrategyResult[], config: SimulationConfig | undefined): string | null {
  if (config === undefined) return null;
  const dead = (x: StrategyResult) => x.metrics.failuresByReason['server-dead'];
  const pins = (x: StrategyResult) => config.strategies.find((c) => c.name === x.name)?.type === 'sticky';
  const sticky = s.filter((x) => pins(x) && dead(x) > 0);
  const spread = s.filter((x) => !pins(x) && dead(x) > 0);
  if (sticky.length === 0 || spread.length === 0) return null;
  const most = [...sticky].sort((a, b) => dead(b) - dead(a))[0]!;
  const more = spread.filter((x) => dead(x) > most.metrics.failuresByReason['server-dead'] && failureZ(x.metrics, most.metrics) > 1.96);
  if (more.length === 0) return null;
  const leastconn = config.loadBalancer.algorithm === 'least-connections';
  return (
    `${listWords(more.map((x) => `${x.name} (${dead(x)})`))} ${more.length === 1 ? 'sends' : 'send'} the dead server more requests than ${listWords(sticky.map((x) => `${x.name} (${dead(x)})`))}: ` +
    'balancing every request, they give it its share of every user\'s requests until it is marked down, while under sticky affinity only the users pinned to it send it any, and each of them is held by one request\'s retries before sending the next' +
    (leastconn ? '; and least-connections favours the dead server, which holds no connections and so looks the least busy.' : '.')
  );
}
