/**
 * Validation against queueing theory: n independent M/M/1 queues.
 *
 * Model. Sessions of exactly one request arrive as a Poisson process of rate λ; the
 * balancer sends each to one of n servers uniformly at random (Bernoulli splitting of a
 * Poisson process gives n independent Poisson streams of rate λ/n); each server has one
 * worker, an unbounded FIFO queue and exponential service of rate μ. So each server is
 * an M/M/1 queue with ρ = λ/(nμ), and a request's response time T is exponential with
 * rate μ − λ/n:  E[T] = 1/(μ − λ/n),  P(T > t) = e^{−(μ−λ/n)t}.
 *
 * Strategy. `sticky` with cookie affinity and random balancing: a one-request session
 * has no cookie yet, so every request is balanced at random, and in-memory state adds no
 * CPU. (`jwt` would add 7 µs of HS256 sign + verify per request, shifting E[T] by ~0.2%,
 * and `external` adds store round trips.)
 *
 * Parameters. n = 4, μ = 100/s (mean service 10 ms), λ = 280/s ⇒ ρ = 0.7,
 * E[T] = 1/(100 − 70) = 33.33 ms, mean number in system L = λE[T] = 9.333 (all four).
 *
 * How many requests. The sojourn times of one M/M/1 queue are strongly correlated, so
 * the standard error of their mean is not σ/√N. Its asymptotic variance (customers
 * served one after another) is Var(T̄_N) ≈ c·E[T]²/N with c = ((1+ρ)/(1−ρ))² — for ρ = 0.7,
 * c = 32.1, i.e. 32 times the variance of N independent exponential samples. (Checked
 * numerically with the Lindley recursion over 4·10^8 customers: c = 32.2 at ρ = 0.7,
 * 9.17 at ρ = 0.5 against (1.5/0.5)² = 9; the same run reproduces Blomqvist's formula for
 * the waiting time in queue, ρ(2+5ρ−4ρ²+ρ³)/(1−ρ)⁴ in units of 1/μ², to 0.4%.) The pooled
 * mean over four independent queues of N/4 customers each has the same relative variance
 * c/N. With N ≈ 1,000,000 requests: relative SE = √(32.1/10⁶) = 0.57%, so the 3% tolerance
 * of issue 2 is 5.3 standard errors; the test also asserts the tighter 4-SE bound (2.3%).
 * One million requests take about 0.7 s here.
 */
import { describe, expect, it } from 'vitest';
import { runStrategy, type StrategyResult } from '../../src/experiment/run.js';
import { expectWithin, scenario } from '../helpers/stats.js';

const n = 4;
const mu = 100; // per second: mean service 10 ms
const rho = 0.7;
const lambda = rho * n * mu; // 280 requests per second
const warmup = 10; // s; the M/M/1 relaxation time ≈ 1/(μ(1−√ρ)²) = 0.37 s, so 10 s is ample
const window = 3570; // s of measurement ⇒ λ·window = 999,600 requests
const ET = 1 / (mu - lambda / n); // 0.03333 s

const config = scenario({
  name: 'M/M/1 × 4',
  seed: 20240,
  duration: warmup + window,
  warmup,
  clients: { arrivalRate: lambda, requestsPerSession: 1, thinkTime: 1 },
  servers: { count: n, workers: 1, queueLimit: 100_000, serviceTime: { dist: 'exponential', mean: '10ms' } },
  strategies: [{ name: 'random', type: 'sticky', affinity: 'cookie', balance: 'random' }],
});

let result: StrategyResult | undefined;
function run(): StrategyResult {
  result ??= runStrategy(config, config.strategies[0]!);
  return result;
}

describe('Poisson arrivals, random routing to 4 single-worker exponential servers = 4 × M/M/1 at ρ = 0.7', () => {
  it('serves every request (unbounded queues): no failures, about λ·window requests', () => {
    const m = run().metrics;
    expect(m.failedRequests).toBe(0);
    // Completed requests in the window ≈ Poisson(λ·window): sd = √999,600 ≈ 1000.
    expectWithin(m.requests, lambda * window, 4 * Math.sqrt(lambda * window), 'requests in the window');
    expect(m.requests).toBeGreaterThan(990_000);
  });

  it('mean response time is within 3% (and within 4 standard errors) of 1/(μ − λ/n) = 33.33 ms', () => {
    const m = run().metrics;
    const expectedMs = ET * 1000;
    const relSE = (1 + rho) / (1 - rho) / Math.sqrt(m.requests); // √c / √N ≈ 0.0057
    expectWithin(m.latency.mean, expectedMs, 0.03 * expectedMs, 'mean response time (ms), 3% band');
    expectWithin(m.latency.mean, expectedMs, 4 * relSE * expectedMs, 'mean response time (ms), 4 SE');
  });

  it('response times are exponential: p50 = ln2·E[T], p95 = ln20·E[T] within 5%', () => {
    // Histogram error ≤ 0.78% (relativeError 0.01 ⇒ 64 sub-buckets per octave). Sampling
    // error of a quantile of N iid draws: sd(x̂_q)/x_q = √(q/((1−q)N)) / ln(1/(1−q)), i.e.
    // 0.10% (p50) and 0.15% (p95) for N = 10⁶; the autocorrelation of successive sojourn
    // times inflates this by at most √c ≈ 5.7 ⇒ ≤ 0.85%; 4 of those plus the histogram
    // error stays under 5%.
    const m = run().metrics;
    expectWithin(m.latency.p50, Math.LN2 * ET * 1000, 0.05 * Math.LN2 * ET * 1000, 'p50 (ms)');
    expectWithin(m.latency.p95, Math.log(20) * ET * 1000, 0.05 * Math.log(20) * ET * 1000, 'p95 (ms)');
  });

  it('throughput ≈ λ, so each server is busy ρ = throughput·E[S]/n ≈ 0.7 of the time', () => {
    const m = run().metrics;
    // Poisson count over the window: sd(throughput) = √(λ/window) = 0.28 per second.
    expectWithin(m.throughput, lambda, 4 * Math.sqrt(lambda / window), 'throughput (requests/s)');
    const utilisation = (m.throughput * (1 / mu)) / n;
    expectWithin(utilisation, rho, (4 * Math.sqrt(lambda / window)) / mu / n, 'utilisation per server');
    // Random routing spreads requests evenly: each server's share is binomial with
    // relative sd √(3/N) ≈ 0.17%; max/mean of four stays well under 1.01.
    expect(m.skew.maxOverMean).toBeLessThan(1.01);
  });

  it('mean number in system L = λ·E[T] = n·ρ/(1−ρ) = 9.33 (time average, 4 standard errors)', () => {
    // With one request per session, sessions in progress = requests in the system.
    // Asymptotic variance of the time-average queue length of one M/M/1 (time in units of
    // 1/μ): 2ρ(1+ρ)/(1−ρ)⁴ = 293.8. Four independent queues over t = 3570 s = 357,000/μ:
    // Var(L̂) = 4·293.8/357,000 = 0.00329 ⇒ sd 0.057 (0.6% of 9.33).
    const m = run().metrics;
    const L = (n * rho) / (1 - rho);
    const sd = Math.sqrt((n * (2 * rho * (1 + rho))) / (1 - rho) ** 4 / (window * mu));
    expectWithin(m.meanActiveSessions, L, 4 * sd, 'mean requests in system');
  });
});
