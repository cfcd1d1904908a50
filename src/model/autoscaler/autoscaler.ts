/**
 * Drives an autoscaler inside a run: reads the metric the real controller reads, asks the pure
 * controller (hpa.ts, target-tracking.ts) for a size, and resizes the fleet through fleet.ts
 * (launch: boot, then health checks, then slow start; terminate: pick a victim, drain, stop).
 *
 * Measurement costs nothing per request: each server integrates its busy workers when `busy`
 * changes (Server.accrue), and a scrape every metric window (HPA: metrics-server's 15 s;
 * target tracking: the CloudWatch period) takes differences of that integral and of the
 * handled-request counters, one pass over the server slots.
 */
import { makeDistribution, type Distribution } from '../../engine/distributions.js';
import type { RandomStream, RandomStreams } from '../../engine/random.js';
import { EventKind } from '../event-kinds.js';
import type { Fleet, FleetHost } from '../fleet.js';
import { Counter } from '../recorder.js';
import type { AutoscalerConfig, HpaConfig, TargetTrackingConfig } from './config.js';
import { HorizontalPodAutoscaler, type PodView } from './hpa.js';
import { TargetTracking } from './target-tracking.js';
import { chooseVictims, type Candidate } from './victims.js';
import { round3 } from '../round.js';

const Timer = { Scrape: 0, Sync: 1 } as const;
/** startedAt of a server still booting. */
const NOT_STARTED = -Infinity;

export class Autoscaler {
  /** 1 while slot i belongs to the group and is not being removed. */
  private readonly member: Uint8Array;
  private readonly launchedAt: Float64Array;
  /** When the process started (boot done); NOT_STARTED while booting. */
  private readonly startedAt: Float64Array;
  /** The Ready condition's last change as the controller saw it. */
  private readonly readyTransition: Float64Array;
  private readonly wasReady: Uint8Array;
  /** Integrals at the previous scrape, and the last window's usage (busy workers) and request rate. */
  private readonly lastBusy: Float64Array;
  private readonly lastHandled: Float64Array;
  private readonly usage: Float64Array;
  private readonly rate: Float64Array;
  private scrapedAt = 0;
  private scrapes = 0;
  private syncs = 0;
  private readonly hpa: HorizontalPodAutoscaler | null;
  private readonly tracking: TargetTracking | null;
  private readonly boot: Distribution;
  private readonly bootStream: RandomStream;
  private readonly workers: number;
  /** Seconds between scrapes and between decisions. */
  private readonly scrapeEvery: number;
  private readonly syncEvery: number;

  constructor(
    private readonly host: FleetHost,
    private readonly fleet: Fleet,
    private readonly config: AutoscalerConfig,
    streams: RandomStreams,
    initial: number,
  ) {
    const n = host.servers.length;
    this.member = new Uint8Array(n);
    this.launchedAt = new Float64Array(n);
    this.startedAt = new Float64Array(n).fill(NOT_STARTED);
    this.readyTransition = new Float64Array(n);
    this.wasReady = new Uint8Array(n);
    this.lastBusy = new Float64Array(n);
    this.lastHandled = new Float64Array(n);
    this.usage = new Float64Array(n);
    this.rate = new Float64Array(n);
    // The initial servers have run since long before t = 0: past any initialisation period or warm-up.
    for (let i = 0; i < initial; i++) {
      this.member[i] = 1;
      this.startedAt[i] = -1e9;
      this.readyTransition[i] = -1e9;
      this.wasReady[i] = 1;
    }
    this.workers = host.servers[0]?.workers ?? 1;
    this.boot = makeDistribution(config.bootTime);
    // Boot times have their own stream: drawing them shifts no workload draw.
    this.bootStream = streams.stream('autoscaler:boot');
    if (config.type === 'hpa') {
      this.hpa = new HorizontalPodAutoscaler(config);
      this.tracking = null;
      this.scrapeEvery = config.metricWindow;
      this.syncEvery = config.syncPeriod;
    } else {
      this.hpa = null;
      this.tracking = new TargetTracking(config);
      this.scrapeEvery = config.period;
      this.syncEvery = config.period;
    }
    fleet.onGone = (i) => (this.member[i] = 0);
    fleet.onBooted = (i) => this.started(i, host.sim.now);
    host.sim.on(EventKind.Autoscaler, this.onTimer.bind(this));
  }

