/**
 * Resolved configuration of the model's entities: every field filled in, durations in
 * seconds, sizes in bytes, distributions as plain specs. The scenario layer produces
 * these (with defaults and their sources documented there); the model only reads them.
 * Fields marked optional were added after the foundation: the scenario layer always fills
 * them, the model falls back to the same documented defaults (src/model/defaults.ts) so
 * hand-built configs keep working.
 */
import type { DistributionSpec } from '../engine/distributions.js';
import type { AutoscalerConfig } from './autoscaler/config.js';

export interface ClientNetworkConfig {
  /** Share of users behind carrier-grade NAT or a corporate proxy (they share few IPs). */
  natShare: number;
  /** How many public IPs those NATed users share. */
  natAddresses: number;
  /** Share of users whose browser refuses cookies. */
  cookieRefusal: number;
  /** How NATed users pick their shared address: evenly, or Zipf (a few huge groups, many small ones). */
  natGroupSizes: 'uniform' | 'zipf';
  /** Zipf exponent s of the NAT group sizes: P(address k) ∝ 1/k^s. */
  natZipfExponent: number;
  /** Users with their own address come from this many /24 subnets; null = anywhere (many /24s). */
  subnets: number | null;
  /** Share of users on mobile networks whose address changes during the session. */
  mobileShare: number;
  /** IP changes per second of a mobile user (Poisson: Wi-Fi ↔ cellular hand-overs). */
  ipChangeRate: number;
  /** Share of requests that arrive without the session id in the URL (bookmarks, shared links, new tabs). */
  urlIdMissing: number;
  /** Distinct URLs requests go to (the key of `hash` balancing on `url`). */
  pages: number;
  /** Zipf exponent of page popularity. */
  pageZipfExponent: number;
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
  /** Parallel requests of one user (tabs, XHR): off when share is 0. */
  concurrency?: ClientConcurrencyConfig;
  /** Attributes the session holds (per-attribute conflicts: Spring Session, in-memory maps). */
  sessionAttributes?: number;
  /** Logouts and bans: revoke the user's session or token mid-session. */
  revocation?: ClientRevocationConfig;
  /** Artillery phases one after another (replace arrivalRate); none after the last. */
  phases?: LoadPhase[];
  /** A daily curve (arrivalRate is its peak) or a flash crowd on top of the rate or the phases. */
  profile?: LoadProfile;
  /** What a user who finds their session gone does (absent: continue, the foundation's model). */
  onSessionLoss?: 'continue' | 'relogin' | 'abandon';
  relogin?: ClientReloginConfig;
}

export interface ClientReloginConfig {
  /** Server time of the login request (the password check), seconds. */
  serviceTime: DistributionSpec;
  /** With onSessionLoss abandon: the share of users who leave instead of logging in again. */
  abandonProbability: number;
}

/** An Artillery phase: `arrivalRate` new sessions per second, ramping linearly to `rampTo` if given. */
export interface LoadPhase {
  name: string | null;
  /** Seconds. */
  duration: number;
  arrivalRate: number;
  rampTo: number | null;
}

export type LoadProfile =
  /** λ peaks at arrivalRate at `peakHour`, arrivalRate / peakToTrough twelve hours away (a cosine). */
  | { type: 'diurnal'; peakHour: number; peakToTrough: number; startHour: number; timeScale: number }
  /** λ × factor on [at, at + duration) (seconds). */
  | { type: 'spike'; at: number; duration: number; factor: number };

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
  /** One request of a session at a time per server (a per-session lock), like PHP's files handler. */
  serializeSessionRequests?: boolean;
  /** Clock offsets of the servers spread evenly over [-clockSkew, +clockSkew] (seconds). */
  clockSkew?: number;
  /** Balancing weight per initial server (HAProxy `weight`, default 1). */
  weights: number[];
  /** Random crashes and repairs of every server, or null for none. */
  failures: RandomFailureConfig | null;
}

/** Random server failures: time between failures and time to repair, per server. */
export interface RandomFailureConfig {
  /** Time from a repair (or the start) to the next crash: MTBF is its mean. */
  timeBetweenFailures: DistributionSpec;
  /** Time a crashed server stays dead: MTTR is its mean. */
  timeToRepair: DistributionSpec;
}

export type BalancingAlgorithm = 'round-robin' | 'least-connections' | 'random' | 'power-of-d' | 'hash';

/** What a hash balancer hashes. */
export type HashKey = 'client-ip' | 'session-id' | 'url';
/** `modulo`: HAProxy `hash-type map-based` / NGINX `hash`; `consistent`: a hash ring. */
export type HashingMethod = 'modulo' | 'consistent';
/** How a client address is hashed: HAProxy `balance source` (whole address) or NGINX `ip_hash` (first three octets). */
export type IpHashStyle = 'source' | 'ip_hash';

