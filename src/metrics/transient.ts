/**
 * The series a warm-up detector reads: per fixed window from t = 0, the mean latency of the
 * requests answered in it and the time-average number of sessions in progress. Recorded by a
 * probe during pilot runs only (see src/experiment/warmup.ts), so measured runs pay nothing.
 */
import type { Session } from '../model/session.js';
import { NullRecorder } from './probes.js';

export interface TransientSeries {
  /** Window width (seconds). */
  window: number;
  /** Mean latency (ms) of requests answered in each window; an empty window repeats the previous value. */
  latencyMs: number[];
  /** Time-average of sessions in progress in each window. */
  activeSessions: number[];
}

export class TransientRecorder extends NullRecorder {
  private readonly latencySum: Float64Array;
  private readonly latencyCount: Float64Array;
  private readonly activeArea: Float64Array;
  private active = 0;
  private since = 0;

  constructor(
    readonly duration: number,
    readonly window: number,
  ) {
    super();
    const n = Math.max(1, Math.floor(duration / window + 1e-9));
    this.latencySum = new Float64Array(n);
    this.latencyCount = new Float64Array(n);
    this.activeArea = new Float64Array(n);
  }

  private windowOf(t: number): number {
    const w = Math.floor(t / this.window);
    return w < this.latencySum.length ? w : this.latencySum.length - 1;
  }

  override requestCompleted(now: number, latency: number): void {
    const w = this.windowOf(now);
    this.latencySum[w]! += latency;
    this.latencyCount[w]!++;
  }

  override sessionStarted(_session: Session, now: number): void {
    this.advance(now);
    this.active++;
  }

  override sessionEnded(_session: Session, now: number): void {
    this.advance(now);
    this.active--;
  }

  /** Spread `active` × elapsed time over the windows between `since` and `now`. */
  private advance(now: number): void {
    const to = Math.min(now, this.latencySum.length * this.window);
    let t = this.since;
    while (t < to) {
      const w = this.windowOf(t);
      const end = Math.min(to, (w + 1) * this.window);
      if (end <= t) break;
      this.activeArea[w]! += this.active * (end - t);
      t = end;
    }
    if (to > this.since) this.since = to;
  }

  series(): TransientSeries {
    this.advance(this.latencySum.length * this.window);
    const latencyMs: number[] = [];
    let last = 0;
    for (let w = 0; w < this.latencySum.length; w++) {
      if (this.latencyCount[w]! > 0) last = (this.latencySum[w]! / this.latencyCount[w]!) * 1000;
      latencyMs.push(last);
    }
    return { window: this.window, latencyMs, activeSessions: Array.from(this.activeArea, (a) => a / this.window) };
  }
}