  start(): void {
    this.host.sim.scheduleAt(this.scrapeEvery, EventKind.Autoscaler, Timer.Scrape);
    this.host.sim.scheduleAt(this.syncEvery, EventKind.Autoscaler, Timer.Sync);
  }

  private onTimer(timer: number): void {
    const sim = this.host.sim;
    if (timer === Timer.Scrape) {
      this.scrape();
      sim.scheduleAt(++this.scrapes * this.scrapeEvery + this.scrapeEvery, EventKind.Autoscaler, Timer.Scrape);
    } else {
      if (this.hpa !== null) this.syncHpa(this.config as HpaConfig);
      else this.syncTracking(this.config as TargetTrackingConfig);
      sim.scheduleAt(++this.syncs * this.syncEvery + this.syncEvery, EventKind.Autoscaler, Timer.Sync);
    }
  }

  /** The metrics pipeline: each server's busy workers and requests per second over the last window. */
  private scrape(): void {
    const h = this.host;
    const now = h.sim.now;
    const span = now - this.scrapedAt;
    for (let i = 0; i < h.servers.length; i++) {
      const s = h.servers[i]!;
      const busy = s.busySecondsAt(now);
      this.usage[i] = span > 0 ? (busy - this.lastBusy[i]!) / span : 0;
      this.rate[i] = span > 0 ? (s.handled - this.lastHandled[i]!) / span : 0;
      this.lastBusy[i] = busy;
      this.lastHandled[i] = s.handled;
      const ready = this.isReady(i) ? 1 : 0;
      if (ready !== this.wasReady[i]) {
        this.readyTransition[i] = ready ? this.fleet.upSinceOf(i) : now;
        this.wasReady[i] = ready;
      }
    }
    this.scrapedAt = now;
  }

  private started(i: number, now: number): void {
    this.startedAt[i] = now;
    this.readyTransition[i] = now;
    this.wasReady[i] = 0;
  }

  private isReady(i: number): boolean {
    const h = this.host;
    return h.servers[i]!.alive && h.health.up[i] === 1 && h.pool.provisioned[i] === 1;
  }

