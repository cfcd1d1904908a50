/**
 * Shared machinery of the validation suite: independent replications and the intervals the
 * checks use as tolerances.
 *
 * How a tolerance is derived, for every check of the suite: R independent replications (seeds
 * from replicationSeed, as --replications uses) each give one estimate X_r of a quantity whose
 * theoretical value is θ. The Student-t interval mean ± t(1 − α/2, R − 1)·s/√R covers the mean
 * of X_r with probability 1 − α (X_r are long-run averages, close to normal). A file making m
 * checks uses α = 0.01/m for each (Bonferroni), so a correct simulator passes all of a file's
 * checks for at least 99% of seeds. The seeds are fixed, so the tests are deterministic; the
 * tolerance is the replications' own spread, never a number picked to make a test pass. Known
 * deterministic errors (rounding of a reported figure, the histogram's bucket error, an O(1/n)
 * fluid-limit bias) are added to the half-width where they apply, each stated at its check.
 *
 * A check that cannot fail is worthless: each test also shows its interval excludes a nearby
 * wrong answer (another queue, a load off by a few percent), so a real error would be caught.
 */
import { expect } from 'vitest';
import { replicationSeed } from '../../src/engine/seeds.js';
import { confidenceInterval, type RawInterval } from '../../src/metrics/aggregate.js';

/** Probability that a correct simulator passes all checks of one file (per seed). */
export const FAMILY_CONFIDENCE = 0.99;

/** Per-check confidence level for m simultaneous checks (Bonferroni). */
export function checkLevel(m: number): number {
  return 1 - (1 - FAMILY_CONFIDENCE) / m;
}

/** Run fn for replications 0..R−1 of `seed` and collect its estimates by name. */
export function replicateEstimates<K extends string>(R: number, seed: number, fn: (seed: number, r: number) => Record<K, number>): Record<K, number[]> {
  const out = {} as Record<K, number[]>;
  for (let r = 0; r < R; r++) {
    const est = fn(replicationSeed(seed, r), r);
    for (const k of Object.keys(est) as K[]) (out[k] ??= []).push(est[k]);
  }
  return out;
}

export interface Check {
  interval: RawInterval;
  theory: number;
  /** Deterministic error bound added to the half-width. */
  bias: number;
}

/** The interval of `values` at the per-check level for m checks. */
export function intervalFor(values: readonly number[], m: number): RawInterval {
  return confidenceInterval(values, checkLevel(m));
}

/**
 * `VALIDATION_REPORT=1 npx vitest run test/validation` prints every check (measured ± tolerance
 * vs theory): the source of the README's validation table.
 */
function report(line: string): void {
  if (process.env.VALIDATION_REPORT) process.stderr.write(`validation: ${line}\n`);
}

/** Theory lies within the replications' interval (widened by a stated deterministic bound). */
export function expectCovers(label: string, values: readonly number[], theory: number, m: number, bias = 0): RawInterval {
  const ci = intervalFor(values, m);
  const tol = ci.halfWidth + bias;
  report(`${label}: measured ${ci.mean.toPrecision(5)} ± ${tol.toPrecision(2)} (n = ${ci.n}, level ${(checkLevel(m) * 100).toPrecision(4)}%), theory ${theory.toPrecision(5)}`);
  expect(Math.abs(ci.mean - theory), `${label}: measured ${ci.mean.toPrecision(5)} ±${tol.toPrecision(2)}, theory ${theory.toPrecision(5)}`).toBeLessThanOrEqual(tol);
  return ci;
}

/** A wrong answer lies outside the same interval: the check has the power to catch it. */
export function expectExcludes(label: string, ci: RawInterval, wrong: number, bias = 0): void {
  const tol = ci.halfWidth + bias;
  report(`${label}: ${wrong.toPrecision(5)} rejected by ${ci.mean.toPrecision(5)} ± ${tol.toPrecision(2)}`);
  expect(Math.abs(ci.mean - wrong), `${label}: ${wrong.toPrecision(5)} should lie outside ${ci.mean.toPrecision(5)} ±${tol.toPrecision(2)}`).toBeGreaterThan(tol);
}
