/**
 * The command line, thin: parse arguments, call the API, render. Exit codes:
 * 0 success, 1 a failure inside the run, 2 bad usage or a bad scenario.
 * Each command is a few lines here; what they print is built in ./output.ts and src/report.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Command, CommanderError, Option } from 'commander';
import { EventBudgetError, ScenarioError, UnknownStrategyError, clip, visible } from '../scenario/errors.js';
import { DEFAULT_MAX_EVENTS, checkEventBudget, estimateRun, formatWarning, scenarioWarnings } from '../scenario/checks.js';
import type { Override } from '../scenario/overrides.js';
import { closest } from '../scenario/suggest.js';
import { TEMPLATES, renderTemplate, templateNames, templateYaml } from '../scenario/templates.js';
import { COLUMN_IDS, wrap } from '../report/table.js';
import { VERSION } from '../experiment/version.js';
import type { SloReport } from '../experiment/slo.js';
import type { SimulationResult } from '../experiment/simulate.js';
import type { StrategyThreads } from '../experiment/strategy-threads.js';
import type { SimulationConfig } from '../model/config.js';
import { othersBusySince, type CpuSample } from './cpu-load.js';
import { type CliIO, UsageError, checkOutputPaths, writeFileAtomic } from './io.js';
import { FORMATS, isReplicated, parseColumns, parseJobs, parseMaxEvents, parsePrecision, parseReplications, replicatedUsageProblems, type Format, type ReplicatedOptions } from './options.js';
import { checkBaseline, clipLines, parseSeed, parseStrategyList } from './limits.js';
import { runFlagConflicts } from './conflicts.js';
import { TERMINAL_WIDTH, fitLines, stderrError, stderrNote } from './fit.js';
import { setOption } from './options.js';
import { sloOption, type SloOptionValue } from './slo-options.js';

// What runs, renders and reports is imported when a command needs it (start-up: README "Performance").
const output = () => import('./output.js');
// The scenario reader loads the schema and zod: a run of a built-in as shipped needs neither (../scenario/builtins.ts).
const scenarioLoader = () => import('../scenario/load.js');
const replicated = () => import('./replicated.js');

/**
 * Commands declared in modules of their own (`register<Command>(program, io)`), in the order
 * help lists them. Only the command being run is loaded; help, an unknown command or none at
 * all loads every one (so help and did-you-mean see them all).
 */
type Registrar = (program: Command, io: CliIO, setExitCode: (code: number) => void) => void;
const COMMAND_MODULES: ReadonlyArray<[name: string, load: () => Promise<Registrar>]> = [
  ['calibrate', async () => (await import('./calibrate.js')).registerCalibrate],
  ['sweep', async () => (await import('./sweep.js')).registerSweep],
  ['merge', async () => (await import('./merge.js')).registerMerge],
  ['plan', async () => (await import('./plan.js')).registerPlan],
];

/**
 * One run of every strategy: on several worker threads when there are several
 * strategies long enough to pay for starting workers on the cores the load leaves idle (or on
 * as many as an explicit --jobs allows), else in this thread; same bytes.
 */
async function simulateRun(config: SimulationConfig, jobs: number | undefined, io: CliIO, early: EarlyThreads, quiet?: boolean): Promise<SimulationResult> {
  const { simulateOnThreads, strategiesOnThreads, usableCores } = await import('../experiment/simulate-threads.js');
  const eventsPerStrategy = estimateRun(config).eventsPerStrategy;
  const cores = availableParallelism();
  let n = jobs;
  if (n === undefined) {
    // Several threads pay only on idle cores: what other processes use is measured when they would.
    n = strategiesOnThreads(eventsPerStrategy, cores);
    if (n > 1) n = strategiesOnThreads(eventsPerStrategy, usableCores(cores, await othersBusySince(early.cpu)));
  }
  const note = (where: string) => {
    if (!quiet && where !== 'the main thread') io.stderr(`session-sim: ${config.strategies.length} strategies on ${where}\n`);
  };
  return simulateOnThreads(config, { jobs: n, eventsPerStrategy, onExecutor: note, ...(early.threads === undefined ? {} : { threads: early.threads }) });
}

