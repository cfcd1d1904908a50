/**
 * The planner's search: for each strategy, the smallest value of one parameter (servers.count,
 * say) at which it meets every target of the scenario's `slo`, with the verdict rule of
 * targets (src/experiment/slo.ts): with replications a point passes only when every target's
 * whole 95 % interval is on the good side.
 *
 * Search. The parameter runs over a grid min, min + step, …, max. Galloping from the bottom
 * (min, min+1, min+3, min+7, … then max) finds a passing point in O(log) evaluations, then
 * bisection between the last failing and the first passing one finds the boundary; so the
 * answer's neighbour below is always evaluated (the reader sees why it is the answer). This
 * assumes meeting the targets is monotone in the parameter (more servers never hurt); when the
 * points evaluated say otherwise (a pass below a fail), the result carries a warning.
 *
 * Replications. Each point starts with `replications` (1: single runs) and, when a target is
 * inconclusive, adds replications towards the number estimated to settle it, up to
 * `maxReplications`; a point still inconclusive at the cap counts as not passing (a planner
 * should not buy fewer servers on a maybe), and is reported as such.
 *
 * Common random numbers: every point uses the same seeds per replication index (replication i
 * of every point runs from replicationSeed(seed, i)), so neighbouring points differ by the
 * parameter, not by luck, and a search is reproducible to the byte.
 */
import type { SimulationConfig } from '../model/config.js';
import { meansOf } from '../metrics/aggregate.js';
import type { StrategyMetrics } from '../metrics/strategy-metrics.js';
import type { SloVerdict } from '../metrics/slo.js';
import { replicate } from './replications.js';
import { VERSION, simulate } from './simulate.js';
import { evaluateReplicated, evaluateRun, type TargetResult } from './slo.js';

export const DEFAULT_PLAN_MIN = 1;
export const DEFAULT_PLAN_MAX = 64;
/** Cap of replications per point near the boundary, unless given. */
export const DEFAULT_PLAN_MAX_REPLICATIONS = 30;

export interface PlanOptions {
  /** The parameter, as --set writes it (e.g. "servers.count"). */
  vary: string;
  min: number;
  max: number;
  /** Grid step (1 for a count). */
  step: number;
  /** Replications per point to start with; 1 = single runs (no intervals). */
  replications: number;
  /** Cap per point when a verdict is inconclusive (≥ replications). */
  maxReplications: number;
  jobs?: number;
  /** Called as points finish (for a progress line). */
  onPoint?: (p: { strategy: string; value: number; verdict: SloVerdict; replications: number }) => void;
}

/** One strategy at one value of the parameter. */
export interface PlanPoint {
  value: number;
  replications: number;
  verdict: SloVerdict;
  targets: TargetResult[];
  /** The strategy's figures (means with replications). */
  metrics: StrategyMetrics;
}

export interface PlanStrategy {
  name: string;
  /** The smallest value meeting every target; null when none up to max does. */
  value: number | null;
  /** The point at `value`. */
  at: PlanPoint | null;
  /** The point one step below `value` (failing or inconclusive), when value > min; with no value, the largest tried (why none). */
  below: PlanPoint | null;
  /** Every point evaluated, by value. */
  evaluated: Array<{ value: number; verdict: SloVerdict; replications: number }>;
  /** Why there is no value, or what limits it. */
  note: string | null;
}

export interface PlanResult {
  scenario: { name: string; seed: number; version: string };
  plan: { vary: string; min: number; max: number; step: number; replications: number; maxReplications: number };
  strategies: PlanStrategy[];
  /** Non-monotone results, points left inconclusive at the cap. */
  warnings: string[];
  /** The requirement (slo.require) met: the required strategies (any/all) have a value. */
  met: boolean;
}

/** Values a plan's grid may hold, as a sweep's range (src/scenario/sweep-params.ts). */
export const MAX_PLAN_VALUES = 10_000;

/**
 * Why min..max by step is no grid to search, or null: more than MAX_PLAN_VALUES values (a step of
 * 1e-300 searched ≈ 2,000 copies of one rounded value for minutes), or neighbours that round to
 * the same 12 significant digits.
 */
export function planGridProblem(options: Pick<PlanOptions, 'min' | 'max' | 'step'>): string | null {
  const last = Math.floor((options.max - options.min) / options.step + 1e-9);
  if (!(last < MAX_PLAN_VALUES)) return `at most ${MAX_PLAN_VALUES.toLocaleString('en-US')} values from --min to --max by --step, found ${!Number.isFinite(last) ? 'no end to them' : last < 1e12 ? (last + 1).toLocaleString('en-US') : `about ${(last + 1).toExponential(1)}`} (${options.min} to ${options.max} by ${options.step})`;
  if (last > 0 && (gridValue(options, 1) === gridValue(options, 0) || gridValue(options, last) === gridValue(options, last - 1))) {
    return `a --step that changes the value (${options.step} is below the 12 significant digits of ${options.min} to ${options.max})`;
  }
  return null;
}

/** The grid's k-th value, rounded so 0.1 steps do not drift (0.30000000000000004). */
function gridValue(options: Pick<PlanOptions, 'min' | 'step'>, k: number): number {
  return Number((options.min + k * options.step).toPrecision(12));
}

/**
 * Search every strategy of `configAt(min)`. `configAt(value)` is the scenario with the
 * parameter set (the CLI applies `--set vary=value` and validates, so a bad value is a
 * scenario error with its path).
 */
