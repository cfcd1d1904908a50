/**
 * What a World is made of: the parts every strategy shares (simulator, servers, health
 * checker, pool, passive checks, the users' reaction to a lost session), built once per run
 * from the configuration, and the parts a strategy plugs in (balancer, state model, store).
 */
import { Simulator } from '../engine/simulator.js';
import type { RandomStreams } from '../engine/random.js';
import type { SimulationConfig } from './config.js';
import { serverSlots } from './fleet.js';
import { HealthChecker } from './load-balancer/health-check.js';
import type { LoadBalancer } from './load-balancer/load-balancer.js';
import { PassiveHealth } from './load-balancer/passive-health.js';
import { ServerPool } from './load-balancer/server-pool.js';
import type { Recorder } from './recorder.js';
import { Server } from './server.js';
import type { SessionStore } from './session-store.js';
import { SessionLossWatch } from './session-loss.js';
import type { SessionStateModel } from './session-state/session-state.js';

/** What a strategy plugs into the world. */
export interface StrategyParts {
  loadBalancer: LoadBalancer;
  state: SessionStateModel;
  store: SessionStore | null;
}

export interface WorldOptions {
  config: SimulationConfig;
  streams: RandomStreams;
  recorder: Recorder;
  sim: Simulator;
  servers: Server[];
  health: HealthChecker;
  /** The balancer's view of the servers (provisioned, UP, draining, ejected). */
  pool: ServerPool;
  /** Passive health checks, when configured. */
  passive: PassiveHealth | null;
  /** Users who log in again or leave on a session loss (clients.onSessionLoss); null: they carry on. */
  lossWatch?: SessionLossWatch | null;
}

/**
 * Build the shared parts (simulator, servers, health checker, pool) a strategy wires into. One
 * slot per server that ever exists (scale-out slots included, not yet provisioned), so nothing
 * grows while the simulation runs.
 */
export function createWorldBase(config: SimulationConfig, streams: RandomStreams, measured: Recorder): WorldOptions {
  const onLoss = config.clients.onSessionLoss ?? 'continue';
  const lossWatch = onLoss === 'continue' ? null : new SessionLossWatch(measured, config.clients, streams.stream('session-loss'));
  const recorder: Recorder = lossWatch ?? measured;
  const slots = serverSlots(config);
  const servers = Array.from({ length: slots }, (_, i) => new Server(i, config.servers));
  const health = new HealthChecker(slots, config.loadBalancer.healthCheck);
  const pool = new ServerPool(health.up, config.loadBalancer.drainKeepsPinned);
  for (let i = 0; i < slots; i++) {
    if (i < config.servers.count) {
      pool.provision(i, config.servers.weights[i] ?? 1);
    } else {
      servers[i]!.alive = false;
      health.up[i] = 0;
      pool.refresh(i);
    }
  }
  return {
    config,
    streams,
    recorder,
    lossWatch,
    sim: new Simulator(1 << 14),
    servers,
    health,
    pool,
    passive: config.loadBalancer.passive.type === 'none' ? null : new PassiveHealth(config.loadBalancer.passive, pool),
  };
}
