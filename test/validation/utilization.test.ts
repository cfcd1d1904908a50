/**
 * Utilisation against queueing theory: random routing to n single-worker exponential servers
 * (n independent M/M/1 queues, see mm1-queue-length.test.ts) keeps each server busy a share
 * ρ = λ/(nμ) of the time (Kleinrock, Queueing Systems vol. 1, §3.2: P(N = 0) = 1 − ρ), so
 * `utilization.mean` (busy worker-seconds over worker-seconds of uptime, fleet-wide) must
 * estimate ρ, and `utilization.busiestServer` sits above it by the spread of the n servers'
 * own estimates. With m workers per server the same share is λ/(n·m·μ) (M/M/m: the mean
 * number in service is λ/μ whatever m).
 *
 * Tolerances: R = 10 replications, the t interval at the Bonferroni level of the file's
 * checks (support.ts); the interval must also exclude a load 3 % off, so the check has power.
 * A server crash is checked separately: the dead server's downtime is not capacity, so the
 * fleet's utilisation is still ρ computed over the live servers.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveScenario } from '../../src/scenario/load.js';
import { runStrategy } from '../../src/experiment/run.js';
import { expectCovers, expectExcludes, replicateEstimates } from './support.js';

const N = 4;
const MU = 100;
const R = 10;
const CHECKS = 4;

function config(rho: number, workers: number, extra: object = {}, duration = '220s') {
  return resolveScenario({
    name: 'utilisation',
    seed: 99117,
    duration,
    warmup: '20s',
    clients: { arrivalRate: rho * N * workers * MU, requestsPerSession: 1, thinkTime: '1s' },
    servers: { count: N, workers, queueLimit: 100_000, serviceTime: { dist: 'exponential', mean: 1 / MU } },
    strategies: [{ type: 'sticky', affinity: 'cookie', balance: 'random' }],
    ...extra,
  });
}

function estimates(rho: number, workers: number, extra: object = {}, duration?: string) {
  const c = config(rho, workers, extra, duration);
  return replicateEstimates(R, c.seed, (seed) => {
    const u = runStrategy(c, c.strategies[0]!, seed).metrics.utilization;
    return { mean: u.mean, busiest: u.busiestServer, peakMean: u.peakMean, peakBusiest: u.peakBusiestServer };
  });
}

describe('utilisation of M/M/1 servers is ρ = λ/(nμ)', () => {
  let est: Record<'mean' | 'busiest' | 'peakMean' | 'peakBusiest', number[]>;
  beforeAll(() => {
    est = estimates(0.6, 1);
  });

  it('fleet mean utilisation covers ρ = 0.6, and excludes 0.6 × 1.03', () => {
    const ci = expectCovers('utilization.mean, M/M/1 rho 0.6', est.mean, 0.6, CHECKS);
    expectExcludes('utilization.mean vs a 3% higher load', ci, 0.6 * 1.03);
  });

  it('the busiest server is at least the mean; window peaks at least the whole-window figures', () => {
    est.mean.forEach((m, r) => {
      expect(est.busiest[r]!).toBeGreaterThanOrEqual(m);
      expect(est.peakMean[r]!).toBeGreaterThanOrEqual(m);
      expect(est.peakBusiest[r]!).toBeGreaterThanOrEqual(est.busiest[r]!);
      expect(est.peakBusiest[r]!).toBeLessThanOrEqual(1);
    });
  });
});

describe('several workers per server and a dead server', () => {
  it('M/M/4 servers: busy workers over workers is λ/(n·m·μ) = 0.75', () => {
    const est = estimates(0.75, 4, {}, '80s');
    const ci = expectCovers('utilization.mean, M/M/4 rho 0.75', est.mean, 0.75, CHECKS);
    expectExcludes('utilization.mean M/M/4 vs a 3% lower load', ci, 0.75 / 1.03);
  });

  it('downtime is not capacity: with one of four servers dead for the whole window, the other three carry λ, each at 4ρ/3', () => {
    // Health checks take the dead server out (about 6 s: inter 2 s × fall 3); the requests sent
    // to it before that fail. Afterwards three servers share λ: ρ' = λ/(3μ) = 0.4 × 4/3.
    const est = estimates(0.4, 1, { events: [{ at: '5s', type: 'server-crash', server: 3 }] });
    expectCovers('utilization.mean, 3 live of 4, rho 0.533', est.mean, (0.4 * 4) / 3, CHECKS);
  });
});
