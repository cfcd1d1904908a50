/**
 * The fleet as money and work: how many servers were paid for (launched, booting included,
 * until removed; a crashed server still costs) and how busy each one was, per window. Fed by
 * the Recorder's serverBilled and workSample hooks; MetricsRecorder owns one.
 *
 * Utilisation is busy-worker seconds over worker seconds of uptime. The busy seconds come from
 * each server's integral of busy workers (Server.accrue at every change of `busy`), sampled at
 * the window boundaries, so it costs nothing per request and is exact, not sampled.
 */

/** Fleet figures of the measurement window (DESIGN.md §4 `fleet`). */
export interface FleetMetrics {
  /** Server-hours paid for in the window: ∫ servers launched and not yet removed dt / 3600. */
  serverHours: number;
  /** Time-average of those servers. */
  meanServers: number;
  minServers: number;
  maxServers: number;
  /** With an autoscaler: actions that added / removed servers, and seconds its own reading was above its target. */
  scaleOuts?: number;
  scaleIns?: number;
  secondsAboveTarget?: number;
}

export interface FleetLedgerOptions {
  warmup: number;
  duration: number;
  window: number;
  windows: number;
  serverCount: number;
  workers: number;
}

export class FleetLedger {
  /** Billing changes per server: [time, billed, time, billed, ...]. */
  private readonly billing: number[][];
  /** Busy-worker seconds at each window boundary k·window (k = 0 … windows), per server. */
  private readonly busyAt: Float64Array;
  private sampled = 0;

  constructor(private readonly o: FleetLedgerOptions) {
    this.billing = Array.from({ length: o.serverCount }, () => []);
    this.busyAt = new Float64Array((o.windows + 1) * o.serverCount);
  }

  serverBilled(now: number, server: number, billed: boolean): void {
    const changes = this.billing[server]!;
    if ((changes.length > 0 && changes[changes.length - 1] === 1) === billed) return;
    changes.push(now, billed ? 1 : 0);
  }

  /** Fewest and most servers billed at once over the window (levels that lasted, not instants between two changes). */
  private extremes(): [number, number] {
    const { warmup, duration } = this.o;
    const changes: Array<[number, number]> = [];
    for (const c of this.billing) for (let k = 0; k < c.length; k += 2) changes.push([c[k]!, c[k + 1] === 1 ? 1 : -1]);
    changes.sort((a, b) => a[0] - b[0]);
    let level = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let j = 0; j < changes.length; ) {
      const t = changes[j]![0];
      while (j < changes.length && changes[j]![0] === t) level += changes[j++]![1];
      const until = j < changes.length ? changes[j]![0] : Infinity;
      if (Math.min(until, duration) > Math.max(t, warmup) || (t <= warmup && until > warmup)) {
        min = Math.min(min, level);
        max = Math.max(max, level);
      }
    }
    return min === Infinity ? [0, 0] : [min, max];
  }

  /** Busy seconds of every server from t = 0 to `now`, `now` being a window boundary (or the end). */
  workSample(now: number, busySeconds: Float64Array): void {
    const k = Math.min(this.o.windows, Math.ceil(now / this.o.window - 1e-9));
    const n = this.o.serverCount;
    for (let i = 0; i < n; i++) this.busyAt[k * n + i] = busySeconds[i]!;
    this.sampled = Math.max(this.sampled, k);
  }

  /** Seconds server i was billed within [from, to]. */
  billedSeconds(i: number, from: number, to: number): number {
    const changes = this.billing[i]!;
    let out = 0;
    for (let k = 0; k < changes.length; k += 2) {
      if (changes[k + 1] !== 1) continue;
      const a = Math.max(changes[k]!, from);
      const b = Math.min(k + 2 < changes.length ? changes[k + 2]! : Infinity, to);
      if (b > a) out += b - a;
    }
    return out;
  }

  summary(): FleetMetrics {
    const { warmup, duration, serverCount } = this.o;
    let seconds = 0;
    for (let i = 0; i < serverCount; i++) seconds += this.billedSeconds(i, warmup, duration);
    const span = Math.max(duration - warmup, 1e-9);
    const [min, max] = this.extremes();
    return { serverHours: round6(seconds / 3600), meanServers: round6(seconds / span), minServers: min, maxServers: max };
  }

  /** Mean servers billed per window k. */
  fleetPerWindow(): number[] {
    const { window, windows, duration, serverCount } = this.o;
    return Array.from({ length: windows }, (_, k) => {
      const from = k * window;
      const to = Math.min(duration, from + window);
      let s = 0;
      for (let i = 0; i < serverCount; i++) s += this.billedSeconds(i, from, to);
      return round6(s / Math.max(1e-9, to - from));
    });
  }

  /** Busy workers over workers during the server's uptime, per window and server: utilization[k][i] (0 when it was not up). */
  utilizationPerWindow(uptime: (i: number, from: number, to: number) => number): number[][] {
    const { window, windows, duration, serverCount, workers } = this.o;
    const n = serverCount;
    return Array.from({ length: windows }, (_, k) =>
      Array.from({ length: n }, (_, i) => {
        if (k + 1 > this.sampled) return 0;
        const up = uptime(i, k * window, Math.min(duration, (k + 1) * window));
        if (up <= 0) return 0;
        const busy = this.busyAt[(k + 1) * n + i]! - this.busyAt[k * n + i]!;
        return round6(Math.min(1, Math.max(0, busy / (workers * up))));
      }),
    );
  }
}

function round6(x: number): number {
  return x === 0 || !Number.isFinite(x) ? x : Number(x.toPrecision(6));
}