export interface HashConfig {
  key: HashKey;
  hashing: HashingMethod;
  ipHash: IpHashStyle;
  /** Ring points per unit of weight (HAProxy 16, NGINX/ketama 160). */
  pointsPerWeight: number;
  /** Bounded load: no server above balanceFactor × mean load (HAProxy `hash-balance-factor` / 100); 0 = off. */
  balanceFactor: number;
}

export interface HealthCheckConfig {
  /** Active checks run at all (HAProxy `check`); off, servers are only ever taken out passively. */
  enabled: boolean;
  /** Seconds between checks of one server. */
  interval: number;
  /** Consecutive successes to mark a DOWN server UP. */
  rise: number;
  /** Consecutive failures to mark an UP server DOWN. */
  fall: number;
}

export interface PassiveHealthConfig {
  /** `nginx`: max_fails within fail_timeout; `envoy`: outlier detection on consecutive 5xx. */
  type: 'none' | 'nginx' | 'envoy';
  /** NGINX `max_fails`. */
  maxFails: number;
  /** NGINX `fail_timeout` (seconds): the window for counting failures and the time out. */
  failTimeout: number;
  /** Envoy `consecutive_5xx`. */
  consecutive5xx: number;
  /** Envoy `base_ejection_time` (seconds), multiplied by the number of ejections. */
  baseEjectionTime: number;
  /** Envoy `max_ejection_time` (seconds). */
  maxEjectionTime: number;
  /** Envoy `max_ejection_percent` (at least one host may always be ejected). */
  maxEjectionPercent: number;
  /** Envoy `interval` (seconds): the sweep that returns ejected hosts. */
  interval: number;
}

export interface RedundancyConfig {
  /** An active/standby pair (keepalived/VRRP-style) instead of a single balancer. */
  standby: boolean;
  /** Seconds from the active balancer's death until the standby owns the address. */
  takeover: number;
}

export interface LoadBalancerConfig {
  algorithm: BalancingAlgorithm;
  healthCheck: HealthCheckConfig;
  /** Servers drawn by `power-of-d` (HAProxy `random(2)`, Envoy least_request choice_count 2). */
  choices: number;
  /** Hashing of `algorithm: hash` (and the default for ip-hash affinity). */
  hash: HashConfig;
  passive: PassiveHealthConfig;
  /** Seconds over which a server back UP ramps its weight from 1 % to 100 % (HAProxy `slowstart`); 0 = off. */
  slowStart: number;
  /** Connection retries to a dead server before giving up (HAProxy `retries`). */
  retries: number;
  /** Pause between retries (HAProxy: min(`timeout connect`, 1 s)). */
  retryDelay: number;
  /** Send the last retry to another server (HAProxy `option redispatch`). */
  redispatch: boolean;
  /** Keep sending pinned clients to their server even when it is marked DOWN (HAProxy `option persist`). */
  persist: boolean;
  /** A draining server keeps its pinned clients (HAProxy `drain`); false = it gets nothing (ALB deregistration). */
  drainKeepsPinned: boolean;
  redundancy: RedundancyConfig;
}

/** What happens to a pinned client once its server is marked DOWN. */
export type AfterDown = 're-pin' | 'return';

/** Per-strategy routing: affinity details and the balancer options a strategy may override. */
export interface RoutingConfig {
  /** Hashing for ip-hash affinity and for `balance: hash`. */
  hash: HashConfig;
  /** Cookie insert: ignore a cookie idle longer than this (HAProxy `maxidle`), seconds; null = never. */
  maxIdle: number | null;
  /** Cookie insert: ignore a cookie older than this (HAProxy `maxlife`), seconds; null = never. */
  maxLife: number | null;
  stickTable: StickTableConfig;
  /** `re-pin` (HAProxy: the new server keeps the client for good) or `return` (back when recovered). */
  afterDown: AfterDown;
  redispatch: boolean;
  persist: boolean;
}

export interface StickTableConfig {
  /** Entries at most; a full table drops the least recently used (HAProxy `size`). */
  size: number;
  /** Entries expire this long after their last use (HAProxy `expire`), seconds; null = never. */
  expire: number | null;
  /** Replicated to the standby balancer (HAProxy `peers`). */
  replicated: boolean;
}

export type StoreKind = 'redis' | 'memcached' | 'database';

