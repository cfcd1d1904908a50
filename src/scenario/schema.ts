/**
 * The scenario file format: one zod definition that validates files, fills in defaults,
 * converts units, and exports the JSON Schema editors use (`session-sim schema`).
 * Every default names its source (a real system's setting, or why we chose it).
 */
import { z } from '#zod';
import type { DistributionSpec } from '../engine/distributions.js';
import { countDistribution, duration, durationDistribution, plainText, positiveMean, probability, size, warmupDuration } from './schema-units.js';
import { loadPhases, loadProfile, onSessionLoss, relogin } from './schema-load.js';
import { autoscalerSchema } from './schema-autoscaler.js';
import { highlight } from './schema-highlight.js';
import { sloSchema } from './schema-slo.js';
import { retryPolicySchema } from './schema-retry.js';
import { pricesSchema } from './schema-prices.js';

/**
 * Zod compiles an object schema's parser (new Function) on its first parse; that pays off
 * from about the tenth parse of the same schema, while the CLI parses one scenario (a sweep a
 * few): interpreting is ≈ 10 ms faster per command (start-up, README "Performance"), with
 * the same results and messages.
 */
z.config({ jitless: true });

export { countDistribution, duration, durationDistribution, size, warmupDuration } from './schema-units.js';

// ── the scenario ───────────────────────────────────────────────────────────

// round-robin: HAProxy `roundrobin` (weighted); least-connections: HAProxy `leastconn`; random: HAProxy
// `random(1)` / NGINX `random`; power-of-d: HAProxy `random(2)`, Envoy `least_request`, NGINX `random two
// least_conn`; hash: HAProxy `balance source|uri|hdr`, NGINX `hash $key [consistent]`.
const balancing = z.enum(['round-robin', 'least-connections', 'random', 'power-of-d', 'hash']);

/** A mean time: a plain duration is the mean of an exponential (MTBF, MTTR); or any distribution. */
const meanTime = z.union([
  positiveMean.transform((mean): DistributionSpec => ({ dist: 'exponential', mean })),
  durationDistribution,
]);

const hashKey = z.enum(['client-ip', 'session-id', 'url']);
const hashing = z.enum(['modulo', 'consistent']);
const ipHash = z.enum(['source', 'ip_hash']);
// HAProxy `hash-balance-factor` 150 = 1.5 × the mean load; 0 = off (HAProxy's default).
const balanceFactor = z.number().refine((v) => v === 0 || v >= 1, { error: '0 (off) or a factor >= 1 such as 1.25' });

/** The most entries of a Zipf table (NAT addresses, pages). */
export const MAX_ZIPF_TABLE = 1_000_000;

const network = z.strictObject({
  natShare: probability.default(0).meta({ description: 'Share of users behind carrier-grade NAT or a corporate proxy.' }),
  // Zipf group sizes and page popularity are drawn from a table of one weight per address (page):
  // a million is far beyond one NAT pool or one site's hot pages, and keeps the table at 16 MB.
  natAddresses: z.number().int().min(1).max(MAX_ZIPF_TABLE).default(8).meta({ description: 'Public IPs those NATed users share, 1–1,000,000.' }),
  cookieRefusal: probability.default(0).meta({ description: 'Share of users whose browser refuses cookies.' }),
  // Carrier NAT and proxy populations are heavy-tailed: a few addresses carry most users (Zipf).
  natGroupSizes: z.enum(['uniform', 'zipf']).default('uniform').meta({ description: 'How NATed users spread over the shared addresses.' }),
  natZipfExponent: z.number().positive().default(1).meta({ description: 'Zipf exponent s of NAT group sizes: P(address k) ∝ 1/k^s.' }),
  subnets: z.number().int().min(1).nullable().default(null).meta({ description: 'Users with their own address come from this many /24s (a campus: 1); null = anywhere.' }),
  mobileShare: probability.default(1).meta({ description: 'Share of users whose address changes at ipChangeRate (mobile users).' }),
  ipChangeRate: z.number().min(0).default(0).meta({ description: 'Address changes per second of a mobile user (Wi-Fi ↔ cellular).' }),
  urlIdMissing: probability.default(0).meta({ description: 'Share of requests arriving without the URL session id (bookmarks, shared links).' }),
  pages: z.number().int().min(1).max(MAX_ZIPF_TABLE).default(1000).meta({ description: 'Distinct URLs (the key of hash balancing on url), 1–1,000,000.' }),
  // Web request popularity is Zipf-like with α ≈ 0.64–0.83 (Breslau et al., INFOCOM 1999).
  pageZipfExponent: z.number().min(0).default(0.8).meta({ description: 'Zipf exponent of page popularity.' }),
});

