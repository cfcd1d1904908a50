/**
 * Measures one strategy's run: implements the model's Recorder and summarises into the
 * figures of DESIGN.md §4. Only what happens inside the measurement window
 * [warmup, duration] counts: requests by the time they end, sessions by the time they
 * start (a session lost in the window but started during warm-up is not counted, so
 * lostSessions / sessions is a proportion of one population).
 */
import {
  COUNTER_COUNT,
  Counter,
  FAILURE_REASON_NAMES,
  GAUGE_COUNT,
  Gauge,
  LOSS_CAUSE_NAMES,
  type EventRecord,
  FailureReason,
  type LossCause,
  type Recorder,
} from '../model/recorder.js';
import { DOUBLE_ZERO } from '../engine/doubles.js';
import type { Session } from '../model/session.js';
import { FleetLedger } from './fleet-metrics.js';
import { LatencyHistogram } from './histogram.js';
import { skew } from './statistics.js';
import { WindowSeries } from './window-series.js';
import { round, type StrategyMetrics, type Timeline } from './strategy-metrics.js';

export interface MetricsOptions {
  warmup: number;
  duration: number;
  serverCount: number;
  /** Width of the windows for windowed skew (seconds). */
  window: number;
  /** Workers per server (the denominator of utilisation). */
  workers: number;
  /** An autoscaler runs: report its actions and the time above its target. */
  autoscaler?: boolean;
}

export class MetricsRecorder implements Recorder {
  readonly latency = new LatencyHistogram();
  private requests = 0;
  private failed = 0;
  private readonly failures = new Float64Array(FAILURE_REASON_NAMES.length);
  private sessions = 0;
  private lostSessions = 0;
  private readonly lossByCause = new Float64Array(LOSS_CAUSE_NAMES.length);
  private expiredSessions = 0;
  private storeOps = 0;
  private storeQueueDelay = DOUBLE_ZERO;
  /** Store operations per whole second of simulated time. */
  private opsPerSecond = new Float64Array(64);
  /** Requests completed per server (window). */
  private readonly handled: Float64Array;
  /** Requests completed per (window, server), whole run. */
  private readonly windowCounts: Float64Array;
  private readonly windows: number;
  private readonly failedPerWindow: Float64Array;
  private readonly lostPerWindow: Float64Array;
  private readonly lostCausePerWindow: Float64Array;
  private readonly storeOpsPerWindow: Float64Array;
  /** ∫ active sessions dt per window. */
  private readonly activeAreaPerWindow: Float64Array;
  /** Up/down changes per server: [time, alive, time, alive, ...]. */
  private readonly availability: number[][];
  private active = 0;
  // Doubles from the start (the first fractional value comes at the warm-up's end: ../engine/doubles.ts).
  private activeArea = DOUBLE_ZERO;
  private activeSince = DOUBLE_ZERO;
  readonly events: EventRecord[] = [];
  bytesPerRequest = 0;
  private readonly counters = new Float64Array(COUNTER_COUNT);
  private readonly peaks = new Float64Array(GAUGE_COUNT);
  /** Gauge levels when the window opened (carried in from warm-up). */
  private readonly levels = new Float64Array(GAUGE_COUNT);
  private readonly storeMemoryPerWindow: Float64Array;
  private readonly arrivalsPerWindow: Float64Array;
  private readonly loginsPerWindow: Float64Array;
  private readonly tokenOpsPerWindow: Float64Array;
  /**
   * ∫ busy dt per server (Server.busySecondsAt, handed over by workSample) at the warm-up's end,
   * at the end of window k ([k·servers + i], k = 0 is t = 0), and at the run's end.
   */
  private readonly busyAtWarmup: Float64Array;
  private readonly busyAtWindowEnd: Float64Array;
  private readonly busyAtEnd: Float64Array;
  private readonly fleet: FleetLedger;
  private readonly series: WindowSeries;

