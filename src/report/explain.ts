/**
 * `session-sim explain`: a teaching run. It tells, in plain English and in time order, what
 * the scenario's events did under each strategy (from the event records the model keeps and
 * the per-window timeline), shows the table, and says what to look at and why. The text is
 * a function of the results only, so it is as reproducible as the JSON.
 */
import type { SimulationConfig, StoreConfig, StrategyConfig } from '../model/config.js';
import type { EventRecord } from '../model/recorder.js';
import { formatDuration } from '../scenario/units.js';
import { LOSS_CAUSE_NAMES } from '../model/recorder.js';
import type { StrategyResult } from '../experiment/run.js';
import type { SimulationResult } from '../experiment/simulate.js';
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

type Details = EventRecord['details'];

/** One event as it played out under the strategies: each strategy's (first) record and every time it happened. */
interface Group {
  at: number;
  type: string;
  server: number | undefined;
  records: Map<string, Details>;
  times: Map<string, number[]>;
  /** A rolling restart's steps, told in its first and last sentence rather than one by one. */
  rolling?: Rolling;
}

interface Rolling {
  start: Group;
  /** The drains, stops, starts and returns of its servers, in time order. */
  steps: Group[];
  done: Group | null;
}

/** What the story remembers from one event to the next. */
interface StoryState {
  /** The last store-outage restarts the store empty. */
  flushed: boolean;
  /** Servers a scale-out added that the health checks have not marked up yet, with when. */
  joining: Map<number, number>;
  /** Servers whose process is down (crashed, not yet recovered). */
  down: Set<number>;
}

/**
 * Event types whose time differs a little from strategy to strategy (a failover after a drawn
 * detection delay, a passive ejection on the next failed request, a graceful stop when the
 * server is idle): the k-th of them (per server) after a scenario event is one event.
 */
const JITTERED = new Set(['store-failover', 'store-partition-healed', 'store-cluster-down', 'server-ejected', 'server-returned', 'server-removed', 'server-restart', 'rolling-restart-done', 'lb-takeover']);
/** Event types that repeat (a Memcached client ejecting a dead node again after each retry): told once per scenario event. */
const REPEATED = new Set(['store-node-ejected']);

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

/**
 * A figure per strategy, the noun after the first: "537 active users under a and 146 under b";
 * "365 active users under every strategy" (or "under a and b") when they agree.
 */
function counted(values: Array<[string, number | string]>, all: number, noun = ''): string {
  if (values.length === 0) return '';
  if (values.every(([, v]) => v === values[0]![1])) {
    return `${values[0]![1]}${noun} under ${values.length === all && all > 1 ? 'every strategy' : listWords(values.map(([n]) => n))}`;
  }
  return listWords(values.map(([n, v], i) => `${v}${i === 0 ? noun : ''} under ${n}`));
}

/** For strategies already named: the figure alone when they agree, else "32.4s under a and 31.4s under b". */
function plainOr(values: Array<[string, number | string]>): string {
  if (values.length === 0) return '';
  if (values.every(([, v]) => v === values[0]![1])) return String(values[0]![1]);
  return listWords(values.map(([n, v]) => `${v} under ${n}`));
}

/** "586" or "586–590". */
function span(values: readonly number[], format: (x: number) => string = String): string {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return format(lo) === format(hi) ? format(lo) : `${format(lo)}–${format(hi)}`;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);
/** "redis does" / "redis and jwt do". */
const subject = (names: readonly string[], one: string, many: string) => `${listWords(names)} ${names.length === 1 ? one : many}`;