const clients = z.strictObject({
  arrivalRate: z.number().positive().default(10).meta({ description: 'New sessions per second (Poisson); the peak with a diurnal profile; unused with phases.' }),
  requestsPerSession: countDistribution.prefault({ dist: 'geometric', mean: 20 }).meta({ description: 'Requests (page views) per session: a count or a distribution. Default geometric, mean 20.' }),
  thinkTime: durationDistribution.prefault({ dist: 'exponential', mean: '5s' }).meta({ description: 'Pause between a response and the same user\'s next request. Default exponential, mean 5s.' }),
  // A logged-in web session serialises to ≈ 200 B of JSON, a Java security context to ≈ 1.3 KB (REFERENCE.md).
  sessionData: size.prefault('1KB').meta({ description: 'Serialised session size, carried to the store or in a token (a logged-in JSON session ≈ 200 B, a Java security context ≈ 1.3 KB). Default 1KB.' }),
  writeRatio: probability.default(0.2).meta({ description: 'Share of requests that modify the session.' }),
  network: network.prefault({}).meta({ description: 'Client addresses and cookies: NAT, proxies, mobile address changes, cookie refusal.' }),
  concurrency: z
    .strictObject({
      share: probability.default(0).meta({ description: 'Share of requests (after the first of a session) that fire one parallel request of the same user (another tab, an XHR). 0 = one request at a time.' }),
      // Parallel XHRs of one page leave together.
      delay: durationDistribution.prefault(0).meta({ description: 'Time between a request and its parallel twin (0 = together, as XHRs of one page).' }),
    })
    .prefault({}).meta({ description: 'Parallel requests of one user (tabs, XHRs): what makes lost updates.' }),
  // A session is a map of a handful of attributes (user, cart, csrf token, flash): our choice.
  sessionAttributes: z.number().int().min(1).max(64).default(4).meta({ description: 'Attributes per session; a write changes one (per-attribute conflicts).' }),
  revocation: z
    .strictObject({
      share: probability.default(0).meta({ description: 'Share of sessions revoked (logout everywhere, ban, password change).' }),
      after: durationDistribution.prefault({ dist: 'uniform', min: 0, max: '10m' }).meta({ description: 'When, after its start, a revoked session is revoked. Default uniform 0–10m.' }),
    })
    .prefault({}).meta({ description: 'Sessions revoked mid-visit that keep sending requests (what JWT deny-lists are for).' }),
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
    preset: z.enum(['haproxy', 'alb']).default('haproxy').meta({ description: 'Defaults for interval, rise and fall: haproxy (inter 2s, rise 2, fall 3) or alb (AWS target groups: 30s, 5 healthy, 2 unhealthy).' }),
    // HAProxy `check` on the server line; off = only passive checks (Envoy without active health checking).
    enabled: z.boolean().default(true).meta({ description: 'Active health checks on (HAProxy `check`); false = only passive checks.' }),
    interval: duration.optional().meta({ description: 'Time between two checks of a server. Default from the preset: haproxy 2s, alb 30s.' }),
    rise: z.number().int().min(1).optional().meta({ description: 'Consecutive good checks before a down server is marked up. Default: haproxy 2, alb 5.' }),
    fall: z.number().int().min(1).optional().meta({ description: 'Consecutive failed checks before a server is marked down. Default: haproxy 3, alb 2.' }),
  })
  .transform((v) => {
    const p = HEALTH_CHECK_PRESETS[v.preset];
    return { enabled: v.enabled, interval: v.interval ?? p.interval, rise: v.rise ?? p.rise, fall: v.fall ?? p.fall };
  });

const passive = z.strictObject({
  type: z.enum(['none', 'nginx', 'envoy']).default('none').meta({ description: 'Passive checks from failed requests: none, nginx (max_fails/fail_timeout) or envoy (outlier detection).' }),
  // NGINX `server ... max_fails=1 fail_timeout=10s` (its defaults).
  maxFails: z.number().int().min(1).default(1).meta({ description: 'NGINX max_fails: failed attempts within failTimeout that mark a server unavailable (default 1).' }),
  failTimeout: duration.prefault('10s').meta({ description: 'NGINX fail_timeout: the window for maxFails and how long the server stays unavailable (default 10s).' }),
  // Envoy outlier_detection defaults: consecutive_5xx 5, base_ejection_time 30s, max_ejection_time 300s,
  // max_ejection_percent 10, interval 10s.
  consecutive5xx: z.number().int().min(1).default(5).meta({ description: 'Envoy consecutive_5xx: errors in a row that eject a host (default 5).' }),
  baseEjectionTime: duration.prefault('30s').meta({ description: 'Envoy base_ejection_time: first ejection length, × the number of ejections (default 30s).' }),
  maxEjectionTime: duration.prefault('300s').meta({ description: 'Envoy max_ejection_time: the longest ejection (default 300s).' }),
  maxEjectionPercent: z.number().min(0).max(100).default(10).meta({ description: 'Envoy max_ejection_percent: most hosts ejected at once, in % (default 10).' }),
  interval: duration.prefault('10s').meta({ description: 'Envoy outlier detection interval: how often ejections are reconsidered (default 10s).' }),
});

/**
 * Ring points per unit of weight: HAProxy 16, NGINX/ketama 160. A ring's imbalance shrinks like
 * 1/√points, so beyond 10,000 nothing visible changes; the bound keeps a ring (servers × weight ×
 * points, at most 8M as Envoy's maximum_ring_size) quick to build.
 */
