/**
 * Little's law, L = λW, for requests at the servers and for sessions in progress.
 *
 * Theory. For any system in steady state, the time-average number inside (L) equals the
 * arrival rate (λ) times the mean time spent inside (W) (Little 1961; Kleinrock, Queueing
 * Systems vol. 1, §2.1). It holds whatever the distributions, routing or queueing discipline,
 * so it checks the simulator's bookkeeping on a realistic mix: sessions of many requests,
 * lognormal service, 4 workers per server, least-connections, a session store whose round
 * trips keep requests on their server.
 *
 * Measurement, each estimate unbiased in steady state (measured after a warm-up of 5 mean
 * session lengths, over [warmup, duration]):
 *  - requests: L = time-average of requests at the servers (OccupancySampler, PASTA),
 *    λ = requests answered per second, W = their mean latency (the histogram's exact mean);
 *  - sessions: L = the reported meanActiveSessions, λ = reported sessions started per second,
 *    W = mean duration of the sessions that ended in the window (SessionProbe).
 * Each replication gives L/(λW) − 1; its interval must contain 0. meanActiveSessions is
 * rounded to 4 significant digits: a deterministic error ≤ 5e-5 relative, added to the
 * tolerance.
 */
import { beforeAll, describe, it } from 'vitest';
import { OccupancySampler, SessionProbe } from '../../src/metrics/probes.js';
import { resolveScenario } from '../../src/scenario/load.js';
import { runStrategy } from '../../src/experiment/run.js';
import { expectCovers, expectExcludes, replicateEstimates } from './support.js';

const R = 8;
const config = resolveScenario({
  name: "Little's law on a realistic mix",
  seed: 1961,
  duration: '600s',
  warmup: '100s',
  clients: { arrivalRate: 30, requestsPerSession: { dist: 'geometric', mean: 10 }, thinkTime: { dist: 'exponential', mean: '2s' } },
  servers: { count: 4, workers: 4, queueLimit: 1000, serviceTime: { dist: 'lognormal', mean: '20ms', p99: '150ms' } },
  loadBalancer: { algorithm: 'least-connections' },
  strategies: [{ type: 'external' }],
});
const SPAN = config.duration - config.warmup;

describe("Little's law L = λW (Little 1961)", () => {
  let est: Record<'requests' | 'sessions' | 'failed', number[]>;
  beforeAll(() => {
    est = replicateEstimates(R, config.seed, (seed) => {
      const sampler = new OccupancySampler(config.servers.count, { rate: 20, from: config.warmup, maxCount: 2000 });
      const probe = new SessionProbe(config.warmup, config.duration, SPAN);
      const r = runStrategy(config, config.strategies[0]!, seed, { probe, instrument: (world, streams) => sampler.attach(world, streams) });
      const h = r.latencyHistogram!;
      const requests = sampler.meanInSystem() / ((h.count / SPAN) * h.mean()) - 1;
      const sessions = r.metrics.meanActiveSessions / ((r.metrics.sessions / SPAN) * (probe.durationSum / probe.ended)) - 1;
      return { requests, sessions, failed: r.metrics.failedRequests + sampler.overflow };
    });
  });
  // Two coverage checks in this file.
  const m = 2;

  it('requests at the servers: L = λW, within the interval; an error of 3% would be seen', () => {
    // A failed request spends time inside but has no latency: the scenario must have none.
    for (const f of est.failed) if (f !== 0) throw new Error(`${f} failed requests or sampler overflows break the check`);
    const ci = expectCovers('requests L/(λW) − 1', est.requests, 0, m);
    // Power: leaving the store's two round trips (≈ 0.6 ms of ≈ 21 ms) out of W would be a 3% error.
    for (const wrong of [-0.03, 0.03]) expectExcludes('requests L/(λW) − 1 off by 3%', ci, wrong);
  });

  it('sessions in progress: L = λW, within the interval; an error of 3% would be seen', () => {
    const ci = expectCovers('sessions L/(λW) − 1', est.sessions, 0, m, 5e-5);
    for (const wrong of [-0.03, 0.03]) expectExcludes('sessions L/(λW) − 1 off by 3%', ci, wrong, 5e-5);
  });
});
