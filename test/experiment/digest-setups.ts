/**
 * The validation set-ups whose JSON the digest test locks (besides every built-in scenario):
 * one of each kind the validation suite runs — M/M/1 with random routing, M/D/1, E_n/M/1 under
 * round-robin, Little's law with a shared store and with JWTs, Poisson counts, balancer
 * failover, mobile address changes, health checks with a crash, power-of-d at high load — each
 * at the seed the validation test uses, shortened where the test runs long (the digest locks the
 * code path, not the statistics).
 */
const mm1Service = { dist: 'exponential', mean: '10ms' } as const;
const affinityWorkload = { arrivalRate: 5, requestsPerSession: { dist: 'geometric', mean: 20 }, thinkTime: { dist: 'exponential', mean: '5s' } };

export const validationSetups: ReadonlyArray<{ name: string; scenario: Record<string, unknown> }> = [
  {
    name: 'mm1 (4 × M/M/1, random routing, rho 0.7)',
    scenario: {
      name: 'M/M/1 × 4',
      seed: 20240,
      duration: 310,
      warmup: 10,
      clients: { arrivalRate: 280, requestsPerSession: 1, thinkTime: 1 },
      servers: { count: 4, workers: 1, queueLimit: 100_000, serviceTime: mm1Service },
      strategies: [{ name: 'random', type: 'sticky', affinity: 'cookie', balance: 'random' }],
    },
  },
  {
    name: 'md1 (Pollaczek-Khinchine)',
    scenario: {
      seed: 1957,
      duration: '300s',
      warmup: '20s',
      clients: { arrivalRate: 0.8 * 4 * 100, requestsPerSession: 1, thinkTime: '1s' },
      servers: { count: 4, workers: 1, queueLimit: 100_000, serviceTime: { dist: 'constant', value: '10ms' } },
      strategies: [{ type: 'sticky', affinity: 'cookie', balance: 'random' }],
    },
  },
  {
    name: 'erlang arrivals (E4/M/1, round-robin)',
    scenario: {
      name: 'E4/M/1 × 4, round-robin',
      seed: 1917,
      duration: '300s',
      warmup: '20s',
      clients: { arrivalRate: 320, requestsPerSession: 1, thinkTime: '1s' },
      servers: { count: 4, workers: 1, queueLimit: 100_000, serviceTime: { dist: 'exponential', mean: 0.01 } },
      strategies: [{ type: 'sticky', affinity: 'cookie', balance: 'round-robin' }],
    },
  },
  {
    name: "little's law (external store, lognormal service, least-connections)",
    scenario: {
      name: "Little's law on a realistic mix",
      seed: 1961,
      duration: '600s',
      warmup: '100s',
      clients: { arrivalRate: 30, requestsPerSession: { dist: 'geometric', mean: 10 }, thinkTime: { dist: 'exponential', mean: '2s' } },
      servers: { count: 4, workers: 4, queueLimit: 1000, serviceTime: { dist: 'lognormal', mean: '20ms', p99: '150ms' } },
      loadBalancer: { algorithm: 'least-connections' },
      strategies: [{ type: 'external' }],
    },
  },
  {
    name: "little's law (jwt HS256, uniform think time)",
    scenario: {
      seed: 12,
      duration: 360,
      warmup: 60,
      clients: { arrivalRate: 30, requestsPerSession: 5, thinkTime: { dist: 'uniform', min: '1s', max: '3s' } },
      servers: { count: 4, workers: 16, serviceTime: '1ms' },
      tokenService: { latency: 0, serviceTime: 0 },
      costs: { jsonSerializePerKB: 0, jsonParsePerKB: 0, aesGcmPerKB: 0 },
      strategies: [{ type: 'jwt', algorithm: 'HS256' }],
    },
  },
  {
    name: 'poisson counts (jwt)',
    scenario: {
      seed: 1837,
      duration: '300s',
      warmup: '0s',
      clients: { arrivalRate: 20, requestsPerSession: { dist: 'geometric', mean: 10 }, thinkTime: { dist: 'exponential', mean: '0.5s' } },
      servers: { count: 4, workers: 16, serviceTime: { dist: 'exponential', mean: '10ms' } },
      strategies: [{ type: 'jwt' }],
    },
  },
  {
    name: 'affinity loss: balancer failover (stick tables, cookie, ip hash)',
    scenario: {
      seed: 12,
      duration: '8m',
      warmup: '1m',
      clients: affinityWorkload,
      servers: { count: 4 },
      loadBalancer: { redundancy: { standby: true } },
      strategies: [
        { name: 'local', type: 'sticky', affinity: 'stick-table' },
        { name: 'replicated', type: 'sticky', affinity: 'stick-table', stickTable: { replicated: true } },
        { name: 'cookie', type: 'sticky', affinity: 'cookie' },
        { name: 'ip', type: 'sticky', affinity: 'ip-hash' },
      ],
      events: [{ at: '5m', type: 'lb-failover' }],
    },
  },
  {
    name: 'affinity loss: mobile address changes',
    scenario: {
      seed: 13,
      duration: '10m',
      warmup: '1m',
      clients: { ...affinityWorkload, network: { mobileShare: 1, ipChangeRate: 0.01 } },
      servers: { count: 4 },
      strategies: [
        { name: 'ip', type: 'sticky', affinity: 'ip-hash' },
        { name: 'stick', type: 'sticky', affinity: 'stick-table' },
        { name: 'cookie', type: 'sticky', affinity: 'cookie' },
      ],
    },
  },
  {
    name: 'health checks: crash detected by HAProxy defaults',
    scenario: {
      seed: 21,
      duration: '3m',
      warmup: '10s',
      clients: { arrivalRate: 120, requestsPerSession: 1 },
      servers: { count: 4, workers: 8, serviceTime: '10ms' },
      loadBalancer: { algorithm: 'round-robin', retries: 3, redispatch: true },
      events: [{ at: '40s', type: 'server-crash', server: 1 }],
      strategies: [{ name: 'jwt', type: 'jwt' }],
    },
  },
  {
    name: 'load balancing: random vs power-of-d at rho 0.9',
    scenario: {
      seed: 3,
      duration: '100s',
      warmup: '20s',
      clients: { arrivalRate: 1800, requestsPerSession: 1 },
      servers: { count: 20, workers: 1, queueLimit: 10_000, serviceTime: { dist: 'exponential', mean: 0.01 } },
      strategies: [
        { name: 'random', type: 'sticky', balance: 'random' },
        { name: 'p2c', type: 'sticky', balance: 'power-of-d' },
      ],
    },
  },
];
