/**
 * The README's example commands work as written (issue 13 'README: every claim matches
 * behaviour'): every `session-sim run|explain|sweep|plan` line it shows on a built-in scenario
 * is accepted, options and every sweep point, up to the event budget. Run with --max-events 1,
 * each stops at that budget before simulating anything, so a refusal for any other reason (an
 * unknown option, a sweep point the scenario cannot take) fails here.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listBuiltins } from '../../src/scenario/load.js';
import { cli } from '../helpers/cli.js';

const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
const builtins = new Set(listBuiltins().map((b) => b.name));
/** The commands, in code lines and backticks; a placeholder (<scenario>, NAME, …) is not a command to run. */
const commands = [...new Set([...readme.matchAll(/(?:^|`|\$ |npx )session-sim (run|explain|sweep|plan) ([^`\n]+)/gm)].map((m) => `${m[1]} ${m[2]!.trim()}`))]
  .filter((c) => !/[<…[|]|NAME|SCENARIO|FILE/.test(c))
  .filter((c) => builtins.has(c.split(' ')[1]!));

describe('the README example commands', () => {
  it('are found (the extraction still reads the README)', () => {
    expect(commands.length).toBeGreaterThanOrEqual(5);
    expect(commands.some((c) => c.startsWith('sweep '))).toBe(true);
  });

  it.each(commands)('session-sim %s: accepted, up to the event budget', async (command) => {
    const r = await cli([...command.split(' ').filter((w) => w !== ''), '--max-events', '1']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr, r.stderr).toContain('event budget of 1 simulated events');
    expect(r.stderr).not.toMatch(/\n {2}at (?!\(top level\): expected a run within the event budget)/);
  });
});
