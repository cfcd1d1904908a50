/**
 * `session-sim explain`: a teaching run. It tells, in plain English and in time order, what
 * the scenario's events did under each strategy (from the event records the model keeps and
 * the per-window timeline), shows the table, and says what to look at and why. The text is
 * a function of the results only, so it is as reproducible as the JSON.
 */
import type { SimulationConfig } from '../model/config.js';
import type { EventRecord } from '../model/recorder.js';
import { formatDuration } from '../scenario/units.js';
import { LOSS_CAUSE_NAMES } from '../model/recorder.js';
import type { StrategyResult } from '../strategies/run.js';
import type { SimulationResult } from '../strategies/simulate.js';
import { renderTable, wrap, type TableOptions } from './table.js';

/** Why a user finds their session gone, by loss cause (names of DESIGN.md §4). */
export const CAUSE_MEANING: Record<string, string> = {
  'server-crash': 'their state was in the memory of a server that crashed',
  'affinity-broken': 'their request reached another server than the one holding their state (the IP hash moved them when the pool of servers changed, their IP changed, or they refuse cookies)',
  'store-loss': 'the session store lost their session (it restarted empty, evicted it, or lost it in a failover)',
  'premature-expiry': 'their session timed out while they were still active',
  'token-rejected': 'their token was rejected (expired without a refresh, or signed with a retired key)',
};

/** Why a request fails, by failure reason. */
export const FAILURE_MEANING: Record<string, string> = {
  'server-dead': 'sent to a dead server that the health checks had not yet marked down',
  'no-server': 'no server was marked up',
  'queue-full': 'the server\'s queue was full',
  'server-crashed': 'in service or queued on a server when it crashed',
  'store-unavailable': 'the session store could not be reached (fail-closed)',
  'token-rejected': 'the token was rejected',
};

export interface ExplainOptions extends TableOptions {}

type Group = { at: number; type: string; server: number | undefined; records: Map<string, EventRecord['details']> };

const t = (seconds: number) => `t=${formatDuration(seconds)}`;

/** "a", "a and b", "a, b and c". */
export function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** "124 under a, 127 under b" or "124 under every strategy" when all agree. */
function perStrategy(values: Array<[string, number]>, all: number, unit = ''): string {
  if (values.length === 0) return '';
  const distinct = new Set(values.map(([, v]) => v));
  if (distinct.size === 1 && values.length === all && all > 1) return `${values[0]![1]}${unit} under every strategy`;
  return listWords(values.map(([n, v]) => `${v}${unit} under ${n}`));
}