  /** Members not being removed: booting or running. */
  private members(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.member.length; i++) if (this.member[i] && !this.fleet.isRemoving(i)) out.push(i);
    return out;
  }

  // ── Kubernetes HPA ───────────────────────────────────────────────────────

  private syncHpa(c: HpaConfig): void {
    const h = this.host;
    const now = h.sim.now;
    const pods = this.members();
    const views: PodView[] = pods.map((i) => {
      const booting = this.fleet.booting[i] === 1 || this.startedAt[i] === NOT_STARTED;
      return {
        pending: booting,
        // metrics-server has a sample once a whole window ran since the container started.
        hasMetric: !booting && h.servers[i]!.alive && this.startedAt[i]! <= this.scrapedAt - c.metricWindow,
        ready: this.isReady(i),
        readyTransition: this.readyTransition[i]!,
        startTime: this.startedAt[i]!,
        usage: c.metric === 'cpu' ? this.usage[i]! : this.rate[i]!,
        request: this.workers,
      };
    });
    const d = this.hpa!.reconcile(now, pods.length, views, this.scrapedAt);
    if (d.limitedBy !== 'no metrics' && d.value > c.target) h.recorder.count(now, Counter.SecondsAboveTarget, c.syncPeriod);
    const metric = c.metric === 'cpu' ? `cpu ${pct(d.value)} (target ${pct(c.target)})` : `${round3(d.value)} requests/s per pod (target ${c.target})`;
    this.resize(pods, d.desired, `${metric}: ${d.metricReplicas} wanted${d.limitedBy === 'none' ? '' : `, ${d.limitedBy}`}`, d.value);
  }

  // ── AWS target tracking ──────────────────────────────────────────────────

  private syncTracking(c: TargetTrackingConfig): void {
    const h = this.host;
    const now = h.sim.now;
    const members = this.members();
    let value: number | null = null;
    let counted = 0;
    if (c.metric === 'cpu') {
      // ASGAverageCPUUtilization over instances in service and past their warm-up.
      let sum = 0;
      for (const i of members) {
        if (this.startedAt[i] === NOT_STARTED || !h.servers[i]!.alive || now < this.startedAt[i]! + c.instanceWarmup) continue;
        sum += this.usage[i]! / this.workers;
        counted++;
      }
      if (counted > 0) value = sum / counted;
    } else {
      // ALBRequestCountPerTarget: the period's requests (per minute) over the healthy targets.
      let requests = 0;
      for (let i = 0; i < this.member.length; i++) requests += this.rate[i]! * c.period;
      for (const i of members) if (this.isReady(i)) counted++;
      if (counted > 0) value = ((requests / counted) * 60) / c.period;
    }
    // The group keeps its size within [MinSize, MaxSize] whatever the alarms say.
    const desired = Math.min(c.maxReplicas, Math.max(c.minReplicas, members.length));
    const d = this.tracking!.evaluate(now, desired, value, counted);
    if (value !== null && value > c.target) h.recorder.count(now, Counter.SecondsAboveTarget, c.period);
    const metric = value === null ? 'no datapoint' : c.metric === 'cpu' ? `cpu ${pct(value)} (target ${pct(c.target)})` : `${round3(value)} requests per target (target ${c.target})`;
    this.resize(members, d.desired, `${metric}${d.alarm === 'none' ? '' : `, Alarm${d.alarm === 'high' ? 'High' : 'Low'}`}${d.limitedBy === 'none' ? '' : `, ${d.limitedBy}`}`, value ?? 0);
  }

  // ── acting on the decision ───────────────────────────────────────────────

  private resize(members: number[], desired: number, reason: string, value: number): void {
    const h = this.host;
    const now = h.sim.now;
    const from = members.length;
    if (desired === from) return;
    const c = this.config;
    if (desired > from) {
      const added: number[] = [];
      for (let k = from; k < desired; k++) {
        const i = this.fleet.launch(c.weight, Math.max(0, this.boot.sample(this.bootStream.next())));
        if (i < 0) break;
        this.member[i] = 1;
        this.launchedAt[i] = now;
        this.startedAt[i] = NOT_STARTED;
        this.wasReady[i] = 0;
        this.lastBusy[i] = h.servers[i]!.busySecondsAt(now);
        this.lastHandled[i] = h.servers[i]!.handled;
        added.push(i);
      }
      h.recorder.count(now, Counter.ScaleOuts, 1);
      h.recorder.event({ at: now, type: 'autoscaler-scale', details: { from, to: from + added.length, reason, metric: round3(value), added: names(added) } });
      return;
    }
    const victims = chooseVictims(c.victim, members.map((i) => this.candidate(i, now)), from - desired, now);
    const [drain, kill] = c.type === 'hpa' ? [Math.min(c.preStop, c.terminationGracePeriod), c.terminationGracePeriod] : [c.deregistrationDelay, c.deregistrationDelay];
    let pinned = 0;
    for (const i of victims) pinned += this.fleet.terminate(i, drain, kill);
    h.recorder.count(now, Counter.ScaleIns, 1);
    h.recorder.event({
      at: now,
      type: 'autoscaler-scale',
      details: { from, to: from - victims.length, reason, metric: round3(value), removing: names(victims), victim: c.victim, drainSeconds: drain, sessionsPinned: pinned },
    });
  }

  private candidate(i: number, now: number): Candidate {
    const h = this.host;
    return {
      server: i,
      booting: this.fleet.booting[i] === 1,
      ready: this.isReady(i),
      launchedAt: this.launchedAt[i]!,
      readySince: this.isReady(i) ? this.fleet.upSinceOf(i) : now,
      sessions: () => h.sessionsWithStateOn(i) + h.sessionsPinnedTo(i),
    };
  }
}

function names(slots: number[]): string {
  return slots.map((i) => `s${i}`).join(',');
}

function pct(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}
