/** Small fixtures for load-balancer tests: a pool of servers, sessions and requests without a world. */
import { RandomStream } from '../../src/engine/random.js';
import type { Affinity, BalancingAlgorithm, LoadBalancerConfig, RoutingConfig } from '../../src/model/config.js';
import { HealthChecker } from '../../src/model/load-balancer/health-check.js';
import { LoadBalancer } from '../../src/model/load-balancer/load-balancer.js';
import { PassiveHealth } from '../../src/model/load-balancer/passive-health.js';
import { ServerPool } from '../../src/model/load-balancer/server-pool.js';
import { Server } from '../../src/model/server.js';
import { Request, Session } from '../../src/model/session.js';
import { resolveScenario } from '../../src/scenario/load.js';

/** The loadBalancer section and one strategy's routing as a scenario would resolve them. */
export function resolvedLb(loadBalancer: object = {}, strategy: object = { type: 'sticky' }): { config: LoadBalancerConfig; routing: RoutingConfig } {
  const c = resolveScenario({ loadBalancer, strategies: [strategy] });
  return { config: c.loadBalancer, routing: c.strategies[0]!.routing };
}

export interface Rig {
  servers: Server[];
  health: HealthChecker;
  pool: ServerPool;
  passive: PassiveHealth | null;
  lb: LoadBalancer;
}

export function rig(options: {
  servers?: number;
  weights?: number[];
  algorithm?: BalancingAlgorithm;
  affinity?: Affinity | 'none';
  loadBalancer?: object;
  strategy?: object;
  seed?: number;
}): Rig {
  const n = options.servers ?? options.weights?.length ?? 4;
  const { config, routing } = resolvedLb(options.loadBalancer ?? {}, options.strategy ?? { type: 'sticky' });
  const servers = Array.from({ length: n }, (_, i) => new Server(i, { count: n, workers: 1, queueLimit: 64, serviceTime: { dist: 'constant', value: 0.01 }, sessionIdleTimeout: 1800, weights: [], failures: null }));
  const health = new HealthChecker(n, config.healthCheck);
  const pool = new ServerPool(health.up, config.drainKeepsPinned);
  for (let i = 0; i < n; i++) pool.provision(i, options.weights?.[i] ?? 1);
  const passive = config.passive.type === 'none' ? null : new PassiveHealth(config.passive, pool);
  const lb = new LoadBalancer({
    pool,
    servers,
    algorithm: options.algorithm ?? config.algorithm,
    affinity: options.affinity ?? 'none',
    routing,
    config,
    random: new RandomStream(options.seed ?? 1, 'lb:random:test'),
    passive,
  });
  return { servers, health, pool, passive, lb };
}

let nextSession = 0;
/** A session with the given address (and id), outside any world. */
export function session(ip = 0, id = nextSession++): Session {
  const s = new Session(id, 0, id + 1);
  s.ip = ip >>> 0;
  return s;
}

/** A request of `s` (not pooled). */
export function request(s: Session, page = 0): Request {
  const r = new Request(0);
  r.session = s;
  r.page = page;
  return r;
}

export const ip = (a: number, b: number, c: number, d: number): number => ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;

/** Counts of picks per server. */
export function tally(n: number, picks: Iterable<number>): number[] {
  const out = new Array<number>(n).fill(0);
  for (const p of picks) out[p]!++;
  return out;
}
