// The workloads of `npm run bench`, as scenario objects (resolved by session-sim itself).

/** 4 × M/M/1 (ρ = 0.7): one-request sessions, random routing; 280/s × 10,000 s ≈ 2.8 M requests. */
export const MM1 = { lambda: 280, servers: 4, mu: 100 };
export function mm1Scenario(requests = 2_800_000) {
  const measured = requests / MM1.lambda;
  return {
    name: 'bench: 4 × M/M/1, random routing',
    seed: 20240,
    duration: 10 + measured,
    warmup: 10,
    clients: { arrivalRate: MM1.lambda, requestsPerSession: 1, thinkTime: 1 },
    servers: { count: MM1.servers, workers: 1, queueLimit: 100_000, serviceTime: { dist: 'exponential', mean: 1 / MM1.mu } },
    strategies: [{ name: 'random', type: 'sticky', affinity: 'cookie', balance: 'random' }],
  };
}

/** Long sessions: ≈ 1.07 M requests, 20 per session, 8 servers × 8 workers at ρ ≈ 0.8. */
export const longSessions = {
  name: 'bench: 8 servers at utilisation 0.8',
  seed: 1,
  duration: '520s',
  warmup: '0s',
  clients: {
    // 128 sessions/s × 20 requests = 2560 requests/s; capacity 8 × 8 / 20 ms = 3200/s ⇒ ρ = 0.8.
    arrivalRate: 128,
    requestsPerSession: { dist: 'geometric', mean: 20 },
    thinkTime: { dist: 'exponential', mean: '5s' },
  },
  servers: { count: 8, workers: 8, queueLimit: 1000, serviceTime: { dist: 'exponential', mean: '20ms' } },
  loadBalancer: { algorithm: 'round-robin' },
  strategies: [{ name: 'sticky-cookie', type: 'sticky', affinity: 'cookie' }],
};

/**
 * Many live sessions: `sessions` users arrive at 4000/s and none ends before the run does
 * (1000 requests each, think time 60 s): at the end every one of them is live, with its state
 * (in memory, in the store, or a token) written. Nothing is saturated, so what grows with the
 * count is the sessions, not a queue: the token service gets 16 workers (its default 2 issue
 * ≈ 2,100 tokens/s, fewer than the 4,000 logins/s, and its queue of waiting requests grew).
 */
export const LIVE_RATE = 4000;
export function liveScenario(type, sessions) {
  const strategy = type === 'sticky' ? { name: 'sticky', type: 'sticky', affinity: 'cookie' } : type === 'external' ? { name: 'external', type: 'external' } : { name: 'jwt', type: 'jwt' };
  return {
    name: `bench: ${sessions} live sessions (${type})`,
    seed: 7,
    duration: sessions / LIVE_RATE,
    warmup: 0,
    clients: { arrivalRate: LIVE_RATE, requestsPerSession: 1000, thinkTime: { dist: 'exponential', mean: '60s' } },
    servers: { count: 8, workers: 64, queueLimit: 10_000, serviceTime: { dist: 'exponential', mean: '5ms' } },
    ...(type === 'jwt' ? { tokenService: { workers: 16 } } : {}),
    strategies: [strategy],
  };
}
