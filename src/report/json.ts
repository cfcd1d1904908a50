/**
 * The JSON output contract (DESIGN.md §5): one document, keys in a fixed order, so the
 * same scenario and seed give byte-identical output.
 */
import type { SimulationResult } from '../strategies/simulate.js';

export function toJsonDocument(result: SimulationResult): object {
  return {
    scenario: { ...result.scenario },
    strategies: result.strategies.map((s) => ({
      name: s.name,
      type: s.type,
      stateLocation: s.stateLocation,
      metrics: s.metrics,
      events: s.events,
      timeline: s.timeline,
      latencyCdf: s.latencyCdf,
    })),
  };
}

export function renderJson(result: SimulationResult): string {
  return `${JSON.stringify(toJsonDocument(result), null, 2)}\n`;
}