export const MAX_POINTS_PER_WEIGHT = 10_000;
const pointsPerWeight = z.number().int().min(1).max(MAX_POINTS_PER_WEIGHT);

const hashOptions = z.strictObject({
  key: hashKey.default('client-ip').meta({ description: 'What hash balancing hashes: client-ip (HAProxy balance source), session-id, or url. Default client-ip.' }),
  // HAProxy's default `hash-type map-based`.
  hashing: hashing.default('modulo').meta({ description: 'modulo (HAProxy hash-type map-based, the default: a fleet change moves most keys) or consistent (a ring: moves about 1/n).' }),
  ipHash: ipHash.default('source').meta({ description: 'Client-IP hash: source (HAProxy, the whole address) or ip_hash (NGINX, the first three octets of IPv4). Default source.' }),
  // HAProxy `hash-type consistent`: 16 points × weight (NGINX/ketama: 160).
  pointsPerWeight: pointsPerWeight.default(16).meta({ description: 'Points per unit of weight on the consistent-hash ring, 1–10,000 (HAProxy 16; NGINX/ketama 160).' }),
  balanceFactor: balanceFactor.default(0).meta({ description: 'HAProxy hash-balance-factor / 100: no server above this × the mean load (1.25 = 125 %); 0 = off, the default.' }),
});

const stickTable = z.strictObject({
  // HAProxy requires a size; 200k is the configuration manual's example (`stick-table type ip size 200k expire 30m`).
  size: z.number().int().min(1).default(204800).meta({ description: 'Entries the stick table holds (HAProxy `size`; 200k = 204800 as in its manual); a full table drops the oldest.' }),
  // HAProxy: without `expire`, entries never expire (only a full table drops them).
  expire: duration.optional().meta({ description: 'Idle time after which an entry is dropped (HAProxy `expire`; none by default: entries never expire).' }),
  replicated: z.boolean().default(false).meta({ description: 'Replicated to the standby balancer (HAProxy `peers`).' }),
});

const servers = z.strictObject({
  count: z.number().int().min(1).max(1000).default(4).meta({ description: 'Application servers at the start, s0 … s(n-1); events name them by index. Default 4.' }),
  workers: z.number().int().min(1).default(16).meta({ description: 'Requests a server serves at once (worker threads). Default 16.' }),
  // Tomcat's acceptCount default is 100.
  queueLimit: z.number().int().min(0).default(100).meta({ description: 'Requests waiting for a worker before new ones are refused (queue-full); Tomcat acceptCount 100.' }),
  serviceTime: durationDistribution.prefault({ dist: 'lognormal', mean: '20ms', p99: '150ms' }).meta({ description: 'CPU time of one request on a worker. Default lognormal, mean 20ms, p99 150ms.' }),
  // Servlet containers and Spring Session default to 30 minutes.
  sessionIdleTimeout: duration.prefault('30m').meta({ description: 'Idle time after which a server or store drops a session (Servlet and Spring Session: 30m).' }),
  // Tomcat and Jetty run a session's requests in parallel; PHP's files handler serialises them.
  serializeSessionRequests: z.boolean().default(false).meta({ description: 'One request of a session at a time per server (a per-session lock, as PHP files sessions).' }),
  // NTP keeps servers within milliseconds; skew is what goes wrong.
  clockSkew: duration.prefault(0).meta({ description: 'Server clocks are offset evenly over ±clockSkew; token expiry checks see it. Default 0 (NTP keeps them within milliseconds).' }),
  // HAProxy `weight` 0–256, default 1.
  weights: z.array(z.number().int().min(0).max(256)).optional().meta({ description: 'Balancing weight per server, 0–256 (HAProxy `weight`, default 1 each).' }),
  failures: z
    .strictObject({
      mtbf: meanTime.meta({ description: 'Time between failures per server (a duration = mean of an exponential).' }),
      mttr: meanTime.meta({ description: 'Time to repair (a duration = mean of an exponential).' }),
    })
    .optional().meta({ description: 'Random crashes: each server fails and is repaired at these rates (none by default).' }),
});

