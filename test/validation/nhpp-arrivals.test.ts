/**
 * Load that changes: the sessions a phase brings are Poisson with mean ∫λ(t)dt over it.
 *
 * Theory. For a non-homogeneous Poisson process of rate λ(t), the number of arrivals in
 * [a, b) is Poisson with mean Λ = ∫ₐᵇ λ(t) dt, independently over disjoint intervals (Ross,
 * Introduction to Probability Models, §5.4.1). So over R independent replications the
 * counts N₁ … N_R of one phase satisfy
 *  - mean: ΣN_r ~ Poisson(RΛ), so |ΣN_r − RΛ| ≤ z(1 − α/2)·√(RΛ) with probability 1 − α
 *    (RΛ is in the tens of thousands: the normal approximation is exact to far below α);
 *  - variance = mean: the dispersion statistic D = Σ(N_r − N̄)²/N̄ is χ² with R − 1 degrees
 *    of freedom (Fisher's index of dispersion; Cochran 1954), so D lies between the α/2 and
 *    1 − α/2 quantiles of χ²(R − 1) with probability 1 − α. The test is two-sided: arrivals
 *    spread evenly (Artillery's arrivalCount, a per-second approximation with fixed counts)
 *    are under-dispersed and fall below it, a rate drawn per replication falls above it.
 * α = 0.01/m for the file's m checks (Bonferroni, as test/validation/support.ts), so a
 * correct simulator passes all of them for 99% of seeds. The phases run through the whole
 * world (balancer, servers), counted where the recorder sees sessions start.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SessionProbe } from '../../src/metrics/probes.js';
import { normalQuantile } from '../../src/metrics/statistics.js';
import { expectedArrivals, rateSegments } from '../../src/model/arrivals.js';
import { resolveScenario } from '../../src/scenario/load.js';
import { runStrategy } from '../../src/experiment/run.js';
import { replicateEstimates } from './support.js';

const R = 60;
/** Checks in this file: a mean and a dispersion check per interval (3 phases + 4 quarters of a day). */
const M = 2 * 7;
const ALPHA = 0.01 / M;

/** χ² quantile by Wilson–Hilferty: k(1 − 2/(9k) + z·√(2/(9k)))³, relative error < 0.1% for k ≥ 30. */
function chiSquareQuantile(p: number, k: number): number {
  const v = 2 / (9 * k);
  return k * (1 - v + normalQuantile(p) * Math.sqrt(v)) ** 3;
}

const lightServers = { count: 4, workers: 16, serviceTime: { dist: 'exponential', mean: '5ms' } };
const phased = resolveScenario({
  name: 'Phases: hold, ramp up, ramp down',
  seed: 2024,
  warmup: '0s',
  clients: {
    requestsPerSession: 1,
    thinkTime: '1s',
    phases: [
      { name: 'hold', duration: '60s', arrivalRate: 10 },
      { name: 'ramp', duration: '120s', arrivalRate: 10, rampTo: 40 },
      { name: 'down', duration: '60s', arrivalRate: 40, rampTo: 5 },
    ],
  },
  servers: lightServers,
  strategies: [{ type: 'sticky' }],
});
const diurnal = resolveScenario({
  name: 'A day in an hour',
  seed: 1999,
  duration: '1h',
  warmup: '0s',
  clients: { arrivalRate: 10, requestsPerSession: 1, thinkTime: '1s', profile: { type: 'diurnal', peakHour: 20, peakToTrough: 4, timeScale: 24 } },
  servers: lightServers,
  strategies: [{ type: 'sticky' }],
});

interface Interval {
  name: string;
  from: number;
  to: number;
}
const PHASES: Interval[] = [
  { name: 'hold', from: 0, to: 60 },
  { name: 'ramp', from: 60, to: 180 },
  { name: 'down', from: 180, to: 240 },
];
const QUARTERS: Interval[] = [0, 1, 2, 3].map((q) => ({ name: `${q * 6}:00–${q * 6 + 6}:00`, from: q * 900, to: (q + 1) * 900 }));

