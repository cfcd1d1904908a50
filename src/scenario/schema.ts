/**
 * The scenario file format: one zod definition that validates files, fills in defaults,
 * converts units, and exports the JSON Schema editors use (`session-sim schema`).
 * Every default names its source (a real system's setting, or why we chose it).
 */
import { z } from 'zod';
import type { DistributionSpec } from '../engine/distributions.js';
import { countDistribution, duration, durationDistribution, probability, size, warmupDuration } from './schema-units.js';
import { loadPhases, loadProfile, onSessionLoss, relogin } from './schema-load.js';
import { autoscalerSchema } from './schema-autoscaler.js';
import { highlight } from './schema-highlight.js';
import { sloSchema } from './schema-slo.js';
import { pricesSchema } from './schema-prices.js';

export { countDistribution, duration, durationDistribution, size, warmupDuration } from './schema-units.js';

// ── the scenario ───────────────────────────────────────────────────────────

// round-robin: HAProxy `roundrobin` (weighted); least-connections: HAProxy `leastconn`; random: HAProxy
// `random(1)` / NGINX `random`; power-of-d: HAProxy `random(2)`, Envoy `least_request`, NGINX `random two
// least_conn`; hash: HAProxy `balance source|uri|hdr`, NGINX `hash $key [consistent]`.
const balancing = z.enum(['round-robin', 'least-connections', 'random', 'power-of-d', 'hash']);

/** A mean time: a plain duration is the mean of an exponential (MTBF, MTTR); or any distribution. */
const meanTime = z.union([
  duration.transform((mean): DistributionSpec => ({ dist: 'exponential', mean })),
  durationDistribution,
]);

const hashKey = z.enum(['client-ip', 'session-id', 'url']);
const hashing = z.enum(['modulo', 'consistent']);
const ipHash = z.enum(['source', 'ip_hash']);
// HAProxy `hash-balance-factor` 150 = 1.5 × the mean load; 0 = off (HAProxy's default).
const balanceFactor = z.number().refine((v) => v === 0 || v >= 1, { error: '0 (off) or a factor >= 1 such as 1.25' });

const network = z.strictObject({
  natShare: probability.default(0).meta({ description: 'Share of users behind carrier-grade NAT or a corporate proxy.' }),
  natAddresses: z.number().int().min(1).default(8).meta({ description: 'Public IPs those NATed users share.' }),
  cookieRefusal: probability.default(0).meta({ description: 'Share of users whose browser refuses cookies.' }),
  // Carrier NAT and proxy populations are heavy-tailed: a few addresses carry most users (Zipf).
  natGroupSizes: z.enum(['uniform', 'zipf']).default('uniform').meta({ description: 'How NATed users spread over the shared addresses.' }),
  natZipfExponent: z.number().positive().default(1).meta({ description: 'Zipf exponent s of NAT group sizes: P(address k) ∝ 1/k^s.' }),
  subnets: z.number().int().min(1).nullable().default(null).meta({ description: 'Users with their own address come from this many /24s (a campus: 1); null = anywhere.' }),
  mobileShare: probability.default(1).meta({ description: 'Share of users whose address changes at ipChangeRate (mobile users).' }),
  ipChangeRate: z.number().min(0).default(0).meta({ description: 'Address changes per second of a mobile user (Wi-Fi ↔ cellular).' }),
  urlIdMissing: probability.default(0).meta({ description: 'Share of requests arriving without the URL session id (bookmarks, shared links).' }),
  pages: z.number().int().min(1).default(1000).meta({ description: 'Distinct URLs (the key of hash balancing on url).' }),
  // Web request popularity is Zipf-like with α ≈ 0.64–0.83 (Breslau et al., INFOCOM 1999).
  pageZipfExponent: z.number().min(0).default(0.8).meta({ description: 'Zipf exponent of page popularity.' }),
});

