/**
 * M/D/1: the Pollaczek–Khinchine mean wait.
 *
 * Theory. For an M/G/1 queue with arrival rate λ and service time S, the mean wait in queue is
 * W_q = λE[S²] / (2(1 − ρ)) (Pollaczek–Khinchine; Kleinrock, Queueing Systems vol. 1, §5.7,
 * eq. 5.105). Constant service S = 1/μ gives E[S²] = 1/μ², so W_q = ρ/(2μ(1 − ρ)): half the
 * M/M/1 wait ρ/(μ(1 − ρ)) at the same load. Random routing of Poisson arrivals over n servers
 * makes each one M/D/1 with ρ = λ/(nμ) (Poisson thinning).
 *
 * Measurement. The response time of a request is its wait plus its (constant) service, so
 * W_q = mean latency − 1/μ. The mean comes from the latency histogram's exact running sum (not
 * from its buckets), so the only error is the replications' spread.
 */
import { beforeAll, describe, it } from 'vitest';
import { resolveScenario } from '../../src/scenario/load.js';
import { runStrategy } from '../../src/experiment/run.js';
import { expectCovers, expectExcludes, replicateEstimates } from './support.js';

const N_SERVERS = 4;
const MU = 100; // 10 ms constant service
const RHO = 0.7;
const R = 10;
const config = resolveScenario({
  name: 'M/D/1 × 4, random routing',
  seed: 1957,
  duration: '300s',
  warmup: '20s',
  clients: { arrivalRate: RHO * N_SERVERS * MU, requestsPerSession: 1, thinkTime: '1s' },
  servers: { count: N_SERVERS, workers: 1, queueLimit: 100_000, serviceTime: { dist: 'constant', value: '10ms' } },
  strategies: [{ type: 'sticky', affinity: 'cookie', balance: 'random' }],
});

const pkWait = (rho: number) => rho / (2 * MU * (1 - rho));

describe('M/D/1 per server under random routing: Pollaczek–Khinchine', () => {
  let wq: number[];
  beforeAll(() => {
    wq = replicateEstimates(R, config.seed, (seed) => {
      const r = runStrategy(config, config.strategies[0]!, seed);
      return { wq: r.latencyHistogram!.mean() - 1 / MU };
    }).wq;
  });

  it('mean wait W_q = ρ/(2μ(1 − ρ)); the M/M/1 wait and a load 3% off are rejected', () => {
    // One check in this file (m = 1).
    const ci = expectCovers('M/D/1 W_q (s)', wq, pkWait(RHO), 1);
    expectExcludes('M/M/1 W_q', ci, 2 * pkWait(RHO));
    for (const r of [RHO * 0.97, RHO * 1.03]) expectExcludes(`P-K W_q at ρ = ${r}`, ci, pkWait(r));
  });
});
