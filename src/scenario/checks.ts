/**
 * Sanity of a resolved scenario beyond its schema: how heavy the run will be (offered load,
 * simulated events) and what is legal but probably not meant (warnings). Pure arithmetic on
 * the configuration; nothing is simulated here.
 */
import { makeDistribution, type DistributionSpec } from '../engine/distributions.js';
import { expectedArrivals, peakRate, rateSegments } from '../model/arrivals.js';
import type { SimulationConfig, StrategyConfig } from '../model/config.js';
import { formatDuration } from './units.js';
import { EventBudgetError, ScenarioError, type ScenarioWarning } from './errors.js';
import { expectedFailures, mean, serverSlotsOf, sharedEventSources, strategyEventSources, type EventSource } from './budget.js';

/**
 * Default event budget: 50 M simulated events is about 15 s of wall time on a 2-core
 * machine (the engine does ≈ 4 M events/s, `npm run bench`); every built-in scenario
 * needs under 1.5 M.
 */
export const DEFAULT_MAX_EVENTS = 50_000_000;

export interface RunEstimate {
  /** New sessions per second: arrivalRate, or the peak of phases and profile. */
  peakArrivalRate: number;
  /** Requests per second offered to the servers at that rate: peakArrivalRate × E[requests per session]. */
  requestsPerSecond: number;
  /** Busy workers the offered load needs: requestsPerSecond × E[service time]. */
  busyWorkers: number;
  /** Workers in the pool: servers × workers. */
  capacity: number;
  /** Utilisation ρ = busyWorkers / capacity (offered load ÷ capacity). */
  utilisation: number;
  /** Sessions started over the run. */
  sessions: number;
  /** Requests sent over the run (a session starting late has not sent them all). */
  requests: number;
  /** Simulated events over all strategies. */
  events: number;
  /** Per strategy, in order. */
  eventsPerStrategy: number[];
  /** Per strategy, the sources of its events (requests first), for saying what makes a run big. */
  sources: EventSource[][];
}

/** E[X] and E[X²] of a distribution spec (counts are rounded to ≥ 1 by the model, ignored here). */
function moments(spec: DistributionSpec): { mean: number; second: number } {
  switch (spec.dist) {
    case 'constant':
      return { mean: spec.value, second: spec.value ** 2 };
    case 'geometric': {
      // On 1, 2, 3 … with p = 1/mean: E[X²] = (2 − p)/p².
      const p = 1 / spec.mean;
      return { mean: spec.mean, second: (2 - p) / (p * p) };
    }
    case 'uniform':
      return { mean: (spec.min + spec.max) / 2, second: (spec.min ** 2 + spec.min * spec.max + spec.max ** 2) / 3 };
    case 'exponential':
      return { mean: spec.mean, second: 2 * spec.mean ** 2 };
    case 'lognormal':
      return { mean: Math.exp(spec.mu + spec.sigma ** 2 / 2), second: Math.exp(2 * spec.mu + 2 * spec.sigma ** 2) };
    case 'empirical': {
      const w = spec.weights ?? spec.values.map(() => 1);
      const total = w.reduce((a, b) => a + b, 0) || 1;
      return {
        mean: spec.values.reduce((a, v, i) => a + v * w[i]!, 0) / total,
        second: spec.values.reduce((a, v, i) => a + v * v * w[i]!, 0) / total,
      };
    }
  }
}

/**
 * Simulated events per request of a strategy: the client's send (the session's arrival,
 * for its first request) and the service's end, plus, when state lives in a store, two
 * operations (load and save) of two events each (its arrival at the node, served in arrival
 * order, and its reply); a token strategy adds its login at the token service. Types added later
 * count as the heaviest we know, so the estimate errs on the safe side.
 */
function eventsPerRequest(st: StrategyConfig, requestsPerSession: number): number {
  switch (st.type) {
    case 'sticky':
      return 2;
    case 'jwt':
      // One login per session at the token service: its arrival and its reply.
      return 2 + 2 / Math.max(1, requestsPerSession);
    default:
      return 6;
  }
}

