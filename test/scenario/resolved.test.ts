import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/report/json.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { listBuiltins, loadScenario, resolveScenario } from '../../src/scenario/load.js';
import { toScenarioDocument } from '../../src/scenario/resolved.js';
import { simulate } from '../../src/experiment/simulate.js';

describe('the resolved scenario, recorded to re-run a result', () => {
  it.each(listBuiltins().map((b) => b.name))('%s: the resolved document loads back to the same configuration', (name) => {
    const config = loadScenario(name);
    expect(resolveScenario(toScenarioDocument(config))).toEqual(config);
  });

  it('keeps warmup "auto", crash events without downFor, and the seed given on the command line', () => {
    const config = resolveScenario({ warmup: 'auto', events: [{ at: '1m', type: 'server-crash', server: 0 }] }, 'x', { seed: 99 });
    const doc = toScenarioDocument(config);
    expect(doc.warmup).toBe('auto');
    expect(doc.seed).toBe(99);
    expect((doc.events as object[])[0]).toEqual({ at: 60, type: 'server-crash', server: 0 });
    expect(resolveScenario(doc)).toEqual(config);
  });

  it('a JSON result re-runs byte-identically from its own scenario.resolved', () => {
    const first = renderJson(simulate(loadScenario('store-outage', { seed: 5 })));
    const resolved = JSON.parse(first).scenario.resolved;
    expect(resolved.seed).toBe(5);
    expect(renderJson(simulate(resolveScenario(resolved)))).toBe(first);
  });
});

describe('warmup accepts a duration or "auto"', () => {
  it('rejects anything else, saying both forms', () => {
    for (const bad of ['soon', 'Auto', true]) {
      try {
        resolveScenario({ warmup: bad });
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ScenarioError);
        const p = (e as ScenarioError).problems[0]!;
        expect(p.path).toBe('warmup');
        expect(p.expected).toContain('"auto"');
        expect(p.expected).toContain('"30s"');
      }
    }
    expect(() => resolveScenario({ warmup: -1 })).toThrow(/at warmup: expected a number >= 0/);
  });

  it('"auto" is not checked against the duration; a fixed warm-up still is', () => {
    expect(resolveScenario({ duration: '30s', warmup: 'auto' }).autoWarmup).toBe(true);
    expect(() => resolveScenario({ duration: '30s', warmup: '1m' })).toThrow(/at warmup: expected less than the duration/);
  });
});
