/**
 * Flags that contradict each other, refused before anything runs (exit 2, one plain line):
 * the same rule and the same words wherever the pair can be given (issue 13).
 */
import { UsageError } from './io.js';

export interface RunFlags {
  format: string;
  wide?: boolean;
  columns?: string[];
  timeline?: boolean;
  replications?: number;
  precision?: number;
}

/** Every contradiction among `run`'s flags, in the order a reader meets them. */
export function runFlagConflicts(opts: RunFlags): string[] {
  const problems: string[] = [];
  const replicated = opts.replications !== undefined || opts.precision !== undefined;
  if (opts.wide && opts.columns !== undefined) problems.push('--wide and --columns both choose the table\'s columns: give one of them');
  if (opts.columns !== undefined && opts.format !== 'table' && opts.format !== 'markdown') {
    problems.push(`--columns chooses the columns of --format table or markdown; --format ${opts.format} always carries every figure`);
  }
  if (opts.wide && opts.format !== 'table') problems.push(`--wide goes with --format table, not ${opts.format}`);
  if (opts.timeline && opts.format !== 'table') problems.push(`--timeline draws in the terminal and goes with --format table, not ${opts.format} (the HTML report has the same pictures: --html FILE)`);
  if (replicated && (opts.timeline || opts.columns !== undefined)) {
    problems.push('--timeline and --columns show one run: leave out --replications/--precision, or replay one replication with --seed (--html works with replications: intervals and bands)');
  }
  return problems;
}

/** Throw the first contradiction as a usage error. */
export function refuseRunFlagConflicts(opts: RunFlags): void {
  const [first] = runFlagConflicts(opts);
  if (first !== undefined) throw new UsageError(first);
}