/** camelCase detail keys as words: "requestsFailedBeforeDetection" → "requests failed before detection". */
function words(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

function detailText(d: EventRecord['details']): string {
  return Object.entries(d)
    .filter(([k]) => k !== 'server')
    .map(([k, v]) => `${words(k)} ${typeof v === 'number' ? +v.toPrecision(6) : String(v)}`)
    .join(', ');
}

function groupEvents(result: SimulationResult): Group[] {
  const groups: Group[] = [];
  const index = new Map<string, Group>();
  for (const s of result.strategies) {
    for (const r of s.events) {
      const server = typeof r.details.server === 'number' ? r.details.server : undefined;
      const key = `${r.type}|${r.at}|${server ?? ''}`;
      let g = index.get(key);
      if (g === undefined) {
        g = { at: r.at, type: r.type, server, records: new Map() };
        index.set(key, g);
        groups.push(g);
      }
      if (!g.records.has(s.name)) g.records.set(s.name, r.details);
    }
  }
  // Time order; at equal times, the order the model recorded them.
  return groups.map((g, i) => [g, i] as const).sort((a, b) => a[0].at - b[0].at || a[1] - b[1]).map(([g]) => g);
}

/** One sentence for one event as it played out under every strategy. */
function narrate(g: Group, result: SimulationResult, config: SimulationConfig, flushed: { value: boolean }): string {
  const all = result.strategies;
  const names = all.map((s) => s.name);
  const has = names.filter((n) => g.records.has(n));
  const without = names.filter((n) => !g.records.has(n));
  const num = (n: string, k: string) => Number(g.records.get(n)?.[k] ?? 0);
  const server = g.server === undefined ? '' : `s${g.server}`;
  const hc = config.loadBalancer.healthCheck;
  const ipHash = config.strategies.filter((s) => s.type === 'sticky' && s.affinity === 'ip-hash').map((s) => s.name).filter((n) => names.includes(n));
  switch (g.type) {
    case 'server-crash': {
      const active = [...new Set(has.map((n) => num(n, 'activeSessions')))];
      const activeText = active.length === 1 ? `${active[0]}` : `${Math.min(...active)}–${Math.max(...active)}`;
      const holding = has.filter((n) => num(n, 'sessionsWithStateOnServer') > 0).map((n) => [n, num(n, 'sessionsWithStateOnServer')] as [string, number]);
      const elsewhere = all.filter((s) => has.includes(s.name) && num(s.name, 'sessionsWithStateOnServer') === 0);
      let text = `server ${server} crashed with ${activeText} sessions in progress`;
      if (holding.length > 0) text += `; the sessions whose state was in its memory lost it: ${perStrategy(holding, all.length)}`;
      const pinned = has.filter((n) => num(n, 'sessionsPinnedToServer') > 0).map((n) => [n, num(n, 'sessionsPinnedToServer')] as [string, number]);
      if (pinned.length > 0) text += ` (users pinned to it by cookie: ${perStrategy(pinned, all.length)})`;
      if (elsewhere.length > 0) text += `; under ${listWords(elsewhere.map((s) => s.name))} the state lives elsewhere (${listWords([...new Set(elsewhere.map((s) => s.stateLocation))])}), so nothing was lost with it`;
      const inFlight = has.filter((n) => num(n, 'requestsInFlight') > 0).map((n) => [n, num(n, 'requestsInFlight')] as [string, number]);
      if (inFlight.length > 0) text += `; requests in service or queued there failed at once: ${perStrategy(inFlight, all.length)}`;
      return `${text}.`;
    }
    case 'server-marked-down': {
      const detection = num(has[0]!, 'detectionSeconds');
      let text = `health checks marked ${server} down`;
      if (detection >= 0) text += `, ${formatDuration(detection)} after it crashed (they need ${hc.fall} failed checks in a row, ${formatDuration(hc.interval)} apart)`;
      const failed = has.map((n) => [n, num(n, 'requestsFailedBeforeDetection')] as [string, number]);
      if (failed.some(([, v]) => v > 0)) text += `; until then the balancer still sent it requests, which failed: ${perStrategy(failed, all.length)}`;
      if (ipHash.length > 0) text += `; the pool shrank, so the map-based IP hash of ${listWords(ipHash)} moved most users to another server`;
      return `${text}.`;
    }
    case 'server-recover':
      return `server ${server} came back with empty memory; sessions it held before the crash do not come back.`;
    case 'server-marked-up': {
      let text = `health checks marked ${server} up again (${hc.rise} good checks in a row) and the balancer sends it requests; users moved elsewhere while it was down stay where they are`;
      if (ipHash.length > 0) text += `, except under ${listWords(ipHash)}, whose IP hash moved most users again`;
      return `${text}.`;
    }
    case 'store-outage': {
      flushed.value = has.some((n) => g.records.get(n)?.flush === true);
      let text = `the session store went down${flushed.value ? ', and will come back empty (restarted without persistence)' : ''}`;
      const active = [...new Set(has.map((n) => num(n, 'activeSessions')))];
      if (active.length === 1) text += `, with ${active[0]} sessions in progress`;
      text += `; under ${listWords(has)} every request fails until it is back (fail-closed)`;
      if (without.length > 0) text += `; ${listWords(without)} ${without.length === 1 ? 'does' : 'do'} not use the store and ${without.length === 1 ? 'is' : 'are'} not affected`;
      return `${text}.`;
    }
    case 'store-recover':
      return flushed.value
        ? `the session store is back, empty: every session it held is gone, and each user finds out on their next click${has.length < names.length ? ` (under ${listWords(has)})` : ''}.`
        : `the session store is back with its data${has.length < names.length ? ` (under ${listWords(has)})` : ''}.`;
    default: {
      // An event this narrator does not know yet: say what the model recorded.
      const title = `${g.type}${server ? ` on ${server}` : ''}`;
      if (has.length === 0) return `${title}.`;
      const texts = new Map<string, string[]>();
      for (const n of has) {
        const d = detailText(g.records.get(n)!);
        texts.set(d, [...(texts.get(d) ?? []), n]);
      }
      const parts = [...texts.entries()].map(([d, ns]) => (d === '' ? `under ${listWords(ns)}` : `${d} under ${ns.length === names.length && names.length > 1 ? 'every strategy' : listWords(ns)}`));
      return `${title}: ${parts.join('; ')}${without.length > 0 ? `; not recorded under ${listWords(without)}` : ''}.`;
    }
  }
}

/** Sessions found lost per strategy within windows [from, to), by cause. */
function lossesBetween(s: StrategyResult, from: number, to: number): { total: number; byCause: Array<[string, number]> } {
  const byCause = new Map<string, number>();
  let total = 0;
  for (let k = from; k < to && k < s.timeline.lost.length; k++) {
    total += s.timeline.lost[k]!;
    const row = s.timeline.lostByCause?.[k] ?? [];
    row.forEach((n, c) => n > 0 && byCause.set(LOSS_CAUSE_NAMES[c] ?? `cause ${c}`, (byCause.get(LOSS_CAUSE_NAMES[c] ?? `cause ${c}`) ?? 0) + n));
  }
  return { total, byCause: [...byCause.entries()].sort((a, b) => b[1] - a[1]) };
}

function lossSentence(result: SimulationResult, from: number, to: number): string | null {
  const rows = result.strategies.map((s) => ({ name: s.name, ...lossesBetween(s, from, to) }));
  if (rows.every((r) => r.total === 0)) return null;
  const lost = rows.filter((r) => r.total > 0).map((r) => {
    const causes = r.byCause.length === 1 ? `all ${r.byCause[0]![0]}` : r.byCause.map(([c, n]) => `${n} ${c}`).join(', ');
    return `${r.total} under ${r.name} (${causes})`;
  });
  const none = rows.filter((r) => r.total === 0).map((r) => r.name);
  return `users who came back to find their session gone: ${listWords(lost)}${none.length > 0 ? `; none under ${listWords(none)}` : ''}.`;
}

/** The "what to look at" advice, from the figures. */
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

/** The story of the run in time order, one paragraph per event (and per stretch of losses). */
export function storyLines(result: SimulationResult, config: SimulationConfig): string[] {
  const lines: string[] = [];
  const groups = groupEvents(result);
  const window = result.strategies[0]?.timeline.window ?? 1;
  const windowOf = (x: number) => Math.floor(x / window + 1e-9);
  const windows = result.strategies[0]?.timeline.lost.length ?? 0;
  // Episodes start at the scenario's own events; losses found until the next one are told after it.
  const starts = [...new Set(config.events.map((e) => windowOf(e.at)))].sort((a, b) => a - b);
  const flushed = { value: false };
  const before = lossSentence(result, 0, starts[0] ?? windows);
  if (starts.length === 0) lines.push('No failure events: this scenario is about steady state.');
  if (before !== null) lines.push(`${starts.length > 0 ? `Before ${t((starts[0] ?? 0) * window)}, ` : 'Over the run, '}${before}`);
  let next = 0;
  for (let e = 0; e < starts.length; e++) {
    const from = starts[e]!;
    const to = starts[e + 1] ?? windows;
    const upTo = to >= windows ? Infinity : to * window;
    while (next < groups.length && groups[next]!.at < upTo) {
      const g = groups[next++]!;
      lines.push(`${t(g.at)}  ${narrate(g, result, config, flushed)}`);
    }
    const losses = lossSentence(result, from, to);
    if (losses !== null) lines.push(`From ${t(from * window)} to ${to >= windows ? 'the end' : t(to * window)}, ${losses}`);
  }
  while (next < groups.length) {
    const g = groups[next++]!;
    lines.push(`${t(g.at)}  ${narrate(g, result, config, flushed)}`);
  }
  return lines;
}

export function renderExplain(result: SimulationResult, config: SimulationConfig, options: ExplainOptions): string {
  const width = options.width ?? 80;
  const { scenario } = result;
  const out: string[] = [];
  // Paragraphs wrap at the width; indented ones hang (continuation lines indented twice).
  const para = (text: string, indent = '') =>
    out.push(
      wrap(text, width - indent.length - (indent ? 2 : 0))
        .split('\n')
        .map((l, i) => (i === 0 ? indent : indent + (indent ? '  ' : '')) + l)
        .join('\n'),
    );
  out.push(`${scenario.name}`);
  out.push('='.repeat(Math.min(width, scenario.name.length)));
  if (scenario.description) para(scenario.description);
  out.push('');

  const c = config;
  const byLocation = new Map<string, string[]>();
  for (const s of result.strategies) byLocation.set(s.stateLocation, [...(byLocation.get(s.stateLocation) ?? []), s.name]);
  const strategyLines = [...byLocation.entries()].map(([where, ns]) => `${listWords(ns)} ${ns.length === 1 ? 'keeps' : 'keep'} session state ${where}`);
  para(
    `The setup: ${c.servers.count} servers with ${c.servers.workers} workers each behind a ${c.loadBalancer.algorithm} load balancer ` +
      `(health checks every ${formatDuration(c.loadBalancer.healthCheck.interval)}: down after ${c.loadBalancer.healthCheck.fall} failures, up after ${c.loadBalancer.healthCheck.rise} successes); ` +
      `${+c.clients.arrivalRate.toPrecision(4)} new sessions per second. ${strategyLines.join('; ')}. ` +
      `The run lasts ${formatDuration(scenario.duration)}; figures in the table skip the first ${formatDuration(scenario.warmup)} (warm-up), seed ${scenario.seed}.`,
  );
  out.push('');

  out.push('What happened, in time order:');
  for (const line of storyLines(result, config)) para(line, '  ');
  para('(Counts in this story cover the whole run, warm-up included; the table counts sessions that started after the warm-up.)', '  ');
  out.push('');
  out.push('The comparison:');
  out.push('');
  out.push(renderTable(result, options).trimEnd());
  out.push('');
  out.push('What to look at, and why:');
  for (const a of adviceLines(result)) para(`- ${a}`, '  ');
  out.push('');
  return out.join('\n');
}
