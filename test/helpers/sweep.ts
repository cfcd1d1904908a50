/** The small crash scenario the sweep tests share: 2 minutes, 3 servers of 2 workers, one crash at 60 s. */
export function smallCrash(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'small crash',
    seed: 21,
    duration: '2m',
    warmup: '20s',
    clients: { arrivalRate: 3, requestsPerSession: { dist: 'geometric', mean: 8 }, thinkTime: { dist: 'exponential', mean: '2s' } },
    servers: { count: 3, workers: 2 },
    strategies: [{ type: 'sticky', affinity: 'cookie' }, { type: 'external' }],
    events: [{ at: '60s', type: 'server-crash', server: 1, downFor: '20s' }],
    ...overrides,
  };
}
