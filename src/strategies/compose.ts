/**
 * How each strategy composes the model parts. A strategy is (affinity, balancing
 * algorithm, where the state lives): the world, servers, clients and health checks are
 * the same for all of them.
 *
 *   sticky    affinity cookie | url | ip-hash | stick-table   + state in server memory
 *             (+ backup: a store copy written through, or flushed behind)
 *   external  no affinity, any algorithm         + state in the shared store, read and
 *                                                  written the way the middleware does it
 *   jwt       no affinity, any algorithm         + state in a signed token (+ data in a
 *                                                  cookie or the store, + a deny-list)
 */
import type { StrategyConfig } from '../model/config.js';
import { DEFAULT_COSTS, SESSION_ATTRIBUTES, TOKEN_SERVICE_TIME, TOKEN_SERVICE_WORKERS } from '../model/defaults.js';
import { LoadBalancer, type AffinityMode } from '../model/load-balancer/load-balancer.js';
import type { Request } from '../model/session.js';
import type { FailureReason } from '../model/recorder.js';
import { SessionStore } from '../model/session-store.js';
import { ExternalStoreSessionState, defaultExternalOptions, type ExternalStoreOptions } from '../model/session-state/external-store.js';
import { InMemorySessionState } from '../model/session-state/in-memory.js';
import { StickyBackupSessionState } from '../model/session-state/sticky-backup.js';
import { WRITE_BEHIND_DELAY } from '../model/defaults.js';
import { SignedTokenSessionState } from '../model/session-state/signed-token.js';
import { TokenService } from '../model/token-service.js';
import type { World } from '../model/world.js';
import type { StrategyParts, WorldOptions } from '../model/world-base.js';

/** A token service 1 ms away with 2 cores and 0.5 ms of handler time per token (see the schema). */
const DEFAULT_TOKEN_SERVICE = {
  latency: { dist: 'constant' as const, value: 0.001 },
  workers: TOKEN_SERVICE_WORKERS,
  serviceTime: TOKEN_SERVICE_TIME,
};

/** Server clock offsets spread evenly over [−skew, +skew] (server 0 furthest behind). */
export function clockOffsets(servers: number, skew: number): Float64Array {
  const out = new Float64Array(servers);
  if (servers > 1) for (let i = 0; i < servers; i++) out[i] = skew * ((2 * i) / (servers - 1) - 1);
  return out;
}

/** Build a strategy's parts. `world()` gives the world once it exists (store replies fail requests through it). */
export function composeStrategy(strategy: StrategyConfig, base: WorldOptions, world: () => World): StrategyParts {
  const { config, streams, recorder, servers, sim } = base;
  // The strategy's own choices draw from its own stream, never from the workload's.
  const random = streams.stream(`lb:random:${strategy.name}`);
  const balancer = (affinity: AffinityMode) =>
    new LoadBalancer({
      pool: base.pool,
      servers,
      algorithm: strategy.balance,
      affinity,
      routing: strategy.routing,
      config: config.loadBalancer,
      random,
      passive: base.passive,
    });
  const concurrent = (config.clients.concurrency?.share ?? 0) > 0;
  const attributes = config.clients.sessionAttributes ?? SESSION_ATTRIBUTES;
  const costs = config.costs ?? DEFAULT_COSTS;
  const failer = { fail: (req: Request, reason: FailureReason) => world().fail(req, reason) };
  const newStore = () =>
    new SessionStore(strategy.store ?? config.store, {
      sim,
      recorder,
      latency: streams.stream(`store:latency:${strategy.name}`),
      internal: streams.stream(`store:internal:${strategy.name}`),
    });
  switch (strategy.type) {
    case 'sticky':
      if (strategy.backup !== undefined && strategy.backup !== 'none') {
        const store = newStore();
        return {
          loadBalancer: balancer(strategy.affinity),
          state: new StickyBackupSessionState(sim, store, servers, {
            mode: strategy.backup,
            writeBehindDelay: strategy.writeBehindDelay ?? WRITE_BEHIND_DELAY,
            idleTimeout: config.servers.sessionIdleTimeout,
            sessionBytes: config.clients.sessionData,
            attributes,
            concurrent,
            costs,
          }, recorder),
          store,
        };
      }
      return {
        loadBalancer: balancer(strategy.affinity),
        state: new InMemorySessionState(servers, config.servers.sessionIdleTimeout, recorder, {
          concurrent,
          attributes,
          serialize: config.servers.serializeSessionRequests ?? false,
          sim,
        }),
        store: null,
      };
    case 'external': {
      const store = newStore();
      const defaults = defaultExternalOptions(config.servers.sessionIdleTimeout, config.clients.sessionData, costs);
      const options: ExternalStoreOptions = {
        ...defaults,
        middleware: strategy.middleware ?? defaults.middleware,
        conflicts: strategy.conflicts ?? (strategy.middleware === 'php' ? 'lock' : defaults.conflicts),
        resave: strategy.resave ?? defaults.resave,
        lockWait: strategy.lockWait ?? defaults.lockWait,
        lockRetries: strategy.lockRetries ?? defaults.lockRetries,
        lockExpire: strategy.lockExpire ?? defaults.lockExpire,
        casRetries: strategy.casRetries ?? defaults.casRetries,
        attributes,
        concurrent,
      };
      return {
        loadBalancer: balancer('none'),
        state: new ExternalStoreSessionState(sim, store, options, recorder, failer),
        store,
      };
    }
    case 'jwt': {
      const needsStore = strategy.data === 'store' || strategy.revocation === 'deny-list';
      const store = needsStore ? newStore() : null;
      const data = strategy.data === 'store'
        ? new ExternalStoreSessionState(sim, store!, { ...defaultExternalOptions(config.servers.sessionIdleTimeout, config.clients.sessionData, costs), attributes, concurrent }, recorder, failer)
        : null;
      const tokenService = new TokenService(config.tokenService ?? DEFAULT_TOKEN_SERVICE, costs.jwt[strategy.algorithm].sign, streams.stream(`token-service:${strategy.name}`), sim);
      return {
        loadBalancer: balancer('none'),
        state: new SignedTokenSessionState(strategy, {
          costs,
          sessionBytes: config.clients.sessionData,
          clockOffsets: clockOffsets(servers.length, config.servers.clockSkew ?? 0),
          concurrent,
          sim,
          recorder,
          failer,
          tokenService,
          store,
          data,
        }),
        store,
      };
    }
  }
}
