/**
 * The terminal-rendering libraries, loaded on first use: chalk (≈ 15 ms to import: it probes
 * the terminal's colour support) and cli-table3 (≈ 10 ms, only the --wide boxed layout draws
 * with it). The CLI declares its options from ./table.js (the column ids), so without this
 * every command, `validate` too, would pay for both at start-up (README "Performance").
 * Synchronous requires keep the renderers synchronous: cli-table3 is CommonJS, and chalk, an
 * ES module without top-level await, loads through require() on Node ≥ 20.19 (package.json
 * "engines"); either is the same module instance an `import` gives.
 */
import { createRequire } from 'node:module';
import type { ChalkInstance } from 'chalk';

const require = createRequire(import.meta.url);

/** Colours at `color`'s level: 16 colours (1) or plain text (0). */
export function chalkFor(color: boolean): ChalkInstance {
  const { Chalk } = require('chalk') as typeof import('chalk');
  return new Chalk({ level: color ? 1 : 0 });
}

/** cli-table3's Table class. */
export function cliTable(): typeof import('cli-table3') {
  return require('cli-table3') as typeof import('cli-table3');
}
