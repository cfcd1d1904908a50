/**
 * The run as a picture in the terminal: for each strategy, one strip per server of its load
 * (requests answered per second, one character per time window, darker = busier, × = down,
 * blank = the server does not exist yet or any more),
 * and a strip of the sessions found lost, under a time axis that marks the scenario's events.
 * 80 columns: at most 60 windows (see timelineWindow) after a 7-character label. Unicode blocks
 * on a UTF-8 terminal, plain ASCII otherwise.
 */
import type { ChalkInstance } from 'chalk';
import { chalkFor } from './libraries.js';
import type { TimelineEvent } from '../model/config.js';
import { expandTimeline } from '../model/timeline.js';
import { formatDuration } from '../scenario/units.js';
import type { SimulationResult } from '../experiment/simulate.js';
import { serverPresence, serversThatExisted } from './server-presence.js';

export interface TimelineOptions {
  ascii: boolean;
  color: boolean;
  /** Characters available (default 80). */
  width?: number;
}

/** Nine levels, empty to full; the down marker. */
const UNICODE = { levels: [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'], down: '×', tick: '┬', axis: '─' };
const ASCII = { levels: [' ', '.', ':', '-', '=', '+', '*', '#', '@'], down: 'x', tick: '+', axis: '-' };

const GUTTER = 7;

/** A short label for an event on the axis legend. */
export function eventLabel(e: TimelineEvent): string {
  const parts: string[] = [e.type];
  const rec = e as unknown as Record<string, unknown>;
  if (typeof rec.server === 'number') parts.push(`s${rec.server}`);
  // A scale event says how many servers it adds or removes (the short chart label says +N / −N).
  if (e.type === 'scale-out' || e.type === 'scale-in') parts.push(`${e.type === 'scale-in' ? '−' : '+'}${e.count} server${e.count === 1 ? '' : 's'}`);
  if (e.type === 'scale-in' && e.drain > 0) parts.push(`(drained for ${formatDuration(e.drain)})`);
  // A partition cuts a node off from the others; it is not down (it may still take writes).
  if (typeof rec.downFor === 'number') parts.push(`(${e.type === 'store-partition' ? 'cut off' : 'down'} for ${formatDuration(rec.downFor)})`);
  if (rec.flush === true) parts.push('(comes back empty)');
  return parts.join(' ');
}

/** The scenario's arrival rate changes over the run (clients.phases or clients.profile). */
export function loadChanges(result: SimulationResult): boolean {
  const c = result.config?.clients;
  return c !== undefined && ((c.phases?.length ?? 0) > 0 || c.profile !== undefined);
}

/** The level (0…8) of `value` on a scale whose full block is `max`; anything above zero shows. */
function level(value: number, max: number): number {
  if (value <= 0 || max <= 0) return 0;
  return Math.max(1, Math.min(8, Math.round((value / max) * 8)));
}

/** Tick step (seconds) giving at most ~6 labelled ticks that do not collide. */
function tickStep(duration: number, secondsPerColumn: number): number {
  const steps = [10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
  for (const s of steps) {
    const spacing = s / secondsPerColumn;
    if (duration / s <= 6 && spacing >= 7) return s;
  }
  return Math.max(steps[steps.length - 1]!, Math.ceil(duration / 6));
}

export function renderTimeline(result: SimulationResult, events: readonly TimelineEvent[], options: TimelineOptions): string {
  const chalk: ChalkInstance = chalkFor(options.color);
  const g = options.ascii ? ASCII : UNICODE;
  const { duration } = result.scenario;
  const first = result.strategies[0];
  if (first === undefined) return '';
  const windows = first.timeline.requests.length;
  const window = first.timeline.window;
  // Stretch short runs so the strip uses the width: whole characters per window.
  const room = (options.width ?? 80) - GUTTER - 1;
  const scale = Math.max(1, Math.floor(room / windows));
  const columns = windows * scale;
  const secondsPerColumn = window / scale;
  const col = (t: number) => Math.min(columns - 1, Math.max(0, Math.floor(t / secondsPerColumn)));

  // One scale for every strategy and server, so strips compare by eye.
  let maxRate = 0;
  let maxLost = 0;
  for (const s of result.strategies) {
    for (const row of s.timeline.requests) for (const n of row) maxRate = Math.max(maxRate, n / window);
    for (const n of s.timeline.lost) maxLost = Math.max(maxLost, n);
  }

  // The axis: ticks with time labels, then the events numbered where they happen.
  const step = tickStep(duration, secondsPerColumn);
  const axis = Array.from({ length: columns }, () => g.axis);
  const labels = Array.from({ length: columns + 8 }, () => ' ');
  for (let t = 0; t <= duration; t += step) {
    const c = col(t);
    axis[c] = g.tick;
    const text = formatDuration(t).replace(/m00s$/, 'm').replace(/^0ms$/, '0');
    if (c + text.length <= labels.length) for (let k = 0; k < text.length; k++) labels[c + k] = text[k]!;
  }
  const expanded = expandTimeline(events);
  const marks = Array.from({ length: columns + 2 }, () => ' ');
  expanded.forEach((e, i) => {
    const c = col(e.at);
    const tag = String(i + 1);
    // Collisions keep the first event's number; the legend lists them all.
    if (marks[c] === ' ') for (let k = 0; k < tag.length && c + k < marks.length; k++) marks[c + k] = k === 0 ? tag[k]! : marks[c + k] === ' ' ? tag[k]! : marks[c + k]!;
  });
  const pad = (label: string) => label.padStart(GUTTER - 2).padEnd(GUTTER);

  const out: string[] = [];
  const full = g.levels[8]!;
  out.push(chalk.bold('Load over time') + ` (${formatDuration(duration)}; one column = ${formatDuration(secondsPerColumn)})`);
  const absentSomewhere = result.strategies.some((s) => serverPresence(s.timeline.uptime, window, s.events).some((row) => row.includes('absent')));
  out.push(chalk.dim(`Key: s0, s1, ... requests/s answered per server (${g.levels.slice(1).join('')} up to ${maxRate.toFixed(maxRate < 10 ? 1 : 0)}/s, ${g.down} down)`));
  if (absentSomewhere) out.push(chalk.dim(`     (blank)      the server does not exist: not launched yet, or removed`));
  out.push(chalk.dim(`     lost         users who came back to find their session gone (${maxLost > 0 ? `${full} = ${maxLost}` : 'none'})`));
  // The offered load, when it changes (phases, a profile): the same arrivals under every strategy.
  const offered = loadChanges(result) ? first.timeline.arrivals : null;
  const maxOffered = offered === null ? 0 : Math.max(0, ...offered) / window;
  if (offered !== null) out.push(chalk.dim(`     new/s        new sessions per second, the offered load (${full} = ${maxOffered.toFixed(maxOffered < 10 ? 1 : 0)}/s)`));
  // With an autoscaler: the fleet's size per window (servers paid for), on one scale for every strategy.
  const autoscaled = result.strategies.some((s) => s.metrics.fleet?.scaleOuts !== undefined);
  const maxFleet = Math.max(1, ...result.strategies.flatMap((s) => s.timeline.fleet ?? []));
  if (autoscaled) out.push(chalk.dim(`     fleet        servers paid for: booting, serving or draining (${full} = ${+maxFleet.toFixed(1)})`));
  // A login storm (clients.onSessionLoss): the logins, and where they land (the token service, the store).
  const storm = loginStormScales(result);
  if (storm !== null) {
    out.push(chalk.dim(`     login        logins of users who lost their session (${full} = ${storm.logins})`));
    if (storm.token > 0) out.push(chalk.dim(`     token        token service requests: logins and refreshes (${full} = ${storm.token})`));
    if (storm.store > 0) out.push(chalk.dim(`     store        session store operations (${full} = ${storm.store})`));
  }
  out.push('');
  const header = [pad('') + labels.join('').trimEnd(), pad('') + chalk.dim(axis.join(''))];
  if (expanded.length > 0) header.push(pad('') + chalk.yellow(marks.join('').trimEnd()));
  out.push(...header);
  if (offered !== null) out.push(pad('new/s') + chalk.cyan(offered.map((n) => g.levels[level(n / window, maxOffered)]!.repeat(scale)).join('').trimEnd()));

  for (const s of result.strategies) {
    // The strategy and where its state lives, cut to the width so the picture stays 80 columns.
    const where = `  (state ${s.stateLocation})`;
    const room = (options.width ?? 80) - s.name.length;
    const more = options.ascii ? '...' : '…';
    out.push(chalk.bold(s.name) + chalk.dim(where.length <= room ? where : `${where.slice(0, room - 1 - more.length)}${more})`));
    // A server that does not exist (not launched yet, removed) is blank; only a server that
    // exists and answers nothing is down. Slots no server ever used draw no strip.
    const presence = serverPresence(s.timeline.uptime, window, s.events);
    for (const i of serversThatExisted(presence)) {
      let strip = '';
      for (let k = 0; k < windows; k++) {
        const p = presence[k]?.[i] ?? 'up';
        const ch = p === 'absent' ? ' ' : p === 'down' ? chalk.red(g.down) : g.levels[level(s.timeline.requests[k]![i]! / window, maxRate)]!;
        strip += ch.repeat(scale);
      }
      out.push(pad(`s${i}`) + strip.trimEnd());
    }
    if (autoscaled) {
      // Servers paid for (booting, serving or draining) per window, against the most of any strategy.
      let fleet = '';
      for (let k = 0; k < windows; k++) fleet += g.levels[level(s.timeline.fleet[k] ?? 0, maxFleet)]!.repeat(scale);
      out.push(pad('fleet') + chalk.cyan(fleet.trimEnd()));
    }
    let lost = '';
    for (let k = 0; k < windows; k++) lost += g.levels[level(s.timeline.lost[k]!, maxLost)]!.repeat(scale);
    out.push(pad('lost') + chalk.red(lost.trimEnd()));
    if (storm !== null && s.timeline.logins.some((n) => n > 0)) {
      const strip = (series: readonly number[], max: number) => series.map((n) => g.levels[level(n, max)]!.repeat(scale)).join('').trimEnd();
      out.push(pad('login') + chalk.magenta(strip(s.timeline.logins, storm.logins)));
      if (s.timeline.tokenServiceOps.some((n) => n > 0)) out.push(pad('token') + chalk.magenta(strip(s.timeline.tokenServiceOps, storm.token)));
      if (s.timeline.storeOps.some((n) => n > 0)) out.push(pad('store') + chalk.magenta(strip(s.timeline.storeOps, storm.store)));
    }
  }
  if (expanded.length > 0) {
    out.push(pad('') + chalk.dim(axis.join('')), pad('') + labels.join('').trimEnd());
    out.push('');
    out.push(`${chalk.bold('Events')} (numbered on the time axis)`);
    expanded.forEach((e, i) => out.push(`  ${chalk.yellow(String(i + 1).padStart(2))}  t=${formatDuration(e.at)}  ${eventLabel(e)}`));
  }
  out.push('');
  return out.join('\n');
}

/**
 * The scales of the login-storm strips (the most per window among the strategies that had
 * logins), or null when nobody logged in again: scenarios without `onSessionLoss` draw as before.
 */
function loginStormScales(result: SimulationResult): { logins: number; token: number; store: number } | null {
  const stormed = result.strategies.filter((s) => (s.timeline.logins ?? []).some((n) => n > 0));
  if (stormed.length === 0) return null;
  const most = (pick: (s: (typeof stormed)[number]) => readonly number[]) => Math.max(0, ...stormed.flatMap((s) => pick(s)));
  return { logins: most((s) => s.timeline.logins), token: most((s) => s.timeline.tokenServiceOps), store: most((s) => s.timeline.storeOps) };
}
