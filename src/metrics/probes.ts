/**
 * Instrumentation beyond the standard figures, for checking the engine against theory and for
 * teaching: a recorder tee, a Poisson sampler of the number of requests at each server, and a
 * probe of session arrivals and durations. A plain run uses none of them, so the hot path pays
 * nothing for their existence; attached, they observe without changing the run (the sampler
 * draws from its own stream and its events change no state).
 */
import type { RandomStream, RandomStreams } from '../engine/random.js';
import { EventKind } from '../model/event-kinds.js';
import type { Counter, EventRecord, FailureReason, Gauge, LossCause, Recorder } from '../model/recorder.js';
import type { Session } from '../model/session.js';
import type { World } from '../model/world.js';

/** Forwards every report to two recorders, the first one first. */
export class TeeRecorder implements Recorder {
  constructor(
    private readonly first: Recorder,
    private readonly second: Recorder,
  ) {}
  sessionStarted(session: Session, now: number): void {
    this.first.sessionStarted(session, now);
    this.second.sessionStarted(session, now);
  }
  sessionEnded(session: Session, now: number): void {
    this.first.sessionEnded(session, now);
    this.second.sessionEnded(session, now);
  }
  sessionLost(session: Session, cause: LossCause, now: number): void {
    this.first.sessionLost(session, cause, now);
    this.second.sessionLost(session, cause, now);
  }
  sessionExpired(session: Session, now: number): void {
    this.first.sessionExpired(session, now);
    this.second.sessionExpired(session, now);
  }
  requestCompleted(now: number, latency: number, server: number): void {
    this.first.requestCompleted(now, latency, server);
    this.second.requestCompleted(now, latency, server);
  }
  requestFailed(now: number, reason: FailureReason, server: number): void {
    this.first.requestFailed(now, reason, server);
    this.second.requestFailed(now, reason, server);
  }
  storeOperation(now: number, queueDelay: number): void {
    this.first.storeOperation(now, queueDelay);
    this.second.storeOperation(now, queueDelay);
  }
  serverAvailability(now: number, server: number, alive: boolean): void {
    this.first.serverAvailability(now, server, alive);
    this.second.serverAvailability(now, server, alive);
  }
  event(record: EventRecord): void {
    this.first.event(record);
    this.second.event(record);
  }
  nextWorkSample(t: number): number {
    return Math.min(this.first.nextWorkSample?.(t) ?? Infinity, this.second.nextWorkSample?.(t) ?? Infinity);
  }
  serverBilled(now: number, server: number, billed: boolean): void {
    this.first.serverBilled?.(now, server, billed);
    this.second.serverBilled?.(now, server, billed);
  }
  workSample(now: number, busySeconds: Float64Array): void {
    this.first.workSample?.(now, busySeconds);
    this.second.workSample?.(now, busySeconds);
  }
  count(now: number, counter: Counter, amount: number): void {
    this.first.count(now, counter, amount);
    this.second.count(now, counter, amount);
  }
  gauge(now: number, gauge: Gauge, value: number): void {
    this.first.gauge(now, gauge, value);
    this.second.gauge(now, gauge, value);
  }
}

/** A recorder that ignores every report: extend it and override the few a probe needs. */
export class NullRecorder implements Recorder {
  sessionStarted(_session: Session, _now: number): void {}
  sessionEnded(_session: Session, _now: number): void {}
  sessionLost(_session: Session, _cause: LossCause, _now: number): void {}
  sessionExpired(_session: Session, _now: number): void {}
  requestCompleted(_now: number, _latency: number, _server: number): void {}
  requestFailed(_now: number, _reason: FailureReason, _server: number): void {}
  storeOperation(_now: number, _queueDelay: number): void {}
  serverAvailability(_now: number, _server: number, _alive: boolean): void {}
  event(_record: EventRecord): void {}
  count(_now: number, _counter: Counter, _amount: number): void {}
  gauge(_now: number, _gauge: Gauge, _value: number): void {}
}

export interface OccupancyOptions {
  /** Samples per simulated second (a Poisson process). */
  rate: number;
  /** Sample only from this time on (the warm-up). */
  from: number;
  /** Counts of `maxCount` or more requests are lumped into the last cell. */
  maxCount: number;
}

