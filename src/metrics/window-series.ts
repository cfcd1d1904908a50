/**
 * Per-window series the report's time charts read beside the counts of run-metrics.ts: the
 * p99 of each window's successful requests (what k6's and Gatling's reports plot over time),
 * and the revocation story of a window (revocations, requests accepted with a revoked token,
 * requests refused by the deny-list, and how many revoked tokens servers would still accept).
 * Window k covers [k·window, (k+1)·window), warm-up included, like every timeline series.
 *
 * The p99 of a window comes from a histogram of its own, of the same log-linear kind as the
 * run's (src/metrics/histogram.ts) but at 2 % relative error (32 sub-buckets per octave,
 * ~8 KB a window): a window's p99 rests on a few hundred to a few thousand requests, whose
 * own sampling error is larger than that. Histograms are made on a window's first request.
 */
import { LatencyHistogram } from './histogram.js';

/** Round to `d` decimals (stable JSON). */
const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

export interface WindowSeriesOptions {
  windows: number;
  window: number;
  duration: number;
}

export class WindowSeries {
  private readonly latency: Array<LatencyHistogram | undefined>;
  readonly revocations: Float64Array;
  readonly revokedAccepted: Float64Array;
  readonly revokedRejected: Float64Array;
  /** ∫ revoked-but-still-usable tokens dt per window. */
  private readonly usableArea: Float64Array;

  constructor(private readonly o: WindowSeriesOptions) {
    this.latency = new Array(o.windows).fill(undefined);
    this.revocations = new Float64Array(o.windows);
    this.revokedAccepted = new Float64Array(o.windows);
    this.revokedRejected = new Float64Array(o.windows);
    this.usableArea = new Float64Array(o.windows);
  }

  /** A successful request's latency (seconds), in window w. */
  completed(w: number, latency: number): void {
    let h = this.latency[w];
    if (h === undefined) h = this.latency[w] = new LatencyHistogram({ relativeError: 0.02 });
    h.record(latency);
  }

  /**
   * A revoked token that stays usable from `now` for `seconds` (its exposure): counted as one
   * usable revoked token over [now, now + seconds], clipped at the run's end, window by window.
   */
  exposed(now: number, seconds: number): void {
    const { window, duration, windows } = this.o;
    const end = Math.min(duration, now + seconds);
    for (let k = Math.max(0, Math.floor(now / window)); k < windows && k * window < end; k++) {
      const a = Math.max(now, k * window);
      const b = Math.min(end, (k + 1) * window);
      if (b > a) this.usableArea[k]! += b - a;
    }
  }

  /** p99 of each window's successful requests, ms (null: no request succeeded in that window). */
  p99(): Array<number | null> {
    return this.latency.map((h) => (h === undefined || h.count === 0 ? null : round(h.quantile(0.99) * 1000, 4)));
  }

  /** Mean revoked tokens still accepted by the servers, per window. */
  revokedUsable(): number[] {
    const { window, duration } = this.o;
    return Array.from(this.usableArea, (area, k) => round(area / Math.max(1e-9, Math.min(window, duration - k * window)), 4));
  }
}
