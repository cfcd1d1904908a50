#!/usr/bin/env node
import { VERSION } from '../experiment/version.js';

// `session-sim run x | head`: the reader left; stop quietly, as Unix tools do, not with a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  // The one answer that needs no command parser: print it before loading any (start-up time).
  process.stdout.write(`${VERSION}\n`);
} else {
  // A run's worker threads first, so they start while the command parser loads (./early-threads.ts).
  const threads = argv.includes('run') ? (await import('./early-threads.js')).startEarlyThreads(argv) : undefined;
  const [{ processIO }, { runCli }] = await Promise.all([import('./io.js'), import('./program.js')]);
  try {
    process.exitCode = await runCli(argv, processIO(), threads === undefined ? {} : { threads });
  } finally {
    await threads?.close();
  }
}
