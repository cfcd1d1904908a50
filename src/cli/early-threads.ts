/**
 * Worker threads for a single run, started before the command line is even parsed: a worker
 * takes ≈ 0.1 s to start and load the simulator, and this thread spends about that long
 * loading the command parser and zod and validating the scenario, so started here the two
 * overlap instead of adding up (README "Performance"). Only for `run` without replications
 * (those use their own pool), only on the cores other processes leave idle this instant
 * (./cpu-load.ts; or as many as an explicit --jobs asks for), and not for a built-in scenario
 * whose shipped run stays on one thread; the run later uses them, starts more, or stops them
 * (src/experiment/simulate-threads.ts decides). A worker started for nothing costs CPU on an
 * otherwise idle core (and ≈ 0.05–0.09 s of a short run's wall time), never a result.
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { strategiesOnThreads, usableCores } from '../experiment/simulate-threads.js';
import { StrategyThreads, strategyWorkerAvailable } from '../experiment/strategy-threads.js';
import { othersBusyNow, sampleCpu } from './cpu-load.js';
import type { EarlyThreads } from './program.js';

/** Options of `run` that change what a built-in simulates (the shipped estimate no longer holds). */
const CHANGES_THE_RUN = new Set(['--set', '--strategies', '-s']);

/** Options of `run` after which no single run's threads are wanted (replications, help). */
const NOT_A_THREADED_RUN = new Set(['--replications', '--precision', '--max-replications', '--help', '-h']);

/**
 * The workers worth starting now for `argv` (a `run` command's): none for another command,
 * replications, help or `--jobs 1`; else --jobs, or the cores other processes (`othersBusy`
 * of them busy) leave usable, and no more than a built-in run as shipped will use (`shipped`: its estimated events per strategy, when known; the run decides again
 * after parsing).
 */
export function earlyWorkers(argv: readonly string[], cores: number, othersBusy: number, shipped?: readonly number[]): number {
  const command = argv.findIndex((a) => !a.startsWith('-'));
  if (command < 0 || argv[command] !== 'run') return 0;
  let jobs: number | undefined;
  for (let i = command + 1; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    if (argv[i] === '--') break;
    if (NOT_A_THREADED_RUN.has(flag)) return 0;
    if (flag === '--jobs' || flag === '-j') jobs = Number(inline ?? argv[i + 1]);
    else if (/^-j\d+$/.test(flag)) jobs = Number(flag.slice(2));
  }
  // Several threads are as many workers (this thread runs none of the strategies); one is this thread.
  const workers = (threads: number) => (threads > 1 ? threads : 0);
  if (jobs !== undefined) return workers(Number.isInteger(jobs) && jobs >= 1 ? Math.min(jobs, cores) : 1);
  const threads = usableCores(cores, othersBusy);
  return workers(shipped === undefined ? threads : strategiesOnThreads(shipped, threads));
}

/**
 * The estimated events per strategy of the built-in scenario `argv` runs as shipped (the build's
 * dist/builtin-estimates.json, scripts/builtin-estimates.mjs), or undefined: a file (a file of
 * that name wins, as in loadScenario), options that change the run, or no table.
 */
export function shippedEstimate(argv: readonly string[], table: Readonly<Record<string, readonly number[]>>): readonly number[] | undefined {
  const command = argv.indexOf('run');
  let found: readonly number[] | undefined;
  for (let i = command + 1; command >= 0 && i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') break;
    if (CHANGES_THE_RUN.has(word.split('=', 1)[0]!)) return undefined;
    if (found === undefined && Object.hasOwn(table, word) && !existsSync(word)) found = table[word];
  }
  return found;
}

function builtinEstimates(): Record<string, number[]> {
  try {
    return JSON.parse(readFileSync(new URL('../builtin-estimates.json', import.meta.url), 'utf8')) as Record<string, number[]>;
  } catch {
    return {};
  }
}

/**
 * Start the workers `argv`'s run may use (from dist/ only), on the cores other processes leave
 * idle this instant, and take the CPU sample the run's thread count is measured from (./cpu-load.ts).
 */
export function startEarlyThreads(argv: readonly string[]): EarlyThreads {
  const cpu = sampleCpu();
  const workers = earlyWorkers(argv, availableParallelism(), othersBusyNow(), shippedEstimate(argv, builtinEstimates()));
  return workers > 0 && strategyWorkerAvailable() ? { threads: new StrategyThreads(workers), cpu } : { cpu };
}
