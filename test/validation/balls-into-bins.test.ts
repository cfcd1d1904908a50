/**
 * Balls into bins: the maximum load with one random choice, and with the better of two.
 *
 * Theory.
 *  - One choice: throwing m balls uniformly into n bins, a bin's load is Binomial(m, 1/n), so the
 *    expected share of bins with load ≥ i is exactly P(Bin(m, 1/n) ≥ i). The maximum load has
 *    the exact law P(max ≤ k) = P(Y_1..Y_n ≤ k | ΣY = m) for Y_j i.i.d. Poisson(m/n) (the
 *    multinomial is independent Poissons conditioned on their sum; Gonnet, JACM 1981), computed
 *    below by convolution; it grows like ln n / ln ln n.
 *  - Two choices (Azar, Broder, Karlin & Upfal, STOC 1994 / SIAM J. Comput. 1999): each ball goes
 *    to the less loaded of two random bins, and the maximum drops to ln ln n / ln 2 + O(1). The
 *    share s_i of bins with load ≥ i follows, as n → ∞, ds_i/dt = s_(i−1)² − s_i², s_0 = 1,
 *    at t = m/n (Mitzenmacher, "Studying balanced allocations with differential equations",
 *    Combinatorics, Probability and Computing 8, 1999); the finite-n bias is O(1/n) (Kurtz's
 *    theorem), 1e-4 at n = 10 000, added to the tolerance.
 *
 * What runs: the product's LoadBalancer, with `random` (one choice) and `power-of-d` (HAProxy
 * `random(2)`, NGINX `random two`: two choices), each request staying on its server.
 */
import { beforeAll, describe, it } from 'vitest';
import { request, rig, session } from '../helpers/lb.js';
import { expectCovers, expectExcludes, intervalFor, replicateEstimates } from './support.js';

// Replication seeds derive from this one (Azar et al.'s year).

/**
 * `balls` requests through the product's balancer over `bins` servers all UP, each one staying
 * (its server's load grows by one): `random` is one choice, `power-of-d` (d = 2, HAProxy
 * `random(2)`) the less loaded of two.
 */
function balancerLoads(algorithm: 'random' | 'power-of-d', bins: number, balls: number, seed: number): Int32Array {
  const { lb, servers } = rig({ servers: bins, algorithm, seed });
  const req = request(session(0));
  const loads = new Int32Array(bins);
  for (let b = 0; b < balls; b++) {
    const i = lb.route(req, 0);
    loads[i]!++;
    servers[i]!.busy++;
  }
  return loads;
}

const shareAtLeast = (loads: Int32Array, i: number) => loads.reduce((n, l) => n + (l >= i ? 1 : 0), 0) / loads.length;
const maxOf = (loads: Int32Array) => loads.reduce((a, b) => Math.max(a, b), 0);

/** P(Bin(m, p) ≥ i), summing the pmf by its recurrence. */
function binomialTail(m: number, p: number, i: number): number {
  let pmf = (1 - p) ** m;
  let below = 0;
  for (let k = 0; k < i; k++) {
    below += pmf;
    pmf *= ((m - k) / (k + 1)) * (p / (1 - p));
  }
  return 1 - below;
}

/** Exact E[max load] of m balls in n bins: Σ_k P(max > k), with P(max ≤ k) from truncated-Poisson convolutions. */
export function expectedMaxLoad(n: number, m: number): number {
  const lambda = m / n;
  const poissonPmf = (k: number) => Math.exp(-lambda + k * Math.log(lambda) - logFactorial(k));
  const pSumIsM = Math.exp(-m + m * Math.log(m) - logFactorial(m)); // P(Poisson(m) = m)
  let expected = 0;
  for (let k = 0; k <= m; k++) {
    // Z ~ Poisson(λ) conditioned on Z ≤ k; P(max ≤ k) = P(Y ≤ k)^n · P(Z_1 + … + Z_n = m) / P(ΣY = m).
    const pmf = Array.from({ length: k + 1 }, (_, j) => poissonPmf(j));
    const pk = pmf.reduce((a, b) => a + b, 0);
    const z = Float64Array.from(pmf, (x) => x / pk);
    const sumIsM = convolutionPower(z, n, m)[m] ?? 0;
    const pMaxAtMost = Math.exp(n * Math.log(pk)) * (sumIsM / pSumIsM);
    expected += 1 - pMaxAtMost;
    if (1 - pMaxAtMost < 1e-15) break;
  }
  return expected;
}