export async function plan(configAt: (value: number) => SimulationConfig, options: PlanOptions): Promise<PlanResult> {
  const base = configAt(options.min);
  if (base.slo === undefined || base.slo.targets.length === 0) throw new RangeError('plan needs targets: an "slo" block in the scenario or --slo \'METRIC<BOUND\'');
  if (!(options.max >= options.min)) throw new RangeError(`--max (${options.max}) must be at least --min (${options.min})`);
  if (!(options.step > 0)) throw new RangeError(`--step must be > 0, got ${options.step}`);
  if (!Number.isInteger(options.replications) || options.replications < 1) throw new RangeError(`replications must be a whole number >= 1, got ${options.replications}`);
  if (options.maxReplications < options.replications) throw new RangeError(`max replications (${options.maxReplications}) must be at least the replications (${options.replications})`);
  const grid = planGridProblem(options);
  if (grid !== null) throw new RangeError(`the plan's grid: expected ${grid}`);
  const last = Math.floor((options.max - options.min) / options.step + 1e-9);
  const warnings: string[] = [];
  const configs = new Map<number, SimulationConfig>();
  const configFor = (k: number) => {
    let c = configs.get(k);
    if (c === undefined) {
      c = k === 0 ? base : configAt(gridValue(options, k));
      configs.set(k, c);
    }
    return c;
  };

  const strategies: PlanStrategy[] = [];
  for (const st of base.strategies) {
    const points = new Map<number, PlanPoint>();
    const evaluate = async (k: number): Promise<PlanPoint> => {
      const known = points.get(k);
      if (known !== undefined) return known;
      const point = await evaluatePoint(configFor(k), st.name, gridValue(options, k), options);
      points.set(k, point);
      options.onPoint?.({ strategy: st.name, value: point.value, verdict: point.verdict, replications: point.replications });
      return point;
    };
    const passes = async (k: number) => (await evaluate(k)).verdict === 'pass';

    // Galloping: 0, 1, 3, 7, … (then the last point), until one passes.
    let lo = -1;
    let hi = -1;
    for (let k = 0, stride = 1; ; ) {
      if (await passes(k)) {
        hi = k;
        break;
      }
      lo = k;
      if (k === last) break;
      k = Math.min(last, k + stride);
      stride *= 2;
    }
    // Bisection: lo fails (or is below the grid), hi passes.
    if (hi >= 0) {
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (await passes(mid)) hi = mid;
        else lo = mid;
      }
    }
    const evaluated = [...points.values()].sort((a, b) => a.value - b.value);
    const firstPass = evaluated.findIndex((p) => p.verdict === 'pass');
    if (firstPass >= 0 && evaluated.slice(firstPass).some((p) => p.verdict === 'fail')) {
      const bad = evaluated.slice(firstPass).find((p) => p.verdict === 'fail')!;
      warnings.push(`${st.name}: not monotone in ${options.vary}: the targets pass at ${evaluated[firstPass]!.value} but fail at ${bad.value}; the value found assumes more ${options.vary} never hurts`);
    }
    for (const p of evaluated) {
      if (p.verdict === 'inconclusive') warnings.push(`${st.name}: at ${options.vary} = ${p.value} the targets are still inconclusive after ${p.replications} replications (the cap): counted as not met`);
    }
    const at = hi >= 0 ? points.get(hi)! : null;
    strategies.push({
      name: st.name,
      value: at?.value ?? null,
      at,
      below: hi > 0 ? (points.get(hi - 1) ?? null) : hi < 0 ? (points.get(last) ?? null) : null,
      evaluated: evaluated.map((p) => ({ value: p.value, verdict: p.verdict, replications: p.replications })),
      note: at === null ? `no value up to ${gridValue(options, last)} meets the targets` : hi === 0 ? `the smallest value tried (${options.min}) already meets the targets` : null,
    });
  }
  const slo = base.slo;
  const found = strategies.filter((s) => s.value !== null).map((s) => s.name);
  const required = Array.isArray(slo.require) ? slo.require.filter((n) => strategies.some((s) => s.name === n)) : strategies.map((s) => s.name);
  const met = slo.require === 'any' ? found.length > 0 : required.every((n) => found.includes(n));
  return {
    scenario: { name: base.name, seed: base.seed, version: VERSION },
    plan: { vary: options.vary, min: options.min, max: gridValue(options, last), step: options.step, replications: options.replications, maxReplications: options.maxReplications },
    strategies,
    warnings,
    met,
  };
}

/** One strategy at one point, adding replications while a target is inconclusive (up to the cap). */
async function evaluatePoint(config: SimulationConfig, strategy: string, value: number, options: PlanOptions): Promise<PlanPoint> {
  const only: SimulationConfig = { ...config, strategies: config.strategies.filter((s) => s.name === strategy), slo: { ...config.slo!, require: 'all' } };
  if (options.replications === 1) {
    const result = simulate(only);
    const s = evaluateRun(only.slo!, result.strategies).strategies[0]!;
    return { value, replications: 1, verdict: s.verdict, targets: s.targets, metrics: result.strategies[0]!.metrics };
  }
  let n = options.replications;
  for (;;) {
    const result = await replicate(only, { replications: n, ...(options.jobs === undefined ? {} : { jobs: options.jobs }) });
    const s = evaluateReplicated(only.slo!, only.strategies, result.runs.map((r) => r.strategies)).strategies[0]!;
    if (s.verdict !== 'inconclusive' || n >= options.maxReplications) {
      return { value, replications: n, verdict: s.verdict, targets: s.targets, metrics: meansOf<StrategyMetrics>(result.strategies[0]!.metrics) };
    }
    // Towards the estimate of the most demanding inconclusive target, at least half again as many.
    const wanted = s.targets.filter((t) => t.verdict === 'inconclusive').map((t) => t.replicationsToSettle ?? options.maxReplications);
    n = Math.min(options.maxReplications, Math.max(Math.ceil(n * 1.5), ...wanted));
  }
}
