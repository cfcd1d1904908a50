/**
 * `session-sim run … --replications N | --precision r`: parse the options, run the replicated
 * experiment, render it, and tell stderr how it ran (warnings, the chosen warm-up, workers).
 */
import type { SimulationConfig } from '../model/config.js';
import type { RunWarning } from '../metrics/warnings.js';
import { renderIntervalTable } from '../report/intervals.js';
import { renderReplicatedJson } from '../report/replicated-json.js';
import { formatDuration } from '../scenario/units.js';
import { replicate, type ReplicatedResult } from '../experiment/replications.js';
import type { WarmupDetection } from '../experiment/warmup.js';
import type { ReplicatedOptions } from './options.js';
import { type CliIO, useColor, useUnicode, writeOutputs } from './io.js';
import { ProgressBar } from './progress.js';
import { stderrNote } from './fit.js';
import { type InterruptWatch, replicationProgressText, watchInterrupt } from './interrupt.js';
import { checkBaseline } from './limits.js';

export { isReplicated, parseJobs, parsePrecision, parseReplications, replicatedUsageProblems, type ReplicatedOptions } from './options.js';

/** `interrupt`: a Ctrl-C watch begun before the scenario was loaded (else one begins here). */
export async function runReplicated(config: SimulationConfig, opts: ReplicatedOptions, io: CliIO, watch?: InterruptWatch): Promise<ReplicatedResult> {
  checkBaseline(config, opts.baseline);
  const started = performance.now();
  const bar = io.stderrIsTTY === true && !opts.quiet ? new ProgressBar(io.stderr) : null;
  const interrupt = watch ?? watchInterrupt(io, { first: 'the first replication' });
  if (bar !== null) interrupt.clearWith(() => bar.done());
  let result;
  try {
    result = await replicate(config, {
      ...(opts.replications === undefined ? {} : { replications: opts.replications }),
      ...(opts.precision === undefined ? {} : { precision: opts.precision }),
      ...(opts.maxReplications === undefined ? {} : { maxReplications: opts.maxReplications }),
      ...(opts.jobs === undefined ? {} : { jobs: opts.jobs }),
      ...(opts.baseline === undefined ? {} : { baseline: opts.baseline }),
      onProgress: (p) => {
        bar?.update(p);
        interrupt.progress(replicationProgressText(p));
      },
      // The HTML report draws each strategy's per-window series with its band over the replications.
      ...(opts.html === undefined ? {} : { timelines: true }),
    });
  } finally {
    interrupt.dispose();
    bar?.done();
  }
  const seconds = (performance.now() - started) / 1000;
  if (!opts.quiet) {
    io.stderr(`session-sim: ${result.replications.n} replications of ${result.strategies.length} strategies on ${result.execution.executor} in ${seconds.toFixed(1)} s\n`);
    printNotes(io, result.warnings, result.scenario.warmupDetection);
  }
  const text = opts.format === 'json' ? renderReplicatedJson(result) : renderIntervalTable(result, { color: opts.out === undefined && useColor(io, opts.color), ascii: !useUnicode(io, opts.out !== undefined && (opts.charset ?? 'auto') === 'auto' ? 'unicode' : (opts.charset ?? 'auto')), ...(opts.wide ? { wide: true } : {}) });
  // The HTML report and the --out file together, all or nothing (as a single run writes them).
  const html = opts.html === undefined ? [] : [{ path: opts.html, content: (await import('../report/html-replicated.js')).renderReplicatedHtml(result) }];
  writeOutputs([...html, ...(opts.out === undefined ? [] : [{ path: opts.out, content: text }])]);
  if (opts.html !== undefined && !opts.quiet) io.stderr(`session-sim: wrote ${opts.html} (HTML report)\n`);
  if (opts.out !== undefined) {
    if (!opts.quiet) io.stderr(`session-sim: wrote ${opts.out}\n`);
  }
  else io.stdout(text);
  return result;
}

/** The chosen warm-up and the warnings, on stderr (diagnostics never go to stdout). */
export function printNotes(io: CliIO, warnings: readonly RunWarning[] | undefined, detection: WarmupDetection | undefined): void {
  if (detection !== undefined) {
    const by = detection.decidedBy === null ? 'no series needed one' : `set by ${detection.decidedBy.series === 'latency' ? 'the latency' : 'the active sessions'} of ${detection.decidedBy.strategy}`;
    stderrNote(io, `session-sim: warm-up auto: ${formatDuration(detection.chosen)} (MSER-5 on ${detection.pilots} pilot runs, ${by})`);
  }
  for (const w of warnings ?? []) stderrNote(io, `session-sim: warning: ${w.message}`);
}
