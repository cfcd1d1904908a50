/**
 * Round-robin routing turns Poisson arrivals into Erlang arrivals: E_n/M/1.
 *
 * Theory. Round-robin sends every n-th request to a given server, so its inter-arrival time
 * is the sum of n exponential gaps of rate λ: Erlang-n with Laplace–Stieltjes transform
 * A*(s) = (λ/(λ + s))^n and mean n/λ. A GI/M/1 queue with service rate μ has the geometric
 * number-in-system seen by arrivals with parameter σ, the root in (0, 1) of σ = A*(μ(1 − σ)),
 * and mean wait W_q = σ/(μ(1 − σ)) (Kleinrock, Queueing Systems vol. 1, §6.4, eq. 6.28–6.34;
 * Gross & Harris §6.3.2). For Poisson arrivals σ = ρ (M/M/1); regular Erlang arrivals give
 * σ < ρ, so round-robin waits less than random routing at the same load.
 *
 * Measurement. W_q = mean latency − mean service would need the exact service of each request;
 * instead the check uses the mean response time W = 1/(μ(1 − σ)), which the latency
 * histogram's exact running mean measures directly.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveScenario } from '../../src/scenario/load.js';
import { runStrategy } from '../../src/experiment/run.js';
import { expectCovers, expectExcludes, replicateEstimates } from './support.js';

const N_SERVERS = 4;
const MU = 100;
const RHO = 0.8;
const LAMBDA = RHO * N_SERVERS * MU; // total Poisson rate
const R = 10;
const config = resolveScenario({
  name: 'E4/M/1 × 4, round-robin',
  seed: 1917,
  duration: '300s',
  warmup: '20s',
  clients: { arrivalRate: LAMBDA, requestsPerSession: 1, thinkTime: '1s' },
  servers: { count: N_SERVERS, workers: 1, queueLimit: 100_000, serviceTime: { dist: 'exponential', mean: 1 / MU } },
  strategies: [{ type: 'sticky', affinity: 'cookie', balance: 'round-robin' }],
});

/** σ = A*(μ(1 − σ)) for Erlang-n gaps of rate λ: fixed-point iteration from 0 converges monotonically to the root below 1. */
export function giM1Sigma(lambda: number, n: number, mu: number): number {
  let sigma = 0;
  for (let i = 0; i < 10_000; i++) {
    const next = (lambda / (lambda + mu * (1 - sigma))) ** n;
    if (Math.abs(next - sigma) < 1e-15) return next;
    sigma = next;
  }
  return sigma;
}

const response = (sigma: number) => 1 / (MU * (1 - sigma));

describe('Round-robin to n servers: each sees Erlang-n arrivals (E_n/M/1, GI/M/1 root)', () => {
  let w: number[];
  beforeAll(() => {
    w = replicateEstimates(R, config.seed, (seed) => ({ w: runStrategy(config, config.strategies[0]!, seed).latencyHistogram!.mean() })).w;
  });

  it('the root σ is below ρ and solves σ = (λ/(λ + μ(1 − σ)))^n', () => {
    const sigma = giM1Sigma(LAMBDA, N_SERVERS, MU);
    // Exactness of the fixed point (to rounding), and the ordering that makes round-robin better than random.
    expect(Math.abs(sigma - (LAMBDA / (LAMBDA + MU * (1 - sigma))) ** N_SERVERS)).toBeLessThan(1e-12);
    expect(sigma).toBeGreaterThan(0);
    expect(sigma).toBeLessThan(RHO);
  });

  it('mean response 1/(μ(1 − σ)); the M/M/1 (random routing) response is rejected', () => {
    // One statistical check in this file (m = 1).
    const sigma = giM1Sigma(LAMBDA, N_SERVERS, MU);
    const ci = expectCovers('E4/M/1 mean response (s)', w, response(sigma), 1);
    expectExcludes('M/M/1 response at the same load', ci, response(RHO));
    // A load 3% off changes σ enough to be seen.
    for (const f of [0.97, 1.03]) expectExcludes(`E4/M/1 at ρ × ${f}`, ci, response(giM1Sigma(LAMBDA * f, N_SERVERS, MU)));
  });
});