/** The most servers the run can have at once for the offered-load check: servers.count, or the autoscaler's maxReplicas. */
function fleetCeiling(config: SimulationConfig): number {
  return config.autoscaler == null ? config.servers.count : Math.max(config.servers.count, config.autoscaler.maxReplicas);
}

/** How heavy a run will be, from the configuration alone. */
export function estimateRun(config: SimulationConfig): RunEstimate {
  const n = moments(config.clients.requestsPerSession);
  const service = makeDistribution(config.servers.serviceTime).mean;
  const think = makeDistribution(config.clients.thinkTime).mean;
  const T = config.duration;
  // A rate that changes (phases, profile): the load at its peak, the sessions it brings in all.
  const curve = rateSegments(config.clients, T);
  const peak = curve === null ? config.clients.arrivalRate : peakRate(curve);
  const requestsPerSecond = peak * n.mean;
  const busyWorkers = requestsPerSecond * service;
  // With an autoscaler the fleet can grow to maxReplicas: that is the capacity to compare with.
  const capacity = fleetCeiling(config) * config.servers.workers;
  const sessions = curve === null ? config.clients.arrivalRate * T : expectedArrivals(curve, 0, T);
  // Request k of a session is sent (k−1)·(think + service) after it starts, so sessions that
  // start near the end have not sent all of theirs: Σ(k−1) = n(n−1)/2 gaps go missing per
  // session on average, i.e. λ·gap·E[n(n−1)]/2 requests, at most half of them all.
  const gap = think + service;
  const meanRate = curve === null ? config.clients.arrivalRate : sessions / Math.max(T, 1e-9);
  const missing = Math.min((meanRate * gap * (n.second - n.mean)) / 2, (sessions * n.mean) / 2);
  const requests = Math.max(0, sessions * n.mean - missing);
  // Every other source of events (timers, failures, IP changes, the timeline, tokens, the store).
  const sessionLength = Math.max(0, n.mean - 1) * gap + service;
  const shared = sharedEventSources(config, sessions, sessionLength);
  const sources: EventSource[][] = config.strategies.map((st) => [
    { source: 'requests', events: requests * eventsPerRequest(st, n.mean) },
    ...shared,
    ...strategyEventSources(st, config, sessions, sessionLength, requests),
  ]);
  const eventsPerStrategy = sources.map((list) => list.reduce((a, x) => a + x.events, 0)).map((x) => (Number.isFinite(x) ? Math.round(x) : Number.POSITIVE_INFINITY));
  return {
    peakArrivalRate: peak,
    requestsPerSecond,
    busyWorkers,
    capacity,
    utilisation: busyWorkers / capacity,
    sessions,
    requests,
    events: eventsPerStrategy.reduce((a, b) => a + b, 0),
    eventsPerStrategy,
    sources,
  };
}

/** A count for a message: digits with separators; beyond 10^15 (or not finite) in words, never "NaN" or "Infinity". */
export function formatCount(x: number): string {
  if (!Number.isFinite(x) || x >= 1e15) return 'more than 10^15';
  return Math.round(x).toLocaleString('en-US');
}

/** "about 1,234", or "more than 10^15" without the "about" (it says so itself). */
function about(x: number): string {
  const text = formatCount(x);
  return text.startsWith('more than') ? text : `about ${text}`;
}

