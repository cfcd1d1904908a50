/**
 * The command line, thin: parse arguments, call the API, render. Exit codes:
 * 0 success, 1 a failure inside the run, 2 bad usage or a bad scenario.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ScenarioError } from '../scenario/errors.js';
import { listBuiltins, loadScenario, selectStrategies } from '../scenario/load.js';
import { renderJson } from '../report/json.js';
import { renderTable } from '../report/table.js';
import { simulate, VERSION } from '../strategies/simulate.js';
import { type CliIO, useColor, writeFileAtomic } from './io.js';
import { registerCalibrate } from './calibrate.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

const EXAMPLES = `
Examples:
  $ session-sim run server-crash                      a built-in scenario, as a table
  $ session-sim run my-scenario.json --seed 7         your own scenario, another seed
  $ session-sim run nat-heavy --strategies sticky-ip,redis
  $ session-sim run store-outage --format json --out results.json
  $ session-sim list                                  the built-in scenarios

Exit codes: 0 success, 1 a failure inside the run, 2 bad usage or an invalid scenario.
`;

function parseSeed(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number >= 0.');
  return n;
}

/** Run the CLI with `argv` (without node and script); resolves to the exit code. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  let debug = argv.includes('--debug');
  let exitCode = EXIT_OK;
  const program = new Command();
  program
    .name('session-sim')
    .description('Simulate what happens to user sessions when a web service scales out: sticky sessions vs a shared session store vs stateless tokens.')
    .version(VERSION, '-V, --version')
    .option('--debug', 'show stack traces of errors')
    .addHelpText('after', EXAMPLES)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('run')
    .description('run a scenario (a file or a built-in name) through its strategies and compare them')
    .argument('<scenario>', 'scenario file (.json, .yaml) or built-in name (see `session-sim list`)')
    .option('-s, --strategies <names>', 'comma-separated strategy names to run, in this order')
    .option('--seed <n>', 'random seed (overrides the scenario\'s)', parseSeed)
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('-o, --out <file>', 'write the output to a file (atomically) instead of stdout')
    .option('--no-color', 'no colour, even on a terminal')
    .addHelpText('after', EXAMPLES)
    .action((scenario: string, opts: { strategies?: string; seed?: number; format: 'table' | 'json'; out?: string; color?: boolean }) => {
      let config = loadScenario(scenario, opts.seed === undefined ? {} : { seed: opts.seed });
      if (opts.strategies !== undefined) {
        config = selectStrategies(config, opts.strategies.split(',').map((s) => s.trim()).filter(Boolean));
      }
      const result = simulate(config);
      const text = opts.format === 'json' ? renderJson(result) : renderTable(result, { color: opts.out === undefined && useColor(io, opts.color) });
      if (opts.out !== undefined) {
        writeFileAtomic(opts.out, text);
        io.stderr(`wrote ${opts.out}\n`);
      } else {
        io.stdout(text);
      }
    });

  program
    .command('list')
    .description('list the built-in scenarios')
    .action(() => {
      for (const b of listBuiltins()) io.stdout(`${b.name.padEnd(20)} ${b.title}\n`);
    });

  program
    .command('validate')
    .description('check scenario files without running them')
    .argument('<files...>', 'scenario files or built-in names')
    .action((files: string[]) => {
      for (const f of files) {
        try {
          loadScenario(f);
          io.stdout(`${f}: ok\n`);
        } catch (e) {
          if (!(e instanceof ScenarioError)) throw e;
          io.stderr(`${e.message}\n`);
          exitCode = EXIT_USAGE;
        }
      }
    });

  registerCalibrate(program, io);

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
      io.stderr(`session-sim: invalid scenario ${e.message}\n`);
      if (debug) io.stderr(`${e.stack}\n`);
      return EXIT_USAGE;
    }
    const err = e as Error;
    io.stderr(`session-sim: ${err.message}\n`);
    io.stderr(debug ? `${err.stack}\n` : '(run with --debug for details)\n');
    return EXIT_FAILURE;
  }
}
