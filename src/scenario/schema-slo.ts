/**
 * The `slo` block: targets on metrics of the JSON contract, written as k6 writes thresholds
 * (`"latency.p99": "<200ms"`), and which strategies must meet them.
 *
 *   "slo": { "targets": { "latency.p99": "<200ms", "sessionLossRate": "<1%" }, "require": "any" }
 *
 * Why a map of metric → bound text: it reads as the sentence it stands for, it is the syntax
 * of `--slo 'latency.p99<200ms'` (one grammar for the file and the command line, and k6's
 * `http_req_duration: ['p(95)<200']`), and a metric appears once (a second bound on the same
 * metric, a band, is a list: `"utilization.mean": [">30%", "<70%"]`).
 *
 * Bounds are in the file's units and converted into the JSON's: a duration ("200ms", "2s")
 * for a metric in milliseconds or seconds, a percentage ("1%") or a share (0.01) for a rate,
 * a size ("4KB") for bytes; a bare number is in the JSON's unit of the metric.
 */
import { z } from '#zod';
import type { SloConfig, SloTargetConfig } from '../model/config.js';
import { isMetricPath, metricPaths, unitOf, type MetricUnit } from '../metrics/metric-paths.js';
import type { ScenarioProblem } from './errors.js';
import { put } from './overrides.js';
import { closest } from './suggest.js';
import { DURATION_PATTERN, SIZE_PATTERN, parseDuration, parseSize } from './units.js';

const BOUND_HINT = 'a bound such as "<200ms", "<=1%", ">0.99" or "<4KB"';

export const sloSchema = z
  .strictObject({
    targets: z
      .record(z.string().min(1), z.union([z.string(), z.array(z.string()).min(1)]), { error: 'an object of metric → bound, e.g. { "latency.p99": "<200ms", "sessionLossRate": "<1%" }' })
      .default({})
      .meta({ description: 'Metric of the JSON output (latency.p99, sessionLossRate, utilization.busiestServer, …) → a bound such as "<200ms", "<1%", ">=0.9", or a list of bounds.' }),
    // "At least one strategy meets the targets" is the planner's question (k6 and Artillery judge their one system).
    require: z
      .union([z.enum(['all', 'any']), z.array(z.string().min(1)).min(1)], { error: '"all", "any" or a list of strategy names' })
      .default('any')
      .meta({ description: 'Which strategies must meet every target for the run to pass (exit 0, else 99): "all", "any" (default) or a list of names.' }),
  })
  .meta({ description: 'Targets (service-level objectives) the run is judged against; a missed target makes `run` exit 99, as k6 thresholds do.' });

export type ParsedSlo = z.output<typeof sloSchema>;

const OPERATOR = /^\s*(<=|>=|<|>)\s*(.*?)\s*$/;
/** A number as a bound writes it, alone or before a %: 200, -1, 0.5, .5, 1., +2, 1e-3. */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/** A bound text ("<200ms") on `metric` in the JSON's unit, or the reason it is not one. */
export function parseBound(metric: string, text: string): { op: SloTargetConfig['op']; bound: number } | { problem: string } {
  const m = OPERATOR.exec(text);
  if (!m || m[2] === '') return { problem: BOUND_HINT };
  const op = m[1] as SloTargetConfig['op'];
  const value = m[2]!;
  const unit = unitOf(metric);
  const number = DECIMAL.test(value) ? Number(value) : undefined;
  // 1e400 matches the pattern and is Infinity: no figure can be judged against it (and "<Infinity" is no bound a scenario could write back).
  if (number !== undefined) {
    if (!Number.isFinite(number)) return { problem: `a finite bound (${value} is beyond a double)` };
    return underflows(value, number) ? { problem: `a bound a double can hold (${value} is below 5e-324 and would read as 0)` } : { op, bound: number };
  }
  if (value.endsWith('%')) {
    const digits = value.slice(0, -1).trim();
    // Number('') is 0: "<%" would have been a bound of 0.
    const p = DECIMAL.test(digits) ? Number(digits) : Number.NaN;
    if (unit !== 'ratio' || !Number.isFinite(p)) return { problem: unit === 'ratio' ? BOUND_HINT : `a bound in ${unitWords(unit)} (a percentage fits only rates and shares)` };
    if (underflows(digits, p / 100)) return { problem: `a bound a double can hold (${value} is below 5e-324 and would read as 0)` };
    return { op, bound: p / 100 };
  }
  if (DURATION_PATTERN.test(value) && (unit === 'ms' || unit === 's')) {
    const seconds = parseDuration(value);
    return { op, bound: unit === 'ms' ? +(seconds * 1000).toPrecision(12) : seconds };
  }
  if (SIZE_PATTERN.test(value) && unit === 'bytes') return { op, bound: parseSize(value) };
  return { problem: `a bound in ${unitWords(unit)}, e.g. ${example(unit)}` };
}

/** A literal with a non-zero digit before its exponent that reads as 0 (1e-400): the bound written is not the bound judged. */
function underflows(text: string, value: number): boolean {
  return value === 0 && /[1-9]/.test(text.split(/e/i)[0]!);
}

