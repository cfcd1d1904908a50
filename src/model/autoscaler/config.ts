/**
 * Resolved autoscaler settings (every default filled in by src/scenario/schema-autoscaler.ts,
 * where each default names its source). Durations in seconds.
 */
import type { DistributionSpec } from '../../engine/distributions.js';

/** One HPA scaling policy (autoscaling/v2 HPAScalingPolicy): at most `value` pods or percent per `periodSeconds`. */
export interface ScalingPolicy {
  type: 'Pods' | 'Percent';
  value: number;
  periodSeconds: number;
}

/** autoscaling/v2 HPAScalingRules, in the API's own words. */
export interface ScalingRules {
  stabilizationWindowSeconds: number;
  /** `Max`: the policy allowing the largest change wins (the default); `Min`: the smallest; `Disabled`: no scaling this way. */
  selectPolicy: 'Max' | 'Min' | 'Disabled';
  policies: ScalingPolicy[];
}

/** Which server a scale-in removes. */
export type VictimPolicy = 'newest' | 'oldest' | 'least-sessions' | 'closest-to-next-billing-hour';

interface AutoscalerCommon {
  /** `cpu`: busy workers / workers (a fraction); the other metrics: requests per server. */
  metric: 'cpu' | 'requests-per-second' | 'alb-requests-per-target';
  /** Target value of the metric: a utilisation in (0, 1) for cpu, requests per second (HPA) or per minute (ALB) per server. */
  target: number;
  minReplicas: number;
  maxReplicas: number;
  /** From launch until the process runs: image pull + start (pod) or VM boot + app start (instance). */
  bootTime: DistributionSpec;
  /** Which server a scale-in removes. */
  victim: VictimPolicy;
  /** Weight of new servers in the balancer (HAProxy `weight`). */
  weight: number;
}

export interface HpaConfig extends AutoscalerCommon {
  type: 'hpa';
  metric: 'cpu' | 'requests-per-second';
  /** --horizontal-pod-autoscaler-sync-period. */
  syncPeriod: number;
  /** --horizontal-pod-autoscaler-tolerance: no change while |ratio − 1| ≤ tolerance. */
  tolerance: number;
  /** The window of the usage sample (metrics-server resolution): a pod ready for less than this is unready to the HPA. */
  metricWindow: number;
  /** --horizontal-pod-autoscaler-cpu-initialization-period. */
  cpuInitializationPeriod: number;
  /** --horizontal-pod-autoscaler-initial-readiness-delay. */
  initialReadinessDelay: number;
  behavior: { scaleUp: ScalingRules; scaleDown: ScalingRules };
  /** Pod termination: the preStop hook's sleep (still serving, out of the endpoints), then SIGTERM. */
  preStop: number;
  /** terminationGracePeriodSeconds: SIGKILL this long after the deletion began (preStop included). */
  terminationGracePeriod: number;
}

export interface TargetTrackingConfig extends AutoscalerCommon {
  type: 'target-tracking';
  metric: 'cpu' | 'alb-requests-per-target';
  /** CloudWatch period of the metric (1-minute detailed monitoring). */
  period: number;
  /** Consecutive periods above the target before the scale-out alarm fires (AlarmHigh). */
  scaleOutDatapoints: number;
  /** Consecutive periods below scaleInThreshold × target before the scale-in alarm fires (AlarmLow). */
  scaleInDatapoints: number;
  scaleInThreshold: number;
  /** Default instance warm-up: a new instance's metrics are left out for this long after it is in service. */
  instanceWarmup: number;
  /** No scale-in for this long after a scaling activity (a scale-out cancels it). */
  scaleInCooldown: number;
  /** ALB deregistration delay: the instance drains this long before it is terminated. */
  deregistrationDelay: number;
  /** DisableScaleIn: the policy only ever adds instances. */
  disableScaleIn: boolean;
}

export type AutoscalerConfig = HpaConfig | TargetTrackingConfig;
