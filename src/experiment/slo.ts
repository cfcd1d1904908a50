/**
 * Judging a run against its targets (`slo`): each strategy's verdict per target, the
 * strategy's verdict over all targets, and whether the scenario's requirement (`require`:
 * all strategies, any, or named ones) is met — what decides exit code 99.
 *
 * One run: a figure meets its bound or not. Replications: the 95 % interval of the figure
 * over replications decides (src/metrics/slo.ts): pass, fail, or inconclusive with an
 * estimate of the replications that would settle it.
 */
import type { SloConfig, SloTargetConfig, StrategyConfig } from '../model/config.js';
import { confidenceInterval, FIGURE_DIGITS, leafAt } from '../metrics/aggregate.js';
import { answeredRequests, needsAnswers, round, type StrategyMetrics } from '../metrics/strategy-metrics.js';
import { combineAll, combineAny, intervalVerdict, meets, replicationsToSettle, type SloVerdict } from '../metrics/slo.js';

/** k6 exits 99 when a threshold is crossed; so do we when the required strategies miss a target. */
export const EXIT_SLO = 99;

export interface TargetResult {
  metric: string;
  op: SloTargetConfig['op'];
  /** In the JSON's unit of the metric. */
  bound: number;
  /**
   * The figure (the mean over replications, with replications); null when it has no value: a
   * latency figure of a strategy that answered no request successfully (in some replication),
   * which misses its target — a service that answers nobody meets no latency objective.
   */
  value: number | null;
  /** Replications only: the 95 % interval of the figure. */
  ci95?: [number, number];
  verdict: SloVerdict;
  /** true: meets the bound; false: misses it; null: inconclusive (replications only). */
  pass: boolean | null;
  /** Inconclusive only: replications in total that would likely settle it (null: more than the cap, or the mean is on the bound). */
  replicationsToSettle?: number | null;
}

export interface StrategySlo {
  strategy: string;
  verdict: SloVerdict;
  targets: TargetResult[];
}

export interface SloReport {
  /** As the scenario said (a list is the required strategies' names). */
  require: SloConfig['require'];
  /** The strategies whose verdicts decide. */
  required: string[];
  /** The requirement's verdict: pass (exit 0), fail or inconclusive (exit 99). */
  verdict: SloVerdict;
  /** Replications behind the verdicts (1: a single run). */
  replications: number;
  strategies: StrategySlo[];
}

const verdictOf = (pass: boolean): SloVerdict => (pass ? 'pass' : 'fail');

function strategySlo(strategy: string, targets: TargetResult[]): StrategySlo {
  return { strategy, verdict: combineAll(targets.map((t) => t.verdict)), targets };
}

function report(slo: SloConfig, strategies: readonly StrategySlo[], replications: number): SloReport {
  const names = strategies.map((s) => s.strategy);
  const required = Array.isArray(slo.require) ? slo.require.filter((n) => names.includes(n)) : names;
  const verdicts = strategies.filter((s) => required.includes(s.strategy)).map((s) => s.verdict);
  const verdict = slo.targets.length === 0 ? 'pass' : slo.require === 'any' ? combineAny(verdicts) : combineAll(verdicts);
  return { require: slo.require, required, verdict, replications, strategies: [...strategies] };
}

/** The verdicts of one run. */
export function evaluateRun(slo: SloConfig, strategies: readonly { name: string; metrics: StrategyMetrics }[]): SloReport {
  return report(
    slo,
    strategies.map((s) =>
      strategySlo(
        s.name,
        slo.targets.map((t): TargetResult => {
          if (!hasValue(s.metrics, t.metric)) return { metric: t.metric, op: t.op, bound: t.bound, value: null, verdict: 'fail', pass: false };
          const value = valueAt(s.metrics, t.metric);
          const pass = meets(value, t.op, t.bound);
          return { metric: t.metric, op: t.op, bound: t.bound, value, verdict: verdictOf(pass), pass };
        }),
      ),
    ),
    1,
  );
}

/** The verdicts of replications: `runs[r][s]` is strategy s's figures in replication r. */
export function evaluateReplicated(slo: SloConfig, strategies: readonly Pick<StrategyConfig, 'name'>[], runs: readonly (readonly { metrics: StrategyMetrics }[])[]): SloReport {
  return report(
    slo,
    strategies.map((st, s) =>
      strategySlo(
        st.name,
        slo.targets.map((t): TargetResult => {
          if (runs.some((r) => !hasValue(r[s]!.metrics, t.metric))) return { metric: t.metric, op: t.op, bound: t.bound, value: null, verdict: 'fail', pass: false };
          const values = runs.map((r) => valueAt(r[s]!.metrics, t.metric));
          const ci = confidenceInterval(values);
          const verdict = intervalVerdict(ci.lo, ci.hi, t.op, t.bound);
          const out: TargetResult = {
            metric: t.metric,
            op: t.op,
            bound: t.bound,
            value: round(ci.mean, FIGURE_DIGITS),
            ci95: [round(ci.lo, FIGURE_DIGITS), round(ci.hi, FIGURE_DIGITS)],
            verdict,
            pass: verdict === 'inconclusive' ? null : verdict === 'pass',
          };
          if (verdict === 'inconclusive') out.replicationsToSettle = replicationsToSettle(ci.mean, ci.halfWidth, ci.n, t.bound);
          return out;
        }),
      ),
    ),
    runs.length,
  );
}

/** false: the figure has no value in this run (a latency figure when no request succeeded). */
function hasValue(metrics: StrategyMetrics, path: string): boolean {
  return !needsAnswers(path) || answeredRequests(metrics) > 0;
}

/** A metric's value; `cost.*` is 0 when the scenario has no prices (resolveSlo refuses such targets). */
function valueAt(metrics: StrategyMetrics, path: string): number {
  return leafAt(metrics, path);
}

/** 0 when the requirement passes, 99 when it fails or is inconclusive (a gate must not pass on a maybe). */
export function sloExitCode(report: SloReport | undefined): number {
  return report === undefined || report.verdict === 'pass' ? 0 : EXIT_SLO;
}