function logFactorial(k: number): number {
  let s = 0;
  for (let j = 2; j <= k; j++) s += Math.log(j);
  return s;
}

/** The distribution of a sum of `times` i.i.d. copies of `p`, truncated to values ≤ limit (binary powering). */
function convolutionPower(p: Float64Array, times: number, limit: number): Float64Array {
  let result: Float64Array = new Float64Array([1]);
  let base = p;
  for (let e = times; e > 0; e >>= 1) {
    if (e & 1) result = convolve(result, base, limit);
    if (e > 1) base = convolve(base, base, limit);
  }
  return result;
}

function convolve(a: Float64Array, b: Float64Array, limit: number): Float64Array {
  const out = new Float64Array(Math.min(limit + 1, a.length + b.length - 1));
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    if (x === 0) continue;
    const top = Math.min(b.length, out.length - i);
    for (let j = 0; j < top; j++) out[i + j]! += x * b[j]!;
  }
  return out;
}

/** Mitzenmacher's fluid limit for d choices at time t (RK4 on s_1..s_levels). */
function fluidLimit(d: number, t: number, levels: number): number[] {
  const f = (s: number[]) => s.map((si, i) => (i === 0 ? 1 : s[i - 1]!) ** d - si ** d);
  let s = new Array<number>(levels).fill(0); // s[i−1] = s_i
  const steps = 2000;
  const h = t / steps;
  const add = (x: number[], y: number[], c: number) => x.map((v, i) => v + c * y[i]!);
  for (let k = 0; k < steps; k++) {
    const k1 = f(s);
    const k2 = f(add(s, k1, h / 2));
    const k3 = f(add(s, k2, h / 2));
    const k4 = f(add(s, k3, h));
    s = s.map((v, i) => v + (h / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!));
  }
  return s;
}

describe('Balls into bins: max load, random vs two choices (Azar et al. 1999)', () => {
  const SMALL = 1000; // bins = balls, for the exact maximum-load law
  const LARGE = 10_000; // bins = balls, for the two-choice fluid limit
  const R = 20;
  let est: Record<string, number[]>;
  beforeAll(() => {
    est = replicateEstimates(R, 1999, (seed) => {
      const one = balancerLoads('random', SMALL, SMALL, seed);
      const two = balancerLoads('power-of-d', LARGE, LARGE, seed);
      const twoSmall = balancerLoads('power-of-d', SMALL, SMALL, seed + 1);
      return {
        randomMax: maxOf(one),
        twoChoiceMax: maxOf(twoSmall),
        ...Object.fromEntries([1, 2, 3].map((i) => [`random${i}`, shareAtLeast(one, i)])),
        ...Object.fromEntries([1, 2, 3].map((i) => [`two${i}`, shareAtLeast(two, i)])),
      };
    });
  });
  // Coverage checks in this file: random max, random s_1..s_3, two-choice s_1..s_3.
  const m = 7;

  it('one random choice: share of bins with load ≥ i is P(Bin(m, 1/n) ≥ i)', () => {
    for (const i of [1, 2, 3]) expectCovers(`random: bins with load ≥ ${i}`, est[`random${i}`]!, binomialTail(SMALL, 1 / SMALL, i), m);
  });

  it('one random choice: the maximum load has its exact expectation', () => {
    expectCovers(`random: max load, ${SMALL} balls into ${SMALL} bins`, est.randomMax!, expectedMaxLoad(SMALL, SMALL), m);
  });

  it("two choices: shares of loaded bins follow Mitzenmacher's differential equations", () => {
    const s = fluidLimit(2, 1, 6);
    for (const i of [1, 2, 3]) {
      const ci = expectCovers(`two choices: bins with load ≥ ${i}`, est[`two${i}`]!, s[i - 1]!, m, 1e-4);
      // Power: one random choice (the Poisson(1) tail) is rejected at every level.
      expectExcludes(`one choice at level ${i}`, ci, binomialTail(LARGE, 1 / LARGE, i), 1e-4);
    }
  });

  it('two choices cut the maximum load: every two-choice maximum lies below the random interval', () => {
    // The random maximum's interval (checked against theory above); each two-choice run's maximum lies below it.
    const random = intervalFor(est.randomMax!, m);
    for (const x of est.twoChoiceMax!) expectExcludes('a two-choice maximum', random, x);
  });
});
