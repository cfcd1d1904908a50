/**
 * `session-sim sweep SCENARIO --param PATH=VALUES …`: the replicated experiment at every
 * point of a grid, on worker threads, as tables per decision metric, CSV, JSON or HTML; with
 * `--shard I/N` one slice of the work as a part file for `session-sim merge` (src/cli/merge.ts).
 * Thin: parse, resolve the points (src/scenario/sweep-params.ts), run (src/experiment/sweep.ts),
 * render (src/report/sweep-*.ts).
 */
import { Option, type Command } from 'commander';
import { DEFAULT_INITIAL_REPLICATIONS } from '../experiment/replications.js';
import { makePart, renderPart, wholeSweepData } from '../experiment/merge.js';
import { parseShard, shardItems, shardText, SweepInputError, type Shard } from '../experiment/shard.js';
import { runSweep, summarizeSweep, workItems, type SweepDefinition, type SweepResult } from '../experiment/sweep.js';
import { renderSweepCsv } from '../report/sweep-csv.js';
import { renderSweepHtml } from '../report/sweep-html.js';
import { renderSweepJson } from '../report/sweep-json.js';
import { renderSweepTable } from '../report/sweep-table.js';
import { checkEventBudget, DEFAULT_MAX_EVENTS, formatWarning, scenarioWarnings } from '../scenario/checks.js';
import { ScenarioError } from '../scenario/errors.js';
import type { Override } from '../scenario/overrides.js';
import { toScenarioDocument } from '../scenario/resolved.js';
import { parseParam, pointLabel, resolveSweepScenario, type SweepParam } from '../scenario/sweep-params.js';
import { type Charset, type CliIO, checkOutputPaths, useColor, useUnicode, writeOutputs } from './io.js';
import { emit, parseMaxEvents, UsageError } from './output.js';
import { parseSeed, parseStrategyList } from './limits.js';
import { argumentError, setOption } from './options.js';
import { parseJobs, parseReplications } from './replicated.js';
import { ProgressBar } from './progress.js';
import { watchInterrupt } from './interrupt.js';
import { stderrNote } from './fit.js';

export const SWEEP_FORMATS = ['table', 'csv', 'json'] as const;
export type SweepFormat = (typeof SWEEP_FORMATS)[number];

function collectParam(v: string, previous: SweepParam[] = []): SweepParam[] {
  try {
    return [...previous, parseParam(v)];
  } catch (e) {
    if (e instanceof ScenarioError) throw argumentError(e);
    throw e;
  }
}

interface SweepOptions {
  param?: SweepParam[];
  replications?: number;
  jobs?: number;
  set?: Override[];
  strategies?: string[];
  seed?: number;
  format: SweepFormat;
  out?: string;
  html?: string;
  shard?: string;
  maxEvents: number;
  quiet?: boolean;
  color?: boolean;
  charset: Charset;
}

const EXAMPLES = `
Examples:
  $ session-sim sweep server-crash --param servers.count=3..12
  $ session-sim sweep server-crash --param servers.count=3..11:2 \\
      --param clients.arrivalRate=2,4,8 --replications 20
  $ session-sim sweep nat-heavy --param clients.network.natShare=0..0.5:0.1 \\
      --format csv --out nat.csv
  $ session-sim sweep server-crash --param servers.count=3..12 --html sweep.html
  On a batch cluster (deploy/README.md): each task writes one part, then
  $ session-sim sweep server-crash --param servers.count=3..12 --shard 3/8 \\
      --out part-3.json
  $ session-sim merge part-*.json --out result.json
      (the bytes of --format json on one machine)

VALUES: a range A..B (step 1) or A..B:STEP (2..12:2, 0.1..0.5:0.1), a list
a,b,c (10,20,40 or 200ms,1s), a JSON array, or one value. Several --param make
the grid, the first varying slowest. Every point runs every strategy with the
same replication seeds (common random numbers).
--shard I/N: shards 1..N; auto/N reads JOB_COMPLETION_INDEX (Kubernetes),
SLURM_ARRAY_TASK_ID (Slurm, minus SLURM_ARRAY_TASK_MIN, plus 1) or
AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch), 0-based + 1.

Exit codes: 0 success, 1 a failure inside the run, 2 bad usage, a bad scenario
or a bad --param.
`;

export function registerSweep(program: Command, io: CliIO): void {
  program
    .command('sweep')
    .description('run the scenario at every point of a grid of values (--param PATH=VALUES) with replications, and compare the strategies along it')
    .argument('<scenario>', 'scenario file (.json, .yaml) or built-in name')
    .addOption(new Option('--param <path=values>', 'a field to vary and its values (repeatable: the grid): servers.count=2..12, 2..12:2, 10,20,40').argParser(collectParam))
    .option('--replications <n>', `replications per point (default ${DEFAULT_INITIAL_REPLICATIONS}): every figure as mean ± 95% CI half-width`, parseReplications)
    .option('-j, --jobs <n>', 'runs in parallel on worker threads (default: the number of cores); never changes the output', parseJobs)
    .addOption(setOption())
    .option('-s, --strategies <names>', 'comma-separated strategy names to run, in this order', parseStrategyList)
    .option('--seed <n>', "random seed (overrides the scenario's); replication seeds derive from it", parseSeed)
    .addOption(new Option('-f, --format <format>', 'output format').choices(SWEEP_FORMATS).default('table'))
    .option('-o, --out <file>', 'write the output (or the part, with --shard) to a file, atomically')
    .option('--html <file>', 'also write an HTML report: each decision metric against the param, 95% bands (a heat map for two params)')
    .option('--shard <I/N>', 'run only the I-th of N slices of the (point × replication) work and write a part file for `merge`; auto/N reads the batch array index')
    .option('-q, --quiet', 'print only the results and errors')
    .addOption(new Option('--max-events <n>', 'refuse points estimated above this many simulated events').argParser(parseMaxEvents).default(DEFAULT_MAX_EVENTS, '50000000'))
    .addOption(new Option('--charset <charset>', 'characters for tables: unicode on a UTF-8 terminal, else ascii').choices(['auto', 'unicode', 'ascii']).default('auto'))
    .option('--no-color', 'no colour, even on a terminal')
    .addHelpText('after', EXAMPLES)
    .action(async (scenario: string, opts: SweepOptions) => {
      await sweepCommand(scenario, opts, io);
    });
}

