/**
 * The resolved scenario as a scenario document: every default filled in, durations in
 * seconds, sizes in bytes, distributions in their parameter form ({ dist: "lognormal", mu,
 * sigma }). Loading it gives back the same SimulationConfig, so a result that records it can
 * be re-run exactly (`session-sim run` on the `scenario.resolved` object of a JSON result).
 */
import type { SimulationConfig, SloConfig, SloTargetConfig, StrategyConfig } from '../model/config.js';

/**
 * A scenario document that resolves to `config`. The resolved config is already close to a
 * scenario file; what differs: `null` means "absent" (e.g. a crash without `downFor`), and
 * `autoWarmup` is written back as `warmup: "auto"`. Anything added to SimulationConfig later
 * passes through unchanged (test/scenario/resolved.test.ts checks the round trip).
 */
export function toScenarioDocument(config: SimulationConfig): Record<string, unknown> {
  const { autoWarmup, strategies, slo, ...rest } = config;
  const doc = withoutNulls({ ...rest, strategies: strategies.map(strategyDocument), ...(slo === undefined ? {} : { slo: sloDocument(slo) }) }) as Record<string, unknown>;
  if (autoWarmup === true) doc.warmup = 'auto';
  // Random server failures resolve to { timeBetweenFailures, timeToRepair }; the file writes { mtbf, mttr }.
  const failures = config.servers.failures;
  if (failures !== null && failures !== undefined) (doc.servers as Record<string, unknown>).failures = { mtbf: failures.timeBetweenFailures, mttr: failures.timeToRepair };
  return doc;
}

/**
 * A strategy as the scenario file writes it: the resolved `routing` goes back to the flat
 * fields it came from (hashKey, hashing, … and, for sticky strategies, the cookie, stick
 * table and failover fields).
 */
function strategyDocument(st: StrategyConfig): Record<string, unknown> {
  const { routing, ...rest } = st;
  const { hash, maxIdle, maxLife, stickTable, afterDown, redispatch, persist } = routing;
  const out: Record<string, unknown> = {
    ...rest,
    hashKey: hash.key,
    hashing: hash.hashing,
    ipHash: hash.ipHash,
    pointsPerWeight: hash.pointsPerWeight,
    balanceFactor: hash.balanceFactor,
    redispatch,
  };
  if (st.type === 'sticky') Object.assign(out, { maxIdle, maxLife, afterDown, persist, ...(st.affinity === 'stick-table' ? { stickTable } : {}) });
  return out;
}

function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) out[k] = withoutNulls(x);
    return out;
  }
  return v;
}

/** The bound written back as a scenario would write it, in the JSON's unit ("<200" for milliseconds). */
export function boundText(t: Pick<SloTargetConfig, 'op' | 'bound'>): string {
  return `${t.op}${t.bound}`;
}

/** The block as a scenario document writes it (for the resolved scenario in a JSON result). */
export function sloDocument(slo: SloConfig): { targets: Record<string, string | string[]>; require: SloConfig['require'] } {
  const targets: Record<string, string | string[]> = {};
  for (const t of slo.targets) {
    const prev = targets[t.metric];
    targets[t.metric] = prev === undefined ? boundText(t) : [...(typeof prev === 'string' ? [prev] : prev), boundText(t)];
  }
  return { targets, require: slo.require };
}