  constructor(private readonly options: MetricsOptions) {
    this.handled = new Float64Array(options.serverCount);
    this.windows = Math.max(1, Math.ceil(options.duration / options.window));
    this.windowCounts = new Float64Array(options.serverCount * this.windows);
    this.failedPerWindow = new Float64Array(this.windows);
    this.lostPerWindow = new Float64Array(this.windows);
    this.lostCausePerWindow = new Float64Array(this.windows * LOSS_CAUSE_NAMES.length);
    this.storeOpsPerWindow = new Float64Array(this.windows);
    this.activeAreaPerWindow = new Float64Array(this.windows);
    this.storeMemoryPerWindow = new Float64Array(this.windows);
    this.arrivalsPerWindow = new Float64Array(this.windows);
    this.loginsPerWindow = new Float64Array(this.windows);
    this.tokenOpsPerWindow = new Float64Array(this.windows);
    this.availability = Array.from({ length: options.serverCount }, () => []);
    this.busyAtWarmup = new Float64Array(options.serverCount);
    this.busyAtWindowEnd = new Float64Array(options.serverCount * (this.windows + 1));
    this.busyAtEnd = new Float64Array(options.serverCount);
    this.fleet = new FleetLedger({ ...options, windows: this.windows });
    this.series = new WindowSeries({ windows: this.windows, window: options.window, duration: options.duration });
  }

  private windowOf(t: number): number {
    const w = Math.floor(t / this.options.window);
    return w < this.windows ? w : this.windows - 1;
  }

  private inWindow(t: number): boolean {
    return t >= this.options.warmup && t <= this.options.duration;
  }

  sessionStarted(session: Session, now: number): void {
    this.trackActive(now, +1);
    this.arrivalsPerWindow[this.windowOf(now)]!++;
    if (this.inWindow(session.startTime)) this.sessions++;
  }

  sessionEnded(_session: Session, now: number): void {
    this.trackActive(now, -1);
  }

  sessionLost(session: Session, cause: LossCause, now: number): void {
    if (session.lost) return;
    session.lost = true;
    this.lostPerWindow[this.windowOf(now)]!++;
    this.lostCausePerWindow[this.windowOf(now) * LOSS_CAUSE_NAMES.length + cause]!++;
    if (!this.inWindow(session.startTime)) return;
    this.lostSessions++;
    this.lossByCause[cause]!++;
  }

  sessionExpired(session: Session, _now: number): void {
    if (session.expired) return;
    session.expired = true;
    if (this.inWindow(session.startTime)) this.expiredSessions++;
  }

  requestCompleted(now: number, latency: number, server: number): void {
    const w = this.windowOf(now);
    this.windowCounts[w * this.options.serverCount + server]!++;
    this.series.completed(w, latency);
    if (now < this.options.warmup) return;
    this.requests++;
    this.latency.record(latency);
    this.handled[server]!++;
  }

  requestFailed(now: number, reason: FailureReason, _server: number): void {
    if (reason === FailureReason.TokenRevoked) {
      // Counted by the model in security.revokedTokenRejections; a response, not a failure.
      if (now >= this.options.warmup) this.requests++;
      return;
    }
    this.failedPerWindow[this.windowOf(now)]!++;
    if (now < this.options.warmup) return;
    this.requests++;
    this.failed++;
    this.failures[reason]!++;
  }

  storeOperation(now: number, queueDelay: number): void {
    this.storeOpsPerWindow[this.windowOf(now)]!++;
    if (now < this.options.warmup) return;
    this.storeOps++;
    this.storeQueueDelay += queueDelay;
    const sec = Math.floor(now);
    if (sec >= this.opsPerSecond.length) {
      const grown = new Float64Array(Math.max(sec + 1, this.opsPerSecond.length * 2));
      grown.set(this.opsPerSecond);
      this.opsPerSecond = grown;
    }
    this.opsPerSecond[sec]!++;
  }

  serverAvailability(now: number, server: number, alive: boolean): void {
    this.availability[server]!.push(now, alive ? 1 : 0);
  }

  event(record: EventRecord): void {
    this.events.push(record);
  }

  /** The next boundary after t: the warm-up's end, a window's end, or the run's end (work samples). */
  nextWorkSample(t: number): number {
    const { warmup, window, duration } = this.options;
    const windowEnd = (Math.floor(t / window + 1e-9) + 1) * window;
    if (t < warmup && warmup < windowEnd) return warmup;
    return Math.min(windowEnd, duration) > t ? Math.min(windowEnd, duration) : Infinity;
  }

  /** Every server's ∫ busy dt from 0 to `now`, `now` being a boundary nextWorkSample named. */
  workSample(now: number, busySeconds: Float64Array): void {
    const { warmup, window, duration, serverCount } = this.options;
    if (now === warmup) this.busyAtWarmup.set(busySeconds.subarray(0, serverCount));
    const k = Math.round(now / window);
    if (Math.abs(k * window - now) < 1e-9 && k <= this.windows) this.busyAtWindowEnd.set(busySeconds.subarray(0, serverCount), k * serverCount);
    if (now === duration) this.busyAtEnd.set(busySeconds.subarray(0, serverCount));
  }