async function sweepCommand(ref: string, opts: SweepOptions, io: CliIO): Promise<void> {
  if (opts.param === undefined || opts.param.length === 0) throw new UsageError('sweep needs at least one --param PATH=VALUES, e.g. --param servers.count=2..12');
  let shard: Shard | undefined;
  if (opts.shard !== undefined) {
    try {
      shard = parseShard(opts.shard, io.env);
    } catch (e) {
      if (e instanceof SweepInputError) throw new UsageError(e.message);
      throw e;
    }
    if (opts.format !== 'table' || opts.html !== undefined) throw new UsageError('--shard writes a part file for `session-sim merge`; give --format and --html to merge instead');
  }
  // Every output checked before hours of runs, not after.
  checkOutputPaths({ '--out': opts.out, '--html': opts.html }, [ref]);
  const def = resolveDefinition(ref, opts, io);
  const resolved = toScenarioDocument(def.base);
  const total = workItems(def);
  const mine = shard === undefined ? total : shardItems(total, shard).length;
  const bar = io.stderrIsTTY === true && !opts.quiet ? new ProgressBar(io.stderr) : null;
  const interrupt = watchInterrupt(io, { first: 'the first run', ...(bar === null ? {} : { clear: () => bar.done() }) });
  const started = performance.now();
  let out;
  try {
    out = await runSweep(def, {
      ...(shard === undefined ? {} : { shard }),
      ...(opts.jobs === undefined ? {} : { jobs: opts.jobs }),
      onProgress: (p) => {
        bar?.update({ phase: 'replications', done: p.done, total: p.total, open: false });
        interrupt.progress(`${p.done} of ${p.total} runs (points x replications)`);
      },
    });
  } finally {
    interrupt.dispose();
    bar?.done();
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const what = `${def.points.length} points × ${def.replications} replications of ${def.base.strategies.length} strategies`;
  if (!opts.quiet) io.stderr(`session-sim: ${shard === undefined ? what : `shard ${shardText(shard)} (${mine} of ${total} runs) of ${what}`} on ${out.executor} in ${seconds} s\n`);
  if (shard !== undefined) {
    emit(renderPart(makePart(def, resolved, shard, out.runs)), opts.out, io, opts.quiet);
    return;
  }
  const result = summarizeSweep(wholeSweepData(def, resolved, out.runs));
  writeSweepOutputs(result, opts, io);
}

/** The format on stdout or --out, and --html: shared with `merge`. */
export function writeSweepOutputs(result: SweepResult, opts: { format: SweepFormat; out?: string; html?: string; quiet?: boolean; color?: boolean; charset?: Charset }, io: CliIO): void {
  let text: string;
  switch (opts.format) {
    case 'json':
      text = renderSweepJson(result);
      break;
    case 'csv':
      text = renderSweepCsv(result);
      break;
    case 'table': {
      const toFile = opts.out !== undefined;
      const charset = opts.charset ?? 'auto';
      text = renderSweepTable(result, { color: !toFile && useColor(io, opts.color), ascii: !useUnicode(io, toFile && charset === 'auto' ? 'unicode' : charset) });
      break;
    }
  }
  // Both files or neither (a failure before the renames leaves no output behind).
  const { out, html, quiet } = opts;
  writeOutputs([...(html === undefined ? [] : [{ path: html, content: renderSweepHtml(result) }]), ...(out === undefined ? [] : [{ path: out, content: text }])]);
  if (html !== undefined && !quiet) io.stderr(`session-sim: wrote ${html} (HTML report)\n`);
  if (out === undefined) io.stdout(text);
  else if (!quiet) io.stderr(`session-sim: wrote ${out}\n`);
}

/** Every point's scenario, validated like the file, budgets checked, warnings told once. */
function resolveDefinition(ref: string, opts: SweepOptions, io: CliIO): SweepDefinition {
  const params = opts.param!;
  const strategies = opts.strategies;
  const sweep = resolveSweepScenario(ref, params, {
    ...(opts.seed === undefined ? {} : { seed: opts.seed }),
    ...(opts.set === undefined ? {} : { sets: opts.set }),
    ...(strategies === undefined ? {} : { strategies }),
  });
  const seen = new Map<string, number>();
  for (const p of sweep.points) {
    checkEventBudget(p.config, `${sweep.file} at the sweep point ${pointLabel(params, p.values)}`, opts.maxEvents);
    for (const w of scenarioWarnings(p.config)) {
      const text = formatWarning(w);
      seen.set(text, (seen.get(text) ?? 0) + 1);
    }
  }
  if (!opts.quiet) {
    for (const [text, n] of seen) stderrNote(io, `session-sim: ${text}${n < sweep.points.length ? ` (at ${n} of ${sweep.points.length} points)` : ''}`);
  }
  return { base: sweep.base, params: params.map((p) => ({ path: p.path, values: p.values })), points: sweep.points, replications: opts.replications ?? DEFAULT_INITIAL_REPLICATIONS };
}
