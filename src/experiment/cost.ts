/**
 * Money: what the fleet a strategy ran on costs at the scenario's `prices`, per hour of the
 * measured window, per month (730 hours, AWS's month) and per million requests.
 *
 * - Servers: the server-hours billed in the window (fleet.serverHours: from launch, booting
 *   included, until removed; a crashed instance still bills, as EC2 bills a running instance
 *   whatever its application does) × serverPerHour, so cost.servers is fleet.serverHours ×
 *   the price ÷ the window's hours.
 * - Store: the strategy's store nodes (each primary and each replica: an ElastiCache node
 *   bills whatever its role) × storeNodePerHour, when the strategy uses a store (external;
 *   sticky with a backup; jwt with data or a deny-list in the store).
 * - Token service: jwt strategies, tokenServicePerHour.
 * - Transfer: the session bytes every request carries (cookies, the bearer token:
 *   bandwidth.bytesPerRequest) × requests per hour ÷ 2^30 × egressPerGB. This is how the
 *   bytes a JWT adds to every request show up in money.
 */
import type { PricesConfig, SimulationConfig, StoreConfig, StrategyConfig } from '../model/config.js';
import { round, type CostFigures, type StrategyMetrics } from '../metrics/strategy-metrics.js';

/** AWS bills a month as 730 hours. */
export const HOURS_PER_MONTH = 730;
const GB = 2 ** 30;

/** Store nodes a store bills for: (shards or 1) × (1 primary + replicas). */
export function storeNodes(store: StoreConfig): number {
  const primaries = store.topology === 'sharded' ? store.shards : 1;
  const replicas = store.topology === 'single' ? 0 : store.replicas;
  return primaries * (1 + replicas);
}

/** Does this strategy run a session store? */
export function usesStore(strategy: StrategyConfig): boolean {
  switch (strategy.type) {
    case 'external':
      return true;
    case 'sticky':
      return strategy.backup !== undefined && strategy.backup !== 'none';
    case 'jwt':
      return strategy.data === 'store' || strategy.revocation === 'deny-list';
  }
}

/**
 * The cost figures of one strategy's run (also what sweeps and plans report): `serverSeconds`
 * is the fleet's billed server-seconds in the measurement window (fleet.serverHours × 3600),
 * `metrics` the run's figures.
 */
export function costOf(prices: PricesConfig, config: SimulationConfig, strategy: StrategyConfig, metrics: Pick<StrategyMetrics, 'requests' | 'bandwidth'>, serverSeconds: number): CostFigures {
  const hours = Math.max(config.duration - config.warmup, 1e-9) / 3600;
  const servers = (serverSeconds / 3600 / hours) * prices.serverPerHour;
  const store = usesStore(strategy) ? storeNodes(strategy.store ?? config.store) * prices.storeNodePerHour : 0;
  const tokenService = strategy.type === 'jwt' ? prices.tokenServicePerHour : 0;
  const requestsPerHour = metrics.requests / hours;
  const egress = ((requestsPerHour * metrics.bandwidth.bytesPerRequest) / GB) * prices.egressPerGB;
  const perHour = servers + store + tokenService + egress;
  const money = (x: number) => round(x, 6);
  return {
    perHour: money(perHour),
    perMonth: money(perHour * HOURS_PER_MONTH),
    perMillionRequests: requestsPerHour === 0 ? 0 : money((perHour / requestsPerHour) * 1e6),
    servers: money(servers),
    store: money(store),
    tokenService: money(tokenService),
    egress: money(egress),
  };
}