  serverBilled(now: number, server: number, billed: boolean): void {
    this.fleet.serverBilled(now, server, billed);
  }

  /** Utilisation figures (see StrategyMetrics.utilization). */
  private utilization(): StrategyMetrics['utilization'] {
    const { warmup, duration, window, serverCount, workers } = this.options;
    let busy = 0;
    let capacity = 0;
    let busiest = 0;
    for (let i = 0; i < serverCount; i++) {
      const c = workers * this.uptime(i, warmup, duration);
      if (c <= 0) continue;
      const area = this.busyAtEnd[i]! - (warmup > 0 ? this.busyAtWarmup[i]! : 0);
      busy += area;
      capacity += c;
      busiest = Math.max(busiest, area / c);
    }
    // Over windows: as the windowed skew, whole windows after the warm-up (at least half long).
    let peakMean = 0;
    let peakBusiest = 0;
    let windowsMeasured = 0;
    for (let w = 0; w < Math.ceil(duration / window); w++) {
      const from = w * window;
      const to = Math.min(duration, from + window);
      if (from < warmup || to - from < window / 2) continue;
      windowsMeasured++;
      let wb = 0;
      let wc = 0;
      for (let i = 0; i < serverCount; i++) {
        const c = workers * this.uptime(i, from, to);
        if (c <= 0) continue;
        // The last window may end at the run's end, before its boundary.
        const end = (w + 1) * window <= duration ? this.busyAtWindowEnd[(w + 1) * serverCount + i]! : this.busyAtEnd[i]!;
        const a = end - this.busyAtWindowEnd[w * serverCount + i]!;
        wb += a;
        wc += c;
        peakBusiest = Math.max(peakBusiest, a / c);
      }
      if (wc > 0) peakMean = Math.max(peakMean, wb / wc);
    }
    const mean = capacity === 0 ? 0 : busy / capacity;
    // A run shorter than one whole window after its warm-up has no window to peak in: the
    // measured window is the only one, so its figures are the peaks (a peak is never below the mean).
    if (windowsMeasured === 0) {
      peakMean = mean;
      peakBusiest = busiest;
    }
    return {
      mean: round(mean, 6),
      busiestServer: round(busiest, 6),
      peakMean: round(peakMean, 6),
      peakBusiestServer: round(peakBusiest, 6),
    };
  }

  count(now: number, counter: Counter, amount: number): void {
    if (counter === Counter.Relogins) this.loginsPerWindow[this.windowOf(now)]! += amount;
    else if (counter === Counter.TokenServiceOps) this.tokenOpsPerWindow[this.windowOf(now)]! += amount;
    else if (counter === Counter.Revocations) this.series.revocations[this.windowOf(now)]! += amount;
    else if (counter === Counter.RevokedTokenAcceptances) this.series.revokedAccepted[this.windowOf(now)]! += amount;
    else if (counter === Counter.RevokedTokenRejections) this.series.revokedRejected[this.windowOf(now)]! += amount;
    else if (counter === Counter.RevocationExposureSeconds) this.series.exposed(now, amount);
    if (now < this.options.warmup || now > this.options.duration) return;
    this.counters[counter]! += amount;
  }

  gauge(now: number, gauge: Gauge, value: number): void {
    if (gauge === Gauge.StoreMemoryBytes) {
      const w = this.windowOf(now);
      if (value > this.storeMemoryPerWindow[w]!) this.storeMemoryPerWindow[w] = value;
    }
    if (now < this.options.warmup) this.levels[gauge] = value;
    else if (now <= this.options.duration && value > this.peaks[gauge]!) this.peaks[gauge] = value;
  }

  /** Integrate sessions-in-progress over time, for the window mean and the timeline. */
  private trackActive(now: number, delta: number): void {
    const { warmup, duration, window } = this.options;
    const to = Math.min(now, duration);
    let t = this.activeSince;
    if (to > t && this.active > 0) {
      const from = Math.max(t, warmup);
      if (to > from) this.activeArea += this.active * (to - from);
      while (t < to) {
        const w = this.windowOf(t);
        const end = Math.min(to, (w + 1) * window);
        this.activeAreaPerWindow[w]! += this.active * (end - t);
        if (end <= t) break;
        t = end;
      }
    }
    if (to > this.activeSince) this.activeSince = to;
    this.active += delta;
  }