/** What main.ts started before the command line was parsed (./early-threads.ts). */
export interface EarlyThreads {
  /** Worker threads for a single run's strategies, already loading the simulator. */
  threads?: StrategyThreads;
  /** The machine's CPU use when the command started: what other processes use since decides the thread count (./cpu-load.ts). */
  cpu?: CpuSample;
}

/** The subcommand named in argv (the first word that is not an option), if any. */
function commandWord(argv: readonly string[]): string | undefined {
  return argv.find((a) => !a.startsWith('-'));
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

const EXIT_CODES = `
Exit codes:
  0  success (warnings, if any, are on stderr)
  1  a failure inside the run (a bug: please report it with --debug output)
  2  bad usage or an invalid scenario (every problem is listed, nothing ran)
  99 the run's targets (the scenario's "slo" block, --slo) were missed: the
     required strategies did not all pass (a fail, or with replications an
     inconclusive 95% interval) — k6's threshold code, for CI gates
  130 interrupted with Ctrl-C (replications, sweep, plan): nothing was written`;

const EXAMPLES = `
Examples:
  $ session-sim list                          the built-in scenarios
  $ session-sim run server-crash              a built-in scenario, as a table
  $ session-sim explain server-crash          the same run, told as a story
  $ session-sim run server-crash --timeline   with load over time per server
  $ session-sim run nat-heavy --html report.html
                                              a self-contained HTML report
  $ session-sim run my-scenario.yaml --seed 7
                                              your own scenario, another seed
  $ session-sim run nat-heavy --strategies sticky-ip,redis --wide
  $ session-sim run store-outage --format json --out results.json
  $ session-sim run server-crash --replications 20
                                              means with 95% intervals
  $ session-sim run plan-peak --slo 'latency.p99<150ms'
                                              judge it: exit 99 if missed
  $ session-sim run nat-heavy --precision 0.05 --baseline sticky-cookie
  $ session-sim plan plan-peak --vary servers.count
                                              the smallest fleet that meets them
  $ session-sim init my-scenario.yaml         a commented starter scenario
  $ session-sim validate my-scenario.yaml     check it without running it
${EXIT_CODES}
`;

export { setOption } from './options.js';

const charsetOption = () =>
  new Option('--charset <charset>', 'characters for tables and pictures: unicode on a UTF-8 terminal (LC_ALL/LC_CTYPE/LANG), else ascii').choices(['auto', 'unicode', 'ascii']).default('auto');
const maxEventsOption = () => new Option('--max-events <n>', 'refuse runs estimated above this many simulated events').argParser(parseMaxEvents).default(DEFAULT_MAX_EVENTS, '50000000');

/** Run the CLI with `argv` (without node and script); resolves to the exit code. */
export async function runCli(argv: string[], io: CliIO, early: EarlyThreads = {}): Promise<number> {
  let debug = argv.includes('--debug');
  let exitCode = EXIT_OK;
  /** After a run's output: exit 99 when its targets were missed, and say so on stderr (the table already shows why). */
  const judged = async (report: SloReport | undefined, quiet?: boolean) => {
    const { EXIT_SLO, sloExitCode } = await import('../experiment/slo.js');
    exitCode = sloExitCode(report);
    if (report !== undefined && exitCode === EXIT_SLO && !quiet) stderrNote(io, `session-sim: ${(await import('../report/slo.js')).sloSummary(report)}`);
  };
  const program = new Command();
  program
    .name('session-sim')
    .description('Simulate what happens to user sessions when a web service scales out: sticky sessions vs a shared session store vs stateless tokens.')
    .version(VERSION, '-V, --version')
    .option('--debug', 'show stack traces of errors')
    .addHelpText('after', EXAMPLES)
    .exitOverride()
    // Commander echoes a rejected argument whole: cut long lines so a 100 KB argument stays a short message
    // (at 1000 characters: the list of --columns ids, ≈ 480, is not cut).
    // Help laid out for 80 columns whatever the terminal's width; on a terminal, longer lines folded (./fit.ts).
    .configureOutput({
      writeOut: (t) => io.stdout(io.isTTY ? fitLines(t) : t),
      writeErr: (t) => io.stderr(io.stderrIsTTY === true ? fitLines(clipLines(t, 1000)) : clipLines(t, 1000)),
      getOutHelpWidth: () => TERMINAL_WIDTH,
      getErrHelpWidth: () => TERMINAL_WIDTH,
    })
    .showHelpAfterError('(run with --help for usage)')
    .showSuggestionAfterError(true);

  program
    .command('run')
    .description('run a scenario (a file or a built-in name) through its strategies and compare them')
    .argument('<scenario>', 'scenario file (.json, .yaml) or built-in name (see `session-sim list`)')
    .option('-s, --strategies <names>', 'comma-separated strategy names to run, in this order', parseStrategyList)
    .option('--seed <n>', 'random seed (overrides the scenario\'s)', parseSeed)
    .addOption(setOption())
    .addOption(sloOption())
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('table'))
    .option('-o, --out <file>', 'write the output to a file (atomically) instead of stdout')
    .option('--html <file>', 'also write a self-contained HTML report with charts (no network needed); with replications, intervals in the table and 95% bands on the charts over time')
    .option('--timeline', 'after the table, draw load per server and lost sessions over time')
    .option('--wide', 'the table with every classic column, boxed, within 132 characters')
    .option('--columns <ids>', `table/markdown columns, comma-separated: ${COLUMN_IDS.join(', ')}`, parseColumns)
    .option('-q, --quiet', 'print only the results and errors (no warnings, no "wrote" notes)')
    .addOption(maxEventsOption())
    .addOption(charsetOption())
    .option('--no-color', 'no colour, even on a terminal')
    .option('--replications <n>', 'independent replications: every figure as mean ± 95% CI half-width (with --precision: the first n, default 10)', parseReplications)
    .option('--precision <r>', 'add replications until the 95% CI half-width of session loss, p99 and skew is within r × mean (e.g. 0.05)', parsePrecision)
    .option('--max-replications <n>', 'cap for --precision (default 100)', parseReplications)
    .option('-j, --jobs <n>', 'worker threads for replications, or for a single run\'s strategies (default: the number of cores; a single run uses several when its strategies are long enough to pay for it and other processes leave cores idle); the output is the same for any n', parseJobs)
    .option('--baseline <name>', 'strategy the others are compared with, paired by replication (default: the first)')
    .addHelpText('after', EXAMPLES)
    .action(async (scenario: string, opts: { strategies?: string[]; seed?: number; set?: Override[]; slo?: SloOptionValue[]; format: Format; out?: string; html?: string; timeline?: boolean; wide?: boolean; columns?: string[]; quiet?: boolean; maxEvents: number; charset: 'auto' | 'unicode' | 'ascii'; color?: boolean } & ReplicatedOptions) => {
      const usage = [...runFlagConflicts(opts), ...replicatedUsageProblems(opts)];
      if (usage.length > 0) throw new UsageError(usage[0]!);
      checkOutputPaths({ '--out': opts.out, '--html': opts.html }, [scenario]);
      // Replications can take minutes: Ctrl-C is told and exits 130 from here on (./interrupt.ts).
      const interrupt = isReplicated(opts) ? (await import('./interrupt.js')).watchInterrupt(io, { first: 'the first replication' }) : undefined;
      const { prepareScenario, renderRun, emitRunOutputs } = await output();
      if (interrupt !== undefined) {
        try {
          const config = await prepareScenario(scenario, opts, io);
          await judged((await (await replicated()).runReplicated(config, opts, io, interrupt)).slo, opts.quiet);
        } finally {
          interrupt.dispose();
        }
        return;
      }
      const config = await prepareScenario(scenario, opts, io);
      checkBaseline(config, opts.baseline);
      const result = await simulateRun(config, opts.jobs, io, early, opts.quiet);
      if (!opts.quiet) (await replicated()).printNotes(io, result.warnings, result.scenario.warmupDetection);
      const text = renderRun(result, config, opts, io);
      await emitRunOutputs(text, result, config, opts, io);
      await judged(result.slo, opts.quiet);
    });

  program
    .command('explain')
    .description('a teaching run: what each event did to each strategy, in time order, then the table and what to look at')
    .argument('<scenario>', 'scenario file (.json, .yaml) or built-in name')
    .option('-s, --strategies <names>', 'comma-separated strategy names to run, in this order', parseStrategyList)
    .option('--seed <n>', 'random seed (overrides the scenario\'s)', parseSeed)
    .addOption(setOption())
    .option('--timeline', 'add the load-over-time pictures')
    .option('-o, --out <file>', 'write the text to a file (atomically) instead of stdout')
    .option('-q, --quiet', 'no warnings or notes on stderr')
    .addOption(maxEventsOption())
    .addOption(charsetOption())
    .option('--no-color', 'no colour, even on a terminal')
    .action(async (scenario: string, opts: { strategies?: string[]; seed?: number; set?: Override[]; timeline?: boolean; out?: string; quiet?: boolean; maxEvents: number; charset: 'auto' | 'unicode' | 'ascii'; color?: boolean }) => {
      checkOutputPaths({ '--out': opts.out }, [scenario]);
      const { prepareScenario, renderExplanation, emit } = await output();
      const { simulate } = await import('../experiment/simulate.js');
      const config = await prepareScenario(scenario, opts, io);
      emit(await renderExplanation(simulate(config), config, opts, io), opts.out, io, opts.quiet);
    });

  program
    .command('list')
    .description('list the built-in scenarios with a line about each')
    .option('--long', 'the full description of each')
    .option('--json', 'as JSON: [{ name, title, description }]')
    .action(async (opts: { long?: boolean; json?: boolean }) => {
      const builtins = (await scenarioLoader()).listBuiltins();
      if (opts.json) {
        io.stdout(`${JSON.stringify(builtins.map((b) => ({ name: b.name, title: b.title, description: b.description })), null, 2)}\n`);
        return;
      }
      const width = Math.max(...builtins.map((b) => b.name.length), 4) + 2;
      for (const b of builtins) {
        if (opts.long) {
          io.stdout(`${io.isTTY ? fitLines(`${b.name}  ${b.title}`) : `${b.name}  ${b.title}`}\n${wrap(b.description, 76).replace(/^/gm, '    ')}\n\n`);
          continue;
        }
        // One entry each: the scenario's title, written to say what it is about (folded under itself past 80 columns).
        const line = `${b.name.padEnd(width)}${b.title}`;
        io.stdout(`${io.isTTY ? fitLines(line) : line}\n`);
      }
      io.stderr('\n(session-sim explain NAME tells a scenario\'s story;\n session-sim list --long shows every description)\n');
    });

  program
    .command('validate')
    .description('check scenario files without running them: every problem with its JSON path, what was expected and what was found')
    .argument('<files...>', 'scenario files or built-in names')
    .addOption(setOption())
    .addOption(sloOption())
    .addOption(maxEventsOption())
    .option('-q, --quiet', 'no warnings')
    .action(async (files: string[], opts: { maxEvents: number; quiet?: boolean; set?: Override[]; slo?: SloOptionValue[] }) => {
      const { loadScenario } = await scenarioLoader();
      for (const f of files) {
        try {
          const config = loadScenario(f, { ...(opts.set ? { sets: opts.set } : {}), ...(opts.slo ? { slos: opts.slo } : {}) });
          checkEventBudget(config, f, opts.maxEvents);
          const warnings = opts.quiet ? [] : scenarioWarnings(config);
          io.stdout(`${f}: ok${warnings.length > 0 ? ` (${warnings.length} warning${warnings.length === 1 ? '' : 's'})` : ''}\n`);
          for (const w of warnings) stderrNote(io, `${f}: ${formatWarning(w)}`);
        } catch (e) {
          if (!(e instanceof ScenarioError)) throw e;
          stderrError(io, `${visible(e.message)}\n`);
          exitCode = EXIT_USAGE;
        }
      }
    });

  program
    .command('init')
    .description('write a commented starter scenario (YAML keeps comments; JSON gets a $schema pointer for editors)')
    .argument('[file]', 'where to write it (.yaml, .yml or .json)', 'scenario.yaml')
    .option('-t, --template <name>', `what to start from: ${TEMPLATES.map((t) => `${t.name} (${t.summary})`).join(', ')}, or a built-in scenario's name`, 'starter')
    .option('--force', 'overwrite the file if it exists')
    .option('--schema <ref>', 'the $schema pointer to write (default: the https URL of this version\'s schema; e.g. a local copy from `session-sim schema --out`)')
    .action(async (file: string, opts: { template: string; force?: boolean; schema?: string }) => {
      if (!/\.(ya?ml|json)$/i.test(file)) throw new UsageError(`${file}: the file name must end in .yaml, .yml or .json (it decides the format)`);
      // `init .yaml` wrote a hidden file with no name: a name before the extension, as in scenario.yaml.
      if (/(^|[\\/])\.(ya?ml|json)$/i.test(file)) throw new UsageError(`${file}: expected a name before the extension, e.g. scenario${file.slice(file.lastIndexOf('.'))}`);
      const yaml = await templateYaml(opts.template);
      if (yaml === undefined) {
        const near = closest(opts.template, templateNames());
        throw new UsageError(`no template named ${JSON.stringify(clip(opts.template, 40))}${near ? ` (did you mean "${near}"?)` : ''}; the templates are ${templateNames().join(', ')}`);
      }
      if (existsSync(file) && !opts.force) throw new UsageError(`${file} already exists; use --force to overwrite it`);
      checkOutputPaths({ FILE: file });
      // A versioned https URL, not a path into node_modules or an npx cache (issue 13).
      // The pointer goes into a comment line (YAML) or a string (JSON): a line break or other
      // control character would end the comment and write fields into the scenario.
      if (opts.schema !== undefined && (opts.schema.trim() === '' || /[\u0000-\u001f\u007f]/.test(opts.schema))) {
        throw new UsageError(`--schema: expected a URL or a path on one line, found ${JSON.stringify(opts.schema.slice(0, 60))}`);
      }
      const ref = opts.schema ?? (await import('../scenario/json-schema.js')).SCHEMA_URL;
      writeFileAtomic(file, renderTemplate(yaml, file, ref));
      io.stderr(`session-sim: wrote ${file} (template ${opts.template}); next: session-sim validate ${file} && session-sim run ${file}\n`);
    });

  program
    .command('schema')
    .description('print the JSON Schema of scenario files (the one the package ships as schema/scenario.schema.json)')
    .option('-o, --out <file>', 'write it to a file (atomically) instead of stdout')
    .action(async (opts: { out?: string }) => {
      checkOutputPaths({ '--out': opts.out });
      const [{ emit }, { renderJsonSchema }] = await Promise.all([output(), import('../scenario/json-schema.js')]);
      emit(renderJsonSchema(), opts.out, io);
    });

  const word = commandWord(argv);
  const own = COMMAND_MODULES.find(([name]) => name === word);
  const builtIn = word !== undefined && word !== 'help' && program.commands.some((c) => c.name() === word || c.aliases().includes(word));
  for (const [name, load] of COMMAND_MODULES) {
    if (own !== undefined ? name === word : !builtIn) (await load())(program, io, (code) => (exitCode = code));
  }

  // `help nope` printed the general help with exit 0: a script asking about a command that does not exist should hear so.
  const asked = word === 'help' ? argv[argv.indexOf('help') + 1] : undefined;
  if (asked !== undefined && !asked.startsWith('-') && !program.commands.some((c) => c.name() === asked || c.aliases().includes(asked))) {
    stderrError(io, `error: unknown command ${visible(JSON.stringify(clip(asked, 40)))}\n(run with --help for usage)\n`);
    return EXIT_USAGE;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    debug = Boolean(program.opts().debug) || debug;
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version exit 0; every other commander error is bad usage.
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? EXIT_OK : EXIT_USAGE;
    }
    if (e instanceof ScenarioError) {
      // visible(): whatever a message echoes (a name, a file's text), the terminal shows it, not obeys it.
      stderrError(io, `session-sim: ${e instanceof UnknownStrategyError || e instanceof EventBudgetError ? '' : 'invalid scenario '}${visible(e.message)}\n`);
      if (debug) io.stderr(`${e.stack}\n`);
      return EXIT_USAGE;
    }
    if (e instanceof UsageError) {
      stderrError(io, `session-sim: ${visible(e.message)}\n`);
      if (debug) io.stderr(`${e.stack}\n`);
      return EXIT_USAGE;
    }
    const err = e as Error;
    stderrError(io, `session-sim: ${visible(err.message)}\n`);
    io.stderr(debug ? `${err.stack}\n` : '(run with --debug for details)\n');
    return EXIT_FAILURE;
  }
}
