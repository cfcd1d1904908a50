/**
 * Warnings about how far a result can be trusted: a measurement window too short for the
 * figures asked, a warm-up detector that could not settle. They go to stderr and into the
 * JSON document's `warnings` array; they never change a figure.
 */
import { makeDistribution } from '../engine/distributions.js';
import { rateOf, rateSegments } from '../model/arrivals.js';
import type { SimulationConfig } from '../model/config.js';
import { answeredRequests, type StrategyMetrics, type Timeline } from './strategy-metrics.js';
import { timelineWindow, windowEndingAt } from './timeline-window.js';

export interface RunWarning {
  /** Stable identifier, e.g. "few-latency-samples". */
  code: string;
  /** The strategy it concerns, when it concerns one. */
  strategy?: string;
  message: string;
}

/**
 * A p99 from n samples rests on the ~n/100 slowest ones: under 1000 samples that is fewer than
 * 10, and the estimate moves by tens of percent from run to run.
 */
export const MIN_LATENCY_SAMPLES = 1000;
/** A loss rate from fewer than 100 sessions cannot resolve anything below 1%. */
export const MIN_SESSIONS = 100;

/**
 * Warnings for figures measured from too little: checked on each run (each replication), since
 * a per-run p99 or loss rate is what is reported and averaged. `runs` are one strategy's.
 */
export function windowWarnings(strategy: string, runs: readonly StrategyMetrics[]): RunWarning[] {
  const out: RunWarning[] = [];
  if (runs.length === 0) return out;
  const per = runs.length > 1 ? ' per replication' : '';
  const samples = Math.min(...runs.map(answeredRequests));
  if (samples < MIN_LATENCY_SAMPLES) {
    out.push({
      code: 'few-latency-samples',
      strategy,
      message:
        samples === 0
          ? `${strategy}: no request succeeded${runs.length > 1 ? ' in some replication' : ''}: its latency figures have no value (the JSON's 0), and a latency target fails`
          : `${strategy}: latency p99 from ${runs.length > 1 ? 'as few as ' : ''}${samples} successful requests${per} (under ${MIN_LATENCY_SAMPLES}): lengthen the run or shorten the warm-up`,
    });
  }
  const sessions = Math.min(...runs.map((m) => m.sessions));
  if (sessions < MIN_SESSIONS) {
    out.push({
      code: 'few-sessions',
      strategy,
      message: `${strategy}: session loss rate from ${runs.length > 1 ? 'as few as ' : ''}${sessions} sessions${per} (under ${MIN_SESSIONS}): lengthen the run or raise the arrival rate`,
    });
  }
  return out;
}

/** Below this share of Little's-law steady state (beyond Poisson noise) the warm-up ended on a ramp. */
export const STEADY_SHARE = 0.9;
/** Standard deviations of Poisson noise allowed below STEADY_SHARE · L before warning. */
export const NOISE_SIGMAS = 3;

export interface SteadyState {
  /** New sessions per second at the end of the warm-up (λ; phases and profile: the rate then). */
  arrivalRate: number;
  /** Mean visit length in seconds (W): (requests − 1) · (think + service) + service, queueing ignored as in estimateRun. */
  sessionLength: number;
  /** L = λ·W, the mean number of sessions in progress once steady (Little's law). */
  sessions: number;
  /** Below this count at the end of the warm-up the warning fires. */
  threshold: number;
}

/**
 * The steady state the warm-up should have reached, from the configuration alone. Sessions in
 * progress form an M/G/∞ system: once steady their count is Poisson with mean L = λ·W, so its
 * standard deviation is √L. Starting empty, the mean count after t is L·(1 − e^(−t/W)) for
 * exponential visits: 3 visit lengths reach 95 %. What is measured is the mean over the
 * timeline window [a, b) that holds the warm-up's end (activeAtWarmupEnd), so the bar is what a
 * warm-up that just reaches 90 % of L at its end would average there: on the curve
 * L·(1 − e^(−t/τ)) with τ = warmup / ln 10 (90 % at the end), the window mean is
 * m = L·(1 − τ/(b − a)·(e^(−a/τ) − e^(−b/τ))) — 0.9 L for a window short against the warm-up,
 * 0.61 L for one window holding the whole warm-up (server-crash at 150 min: 300 s windows,
 * a 5 min warm-up). The warning fires when the count is below m − 3√m: clearly short rather
 * than a draw 3 σ low (the count is a window mean, less noisy still). Below L = 10 that bound
 * is ≤ 0: a short warm-up cannot be told from noise, so nothing fires.
 */
