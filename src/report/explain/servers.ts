/**
 * Explain sentences for servers and the fleet: crashes, health checks, scale-out and scale-in,
 * drains, restarts and rolling restarts.
 */
import { formatDuration } from '../../scenario/units.js';
import { listWords, perStrategy, counted, span, sum, plural, subject } from './words.js';
import type { Details, Group, Rolling, Narration, Story } from './story.js';

function serverCrash(ctx: Story, g: Group, has: string[], num: (n: string, k: string) => number): string {
  if (g.server !== undefined) ctx.state.down.add(g.server);
  const all = ctx.result.strategies;
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
function hashMoves(ctx: Story, has: string[], num: (n: string, k: string) => number): { text: string; names: string[] } {
  const movers = has.filter((n) => ['ip-hash', 'hash'].includes(ctx.affinity(n)) && num(n, 'sessionsRemapped') > 0);
  return { text: counted(movers.map((n) => [n, num(n, 'sessionsRemapped')]), ctx.all, ' active users'), names: movers };
}

function hashName(ctx: Story, names: string[]): string {
  return names.every((n) => ctx.affinity(n) === 'ip-hash') ? 'IP hash' : 'hash';
}

function markedDown(ctx: Story, g: Group, has: string[], num: (n: string, k: string) => number): string {
  const hc = ctx.config.loadBalancer.healthCheck;
  const detection = num(has[0]!, 'detectionSeconds');
  let text = `health checks marked s${g.server} down`;
  if (detection >= 0) text += `, ${formatDuration(detection)} after it crashed (they need ${hc.fall} failed checks in a row, ${formatDuration(hc.interval)} apart)`;
  const failed = has.map((n) => [n, num(n, 'requestsFailedBeforeDetection')] as [string, number]);
  const refused = has.map((n) => [n, Math.max(num(n, 'requestsRefusedBeforeDetection'), num(n, 'requestsFailedBeforeDetection'))] as [string, number]);
  const lb = ctx.config.loadBalancer;
  if (refused.some(([, v]) => v > 0)) {
    text += `; until then the balancer still sent it requests, and the dead server refused them: ${perStrategy(refused, ctx.all)}`;
    // A refused request is retried on the same server; those still retrying when it is marked down fail a little later.
    if (lb.retries > 0 && refused.some(([n, v]) => v > num(n, 'requestsFailedBeforeDetection'))) {
      text += ` (the balancer retries each ${lb.retries} ${lb.retries === 1 ? 'time' : 'times'}, ${formatDuration(lb.retryDelay)} apart, on the same server${lb.redispatch ? ' unless redispatch sends the last one elsewhere' : ''}; by the time it was marked down ${perStrategy(failed, ctx.all)} had run out of retries and failed, and the others failed when their remaining retries did)`;
    }
  }
  const moved = hashMoves(ctx, has, num);
  if (moved.names.length > 0) text += `; the pool shrank, so the ${hashName(ctx, moved.names)} moved ${moved.text} to another server`;
  const empty = has.filter((n) => g.records.get(n)?.poolEmpty === true);
  ctx.state.poolEmpty = empty.length > 0;
  if (empty.length > 0) text += `; no server was left in the pool${empty.length < ctx.all ? ` under ${listWords(empty)}` : ''}, so every request failed (no server) until one came back`;
  return `${text}.`;
}

function markedUp(ctx: Story, g: Group, has: string[], num: (n: string, k: string) => number): string {
  const hc = ctx.config.loadBalancer.healthCheck;
  const server = `s${g.server}`;
  const moved = hashMoves(ctx, has, num);
  const added = g.server === undefined ? undefined : ctx.state.joining.get(g.server);
  if (added !== undefined) {
    ctx.state.joining.delete(g.server!);
    let text = `health checks marked ${server} up (${hc.rise} good checks in a row, ${formatDuration(g.at - added)} after it was added) and it joined the pool`;
    if (moved.names.length > 0) text += `: the ${hashName(ctx, moved.names)} moved ${moved.text} to another server, away from the memory that holds their session`;
    const rest = has.filter((n) => !moved.names.includes(n));
    const pinning = rest.filter((n) => ['cookie', 'url', 'stick-table'].includes(ctx.affinity(n)));
    const free = rest.filter((n) => ctx.affinity(n) === 'none');
    if (pinning.length > 0) text += `; under ${listWords(pinning)} it gets only new users, as those already there stay pinned to the old servers`;
    if (free.length > 0) text += `; ${subject(free, 'gives', 'give')} it a share of the requests at once`;
    return `${text}.`;
  }
  const wasEmpty = ctx.state.poolEmpty;
  ctx.state.poolEmpty = false;
  let text = `health checks marked ${server} up again (${hc.rise} good checks in a row) and the balancer sends it requests`;
  // After an empty pool nobody was moved elsewhere: there was nowhere to go.
  text += wasEmpty ? ': the pool is no longer empty' : '; users moved elsewhere while it was down stay where they are';
  if (moved.names.length > 0) text += `, except that the ${hashName(ctx, moved.names)} moved ${moved.text} again`;
  const back = has.filter((n) => ctx.strategy(n)?.routing.afterDown === 'return' && ['cookie', 'url', 'stick-table'].includes(ctx.affinity(n)));
  if (back.length > 0) text += `; under ${listWords(back)} (afterDown: return) the users pinned to it go back to it`;
  return `${text}.`;
}

function scaleOut(ctx: Story, g: Group, has: string[], rec: (n: string) => Details, num: (n: string, k: string) => number): string {
  const first = rec(has[0]!);
  const added = String(first.added ?? '').split(',').filter(Boolean);
  for (const s of added) ctx.state.joining.set(Number(s.slice(1)), g.at);
  const hc = ctx.config.loadBalancer.healthCheck;
  const it = added.length === 1 ? 'it' : 'they';
  let text = `${listWords(added)} ${plural(added.length, 'was', 'were')} added (scale-out from ${first.serversBefore} to ${first.serversAfter} servers, ${span(has.map((n) => num(n, 'activeSessions')))} sessions in progress)`;
  text += hc.enabled
    ? `; ${it} ${plural(added.length, 'runs', 'run')} at once, but the balancer sends ${added.length === 1 ? 'it' : 'them'} nothing until ${added.length === 1 ? 'its' : 'their'} health checks pass (${hc.rise} in a row, ${formatDuration(hc.interval)} apart)`
    : `; without health checks ${it} ${plural(added.length, 'takes', 'take')} requests at once`;
  const movers = has.filter((n) => num(n, 'sessionsRemapped') > 0 || ctx.affinity(n) === 'ip-hash');
  if (movers.length > 0) {
    const share = (n: string) => (num(n, 'activeSessions') > 0 ? ` (${Math.round((100 * num(n, 'sessionsRemapped')) / num(n, 'activeSessions'))}%)` : '');
    const moves = listWords(movers.map((n, i) => `${num(n, 'sessionsRemapped')} of ${num(n, 'activeSessions')}${i === 0 ? ' active users' : ''}${share(n)} under ${n}`));
    text += `; ${hc.enabled ? 'once it is in, the ' + hashName(ctx, movers) + ' will send' : 'the ' + hashName(ctx, movers) + ' sent'} ${moves} to another server, away from the memory that holds their session`;
  }
  const stay = ctx.stays(has.filter((n) => !movers.includes(n)));
  if (stay.length > 0) text += `; ${listWords(stay)}, so nobody there moves`;
  return `${text}.`;
}

function scaleIn(ctx: Story, has: string[], rec: (n: string) => Details, num: (n: string, k: string) => number): string {
  const first = rec(has[0]!);
  const removing = String(first.removing ?? '').split(',').filter(Boolean);
  if (removing.length === 0) return `a scale-in found no server to remove.`;
  const keep = ctx.config.loadBalancer.drainKeepsPinned;
  let text = `scale-in from ${first.serversBefore} to ${first.serversAfter} servers: ${listWords(removing)} ${plural(removing.length, 'drains', 'drain')} for ${formatDuration(num(has[0]!, 'drainSeconds'))} (no new users${keep ? '; users pinned to it stay' : ', and its pinned users are sent elsewhere too'}), then ${plural(removing.length, 'stops', 'stop')} once idle and ${plural(removing.length, 'leaves', 'leave')} the pool; whatever is still in ${plural(removing.length, 'its', 'their')} memory then is lost`;
  const pinned = has.filter((n) => num(n, 'sessionsPinned') > 0);
  if (pinned.length > 0) text += `; users pinned to ${plural(removing.length, 'it', 'them')} now: ${counted(pinned.map((n) => [n, num(n, 'sessionsPinned')]), ctx.all)}`;
  const none = has.filter((n) => !pinned.includes(n));
  if (none.length > 0 && pinned.length > 0) text += ` (nobody under ${listWords(none)})`;
  return `${text}.`;
}

function serverDrain(ctx: Story, g: Group, has: string[], num: (n: string, k: string) => number): string {
  const keep = ctx.config.loadBalancer.drainKeepsPinned;
  let text = `s${g.server} was set to drain: the balancer sends it no new users${keep ? ', and users pinned to it stay (HAProxy drain)' : ', nor the users pinned to it (drainKeepsPinned: false, as an AWS ALB deregistration)'}`;
  const pinned = has.filter((n) => num(n, 'sessionsPinnedToServer') > 0);
  if (pinned.length > 0) text += `: ${counted(pinned.map((n) => [n, num(n, 'sessionsPinnedToServer')]), ctx.all, ' users')}`;
  const none = has.filter((n) => !pinned.includes(n));
  if (none.length > 0) text += `; nobody is pinned to it under ${listWords(none)}`;
  return `${text}.`;
}

/** "the sessions whose state was … lost: 53 under a; none under b". */
function stateLost(ctx: Story, has: string[], num: (n: string, k: string) => number): string {
  const holding = has.filter((n) => num(n, 'sessionsWithStateOnServer') > 0);
  const none = has.filter((n) => !holding.includes(n));
  if (holding.length === 0) return `no session state was on it under ${none.length === ctx.all && ctx.all > 1 ? 'any strategy' : listWords(none)}`;
  let text = `the sessions whose state was still in its memory were lost: ${counted(holding.map((n) => [n, num(n, 'sessionsWithStateOnServer')]), ctx.all)}`;
  if (none.length > 0) text += `; none under ${listWords(none)}`;
  return text;
}

function serverRemoved(ctx: Story, g: Group, has: string[], num: (n: string, k: string) => number): string {
  const after = span(has.map((n) => num(n, 'serversAfter')));
  return `s${g.server} stopped and left the pool (${after} servers now): ${stateLost(ctx, has, num)}.`;
}

function serverRestart(ctx: Story, g: Group, has: string[], num: (n: string, k: string) => number): string {
  return `s${g.server}'s process stopped to be restarted: ${stateLost(ctx, has, num)}.`;
}

// ── rolling restarts ─────────────────────────────────────────────────────

function rollingStart(ctx: Story, g: Group, d: Details): string {
  if (d.ignored === true) return `another rolling restart was asked for and ignored: ${String(d.reason ?? 'one is already running')}.`;
  const servers = String(d.servers ?? '').split(',').filter(Boolean);
  const drain = Number(d.drainSeconds ?? 0);
  const pause = Number(d.pauseSeconds ?? 0);
  const keep = ctx.config.loadBalancer.drainKeepsPinned;
  let text = `a rolling restart began: ${listWords(servers)}, one at a time, `;
  text += drain > 0 ? `each drains for ${formatDuration(drain)} (no new users${keep ? '; users pinned to it stay' : ', nor its pinned users'}), then stops` : 'each stops (the balancer sends it nothing more)';
  text += ` once requests in progress have finished, losing whatever its memory holds, starts again ${formatDuration(Number(d.restartSeconds ?? 0))} later, and once the health checks mark it up${pause > 0 ? ` and ${formatDuration(pause)} have passed` : ''} the next one begins`;
  const r = g.rolling;
  if (r !== undefined && r.done === null && r.steps.length > 0) text += `; by the end of the run ${rollingSummary(ctx, r)}`;
  return `${text}.`;
}

function rollingDone(ctx: Story, g: Group, d: Details): string {
  const r = g.rolling;
  const took = formatDuration(Number(d.durationSeconds ?? g.at - (r?.start.at ?? g.at)));
  return `the rolling restart finished, ${took} after it began${r !== undefined && r.steps.length > 0 ? `: ${rollingSummary(ctx, r)}` : ''}.`;
}

/** What the steps of a rolling restart did, per server and strategy. */
function rollingSummary(ctx: Story, r: Rolling): string {
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
  const names = ctx.names.filter((n) => stops.some((s) => s.records.has(n)));
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
  const emptied = clean.filter((n) => ctx.strategy(n)?.type === 'sticky');
  const stateless = clean.filter((n) => !emptied.includes(n));
  if (emptied.length > 0) parts.push(`under ${listWords(emptied)} no session state was left on ${plural(stops.length, 'it', 'them')} by then`);
  if (stateless.length > 0) parts.push(`${subject(stateless, 'keeps', 'keep')} no session state on the servers and lost none with them`);
  const ups = r.steps.filter((s) => s.type === 'server-marked-up');
  const movers = names.filter((n) => ['ip-hash', 'hash'].includes(ctx.affinity(n)) && ups.some((s) => Number(s.records.get(n)?.sessionsRemapped ?? 0) > 0));
  if (movers.length > 0) {
    const moves = movers.map((n) => `${listWords(ups.map((s) => String(s.records.get(n)?.sessionsRemapped ?? 0)))} under ${n}`);
    parts.push(`as ${ups.length === 1 ? 'it' : 'each'} came back, the ${hashName(ctx, movers)} moved active users again: ${listWords(moves)}`);
  }
  return parts.join('; ');
}

/** Sentences by event type. */
export const serverNarrations: Record<string, Narration> = {
  'server-crash': (ctx, { g, has, num }) => serverCrash(ctx, g, has, num),
  'server-marked-down': (ctx, { g, has, num }) => markedDown(ctx, g, has, num),
  'server-recover': (ctx, { g }) => {
    if (g.server !== undefined) ctx.state.down.delete(g.server);
    return `server s${g.server} came back with empty memory; sessions it held before the crash do not come back.`;
  },
  'server-marked-up': (ctx, { g, has, num }) => markedUp(ctx, g, has, num),
  'scale-out': (ctx, { g, has, rec, num }) => scaleOut(ctx, g, has, rec, num),
  'scale-in': (ctx, { has, rec, num }) => scaleIn(ctx, has, rec, num),
  'server-drain': (ctx, { g, has, num }) => serverDrain(ctx, g, has, num),
  'server-removed': (ctx, { g, has, num }) => serverRemoved(ctx, g, has, num),
  'server-restart': (ctx, { g, has, num }) => serverRestart(ctx, g, has, num),
  'server-start': (_ctx, { g }) => `s${g.server}'s process started again with empty memory.`,
  'rolling-restart': (ctx, { g, has, rec }) => rollingStart(ctx, g, rec(has[0]!)),
  'rolling-restart-done': (ctx, { g, has, rec }) => rollingDone(ctx, g, rec(has[0]!)),
};