export interface StoreConfig {
  kind: StoreKind;
  /** Network round trip of one operation (seconds). */
  latency: DistributionSpec;
  /** Operations per second the store node executes (one at a time, FIFO). */
  opsPerSecond: number;
  /** Network bytes per second between an app server and the store (payload transfer time). */
  bandwidth: number;
  topology: StoreTopology;
  /** What a request does when the store cannot be reached. */
  unreachable: 'fail-closed' | 'fail-open';
  /** Serialised sessions are encrypted with AES-256-GCM and base64-encoded. */
  encryption: boolean;
  /** Key expiry (seconds); refreshed on every save (rolling) or fixed at creation (absolute). */
  ttl: number;
  ttlMode: 'rolling' | 'absolute';
  /** Bytes per node; 0 = unlimited. */
  maxMemory: number;
  evictionPolicy: EvictionPolicy;
  /** Keys sampled per eviction (Redis maxmemory-samples). */
  evictionSamples: number;
  /** Sharded: number of primaries (shards). */
  shards: number;
  /** Sharded: Redis Cluster hash slots, or Memcached client-side ketama. */
  sharding: 'cluster' | 'ketama';
  /** Replicas per primary (asynchronous replication). */
  replicas: number;
  /** Delay between a write's acknowledgement and its arrival at the replica (seconds). */
  replicationLag: DistributionSpec;
  /** Redis min-replicas-to-write / min-replicas-max-lag. */
  minReplicasToWrite: number;
  minReplicasMaxLag: number;
  /** WAIT numreplicas after every write (0 = don't), with its timeout (seconds). */
  waitReplicas: number;
  waitTimeout: number;
  sentinel: { downAfter: number; promotion: DistributionSpec };
  cluster: { nodeTimeout: number; requireFullCoverage: boolean };
  memcachedClient: { failureLimit: number; retryTimeout: number };
}

export type StoreTopology = 'single' | 'primary-replica' | 'sharded';
export type EvictionPolicy = 'noeviction' | 'allkeys-lru' | 'volatile-lru' | 'volatile-ttl';

export interface ClientConcurrencyConfig {
  /** Share of requests (after a session's first) that fire one parallel request. */
  share: number;
  /** When the parallel request starts after the one that fires it (seconds). */
  delay: DistributionSpec;
}

export interface ClientRevocationConfig {
  /** Share of sessions that are revoked (logout everywhere, ban, password change). */
  share: number;
  /** Time from the session's start to its revocation (seconds). */
  after: DistributionSpec;
}

/** CPU costs on an application server core (seconds), built in or measured by `session-sim calibrate`. */
export interface CostProfile {
  source: string;
  jsonSerializePerKB: number;
  jsonParsePerKB: number;
  aesGcmPerKB: number;
  jwt: Record<JwtAlgorithm, { sign: number; verify: number }>;
}

export interface TokenServiceConfig {
  /** Network round trip between an app server and the token service (seconds). */
  latency: DistributionSpec;
  /** Requests the token service handles at once (cores). */
  workers: number;
  /** Handler time per token besides signing (seconds). */
  serviceTime: number;
}

export type SessionMiddleware = 'express-session' | 'spring-session' | 'php';
export type ConflictHandling = 'last-writer-wins' | 'lock' | 'compare-and-set';
export type StickyBackup = 'none' | 'write-through' | 'write-behind';

export type JwtAlgorithm = 'HS256' | 'RS256' | 'ES256' | 'EdDSA';

export type Affinity = 'cookie' | 'url' | 'ip-hash' | 'stick-table';

/** `balance` is the algorithm for requests without affinity (HAProxy's keyword). */
export type StrategyConfig =
  | {
      name: string;
      type: 'sticky';
      affinity: Affinity;
      balance: BalancingAlgorithm;
      routing: RoutingConfig;
      /** Copy of the session in the store: none, written synchronously, or flushed later. */
      backup?: StickyBackup;
      /** Write-behind: how long a write waits before it is flushed to the store (seconds). */
      writeBehindDelay?: number;
      /** This strategy's own store (the scenario's, with its overrides); default the scenario's. */
      store?: StoreConfig;
    }
  | {
      name: string;
      type: 'external';
      balance: BalancingAlgorithm;
      routing: RoutingConfig;
      /** How the framework reads and writes the session (defaults to express-session). */
      middleware?: SessionMiddleware;
      /** What happens when two requests of one session write it (default from the middleware). */
      conflicts?: ConflictHandling;
      /** express-session `resave`: write the whole session back even when unmodified. */
      resave?: boolean;
      /** Locking: phpredis lock_wait_time, lock_retries, lock_expire (seconds, count, seconds). */
      lockWait?: number;
      lockRetries?: number;
      lockExpire?: number;
      /** Compare-and-set: retries before the write fails. */
      casRetries?: number;
      store?: StoreConfig;
    }
  | {
      name: string;
      type: 'jwt';
      balance: BalancingAlgorithm;
      routing: RoutingConfig;
      /** Signing algorithm (sets token size and verify cost). */
      algorithm: JwtAlgorithm;
      /** Access-token lifetime (seconds). */
      accessTtl: number;
      /** The client refreshes when less than this is left (seconds). */
      refreshBefore: number;
      /** Bytes of claims in the token payload. */
      claimsSize: number;
      /** Clock-skew tolerance when checking exp/nbf (seconds). */
      leeway?: number;
      /** Refresh-token lifetime from login (seconds). */
      refreshTtl?: number;
      /** Where the non-auth session data lives: an encrypted cookie, or the shared store. */
      data?: 'client' | 'store';
      /** Revocation: none (valid until expiry) or a deny-list checked on every request. */
      revocation?: 'none' | 'deny-list';
      store?: StoreConfig;
    };

