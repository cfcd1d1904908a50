/**
 * Warnings about how far a result can be trusted: a measurement window too short for the
 * figures asked, a warm-up detector that could not settle. They go to stderr and into the
 * JSON document's `warnings` array; they never change a figure.
 */
import type { StrategyMetrics } from './run-metrics.js';

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
  const samples = Math.min(...runs.map((m) => m.requests - m.failedRequests));
  if (samples < MIN_LATENCY_SAMPLES) {
    out.push({
      code: 'few-latency-samples',
      strategy,
      message: `${strategy}: latency p99 from ${runs.length > 1 ? 'as few as ' : ''}${samples} successful requests${per} (under ${MIN_LATENCY_SAMPLES}): lengthen the run or shorten the warm-up`,
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

/** Below this share of the last measured stretch's population at the end of the warm-up, the window measures a ramp. */
export const RAMP_SHARE = 0.8;

/**
 * Sessions in progress still climbing when the warm-up ends (jwt-revocation's long visits:
 * Little's law puts the steady state at arrival rate × mean session length, reached only after
 * a few session lengths): the measured figures then average a ramp. Compares the mean of the
 * last warm-up window with the mean over the last fifth of the run (the timeline's windows).
 */
export function rampWarning(activeSessions: readonly number[], window: number, warmup: number, duration: number): RunWarning | null {
  const windows = Math.min(activeSessions.length, Math.floor(duration / window + 1e-9));
  const first = Math.floor(warmup / window + 1e-9);
  if (first < 1 || windows - first < 5) return null;
  const atWarmupEnd = activeSessions[first - 1]!;
  const tail = activeSessions.slice(windows - Math.max(1, Math.floor((windows - first) / 5)), windows);
  const late = tail.reduce((a, b) => a + b, 0) / tail.length;
  if (!(late > 0) || atWarmupEnd >= RAMP_SHARE * late) return null;
  return {
    code: 'warmup-ramp',
    message: `sessions in progress were still climbing when the warm-up ended: ${Math.round(atWarmupEnd)} on average in its last window, ${Math.round(activeSessions[windows - 1]!)} in the run's last; the measured window averages a ramp, not a steady state (lengthen the warm-up, or warmup: "auto")`,
  };
}