export function steadyState(config: SimulationConfig, at: number = config.warmup): SteadyState {
  const curve = rateSegments(config.clients, config.duration);
  const arrivalRate = curve === null ? config.clients.arrivalRate : rateOf(curve, at);
  const requests = makeDistribution(config.clients.requestsPerSession).mean;
  const service = makeDistribution(config.servers.serviceTime).mean;
  const think = makeDistribution(config.clients.thinkTime).mean;
  const sessionLength = Math.max(0, requests - 1) * (think + service) + service;
  const sessions = arrivalRate * sessionLength;
  const m = rampShareOfWindow(at, timelineWindow(config.duration), config.duration) * sessions;
  return { arrivalRate, sessionLength, sessions, threshold: m - NOISE_SIGMAS * Math.sqrt(m) };
}

/**
 * The mean over the timeline window holding `end` of a ramp 1 − e^(−t/τ) that reaches
 * STEADY_SHARE at `end` (τ = end / ln(1 / (1 − STEADY_SHARE))), as a share of its limit.
 */
export function rampShareOfWindow(end: number, window: number, duration: number): number {
  if (!(end > 0)) return STEADY_SHARE;
  const k = windowEndingAt(end, window);
  const a = k * window;
  const b = Math.min((k + 1) * window, Math.max(duration, end));
  const tau = end / Math.log(1 / (1 - STEADY_SHARE));
  if (!(b - a > 1e-9 * tau)) return STEADY_SHARE;
  return 1 - (tau / (b - a)) * (Math.exp(-a / tau) - Math.exp(-b / tau));
}

/**
 * Sessions in progress at the end of the warm-up (the mean over its last timeline window)
 * against Little's law: `warmup-ramp` when still climbing, with what a steady warm-up needs.
 */
export function littleRampWarning(config: SimulationConfig, activeAtWarmupEnd: number): RunWarning | null {
  const steady = warmupSteadyState(config);
  return steady === null ? null : rampWarningAgainst(steady, activeAtWarmupEnd);
}

/** The steady state a run's warm-up should reach; null without a warm-up (nothing to judge). */
export function warmupSteadyState(config: SimulationConfig): SteadyState | null {
  return config.warmup > 0 ? steadyState(config) : null;
}

/** `warmup-ramp` when the count at the end of the warm-up is below the steady state's threshold. */
export function rampWarningAgainst(steady: SteadyState, activeAtWarmupEnd: number): RunWarning | null {
  if (!(activeAtWarmupEnd < steady.threshold)) return null;
  return {
    code: 'warmup-ramp',
    message: `active sessions were still climbing at the end of the warm-up: ${Math.round(activeAtWarmupEnd)} of ≈${Math.round(steady.sessions)} expected (Little's law: ${round2(steady.arrivalRate)}/s × ${Math.round(steady.sessionLength)} s visits); the measured window averages a ramp — a warm-up of 3 visit lengths (${Math.ceil((3 * steady.sessionLength) / 60)}m) reaches 95 %`,
  };
}

/**
 * Mean sessions in progress over the last timeline window of the warm-up (the window its end
 * falls in), as the timeline records it; null without a warm-up.
 */
export function activeAtWarmupEnd(timeline: Pick<Timeline, 'window' | 'activeSessions'>, warmup: number): number | null {
  if (!(warmup > 0)) return null;
  return timeline.activeSessions[windowEndingAt(warmup, timeline.window)] ?? null;
}

/**
 * A run's `warmup-ramp` warning, from its first strategy's timeline (the arrivals are the same
 * under every strategy, common random numbers). `config.warmup` must be the one measured after
 * (the chosen one under warmup: "auto"). The run's warnings and `explain` both read this.
 */
export function runRampWarning(config: SimulationConfig, strategies: readonly { timeline: Pick<Timeline, 'window' | 'activeSessions'> }[]): RunWarning | null {
  const first = strategies[0];
  if (first === undefined) return null;
  const active = activeAtWarmupEnd(first.timeline, config.warmup);
  return active === null ? null : littleRampWarning(config, active);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
