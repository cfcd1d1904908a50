/**
 * The JSON output contract (DESIGN.md §5): one document, keys in a fixed order, so the
 * same scenario and seed give byte-identical output.
 */
import type { SimulationResult } from '../experiment/simulate.js';
import { toScenarioDocument } from '../scenario/resolved.js';
import { sloJson, sloOutcomeJson } from './slo.js';

export function toJsonDocument(result: SimulationResult): object {
  return {
    // `resolved`: the scenario with every default filled in, to re-run this result exactly.
    scenario: { ...result.scenario, ...(result.config === undefined ? {} : { resolved: toScenarioDocument(result.config) }) },
    strategies: result.strategies.map((s) => ({
      name: s.name,
      type: s.type,
      stateLocation: s.stateLocation,
      metrics: s.metrics,
      events: s.events,
      timeline: s.timeline,
      latencyCdf: s.latencyCdf,
      ...(result.slo === undefined ? {} : { slo: sloJson(result.slo, s.name) }),
    })),
    warnings: result.warnings ?? [],
    ...(result.slo === undefined ? {} : { slo: sloOutcomeJson(result.slo) }),
  };
}

export function renderJson(result: SimulationResult): string {
  return `${JSON.stringify(toJsonDocument(result), null, 2)}\n`;
}
