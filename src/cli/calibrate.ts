/**
 * `session-sim calibrate`: time session-handling costs on this machine and write a cost
 * profile a scenario can use (`"costs": "./costs.json"`). Thin: measure, render, write.
 */
import { Option, type Command } from 'commander';
import { MAX_BATCH_MS, parseBatchMs } from './limits.js';
import { type Charset, type CliIO, checkOutputPaths, useColor, useUnicode, writeFileAtomic } from './io.js';

export function registerCalibrate(program: Command, io: CliIO): void {
  program
    .command('calibrate')
    .description('time JWT signing/verification, JSON and AES-GCM on this machine and write a cost profile for scenarios')
    .option('-o, --out <file>', 'write the cost profile (JSON) to this file; a scenario uses it with "costs": "<file>"')
    .addOption(new Option('-f, --format <format>', 'what to print').choices(['table', 'json']).default('table'))
    .option('--batch-ms <ms>', `milliseconds per timed batch (the best of 3 batches counts; at most ${MAX_BATCH_MS})`, parseBatchMs, 40)
    .addOption(new Option('--charset <charset>', 'characters for the table: unicode on a UTF-8 terminal (LC_ALL/LC_CTYPE/LANG), else ascii').choices(['auto', 'unicode', 'ascii']).default('auto'))
    .option('-q, --quiet', 'print only the results and errors (no "timing" or "wrote" notes)')
    .option('--no-color', 'no colour, even on a terminal')
    .addHelpText('after', '\nExample:\n  $ session-sim calibrate --out costs.json\n      then in a scenario: "costs": "./costs.json"\n')
    .action(async (opts: { out?: string; format: 'table' | 'json'; batchMs: number; color?: boolean; charset: Charset; quiet?: boolean }) => {
      checkOutputPaths({ '--out': opts.out });
      // Imported here: declaring the command must not load the timing and report code.
      const [{ calibrate }, { DEFAULT_COSTS }, { renderCostsFile, renderCostsTable }] = await Promise.all([
        import('../metrics/calibrate.js'),
        import('../model/defaults.js'),
        import('../report/costs.js'),
      ]);
      const ascii = !useUnicode(io, opts.charset);
      // A progress note while the batches run (about 1.5 s at the default): erased on a terminal once done.
      const note = `timing node:crypto, JSON and AES-GCM on this machine${ascii ? '...' : '…'}`;
      const transient = !opts.quiet && io.stderrIsTTY === true;
      if (!opts.quiet) io.stderr(transient ? note : `${note}\n`);
      const c = calibrate({ batchMs: opts.batchMs });
      if (transient) io.stderr('\r\u001b[K');
      const file = renderCostsFile(c);
      io.stdout(opts.format === 'json' ? file : renderCostsTable(c, DEFAULT_COSTS, useColor(io, opts.color), ascii));
      if (opts.out !== undefined) {
        writeFileAtomic(opts.out, file);
        if (!opts.quiet) io.stderr(`session-sim: wrote ${opts.out} (use it in a scenario: "costs": "${opts.out}")\n`);
      }
    });
}