const clients = z.strictObject({
  arrivalRate: z.number().positive().default(10).meta({ description: 'New sessions per second (Poisson); the peak with a diurnal profile; unused with phases.' }),
  requestsPerSession: countDistribution.prefault({ dist: 'geometric', mean: 20 }),
  thinkTime: durationDistribution.prefault({ dist: 'exponential', mean: '5s' }),
  // A logged-in web session serialises to ≈ 200 B of JSON, a Java security context to ≈ 1.3 KB (REFERENCE.md).
  sessionData: size.prefault('1KB'),
  writeRatio: probability.default(0.2).meta({ description: 'Share of requests that modify the session.' }),
  network: network.prefault({}),
  concurrency: z
    .strictObject({
      share: probability.default(0).meta({ description: 'Share of requests (after the first of a session) that fire one parallel request of the same user (another tab, an XHR). 0 = one request at a time.' }),
      // Parallel XHRs of one page leave together.
      delay: durationDistribution.prefault(0),
    })
    .prefault({}),
  // A session is a map of a handful of attributes (user, cart, csrf token, flash): our choice.
  sessionAttributes: z.number().int().min(1).max(64).default(4).meta({ description: 'Attributes per session; a write changes one (per-attribute conflicts).' }),
  revocation: z
    .strictObject({
      share: probability.default(0).meta({ description: 'Share of sessions revoked (logout everywhere, ban, password change).' }),
      after: durationDistribution.prefault({ dist: 'uniform', min: 0, max: '10m' }),
    })
    .prefault({}),
  phases: loadPhases.optional(),
  profile: loadProfile.optional(),
  onSessionLoss,
  relogin,
});

/** Active health-check presets: HAProxy `inter 2s rise 2 fall 3`; AWS ALB target groups: every 30 s, 5 healthy, 2 unhealthy. */
export const HEALTH_CHECK_PRESETS = {
  haproxy: { interval: 2, rise: 2, fall: 3 },
  alb: { interval: 30, rise: 5, fall: 2 },
} as const;

const healthCheck = z
  .strictObject({
    preset: z.enum(['haproxy', 'alb']).default('haproxy'),
    // HAProxy `check` on the server line; off = only passive checks (Envoy without active health checking).
    enabled: z.boolean().default(true),
    interval: duration.optional(),
    rise: z.number().int().min(1).optional(),
    fall: z.number().int().min(1).optional(),
  })
  .transform((v) => {
    const p = HEALTH_CHECK_PRESETS[v.preset];
    return { enabled: v.enabled, interval: v.interval ?? p.interval, rise: v.rise ?? p.rise, fall: v.fall ?? p.fall };
  });

const passive = z.strictObject({
  type: z.enum(['none', 'nginx', 'envoy']).default('none'),
  // NGINX `server ... max_fails=1 fail_timeout=10s` (its defaults).
  maxFails: z.number().int().min(1).default(1),
  failTimeout: duration.prefault('10s'),
  // Envoy outlier_detection defaults: consecutive_5xx 5, base_ejection_time 30s, max_ejection_time 300s,
  // max_ejection_percent 10, interval 10s.
  consecutive5xx: z.number().int().min(1).default(5),
  baseEjectionTime: duration.prefault('30s'),
  maxEjectionTime: duration.prefault('300s'),
  maxEjectionPercent: z.number().min(0).max(100).default(10),
  interval: duration.prefault('10s'),
});

const hashOptions = z.strictObject({
  key: hashKey.default('client-ip'),
  // HAProxy's default `hash-type map-based`.
  hashing: hashing.default('modulo'),
  ipHash: ipHash.default('source'),
  // HAProxy `hash-type consistent`: 16 points × weight (NGINX/ketama: 160).
  pointsPerWeight: z.number().int().min(1).default(16),
  balanceFactor: balanceFactor.default(0),
});

const stickTable = z.strictObject({
  // HAProxy requires a size; 200k is the configuration manual's example (`stick-table type ip size 200k expire 30m`).
  size: z.number().int().min(1).default(204800),
  // HAProxy: without `expire`, entries never expire (only a full table drops them).
  expire: duration.optional(),
  replicated: z.boolean().default(false).meta({ description: 'Replicated to the standby balancer (HAProxy `peers`).' }),
});

const servers = z.strictObject({
  count: z.number().int().min(1).max(1000).default(4),
  workers: z.number().int().min(1).default(16),
  // Tomcat's acceptCount default is 100.
  queueLimit: z.number().int().min(0).default(100),
  serviceTime: durationDistribution.prefault({ dist: 'lognormal', mean: '20ms', p99: '150ms' }),
  // Servlet containers and Spring Session default to 30 minutes.
  sessionIdleTimeout: duration.prefault('30m'),
  // Tomcat and Jetty run a session's requests in parallel; PHP's files handler serialises them.
  serializeSessionRequests: z.boolean().default(false).meta({ description: 'One request of a session at a time per server (a per-session lock, as PHP files sessions).' }),
  // NTP keeps servers within milliseconds; skew is what goes wrong.
  clockSkew: duration.prefault(0),
  // HAProxy `weight` 0–256, default 1.
  weights: z.array(z.number().int().min(0).max(256)).optional(),
  failures: z
    .strictObject({
      mtbf: meanTime.meta({ description: 'Time between failures per server (a duration = mean of an exponential).' }),
      mttr: meanTime.meta({ description: 'Time to repair (a duration = mean of an exponential).' }),
    })
    .optional(),
});