const loadBalancer = z.strictObject({
  // HAProxy's long-standing default `balance roundrobin`.
  algorithm: balancing.default('round-robin').meta({ description: 'How the balancer picks a server: round-robin (HAProxy default), least-connections, random, power-of-d (random(2)), hash.' }),
  healthCheck: healthCheck.prefault({}).meta({ description: 'Active health checks (HAProxy `inter 2s rise 2 fall 3` by default).' }),
  // HAProxy `random(2)` and Envoy least_request choice_count: 2.
  choices: z.number().int().min(1).max(64).default(2).meta({ description: 'Servers sampled by power-of-d, the least loaded wins (HAProxy random(2), Envoy choice_count 2).' }),
  hash: hashOptions.prefault({}).meta({ description: 'Hash balancing options: the key, modulo or consistent hashing, bounded loads.' }),
  passive: passive.prefault({}).meta({ description: 'Passive health checks from failed requests (off by default).' }),
  // HAProxy `slowstart`: off unless set.
  slowStart: duration.prefault('0s').meta({ description: 'HAProxy slowstart: a server back up ramps its weight over this time (0s = off, the default).' }),
  // HAProxy `retries` 3; the pause between retries is min(`timeout connect`, 1 s).
  retries: z.number().int().min(0).max(100).default(3).meta({ description: 'Connection retries on a dead server (HAProxy `retries` 3).' }),
  retryDelay: duration.prefault('1s').meta({ description: 'Pause between two retries (HAProxy: min(timeout connect, 1s)).' }),
  // HAProxy: `option redispatch` and `option persist` are off unless set.
  redispatch: z.boolean().default(false).meta({ description: 'HAProxy option redispatch: the last retry may go to another server (off by default).' }),
  persist: z.boolean().default(false).meta({ description: 'HAProxy option persist: a pinned client keeps being sent to its server while it is down (off by default).' }),
  // Absent: HAProxy's rules (retries + option redispatch), as before the field existed.
  retryPolicy: retryPolicySchema.optional(),
  // HAProxy `drain` keeps persistent clients; AWS ALB deregistration sends a draining target nothing.
  drainKeepsPinned: z.boolean().default(true).meta({ description: 'A draining server still takes requests of clients pinned to it (HAProxy drain); false = AWS ALB deregistration.' }),
  redundancy: z
    .strictObject({
      standby: z.boolean().default(false).meta({ description: 'A standby balancer that takes over when the active one fails (keepalived/VRRP). Default false.' }),
      // keepalived/VRRP (RFC 5798): 3 × advert_int 1 s + skew (256 − priority 100)/256 s ≈ 3.6 s.
      takeover: duration.prefault('3.6s').meta({ description: 'Time for the standby to take over: VRRP 3 × advert_int 1s + skew ≈ 3.6s.' }),
    })
    .prefault({}).meta({ description: 'A second balancer (lb-failover events): standby and takeover time.' }),
});