function unitWords(unit: MetricUnit): string {
  const words: Record<MetricUnit, string> = {
    ms: 'milliseconds (a number) or a duration',
    s: 'seconds (a number) or a duration',
    ratio: 'a share (0.01) or a percentage',
    bytes: 'bytes (a number) or a size',
    'per-second': 'per second (a number)',
    count: 'a count (a number)',
    number: 'a number',
    usd: 'US dollars (a number)',
  };
  return words[unit];
}

function example(unit: MetricUnit): string {
  const ex: Record<MetricUnit, string> = { ms: '"<200ms"', s: '"<30s"', ratio: '"<1%" or "<0.01"', bytes: '"<4KB"', 'per-second': '"<5000"', count: '"<100"', number: '"<1.5"', usd: '"<1000"' };
  return ex[unit];
}

/** The JSON path of a target's entry in a scenario (metric names hold dots, so they are quoted). */
export function targetPath(metric: string): string {
  return `slo.targets[${JSON.stringify(metric)}]`;
}

const METRIC_EXPECTED = 'a metric of the JSON output, e.g. latency.p99, latency.p95, sessionLossRate, failedRate, skew.maxOverMean, store.peakOpsPerSecond';

/**
 * A "__proto__" target in the document as written: zod's record drops that key without a word
 * (its guard against prototype pollution), so without this the run would go on without the
 * target the user wrote.
 */
export function protoTargetProblem(raw: unknown): ScenarioProblem | null {
  const slo = raw !== null && typeof raw === 'object' ? (raw as { slo?: unknown }).slo : undefined;
  const targets = slo !== null && typeof slo === 'object' ? (slo as { targets?: unknown }).targets : undefined;
  if (targets === null || typeof targets !== 'object' || !Object.hasOwn(targets, '__proto__')) return null;
  return { path: targetPath('__proto__'), expected: METRIC_EXPECTED, found: JSON.stringify('__proto__') };
}

/** Resolve the parsed block: known metrics, bounds in the JSON's units, required strategies that exist. */
export function resolveSlo(slo: ParsedSlo | undefined, strategyNames: readonly string[], problems: ScenarioProblem[], hasPrices = false): SloConfig | undefined {
  if (slo === undefined) return undefined;
  const targets: SloTargetConfig[] = [];
  for (const [metric, given] of Object.entries(slo.targets)) {
    if (!isMetricPath(metric)) {
      const near = closest(metric, metricPaths());
      problems.push({
        path: targetPath(metric),
        expected: METRIC_EXPECTED,
        found: JSON.stringify(metric),
        ...(near ? { hint: `did you mean ${JSON.stringify(near)}?` } : {}),
      });
      continue;
    }
    if (metric.startsWith('cost.') && !hasPrices) {
      problems.push({ path: targetPath(metric), expected: 'a "prices" block (cost figures exist only with prices; "prices": {} takes the example prices)', found: 'no prices' });
      continue;
    }
    const texts = typeof given === 'string' ? [given] : given;
    texts.forEach((text, i) => {
      const b = parseBound(metric, text);
      if ('problem' in b) problems.push({ path: typeof given === 'string' ? targetPath(metric) : `${targetPath(metric)}[${i}]`, expected: b.problem, found: JSON.stringify(text) });
      else targets.push({ metric, op: b.op, bound: b.bound });
    });
  }
  if (Array.isArray(slo.require)) {
    slo.require.forEach((name, i) => {
      if (!strategyNames.includes(name)) {
        const near = closest(name, strategyNames);
        problems.push({ path: `slo.require[${i}]`, expected: `a strategy of the scenario (${strategyNames.join(', ')})`, found: JSON.stringify(name), ...(near ? { hint: `did you mean ${JSON.stringify(near)}?` } : {}) });
      }
    });
  }
  return { targets, require: slo.require };
}

export { parseSloOption } from './slo-syntax.js';

/**
 * Apply `--slo` options to a parsed document before validation: each adds a target, or
 * replaces the file's bound on that metric in the same direction (an upper bound replaces an
 * upper bound), so the result is validated exactly as if the file had said it.
 */
export function applySloOptions(raw: unknown, options: readonly { metric: string; bound: string }[]): unknown {
  // A document that is no object is refused as it is (overrides.ts applyOverrides: a file of `5` validated ok).
  if (options.length === 0 || raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const root = structuredClone(raw) as Record<string, unknown>;
  const slo = (root.slo !== null && typeof root.slo === 'object' && !Array.isArray(root.slo) ? root.slo : (root.slo = {})) as Record<string, unknown>;
  const targets = (slo.targets !== null && typeof slo.targets === 'object' && !Array.isArray(slo.targets) ? slo.targets : (slo.targets = {})) as Record<string, unknown>;
  for (const o of options) {
    const upper = o.bound.startsWith('<');
    // Own properties only: `--slo '__proto__<1'` is a metric name the schema refuses, not a setter.
    const prev = Object.hasOwn(targets, o.metric) ? targets[o.metric] : undefined;
    const list = typeof prev === 'string' ? [prev] : Array.isArray(prev) ? (prev as unknown[]) : [];
    const kept = list.filter((b) => typeof b !== 'string' || b.trim().startsWith('<') !== upper);
    put(targets, o.metric, kept.length === 0 ? o.bound : [...kept, o.bound]);
  }
  return root;
}
