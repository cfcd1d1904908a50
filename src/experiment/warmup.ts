/**
 * `warmup: "auto"`: find where the start-up transient ends, before measuring.
 *
 * A run starts empty (no sessions, idle servers), so its first minutes are not the steady
 * state a capacity planner asks about. Pilot runs — PILOT_RUNS of them, each running every
 * strategy from its own pilot seed with no warm-up — record per-window series of the mean
 * latency and of the sessions in progress (TransientRecorder). The series of the pilots are
 * averaged window by window (Welch's method: averaging independent runs damps the noise but
 * keeps the transient), and MSER-5 (White 1997; src/metrics/statistics.ts) picks the
 * truncation point of each series of each strategy. The warm-up is the largest of them, so
 * every strategy and both series have settled, and all strategies are measured over the same
 * window (their paired comparison needs that).
 *
 * Why pilots and not the measured runs themselves: the figures are counted online from the
 * warm-up on, so the warm-up must be known before a measured run starts; pilots from their
 * own seeds also keep the choice independent of the data it is applied to. The choice depends
 * only on the scenario and its seed, never on the number of replications or jobs.
 *
 * Scenario events are never warm-up: the search stops at the first event (a crash at 5 m is
 * what the scenario measures), and MSER-5 never truncates more than half of what it searched.
 */
import { pilotSeed } from '../engine/seeds.js';
import type { SimulationConfig } from '../model/config.js';
import { mser5 } from '../metrics/statistics.js';
import { TransientRecorder, type TransientSeries } from '../metrics/transient.js';
import type { RunWarning } from '../metrics/warnings.js';
import { runStrategy } from './run.js';
import { round3 } from '../model/round.js';

/** Independent pilot runs whose series are averaged before MSER-5. */
export const PILOT_RUNS = 3;
/** Windows per pilot run: MSER-5 then sees 50 batches, so it resolves 2% of the run. */
export const PILOT_WINDOWS = 250;

export interface PilotResult {
  index: number;
  strategies: { name: string; series: TransientSeries }[];
}

export interface WarmupDetection {
  method: 'MSER-5';
  pilots: number;
  /** Window of the series (seconds). */
  window: number;
  /** The search ends at the first scenario event, or at the end of the run (seconds). */
  searchedUntil: number;
  /** The chosen warm-up (seconds). */
  chosen: number;
  /** Which strategy and series needed the longest warm-up (null when none was needed). */
  decidedBy: { strategy: string; series: 'latency' | 'activeSessions' } | null;
  /** Truncation points per strategy and series (seconds). */
  perStrategy: { strategy: string; latency: number; activeSessions: number }[];
}

/** One pilot: every strategy of the scenario from pilot seed `index`, with no warm-up. */
export function runPilot(config: SimulationConfig, index: number): PilotResult {
  const plain: SimulationConfig = { ...config, warmup: 0 };
  const window = config.duration / PILOT_WINDOWS;
  const seed = pilotSeed(config.seed, index);
  return {
    index,
    strategies: config.strategies.map((st) => {
      const probe = new TransientRecorder(config.duration, window);
      runStrategy(plain, st, seed, { probe });
      return { name: st.name, series: probe.series() };
    }),
  };
}

/** MSER-5 on the pilots' averaged series; the result and any warnings. */
export function chooseWarmup(config: SimulationConfig, pilots: readonly PilotResult[]): { detection: WarmupDetection; warnings: RunWarning[] } {
  const window = config.duration / PILOT_WINDOWS;
  const firstEvent = config.events.length === 0 ? config.duration : Math.min(...config.events.map((e) => e.at));
  const searchedUntil = Math.min(config.duration, firstEvent);
  const points = Math.floor(searchedUntil / window + 1e-9);
  const warnings: RunWarning[] = [];
  let chosen = 0;
  let decidedBy: WarmupDetection['decidedBy'] = null;
  let atLimit = false;
  const perStrategy = config.strategies.map((st, s) => {
    const seriesOf = (pick: (x: TransientSeries) => number[]) => averaged(pilots.map((p) => pick(p.strategies[s]!.series).slice(0, points)));
    const cut = (which: 'latency' | 'activeSessions', series: number[]) => {
      const r = mser5(series);
      const maxBatches = Math.min(Math.floor(Math.floor(series.length / 5) / 2), Math.floor(series.length / 5) - 2);
      if (r.truncateBatches > 0 && r.truncateBatches === maxBatches) atLimit = true;
      const seconds = round3(r.truncatePoints * window);
      if (seconds > chosen) {
        chosen = seconds;
        decidedBy = { strategy: st.name, series: which };
      }
      return seconds;
    };
    return {
      strategy: st.name,
      latency: cut('latency', seriesOf((x) => x.latencyMs)),
      activeSessions: cut('activeSessions', seriesOf((x) => x.activeSessions)),
    };
  });
  if (points < 15) {
    warnings.push({
      code: 'warmup-no-room',
      message: `warm-up auto: only ${secondsText(searchedUntil)} before the first event, too little to detect a transient (MSER-5 needs 3 batches of 5 windows of ${secondsText(window)}); no warm-up used — set warmup explicitly or move the event later`,
    });
  } else if (atLimit) {
    warnings.push({
      code: 'warmup-at-limit',
      message: `warm-up auto: MSER-5 chose its largest truncation (half of the ${secondsText(searchedUntil)} it searched): the run may not reach a steady state — lengthen it${config.events.length > 0 ? ' or move the first event later' : ''}`,
    });
  }
  return { detection: { method: 'MSER-5', pilots: pilots.length, window: round3(window), searchedUntil: round3(searchedUntil), chosen, decidedBy, perStrategy }, warnings };
}

/** Pilots run here, one after the other (replicate() runs them on its worker pool instead). */
export function detectWarmup(config: SimulationConfig): { detection: WarmupDetection; warnings: RunWarning[] } {
  const pilots = Array.from({ length: PILOT_RUNS }, (_, k) => runPilot(config, k));
  return chooseWarmup(config, pilots);
}

function averaged(runs: readonly number[][]): number[] {
  const n = runs[0]?.length ?? 0;
  const out = new Array<number>(n).fill(0);
  for (const r of runs) for (let i = 0; i < n; i++) out[i]! += r[i]! / runs.length;
  return out;
}

/** "84.6 s": plain seconds (the strategies layer does not import the scenario layer's formatter). */
function secondsText(x: number): string {
  return `${Number(x.toPrecision(4))} s`;
}
