/**
 * Explain sentences for the load balancer: its failover to a standby, and passive checks
 * ejecting and returning servers.
 */
import { formatDuration } from '../../scenario/units.js';
import { listWords, counted, plainOr, span, plural, subject } from './words.js';
import type { Details, Group, Narration, Story } from './story.js';

function lbFailover(ctx: Story, has: string[], rec: (n: string) => Details, num: (n: string, k: string) => number): string {
  const takeover = span(has.map((n) => num(n, 'takeoverSeconds')), formatDuration);
  let text = `the active load balancer died with ${span(has.map((n) => num(n, 'activeSessions')))} sessions in progress; the standby takes over its address ${takeover} later (VRRP), and until then every request fails, as do responses on connections through the dead one`;
  const lost = has.filter((n) => num(n, 'stickEntriesLost') > 0);
  if (lost.length > 0) text += `; ${listWords(lost.map((n) => `${n}'s`))} stick table${plural(lost.length, ' was', 's were')} only in the dead balancer's memory, and ${plural(lost.length, 'its', 'their')} ${plainOr(lost.map((n) => [n, num(n, 'stickEntriesLost')]))} entries (one per client address) are lost, so those clients are balanced anew, away from their state`;
  const replicated = has.filter((n) => !lost.includes(n) && rec(n).stickTableReplicated === true && ctx.affinity(n) === 'stick-table');
  if (replicated.length > 0) text += `; ${listWords(replicated.map((n) => `${n}'s`))} stick table${plural(replicated.length, ' was', 's were')} copied to the standby (HAProxy peers) and ${plural(replicated.length, 'survives', 'survive')}`;
  const rest = has.filter((n) => !lost.includes(n) && !replicated.includes(n));
  const why: string[] = [];
  const of = (a: string[]) => rest.filter((n) => a.includes(ctx.affinity(n)));
  const pins = of(['cookie', 'url']);
  const carrier = pins.every((n) => ctx.affinity(n) === 'cookie') ? 'cookies' : pins.every((n) => ctx.affinity(n) === 'url') ? 'URLs' : 'cookies or URLs';
  if (pins.length > 0) why.push(`${subject(pins, 'keeps its', 'keep their')} pins in the clients' ${carrier}`);
  if (of(['ip-hash', 'hash']).length > 0) why.push(`${subject(of(['ip-hash', 'hash']), 'hashes', 'hash')} the same servers on the standby`);
  if (of(['stick-table']).length > 0) why.push(`${listWords(of(['stick-table']))} had nothing in ${plural(of(['stick-table']).length, 'its', 'their')} stick table`);
  if (of(['none']).length > 0) why.push(`${subject(of(['none']), 'pins', 'pin')} nobody`);
  if (why.length > 0) text += `; ${listWords(why)}, so ${rest.length === 1 ? 'it keeps its' : 'they keep their'} affinity`;
  return `${text}.`;
}

function serverEjected(ctx: Story, g: Group, has: string[], rec: (n: string) => Details, num: (n: string, k: string) => number): string {
  const p = ctx.config.loadBalancer.passive;
  const mechanism = String(rec(has[0]!).mechanism ?? p.type);
  const rule = mechanism === 'nginx' ? `NGINX max_fails ${p.maxFails} within fail_timeout ${formatDuration(p.failTimeout)}` : `Envoy outlier detection, ${p.consecutive5xx} errors in a row`;
  const out = plainOr(has.map((n) => [n, formatDuration(num(n, 'ejectionSeconds'))]));
  let text = `the balancer's passive checks (${rule}) took s${g.server} out of rotation for ${out}${mechanism === 'nginx' ? ' at a time (then one probe request tests it)' : ''}`;
  const detected = has.filter((n) => num(n, 'detectionSeconds') >= 0);
  const checks = ctx.config.loadBalancer.healthCheck.enabled ? ' before the health checks could' : ' (there are no active health checks)';
  if (detected.length > 0 && detected.every((n) => num(n, 'detectionSeconds') === 0)) text += `, the moment it crashed: the requests queued on it failed with it, and their resets counted${checks}`;
  else if (detected.length > 0) text += `, ${span(detected.map((n) => num(n, 'detectionSeconds')), formatDuration)} after it crashed: real requests found it dead${checks}`;
  else text += ' after requests to it failed';
  if (has.length < ctx.all) text += ` (under ${listWords(has)})`;
  return `${text}.`;
}

function serverReturned(ctx: Story, g: Group, has: string[], rec: (n: string) => Details): string {
  const mechanism = String(rec(has[0]!).mechanism ?? '');
  const stillDown = g.server !== undefined && ctx.state.down.has(g.server);
  const how = mechanism === 'nginx' ? 'after fail_timeout a probe request succeeded, and NGINX sends it traffic again' : 'its ejection time ran out and Envoy returned it to rotation';
  return `s${g.server} is back in rotation under ${has.length === ctx.all && ctx.all > 1 ? 'every strategy' : listWords(has)}: ${how}${stillDown ? ', though it is still down' : ''}.`;
}

/** Sentences by event type. */
export const balancerNarrations: Record<string, Narration> = {
  'lb-failover': (ctx, { has, rec, num }) => lbFailover(ctx, has, rec, num),
  'lb-takeover': (ctx, { has, num }) => {
    const gap = span(has.map((n) => num(n, 'gapSeconds')), formatDuration);
    const failed = has.map((n) => [n, num(n, 'requestsFailedDuringTakeover')] as [string, number]);
    return `the standby balancer owns the address, ${gap} after the active one died: the requests sent in the gap, and those answered through the dead balancer's connections, failed: ${counted(failed, ctx.all)}.`;
  },
  'server-ejected': (ctx, { g, has, rec, num }) => serverEjected(ctx, g, has, rec, num),
  'server-returned': (ctx, { g, has, rec }) => serverReturned(ctx, g, has, rec),
};