/**
 * The number of requests at each server (in service + queued: `Server.load`) observed at the
 * epochs of a Poisson process. Poisson Arrivals See Time Averages (PASTA, Wolff 1982): the
 * share of samples that find k requests estimates the time-average probability P(N = k), without
 * a hook on every queue change. The epochs come from the stream "probe:occupancy", never from
 * the workload's draws, and a sample changes no state, so the run itself is unchanged.
 */
export class OccupancySampler {
  private readonly counts: Float64Array;
  private readonly cells: number;
  private world: World | undefined;
  private random: RandomStream | undefined;
  /** Samples taken (each sees every server once). */
  samples = 0;

  constructor(
    private readonly serverCount: number,
    readonly options: OccupancyOptions,
  ) {
    this.cells = options.maxCount + 1;
    this.counts = new Float64Array(serverCount * this.cells);
  }

  attach(world: World, streams: RandomStreams): void {
    this.world = world;
    this.random = streams.stream('probe:occupancy');
    world.sim.on(EventKind.Sample, this.onSample.bind(this));
    world.sim.scheduleAt(this.options.from + this.gap(), EventKind.Sample);
  }

  private gap(): number {
    return -Math.log(1 - this.random!.next()) / this.options.rate;
  }

  private onSample(): void {
    const servers = this.world!.servers;
    for (let i = 0; i < this.serverCount; i++) {
      const k = servers[i]!.load;
      this.counts[i * this.cells + (k < this.options.maxCount ? k : this.options.maxCount)]!++;
    }
    this.samples++;
    this.world!.sim.schedule(this.gap(), EventKind.Sample);
  }

  /** P̂(N = k) for k = 0 … maxCount (the last cell: maxCount or more), of one server or pooled over all. */
  distribution(server?: number): number[] {
    const out = new Array<number>(this.cells).fill(0);
    const from = server ?? 0;
    const to = server === undefined ? this.serverCount : server + 1;
    for (let i = from; i < to; i++) for (let k = 0; k < this.cells; k++) out[k]! += this.counts[i * this.cells + k]!;
    const total = this.samples * (to - from);
    return out.map((c) => (total === 0 ? NaN : c / total));
  }

  /** Time-average number of requests in the whole system (all servers), if maxCount is never reached. */
  meanInSystem(): number {
    let sum = 0;
    for (let i = 0; i < this.serverCount; i++) for (let k = 0; k < this.cells; k++) sum += k * this.counts[i * this.cells + k]!;
    return this.samples === 0 ? NaN : sum / this.samples;
  }

  /** Samples that fell in the lumped last cell (must be 0 for meanInSystem to be exact). */
  get overflow(): number {
    let n = 0;
    for (let i = 0; i < this.serverCount; i++) n += this.counts[i * this.cells + this.options.maxCount]!;
    return n;
  }
}

/**
 * Session arrivals and answered requests counted per window, and durations of the sessions
 * that ended, within [from, to]: the raw material of Poisson-count and Little's-law checks.
 */
export class SessionProbe extends NullRecorder {
  readonly arrivalsPerWindow: Float64Array;
  readonly completionsPerWindow: Float64Array;
  /** Sessions that ended in [from, to], and the sum of their durations (seconds). */
  ended = 0;
  durationSum = 0;

  constructor(
    readonly from: number,
    readonly to: number,
    readonly window: number,
  ) {
    super();
    this.arrivalsPerWindow = new Float64Array(Math.max(0, Math.floor((to - from) / window)));
    this.completionsPerWindow = new Float64Array(this.arrivalsPerWindow.length);
  }

  override requestCompleted(now: number): void {
    const w = Math.floor((now - this.from) / this.window);
    if (now >= this.from && w < this.completionsPerWindow.length) this.completionsPerWindow[w]!++;
  }

  override sessionStarted(_session: Session, now: number): void {
    const w = Math.floor((now - this.from) / this.window);
    if (now >= this.from && w < this.arrivalsPerWindow.length) this.arrivalsPerWindow[w]!++;
  }

  override sessionEnded(session: Session, now: number): void {
    if (now < this.from || now > this.to) return;
    this.ended++;
    this.durationSum += now - session.startTime;
  }
}