const loadBalancer = z.strictObject({
  // HAProxy's long-standing default `balance roundrobin`.
  algorithm: balancing.default('round-robin'),
  healthCheck: healthCheck.prefault({}),
  // HAProxy `random(2)` and Envoy least_request choice_count: 2.
  choices: z.number().int().min(1).max(64).default(2),
  hash: hashOptions.prefault({}),
  passive: passive.prefault({}),
  // HAProxy `slowstart`: off unless set.
  slowStart: duration.prefault('0s'),
  // HAProxy `retries` 3; the pause between retries is min(`timeout connect`, 1 s).
  retries: z.number().int().min(0).max(100).default(3),
  retryDelay: duration.prefault('1s'),
  // HAProxy: `option redispatch` and `option persist` are off unless set.
  redispatch: z.boolean().default(false),
  persist: z.boolean().default(false),
  // HAProxy `drain` keeps persistent clients; AWS ALB deregistration sends a draining target nothing.
  drainKeepsPinned: z.boolean().default(true),
  redundancy: z
    .strictObject({
      standby: z.boolean().default(false),
      // keepalived/VRRP (RFC 5798): 3 × advert_int 1 s + skew (256 − priority 100)/256 s ≈ 3.6 s.
      takeover: duration.prefault('3.6s'),
    })
    .prefault({}),
});

const store = z.strictObject({
  kind: z.enum(['redis', 'memcached', 'database']).default('redis'),
  // One Redis round trip on 1 GbE ≈ 200 µs, with a tail (REFERENCE.md).
  latency: durationDistribution.prefault({ dist: 'lognormal', mean: '0.3ms', p99: '2ms' }),
  // Redis: ≈ 75k simple commands/s per instance without pipelining (REFERENCE.md).
  opsPerSecond: z.number().min(1).default(75000),
  // 1 Gbit/s Ethernet carries 125 MB/s (REFERENCE.md: 1 GbE round trip ≈ 200 µs).
  bandwidth: z.number().min(1).default(125e6).meta({ description: 'Network bytes per second between an app server and the store.' }),
  topology: z.enum(['single', 'primary-replica', 'sharded']).default('single'),
  // express-session passes store errors on (a 500): fail-closed.
  unreachable: z.enum(['fail-closed', 'fail-open']).default('fail-closed'),
  encryption: z.boolean().default(false).meta({ description: 'Sessions stored encrypted with AES-256-GCM and base64 (+28 B, × 4/3).' }),
  // connect-redis derives the TTL from the session cookie's maxAge: the app's idle timeout.
  ttl: duration.optional().meta({ description: 'Key expiry; default servers.sessionIdleTimeout.' }),
  // SET … EX and EXPIRE refresh the TTL on every request (rolling).
  ttlMode: z.enum(['rolling', 'absolute']).default('rolling'),
  // Redis maxmemory 0 (unlimited); Memcached -m 64 MB.
  maxMemory: size.optional().meta({ description: 'Bytes per node; 0 = unlimited. Default: redis 0, memcached 64MB.' }),
  // Redis maxmemory-policy noeviction; Memcached always evicts least recently used items.
  evictionPolicy: z.enum(['noeviction', 'allkeys-lru', 'volatile-lru', 'volatile-ttl']).optional(),
  // Redis maxmemory-samples 5.
  evictionSamples: z.number().int().min(1).max(64).default(5),
  shards: z.number().int().min(1).max(1000).default(3),
  // Redis Cluster hash slots; Memcached clients place keys on a ketama ring.
  sharding: z.enum(['cluster', 'ketama']).optional(),
  replicas: z.number().int().min(0).max(16).optional().meta({ description: 'Replicas per primary. Default: primary-replica 1, Redis Cluster 1, otherwise 0.' }),
  // Same-datacenter replication lag is about a millisecond with a tail (our choice; INFO replication shows it).
  replicationLag: durationDistribution.prefault({ dist: 'lognormal', mean: '1ms', p99: '10ms' }),
  // Redis min-replicas-to-write 0 (off), min-replicas-max-lag 10 s.
  minReplicasToWrite: z.number().int().min(0).default(0),
  minReplicasMaxLag: duration.prefault('10s'),
  waitReplicas: z.number().int().min(0).default(0).meta({ description: 'WAIT numreplicas after each write (0 = no WAIT).' }),
  waitTimeout: duration.prefault('100ms'),
  sentinel: z
    .strictObject({
      // Sentinel down-after-milliseconds 30000.
      downAfter: duration.prefault('30s'),
      // Agreement, leader election and promotion take about 1–3 s.
      promotion: durationDistribution.prefault({ dist: 'uniform', min: '1s', max: '3s' }),
    })
    .prefault({}),
  cluster: z
    .strictObject({
      // Redis Cluster cluster-node-timeout 15000, cluster-require-full-coverage yes.
      nodeTimeout: duration.prefault('15s'),
      requireFullCoverage: z.boolean().default(true),
    })
    .prefault({}),
  memcachedClient: z
    .strictObject({
      // The client marks a server dead after 5 failures and retries it after 30 s (REFERENCE.md).
      failureLimit: z.number().int().min(1).default(5),
      retryTimeout: duration.prefault('30s'),
    })
    .prefault({}),
});

