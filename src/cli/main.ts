#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { VERSION } from '../experiment/version.js';

// `session-sim run x | head`: the reader left; stop quietly, as Unix tools do, not with a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

/** The modules the command line starts from (scripts/cli-entry.mjs). */
interface CliModules {
  program: () => Promise<typeof import('./program.js')>;
  io: () => Promise<typeof import('./io.js')>;
  earlyThreads: () => Promise<typeof import('./early-threads.js')>;
}

/**
 * The build's bundle of the command line (dist/vendor/cli.cjs: one file compiled from its V8
 * code cache, scripts/vendor.mjs), ≈ 60 ms of start-up less than loading its modules one by
 * one; those modules themselves without it, or with SESSION_SIM_UNBUNDLED set (the start-up
 * test looks at which ones a command loads, which the bundle hides).
 */
function cliModules(): CliModules {
  const bundle = new URL('../vendor/cli.cjs', import.meta.url);
  if (process.env.SESSION_SIM_UNBUNDLED === undefined && existsSync(bundle)) return (createRequire(import.meta.url)(fileURLToPath(bundle)) as { exports: CliModules }).exports;
  return { program: () => import('./program.js'), io: () => import('./io.js'), earlyThreads: () => import('./early-threads.js') };
}

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  // The one answer that needs no command parser: print it before loading any (start-up time).
  process.stdout.write(`${VERSION}\n`);
} else {
  const cli = cliModules();
  // A run's worker threads first, so they start while the command parser loads (./early-threads.ts).
  const early = argv.includes('run') ? (await cli.earlyThreads()).startEarlyThreads(argv) : {};
  const [{ processIO }, { runCli }] = await Promise.all([cli.io(), cli.program()]);
  try {
    process.exitCode = await runCli(argv, processIO(), early);
  } finally {
    await early.threads?.close();
  }
}