const store = z.strictObject({
  kind: z.enum(['redis', 'memcached', 'database']).default('redis').meta({ description: 'The shared session store: redis (default), memcached or database; it names the external strategy by default.' }),
  // One Redis round trip on 1 GbE ≈ 200 µs, with a tail (REFERENCE.md).
  latency: durationDistribution.prefault({ dist: 'lognormal', mean: '0.3ms', p99: '2ms' }).meta({ description: 'Network round trip of one store operation. Default lognormal, mean 0.3ms, p99 2ms (1 GbE ≈ 200 µs).' }),
  // Redis: ≈ 75k simple commands/s per instance without pipelining (REFERENCE.md).
  opsPerSecond: z.number().min(1).default(75000).meta({ description: 'Operations per second one store node executes, one at a time (Redis ≈ 75000 without pipelining).' }),
  // 1 Gbit/s Ethernet carries 125 MB/s (REFERENCE.md: 1 GbE round trip ≈ 200 µs).
  bandwidth: z.number().min(1).default(125e6).meta({ description: 'Network bytes per second between an app server and the store.' }),
  topology: z.enum(['single', 'primary-replica', 'sharded']).default('single').meta({ description: 'single node (default), primary-replica (Redis Sentinel failover) or sharded (Redis Cluster or Memcached ketama).' }),
  // express-session passes store errors on (a 500): fail-closed.
  unreachable: z.enum(['fail-closed', 'fail-open']).default('fail-closed').meta({ description: 'A request whose store is unreachable: fail-closed (an error, as express-session passes it on; default) or fail-open (a fresh session).' }),
  encryption: z.boolean().default(false).meta({ description: 'Sessions stored encrypted with AES-256-GCM and base64 (+28 B, × 4/3).' }),
  // connect-redis derives the TTL from the session cookie's maxAge: the app's idle timeout.
  ttl: duration.optional().meta({ description: 'Key expiry; default servers.sessionIdleTimeout.' }),
  // SET … EX and EXPIRE refresh the TTL on every request (rolling).
  ttlMode: z.enum(['rolling', 'absolute']).default('rolling').meta({ description: 'rolling: every save refreshes the key expiry (SET … EX, connect-redis; default); absolute: fixed at creation.' }),
  // Redis maxmemory 0 (unlimited); Memcached -m 64 MB.
  maxMemory: size.optional().meta({ description: 'Bytes per node; 0 = unlimited. Default: redis 0, memcached 64MB.' }),
  // Redis maxmemory-policy noeviction; Memcached always evicts least recently used items.
  evictionPolicy: z.enum(['noeviction', 'allkeys-lru', 'volatile-lru', 'volatile-ttl']).optional().meta({ description: 'What a full store does: noeviction refuses writes (Redis default), or evict by LRU / nearest TTL. Default: redis noeviction, memcached allkeys-lru.' }),
  // Redis maxmemory-samples 5.
  evictionSamples: z.number().int().min(1).max(64).default(5).meta({ description: 'Keys sampled per eviction (Redis maxmemory-samples 5).' }),
  shards: z.number().int().min(1).max(1000).default(3).meta({ description: 'Primaries of a sharded store (the minimum Redis Cluster: 3).' }),
  // Redis Cluster hash slots; Memcached clients place keys on a ketama ring.
  sharding: z.enum(['cluster', 'ketama']).optional().meta({ description: 'How a sharded store places keys: cluster (Redis Cluster hash slots) or ketama (Memcached clients). Default from kind.' }),
  replicas: z.number().int().min(0).max(16).optional().meta({ description: 'Replicas per primary. Default: primary-replica 1, Redis Cluster 1, otherwise 0.' }),
  // Same-datacenter replication lag is about a millisecond with a tail (our choice; INFO replication shows it).
  replicationLag: durationDistribution.prefault({ dist: 'lognormal', mean: '1ms', p99: '10ms' }).meta({ description: 'Delay between a write acknowledged by the primary and its arrival at a replica. Default lognormal, mean 1ms, p99 10ms.' }),
  // Redis min-replicas-to-write 0 (off), min-replicas-max-lag 10 s.
  minReplicasToWrite: z.number().int().min(0).default(0).meta({ description: 'Redis min-replicas-to-write: the primary refuses writes with fewer replicas in sync (0 = off, the default).' }),
  minReplicasMaxLag: duration.prefault('10s').meta({ description: 'Redis min-replicas-max-lag: a replica further behind does not count (default 10s).' }),
  waitReplicas: z.number().int().min(0).default(0).meta({ description: 'WAIT numreplicas after each write (0 = no WAIT).' }),
  waitTimeout: duration.prefault('100ms').meta({ description: 'WAIT timeout: the write returns after this even if the replicas have not confirmed (default 100ms).' }),
  sentinel: z
    .strictObject({
      // Sentinel down-after-milliseconds 30000.
      downAfter: duration.prefault('30s').meta({ description: 'Sentinel down-after-milliseconds: silence before a primary is judged down (default 30s).' }),
      // Agreement, leader election and promotion take about 1–3 s.
      promotion: durationDistribution.prefault({ dist: 'uniform', min: '1s', max: '3s' }).meta({ description: 'Agreement, leader election and promotion of a replica after that. Default uniform 1s–3s.' }),
    })
    .prefault({}).meta({ description: 'Redis Sentinel failover of a primary-replica store.' }),
  cluster: z
    .strictObject({
      // Redis Cluster cluster-node-timeout 15000, cluster-require-full-coverage yes.
      nodeTimeout: duration.prefault('15s').meta({ description: 'Redis Cluster cluster-node-timeout: silence before a primary is failed over (default 15s).' }),
      requireFullCoverage: z.boolean().default(true).meta({ description: 'Redis Cluster cluster-require-full-coverage: with a slot uncovered the whole cluster refuses requests (default true).' }),
    })
    .prefault({}).meta({ description: 'Redis Cluster settings of a sharded store.' }),
  memcachedClient: z
    .strictObject({
      // The client marks a server dead after 5 failures and retries it after 30 s (REFERENCE.md).
      failureLimit: z.number().int().min(1).default(5).meta({ description: 'Failures before the Memcached client marks a server dead (default 5).' }),
      retryTimeout: duration.prefault('30s').meta({ description: 'Time before the client tries a dead Memcached server again (default 30s).' }),
    })
    .prefault({}).meta({ description: 'Client-side failure handling of a Memcached store.' }),
});

const jwtTiming = z.strictObject({
  sign: duration.meta({ description: 'CPU time to sign one token.' }),
  verify: duration.meta({ description: 'CPU time to verify one token.' }),
});

/** CPU costs on one server core: `session-sim calibrate` writes a file of these. */
export const costProfile = z.strictObject({
  $schema: z.string().optional().meta({ description: 'Pointer to a JSON Schema, for editors; ignored.' }),
  source: plainText().optional().meta({ description: 'Where the costs come from, as results report it.' }),
  machine: plainText().optional().meta({ description: 'The machine they were measured on.' }),
  jsonSerializePerKB: duration.optional().meta({ description: 'CPU time to serialise 1 KB of session to JSON.' }),
  jsonParsePerKB: duration.optional().meta({ description: 'CPU time to parse 1 KB of session JSON.' }),
  aesGcmPerKB: duration.optional().meta({ description: 'CPU time to encrypt or decrypt 1 KB with AES-256-GCM.' }),
  jwt: z
    .strictObject({ HS256: jwtTiming.optional().meta({ description: 'HMAC-SHA256 sign and verify times.' }), RS256: jwtTiming.optional().meta({ description: 'RSA-2048 sign and verify times.' }), ES256: jwtTiming.optional().meta({ description: 'ECDSA P-256 sign and verify times.' }), EdDSA: jwtTiming.optional().meta({ description: 'Ed25519 sign and verify times.' }) })
    .optional().meta({ description: 'Sign and verify times per JWT algorithm.' }),
});

