/**
 * Peak utilisation (utilization.peakMean, peakBusiestServer): the highest over the timeline's
 * whole windows after the warm-up, so never below the whole window's figure; a run too short
 * for one such window has the measured window as its only one (it said 0, below the mean).
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/experiment/simulate.js';
import { resolveScenario } from '../../src/scenario/load.js';

const utilization = (doc: object) => simulate(resolveScenario({ ...doc, strategies: [{ type: 'sticky' }] })).strategies[0]!.metrics.utilization;

describe('peak utilisation', () => {
  it('with no whole window after the warm-up, the peaks are the measured window\'s figures', () => {
    const u = utilization({ duration: '5s', warmup: '1s', clients: { arrivalRate: 20 } });
    expect(u.mean).toBeGreaterThan(0);
    expect(u.peakMean).toBe(u.mean);
    expect(u.peakBusiestServer).toBe(u.busiestServer);
  });

  it('over whole windows, a peak is at least the whole window\'s figure', () => {
    const u = utilization({ duration: '5m', warmup: '1m', clients: { arrivalRate: 20 } });
    expect(u.peakMean).toBeGreaterThanOrEqual(u.mean);
    expect(u.peakBusiestServer).toBeGreaterThanOrEqual(u.busiestServer);
    expect(u.peakMean).toBeGreaterThan(u.mean);
  });
});
