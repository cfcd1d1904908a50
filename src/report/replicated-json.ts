/**
 * The JSON document of a replicated run. Same spirit as the single-run document (fixed key
 * order, byte-identical for the same scenario, seed and version, whatever --jobs): every
 * numeric leaf of a strategy's metrics becomes { mean, ci95: [lo, hi], n }.
 */
import { toScenarioDocument } from '../scenario/resolved.js';
import type { ReplicatedResult } from '../experiment/replications.js';
import { sloJson, sloOutcomeJson } from './slo.js';

export function toReplicatedJsonDocument(result: ReplicatedResult): object {
  return {
    scenario: { ...result.scenario, resolved: toScenarioDocument(result.config) },
    replications: { n: result.replications.n, confidence: 0.95, seeds: result.replications.seeds, precision: result.replications.precision },
    strategies: result.strategies.map((s) => ({
      name: s.name,
      type: s.type,
      stateLocation: s.stateLocation,
      metrics: s.metrics,
      pooledLatency: s.pooledLatency,
      ...(result.slo === undefined ? {} : { slo: sloJson(result.slo, s.name) }),
    })),
    differences: result.differences,
    warnings: result.warnings,
    ...(result.slo === undefined ? {} : { slo: sloOutcomeJson(result.slo) }),
  };
}

export function renderReplicatedJson(result: ReplicatedResult): string {
  return `${JSON.stringify(toReplicatedJsonDocument(result), null, 2)}\n`;
}
