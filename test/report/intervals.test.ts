import { describe, expect, it } from 'vitest';
import type { DifferenceFigure } from '../../src/metrics/aggregate.js';
import { decimalsFor, differenceLine, plusMinus, precisionLine, signedDifference } from '../../src/report/intervals.js';

const fig = (mean: number, hw: number, n = 10) => ({ mean, ci95: [mean - hw, mean + hw] as [number, number], n });
const diff = (mean: number, hw: number): DifferenceFigure => ({ ...fig(mean, hw), significant: mean - hw > 0 || mean + hw < 0 });

describe('mean ±hw cells', () => {
  it('quotes the half-width to 1 significant digit (2 when it starts with 1 or 2) and the mean to match', () => {
    expect(decimalsFor(0.6, 2)).toBe(1);
    expect(decimalsFor(0.14, 2)).toBe(2);
    expect(decimalsFor(3.2, 2)).toBe(0);
    expect(decimalsFor(0, 3)).toBe(3);
    expect(plusMinus(fig(147.15, 3.02), 1, 1)).toBe('147 ±3');
    expect(plusMinus(fig(0.0262, 0.0029), 100, 2, '%')).toBe('2.6% ±0.3');
    expect(plusMinus(fig(19.916, 0.1795), 1, 1)).toBe('19.92 ±0.18');
  });

  it('a figure equal in every replication has no ±; zero is shown as 0', () => {
    expect(plusMinus(fig(56, 0), 1, 0)).toBe('56');
    expect(plusMinus(fig(0, 0), 100, 2, '%')).toBe('0');
  });
});

describe('paired differences in words', () => {
  it('"redis vs sticky-cookie: session loss −4.1 pp ±0.6, … p99 +3.2 ms ±0.4"', () => {
    const line = differenceLine({
      strategy: 'redis',
      baseline: 'sticky-cookie',
      metrics: {
        sessionLossRate: diff(-0.041, 0.006),
        failedRate: diff(0.0004, 0.0005),
        latency: { p50: diff(0.2, 0.1), p99: diff(3.2, 0.4) },
        skew: { maxOverMean: diff(0, 0) },
      },
    });
    expect(line).toBe(
      'redis vs sticky-cookie: session loss \u22124.1 pp ±0.6, failed requests +0.04 pp ±0.05 (not significant), p99 +3.2 ms ±0.4, skew max/mean the same in every replication',
    );
  });

  it('a detail column whose head ends in its unit gives the unit once: "revocation exposure −617 s ±24"', () => {
    const metrics = { sessionLossRate: diff(0, 0), failedRate: diff(0, 0), latency: { p99: diff(0, 0) }, skew: { maxOverMean: diff(0, 0) }, security: { revocationExposure: diff(-617, 24) } };
    const line = differenceLine({ strategy: 'jwt-deny-list', baseline: 'jwt-15m', metrics }, [{ head: 'revocation\nexposure s', paths: ['security.revocationExposure'] }]);
    expect(line.endsWith(', revocation exposure \u2212617 s ±24')).toBe(true);
  });

  it('says "not significant" exactly when the interval contains 0', () => {
    expect(signedDifference(diff(1, 0.9), 1, ' ms')).not.toContain('not significant');
    expect(signedDifference(diff(1, 1.1), 1, ' ms')).toContain('(not significant)');
  });

  it('a mean that rounds to zero has no sign: "±0 pp", never "−0 pp"', () => {
    expect(signedDifference(diff(-0.00001, 0.03), 100, ' pp')).toMatch(/^±0 pp ±3 /);
    expect(signedDifference(diff(-0.5, 0.1), 1, ' ms')).toMatch(/^\u22120\.50 ms/);
  });
});

describe('precision line', () => {
  it('names what was not reached at the cap', () => {
    const figures = [
      { strategy: 'a', metric: 'sessionLossRate', mean: 0.1, halfWidth: 0.012, relativeHalfWidth: 0.12, reached: false },
      { strategy: 'a', metric: 'latency.p99', mean: 100, halfWidth: 1, relativeHalfWidth: 0.01, reached: true },
    ];
    expect(precisionLine({ target: 0.05, reached: false, replications: 40, cap: 40, figures })).toBe(
      'Precision ±5% not reached after 40 replications (the cap): a session loss rate ±12%; reached for the other 1 of 2 figures.',
    );
    expect(precisionLine({ target: 0.05, reached: true, replications: 17, cap: 100, figures: [] })).toContain('reached for every decision figure');
  });
});

describe('the replicated table prints "no figure" where the single run does', () => {
  it('a highlighted store figure of a strategy without a store is "-", as in the single-run table, not "0"', async () => {
    const { replicate } = await import('../../src/experiment/replications.js');
    const { renderIntervalTable } = await import('../../src/report/intervals.js');
    const { resolveScenario } = await import('../../src/scenario/load.js');
    const config = resolveScenario({
      duration: '3m',
      warmup: '1m',
      highlight: ['store.peakOpsPerSecond'],
      strategies: [
        { name: 'jwt', type: 'jwt' },
        { name: 'redis', type: 'external' },
      ],
    });
    const r = await replicate(config, { replications: 2, jobs: 1 });
    const text = renderIntervalTable(r, { color: false, ascii: true });
    const block = text.slice(text.indexOf('peak op/s'), text.indexOf('Verdict'));
    expect(block).toMatch(/\njwt +- *\n/);
    expect(block).toMatch(/\nredis +\d+ \+\/-\d+/);
  });
});
