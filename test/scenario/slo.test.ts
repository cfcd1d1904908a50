/**
 * The `slo` block as the scenario layer reads it: bounds in the file's units converted into
 * the JSON's, `--slo` merged before validation, and the resolved document re-reading to the
 * same targets.
 */
import { describe, expect, it } from 'vitest';
import { resolveScenario } from '../../src/scenario/load.js';
import { toScenarioDocument } from '../../src/scenario/resolved.js';
import { applySloOptions, parseBound, parseSloOption } from '../../src/scenario/schema-slo.js';
import { metricPaths, unitOf } from '../../src/metrics/metric-paths.js';

describe('bounds in the file\'s units', () => {
  it('durations to milliseconds or seconds, percentages to shares, sizes to bytes, numbers as they are', () => {
    expect(parseBound('latency.p99', '<200ms')).toEqual({ op: '<', bound: 200 });
    expect(parseBound('latency.p99', '<= 1.5s')).toEqual({ op: '<=', bound: 1500 });
    expect(parseBound('latency.p99', '<200')).toEqual({ op: '<', bound: 200 });
    expect(parseBound('security.revocationExposure', '<5m')).toEqual({ op: '<', bound: 300 });
    expect(parseBound('sessionLossRate', '<1%')).toEqual({ op: '<', bound: 0.01 });
    expect(parseBound('sessionLossRate', '<0.01')).toEqual({ op: '<', bound: 0.01 });
    expect(parseBound('bandwidth.bytesPerRequest', '<1KB')).toEqual({ op: '<', bound: 1024 });
    expect(parseBound('skew.jain', '>=0.9')).toEqual({ op: '>=', bound: 0.9 });
    expect(parseBound('latency.p99', '<1%')).toHaveProperty('problem');
    expect(parseBound('store.peakOpsPerSecond', '<200ms')).toHaveProperty('problem');
    expect(parseBound('latency.p99', '200ms')).toHaveProperty('problem');
  });

  it('a bound beyond a double, or a percentage without its number, is refused (not judged against Infinity or 0)', () => {
    expect(parseBound('latency.p99', '<1e400')).toEqual({ problem: 'a finite bound (1e400 is beyond a double)' });
    expect(parseBound('sessionLossRate', '<%')).toHaveProperty('problem');
    expect(parseBound('sessionLossRate', '< %')).toHaveProperty('problem');
    expect(parseBound('sessionLossRate', '<1e400%')).toHaveProperty('problem');
    // What a percentage may still be written as.
    expect(parseBound('sessionLossRate', '<.5%')).toEqual({ op: '<', bound: 0.005 });
    expect(parseBound('sessionLossRate', '< 2 %')).toEqual({ op: '<', bound: 0.02 });
    expect(parseBound('sessionLossRate', '<+1.%')).toEqual({ op: '<', bound: 0.01 });
  });

  it('every numeric figure of the JSON contract is a target, with its unit', () => {
    const paths = metricPaths();
    for (const p of ['latency.p99', 'latency.p95', 'sessionLossRate', 'failedRate', 'skew.maxOverMean', 'store.peakOpsPerSecond', 'bandwidth.bytesPerRequest', 'security.revocationExposure', 'lossByCause.server-crash']) {
      expect(paths).toContain(p);
    }
    expect(unitOf('latency.p99')).toBe('ms');
    expect(unitOf('store.meanQueueDelayMs')).toBe('ms');
    expect(unitOf('failedRate')).toBe('ratio');
    expect(unitOf('store.peakMemoryBytes')).toBe('bytes');
  });
});

describe('--slo', () => {
  it('parses METRIC<BOUND and replaces a bound in the same direction only', () => {
    expect(parseSloOption('latency.p99<200ms')).toEqual({ metric: 'latency.p99', bound: '<200ms' });
    expect(parseSloOption('skew.jain >= 0.9')).toEqual({ metric: 'skew.jain', bound: '>= 0.9' });
    expect(parseSloOption('latency.p99')).toBeNull();
    const raw = { slo: { targets: { 'utilization.mean': ['>30%', '<70%'] } } };
    expect(applySloOptions(raw, [{ metric: 'utilization.mean', bound: '<80%' }])).toEqual({ slo: { targets: { 'utilization.mean': ['>30%', '<80%'] } } });
    expect(applySloOptions({}, [{ metric: 'latency.p99', bound: '<1s' }])).toEqual({ slo: { targets: { 'latency.p99': '<1s' } } });
    // The original document is not changed.
    expect(raw.slo.targets['utilization.mean']).toEqual(['>30%', '<70%']);
  });

  it('a metric named __proto__ or constructor is a target the schema refuses, not a setter or an inherited value', () => {
    for (const metric of ['__proto__', 'constructor', 'toString']) {
      const out = applySloOptions({}, [{ metric, bound: '<1' }]) as { slo: { targets: Record<string, unknown> } };
      expect(Object.hasOwn(out.slo.targets, metric)).toBe(true);
      expect(out.slo.targets[metric]).toBe('<1');
      expect(() => resolveScenario(out)).toThrow(/slo\.targets\["(__proto__|constructor|toString)"\]: expected a metric of the JSON output/);
    }
  });
});

describe('the resolved scenario', () => {
  it('re-reads to the same targets', () => {
    const config = resolveScenario({
      strategies: [{ name: 'a', type: 'sticky' }, { name: 'b', type: 'external' }],
      slo: { targets: { 'latency.p99': '<200ms', 'skew.jain': ['>0.9', '<=1'], sessionLossRate: '<=1%' }, require: ['b'] },
    });
    expect(config.slo).toEqual({
      targets: [
        { metric: 'latency.p99', op: '<', bound: 200 },
        { metric: 'skew.jain', op: '>', bound: 0.9 },
        { metric: 'skew.jain', op: '<=', bound: 1 },
        { metric: 'sessionLossRate', op: '<=', bound: 0.01 },
      ],
      require: ['b'],
    });
    expect(resolveScenario(toScenarioDocument(config))).toEqual(config);
  });
});
