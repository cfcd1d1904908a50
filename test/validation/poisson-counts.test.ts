/**
 * Poisson arrivals: the count in a window has variance equal to its mean.
 *
 * Theory. Sessions start as a Poisson process of rate λ, so the numbers of starts in disjoint
 * windows of width w are independent Poisson(λw) counts: mean = variance = λw (Ross,
 * Introduction to Probability Models, §5.3). For k windows, the sample variance s² and the
 * sample mean x̄ are both unbiased for λw, so D = (s² − x̄)/(λw) has expectation 0 exactly.
 *
 * The requests those sessions send are not Poisson: each session sends a burst (10 requests on
 * average, half a second apart), a Poisson cluster process whose counts are over-dispersed
 * (variance > mean; Cox & Isham, Point Processes, §3.4). The same statistic must see that:
 * this is the check's power.
 */
import { beforeAll, describe, it } from 'vitest';
import { SessionProbe } from '../../src/metrics/probes.js';
import { resolveScenario } from '../../src/scenario/load.js';
import { runStrategy } from '../../src/experiment/run.js';
import { expectCovers, expectExcludes, replicateEstimates } from './support.js';

const LAMBDA = 20;
const WINDOW = 1;
const FROM = 60; // requests ramp up over the first session lengths; sessions are Poisson from t = 0
const R = 10;
const config = resolveScenario({
  name: 'Poisson session starts, clustered requests',
  seed: 1837,
  duration: '600s',
  warmup: '0s',
  clients: { arrivalRate: LAMBDA, requestsPerSession: { dist: 'geometric', mean: 10 }, thinkTime: { dist: 'exponential', mean: '0.5s' } },
  servers: { count: 4, workers: 16, serviceTime: { dist: 'exponential', mean: '10ms' } },
  strategies: [{ type: 'jwt' }],
});

function dispersion(counts: Float64Array): { mean: number; variance: number } {
  let s = 0;
  for (const c of counts) s += c;
  const mean = s / counts.length;
  let ss = 0;
  for (const c of counts) ss += (c - mean) ** 2;
  return { mean, variance: ss / (counts.length - 1) };
}

describe('Poisson arrivals: count per window has variance ≈ mean (Ross §5.3)', () => {
  let est: Record<'meanError' | 'sessions' | 'requests', number[]>;
  beforeAll(() => {
    est = replicateEstimates(R, config.seed, (seed) => {
      const probe = new SessionProbe(FROM, config.duration, WINDOW);
      runStrategy(config, config.strategies[0]!, seed, { probe });
      const a = dispersion(probe.arrivalsPerWindow);
      const q = dispersion(probe.completionsPerWindow);
      return { meanError: a.mean / (LAMBDA * WINDOW) - 1, sessions: (a.variance - a.mean) / (LAMBDA * WINDOW), requests: (q.variance - q.mean) / q.mean };
    });
  });
  // Two coverage checks in this file.
  const m = 2;

  it('session starts: mean count per window = λw', () => {
    expectCovers('sessions per window / λw − 1', est.meanError, 0, m);
  });

  it('session starts: (variance − mean)/λw ≈ 0; clustered requests are over-dispersed', () => {
    const ci = expectCovers('session starts (s² − x̄)/λw', est.sessions, 0, m);
    // Power: the requests' index of dispersion − 1 lies far outside the sessions' interval.
    const requests = est.requests.reduce((a, b) => a + b, 0) / est.requests.length;
    expectExcludes('requests (s² − x̄)/x̄', ci, requests);
  });
});
