/**
 * The fleet as money: how many servers were paid for (launched, booting included, until
 * removed; a crashed server still costs). Fed by the Recorder's serverBilled hook; MetricsRecorder
 * owns one and reports server-hours (what a price per server-hour multiplies).
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
}

export class FleetLedger {
  /** Billing changes per server: [time, billed, time, billed, ...]. */
  private readonly billing: number[][];

  constructor(private readonly o: FleetLedgerOptions) {
    this.billing = Array.from({ length: o.serverCount }, () => []);
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
}

function round6(x: number): number {
  return x === 0 || !Number.isFinite(x) ? x : Number(x.toPrecision(6));
}