/** camelCase detail keys as words: "requestsFailedBeforeDetection" → "requests failed before detection". */
function words(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

function detailText(d: Details): string {
  return Object.entries(d)
    .filter(([k]) => k !== 'server')
    .map(([k, v]) => `${words(k)} ${typeof v === 'number' ? +v.toPrecision(6) : String(v)}`)
    .join(', ');
}

function groupEvents(result: SimulationResult, config: SimulationConfig): Group[] {
  const starts = config.events.map((e) => e.at).sort((a, b) => a - b);
  const episode = (at: number) => starts.filter((s) => s <= at).length;
  const groups: Group[] = [];
  const index = new Map<string, Group>();
  for (const s of result.strategies) {
    const seen = new Map<string, number>();
    for (const r of s.events) {
      const server = typeof r.details.server === 'number' ? r.details.server : undefined;
      let key = `${r.type}|${server ?? ''}`;
      if (REPEATED.has(r.type)) key += `|${episode(r.at)}`;
      else if (JITTERED.has(r.type)) {
        const base = `${key}|${episode(r.at)}`;
        const k = seen.get(base) ?? 0;
        seen.set(base, k + 1);
        key = `${base}|#${k}`;
      } else key += `|@${r.at}`;
      let g = index.get(key);
      if (g === undefined) {
        g = { at: r.at, type: r.type, server, records: new Map(), times: new Map() };
        index.set(key, g);
        groups.push(g);
      }
      g.at = Math.min(g.at, r.at);
      if (!g.records.has(s.name)) g.records.set(s.name, r.details);
      g.times.set(s.name, [...(g.times.get(s.name) ?? []), r.at]);
    }
  }
  // Time order; at equal times, the order the model recorded them.
  const sorted = groups.map((g, i) => [g, i] as const).sort((a, b) => a[0].at - b[0].at || a[1] - b[1]).map(([g]) => g);
  return foldRollingRestarts(sorted);
}

/** A rolling restart's per-server steps leave the story; its start and end sentences tell them. */
function foldRollingRestarts(groups: Group[]): Group[] {
  const out: Group[] = [];
  let rolling: Rolling | null = null;
  const started = new Set<number>();
  for (const g of groups) {
    const first = [...g.records.values()][0];
    if (g.type === 'rolling-restart' && rolling === null && first?.ignored !== true) {
      rolling = { start: g, steps: [], done: null };
      g.rolling = rolling;
      started.clear();
      out.push(g);
      continue;
    }
    if (rolling !== null) {
      const step =
        (g.type === 'server-drain' && [...g.records.values()].some((d) => d.reason === 'rolling-restart')) ||
        g.type === 'server-restart' ||
        g.type === 'server-start' ||
        (g.type === 'server-marked-up' && g.server !== undefined && started.has(g.server));
      if (step) {
        if (g.type === 'server-start' && g.server !== undefined) started.add(g.server);
        if (g.type === 'server-marked-up' && g.server !== undefined) started.delete(g.server);
        rolling.steps.push(g);
        continue;
      }
      if (g.type === 'rolling-restart-done') {
        rolling.done = g;
        g.rolling = rolling;
        rolling = null;
      }
    }
    out.push(g);
  }
  return out;
}

/** Narrates groups: one sentence per event, summarising every strategy. */
class Narrator {
  private readonly names: string[];
  private readonly all: number;
  private readonly state: StoryState = { flushed: false, joining: new Map(), down: new Set() };

  constructor(
    private readonly result: SimulationResult,
    private readonly config: SimulationConfig,
  ) {
    this.names = result.strategies.map((s) => s.name);
    this.all = this.names.length;
  }

  private strategy(name: string): StrategyConfig | undefined {
    return this.config.strategies.find((s) => s.name === name);
  }

  /** The key a strategy pins users by: its sticky affinity, `hash` for hash balancing, else none. */
  private affinity(name: string): string {
    const s = this.strategy(name);
    if (s === undefined) return 'none';
    if (s.type === 'sticky') return s.affinity;
    return s.balance === 'hash' ? 'hash' : 'none';
  }

  private storeOf(name: string): StoreConfig {
    return this.strategy(name)?.store ?? this.config.store;
  }

  private accessTtl(name: string): number | undefined {
    const s = this.strategy(name);
    return s?.type === 'jwt' ? s.accessTtl : undefined;
  }

  /** Why a strategy that moved nobody did not: in a few words, by how it routes. */
  private stays(names: string[]): string[] {
    const by = new Map<string, string[]>();
    for (const n of names) by.set(this.affinity(n), [...(by.get(this.affinity(n)) ?? []), n]);
    const out: string[] = [];
    for (const [a, ns] of by) {
      if (a === 'cookie') out.push(`${subject(ns, 'keeps', 'keep')} each user on the server their cookie names`);
      else if (a === 'url') out.push(`${subject(ns, 'keeps', 'keep')} each user on the server their URLs name`);
      else if (a === 'stick-table') out.push(`${subject(ns, 'keeps', 'keep')} each client on the server its stick table names`);
      else if (a === 'none') out.push(`${subject(ns, 'pins', 'pin')} nobody (the state is not on the servers)`);
      else out.push(`${listWords(ns)} moved nobody`);
    }
    return out;
  }

  narrate(g: Group): string {
    const has = this.names.filter((n) => g.records.has(n));
    const rec = (n: string) => g.records.get(n)!;
    const num = (n: string, k: string) => Number(g.records.get(n)?.[k] ?? 0);
    switch (g.type) {
      case 'server-crash':
        return this.serverCrash(g, has, num);
      case 'server-marked-down':
        return this.markedDown(g, has, num);
      case 'server-recover':
        if (g.server !== undefined) this.state.down.delete(g.server);
        return `server s${g.server} came back with empty memory; sessions it held before the crash do not come back.`;
      case 'server-marked-up':
        return this.markedUp(g, has, num);
      case 'store-outage':
        return this.storeOutage(g, has, num);
      case 'store-recover':
        return this.storeRecover(has, rec);
      case 'scale-out':
        return this.scaleOut(g, has, rec, num);
      case 'scale-in':
        return this.scaleIn(has, rec, num);
      case 'server-drain':
        return this.serverDrain(g, has, num);
      case 'server-removed':
        return this.serverRemoved(g, has, num);
      case 'server-restart':
        return this.serverRestart(g, has, num);
      case 'server-start':
        return `s${g.server}'s process started again with empty memory.`;
      case 'rolling-restart':
        return this.rollingStart(g, rec(has[0]!));
      case 'rolling-restart-done':
        return this.rollingDone(g, rec(has[0]!));
      case 'lb-failover':
        return this.lbFailover(has, rec, num);
      case 'lb-takeover': {
        const gap = span(has.map((n) => num(n, 'gapSeconds')), formatDuration);
        const failed = has.map((n) => [n, num(n, 'requestsFailedDuringTakeover')] as [string, number]);
        return `the standby balancer owns the address, ${gap} after the active one died: the requests sent in the gap, and those answered through the dead balancer's connections, failed: ${counted(failed, this.all)}.`;
      }
      case 'server-ejected':
        return this.serverEjected(g, has, rec, num);
      case 'server-returned':
        return this.serverReturned(g, has, rec);
      case 'store-crash':
        return this.storeCrash(has, rec, num);
      case 'store-failover':
        return this.storeFailover(has, rec, num);
      case 'store-partition':
        return this.storePartition(has, rec, num);
      case 'store-partition-healed':
        return this.partitionHealed(has, rec, num);
      case 'store-node-ejected':
        return this.nodeEjected(g, has, num);
      case 'store-cluster-down': {
        const slots = span(has.map((n) => num(n, 'uncoveredSlots')));
        return `Redis Cluster stopped answering under ${listWords(has)} (CLUSTERDOWN): node ${num(has[0]!, 'node')}'s ${slots} hash slots have no primary left and cluster-require-full-coverage is on, so every request that needs the store fails until the node is back.`;
      }
      case 'key-rotation':
        return this.keyRotation(has, rec, num);
      case 'token-service-outage':
        return this.tokenOutage(g, has, rec);
      case 'token-service-recover': {
        const users = has.filter((n) => rec(n).usesTokens !== false && rec(n).wasDown !== false);
        const others = has.filter((n) => !users.includes(n));
        if (users.length === 0) return `the token service was not down${others.length > 0 ? ` (${listWords(others)})` : ''}.`;
        return `the token service is back: logins and token refreshes work again under ${listWords(users)}.`;
      }
      default:
        return this.generic(g, has);
    }
  }

  // ── servers ──────────────────────────────────────────────────────────────

  private serverCrash(g: Group, has: string[], num: (n: string, k: string) => number): string {
    if (g.server !== undefined) this.state.down.add(g.server);
    const all = this.result.strategies;
    const server = `s${g.server}`;
    const active = [...new Set(has.map((n) => num(n, 'activeSessions')))];
    const activeText = active.length === 1 ? `${active[0]}` : `${Math.min(...active)}–${Math.max(...active)}`;
    const holding = has.filter((n) => num(n, 'sessionsWithStateOnServer') > 0).map((n) => [n, num(n, 'sessionsWithStateOnServer')] as [string, number]);
    const elsewhere = all.filter((s) => has.includes(s.name) && num(s.name, 'sessionsWithStateOnServer') === 0);
    const random = has.some((n) => g.records.get(n)?.random === true);
    let text = `server ${server} crashed${random ? ' (a random failure)' : ''} with ${activeText} sessions in progress`;
    if (holding.length > 0) text += `; the sessions whose state was in its memory lost it: ${perStrategy(holding, all.length)}`;
    const pinned = has.filter((n) => num(n, 'sessionsPinnedToServer') > 0).map((n) => [n, num(n, 'sessionsPinnedToServer')] as [string, number]);
    if (pinned.length > 0) text += ` (users pinned to it by cookie: ${perStrategy(pinned, all.length)})`;
    if (elsewhere.length > 0) text += `; under ${listWords(elsewhere.map((s) => s.name))} the state lives elsewhere (${listWords([...new Set(elsewhere.map((s) => s.stateLocation))])}), so nothing was lost with it`;
    const inFlight = has.filter((n) => num(n, 'requestsInFlight') > 0).map((n) => [n, num(n, 'requestsInFlight')] as [string, number]);
    if (inFlight.length > 0) text += `; requests in service or queued there failed at once: ${perStrategy(inFlight, all.length)}`;
    return `${text}.`;
  }

  /** IP-hash strategies whose hash moved active users in this event, as "302 under sticky-ip". */
  private hashMoves(has: string[], num: (n: string, k: string) => number): { text: string; names: string[] } {
    const movers = has.filter((n) => ['ip-hash', 'hash'].includes(this.affinity(n)) && num(n, 'sessionsRemapped') > 0);
    return { text: counted(movers.map((n) => [n, num(n, 'sessionsRemapped')]), this.all, ' active users'), names: movers };
  }

  private hashName(names: string[]): string {
    return names.every((n) => this.affinity(n) === 'ip-hash') ? 'IP hash' : 'hash';
  }

  private markedDown(g: Group, has: string[], num: (n: string, k: string) => number): string {
    const hc = this.config.loadBalancer.healthCheck;
    const detection = num(has[0]!, 'detectionSeconds');
    let text = `health checks marked s${g.server} down`;
    if (detection >= 0) text += `, ${formatDuration(detection)} after it crashed (they need ${hc.fall} failed checks in a row, ${formatDuration(hc.interval)} apart)`;
    const failed = has.map((n) => [n, num(n, 'requestsFailedBeforeDetection')] as [string, number]);
    if (failed.some(([, v]) => v > 0)) text += `; until then the balancer still sent it requests, which failed: ${perStrategy(failed, this.all)}`;
    const moved = this.hashMoves(has, num);
    if (moved.names.length > 0) text += `; the pool shrank, so the ${this.hashName(moved.names)} moved ${moved.text} to another server`;
    return `${text}.`;
  }

  private markedUp(g: Group, has: string[], num: (n: string, k: string) => number): string {
    const hc = this.config.loadBalancer.healthCheck;
    const server = `s${g.server}`;
    const moved = this.hashMoves(has, num);
    const added = g.server === undefined ? undefined : this.state.joining.get(g.server);
    if (added !== undefined) {
      this.state.joining.delete(g.server!);
      let text = `health checks marked ${server} up (${hc.rise} good checks in a row, ${formatDuration(g.at - added)} after it was added) and it joined the pool`;
      if (moved.names.length > 0) text += `: the ${this.hashName(moved.names)} moved ${moved.text} to another server, away from the memory that holds their session`;
      const rest = has.filter((n) => !moved.names.includes(n));
      const pinning = rest.filter((n) => ['cookie', 'url', 'stick-table'].includes(this.affinity(n)));
      const free = rest.filter((n) => this.affinity(n) === 'none');
      if (pinning.length > 0) text += `; under ${listWords(pinning)} it gets only new users, as those already there stay pinned to the old servers`;
      if (free.length > 0) text += `; ${subject(free, 'gives', 'give')} it a share of the requests at once`;
      return `${text}.`;
    }
    let text = `health checks marked ${server} up again (${hc.rise} good checks in a row) and the balancer sends it requests; users moved elsewhere while it was down stay where they are`;
    if (moved.names.length > 0) text += `, except that the ${this.hashName(moved.names)} moved ${moved.text} again`;
    const back = has.filter((n) => this.strategy(n)?.routing.afterDown === 'return' && ['cookie', 'url', 'stick-table'].includes(this.affinity(n)));
    if (back.length > 0) text += `; under ${listWords(back)} (afterDown: return) the users pinned to it go back to it`;
    return `${text}.`;
  }

  private scaleOut(g: Group, has: string[], rec: (n: string) => Details, num: (n: string, k: string) => number): string {
    const first = rec(has[0]!);
    const added = String(first.added ?? '').split(',').filter(Boolean);
    for (const s of added) this.state.joining.set(Number(s.slice(1)), g.at);
    const hc = this.config.loadBalancer.healthCheck;
    const it = added.length === 1 ? 'it' : 'they';
    let text = `${listWords(added)} ${plural(added.length, 'was', 'were')} added (scale-out from ${first.serversBefore} to ${first.serversAfter} servers, ${span(has.map((n) => num(n, 'activeSessions')))} sessions in progress)`;
    text += hc.enabled
      ? `; ${it} ${plural(added.length, 'runs', 'run')} at once, but the balancer sends ${added.length === 1 ? 'it' : 'them'} nothing until ${added.length === 1 ? 'its' : 'their'} health checks pass (${hc.rise} in a row, ${formatDuration(hc.interval)} apart)`
      : `; without health checks ${it} ${plural(added.length, 'takes', 'take')} requests at once`;
    const movers = has.filter((n) => num(n, 'sessionsRemapped') > 0 || this.affinity(n) === 'ip-hash');
    if (movers.length > 0) {
      const share = (n: string) => (num(n, 'activeSessions') > 0 ? ` (${Math.round((100 * num(n, 'sessionsRemapped')) / num(n, 'activeSessions'))}%)` : '');
      const moves = listWords(movers.map((n, i) => `${num(n, 'sessionsRemapped')} of ${num(n, 'activeSessions')}${i === 0 ? ' active users' : ''}${share(n)} under ${n}`));
      text += `; ${hc.enabled ? 'once it is in, the ' + this.hashName(movers) + ' will send' : 'the ' + this.hashName(movers) + ' sent'} ${moves} to another server, away from the memory that holds their session`;
    }
    const stay = this.stays(has.filter((n) => !movers.includes(n)));
    if (stay.length > 0) text += `; ${listWords(stay)}, so nobody there moves`;
    return `${text}.`;
  }

  private scaleIn(has: string[], rec: (n: string) => Details, num: (n: string, k: string) => number): string {
    const first = rec(has[0]!);
    const removing = String(first.removing ?? '').split(',').filter(Boolean);
    if (removing.length === 0) return `a scale-in found no server to remove.`;
    const keep = this.config.loadBalancer.drainKeepsPinned;
    let text = `scale-in from ${first.serversBefore} to ${first.serversAfter} servers: ${listWords(removing)} ${plural(removing.length, 'drains', 'drain')} for ${formatDuration(num(has[0]!, 'drainSeconds'))} (no new users${keep ? '; users pinned to it stay' : ', and its pinned users are sent elsewhere too'}), then ${plural(removing.length, 'stops', 'stop')} once idle and ${plural(removing.length, 'leaves', 'leave')} the pool; whatever is still in ${plural(removing.length, 'its', 'their')} memory then is lost`;
    const pinned = has.filter((n) => num(n, 'sessionsPinned') > 0);
    if (pinned.length > 0) text += `; users pinned to ${plural(removing.length, 'it', 'them')} now: ${counted(pinned.map((n) => [n, num(n, 'sessionsPinned')]), this.all)}`;
    const none = has.filter((n) => !pinned.includes(n));
    if (none.length > 0 && pinned.length > 0) text += ` (nobody under ${listWords(none)})`;
    return `${text}.`;
  }

  private serverDrain(g: Group, has: string[], num: (n: string, k: string) => number): string {
    const keep = this.config.loadBalancer.drainKeepsPinned;
    let text = `s${g.server} was set to drain: the balancer sends it no new users${keep ? ', and users pinned to it stay (HAProxy drain)' : ', nor the users pinned to it (drainKeepsPinned: false, as an AWS ALB deregistration)'}`;
    const pinned = has.filter((n) => num(n, 'sessionsPinnedToServer') > 0);
    if (pinned.length > 0) text += `: ${counted(pinned.map((n) => [n, num(n, 'sessionsPinnedToServer')]), this.all, ' users')}`;
    const none = has.filter((n) => !pinned.includes(n));
    if (none.length > 0) text += `; nobody is pinned to it under ${listWords(none)}`;
    return `${text}.`;
  }

  /** "the sessions whose state was … lost: 53 under a; none under b". */
  private stateLost(has: string[], num: (n: string, k: string) => number): string {
    const holding = has.filter((n) => num(n, 'sessionsWithStateOnServer') > 0);
    const none = has.filter((n) => !holding.includes(n));
    if (holding.length === 0) return `no session state was on it under ${none.length === this.all && this.all > 1 ? 'any strategy' : listWords(none)}`;
    let text = `the sessions whose state was still in its memory were lost: ${counted(holding.map((n) => [n, num(n, 'sessionsWithStateOnServer')]), this.all)}`;
    if (none.length > 0) text += `; none under ${listWords(none)}`;
    return text;
  }

  private serverRemoved(g: Group, has: string[], num: (n: string, k: string) => number): string {
    const after = span(has.map((n) => num(n, 'serversAfter')));
    return `s${g.server} stopped and left the pool (${after} servers now): ${this.stateLost(has, num)}.`;
  }

  private serverRestart(g: Group, has: string[], num: (n: string, k: string) => number): string {
    return `s${g.server}'s process stopped to be restarted: ${this.stateLost(has, num)}.`;
  }

  // ── rolling restarts ─────────────────────────────────────────────────────

  private rollingStart(g: Group, d: Details): string {
    if (d.ignored === true) return `another rolling restart was asked for and ignored: ${String(d.reason ?? 'one is already running')}.`;
    const servers = String(d.servers ?? '').split(',').filter(Boolean);
    const drain = Number(d.drainSeconds ?? 0);
    const pause = Number(d.pauseSeconds ?? 0);
    const keep = this.config.loadBalancer.drainKeepsPinned;
    let text = `a rolling restart began: ${listWords(servers)}, one at a time, `;
    text += drain > 0 ? `each drains for ${formatDuration(drain)} (no new users${keep ? '; users pinned to it stay' : ', nor its pinned users'}), then stops` : 'each stops (the balancer sends it nothing more)';
    text += ` once requests in progress have finished, losing whatever its memory holds, starts again ${formatDuration(Number(d.restartSeconds ?? 0))} later, and once the health checks mark it up${pause > 0 ? ` and ${formatDuration(pause)} have passed` : ''} the next one begins`;
    const r = g.rolling;
    if (r !== undefined && r.done === null && r.steps.length > 0) text += `; by the end of the run ${this.rollingSummary(r)}`;
    return `${text}.`;
  }

  private rollingDone(g: Group, d: Details): string {
    const r = g.rolling;
    const took = formatDuration(Number(d.durationSeconds ?? g.at - (r?.start.at ?? g.at)));
    return `the rolling restart finished, ${took} after it began${r !== undefined && r.steps.length > 0 ? `: ${this.rollingSummary(r)}` : ''}.`;
  }

  /** What the steps of a rolling restart did, per server and strategy. */
  private rollingSummary(r: Rolling): string {
    const stops = r.steps.filter((s) => s.type === 'server-restart' && s.server !== undefined);
    if (stops.length === 0) return 'no server had stopped yet';
    const parts: string[] = [];
    const when = stops.map((s, i) => `${i === 0 ? `s${s.server} stopped at ` : `s${s.server} at `}${formatDuration(s.at)}`);
    let stopped = listWords(when);
    // Back in service: from its start to the health checks marking it up.
    const upDelays: number[] = [];
    for (const s of stops) {
      const start = r.steps.find((x) => x.type === 'server-start' && x.server === s.server && x.at >= s.at);
      const up = start && r.steps.find((x) => x.type === 'server-marked-up' && x.server === s.server && x.at >= start.at);
      if (start && up) upDelays.push(up.at - start.at);
    }
    if (upDelays.length > 0) stopped += `, ${upDelays.length === 1 ? '' : 'each '}back in service ${span(upDelays, formatDuration)} after it started`;
    parts.push(stopped);
    const names = this.names.filter((n) => stops.some((s) => s.records.has(n)));
    const lost = (n: string) => stops.map((s) => Number(s.records.get(n)?.sessionsWithStateOnServer ?? 0));
    const holding = names.filter((n) => sum(lost(n)) > 0);
    if (holding.length > 0) {
      const drains = r.steps.filter((s) => s.type === 'server-drain' && stops.some((x) => x.server === s.server));
      const each = holding.map((n) => {
        const values = lost(n);
        const pinned = sum(drains.map((s) => Number(s.records.get(n)?.sessionsPinnedToServer ?? 0)));
        let detail = values.length > 1 ? `${sum(values)} in all` : '';
        if (pinned > 0) detail += `${detail ? ', ' : ''}${Math.round((100 * sum(values)) / pinned)}% of the ${pinned} users pinned to ${plural(values.length, 'it', 'them')} when ${plural(values.length, 'its drain', 'their drains')} began`;
        return `${listWords(values.map(String))} under ${n}${detail ? ` (${detail})` : ''}`;
      });
      parts.push(`as ${stops.length === 1 ? 'it' : 'each'} stopped, the sessions whose state was still in its memory were lost: ${listWords(each)}`);
    }
    const clean = names.filter((n) => !holding.includes(n));
    const emptied = clean.filter((n) => this.strategy(n)?.type === 'sticky');
    const stateless = clean.filter((n) => !emptied.includes(n));
    if (emptied.length > 0) parts.push(`under ${listWords(emptied)} no session state was left on ${plural(stops.length, 'it', 'them')} by then`);
    if (stateless.length > 0) parts.push(`${subject(stateless, 'keeps', 'keep')} no session state on the servers and lost none with them`);
    const ups = r.steps.filter((s) => s.type === 'server-marked-up');
    const movers = names.filter((n) => ['ip-hash', 'hash'].includes(this.affinity(n)) && ups.some((s) => Number(s.records.get(n)?.sessionsRemapped ?? 0) > 0));
    if (movers.length > 0) {
      const moves = movers.map((n) => `${listWords(ups.map((s) => String(s.records.get(n)?.sessionsRemapped ?? 0)))} under ${n}`);
      parts.push(`as ${ups.length === 1 ? 'it' : 'each'} came back, the ${this.hashName(movers)} moved active users again: ${listWords(moves)}`);
    }
    return parts.join('; ');
  }

  // ── the balancer ─────────────────────────────────────────────────────────

  private lbFailover(has: string[], rec: (n: string) => Details, num: (n: string, k: string) => number): string {
    const takeover = span(has.map((n) => num(n, 'takeoverSeconds')), formatDuration);
    let text = `the active load balancer died with ${span(has.map((n) => num(n, 'activeSessions')))} sessions in progress; the standby takes over its address ${takeover} later (VRRP), and until then every request fails, as do responses on connections through the dead one`;
    const lost = has.filter((n) => num(n, 'stickEntriesLost') > 0);
    if (lost.length > 0) text += `; ${listWords(lost.map((n) => `${n}'s`))} stick table${plural(lost.length, ' was', 's were')} only in the dead balancer's memory, and ${plural(lost.length, 'its', 'their')} ${plainOr(lost.map((n) => [n, num(n, 'stickEntriesLost')]))} entries (one per client address) are lost, so those clients are balanced anew, away from their state`;
    const replicated = has.filter((n) => !lost.includes(n) && rec(n).stickTableReplicated === true && this.affinity(n) === 'stick-table');
    if (replicated.length > 0) text += `; ${listWords(replicated.map((n) => `${n}'s`))} stick table${plural(replicated.length, ' was', 's were')} copied to the standby (HAProxy peers) and ${plural(replicated.length, 'survives', 'survive')}`;
    const rest = has.filter((n) => !lost.includes(n) && !replicated.includes(n));
    const why: string[] = [];
    const of = (a: string[]) => rest.filter((n) => a.includes(this.affinity(n)));
    const pins = of(['cookie', 'url']);
    const carrier = pins.every((n) => this.affinity(n) === 'cookie') ? 'cookies' : pins.every((n) => this.affinity(n) === 'url') ? 'URLs' : 'cookies or URLs';
    if (pins.length > 0) why.push(`${subject(pins, 'keeps its', 'keep their')} pins in the clients' ${carrier}`);
    if (of(['ip-hash', 'hash']).length > 0) why.push(`${subject(of(['ip-hash', 'hash']), 'hashes', 'hash')} the same servers on the standby`);
    if (of(['stick-table']).length > 0) why.push(`${listWords(of(['stick-table']))} had nothing in ${plural(of(['stick-table']).length, 'its', 'their')} stick table`);
    if (of(['none']).length > 0) why.push(`${subject(of(['none']), 'pins', 'pin')} nobody`);
    if (why.length > 0) text += `; ${listWords(why)}, so ${rest.length === 1 ? 'it keeps its' : 'they keep their'} affinity`;
    return `${text}.`;
  }

  private serverEjected(g: Group, has: string[], rec: (n: string) => Details, num: (n: string, k: string) => number): string {
    const p = this.config.loadBalancer.passive;
    const mechanism = String(rec(has[0]!).mechanism ?? p.type);
    const rule = mechanism === 'nginx' ? `NGINX max_fails ${p.maxFails} within fail_timeout ${formatDuration(p.failTimeout)}` : `Envoy outlier detection, ${p.consecutive5xx} errors in a row`;
    const out = plainOr(has.map((n) => [n, formatDuration(num(n, 'ejectionSeconds'))]));
    let text = `the balancer's passive checks (${rule}) took s${g.server} out of rotation for ${out}${mechanism === 'nginx' ? ' at a time (then one probe request tests it)' : ''}`;
    const detected = has.filter((n) => num(n, 'detectionSeconds') >= 0);
    if (detected.length > 0) text += `, ${span(detected.map((n) => num(n, 'detectionSeconds')), formatDuration)} after it crashed: real requests found it dead${this.config.loadBalancer.healthCheck.enabled ? ' before the health checks could' : ' (there are no active health checks)'}`;
    else text += ' after requests to it failed';
    if (has.length < this.all) text += ` (under ${listWords(has)})`;
    return `${text}.`;
  }

  private serverReturned(g: Group, has: string[], rec: (n: string) => Details): string {
    const mechanism = String(rec(has[0]!).mechanism ?? '');
    const stillDown = g.server !== undefined && this.state.down.has(g.server);
    const how = mechanism === 'nginx' ? 'after fail_timeout a probe request succeeded, and NGINX sends it traffic again' : 'its ejection time ran out and Envoy returned it to rotation';
    return `s${g.server} is back in rotation under ${has.length === this.all && this.all > 1 ? 'every strategy' : listWords(has)}: ${how}${stillDown ? ', though it is still down' : ''}.`;
  }

  // ── the session store ────────────────────────────────────────────────────

  private storeOutage(g: Group, has: string[], num: (n: string, k: string) => number): string {
    const without = this.names.filter((n) => !g.records.has(n));
    this.state.flushed = has.some((n) => g.records.get(n)?.flush === true);
    let text = `the session store went down${this.state.flushed ? ', and will come back empty (restarted without persistence)' : ''}`;
    const active = [...new Set(has.map((n) => num(n, 'activeSessions')))];
    if (active.length === 1) text += `, with ${active[0]} sessions in progress`;
    text += `; under ${listWords(has)} every request fails until it is back (fail-closed)`;
    if (without.length > 0) text += `; ${listWords(without)} ${without.length === 1 ? 'does' : 'do'} not use the store and ${without.length === 1 ? 'is' : 'are'} not affected`;
    return `${text}.`;
  }

  /** Which node the store events are about, named by topology. */
  private nodeName(users: string[], node: number): string {
    const topologies = new Set(users.map((n) => this.storeOf(n).topology));
    if (topologies.size === 1 && topologies.has('primary-replica')) return `the store's primary (node ${node})`;
    if (topologies.size === 1 && topologies.has('single')) return 'the store';
    return `store node ${node}`;
  }

  private storeRecover(has: string[], rec: (n: string) => Details): string {
    const byNode = has.filter((n) => rec(n).node !== undefined || rec(n).usesStore === false);
    if (byNode.length === 0) {
      const names = this.names;
      return this.state.flushed
        ? `the session store is back, empty: every session it held is gone, and each user finds out on their next click${has.length < names.length ? ` (under ${listWords(has)})` : ''}.`
        : `the session store is back with its data${has.length < names.length ? ` (under ${listWords(has)})` : ''}.`;
    }
    const users = has.filter((n) => rec(n).usesStore !== false);
    if (users.length === 0) return 'a store node came back, but no strategy here uses the store.';
    const node = Number(rec(users[0]!).node ?? 0);
    // What the node did on its return, by strategy: [strategies, what it did].
    const kinds: Array<[string[], string]> = [];
    const kind = (pred: (d: Details) => boolean, what: string | ((ns: string[]) => string)) => {
      const ns = users.filter((n) => pred(rec(n)) && !kinds.some(([k]) => k.includes(n)));
      if (ns.length > 0) kinds.push([ns, typeof what === 'string' ? what : what(ns)]);
    };
    kind((d) => d.rejoinedAsReplica === true, 'came back and rejoined as a replica of the promoted primary, its old data discarded');
    kind((d) => d.empty === true, 'came back empty: the keys that map to it again are not found there');
    kind(
      (d) => d.restartedBeforeFailover === true,
      (ns) => `restarted empty before any failover and its replicas resynchronised from it, so ${plainOr(ns.map((n) => [n, Number(rec(n).keysLost ?? 0)]))} keys are gone everywhere`,
    );
    kind((d) => d.wasDown === false, 'was not down');
    kind(() => true, 'is back');
    const topologies = new Set(users.map((n) => this.storeOf(n).topology));
    const name = topologies.size === 1 && topologies.has('primary-replica') ? `the old primary (node ${node})` : `store node ${node}`;
    if (kinds.length === 1) return `${name} ${kinds[0]![1]}${users.length < this.all ? ` (under ${listWords(users)})` : ''}.`;
    return `${name}: ${kinds.map(([ns, what]) => `under ${listWords(ns)} it ${what}`).join('; ')}.`;
  }

  /** "sticky-cookie does not use the store", or nothing. */
  private nonUsers(has: string[], rec: (n: string) => Details): string {
    const non = has.filter((n) => rec(n).usesStore === false);
    return non.length === 0 ? '' : `; ${subject(non, 'does', 'do')} not use the store`;
  }

  private storeCrash(has: string[], rec: (n: string) => Details, num: (n: string, k: string) => number): string {
    const users = has.filter((n) => rec(n).usesStore !== false);
    if (users.length === 0) return `a store node crashed, but no strategy here uses the store.`;
    const node = num(users[0]!, 'node');
    const already = users.filter((n) => rec(n).alreadyDown === true);
    const live = users.filter((n) => !already.includes(n));
    let text = `${this.nodeName(users, node)} crashed with ${span(has.map((n) => num(n, 'activeSessions')))} sessions in progress`;
    if (live.length > 0) {
      const keys = (n: string) => (num(n, 'keysOnNode') === num(n, 'keysInStore') ? `${num(n, 'keysOnNode')}` : `${num(n, 'keysOnNode')} of ${num(n, 'keysInStore')}`);
      const values = live.map((n) => [n, keys(n)] as [string, string]);
      text += `, and its memory with it: ${values.every(([, v]) => v === values[0]![1]) ? `${values[0]![1]} session keys` : counted(values, this.all, ' session keys')}`;
    }
    const replicated = live.filter((n) => rec(n).failoverExpectedInSeconds !== undefined);
    if (replicated.length > 0) {
      const how = replicated.every((n) => this.storeOf(n).topology === 'sharded') ? 'cluster-node-timeout plus the election' : replicated.every((n) => this.storeOf(n).topology === 'primary-replica') ? "Sentinel's down-after plus the election" : 'detection plus the election';
      text += `; ${replicated.length === live.length ? '' : `under ${listWords(replicated)} `}a replica takes over after ${plainOr(replicated.map((n) => [n, formatDuration(num(n, 'failoverExpectedInSeconds'))]))} (${how}), and until then the node cannot be reached`;
      const behind = replicated.filter((n) => num(n, 'writesNotYetReplicated') > 0);
      if (behind.length > 0) text += `; writes the replica had not yet received: ${counted(behind.map((n) => [n, num(n, 'writesNotYetReplicated')]), this.all)}`;
      const upToDate = replicated.filter((n) => !behind.includes(n));
      if (upToDate.length > 0) text += `; ${behind.length > 0 ? `under ${listWords(upToDate)} ` : ''}the replica had every write`;
    }
    const bare = live.filter((n) => rec(n).keysLost !== undefined);
    if (bare.length > 0) {
      text += `; ${bare.length === live.length ? '' : `under ${listWords(bare)} `}it has no replica, so those keys are gone with it`;
      const down = bare.filter((n) => rec(n).clusterDownInSeconds !== undefined);
      if (down.length > 0) text += `, and ${down.length === bare.length ? '' : `under ${listWords(down)} `}the whole Redis Cluster will stop answering in ${span(down.map((n) => num(n, 'clusterDownInSeconds')), formatDuration)} (cluster-require-full-coverage: slots without a primary take the cluster down)`;
    }
    if (already.length > 0) text += `; under ${listWords(already)} it was already down`;
    return `${text}${this.nonUsers(has, rec)}.`;
  }

  private storeFailover(has: string[], rec: (n: string) => Details, num: (n: string, k: string) => number): string {
    const users = has.filter((n) => rec(n).usesStore !== false);
    if (users.length === 0) return `a store failover was asked for, but no strategy here uses the store.`;
    const node = num(users[0]!, 'node');
    const noReplica = users.filter((n) => rec(n).noReplica === true);
    const promoted = users.filter((n) => !noReplica.includes(n));
    const tail = (noReplica.length > 0 ? `; under ${listWords(noReplica)} there is no replica to promote` : '') + this.nonUsers(has, rec);
    if (promoted.length === 0) return `a failover of store node ${node} was asked for${tail}.`;
    const partition = promoted.filter((n) => rec(n).duringPartition === true);
    if (partition.length > 0) {
      const after = counted(partition.map((n) => [n, formatDuration(num(n, 'detectionSeconds'))]), this.all, ' after the cut');
      const accepted = listWords(partition.map((n) => `${num(n, 'writesLost')} writes of ${num(n, 'sessionsAffected')} sessions under ${n}`));
      return `on the other side of the partition the Sentinels promoted the replica of node ${node}, ${after}, while the application servers kept writing to the old primary: everything the old primary accepted since the cut will be thrown away when the partition heals, so far ${accepted}.`;
    }
    const manual = promoted.every((n) => num(n, 'detectionSeconds') === 0);
    let text = manual
      ? `a manual failover (SENTINEL FAILOVER) promoted the replica of node ${node} at once`
      : `the replica of node ${node} took over, ${counted(promoted.map((n) => [n, formatDuration(num(n, 'detectionSeconds'))]), this.all, ' after the crash')}`;
    const lost = promoted.filter((n) => num(n, 'writesLost') > 0);
    if (lost.length > 0) text += `; the acknowledged writes it had not received are lost, and their sessions read an older version or nothing: ${listWords(lost.map((n, i) => `${num(n, 'writesLost')}${i === 0 ? ' writes' : ''} (${num(n, 'sessionsAffected')} sessions) under ${n}`))}`;
    const unconfirmed = promoted.filter((n) => num(n, 'writesLost') === 0 && num(n, 'sessionsAffected') > 0);
    if (unconfirmed.length > 0) text += `; under ${listWords(unconfirmed)} no acknowledged write was lost: WAIT had not confirmed the writes it lacked (${plainOr(unconfirmed.map((n) => [n, num(n, 'sessionsAffected')]))} sessions rolled back)`;
    const clean = promoted.filter((n) => num(n, 'sessionsAffected') === 0);
    if (clean.length > 0) text += `; ${listWords(clean)} lost nothing: the replica had every write`;
    return `${text}${tail}.`;
  }

  private storePartition(has: string[], rec: (n: string) => Details, num: (n: string, k: string) => number): string {
    const users = has.filter((n) => rec(n).usesStore !== false);
    if (users.length === 0) return `a store partition began, but no strategy here uses the store.`;
    const node = num(users[0]!, 'node');
    const cut = users.filter((n) => rec(n).partitionSeconds !== undefined);
    const name = this.nodeName(users, node);
    let text = `${name} was cut off from its replica and the Sentinels${cut.length > 0 ? ` for ${span(cut.map((n) => num(n, 'partitionSeconds')), formatDuration)}` : ''} while the application servers still reach it, with ${span(has.map((n) => num(n, 'activeSessions')))} sessions in progress`;
    const failover = cut.filter((n) => rec(n).failoverExpected === true);
    const noFailover = cut.filter((n) => rec(n).failoverExpected === false);
    if (failover.length > 0) text += `; ${failover.length === cut.length ? 'the' : `under ${listWords(failover)} the`} Sentinels will promote the replica before it heals, so whatever the old primary accepts alone will be thrown away`;
    if (noFailover.length > 0) text += `; under ${listWords(noFailover)} it heals before a failover, and the replica simply catches up`;
    const refuse = cut.filter((n) => num(n, 'writesRefusedAfterSeconds') >= 0);
    if (refuse.length > 0) text += `; under ${listWords(refuse)} the primary refuses writes (NOREPLICAS) after ${plainOr(refuse.map((n) => [n, formatDuration(num(n, 'writesRefusedAfterSeconds'))]))}, once no replica has acknowledged within min-replicas-max-lag`;
    const wait = cut.filter((n) => this.storeOf(n).waitReplicas > 0);
    if (wait.length > 0) text += `; under ${listWords(wait)} every write's WAIT times out (${listWords([...new Set(wait.map((n) => formatDuration(this.storeOf(n).waitTimeout)))])}) with no replica to answer, so writes fail`;
    const bare = users.filter((n) => !cut.includes(n));
    if (bare.length > 0) text += `; under ${listWords(bare)} there is no replica to cut off`;
    return `${text}${this.nonUsers(has, rec)}.`;
  }

  private partitionHealed(has: string[], rec: (n: string) => Details, num: (n: string, k: string) => number): string {
    const over = has.filter((n) => rec(n).failedOver === true);
    const notOver = has.filter((n) => rec(n).failedOver !== true);
    const parts: string[] = [];
    if (over.length > 0) {
      let p = `the old primary rejoined as a replica of the promoted one and discarded everything it had accepted alone`;
      const lost = over.filter((n) => num(n, 'writesLost') > 0);
      if (lost.length > 0) p += `: ${listWords(lost.map((n, i) => `${num(n, 'writesLost')}${i === 0 ? ' acknowledged writes' : ''} (${num(n, 'sessionsAffected')} sessions) under ${n}`))} are lost`;
      const unconfirmed = over.filter((n) => num(n, 'writesLost') === 0 && num(n, 'sessionsAffected') > 0);
      if (unconfirmed.length > 0) p += `; under ${listWords(unconfirmed)} no acknowledged write is lost, as WAIT confirmed none of them (${plainOr(unconfirmed.map((n) => [n, num(n, 'sessionsAffected')]))} sessions rolled back)`;
      parts.push(over.length === has.length ? p : `under ${listWords(over)} ${p}`);
    }
    if (notOver.length > 0) parts.push(`under ${listWords(notOver)} there had been no failover: the replica caught up and nothing was lost`);
    const refused = has.filter((n) => num(n, 'writesRefused') > 0);
    if (refused.length > 0) parts.push(`meanwhile the old primary had refused ${counted(refused.map((n) => [n, num(n, 'writesRefused')]), this.all, ' writes')} (NOREPLICAS)`);
    return `the partition healed: ${parts.join('; ')}.`;
  }

  private nodeEjected(g: Group, has: string[], num: (n: string, k: string) => number): string {
    const node = num(has[0]!, 'node');
    const limits = [...new Set(has.map((n) => this.storeOf(n).memcachedClient.failureLimit))];
    const retry = span(has.map((n) => num(n, 'retryAfterSeconds')), formatDuration);
    let text = `under ${listWords(has)} the Memcached client ejected node ${node} from its ring after ${listWords(limits.map(String))} failed connections: its keys now map to the other nodes, where they are not found; it retries the node every ${retry}`;
    const again = has.filter((n) => (g.times.get(n)?.length ?? 0) > 1);
    if (again.length > 0) {
      text += `, and ejected it again ${listWords(again.map((n) => {
        const times = g.times.get(n)!.slice(1);
        return `${times.length} ${plural(times.length, 'time', 'times')} (${times.length === 1 ? `at ${formatDuration(times[0]!)}` : `${formatDuration(times[0]!)} to ${formatDuration(times[times.length - 1]!)}`})${has.length > 1 ? ` under ${n}` : ''}`;
      }))} while it was still down`;
    }
    return `${text}.`;
  }

  // ── tokens ───────────────────────────────────────────────────────────────

  private keyRotation(has: string[], rec: (n: string) => Details, num: (n: string, k: string) => number): string {
    const users = has.filter((n) => rec(n).usesTokens !== false);
    const non = this.names.filter((n) => !users.includes(n));
    const tail = non.length > 0 ? `; ${subject(non, 'does', 'do')} not use tokens` : '';
    if (users.length === 0) return `the signing key was rotated, but no strategy here uses tokens.`;
    const overlap = span(users.map((n) => num(n, 'overlapSeconds')), formatDuration);
    const zero = users.every((n) => num(n, 'overlapSeconds') === 0);
    let text = zero ? 'the signing key was rotated with no overlap: tokens signed with the old key are refused from now on, though they have not expired' : `the signing key was rotated; tokens signed with the old key still verify for ${overlap}`;
    const ttl = (n: string) => (this.accessTtl(n) === undefined ? '' : ` (${formatDuration(this.accessTtl(n)!)} tokens)`);
    const covered = users.filter((n) => rec(n).oldTokensStillValid === true);
    const cut = users.filter((n) => !covered.includes(n));
    if (!zero && covered.length > 0) text += `: under ${listWords(covered.map((n) => `${n}${ttl(n)}`))} that covers every token's lifetime, so nobody is rejected`;
    if (!zero && cut.length > 0) text += `${covered.length > 0 ? ';' : ':'} under ${listWords(cut.map((n) => `${n}${ttl(n)}`))} tokens issued before the rotation are refused once the overlap ends, though they have not expired (token-rejected)`;
    if (zero) text += ` under ${listWords(users)}`;
    return `${text}${tail}.`;
  }

  private tokenOutage(g: Group, has: string[], rec: (n: string) => Details): string {
    const users = has.filter((n) => rec(n).usesTokens !== false && rec(n).alreadyDown !== true);
    const non = this.names.filter((n) => !has.includes(n) || rec(n).usesTokens === false);
    const tail = non.length > 0 ? `; ${subject(non, 'does', 'do')} not use tokens` : '';
    const event = this.config.events.find((e) => e.type === 'token-service-outage' && e.at === g.at);
    const downFor = event?.type === 'token-service-outage' && event.downFor !== null ? ` for ${formatDuration(event.downFor)}` : '';
    if (users.length === 0) return `the token service went down${downFor}, but no strategy here uses tokens${tail}.`;
    const ttls = users.map((n) => [n, formatDuration(Number(rec(n).accessTtlSeconds ?? this.accessTtl(n) ?? 0))] as [string, string]);
    return `the token service went down${downFor}: under ${listWords(users)} nobody can log in (token-service-unavailable) and no token can be refreshed; access tokens live ${plainOr(ttls)}, so a user carries on only until theirs expires, unless the service is back first${tail}.`;
  }

  // ── anything else ────────────────────────────────────────────────────────

  private generic(g: Group, has: string[]): string {
    // An event this narrator does not know yet: say what the model recorded.
    const without = this.names.filter((n) => !g.records.has(n));
    const title = `${g.type}${g.server !== undefined ? ` on s${g.server}` : ''}`;
    if (has.length === 0) return `${title}.`;
    const texts = new Map<string, string[]>();
    for (const n of has) {
      const d = detailText(g.records.get(n)!);
      texts.set(d, [...(texts.get(d) ?? []), n]);
    }
    const parts = [...texts.entries()].map(([d, ns]) => (d === '' ? `under ${listWords(ns)}` : `${d} under ${ns.length === this.all && this.all > 1 ? 'every strategy' : listWords(ns)}`));
    return `${title}: ${parts.join('; ')}${without.length > 0 ? `; not recorded under ${listWords(without)}` : ''}.`;
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
  const groups = groupEvents(result, config);
  const narrator = new Narrator(result, config);
  const window = result.strategies[0]?.timeline.window ?? 1;
  const windowOf = (x: number) => Math.floor(x / window + 1e-9);
  const windows = result.strategies[0]?.timeline.lost.length ?? 0;
  // Episodes start at the scenario's own events; losses found until the next one are told after it.
  const starts = [...new Set(config.events.map((e) => windowOf(e.at)))].sort((a, b) => a - b);
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
      lines.push(`${t(g.at)}  ${narrator.narrate(g)}`);
    }
    const losses = lossSentence(result, from, to);
    if (losses !== null) lines.push(`From ${t(from * window)} to ${to >= windows ? 'the end' : t(to * window)}, ${losses}`);
  }
  while (next < groups.length) {
    const g = groups[next++]!;
    lines.push(`${t(g.at)}  ${narrator.narrate(g)}`);
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
