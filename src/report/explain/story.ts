/**
 * What the explain story works from: the events of every strategy grouped into one event
 * each (groupEvents), and the context each domain's narration reads (Story): the run's
 * results and configuration, what the story remembers from one event to the next, and how
 * each strategy routes and stores.
 */
import type { SimulationConfig, StoreConfig, StrategyConfig } from '../../model/config.js';
import type { EventRecord } from '../../model/recorder.js';
import type { SimulationResult } from '../../experiment/simulate.js';
import { listWords, subject } from './words.js';

export type Details = EventRecord['details'];

/** One event as it played out under the strategies: each strategy's (first) record and every time it happened. */
export interface Group {
  at: number;
  type: string;
  server: number | undefined;
  records: Map<string, Details>;
  times: Map<string, number[]>;
  /** A rolling restart's steps, told in its first and last sentence rather than one by one. */
  rolling?: Rolling;
}

export interface Rolling {
  start: Group;
  /** The drains, stops, starts and returns of its servers, in time order. */
  steps: Group[];
  done: Group | null;
}

/** What the story remembers from one event to the next. */
export interface StoryState {
  /** The last store-outage restarts the store empty. */
  flushed: boolean;
  /** Servers a scale-out added that the health checks have not marked up yet, with when. */
  joining: Map<number, number>;
  /** Servers whose process is down (crashed, not yet recovered). */
  down: Set<number>;
  /** The last mark-down left no server in the pool (nobody was moved anywhere). */
  poolEmpty: boolean;
}

/** One group as a narration reads it: the strategies that recorded it, their records, a numeric detail. */
export interface Told {
  g: Group;
  has: string[];
  rec: (n: string) => Details;
  num: (n: string, k: string) => number;
}

/** A sentence for one event type; each domain file exports a table of them by event type. */
export type Narration = (ctx: Story, e: Told) => string;

/**
 * Event types whose time differs a little from strategy to strategy (a failover after a drawn
 * detection delay, a passive ejection on the next failed request, a graceful stop when the
 * server is idle): the k-th of them (per server) after a scenario event is one event.
 */
export const JITTERED = new Set(['store-failover', 'store-partition-healed', 'store-cluster-down', 'server-ejected', 'server-returned', 'server-removed', 'server-restart', 'rolling-restart-done', 'lb-takeover']);
/** Event types that repeat (a Memcached client ejecting a dead node again after each retry): told once per scenario event. */
export const REPEATED = new Set(['store-node-ejected']);

export function groupEvents(result: SimulationResult, config: SimulationConfig): Group[] {
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

/** The context of one story: results, configuration and state shared by the domain narrations. */
export class Story {
  readonly names: string[];
  readonly all: number;
  readonly state: StoryState = { flushed: false, joining: new Map(), down: new Set(), poolEmpty: false };

  constructor(
    readonly result: SimulationResult,
    readonly config: SimulationConfig,
  ) {
    this.names = result.strategies.map((s) => s.name);
    this.all = this.names.length;
  }

  strategy(name: string): StrategyConfig | undefined {
    return this.config.strategies.find((s) => s.name === name);
  }

  /** The key a strategy pins users by: its sticky affinity, `hash` for hash balancing, else none. */
  affinity(name: string): string {
    const s = this.strategy(name);
    if (s === undefined) return 'none';
    if (s.type === 'sticky') return s.affinity;
    return s.balance === 'hash' ? 'hash' : 'none';
  }

  storeOf(name: string): StoreConfig {
    return this.strategy(name)?.store ?? this.config.store;
  }

  accessTtl(name: string): number | undefined {
    const s = this.strategy(name);
    return s?.type === 'jwt' ? s.accessTtl : undefined;
  }

  /** Why a strategy that moved nobody did not: in a few words, by how it routes. */
  stays(names: string[]): string[] {
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
}
