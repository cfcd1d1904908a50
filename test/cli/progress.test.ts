import { describe, expect, it } from 'vitest';
import { ProgressBar } from '../../src/cli/progress.js';

describe('progress bar (stderr, TTY only)', () => {
  it('draws nothing in the first second, then done/total, elapsed and time left', () => {
    let t = 0;
    const out: string[] = [];
    const bar = new ProgressBar((s) => out.push(s), { now: () => t, timer: false, width: 10 });
    bar.update({ phase: 'replications', done: 1, total: 4, open: false });
    expect(out).toEqual([]);
    t = 2000;
    bar.update({ phase: 'replications', done: 2, total: 4, open: false });
    expect(out).toHaveLength(1);
    // 2 of 4 in 2 s ⇒ 2 s left.
    expect(out[0]).toBe('\rreplications █████░░░░░ 2/4  elapsed 2s  ~2s left\u001b[K');
    bar.done();
    expect(out.at(-1)).toBe('\r\u001b[K');
  });

  it('estimates the time left from the current phase only (pilots, then replications)', () => {
    let t = 0;
    const bar = new ProgressBar(() => {}, { now: () => t, timer: false, width: 4, delayMs: 0 });
    t = 3000;
    bar.update({ phase: 'warm-up pilots', done: 3, total: 3, open: false });
    t = 4000;
    bar.update({ phase: 'replications', done: 1, total: 5, open: false });
    // 1 replication in the 1 s since the pilots ended ⇒ 4 s left.
    expect(bar.line()).toBe('replications █░░░ 1/5  elapsed 4s  ~4s left');
  });

  it('under --precision the total is a cap: it says so', () => {
    let t = 5000;
    const bar = new ProgressBar(() => {}, { now: () => t, timer: false, width: 4, delayMs: 0 });
    t = 0;
    bar.update({ phase: 'replications', done: 10, total: 100, open: true });
    t = 5000;
    expect(bar.line()).toContain('10 (at most 100, until precise)');
    expect(bar.line()).toContain('at most ~');
  });

  it('a run that ends within the second leaves nothing on stderr', () => {
    const out: string[] = [];
    const bar = new ProgressBar((s) => out.push(s), { now: () => 10, timer: false });
    bar.update({ phase: 'replications', done: 3, total: 3, open: false });
    bar.done();
    expect(out).toEqual([]);
  });
});
