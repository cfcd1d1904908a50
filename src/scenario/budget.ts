/**
 * The event sources of a run besides its requests, estimated from the configuration alone
 * (issue 14): each timer, failure process and per-session process of the model counted once,
 * so the event budget sees a run that would never end (servers failing every microsecond, a
 * million IP changes a second, an Envoy sweep every nanosecond, thousands of servers added).
 * Every term is an expectation (or an upper bound where the model only sometimes schedules);
 * what matters is the order of magnitude, and that no source is missing.
 */
import { makeDistribution } from '../engine/distributions.js';
import type { SimulationConfig, StrategyConfig } from '../model/config.js';

/** One source and its expected events over one strategy's run. */
export interface EventSource {
  /** The field that drives it, as the scenario writes it ("servers.failures", "events"). */
  source: string;
  events: number;
}

/** Slow start ramps a started server's weight in at most 20 steps (fleet.ts slowStartStep). */
const SLOW_START_STEPS = 20;
/** Redis's active expire cycle runs 10 times a second (`hz 10`; session-store.ts). */
const EXPIRE_CYCLES_PER_SECOND = 10;
/** Fleet bookkeeping per server a scale or restart event touches: start, drain, stop, remove. */
const FLEET_EVENTS_PER_SERVER = 4;

/** Mean of a distribution spec; +∞ when it cannot be sampled (the budget then refuses the run). */
export function mean(spec: Parameters<typeof makeDistribution>[0]): number {
  try {
    return makeDistribution(spec).mean;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** Random server failures expected over the run (servers.failures): slots × duration ÷ (mtbf + mttr); 0 without them. */
export function expectedFailures(config: SimulationConfig): number {
  const f = config.servers.failures;
  if (f === null) return 0;
  const cycle = mean(f.timeBetweenFailures) + mean(f.timeToRepair);
  return cycle > 0 ? (serverSlotsOf(config) * config.duration) / cycle : Number.POSITIVE_INFINITY;
}

/** Server slots over the run: the initial servers plus every one a scale-out adds. */
export function serverSlotsOf(config: SimulationConfig): number {
  let slots = config.servers.count;
  for (const e of config.events) if (e.type === 'scale-out') slots += e.count;
  return slots;
}

/**
 * Expected events of the sources every strategy shares: health checks and passive sweeps
 * (one per interval per slot), server failure cycles, IP changes of mobile users, the
 * timeline and what its scale and restart events set off.
 */
export function sharedEventSources(config: SimulationConfig, sessions: number, sessionLength: number): EventSource[] {
  const T = config.duration;
  const lb = config.loadBalancer;
  const slots = serverSlotsOf(config);
  const out: EventSource[] = [];
  if (lb.healthCheck.enabled) out.push({ source: 'loadBalancer.healthCheck.interval', events: (slots * T) / lb.healthCheck.interval });
  if (lb.passive.type === 'envoy') out.push({ source: 'loadBalancer.passive.interval', events: T / lb.passive.interval });
  const f = config.servers.failures;
  if (f !== null) {
    // Each cycle: a failure, a repair and the slow-start ramp after it.
    const cycle = mean(f.timeBetweenFailures) + mean(f.timeToRepair);
    const perCycle = 2 + (lb.slowStart > 0 ? SLOW_START_STEPS : 0);
    out.push({ source: 'servers.failures', events: cycle > 0 ? (slots * T * perCycle) / cycle : Number.POSITIVE_INFINITY });
  }
  const net = config.clients.network;
  if (net.ipChangeRate > 0 && net.mobileShare > 0) {
    // Address changes are drawn as a Poisson process per mobile session, over its lifetime.
    out.push({ source: 'clients.network.ipChangeRate', events: sessions * net.mobileShare * net.ipChangeRate * Math.min(sessionLength, T) });
  }
  let touched = 0;
  let servers = config.servers.count;
  for (const e of config.events) {
    if (e.type === 'scale-out') {
      servers += e.count;
      touched += e.count;
    } else if (e.type === 'scale-in') touched += e.count;
    else if (e.type === 'rolling-restart') touched += servers;
  }
  const a = config.autoscaler;
  if (a !== undefined && a !== null) {
    // One evaluation per sync period (HPA) or metric period (target tracking); each may launch or
    // retire servers (their bookkeeping), and servers up to maxReplicas are health-checked.
    const every = a.type === 'hpa' ? a.syncPeriod : a.period;
    const extraSlots = Math.max(0, a.maxReplicas - config.servers.count);
    const checks = lb.healthCheck.enabled ? (extraSlots * T) / lb.healthCheck.interval : 0;
    out.push({ source: 'autoscaler', events: every > 0 ? (T / every) * (1 + FLEET_EVENTS_PER_SERVER) + checks : Number.POSITIVE_INFINITY });
  }
  if (config.events.length > 0) {
    // Each server started or stopped also recounts the balancer's pool, a pass over every slot
    // (server-pool.ts recount): with thousands of servers that work, not the events, dominates
    // (20 scale-outs of 1 000 servers: 4·10^8 steps), so it is counted as events of work.
    const perServer = FLEET_EVENTS_PER_SERVER + (lb.slowStart > 0 ? SLOW_START_STEPS : 0);
    out.push({ source: 'events', events: config.events.length + touched * (perServer + slots) });
  }
  return out;
}

/**
 * Expected events a strategy adds besides its requests: token refreshes of a JWT strategy (a
 * request to the token service and its reply, once per access-token lifetime of a session) and
 * the store's expire cycle and replication of a strategy with a store.
 */
export function strategyEventSources(st: StrategyConfig, config: SimulationConfig, sessions: number, sessionLength: number, requests: number): EventSource[] {
  const T = config.duration;
  const out: EventSource[] = [];
  if (st.type === 'jwt') {
    const every = st.accessTtl - st.refreshBefore;
    out.push({ source: `strategies[${st.name}].accessTtl`, events: every > 0 ? (2 * sessions * Math.min(sessionLength, T)) / every : Number.POSITIVE_INFINITY });
  }
  if (st.type !== 'sticky' && st.type !== 'jwt') {
    const store = st.store ?? config.store;
    out.push({ source: 'store (expire cycle)', events: T * EXPIRE_CYCLES_PER_SECOND });
    // Each save reaches every replica: one event per replica per write (at most one write per request).
    if (store.replicas > 0) out.push({ source: 'store.replicas', events: requests * store.replicas });
  }
  return out;
}
