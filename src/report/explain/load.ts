/** Explain's words for the offered load: the phases or profile the scenario asks for, and what arrived. */
import { expectedArrivals, peakRate, rateSegments } from '../../model/arrivals.js';
import type { ClientConfig, LoadPhase, SimulationConfig } from '../../model/config.js';
import type { SimulationResult } from '../../experiment/simulate.js';
import { formatDuration } from '../../scenario/units.js';
import { listWords } from './words.js';

const rate = (x: number) => `${+x.toPrecision(4)}/s`;
const hour = (h: number) => `${String(Math.floor(h)).padStart(2, '0')}:${String(Math.round((h % 1) * 60)).padStart(2, '0')}`;

function phaseWords(p: LoadPhase): string {
  const name = p.name === null ? '' : `${p.name}: `;
  if (p.arrivalRate === 0 && (p.rampTo ?? 0) === 0) return `${name}a pause of ${formatDuration(p.duration)}`;
  if (p.rampTo === null || p.rampTo === p.arrivalRate) return `${name}${formatDuration(p.duration)} at ${rate(p.arrivalRate)}`;
  return `${name}${formatDuration(p.duration)} ramping from ${rate(p.arrivalRate)} to ${rate(p.rampTo)}`;
}

/** The arrivals the scenario asks for, as the setup paragraph says them. */
export function loadSetupWords(clients: ClientConfig, duration: number): string {
  const { phases, profile } = clients;
  let text: string;
  if (phases !== undefined && phases.length > 0) {
    const end = phases.reduce((t, p) => t + p.duration, 0);
    text = `new sessions in ${phases.length} ${phases.length === 1 ? 'phase' : 'phases'} (${listWords(phases.map(phaseWords))})`;
    if (end < duration) text += `, none after ${formatDuration(end)} (as Artillery stops after its last phase)`;
  } else if (profile?.type === 'diurnal') {
    const dayLength = 86400 / profile.timeScale;
    text =
      `new sessions on a daily curve peaking at ${rate(clients.arrivalRate)} at ${hour(profile.peakHour)} and falling to ${rate(clients.arrivalRate / profile.peakToTrough)} twelve hours away, ` +
      `the clock starting at ${hour(profile.startHour)}${profile.timeScale === 1 ? '' : ` and running ${+profile.timeScale.toPrecision(4)} times fast (a day in ${formatDuration(dayLength)})`}`;
  } else {
    text = `${+clients.arrivalRate.toPrecision(4)} new sessions per second`;
  }
  if (profile?.type === 'spike') text += `, with a flash crowd of ${+profile.factor.toPrecision(4)}× from ${formatDuration(profile.at)} for ${formatDuration(profile.duration)}`;
  return text;
}

/** When the load changes: where it peaked and how many came, against what the curve asks for. */
export function offeredLoadSentence(result: SimulationResult, config: SimulationConfig): string | null {
  const curve = rateSegments(config.clients, config.duration);
  const first = result.strategies[0];
  if (curve === null || first === undefined) return null;
  const { window, arrivals } = first.timeline;
  let busiest = 0;
  arrivals.forEach((n, k) => {
    if (n > arrivals[busiest]!) busiest = k;
  });
  const started = arrivals.reduce((a, b) => a + b, 0);
  const expected = expectedArrivals(curve, 0, config.duration);
  return (
    `Offered load: ${started} sessions started over the run where the curve asks for ${Math.round(expected)} (a Poisson count, ± ${Math.round(2 * Math.sqrt(expected))} at 95%); ` +
    `the busiest ${formatDuration(window)} window, from ${formatDuration(busiest * window)}, brought ${rate((arrivals[busiest] ?? 0) / window)} against a peak rate of ${rate(peakRate(curve))}. ` +
    'Every strategy sees the same arrivals (their own random stream), so the differences below are the strategies\'.'
  );
}

/** With onSessionLoss relogin/abandon: who logged in again (and when the storm peaked), who left. */
export function reloginSentence(result: SimulationResult, config: SimulationConfig): string | null {
  const mode = config.clients.onSessionLoss ?? 'continue';
  if (mode === 'continue') return null;
  const rows = result.strategies.map((s) => {
    const { window, logins } = s.timeline;
    let peak = 0;
    logins.forEach((n, k) => {
      if (n > logins[peak]!) peak = k;
    });
    // Where the storm's window landed: the token service and the store, against their usual window.
    const landed: string[] = [];
    const token = s.timeline.tokenServiceOps ?? [];
    const store = s.timeline.storeOps ?? [];
    if (token.some((n) => n > 0)) landed.push(`the token service took ${token[peak] ?? 0} requests against a median of ${windowMedian(token)} per window`);
    if (store.some((n) => n > 0)) {
      const first = landed.length === 0;
      landed.push(`the store ${first ? 'took ' : ''}${store[peak] ?? 0} operations against a median of ${windowMedian(store)}${first ? ' per window' : ''}`);
    }
    return { name: s.name, relogins: s.metrics.relogins, abandoned: s.metrics.abandonedSessions, peak: logins[peak] ?? 0, at: peak * window, window, landed };
  });
  const busy = rows.filter((r) => r.relogins > 0 || r.abandoned > 0);
  const none = rows.filter((r) => r.relogins === 0 && r.abandoned === 0).map((r) => r.name);
  if (busy.length === 0) return `Users who lose their session ${mode === 'relogin' ? 'log in again' : 'leave or log in again'}, but nobody lost one.`;
  const told = busy.map((r) => {
    const left = r.abandoned > 0 ? `, ${r.abandoned} left instead (lost conversions)` : '';
    const landed = r.landed.length > 0 && r.peak > 0 ? `, when ${listWords(r.landed)}` : '';
    return `${r.relogins} under ${r.name} (at most ${r.peak} in the ${formatDuration(r.window)} from ${formatDuration(r.at)}${landed})${left}`;
  });
  return (
    `Users who lost their session logged in again (each login one more request, ${formatDuration(config.clients.relogin?.serviceTime.dist === 'constant' ? config.clients.relogin.serviceTime.value : 0.075)} of password check on a server that writes the new session, a token issue for jwt): ` +
    `${listWords(told)}${none.length > 0 ? `; none under ${listWords(none)}` : ''} (table window).`
  );
}

/** The median of a per-window series (the usual window, robust to the storm and the outage). */
export function windowMedian(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const n = sorted.length;
  return n === 0 ? 0 : n % 2 === 1 ? sorted[(n - 1) / 2]! : Math.round((sorted[n / 2 - 1]! + sorted[n / 2]!) / 2);
}
