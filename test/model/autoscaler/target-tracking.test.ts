/**
 * The target-tracking policy period by period: AlarmHigh after 3 datapoints above the target,
 * a proportional scale-out that never counts launched capacity twice, AlarmLow after 15
 * datapoints below 90 % of it, and the scale-in cooldown.
 */
import { describe, expect, it } from 'vitest';
import type { TargetTrackingConfig } from '../../../src/model/autoscaler/config.js';
import { TargetTracking } from '../../../src/model/autoscaler/target-tracking.js';

const config: TargetTrackingConfig = {
  type: 'target-tracking', metric: 'cpu', target: 0.5, minReplicas: 2, maxReplicas: 20, weight: 1,
  bootTime: { dist: 'constant', value: 90 }, victim: 'closest-to-next-billing-hour',
  period: 60, scaleOutDatapoints: 3, scaleInDatapoints: 15, scaleInThreshold: 0.9,
  instanceWarmup: 300, scaleInCooldown: 300, deregistrationDelay: 300, disableScaleIn: false,
};

describe('target tracking (EC2 Auto Scaling)', () => {
  it('scales out on the 3rd datapoint above the target, proportionally: ceil(4 × 0.8 / 0.5) = 7', () => {
    const tt = new TargetTracking(config);
    expect(tt.evaluate(60, 4, 0.8, 4).desired).toBe(4);
    expect(tt.evaluate(120, 4, 0.8, 4).desired).toBe(4);
    expect(tt.evaluate(180, 4, 0.8, 4)).toMatchObject({ desired: 7, alarm: 'high' });
    // The 3 new instances are warming up (not in the metric): the old 4 still read 80 %, asking for 7 again: no change.
    expect(tt.evaluate(240, 7, 0.8, 4).desired).toBe(7);
  });

  it('scales in only after 15 datapoints below 90 % of the target, then waits out the 300 s cooldown', () => {
    const tt = new TargetTracking(config);
    const out: number[] = [];
    let n = 8;
    for (let t = 60; t <= 60 * 25; t += 60) {
      n = tt.evaluate(t, n, n === 8 ? 0.3 : 0.44, n).desired;
      out.push(n);
    }
    // 14 quiet minutes: nothing; the 15th (t = 900): ceil(8 × 0.3 / 0.5) = 5. Then 44 % on 5 < 45 %: ceil(4.4) = 5, no change.
    expect(out.slice(0, 14).every((x) => x === 8)).toBe(true);
    expect(out[14]).toBe(5);
    expect(out.slice(15).every((x) => x === 5)).toBe(true);
    // Cooldown: a second scale-in within 300 s of the first is refused.
    const c = new TargetTracking({ ...config, scaleInDatapoints: 1 });
    expect(c.evaluate(60, 8, 0.1, 8).desired).toBe(2);
    expect(c.evaluate(120, 6, 0.1, 6)).toMatchObject({ desired: 6, limitedBy: 'cooldown' });
    expect(c.evaluate(360, 6, 0.1, 6).desired).toBe(2);
  });
});