const tokenService = z.strictObject({
  // A login/refresh endpoint in the same datacenter: about a millisecond away.
  latency: durationDistribution.prefault({ dist: 'lognormal', mean: '1ms', p99: '10ms' }).meta({ description: 'Round trip between an app server and the token service. Default lognormal, mean 1ms, p99 10ms.' }),
  // Cores: a request takes the earliest-free one by a scan, the fastest way for real core counts;
  // 1,024 is more than any one token service has (and keeps that scan cheap).
  workers: z.number().int().min(1).max(1024).default(2).meta({ description: 'Token requests it handles at once (cores), 1–1,024. Default 2.' }),
  serviceTime: duration.prefault('0.5ms').meta({ description: 'Handler time per token besides signing. Default 0.5ms.' }),
});

/**
 * A strategy's own store: the scenario's `store` with these fields changed (merged before
 * validation, so one scenario can compare e.g. asynchronous replication with WAIT).
 */
const strategyStore = store.optional().meta({ description: "This strategy's store: fields given here replace the scenario store's." });

const strategyName = z
  .string()
  .min(1)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: 'a name of letters, digits, ".", "_" or "-" that starts with a letter or digit' })
  .optional().meta({ description: 'The name in tables, --strategies and --set strategies.NAME (default from type and options: sticky-cookie, redis, jwt).' });
const balance = balancing.optional().meta({ description: 'This strategy\'s balancing algorithm; default loadBalancer.algorithm (HAProxy `balance`).' });

/** Routing options any strategy may set (they default to the loadBalancer's). */
const routingFields = {
  hashKey: hashKey.optional().meta({ description: 'Hash key for this strategy; default loadBalancer.hash.key (client-ip).' }),
  hashing: hashing.optional().meta({ description: 'modulo or consistent for this strategy; default loadBalancer.hash.hashing (modulo).' }),
  ipHash: ipHash.optional().meta({ description: 'source or ip_hash for this strategy; default loadBalancer.hash.ipHash (source).' }),
  pointsPerWeight: pointsPerWeight.optional().meta({ description: 'Ring points per weight for this strategy, 1–10,000; default loadBalancer.hash.pointsPerWeight (16).' }),
  balanceFactor: balanceFactor.optional().meta({ description: 'Bounded-load factor for this strategy; default loadBalancer.hash.balanceFactor (0 = off).' }),
  redispatch: z.boolean().optional().meta({ description: 'HAProxy option redispatch for this strategy; default loadBalancer.redispatch (false).' }),
};

const strategy = z.discriminatedUnion('type', [
  z.strictObject({
    name: strategyName,
    type: z.literal('sticky').meta({ description: 'sticky: sessions live in the memory of one server; the balancer keeps each user on it.' }),
    affinity: z.enum(['cookie', 'url', 'ip-hash', 'stick-table']).default('cookie').meta({ description: 'How users are kept on their server: cookie (HAProxy cookie SRV insert, default), url (a session id in the URL), ip-hash (balance source), stick-table.' }),
    balance,
    // Tomcat/Spring: sessions live on the server; a store copy is an add-on.
    backup: z.enum(['none', 'write-through', 'write-behind']).default('none').meta({ description: 'A copy of each session in the store: none (default), write-through (on every write) or write-behind (flushed later).' }),
    // Hazelcast write-behind needs write-delay-seconds ≥ 1.
    writeBehindDelay: duration.prefault('1s').meta({ description: 'Write-behind: time a write waits before it is flushed to the store (Hazelcast write-delay-seconds, at least 1s).' }),
    store: strategyStore,
    ...routingFields,
    // HAProxy `cookie SRV insert maxidle <t> maxlife <t>`: both off unless set.
    maxIdle: duration.optional().meta({ description: 'Cookie affinity: ignore a cookie idle longer than this (HAProxy maxidle; off by default).' }),
    maxLife: duration.optional().meta({ description: 'Cookie affinity: ignore a cookie older than this (HAProxy maxlife; off by default).' }),
    stickTable: stickTable.optional().meta({ description: 'Stick-table affinity: size, expiry and replication of the table (HAProxy stick-table).' }),
    // HAProxy re-pins a client for good once its server is marked DOWN.
    afterDown: z.enum(['re-pin', 'return']).default('re-pin').meta({ description: 'Once its server is marked down: re-pin (the new server keeps the user for good, HAProxy; default) or return (back when it recovers).' }),
    persist: z.boolean().optional().meta({ description: 'HAProxy option persist for this strategy; default loadBalancer.persist (false).' }),
  }),
  z.strictObject({
    name: strategyName,
    type: z.literal('external').meta({ description: 'external: sessions live in the shared store (the store block); any server can serve any request.' }),
    balance,
    ...routingFields,
    middleware: z.enum(['express-session', 'spring-session', 'php']).default('express-session').meta({ description: 'How the framework reads and writes the session: express-session (default; whole session), spring-session (per attribute), php (files handler, locked).' }),
    // Default from the middleware: express-session and phpredis without locking last-writer-wins,
    // Spring Session per attribute, PHP files handler locks.
    conflicts: z.enum(['last-writer-wins', 'lock', 'compare-and-set']).optional().meta({ description: 'Two writes of one session at once: last-writer-wins, lock or compare-and-set. Default from the middleware.' }),
    resave: z.boolean().default(false).meta({ description: 'express-session resave: write the whole session back even when unmodified (default false).' }),
    // phpredis redis.session.lock_wait_time 20000 µs, lock_retries 100, lock_expire = max_execution_time 30 s.
    lockWait: duration.prefault('20ms').meta({ description: 'Locking: pause between lock attempts (phpredis lock_wait_time 20000 µs = 20ms).' }),
    lockRetries: z.number().int().min(0).default(100).meta({ description: 'Locking: attempts before giving up (phpredis lock_retries 100).' }),
    lockExpire: duration.prefault('30s').meta({ description: 'Locking: a lock expires after this (phpredis lock_expire = max_execution_time 30s).' }),
    casRetries: z.number().int().min(0).default(10).meta({ description: 'Compare-and-set: retries before the write fails (default 10).' }),
    store: strategyStore,
  }),
  z.strictObject({
    name: strategyName,
    type: z.literal('jwt').meta({ description: 'jwt: stateless signed tokens; every server verifies them, the token service issues and refreshes them.' }),
    balance,
    ...routingFields,
    algorithm: z.enum(['HS256', 'RS256', 'ES256', 'EdDSA']).default('ES256').meta({ description: 'Signing algorithm: sets token size and sign/verify cost. HS256, RS256, ES256 (default) or EdDSA.' }),
    // Access tokens commonly live 5 min – 1 h (REFERENCE.md).
    accessTtl: duration.prefault('15m').meta({ description: 'Access-token lifetime (commonly 5 min – 1 h; default 15m).' }),
    refreshBefore: duration.prefault('1m').meta({ description: 'The client refreshes its token when less than this is left (default 1m).' }),
    // 250 B of claims with `kid` is the typical token of REFERENCE.md.
    claimsSize: size.prefault(250).meta({ description: 'Bytes of claims in the token payload (a typical token with kid: 250 B).' }),
    // jsonwebtoken clockTolerance 0 (.NET: 5 min).
    leeway: duration.prefault(0).meta({ description: 'Clock-skew tolerance on exp/nbf (jsonwebtoken clockTolerance 0, the default; .NET 5 min).' }),
    // Auth0's absolute refresh-token lifetime: 30 days.
    refreshTtl: duration.prefault('30d').meta({ description: 'Refresh-token lifetime from login (Auth0\'s absolute lifetime: 30d).' }),
    data: z.enum(['client', 'store']).default('client').meta({ description: 'Where the rest of the session lives: client (an encrypted cookie, default) or store (the shared store).' }),
    revocation: z.enum(['none', 'deny-list']).default('none').meta({ description: 'none (a token is valid until it expires, default) or deny-list (one store lookup per request rejects revoked tokens).' }),
    store: strategyStore,
  }),
]);

