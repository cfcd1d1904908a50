/**
 * How each strategy composes the model parts. A strategy is (affinity, balancing
 * algorithm, where the state lives): the world, servers, clients and health checks are
 * the same for all of them.
 *
 *   sticky    affinity cookie | url | ip-hash | stick-table   + state in server memory
 *   external  no affinity, any algorithm         + state in the shared store
 *   jwt       no affinity, any algorithm         + state in a signed token
 */
import type { StrategyConfig } from '../model/config.js';
import { LoadBalancer, type AffinityMode } from '../model/load-balancer/load-balancer.js';
import type { Request } from '../model/session.js';
import type { FailureReason } from '../model/recorder.js';
import { SessionStore } from '../model/session-store.js';
import { ExternalStoreSessionState } from '../model/session-state/external-store.js';
import { InMemorySessionState } from '../model/session-state/in-memory.js';
import { SignedTokenSessionState } from '../model/session-state/signed-token.js';
import type { StrategyParts, World, WorldOptions } from '../model/world.js';

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
  switch (strategy.type) {
    case 'sticky':
      return {
        loadBalancer: balancer(strategy.affinity),
        state: new InMemorySessionState(servers, config.servers.sessionIdleTimeout, recorder),
        store: null,
      };
    case 'external': {
      const store = new SessionStore(config.store, streams.stream(`store:latency:${strategy.name}`));
      const failer = { fail: (req: Request, reason: FailureReason) => world().fail(req, reason) };
      return {
        loadBalancer: balancer('none'),
        state: new ExternalStoreSessionState(sim, store, config.servers.sessionIdleTimeout, recorder, failer),
        store,
      };
    }
    case 'jwt':
      return {
        loadBalancer: balancer('none'),
        state: new SignedTokenSessionState(strategy),
        store: null,
      };
  }
}
