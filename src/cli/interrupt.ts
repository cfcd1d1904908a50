/**
 * Ctrl-C during a long command (replications, a sweep, a plan): clear the progress line, say in
 * one line how far the work got and that nothing was written, and exit 130 — 128 + SIGINT, the
 * status a shell reports for a command stopped by Ctrl-C (Bash manual, "Exit Status"), so
 * scripts see it as an interruption, not as a failure of the run (1) or bad usage (2).
 *
 * Nothing is half-written: every output is written at the end, all or nothing (io.ts
 * writeOutputs), and nothing is printed on stdout before the work is done. A single run on
 * the main thread is one synchronous loop in which no handler can run: there Node's default
 * applies (the process ends at once, killed by SIGINT, which a shell also reports as 130).
 */
import type { CliIO } from './io.js';
import { stderrNote } from './fit.js';

export const EXIT_INTERRUPTED = 130;

export interface InterruptWatch {
  /** How far the work is, as the line will say it: "17 of 40 replications". */
  progress(done: string): void;
  /** Erase the progress line with `clear` when interrupted (the bar, once it exists). */
  clearWith(clear: () => void): void;
  /** Stop watching (the work finished or failed): Ctrl-C is Node's default again. */
  dispose(): void;
}

export interface InterruptOptions {
  /** Erase the progress line (the bar's `done`). */
  clear?: () => void;
  /** What the work is before any progress: "the first replication". */
  first: string;
  /** Ends the process (tests replace it). */
  exit?: (code: number) => void;
  /** The signal source (tests replace it): process by default. */
  signals?: Pick<NodeJS.Process, 'on' | 'off'>;
}

/** Watch for SIGINT until `dispose`. */
export function watchInterrupt(io: CliIO, options: InterruptOptions): InterruptWatch {
  let done: string | null = null;
  let clear = options.clear;
  const signals = options.signals ?? process;
  const onSigint = () => {
    clear?.();
    // One note, folded to 80 columns on a terminal like a warning (a plan's "the last: …" can be long).
    stderrNote(io, `session-sim: interrupted ${done === null ? `before ${options.first} finished` : `after ${done}`}; nothing was written`);
    (options.exit ?? ((code: number) => process.exit(code)))(EXIT_INTERRUPTED);
  };
  signals.on('SIGINT', onSigint);
  return {
    progress: (text) => void (done = text),
    clearWith: (fn) => void (clear = fn),
    dispose: () => void signals.off('SIGINT', onSigint),
  };
}

/** "17 of 40 replications", "17 replications (at most 100)", "3 of 5 warm-up pilot runs". */
export function replicationProgressText(p: { phase: 'warm-up pilots' | 'replications'; done: number; total: number; open: boolean }): string {
  if (p.phase === 'warm-up pilots') return `${p.done} of ${p.total} warm-up pilot runs (before the replications)`;
  const noun = p.done === 1 ? 'replication' : 'replications';
  return p.open ? `${p.done} ${noun} (at most ${p.total}, until precise)` : `${p.done} of ${p.total} replications`;
}