const at = duration.meta({ description: 'When it happens, from the start of the run ("5m", "1h30m" or seconds).' });
const serverEvent = { at, server: z.number().int().min(0).meta({ description: 'The server, by index (s0 is 0; scale-out adds s<count>, …).' }) };
const kind = <T extends string>(type: T, description: string) => z.literal(type).meta({ description });
const storeNode = (description: string) => z.number().int().min(0).default(0).meta({ description });
// Drain time defaults to AWS ALB `deregistration_delay.timeout_seconds` 300.
const drain = duration.prefault('300s').meta({ description: 'Draining: no new users, those on the server stay this long at most (AWS ALB deregistration_delay 300s).' });
const event = z.discriminatedUnion('type', [
  z.strictObject({ type: kind('server-crash', 'server-crash: the server process dies with the sessions in its memory.'), ...serverEvent, downFor: duration.optional().meta({ description: 'Down this long, then it recovers by itself; absent: until a server-recover event.' }) }),
  z.strictObject({ type: kind('server-recover', 'server-recover: a crashed server starts again (empty) and rejoins once health checks pass.'), ...serverEvent }),
  z.strictObject({ type: kind('store-outage', 'store-outage: the whole store is unreachable.'), at, downFor: duration.optional().meta({ description: 'Down this long; absent: until a store-recover event.' }), flush: z.boolean().default(false).meta({ description: 'The store comes back empty (Redis restarted without persistence). Default false.' }) }),
  z.strictObject({ type: kind('store-recover', 'store-recover: the store (or one crashed node) comes back.'), at, node: z.number().int().min(0).optional().meta({ description: 'A crashed node: it rejoins as a replica after a failover, or comes back empty; absent: the whole store.' }) }),
  z.strictObject({ type: kind('store-crash', 'store-crash: a store node dies with its memory; a replica is promoted after detection, if there is one.'), at, node: storeNode('The node: a shard index when sharded, else 0 (the primary). Default 0.'), downFor: duration.optional().meta({ description: 'Down this long, then restarted; absent: until a store-recover event.' }) }),
  z.strictObject({ type: kind('store-failover', 'store-failover: a manual failover (SENTINEL FAILOVER): the replica is promoted now, unreplicated writes are lost.'), at, node: storeNode('The primary (shard) to fail over. Default 0.') }),
  z.strictObject({ type: kind('store-partition', 'store-partition: the primary is cut off from its replicas and Sentinels while clients still reach it.'), at, node: storeNode('The primary (shard) cut off. Default 0.'), downFor: duration.meta({ description: 'How long the partition lasts; when it heals, what the old primary accepted alone is discarded.' }) }),
  z.strictObject({ type: kind('key-rotation', 'key-rotation: the token signing key changes.'), at, overlap: duration.prefault(0).meta({ description: 'Tokens signed with the old key still verify this long (default 0: none).' }) }),
  z.strictObject({ type: kind('token-service-outage', 'token-service-outage: no logins and no token refreshes.'), at, downFor: duration.optional().meta({ description: 'Down this long; absent: until a token-service-recover event.' }) }),
  z.strictObject({ type: kind('token-service-recover', 'token-service-recover: the token service is back.'), at }),
  z.strictObject({
    type: kind('scale-out', 'scale-out: servers are added and join the pool when their health checks pass.'),
    at,
    count: z.number().int().min(1).max(1000).default(1).meta({ description: 'Servers added (default 1).' }),
    weight: z.number().int().min(1).max(256).default(1).meta({ description: 'Their balancing weight (HAProxy weight, default 1).' }),
  }),
  z.strictObject({ type: kind('scale-in', 'scale-in: the highest-numbered servers drain, then leave; state still on them is lost.'), at, count: z.number().int().min(1).default(1).meta({ description: 'Servers removed (default 1).' }), drain }),
  z.strictObject({
    type: kind('rolling-restart', 'rolling-restart: every server in turn drains, restarts and waits until UP (a deploy).'),
    at,
    drain,
    // Not a setting: a process start; readiness then follows the health checks.
    restartTime: duration.prefault('10s').meta({ description: 'Time for a stopped process to start again (10s; readiness then follows the health checks).' }),
    // Kubernetes `minReadySeconds` 0.
    pause: duration.prefault('0s').meta({ description: 'Wait after a server is UP before the next one restarts (Kubernetes minReadySeconds 0).' }),
  }),
  z.strictObject({ type: kind('lb-failover', 'lb-failover: the active balancer dies; the standby takes over after loadBalancer.redundancy.takeover.'), at }),
  z.strictObject({ type: kind('server-drain', 'server-drain: the server takes no new users (HAProxy set server state drain).'), ...serverEvent }),
]);

