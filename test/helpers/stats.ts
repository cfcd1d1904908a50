/**
 * Shared builders and statistical helpers for the engine, validation and behaviour tests.
 * Every tolerance a test passes in is derived in that test's comments; these helpers only
 * make the failure messages say what was compared with what.
 */
import { expect } from 'vitest';
import type { SimulationConfig } from '../../src/model/config.js';
import { resolveScenario } from '../../src/scenario/load.js';

/** |actual − expected| ≤ tolerance, with a message that shows all three numbers. */
export function expectWithin(actual: number, expected: number, tolerance: number, what = 'value'): void {
  expect(Number.isFinite(actual), `${what} is not a finite number: ${actual}`).toBe(true);
  expect(
    Math.abs(actual - expected),
    `${what}: measured ${actual}, expected ${expected} ± ${tolerance} (off by ${(actual - expected).toPrecision(4)})`,
  ).toBeLessThanOrEqual(tolerance);
}

/** A scenario object (as a user writes it) resolved with every default filled in. */
export function scenario(raw: Record<string, unknown>): SimulationConfig {
  return resolveScenario(raw, 'test');
}

export function sampleMean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / xs.length;
}

/** Unbiased sample variance. */
export function sampleVariance(xs: ArrayLike<number>): number {
  const m = sampleMean(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i]! - m) ** 2;
  return s / (xs.length - 1);
}

/** n draws of f(). */
export function draws(n: number, f: () => number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = f();
  return out;
}

/**
 * A value computed on first use and then shared: a simulation run that several tests
 * read. Computing it inside the first test (not while the file is collected) makes a
 * crash in the simulator fail those tests with its stack, not the whole file.
 */
export function lazy<T>(compute: () => T): () => T {
  let value: T | undefined;
  let done = false;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value as T;
  };
}
