/**
 * An AWS Auto Scaling group's target-tracking policy, one CloudWatch period at a time. Pure: it
 * is given each period's datapoint and returns the desired capacity.
 *
 * The policy is two CloudWatch alarms EC2 Auto Scaling creates and manages (as the console shows
 * them): AlarmHigh, the metric above the target for 3 consecutive 1-minute datapoints, and
 * AlarmLow, below 90 % of it for 15. While an alarm is in ALARM it invokes the policy every
 * period. The new capacity is proportional to the metric (⌈counted instances × metric / target⌉,
 * AWS: "scales out proportionally"), and a scale-out never counts twice: the capacity already
 * launched (instances still warming up) is part of the desired capacity the next one compares
 * with. Scale-in is conservative: it needs the 15-minute alarm, waits out the scale-in cooldown
 * after the previous scale-in (300 s, Application Auto Scaling's default), and a scale-out ends
 * that cooldown. Instances in their warm-up (300 s default) are left out of the metric.
 */
import type { TargetTrackingConfig } from './config.js';

export interface TargetTrackingDecision {
  desired: number;
  /** The period's datapoint (null: no instance contributes yet). */
  value: number | null;
  alarm: 'high' | 'low' | 'none';
  /** Why the capacity did not follow the alarm (cooldown, limits), if so. */
  limitedBy: 'none' | 'cooldown' | 'max' | 'min' | 'scale-in disabled';
}

export class TargetTracking {
  private above = 0;
  private below = 0;
  private lastScaleIn = -Infinity;

  constructor(private readonly config: TargetTrackingConfig) {}

  /**
   * One period's datapoint: `value` averaged over `counted` instances (in service, warmed up);
   * `desired` is the group's desired capacity now.
   */
  evaluate(now: number, desired: number, value: number | null, counted: number): TargetTrackingDecision {
    const c = this.config;
    if (value === null || counted === 0) {
      // Missing data: CloudWatch treats it as missing, the alarms keep their state counts.
      return { desired, value, alarm: 'none', limitedBy: 'none' };
    }
    this.above = value > c.target ? this.above + 1 : 0;
    this.below = value < c.scaleInThreshold * c.target ? this.below + 1 : 0;
    const proportional = Math.ceil((counted * value) / c.target);
    if (this.above >= c.scaleOutDatapoints) {
      if (proportional <= desired) return { desired, value, alarm: 'high', limitedBy: 'none' };
      this.lastScaleIn = -Infinity; // a scale-out ends the scale-in cooldown
      const next = Math.min(c.maxReplicas, proportional);
      return { desired: next, value, alarm: 'high', limitedBy: next < proportional ? 'max' : 'none' };
    }
    if (this.below >= c.scaleInDatapoints) {
      const next = Math.max(c.minReplicas, proportional);
      if (next >= desired) return { desired, value, alarm: 'low', limitedBy: proportional < c.minReplicas ? 'min' : 'none' };
      if (c.disableScaleIn) return { desired, value, alarm: 'low', limitedBy: 'scale-in disabled' };
      if (now - this.lastScaleIn < c.scaleInCooldown) return { desired, value, alarm: 'low', limitedBy: 'cooldown' };
      this.lastScaleIn = now;
      return { desired: next, value, alarm: 'low', limitedBy: next > proportional ? 'min' : 'none' };
    }
    return { desired, value, alarm: 'none', limitedBy: 'none' };
  }
}
