/**
 * The terminal-rendering libraries, loaded on first use: chalk (≈ 15 ms to import: it probes
 * the terminal's colour support; only for colour) and cli-table3 (≈ 10 ms, only the --wide boxed layout draws
 * with it). The CLI declares its options from ./table.js (the column ids), so without this
 * every command, `validate` too, would pay for both at start-up (README "Performance").
 * Synchronous requires keep the renderers synchronous: cli-table3 is CommonJS, and chalk, an
 * ES module without top-level await, loads through require() on Node ≥ 20.19 (package.json
 * "engines"); either is the same module instance an `import` gives.
 */
import { createRequire } from 'node:module';
import type { ChalkInstance } from 'chalk';

const require = createRequire(import.meta.url);

/** Colours at `color`'s level: 16 colours (chalk at level 1) or plain text (PLAIN: chalk is not even loaded). */
export function chalkFor(color: boolean): ChalkInstance {
  if (!color) return PLAIN;
  const { Chalk } = require('chalk') as typeof import('chalk');
  return new Chalk({ level: 1 });
}

/**
 * What chalk at level 0 does, without loading it (≈ 14 ms of a piped `run`, the way scripts and
 * the bench run it): every style, chained or not, gives its text back — one argument as a
 * string, several joined by spaces — and `level` is 0. test/report/libraries.test.ts compares it
 * with chalk's own level 0 on each style the renderers use.
 */
const plainText = (...text: unknown[]): string => (text.length === 1 ? `${text[0] as string}` : text.join(' '));
// `visible` is the one style that hides its text when there is no colour.
const HIDDEN: ChalkInstance = new Proxy(() => '', { get: (_, key) => (key === 'level' ? 0 : HIDDEN) }) as unknown as ChalkInstance;
const PLAIN: ChalkInstance = new Proxy(plainText, { get: (_, key) => (key === 'level' ? 0 : key === 'visible' ? HIDDEN : PLAIN) }) as unknown as ChalkInstance;

/** cli-table3's Table class. */
export function cliTable(): typeof import('cli-table3') {
  return require('cli-table3') as typeof import('cli-table3');
}