  /** Seconds server i was alive within [from, to]. */
  private uptime(i: number, from: number, to: number): number {
    const changes = this.availability[i]!;
    let up = 0;
    for (let k = 0; k < changes.length; k += 2) {
      if (changes[k + 1] !== 1) continue;
      const start = changes[k]!;
      const end = k + 2 < changes.length ? changes[k + 2]! : Infinity;
      const a = Math.max(start, from);
      const b = Math.min(end, to);
      if (b > a) up += b - a;
    }
    return up;
  }

  /** The whole run as per-window series (call after the run). */
  timeline(): Timeline {
    const { serverCount, window, duration } = this.options;
    this.trackActive(duration, 0);
    const rows = (f: (k: number) => number[]) => Array.from({ length: this.windows }, (_, k) => f(k));
    return {
      window,
      requests: rows((k) => Array.from(this.windowCounts.subarray(k * serverCount, (k + 1) * serverCount))),
      failed: Array.from(this.failedPerWindow),
      lost: Array.from(this.lostPerWindow),
      lostByCause: rows((k) => Array.from(this.lostCausePerWindow.subarray(k * LOSS_CAUSE_NAMES.length, (k + 1) * LOSS_CAUSE_NAMES.length))),
      activeSessions: rows((k) => [round(this.activeAreaPerWindow[k]! / Math.max(1e-9, Math.min(window, duration - k * window)), 4)]).map((x) => x[0]!),
      storeOps: Array.from(this.storeOpsPerWindow),
      uptime: rows((k) => Array.from({ length: serverCount }, (_, i) => round(this.uptime(i, k * window, Math.min(duration, (k + 1) * window)), 6))),
      storeMemory: Array.from(this.storeMemoryPerWindow),
      fleet: this.fleet.fleetPerWindow(),
      utilization: this.utilizationPerWindow(),
      arrivals: Array.from(this.arrivalsPerWindow),
      logins: Array.from(this.loginsPerWindow),
      tokenServiceOps: Array.from(this.tokenOpsPerWindow),
      p99: this.series.p99(),
      revocations: Array.from(this.series.revocations),
      revokedTokenAcceptances: Array.from(this.series.revokedAccepted),
      revokedTokenRejections: Array.from(this.series.revokedRejected),
      revokedTokensUsable: this.series.revokedUsable(),
    };
  }

  /** utilization[k][i]: server i's busy workers over workers during its uptime in window k (0 when it was not up). */
  private utilizationPerWindow(): number[][] {
    const { window, duration, serverCount: n, workers } = this.options;
    return Array.from({ length: this.windows }, (_, k) =>
      Array.from({ length: n }, (_, i) => {
        const up = this.uptime(i, k * window, Math.min(duration, (k + 1) * window));
        if (up <= 0) return 0;
        const end = (k + 1) * window <= duration ? this.busyAtWindowEnd[(k + 1) * n + i]! : this.busyAtEnd[i]!;
        return round(Math.min(1, Math.max(0, (end - this.busyAtWindowEnd[k * n + i]!) / (workers * up))), 6);
      }),
    );
  }

  /**
   * The latency distribution as [milliseconds, share of successful requests ≤ it] points
   * (the histogram's buckets, thinned to at most `points`), for CDF plots.
   */
  latencyCdf(points = 60): Array<[number, number]> {
    return this.latency.cdf(points).map(([v, p]) => [round(v * 1000, 4), round(p, 6)]);
  }

