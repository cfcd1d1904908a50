/**
 * How busy the machine is now, for the thread count of a single run (README "Performance").
 *
 * The 1-minute load average lags: a script running runs back to back finds its own previous run
 * in it (one busy core per thread of a run that just ended, decaying with a 60 s time constant),
 * and at ≥ 1.5 on 2 cores took one thread for a run that two finish ≈ 1.4× sooner (measured:
 * server-crash at 10× 15 min after one like it, 2.1–2.8 s instead of 1.7–2.0 s). What
 * counts is the CPU other processes use while this one starts: the cores' busy time over the
 * start-up (os.cpus(), what top reads from /proc/stat) less this process's own (every thread of
 * it, process.cpuUsage()). Before any interval exists (whether to start workers first thing),
 * the threads runnable this instant other than this one (Linux /proc/loadavg's fourth field);
 * where neither is available, the load average as before.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

/** The cores' busy milliseconds (summed) and this process's CPU milliseconds at a wall-clock instant. */
export interface CpuSample {
  wallMs: number;
  busyMs: number;
  ownMs: number;
}

/**
 * Shorter than this, an interval cannot tell a busy core from an idle one: the kernel counts CPU
 * time in ticks of 10 ms (USER_HZ 100), so the busy time of n cores is known to ±10 n ms.
 */
export const MIN_INTERVAL_MS = 50;

export function sampleCpu(): CpuSample {
  let busy = 0;
  for (const { times } of cpus()) busy += times.user + times.nice + times.sys + times.irq;
  const own = process.cpuUsage();
  return { wallMs: performance.now(), busyMs: busy, ownMs: (own.user + own.system) / 1000 };
}

/** Cores other processes kept busy between two samples, on average; undefined when the interval is too short to tell. */
export function othersBusyCores(from: CpuSample, to: CpuSample): number | undefined {
  const wall = to.wallMs - from.wallMs;
  if (!(wall >= MIN_INTERVAL_MS) || !(to.busyMs >= from.busyMs)) return undefined;
  return Math.max(0, (to.busyMs - from.busyMs - (to.ownMs - from.ownMs)) / wall);
}

/** Threads runnable now other than the caller, from /proc/loadavg's "running/total" field; undefined if unreadable. */
export function othersRunnable(procLoadavg: string): number | undefined {
  const m = /^\S+ \S+ \S+ (\d+)\//.exec(procLoadavg);
  return m === null ? undefined : Math.max(0, Number(m[1]) - 1);
}

/** What other processes use this instant (first thing, before any interval), falling back on the load average. */
export function othersBusyNow(): number {
  let text = '';
  try {
    text = readFileSync('/proc/loadavg', 'utf8');
  } catch {
    // Not Linux: no instant count.
  }
  return othersRunnable(text) ?? loadavg()[0]!;
}

/**
 * What other processes used since `start` (the CLI's first sample; none: from now), waiting
 * out the rest of MIN_INTERVAL_MS when less has passed (at most 50 ms, and only asked when a
 * run would take several threads on idle cores, i.e. when it lasts seconds); the load average
 * where the cores' times are unreadable.
 */
export async function othersBusySince(start: CpuSample | undefined): Promise<number> {
  const from = start ?? sampleCpu();
  const left = from.wallMs + MIN_INTERVAL_MS - performance.now();
  if (left > 0) await new Promise((resolve) => setTimeout(resolve, left + 1));
  return othersBusyCores(from, sampleCpu()) ?? loadavg()[0]!;
}