const jwtTiming = z.strictObject({
  sign: duration,
  verify: duration,
});

/** CPU costs on one server core: `session-sim calibrate` writes a file of these. */
export const costProfile = z.strictObject({
  $schema: z.string().optional(),
  source: z.string().optional(),
  machine: z.string().optional(),
  jsonSerializePerKB: duration.optional(),
  jsonParsePerKB: duration.optional(),
  aesGcmPerKB: duration.optional(),
  jwt: z
    .strictObject({ HS256: jwtTiming.optional(), RS256: jwtTiming.optional(), ES256: jwtTiming.optional(), EdDSA: jwtTiming.optional() })
    .optional(),
});

const tokenService = z.strictObject({
  // A login/refresh endpoint in the same datacenter: about a millisecond away.
  latency: durationDistribution.prefault({ dist: 'lognormal', mean: '1ms', p99: '10ms' }),
  workers: z.number().int().min(1).default(2),
  serviceTime: duration.prefault('0.5ms'),
});

/**
 * A strategy's own store: the scenario's `store` with these fields changed (merged before
 * validation, so one scenario can compare e.g. asynchronous replication with WAIT).
 */
const strategyStore = store.optional().meta({ description: "This strategy's store: fields given here replace the scenario store's." });

const strategyName = z.string().min(1).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: 'a name of letters, digits, ".", "_" or "-"' });

/** Routing options any strategy may set (they default to the loadBalancer's). */
const routingFields = {
  hashKey: hashKey.optional(),
  hashing: hashing.optional(),
  ipHash: ipHash.optional(),
  pointsPerWeight: z.number().int().min(1).optional(),
  balanceFactor: balanceFactor.optional(),
  redispatch: z.boolean().optional(),
};

const strategy = z.discriminatedUnion('type', [
  z.strictObject({
    name: strategyName.optional(),
    type: z.literal('sticky'),
    affinity: z.enum(['cookie', 'url', 'ip-hash', 'stick-table']).default('cookie'),
    balance: balancing.optional(),
    // Tomcat/Spring: sessions live on the server; a store copy is an add-on.
    backup: z.enum(['none', 'write-through', 'write-behind']).default('none'),
    // Hazelcast write-behind needs write-delay-seconds ≥ 1.
    writeBehindDelay: duration.prefault('1s'),
    store: strategyStore,
    ...routingFields,
    // HAProxy `cookie SRV insert maxidle <t> maxlife <t>`: both off unless set.
    maxIdle: duration.optional(),
    maxLife: duration.optional(),
    stickTable: stickTable.optional(),
    // HAProxy re-pins a client for good once its server is marked DOWN.
    afterDown: z.enum(['re-pin', 'return']).default('re-pin'),
    persist: z.boolean().optional(),
  }),
  z.strictObject({
    name: strategyName.optional(),
    type: z.literal('external'),
    balance: balancing.optional(),
    ...routingFields,
    middleware: z.enum(['express-session', 'spring-session', 'php']).default('express-session'),
    // Default from the middleware: express-session and phpredis without locking last-writer-wins,
    // Spring Session per attribute, PHP files handler locks.
    conflicts: z.enum(['last-writer-wins', 'lock', 'compare-and-set']).optional(),
    resave: z.boolean().default(false),
    // phpredis redis.session.lock_wait_time 20000 µs, lock_retries 100, lock_expire = max_execution_time 30 s.
    lockWait: duration.prefault('20ms'),
    lockRetries: z.number().int().min(0).default(100),
    lockExpire: duration.prefault('30s'),
    casRetries: z.number().int().min(0).default(10),
    store: strategyStore,
  }),
  z.strictObject({
    name: strategyName.optional(),
    type: z.literal('jwt'),
    balance: balancing.optional(),
    ...routingFields,
    algorithm: z.enum(['HS256', 'RS256', 'ES256', 'EdDSA']).default('ES256'),
    // Access tokens commonly live 5 min – 1 h (REFERENCE.md).
    accessTtl: duration.prefault('15m'),
    refreshBefore: duration.prefault('1m'),
    // 250 B of claims with `kid` is the typical token of REFERENCE.md.
    claimsSize: size.prefault(250),
    // jsonwebtoken clockTolerance 0 (.NET: 5 min).
    leeway: duration.prefault(0),
    // Auth0's absolute refresh-token lifetime: 30 days.
    refreshTtl: duration.prefault('30d'),
    data: z.enum(['client', 'store']).default('client'),
    revocation: z.enum(['none', 'deny-list']).default('none'),
    store: strategyStore,
  }),
]);