/** Refuse a run that would exceed `maxEvents` simulated events, saying how big it is, what makes it so, and how to raise the limit. */
export function checkEventBudget(config: SimulationConfig, source: string, maxEvents = DEFAULT_MAX_EVENTS): void {
  checkDrawnFailures(config, source);
  const e = estimateRun(config);
  if (e.events <= maxEvents) return;
  // The largest source of the heaviest strategy, when it is not the requests themselves.
  const heaviest = e.sources[e.eventsPerStrategy.indexOf(Math.max(...e.eventsPerStrategy))] ?? [];
  const top = [...heaviest].sort((a, b) => b.events - a.events)[0];
  const because = top !== undefined && top.source !== 'requests' ? `, mostly from ${top.source} (${about(top.events)} events per strategy)` : '';
  const raise = 10 ** Math.ceil(Math.log10(e.events));
  const raisable = Number.isSafeInteger(raise);
  throw new EventBudgetError(source, {
    path: top !== undefined && top.source !== 'requests' && /^[a-z][\w.]*$/i.test(top.source) ? top.source : '',
    expected: `a run within the event budget of ${formatCount(maxEvents)} simulated events`,
    found: `${about(e.events)} events (${config.strategies.length} ${config.strategies.length === 1 ? 'strategy' : 'strategies'} × ${about(e.requests)} requests from ${formatCount(e.sessions)} sessions${because})`,
    hint: raisable
      ? `raise the budget with --max-events ${raise} if you mean it, or shorten duration, lower clients.arrivalRate or run fewer --strategies`
      : `no budget can hold it: ${top !== undefined && top.source !== 'requests' ? `change ${top.source}, ` : ''}shorten duration or lower clients.arrivalRate`,
  });
}

/**
 * Random server failures expected at most (servers.failures): every one is drawn before the run
 * starts and waits in the event queue, which holds 4,194,304 pending events (src/engine/event-queue.ts);
 * a million leaves room for the rest. No --max-events raises it.
 */
export const MAX_DRAWN_FAILURES = 1_000_000;

function checkDrawnFailures(config: SimulationConfig, source: string): void {
  const n = expectedFailures(config);
  if (!(n > MAX_DRAWN_FAILURES)) return;
  const f = config.servers.failures!;
  const cycle = `${describeMean(f.timeBetweenFailures)} between failures + ${describeMean(f.timeToRepair)} to repair`;
  throw new EventBudgetError(source, {
    path: 'servers.failures.mtbf',
    expected: `at most ${formatCount(MAX_DRAWN_FAILURES)} random failures in the run (each is drawn before it starts and waits in the event queue)`,
    found: Number.isFinite(n) ? `about ${formatCount(n)} (${serverSlotsLabel(config)} × ${formatDuration(config.duration)} ÷ (${cycle}))` : `failures without end (${cycle})`,
    hint: 'lengthen servers.failures.mtbf (real servers fail after days or months) or shorten duration',
  });
}

function describeMean(spec: DistributionSpec): string {
  const m = mean(spec);
  return Number.isFinite(m) ? formatDuration(m) : 'no mean';
}

function serverSlotsLabel(config: SimulationConfig): string {
  const added = serverSlotsOf(config) - config.servers.count;
  return `${config.servers.count}${added > 0 ? ` + ${added} added` : ''} servers`;
}