  summary(): StrategyMetrics {
    const { warmup, duration, serverCount, window } = this.options;
    const span = Math.max(duration - warmup, 1e-9);
    this.trackActive(duration, 0);

    // Load per server: handled requests per second of the server's uptime in the window.
    const rates: number[] = [];
    for (let i = 0; i < serverCount; i++) {
      const up = this.uptime(i, warmup, duration);
      if (up > 0) rates.push(this.handled[i]! / up);
    }
    const overall = skew(rates);

    // Windowed skew: worst max/mean over windows of the servers alive in them.
    let worst = 1;
    let final = 1;
    const windows = Math.ceil(duration / window);
    for (let w = 0; w < windows; w++) {
      const from = w * window;
      const to = Math.min(duration, from + window);
      if (from < warmup || to - from < window / 2) continue;
      const perServer: number[] = [];
      for (let i = 0; i < serverCount; i++) {
        const up = this.uptime(i, from, to);
        if (up > 0) perServer.push(this.windowCounts[w * serverCount + i]! / up);
      }
      const total = perServer.reduce((a, b) => a + b, 0);
      // A window with almost no traffic says nothing about balance.
      if (total * (to - from) < 10 * perServer.length) continue;
      const m = skew(perServer).maxOverMean;
      worst = Math.max(worst, m);
      final = m;
    }

    let peakOps = 0;
    for (let s = Math.floor(warmup); s < Math.min(this.opsPerSecond.length, Math.ceil(duration)); s++) {
      if (this.opsPerSecond[s]! > peakOps) peakOps = this.opsPerSecond[s]!;
    }

    const h = this.latency;
    const ms = (x: number) => (h.count === 0 ? 0 : round(x * 1000, 4));
    const c = this.counters;
    const latencySum = h.count === 0 ? 0 : h.mean() * h.count;
    const lockWaits = c[Counter.LockWaits]!;
    const revocations = c[Counter.Revocations]!;
    return {
      requests: this.requests,
      failedRequests: this.failed,
      failedRate: ratio(this.failed, this.requests),
      failuresByReason: named(FAILURE_REASON_NAMES, this.failures, 'token-revoked'),
      sessions: this.sessions,
      lostSessions: this.lostSessions,
      sessionLossRate: ratio(this.lostSessions, this.sessions),
      lossByCause: named(LOSS_CAUSE_NAMES, this.lossByCause),
      expiredSessions: this.expiredSessions,
      relogins: this.counters[Counter.Relogins]!,
      abandonedSessions: this.counters[Counter.AbandonedSessions]!,
      meanActiveSessions: round(this.activeArea / span, 4),
      throughput: round(h.count / span, 4),
      skew: {
        maxOverMean: round(overall.maxOverMean, 6),
        cov: round(overall.cov, 6),
        jain: round(overall.jain, 6),
        worstWindowMaxOverMean: round(worst, 6),
        finalWindowMaxOverMean: round(final, 6),
      },
      latency: { mean: ms(h.mean()), p50: ms(h.quantile(0.5)), p95: ms(h.quantile(0.95)), p99: ms(h.quantile(0.99)), max: ms(h.max()) },
      store: {
        ops: this.storeOps,
        peakOpsPerSecond: peakOps,
        meanQueueDelayMs: this.storeOps === 0 ? 0 : round((this.storeQueueDelay / this.storeOps) * 1000, 6),
        peakMemoryBytes: Math.round(Math.max(this.peaks[Gauge.StoreMemoryBytes]!, this.levels[Gauge.StoreMemoryBytes]!)),
        evictions: c[Counter.StoreEvictions]!,
        latencyShare: latencySum === 0 ? 0 : round(Math.min(1, c[Counter.StoreSeconds]! / latencySum), 6),
        lockWaits,
        meanLockWaitMs: lockWaits === 0 ? 0 : round((c[Counter.LockWaitSeconds]! / lockWaits) * 1000, 6),
        casRetries: c[Counter.CasRetries]!,
        writesLost: c[Counter.WritesLost]!,
      },
      bandwidth: { bytesPerRequest: this.bytesPerRequest },
      utilization: this.utilization(),
      lostUpdates: c[Counter.LostUpdates]!,
      security: {
        revocations,
        revokedTokenAcceptances: c[Counter.RevokedTokenAcceptances]!,
        revocationExposure: revocations === 0 ? 0 : round(c[Counter.RevocationExposureSeconds]! / revocations, 6),
        revokedTokenRejections: c[Counter.RevokedTokenRejections]!,
        expiredTokenAcceptances: c[Counter.ExpiredTokenAcceptances]!,
      },
      tokens: {
        issued: c[Counter.TokensIssued]!,
        recoveredFromStore: c[Counter.RecoveredFromStore]!,
      },
      fleet: {
        ...this.fleet.summary(),
        ...(this.options.autoscaler === true
          ? { scaleOuts: c[Counter.ScaleOuts]!, scaleIns: c[Counter.ScaleIns]!, secondsAboveTarget: round(c[Counter.SecondsAboveTarget]!, 6) }
          : {}),
      },
    };
  }
}

function named<N extends string, X extends N = never>(names: readonly N[], values: Float64Array, except?: X): Record<Exclude<N, X>, number> {
  const out = {} as Record<string, number>;
  names.forEach((n, i) => n !== except && (out[n] = values[i]!));
  return out as Record<Exclude<N, X>, number>;
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : round(a / b, 8);
}
