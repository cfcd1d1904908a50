/**
 * CLI conventions kept everywhere (issue 13): contradictory flags refused before any run with
 * exit 2 and one plain line; unknown strategy names are usage errors with did-you-mean in every
 * command; calibrate honours --charset and --quiet.
 */
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

describe('contradictory flags', () => {
  it.each([
    [['--format', 'json', '--columns', 'p99'], '--columns chooses the columns of --format table or markdown; --format json always carries every figure'],
    [['--format', 'csv', '--columns', 'p99'], '--columns chooses the columns of --format table or markdown; --format csv always carries every figure'],
    [['--wide', '--columns', 'p99'], "--wide and --columns both choose the table's columns: give one of them"],
    [['--wide', '--format', 'markdown'], '--wide goes with --format table, not markdown'],
    [['--timeline', '--format', 'csv'], '--timeline draws in the terminal and goes with --format table, not csv'],
    [['--replications', '2', '--timeline'], '--timeline and --columns show one run'],
  ])('run %j is refused before the run, exit 2, one line', async (flags, message) => {
    // A run too big for its budget would be refused after the flags: the flags are checked first.
    const r = await cli(['run', 'server-crash', '--max-events', '1', ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`session-sim: ${message}`);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });

  it('--columns with markdown is no contradiction', async () => {
    const r = await cli(['run', 'server-crash', '-q', '--set', 'duration=3m', '--set', 'warmup=1m', '--set', 'events=[]', '--format', 'markdown', '--columns', 'p99']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('| strategy | p99 ms |');
  });
});

describe('unknown strategy names: usage errors with did-you-mean, in every command', () => {
  it.each([
    [['run', 'server-crash', '--strategies', 'redsi,jwt'], '--strategies'],
    [['explain', 'server-crash', '--strategies', 'redsi'], '--strategies'],
    [['sweep', 'server-crash', '--param', 'servers.count=3,4', '--strategies', 'redsi'], '--strategies'],
    [['plan', 'server-crash', '--vary', 'servers.count', '--min', '3', '--max', '6', '--slo', 'latency.p99<1s', '--strategies', 'redsi'], '--strategies'],
    [['run', 'server-crash', '--replications', '2', '--baseline', 'redsi'], '--baseline'],
  ])('%j', async (args, option) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^session-sim: ${option}: no strategy named "redsi" \\(did you mean "redis"\\?\\); this scenario's strategies are .*redis`));
    expect(r.stderr).not.toContain('invalid scenario');
  });
});

describe('calibrate', () => {
  it('--charset ascii draws the table in ASCII with the figures right-aligned; --quiet leaves stderr empty', async () => {
    const r = await cli(['calibrate', '--batch-ms', '1', '--charset', 'ascii', '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^[\x00-\x7f]*$/);
    expect(r.stdout).toContain('| cost on one core');
    // Right-aligned: each figure's cell ends at its column's right border.
    const row = r.stdout.split('\n').find((l) => l.includes('HS256 sign'))!;
    expect(row).toMatch(/\|\s+\S+us \|\s+3\.5us \|\s+\d+\.\d\d \|$/);
  });

  it('--charset unicode draws box rules; without --quiet the timing note is on stderr', async () => {
    const r = await cli(['calibrate', '--batch-ms', '1', '--charset', 'unicode']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('│ cost on one core');
    expect(r.stderr).toContain('timing node:crypto');
  });
});