/** Per replication, the sessions started in each interval (1 s windows summed). */
function counts(config: typeof phased, intervals: Interval[]): Record<string, number[]> {
  return replicateEstimates(R, config.seed, (seed) => {
    const probe = new SessionProbe(0, config.duration, 1);
    runStrategy(config, config.strategies[0]!, seed, { probe });
    const out: Record<string, number> = {};
    for (const iv of intervals) {
      let n = 0;
      for (let w = iv.from; w < iv.to; w++) n += probe.arrivalsPerWindow[w]!;
      out[iv.name] = n;
    }
    return out;
  });
}

function dispersion(xs: number[]): number {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return xs.reduce((a, x) => a + (x - mean) ** 2, 0) / mean;
}

function checkInterval(observed: number[], lambda: number): { total: number; expected: number; halfWidth: number; d: number; dLow: number; dHigh: number } {
  const total = observed.reduce((a, b) => a + b, 0);
  const expected = R * lambda;
  return {
    total,
    expected,
    halfWidth: normalQuantile(1 - ALPHA / 2) * Math.sqrt(expected),
    d: dispersion(observed),
    dLow: chiSquareQuantile(ALPHA / 2, R - 1),
    dHigh: chiSquareQuantile(1 - ALPHA / 2, R - 1),
  };
}

describe.each([
  ['phases (hold 10/s, ramp 10→40/s, ramp 40→5/s)', phased, PHASES],
  ['diurnal (peak 10/s at 20:00, trough 2.5/s, a day in an hour)', diurnal, QUARTERS],
])('NHPP arrivals through the world: %s', (_title, config, intervals) => {
  let observed: Record<string, number[]>;
  const curve = rateSegments(config.clients, config.duration)!;
  beforeAll(() => {
    observed = counts(config, intervals);
  });

  it.each(intervals.map((iv) => [iv.name, iv] as const))('%s: ΣN = R·∫λ within the Poisson interval, and D within χ²(R − 1)', (_name, iv) => {
    const lambda = expectedArrivals(curve, iv.from, iv.to);
    const c = checkInterval(observed[iv.name]!, lambda);
    const off = c.total - c.expected;
    if (process.env.VALIDATION_REPORT) {
      process.stderr.write(`validation: NHPP ${iv.name}: ${c.total} sessions in ${R} runs, R·Λ = ${c.expected.toFixed(1)} ± ${c.halfWidth.toFixed(1)}; D = ${c.d.toFixed(2)} in [${c.dLow.toFixed(2)}, ${c.dHigh.toFixed(2)}]\n`);
    }
    expect(Math.abs(off), `${iv.name}: ${c.total} sessions in ${R} runs, R·Λ = ${c.expected.toFixed(1)} ± ${c.halfWidth.toFixed(1)}`).toBeLessThanOrEqual(c.halfWidth);
    // The same interval excludes a load 5% off (the check has power).
    expect(Math.abs(c.total - 1.05 * c.expected)).toBeGreaterThan(c.halfWidth);
    expect(Math.abs(c.total - 0.95 * c.expected)).toBeGreaterThan(c.halfWidth);
    expect(c.d, `${iv.name}: dispersion ${c.d.toFixed(2)}, χ²(${R - 1}) bounds [${c.dLow.toFixed(2)}, ${c.dHigh.toFixed(2)}]`).toBeGreaterThanOrEqual(c.dLow);
    expect(c.d).toBeLessThanOrEqual(c.dHigh);
  });
});

describe('the dispersion check can fail', () => {
  it('evenly spread counts (no Poisson noise) fall below the χ² bound; a rate drawn per run falls above it', () => {
    const low = chiSquareQuantile(ALPHA / 2, R - 1);
    const high = chiSquareQuantile(1 - ALPHA / 2, R - 1);
    // Counts rounded from the exact mean every run: variance ≈ 0.
    expect(dispersion(Array.from({ length: R }, (_, r) => 3000 + (r % 2)))).toBeLessThan(low);
    // Λ varying ±5% between runs (a mixed Poisson): variance ≫ mean.
    expect(dispersion(Array.from({ length: R }, (_, r) => Math.round(3000 * (1 + 0.05 * Math.sin(r)))))).toBeGreaterThan(high);
  });
});
