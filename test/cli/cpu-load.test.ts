/**
 * How busy the machine is now (src/cli/cpu-load.ts): what other processes use while the command
 * starts decides a run's thread count, not the 1-minute load average, which still holds this
 * command's own previous runs.
 */
import { describe, expect, it } from 'vitest';
import { MIN_INTERVAL_MS, othersBusyCores, othersBusySince, othersRunnable, sampleCpu, type CpuSample } from '../../src/cli/cpu-load.js';

const at = (wallMs: number, busyMs: number, ownMs: number): CpuSample => ({ wallMs, busyMs, ownMs });

describe('the cores other processes keep busy', () => {
  it('is the cores busy time over the interval less this process’s own, per wall millisecond', () => {
    // 100 ms on 2 cores: 180 ms busy, 95 of them this process's: another process used 0.85 of a core.
    expect(othersBusyCores(at(0, 1000, 10), at(100, 1180, 105))).toBeCloseTo(0.85, 10);
    // Only this process busy (its main thread and a worker): nobody else.
    expect(othersBusyCores(at(0, 1000, 10), at(100, 1190, 200))).toBe(0);
  });

  it('is unknown over an interval too short for the kernel’s 10 ms ticks, or from samples out of order', () => {
    expect(othersBusyCores(at(0, 1000, 0), at(MIN_INTERVAL_MS - 1, 1040, 0))).toBeUndefined();
    expect(othersBusyCores(at(0, 1000, 0), at(MIN_INTERVAL_MS, 1040, 0))).toBeCloseTo(0.8, 10);
    expect(othersBusyCores(at(0, 1000, 0), at(100, 900, 0))).toBeUndefined();
  });

  it('before any interval: the threads runnable this instant besides the caller (/proc/loadavg)', () => {
    expect(othersRunnable('0.65 1.10 0.85 1/90 7872\n')).toBe(0);
    expect(othersRunnable('2.10 1.90 1.20 3/141 10023\n')).toBe(2);
    expect(othersRunnable('')).toBeUndefined();
  });

  it('measured on this machine: a number of cores, never negative or NaN, over at least MIN_INTERVAL_MS', async () => {
    const start = sampleCpu();
    const spin = performance.now() + 20;
    while (performance.now() < spin); // this process's own work, excluded
    const busy = await othersBusySince(start);
    expect(performance.now() - start.wallMs).toBeGreaterThanOrEqual(MIN_INTERVAL_MS);
    expect(Number.isFinite(busy)).toBe(true);
    expect(busy).toBeGreaterThanOrEqual(0);
    expect(await othersBusySince(undefined)).toBeGreaterThanOrEqual(0);
  });
});
