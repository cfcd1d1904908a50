/**
 * Run a scenario under one or several strategies. Each strategy gets a fresh world
 * built from the same seed, so all of them see the same users, requests and failures.
 */
import { RandomStreams } from '../engine/random.js';
import type { SimulationConfig, StrategyConfig } from '../model/config.js';
import type { EventRecord, Recorder } from '../model/recorder.js';
import { serverSlots } from '../model/fleet.js';
import { World } from '../model/world.js';
import { createWorldBase } from '../model/world-base.js';
import type { LatencyHistogram } from '../metrics/histogram.js';
import { TeeRecorder } from '../metrics/probes.js';
import { MetricsRecorder } from '../metrics/run-metrics.js';
import type { StrategyMetrics, Timeline } from '../metrics/strategy-metrics.js';
import { composeStrategy } from '../strategies/compose.js';
import { costOf } from './cost.js';
import { timelineWindow } from '../metrics/timeline-window.js';

export interface StrategyResult {
  name: string;
  type: StrategyConfig['type'];
  /** Plain-language: where this strategy keeps session state. */
  stateLocation: string;
  metrics: StrategyMetrics;
  /** Scenario events as they played out under this strategy. */
  events: EventRecord[];
  /** The whole run (warm-up included) as per-window series, for pictures and narration. */
  timeline: Timeline;
  /** Latency CDF of successful requests (whole measurement window): [ms, share ≤ ms] points. */
  latencyCdf: Array<[number, number]>;
  /** Simulator bookkeeping (not part of the byte-stable output: wall time varies). */
  stats: { eventsProcessed: number };
  /** The measured latencies themselves (mergeable across replications); not rendered. */
  latencyHistogram?: LatencyHistogram;
}

/** Instrumentation for validation and teaching; a plain run passes none and pays nothing. */
export interface RunOptions {
  /** A second recorder that sees every report of the model (through a TeeRecorder). */
  probe?: Recorder;
  /** Called with the world before it runs, e.g. to attach an OccupancySampler. */
  instrument?: (world: World, streams: RandomStreams) => void;
}

export function runStrategy(config: SimulationConfig, strategy: StrategyConfig, seed = config.seed, options: RunOptions = {}): StrategyResult {
  const streams = new RandomStreams(seed);
  const recorder = new MetricsRecorder({
    warmup: config.warmup,
    duration: config.duration,
    // One per server slot: servers added by scale-out are measured from when they exist.
    serverCount: serverSlots(config),
    window: timelineWindow(config.duration),
    workers: config.servers.workers,
    autoscaler: config.autoscaler != null,
  });
  const base = createWorldBase(config, streams, options.probe === undefined ? recorder : new TeeRecorder(recorder, options.probe));
  let world: World | undefined;
  const parts = composeStrategy(strategy, base, () => world!);
  world = new World(base, parts);
  recorder.bytesPerRequest = parts.state.bytesPerRequest;
  options.instrument?.(world, streams);
  world.run();
  return {
    name: strategy.name,
    type: strategy.type,
    stateLocation: parts.state.where,
    metrics: withCost(config, strategy, recorder),
    events: recorder.events,
    timeline: recorder.timeline(),
    latencyCdf: recorder.latencyCdf(),
    stats: { eventsProcessed: base.sim.eventsProcessed },
    latencyHistogram: recorder.latency,
  };
}

/** The run's figures, with the money they cost when the scenario has `prices`. */
function withCost(config: SimulationConfig, strategy: StrategyConfig, recorder: MetricsRecorder): StrategyMetrics {
  const metrics = recorder.summary();
  if (config.prices === undefined) return metrics;
  return { ...metrics, cost: costOf(config.prices, config, strategy, metrics, metrics.fleet.serverHours * 3600) };
}
