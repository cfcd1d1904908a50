/**
 * The resolved scenario as a scenario document: every default filled in, durations in
 * seconds, sizes in bytes, distributions in their parameter form ({ dist: "lognormal", mu,
 * sigma }). Loading it gives back the same SimulationConfig, so a result that records it can
 * be re-run exactly (`session-sim run` on the `scenario.resolved` object of a JSON result).
 */
import type { SimulationConfig } from '../model/config.js';

/**
 * A scenario document that resolves to `config`. The resolved config is already close to a
 * scenario file; what differs: `null` means "absent" (e.g. a crash without `downFor`), and
 * `autoWarmup` is written back as `warmup: "auto"`. Anything added to SimulationConfig later
 * passes through unchanged (test/scenario/resolved.test.ts checks the round trip).
 */
export function toScenarioDocument(config: SimulationConfig): Record<string, unknown> {
  const { autoWarmup, ...rest } = config;
  const doc = withoutNulls(rest) as Record<string, unknown>;
  if (autoWarmup === true) doc.warmup = 'auto';
  return doc;
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
