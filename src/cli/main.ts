#!/usr/bin/env node
import { processIO } from './io.js';
import { runCli } from './program.js';

// `session-sim run x | head`: the reader left; stop quietly, as Unix tools do, not with a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

process.exitCode = await runCli(process.argv.slice(2), processIO());