export type StrategyType = StrategyConfig['type'];

export type TimelineEvent =
  | { at: number; type: 'server-crash'; server: number; downFor: number | null }
  | { at: number; type: 'server-recover'; server: number }
  | { at: number; type: 'store-outage'; downFor: number | null; flush: boolean }
  | { at: number; type: 'store-recover'; node?: number | null }
  | { at: number; type: 'store-crash'; node: number; downFor: number | null }
  | { at: number; type: 'store-failover'; node: number }
  | { at: number; type: 'store-partition'; node: number; downFor: number }
  | { at: number; type: 'key-rotation'; overlap: number }
  | { at: number; type: 'token-service-outage'; downFor: number | null }
  | { at: number; type: 'token-service-recover' }
  /** Add servers (new slots after the existing ones); they join the pool once health checks pass. */
  | { at: number; type: 'scale-out'; count: number; weight: number }
  /** Drain the highest-numbered servers for `drain` seconds, then remove them. */
  | { at: number; type: 'scale-in'; count: number; drain: number }
  /** Restart every server present, one at a time: drain, stop, start, wait until UP, pause. */
  | { at: number; type: 'rolling-restart'; drain: number; restartTime: number; pause: number }
  /** The active balancer dies; the standby takes over after redundancy.takeover. */
  | { at: number; type: 'lb-failover' }
  /** Put a server into drain (no new clients) without removing it. */
  | { at: number; type: 'server-drain'; server: number };

/** Everything a run needs: the resolved scenario. */
export interface SimulationConfig {
  name: string;
  description: string;
  /** Metric paths the scenario is about (its `highlight`): every report shows them. */
  highlight?: string[];
  seed: number;
  /** Simulated seconds. */
  duration: number;
  /** Seconds excluded from the start of every metric. */
  warmup: number;
  /**
   * The scenario said `warmup: "auto"`: simulate() / replicate() choose `warmup` from pilot
   * runs (MSER-5, src/experiment/warmup.ts) before measuring; until then `warmup` is 0.
   */
  autoWarmup?: boolean;
  clients: ClientConfig;
  servers: ServerConfig;
  loadBalancer: LoadBalancerConfig;
  store: StoreConfig;
  strategies: StrategyConfig[];
  events: TimelineEvent[];
  /** CPU costs (serialisation, encryption, token signing and verification). */
  costs?: CostProfile;
  tokenService?: TokenServiceConfig;
  /** Resizes the fleet from a measured metric (Kubernetes HPA, AWS target tracking); null or absent: a fixed fleet. */
  autoscaler?: AutoscalerConfig | null;
  /** Targets the run is judged against (`slo`); absent: no verdicts, exit 0. */
  slo?: SloConfig;
  /** Money (`prices`): absent, no cost figures. */
  prices?: PricesConfig;
}

/** US dollars per hour of a server, a store node, the token service; per GB of transfer. */
export interface PricesConfig {
  serverPerHour: number;
  storeNodePerHour: number;
  tokenServicePerHour: number;
  egressPerGB: number;
}

/** One target: a metric of the JSON contract bounded from above (`<`, `<=`) or below (`>`, `>=`). */
export interface SloTargetConfig {
  /** A path of the JSON contract, e.g. "latency.p99". */
  metric: string;
  op: '<' | '<=' | '>' | '>=';
  /** In the JSON's unit of the metric (milliseconds for latency, a share for rates). */
  bound: number;
}

export interface SloConfig {
  targets: SloTargetConfig[];
  /** Which strategies must meet every target for the run to pass: all, any (at least one), or these. */
  require: 'all' | 'any' | string[];
}