const serverEvent = { at: duration, server: z.number().int().min(0) };
const event = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('server-crash'), ...serverEvent, downFor: duration.optional() }),
  z.strictObject({ type: z.literal('server-recover'), ...serverEvent }),
  z.strictObject({ type: z.literal('store-outage'), at: duration, downFor: duration.optional(), flush: z.boolean().default(false) }),
  z.strictObject({ type: z.literal('store-recover'), at: duration, node: z.number().int().min(0).optional() }),
  z.strictObject({ type: z.literal('store-crash'), at: duration, node: z.number().int().min(0).default(0), downFor: duration.optional() }),
  z.strictObject({ type: z.literal('store-failover'), at: duration, node: z.number().int().min(0).default(0) }),
  z.strictObject({ type: z.literal('store-partition'), at: duration, node: z.number().int().min(0).default(0), downFor: duration }),
  z.strictObject({ type: z.literal('key-rotation'), at: duration, overlap: duration.prefault(0) }),
  z.strictObject({ type: z.literal('token-service-outage'), at: duration, downFor: duration.optional() }),
  z.strictObject({ type: z.literal('token-service-recover'), at: duration }),
  z.strictObject({ type: z.literal('scale-out'), at: duration, count: z.number().int().min(1).max(1000).default(1), weight: z.number().int().min(1).max(256).default(1) }),
  // Drain time defaults to AWS ALB `deregistration_delay.timeout_seconds` 300.
  z.strictObject({ type: z.literal('scale-in'), at: duration, count: z.number().int().min(1).default(1), drain: duration.prefault('300s') }),
  z.strictObject({
    type: z.literal('rolling-restart'),
    at: duration,
    drain: duration.prefault('300s'),
    // Not a setting: a process start; readiness then follows the health checks.
    restartTime: duration.prefault('10s'),
    // Kubernetes `minReadySeconds` 0.
    pause: duration.prefault('0s'),
  }),
  z.strictObject({ type: z.literal('lb-failover'), at: duration }),
  z.strictObject({ type: z.literal('server-drain'), ...serverEvent }),
]);

export const scenarioSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z.string().min(1).default('Unnamed scenario'),
    description: z.string().default(''),
    seed: z.number().int().min(0).default(1),
    duration: duration.prefault('10m'),
    // Default (applied in load.ts): 1 minute, or a tenth of the run when that is shorter.
    warmup: warmupDuration.optional(),
    clients: clients.prefault({}),
    servers: servers.prefault({}),
    loadBalancer: loadBalancer.prefault({}),
    store: store.prefault({}),
    strategies: z.array(strategy).min(1).optional(),
    events: z.array(event).default([]),
    costs: z.union([z.string().min(1), costProfile], { error: 'a path to a costs file (from `session-sim calibrate`) or an object of costs' }).optional(),
    tokenService: tokenService.prefault({}),
    autoscaler: autoscalerSchema.optional(),
    slo: sloSchema.optional(),
    prices: pricesSchema.optional(),
    highlight: highlight.optional(),
  })
  .meta({ title: 'session-sim scenario', description: 'A workload, its servers and load balancer, the strategies to compare, and what goes wrong.' });

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ParsedScenario = z.output<typeof scenarioSchema>;