/** Legal but probably unintended: the run still happens; the CLI prints these on stderr. */
export function scenarioWarnings(config: SimulationConfig): ScenarioWarning[] {
  const warnings: ScenarioWarning[] = [];
  const e = estimateRun(config);
  // ρ ≥ 1 exactly, not as floating point computes it: a lognormal of mean 400ms given by its
  // sigma has a mean of 0.39999999999999997 s, and ρ = 1 − 1e-16 is still saturation.
  if (e.utilisation >= 1 - UTILISATION_TOLERANCE) {
    const service = makeDistribution(config.servers.serviceTime).mean;
    warnings.push({
      path: 'clients.arrivalRate',
      message:
        `utilisation ${e.utilisation.toFixed(2)} ≥ 1: the servers are offered more work than they can do ` +
        `(${+e.peakArrivalRate.toPrecision(4)} sessions/s${rateSegments(config.clients, config.duration) === null ? '' : ' at the peak'} × ${+moments(config.clients.requestsPerSession).mean.toPrecision(4)} requests × ${formatDuration(service)} of service = ` +
        `${+e.busyWorkers.toPrecision(4)} busy workers needed, ${fleetCeiling(config)} servers${config.autoscaler == null ? '' : ' (autoscaler.maxReplicas)'} × ${config.servers.workers} workers = ${e.capacity} available); ` +
        'queues grow without bound until they are full, then requests are refused (queue-full), and the latency figures describe an overloaded system',
    });
  }
  const usesStore = config.strategies.some((s) => s.type !== 'sticky' && s.type !== 'jwt');
  // Follow each server's state through the events (as the world expands them) to spot no-ops.
  const down = new Set<number>();
  const timeline = [...config.events]
    .flatMap((ev, index) => {
      const out: { at: number; type: string; server?: number; index: number }[] = [];
      out.push({ at: ev.at, type: ev.type, ...('server' in ev ? { server: ev.server as number } : {}), index });
      if (ev.type === 'server-crash' && ev.downFor !== null) out.push({ at: ev.at + ev.downFor, type: 'server-recover', server: ev.server, index: -1 });
      return out;
    })
    .sort((a, b) => a.at - b.at);
  for (const ev of timeline) {
    const path = `events[${ev.index}]`;
    if (ev.index >= 0 && ev.at < config.warmup) {
      warnings.push({ path: `${path}.at`, message: `${ev.type} at ${formatDuration(ev.at)} happens during the warm-up (${formatDuration(config.warmup)}), whose figures are not counted; most of its effect will not show in the table` });
    }
    if (ev.index >= 0 && (ev.type === 'store-outage' || ev.type === 'store-recover') && !usesStore) {
      warnings.push({ path: `${path}.type`, message: `${ev.type} has no effect: no strategy of this scenario keeps sessions in the store` });
    }
    if (ev.server === undefined) continue;
    if (ev.type === 'server-crash') {
      if (down.has(ev.server) && ev.index >= 0) warnings.push({ path, message: `server-crash of s${ev.server} at ${formatDuration(ev.at)} does nothing: s${ev.server} is already down then` });
      down.add(ev.server);
    } else if (ev.type === 'server-recover') {
      if (!down.has(ev.server) && ev.index >= 0) warnings.push({ path, message: `server-recover of s${ev.server} at ${formatDuration(ev.at)} does nothing: s${ev.server} is not down then` });
      down.delete(ev.server);
    }
  }
  const think = makeDistribution(config.clients.thinkTime).mean;
  if (think >= config.servers.sessionIdleTimeout) {
    warnings.push({ path: 'servers.sessionIdleTimeout', message: `the mean think time (${formatDuration(think)}) is not shorter than the idle timeout (${formatDuration(config.servers.sessionIdleTimeout)}): most sessions will expire between two clicks` });
  }
  // A generated timeline can set off thousands: the first ones and a count of the rest.
  if (warnings.length > MAX_WARNINGS) return [...warnings.slice(0, MAX_WARNINGS), { path: '', message: `… and ${warnings.length - MAX_WARNINGS} more warnings like these` }];
  return warnings;
}

/** Relative rounding error allowed in ρ = λ·E[n]·E[S] / capacity (a few ulps of each factor). */
export const UTILISATION_TOLERANCE = 1e-9;

/** At most this many warnings are listed. */
export const MAX_WARNINGS = 20;

export function formatWarning(w: ScenarioWarning): string {
  return `warning: ${w.path ? `at ${w.path}: ` : ''}${w.message}`;
}

/**
 * A sweep's or a plan's point must be measured like its neighbours: `warmup: "auto"` would let
 * pilot runs choose a warm-up per point. Throws the problem, naming the point (`source`).
 */
export function requireFixedWarmup(config: SimulationConfig, source: string, what: 'sweep' | 'plan', example: string): void {
  if (config.autoWarmup !== true) return;
  throw new ScenarioError(source, [
    { path: 'warmup', expected: `a fixed warm-up in a ${what}, e.g. --set warmup=${example} (run --replications 10 on the heaviest point shows what warmup: auto would pick)`, found: '"auto"' },
  ]);
}
