/**
 * Whether a figure meets a target (a service-level objective such as "p99 below 200 ms"):
 * for one run, a comparison; for replications, a verdict on the whole 95 % interval, as a
 * planner can defend it: `pass` when every value of the interval meets the bound, `fail` when
 * none does, `inconclusive` when it straddles the bound, with how many more replications would
 * likely settle it.
 */
import { studentTQuantile } from './statistics.js';

/** `<` and `<=` bound a figure from above, `>` and `>=` from below. */
export type SloOp = '<' | '<=' | '>' | '>=';
export const SLO_OPS: readonly SloOp[] = ['<=', '>=', '<', '>'];

export type SloVerdict = 'pass' | 'fail' | 'inconclusive';

export interface SloBound {
  /** A path of the JSON contract, e.g. "latency.p99". */
  metric: string;
  op: SloOp;
  /** In the JSON's unit of the metric (milliseconds for latency, a share for rates). */
  bound: number;
}

export function isUpperBound(op: SloOp): boolean {
  return op === '<' || op === '<=';
}

/** Does a value meet the bound? */
export function meets(value: number, op: SloOp, bound: number): boolean {
  switch (op) {
    case '<':
      return value < bound;
    case '<=':
      return value <= bound;
    case '>':
      return value > bound;
    case '>=':
      return value >= bound;
  }
}

/** The verdict on an interval [lo, hi]: pass when all of it meets the bound, fail when none of it does. */
export function intervalVerdict(lo: number, hi: number, op: SloOp, bound: number): SloVerdict {
  if (meets(lo, op, bound) && meets(hi, op, bound)) return 'pass';
  if (!meets(lo, op, bound) && !meets(hi, op, bound)) return 'fail';
  return 'inconclusive';
}

/** Stop estimating past this many replications: "more than the cap" is the useful answer then. */
export const SETTLE_CAP = 100_000;

/**
 * How many replications in total would likely settle an inconclusive verdict: the smallest m
 * whose half-width, t(m−1)·s/√m with the spread s seen in the n replications so far, is below
 * the distance |mean − bound| (the half-width shrinks as 1/√m, times the t quantile's fall).
 * An estimate: the mean moves as replications are added. null when the mean sits on the
 * bound (no number of replications is likely to settle it) or more than SETTLE_CAP are needed.
 */
export function replicationsToSettle(mean: number, halfWidth: number, n: number, bound: number): number | null {
  const distance = Math.abs(mean - bound);
  if (!(halfWidth > 0) || n < 2) return n;
  if (!(distance > 0)) return null;
  const s = (halfWidth * Math.sqrt(n)) / studentTQuantile(0.975, n - 1);
  const halfWidthAt = (m: number) => (studentTQuantile(0.975, m - 1) * s) / Math.sqrt(m);
  if (halfWidthAt(SETTLE_CAP) >= distance) return null;
  // Galloping then bisection on the monotone half-width.
  let hi = n + 1;
  while (halfWidthAt(hi) >= distance) hi *= 2;
  let lo = Math.max(n, hi >> 1);
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (halfWidthAt(mid) < distance) hi = mid;
    else lo = mid;
  }
  return Math.min(hi, SETTLE_CAP);
}

/** The verdict of several targets of one strategy: fail if any fails, pass if all pass. */
export function combineAll(verdicts: readonly SloVerdict[]): SloVerdict {
  if (verdicts.includes('fail')) return 'fail';
  return verdicts.every((v) => v === 'pass') ? 'pass' : 'inconclusive';
}

/** "At least one of them": pass if any passes, fail if all fail. */
export function combineAny(verdicts: readonly SloVerdict[]): SloVerdict {
  if (verdicts.includes('pass')) return 'pass';
  return verdicts.length > 0 && verdicts.every((v) => v === 'fail') ? 'fail' : 'inconclusive';
}
