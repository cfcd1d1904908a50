/**
 * M/D/1 at a store node and at the token service, WITH the default random network latency.
 *
 * Theory. Poisson operations sent at rate λ, each delayed on the wire by an independent draw
 * (here half of the default lognormal round trip: store mean 0.3 ms, p99 2 ms; token service
 * mean 1 ms, p99 10 ms), still reach the node as a Poisson process of rate λ (independent
 * displacements of a Poisson process leave it Poisson: the M/G/∞ output theorem). A node that
 * executes one command at a time, for a constant 1/μ, in the order commands ARRIVE is then
 * M/D/1: the Pollaczek–Khinchine mean wait is W_q = λS²/(2(1 − ρ)) with S = 1/μ, ρ = λS
 * (Kleinrock, Queueing Systems vol. 1, eq. 5.105).
 *
 * Measurement. Each replication sends Poisson operations to a SessionStore (fire and forget:
 * the recorder sums each operation's queueing delay) and to a one-core TokenService (its own
 * served/waitSeconds counters); operations sent during the first 5 % are warm-up and left out.
 *
 * Tolerance. R = 10 replications, Student-t interval at 99.5 % per check (2 checks, Bonferroni:
 * test/validation/support.ts). The wrong answer it must reject is the old model's wait: the
 * Lindley recursion in the order operations are SENT, computed here on the very same arrival
 * and latency draws: at the store ≈ 1.4 ms against 15.6 µs (the node idles while a slow
 * command is on the wire and the ones behind it wait), at the token service ≈ 3.8 ms against
 * 0.58 ms.
 */
import { beforeAll, describe, it } from 'vitest';
import { makeDistribution, type DistributionSpec } from '../../src/engine/distributions.js';
import { RandomStream } from '../../src/engine/random.js';
import { Simulator } from '../../src/engine/simulator.js';
import { SessionStore } from '../../src/model/session-store.js';
import { TokenService } from '../../src/model/token-service.js';
import { TestRecorder } from '../helpers/recorder.js';
import { scenario } from '../helpers/scenario.js';
import { expectCovers, expectExcludes, replicateEstimates } from './support.js';

const R = 10;
const RHO = 0.7;
const SEED = 1961;
const defaults = scenario({});

/** The old model: FIFO in the order sent (start = max(arrival, free) taken in send order). */
function sendOrderWait(sends: Float64Array, oneWay: Float64Array, service: number, from: number): number {
  let free = 0;
  let wait = 0;
  let n = 0;
  for (let k = 0; k < sends.length; k++) {
    const arrival = sends[k]! + oneWay[k]!;
    const start = arrival > free ? arrival : free;
    free = start + service;
    if (sends[k]! >= from) {
      wait += start - arrival;
      n++;
    }
  }
  return wait / n;
}

/** Poisson send times at rate λ over `duration`, and half of each one's round trip drawn as the model draws it. */
function workload(seed: number, rate: number, duration: number, latency: DistributionSpec, latencyStream: string) {
  const arrivals = new RandomStream(seed, 'arrivals');
  const times: number[] = [];
  for (let t = -Math.log(1 - arrivals.next()) / rate; t < duration; t += -Math.log(1 - arrivals.next()) / rate) times.push(t);
  const dist = makeDistribution(latency);
  const twin = new RandomStream(seed, latencyStream); // the same draws the model will make, in the same order
  const oneWay = Float64Array.from(times, () => dist.sample(twin.next()) / 2);
  return { sends: Float64Array.from(times), oneWay };
}

describe('M/D/1 at the store node and at the token service, with the default lognormal latency', () => {
  // Store: the default 75,000 commands/s (S ≈ 13.3 µs), λ = 52,500/s, 2 s (105k operations) each.
  const storeMu = defaults.store.opsPerSecond;
  const storeS = 1 / storeMu;
  const storeDuration = 2;
  // Token service: one core, 0.5 ms handler + no signature, λ = 1,400/s, 20 s each.
  const tokenS = 0.0005;
  const tokenDuration = 20;
  const pk = (S: number) => (RHO / S) * S * S / (2 * (1 - RHO));
  let est: Record<'store' | 'storeOld' | 'token' | 'tokenOld', number[]>;

  beforeAll(() => {
    est = replicateEstimates(R, SEED, (seed) => {
      // ── store ──
      const storeConfig = { ...defaults.store, bandwidth: Infinity };
      const s = workload(seed, RHO * storeMu, storeDuration, storeConfig.latency, 'store-latency');
      const sim = new Simulator();
      const recorder = new TestRecorder();
      const warmup = 0.05 * storeDuration;
      let wait = 0;
      let n = 0;
      recorder.storeOperation = (sentAt: number, delay: number) => {
        if (sentAt < warmup) return;
        wait += delay;
        n++;
      };
      const store = new SessionStore(storeConfig, { sim, recorder, latency: new RandomStream(seed, 'store-latency'), internal: new RandomStream(seed, 'internal') });
      sim.on(31, () => store.send(0, sim.now, 0, 0, 1, null));
      for (let k = 0; k < s.sends.length; k++) sim.scheduleAt(s.sends[k]!, 31, k);
      sim.run(storeDuration + 1);

      // ── token service ──
      const tokenConfig = { ...defaults.tokenService!, workers: 1, serviceTime: tokenS };
      const t = workload(seed + 1, RHO / tokenS, tokenDuration, tokenConfig.latency, 'token-latency');
      const tsim = new Simulator();
      const service = new TokenService(tokenConfig, 0, new RandomStream(seed + 1, 'token-latency'), tsim);
      const tWarmup = 0.05 * tokenDuration;
      let base = { served: 0, wait: 0 };
      tsim.on(31, () => service.request(tsim.now, null));
      tsim.on(32, () => {
        base = { served: service.served, wait: service.waitSeconds };
      });
      for (let k = 0; k < t.sends.length; k++) tsim.scheduleAt(t.sends[k]!, 31, k);
      // The counters at the first arrival of a post-warm-up send: the operations before it
      // reached the core earlier or soon after; the few that straddle barely move a mean of 25k.
      tsim.scheduleAt(tWarmup, 32);
      tsim.run(tokenDuration + 1);
      return {
        store: wait / n,
        storeOld: sendOrderWait(s.sends, s.oneWay, storeS, warmup),
        token: (service.waitSeconds - base.wait) / (service.served - base.served),
        tokenOld: sendOrderWait(t.sends, t.oneWay, tokenS, tWarmup),
      };
    });
  });

  it('store node: W_q = λS²/(2(1 − ρ)); the send-order wait of the old model is rejected', () => {
    const ci = expectCovers('store M/D/1 W_q (s), default lognormal latency', est.store, pk(storeS), 2);
    expectExcludes('store send-order (old) W_q', ci, mean(est.storeOld));
    for (const r of [RHO * 0.97, RHO * 1.03]) expectExcludes(`store P-K W_q at ρ = ${r}`, ci, (r / storeS) * storeS * storeS / (2 * (1 - r)));
  });

  it('token service (one core): W_q = λS²/(2(1 − ρ)); the send-order wait of the old model is rejected', () => {
    const ci = expectCovers('token service M/D/1 W_q (s), default lognormal latency', est.token, pk(tokenS), 2);
    expectExcludes('token service send-order (old) W_q', ci, mean(est.tokenOld));
  });
});

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}
