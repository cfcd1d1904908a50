/**
 * Resolved configuration of the model's entities: every field filled in, durations in
 * seconds, sizes in bytes, distributions as plain specs. The scenario layer produces
 * these (with defaults and their sources documented there); the model only reads them.
 */
import type { DistributionSpec } from '../engine/distributions.js';

export interface ClientNetworkConfig {
  /** Share of users behind carrier-grade NAT or a corporate proxy (they share few IPs). */
  natShare: number;
  /** How many public IPs those NATed users share. */
  natAddresses: number;
  /** Share of users whose browser refuses cookies. */
  cookieRefusal: number;
}

export interface ClientConfig {
  /** New sessions per second (Poisson). */
  arrivalRate: number;
  /** Requests a session sends (a count distribution, ≥ 1). */
  requestsPerSession: DistributionSpec;
  /** Pause between a response and the user's next request (seconds). */
  thinkTime: DistributionSpec;
  /** Serialised session size in bytes. */
  sessionData: number;
  /** Share of requests that modify the session (the rest only read it). */
  writeRatio: number;
  network: ClientNetworkConfig;
}

export interface ServerConfig {
  count: number;
  /** Requests served concurrently (threads, workers). */
  workers: number;
  /** Requests that may wait for a worker; one more is refused (503). */
  queueLimit: number;
  /** Application CPU time per request, excluding session handling (seconds). */
  serviceTime: DistributionSpec;
  /** In-memory sessions expire after this long without a request (seconds). */
  sessionIdleTimeout: number;
}

export type BalancingAlgorithm = 'round-robin' | 'least-connections' | 'random';

export interface HealthCheckConfig {
  /** Seconds between checks of one server. */
  interval: number;
  /** Consecutive successes to mark a DOWN server UP. */
  rise: number;
  /** Consecutive failures to mark an UP server DOWN. */
  fall: number;
}

export interface LoadBalancerConfig {
  algorithm: BalancingAlgorithm;
  healthCheck: HealthCheckConfig;
}

export type StoreKind = 'redis' | 'memcached' | 'database';

export interface StoreConfig {
  kind: StoreKind;
  /** Network round trip of one operation (seconds). */
  latency: DistributionSpec;
  /** Operations per second the store node executes (one at a time, FIFO). */
  opsPerSecond: number;
}

export type JwtAlgorithm = 'HS256' | 'RS256' | 'ES256' | 'EdDSA';

export type Affinity = 'cookie' | 'url' | 'ip-hash';

/** `balance` is the algorithm for requests without affinity (HAProxy's keyword). */
export type StrategyConfig =
  | { name: string; type: 'sticky'; affinity: Affinity; balance: BalancingAlgorithm }
  | { name: string; type: 'external'; balance: BalancingAlgorithm }
  | {
      name: string;
      type: 'jwt';
      balance: BalancingAlgorithm;
      /** Signing algorithm (sets token size and verify cost). */
      algorithm: JwtAlgorithm;
      /** Access-token lifetime (seconds). */
      accessTtl: number;
      /** The client refreshes when less than this is left (seconds). */
      refreshBefore: number;
      /** Bytes of claims in the token payload. */
      claimsSize: number;
    };

export type StrategyType = StrategyConfig['type'];

export type TimelineEvent =
  | { at: number; type: 'server-crash'; server: number; downFor: number | null }
  | { at: number; type: 'server-recover'; server: number }
  | { at: number; type: 'store-outage'; downFor: number | null; flush: boolean }
  | { at: number; type: 'store-recover' };

/** Everything a run needs: the resolved scenario. */
export interface SimulationConfig {
  name: string;
  description: string;
  seed: number;
  /** Simulated seconds. */
  duration: number;
  /** Seconds excluded from the start of every metric. */
  warmup: number;
  /**
   * The scenario said `warmup: "auto"`: simulate() / replicate() choose `warmup` from pilot
   * runs (MSER-5, src/strategies/warmup.ts) before measuring; until then `warmup` is 0.
   */
  autoWarmup?: boolean;
  clients: ClientConfig;
  servers: ServerConfig;
  loadBalancer: LoadBalancerConfig;
  store: StoreConfig;
  strategies: StrategyConfig[];
  events: TimelineEvent[];
}
