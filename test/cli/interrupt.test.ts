/**
 * Ctrl-C (issue 13): a long command stopped by SIGINT clears its progress line, says in one line
 * how far it got and that nothing was written, and exits 130. Checked on the built CLI in a real
 * child process, and on the watch itself with a fake signal source (the exact wording).
 */
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT_INTERRUPTED, replicationProgressText, watchInterrupt } from '../../src/cli/interrupt.js';

const main = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'session-sim-interrupt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fake process: `emit('SIGINT')` is the user's Ctrl-C. */
function fakeRun() {
  const signals = new EventEmitter();
  const written: string[] = [];
  const exits: number[] = [];
  const io = { stdout: (t: string) => void written.push(`out:${t}`), stderr: (t: string) => void written.push(t), isTTY: true, env: {} };
  return { signals, written, exits, io };
}

describe('Ctrl-C', () => {
  it('clears the progress line first, then says how far the work got, then exits 130', () => {
    const f = fakeRun();
    const watch = watchInterrupt(f.io, { first: 'the first replication', signals: f.signals as unknown as NodeJS.Process, exit: (c) => void f.exits.push(c) });
    watch.clearWith(() => f.written.push('\r\u001b[K'));
    watch.progress(replicationProgressText({ phase: 'replications', done: 17, total: 40, open: false }));
    f.signals.emit('SIGINT');
    expect(f.written).toEqual(['\r\u001b[K', 'session-sim: interrupted after 17 of 40 replications; nothing was written\n']);
    expect(f.exits).toEqual([EXIT_INTERRUPTED]);
    expect(EXIT_INTERRUPTED).toBe(130);
  });

  it('a long note (a plan names its last point) is folded to 80 columns on a terminal, whole when piped', () => {
    const last = '2 points of the search (the last: sticky-cookie-with-a-long-name at servers.count = 12)';
    for (const tty of [true, false]) {
      const f = fakeRun();
      const watch = watchInterrupt({ ...f.io, stderrIsTTY: tty }, { first: 'the first point', signals: f.signals as unknown as NodeJS.Process, exit: (c) => void f.exits.push(c) });
      watch.progress(last);
      f.signals.emit('SIGINT');
      const text = f.written.join('');
      expect(text.replace(/\n {2}/g, ' ')).toBe(`session-sim: interrupted after ${last}; nothing was written\n`);
      const lines = text.trimEnd().split('\n');
      if (tty) expect(lines.every((l) => l.length <= 80) && lines.length === 2, text).toBe(true);
      else expect(lines).toHaveLength(1);
      expect(f.exits).toEqual([EXIT_INTERRUPTED]);
    }
  });

  it('before any progress it says so; under --precision the count is open; once disposed, Ctrl-C is not its business', () => {
    const f = fakeRun();
    const watch = watchInterrupt(f.io, { first: 'the first replication', signals: f.signals as unknown as NodeJS.Process, exit: (c) => void f.exits.push(c) });
    f.signals.emit('SIGINT');
    expect(f.written).toEqual(['session-sim: interrupted before the first replication finished; nothing was written\n']);
    watch.dispose();
    f.signals.emit('SIGINT');
    expect(f.exits).toEqual([130]);
    expect(f.signals.listenerCount('SIGINT')).toBe(0);
    expect(replicationProgressText({ phase: 'replications', done: 12, total: 100, open: true })).toBe('12 replications (at most 100, until precise)');
    expect(replicationProgressText({ phase: 'warm-up pilots', done: 3, total: 5, open: false })).toBe('3 of 5 warm-up pilot runs (before the replications)');
  });

  it('a real `run --replications` stopped with SIGINT exits 130 with one line and writes no --out file', async () => {
    // An event in the warm-up: its warning on stderr shows the run has begun (the watch is set before the scenario is read).
    const scenario = join(dir, 'long.json');
    writeFileSync(scenario, JSON.stringify({ duration: '10m', warmup: '1m', events: [{ at: '30s', type: 'server-crash', server: 0, downFor: '1m' }] }));
    const out = join(dir, 'results.json');
    const child = spawn(process.execPath, [main, 'run', scenario, '--replications', '1000', '--jobs', '1', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => void (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes('warning') && !child.killed) child.kill('SIGINT');
    });
    // Bounded: a child that ignored SIGINT is killed after 60 s and the test fails on its status.
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (c, s) => resolve([c, s])));
    clearTimeout(guard);
    expect(signal, stderr).toBeNull();
    expect(code, stderr).toBe(130);
    const lines = stderr.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^session-sim: interrupted (after \d+ of 1000 replications|before the first replication finished); nothing was written$/);
    expect(lines.filter((l) => l.includes('interrupted'))).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  }, 90_000);
});
