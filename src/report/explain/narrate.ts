/**
 * The story of a run in time order: each event's sentence from its domain's table (servers,
 * balancer, store, tokens), an event no table knows told from its records, and the losses
 * found between the scenario's events.
 */
import type { SimulationConfig } from '../../model/config.js';
import type { SimulationResult } from '../../experiment/simulate.js';
import { autoscalerNarrations } from './autoscaler.js';
import { balancerNarrations } from './balancer.js';
import { serverNarrations } from './servers.js';
import { totalsLine } from './advice.js';
import { lossSentence } from './sessions.js';
import { storeNarrations } from './store.js';
import { Story, groupEvents, type Group, type Narration } from './story.js';
import { tokenNarrations } from './tokens.js';
import { detailText, listWords, t } from './words.js';

/** Every event type's sentence; a domain adds its events to its own table. */
const NARRATIONS: Record<string, Narration> = { ...serverNarrations, ...balancerNarrations, ...storeNarrations, ...tokenNarrations, ...autoscalerNarrations };

/** An event no table knows yet: say what the model recorded. */
function generic(ctx: Story, g: Group, has: string[]): string {
  const without = ctx.names.filter((n) => !g.records.has(n));
  const title = `${g.type}${g.server !== undefined ? ` on s${g.server}` : ''}`;
  if (has.length === 0) return `${title}.`;
  const texts = new Map<string, string[]>();
  for (const n of has) {
    const d = detailText(g.records.get(n)!);
    texts.set(d, [...(texts.get(d) ?? []), n]);
  }
  const parts = [...texts.entries()].map(([d, ns]) => (d === '' ? `under ${listWords(ns)}` : `${d} under ${ns.length === ctx.all && ctx.all > 1 ? 'every strategy' : listWords(ns)}`));
  return `${title}: ${parts.join('; ')}${without.length > 0 ? `; not recorded under ${listWords(without)}` : ''}.`;
}

/** One sentence per event, summarising every strategy. */
function narrate(ctx: Story, g: Group): string {
  const has = ctx.names.filter((n) => g.records.has(n));
  const rec = (n: string) => g.records.get(n)!;
  const num = (n: string, k: string) => Number(g.records.get(n)?.[k] ?? 0);
  const narration = Object.hasOwn(NARRATIONS, g.type) ? NARRATIONS[g.type] : undefined;
  return narration === undefined ? generic(ctx, g, has) : narration(ctx, { g, has, rec, num });
}

/** The story of the run in time order, one paragraph per event (and per stretch of losses). */
export function storyLines(result: SimulationResult, config: SimulationConfig): string[] {
  const lines: string[] = [];
  const groups = groupEvents(result, config);
  const story = new Story(result, config);
  const window = result.strategies[0]?.timeline.window ?? 1;
  const windowOf = (x: number) => Math.floor(x / window + 1e-9);
  const windows = result.strategies[0]?.timeline.lost.length ?? 0;
  // Episodes start at the scenario's own events; losses found until the next one are told after it.
  const starts = [...new Set(config.events.map((e) => windowOf(e.at)))].sort((a, b) => a - b);
  const before = lossSentence(result, 0, starts[0] ?? windows);
  if (starts.length === 0) lines.push(config.autoscaler == null ? 'No failure events: this scenario is about steady state.' : 'No failure events: what happens is the autoscaler resizing the fleet.');
  if (before !== null) lines.push(`${starts.length > 0 ? `Before ${t((starts[0] ?? 0) * window)}, ` : 'Over the run, '}${before}`);
  let next = 0;
  for (let e = 0; e < starts.length; e++) {
    const from = starts[e]!;
    const to = starts[e + 1] ?? windows;
    const upTo = to >= windows ? Infinity : to * window;
    while (next < groups.length && groups[next]!.at < upTo) {
      const g = groups[next++]!;
      lines.push(`${t(g.at)}  ${narrate(story, g)}`);
    }
    const losses = lossSentence(result, from, to);
    // Losses are counted per timeline window (timelineWindow): when the event falls inside one,
    // the stretch starts before it, and the sentence says so rather than round the time.
    const at = Math.min(...config.events.filter((ev) => windowOf(ev.at) === from).map((ev) => ev.at));
    const end = to >= windows ? 'the end' : t(to * window);
    const stretch = at > from * window + 1e-9 ? `In the timeline windows from ${t(from * window)} (the one holding ${t(at)}) to ${end}` : `From ${t(from * window)} to ${end}`;
    if (losses !== null) lines.push(`${stretch}, ${losses}`);
  }
  while (next < groups.length) {
    const g = groups[next++]!;
    lines.push(`${t(g.at)}  ${narrate(story, g)}`);
  }
  lines.push(totalsLine(result));
  return lines;
}