export const scenarioSchema = z
  .strictObject({
    $schema: z.string().optional().meta({ description: 'Pointer to this JSON Schema, for editors (session-sim init writes it); ignored by the simulator.' }),
    name: plainText().min(1).default('Unnamed scenario').meta({ description: 'Title shown in reports (default "Unnamed scenario").' }),
    description: plainText().default('').meta({ description: 'What the scenario shows and what to compare; reports print it.' }),
    seed: z.number().int().min(0).default(1).meta({ description: 'Seed of every random draw: same scenario, seed and version give the same results (default 1).' }),
    duration: duration.prefault('10m').meta({ description: 'Simulated time (default 10m; with clients.phases and no duration, their total).' }),
    // Default (applied in load.ts): 1 minute, or a tenth of the run when that is shorter.
    warmup: warmupDuration.optional().meta({ description: 'Start of the run left out of every figure: a duration, or "auto" (MSER-5). Default 1m, or a tenth of duration if shorter.' }),
    clients: clients.prefault({}).meta({ description: 'The users: arrivals, sessions, think times, network, concurrency, revocations, what they do when a session is lost.' }),
    servers: servers.prefault({}).meta({ description: 'The application servers: count, workers, queue, service time, session idle timeout, failures.' }),
    loadBalancer: loadBalancer.prefault({}).meta({ description: 'The load balancer: algorithm, health checks, hashing, retries, a standby.' }),
    store: store.prefault({}).meta({ description: 'The shared session store of the external strategies (and of sticky backups and JWT deny-lists).' }),
    strategies: z.array(strategy).min(1).optional().meta({ description: 'Session strategies to compare. Default: sticky-cookie, sticky-ip, the store (redis) and jwt.' }),
    events: z.array(event).default([]).meta({ description: 'What happens during the run, in time order: crashes, outages, scale-out, deploys. Default none.' }),
    costs: z.union([plainText().min(1), costProfile], { error: 'a path to a costs file (from `session-sim calibrate`) or an object of costs' }).optional().meta({ description: 'CPU costs (JSON, AES-GCM, JWT): a file from session-sim calibrate, or the costs themselves. Default built-in figures.' }),
    tokenService: tokenService.prefault({}).meta({ description: 'The service that issues and refreshes JWTs (latency, workers, handler time).' }),
    autoscaler: autoscalerSchema.optional().meta({ description: 'A controller that resizes the fleet: hpa (Kubernetes HPA) or target-tracking (AWS Auto Scaling). None by default.' }),
    slo: sloSchema.optional(),
    prices: pricesSchema.optional(),
    highlight: highlight.optional(),
  })
  .meta({ title: 'session-sim scenario', description: 'A workload, its servers and load balancer, the strategies to compare, and what goes wrong.' });

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ParsedScenario = z.output<typeof scenarioSchema>;
