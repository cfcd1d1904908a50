/**
 * 80 columns on a terminal (issue 13): every command's --help, `list`, `calibrate`, the table of
 * every built-in scenario, the replicated table (redis-failover was 91 wide with 2
 * replications) and warnings on a terminal fit in 80 characters, ANSI colour codes aside.
 * Tables are drawn in ASCII here (not a UTF-8 terminal), the wider spelling ("±" is "+/-").
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { cli, stripAnsi as strip, tooWide } from '../helpers/cli.js';
import { JWT_SWEEP } from '../helpers/sweep.js';

/** The CLI on a terminal (stdout and stderr), not UTF-8: what a user at an 80-column xterm sees. */
async function onTerminal(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: true, stderrIsTTY: true, env: { NO_COLOR: '1' } });
  return { code, stdout, stderr };
}


const COMMANDS = ['run', 'explain', 'list', 'validate', 'init', 'schema', 'calibrate', 'sweep', 'merge', 'plan'];

describe('80 columns', () => {
  it.each([[[] as string[]], ...COMMANDS.map((c) => [[c]])])('session-sim %j --help', async (words) => {
    const r = await onTerminal([...words, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(100);
    expect(tooWide(r.stdout)).toEqual([]);
  });

  it('a usage error with its help hint', async () => {
    const r = await onTerminal(['run', 'server-crash', '--format', 'yaml']);
    expect(r.code).toBe(2);
    expect(tooWide(r.stderr)).toEqual([]);
  });

  it('list and list --long (titles folded under themselves)', async () => {
    for (const args of [['list'], ['list', '--long']]) {
      const r = await onTerminal(args);
      expect(tooWide(r.stdout)).toEqual([]);
      expect(tooWide(r.stderr)).toEqual([]);
    }
  });

  it('calibrate', async () => {
    const r = await onTerminal(['calibrate', '--batch-ms', '1']);
    expect(r.code).toBe(0);
    expect(tooWide(r.stdout)).toEqual([]);
  });

  // Every built-in's `run` table within 80 columns: test/cli/run.test.ts, in the same run that
  // checks what the table says (one run of each built-in instead of two).

  it('the table with names the tool makes long (sticky-cookie-write-through): the main columns split in blocks too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'session-sim-widths-'));
    const file = join(dir, 'long-names.json');
    const strategies = [{ type: 'sticky', backup: 'write-through' }, { type: 'sticky', backup: 'write-behind' }, { type: 'external' }, { type: 'jwt' }];
    writeFileSync(file, JSON.stringify({ duration: '6m', warmup: '2m', events: [{ type: 'server-crash', at: '4m', server: 1 }], strategies }));
    const r = await onTerminal(['run', file, '--charset', 'ascii']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('sticky-cookie-write-through');
    expect(tooWide(r.stdout)).toEqual([]);
    // Every default column is still there, in the scenario's order of columns.
    for (const head of ['sessions', 'loss cause', 'requests', 'ms', 'max/mean']) expect(r.stdout).toContain(head);
  });

  it('explain in ASCII: paragraphs wrapped as spelled ("±" is "+/-", three columns), black-friday\'s Poisson count included', async () => {
    const r = await onTerminal(['explain', 'black-friday', '--charset', 'ascii']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('+/-');
    expect(tooWide(r.stdout)).toEqual([]);
  }, 120_000);

  it('the replicated table of redis-failover', async () => {
    const r = await cli(['run', 'redis-failover', '--replications', '2', '--jobs', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('+/-');
    expect(tooWide(r.stdout)).toEqual([]);
  }, 120_000);

  it('the sweep table of jwt-revocation, its highlighted and notable figures included', async () => {
    const r = await onTerminal([...JWT_SWEEP, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('revocation exposure (s)');
    expect(tooWide(r.stdout)).toEqual([]);
  }, 120_000);

  it.each([[['redis-failover']], [['server-crash']], [['store-sizing']], [['redis-failover', '--replications', '2', '--jobs', '1']]])('--wide stays within its 132 characters: run %j --wide', async (args) => {
    const r = await cli(['run', ...args, '--wide']);
    expect(r.code, r.stderr).toBe(0);
    expect(strip(r.stdout).split('\n').filter((l) => [...l].length > 132)).toEqual([]);
    // Figures right-aligned: a cell's padding is on its left.
    expect(r.stdout).toMatch(/\| +\d[\d.]*( \+\/-[\d.]+)? \|/);
  }, 120_000);

  it('--wide: the store-details box right-aligns its figures too (writes lost, memory, counts)', async () => {
    const r = await cli(['run', 'redis-failover', '--wide']);
    expect(r.code, r.stderr).toBe(0);
    const row = strip(r.stdout).split('\n').find((l) => l.startsWith('| redis-async') && l.includes(' MB'));
    expect(row, r.stdout).toBeDefined();
    // Every figure cell after the strategy name has its padding on the left: "|   6059 |", not "| 6059   |".
    for (const cell of row!.split('|').slice(2, -1)) expect(cell, row).toMatch(/^ +\S.* $/);
    for (const cell of row!.split('|').slice(2, -1)) expect(cell.endsWith('  '), row).toBe(false);
  }, 120_000);

  it('the note on missed targets (exit 99) is folded on a terminal like a warning; piped, one line', async () => {
    const args = ['run', 'server-crash', '--slo', 'latency.p99<1ms'];
    let stderr = '';
    const code = await runCli(args, { stdout: () => {}, stderr: (t) => void (stderr += t), isTTY: true, stderrIsTTY: true, env: { NO_COLOR: '1' } });
    expect(code).toBe(99);
    expect(stderr).toContain('Targets missed');
    expect(tooWide(stderr)).toEqual([]);
    const piped = await cli(args);
    expect(piped.stderr.split('\n').filter((l) => l.includes('Targets missed'))[0]).toMatch(/exit 99\.$/);
  }, 120_000);

  it('warnings on a terminal are folded, continuation lines indented; piped, one line each', async () => {
    const args = ['validate', 'server-crash', '--set', 'servers.serviceTime=500ms'];
    let stderr = '';
    const code = await runCli(args, { stdout: () => {}, stderr: (t) => void (stderr += t), isTTY: true, stderrIsTTY: true, env: {} });
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('utilisation');
    expect(tooWide(stderr)).toEqual([]);
    expect(stderr.split('\n')[1]).toMatch(/^ {2}\S/);
    const piped = await cli(args);
    expect(piped.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('errors on a terminal are folded too (a misspelt built-in lists all 20; a scenario problem keeps its path on the first line); piped, one line each', async () => {
    for (const args of [['run', 'server-crahs'], ['validate', 'server-crash', '--set', 'events[0].at=99h']]) {
      let stderr = '';
      const code = await runCli(args, { stdout: () => {}, stderr: (t) => void (stderr += t), isTTY: true, stderrIsTTY: true, env: { NO_COLOR: '1' } });
      expect(code, stderr).toBe(2);
      expect(tooWide(stderr), stderr).toEqual([]);
      const piped = await cli(args);
      expect(piped.code).toBe(2);
      // Folded, the terminal's text has more lines than the pipe's, and the same words.
      expect(stderr.split('\n').length).toBeGreaterThan(piped.stderr.split('\n').length);
      expect(stderr.replace(/\s+/g, ' ')).toBe(piped.stderr.replace(/\s+/g, ' '));
      expect(piped.stderr.split('\n').some((l) => [...l].length > 80)).toBe(true);
    }
  });
});
