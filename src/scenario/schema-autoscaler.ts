/**
 * `autoscaler`: a controller that resizes the fleet from a measured metric, as Kubernetes'
 * Horizontal Pod Autoscaler or an AWS Auto Scaling group's target-tracking policy does. Every
 * default names its source; the model is in src/model/autoscaler/.
 */
import { z } from '#zod';
import type { AutoscalerConfig } from '../model/autoscaler/config.js';
import type { ScenarioProblem } from './errors.js';
import { duration, durationDistribution } from './schema-units.js';

// autoscaling/v2 HPAScalingPolicy / HPAScalingRules, in the API's own words (a manifest's
// `behavior` block pastes in as it is; periods and windows also accept "15s", "5m").
const policy = z.strictObject({
  type: z.enum(['Pods', 'Percent']).meta({ description: 'HPAScalingPolicy type: Pods (a number of pods) or Percent (of the current replicas).' }),
  value: z.number().int().min(1).meta({ description: 'Pods or percent allowed per period.' }),
  periodSeconds: duration.refine((v) => v > 0 && v <= 1800, { error: 'a period above 0 and at most 1800 s (the API limit)' }).meta({ description: 'The period the value is allowed in (at most 1800s, the API limit).' }),
});

const rules = (defaults: { stabilizationWindowSeconds: number; policies: z.input<typeof policy>[] }) =>
  z
    .strictObject({
      stabilizationWindowSeconds: duration
        .refine((v) => v <= 3600, { error: 'at most 3600 s (the API limit)' })
        .prefault(defaults.stabilizationWindowSeconds)
        .meta({ description: `The highest (scale-down) or lowest (scale-up) recommendation of this window wins (HPA default ${defaults.stabilizationWindowSeconds}s).` }),
      selectPolicy: z.enum(['Max', 'Min', 'Disabled']).default('Max').meta({ description: 'Which policy wins when several apply: Max (the most change, default), Min, or Disabled (no scaling this way).' }),
      policies: z.array(policy).min(1).prefault(defaults.policies).meta({ description: 'How fast replicas may change (HPAScalingPolicy list).' }),
    })
    .prefault({});

// HPA defaults (k8s.io/kubernetes pkg/apis/autoscaling/v2/defaults.go): scale up by the larger
// of 100 % or 4 pods every 15 s without stabilisation; scale down by up to 100 % every 15 s
// after a 300 s stabilisation window (the highest recommendation in it wins).
const behavior = z
  .strictObject({
    scaleUp: rules({ stabilizationWindowSeconds: 0, policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }, { type: 'Pods', value: 4, periodSeconds: 15 }] }).meta({ description: 'Scale-up rules: HPA default, no window, the larger of 100 % or 4 pods every 15s.' }),
    scaleDown: rules({ stabilizationWindowSeconds: 300, policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] }).meta({ description: 'Scale-down rules: HPA default, a 300s window, up to 100 % every 15s.' }),
  })
  .prefault({}).meta({ description: 'HPA behavior (autoscaling/v2), pasted as in a manifest.' });

const victim = (dflt: string) =>
  z.enum(['newest', 'oldest', 'least-sessions', 'closest-to-next-billing-hour']).meta({ description: `Which server a scale-in removes: newest, oldest, least-sessions or closest-to-next-billing-hour (default ${dflt}).` });

const common = {
  // HPA minReplicas defaults to 1; maxReplicas (and an ASG's MaxSize) must be given in the real
  // API: 10 is the `kubectl autoscale --max=10` example.
  minReplicas: z.number().int().min(1).max(1000).default(1).meta({ description: 'Fewest servers (HPA minReplicas, ASG MinSize).' }),
  maxReplicas: z.number().int().min(1).max(1000).default(10).meta({ description: 'Most servers (HPA maxReplicas, ASG MaxSize).' }),
  // HAProxy `weight` default 1.
  weight: z.number().int().min(1).max(256).default(1).meta({ description: 'Balancing weight of the servers the autoscaler adds.' }),
  target: z.number().positive().optional().meta({
    description: 'Target of the metric: a utilisation in (0, 1) for cpu, requests per second per pod (requests-per-second), requests per target per minute (alb-requests-per-target).',
  }),
};

const hpa = z.strictObject({
  type: z.literal('hpa').meta({ description: 'hpa: a Kubernetes Horizontal Pod Autoscaler.' }),
  metric: z.enum(['cpu', 'requests-per-second']).default('cpu').meta({ description: 'What it scales on: cpu (utilisation of the workers, default) or requests-per-second per pod.' }),
  ...common,
  // kube-controller-manager flags: --horizontal-pod-autoscaler-sync-period 15s, -tolerance 0.1,
  // -cpu-initialization-period 5m, -initial-readiness-delay 30s; metrics-server --metric-resolution 15s.
  syncPeriod: duration.refine((v) => v > 0, { error: 'a period above 0' }).prefault('15s').meta({ description: 'Time between two evaluations (--horizontal-pod-autoscaler-sync-period 15s).' }),
  tolerance: z.number().min(0).max(1).default(0.1).meta({ description: 'No change while the metric is within this share of the target (--horizontal-pod-autoscaler-tolerance 0.1).' }),
  metricWindow: duration.refine((v) => v > 0, { error: 'a window above 0' }).prefault('15s').meta({ description: 'The metric is averaged over this window (metrics-server --metric-resolution 15s).' }),
  cpuInitializationPeriod: duration.prefault('5m').meta({ description: 'CPU of a pod this young counts only once it is ready (--horizontal-pod-autoscaler-cpu-initialization-period 5m).' }),
  initialReadinessDelay: duration.prefault('30s').meta({ description: 'A pod this young that is not ready is left out (--horizontal-pod-autoscaler-initial-readiness-delay 30s).' }),
  behavior,
  // A pod: pull a cached image and start the process, seconds (REFERENCE.md: measure yours).
  bootTime: durationDistribution.prefault({ dist: 'uniform', min: '10s', max: '30s' }).meta({ description: 'From a scale decision to a serving pod. Default uniform 10s–30s (a cached image; measure yours).' }),
  // ReplicaSet downscale ranks not-ready before ready and newer before older (controller.ActivePodsWithRanks).
  victim: victim('newest (ReplicaSet: newer pods first)').default('newest'),
  // No preStop hook by default; terminationGracePeriodSeconds 30.
  preStop: duration.prefault(0).meta({ description: 'preStop hook: the pod keeps serving this long after it is told to stop (none by default).' }),
  terminationGracePeriod: duration.prefault('30s').meta({ description: 'terminationGracePeriodSeconds: requests still running then are killed (default 30s).' }),
});

const targetTracking = z.strictObject({
  type: z.literal('target-tracking').meta({ description: 'target-tracking: an AWS Auto Scaling group target-tracking policy.' }),
  metric: z.enum(['cpu', 'alb-requests-per-target']).default('cpu').meta({ description: 'What it tracks: cpu (default) or alb-requests-per-target (ALBRequestCountPerTarget, per minute).' }),
  ...common,
  // CloudWatch: 1-minute metrics (detailed monitoring); the alarms EC2 Auto Scaling creates for a
  // target-tracking policy: AlarmHigh 3 of 3 datapoints above the target, AlarmLow 15 of 15 below 90 % of it.
  period: duration.refine((v) => v > 0, { error: 'a period above 0' }).prefault('60s').meta({ description: 'CloudWatch metric period (60s: detailed monitoring).' }),
  scaleOutDatapoints: z.number().int().min(1).default(3).meta({ description: 'AlarmHigh: periods in a row above the target before scaling out (3 of 3).' }),
  scaleInDatapoints: z.number().int().min(1).default(15).meta({ description: 'AlarmLow: periods in a row below scaleInThreshold × target before scaling in (15 of 15).' }),
  scaleInThreshold: z.number().positive().max(1).default(0.9).meta({ description: 'AlarmLow threshold as a share of the target (0.9).' }),
  // EC2 Auto Scaling default instance warm-up 300 s; Application Auto Scaling ScaleInCooldown 300 s;
  // ALB deregistration_delay.timeout_seconds 300.
  instanceWarmup: duration.prefault('300s').meta({ description: 'A new instance counts in the metric only after this (EC2 Auto Scaling default instance warm-up 300s).' }),
  scaleInCooldown: duration.prefault('300s').meta({ description: 'Time after a scale-in before the next (Application Auto Scaling ScaleInCooldown 300s).' }),
  deregistrationDelay: duration.refine((v) => v <= 3600, { error: 'at most 3600 s (the ALB limit)' }).prefault('300s').meta({ description: 'A removed instance drains this long (ALB deregistration_delay.timeout_seconds 300).' }),
  disableScaleIn: z.boolean().default(false).meta({ description: 'Never scale in (DisableScaleIn, default false).' }),
  // A VM: 30–120 s to boot plus the app's start (REFERENCE.md: measure yours).
  bootTime: durationDistribution.prefault({ dist: 'uniform', min: '60s', max: '180s' }).meta({ description: 'From a scale decision to a serving instance. Default uniform 60s–180s (a VM boot plus the app; measure yours).' }),
  // The ASG Default termination policy: AZ balance, then the oldest launch template, then the
  // instance closest to the next billing hour (one AZ, one template here: the last rule decides).
  victim: victim('closest-to-next-billing-hour, the ASG Default termination policy').default('closest-to-next-billing-hour'),
});

export const autoscalerSchema = z.discriminatedUnion('type', [hpa, targetTracking]);

export type ParsedAutoscaler = z.output<typeof autoscalerSchema>;

/** Defaults that depend on the metric: kubectl autoscale's 80 % CPU, the AWS console's 50 %. */
const DEFAULT_CPU_TARGET = { hpa: 0.8, 'target-tracking': 0.5 } as const;

/** The checks of meaning, with the JSON path of each problem. */
export function autoscalerProblems(a: ParsedAutoscaler | undefined, events: readonly { type: string }[]): ScenarioProblem[] {
  if (a === undefined) return [];
  const problems: ScenarioProblem[] = [];
  if (a.minReplicas > a.maxReplicas) problems.push({ path: 'autoscaler.minReplicas', expected: `at most maxReplicas (${a.maxReplicas})`, found: String(a.minReplicas) });
  if (a.metric === 'cpu' && a.target !== undefined && a.target >= 1) {
    problems.push({ path: 'autoscaler.target', expected: 'a CPU utilisation above 0 and below 1 (0.6 = 60 % of the workers busy)', found: String(a.target) });
  }
  if (a.metric !== 'cpu' && a.target === undefined) {
    problems.push({ path: 'autoscaler.target', expected: `a target for ${a.metric} (${a.metric === 'requests-per-second' ? 'requests per second per pod' : 'requests per target per minute'})`, found: 'nothing' });
  }
  events.forEach((e, i) => {
    // The autoscaler owns the fleet's size: an HPA overwrites a manual `kubectl scale` at its next
    // sync and an ASG returns to its desired capacity, so a scripted scale event would be undone.
    if (e.type === 'scale-out' || e.type === 'scale-in') {
      problems.push({ path: `events[${i}].type`, expected: 'no scale-out or scale-in event with an autoscaler (it owns the fleet size and would undo it)', found: `"${e.type}"` });
    }
  });
  return problems;
}

/** The resolved autoscaler (after autoscalerProblems found nothing). */
export function resolveAutoscaler(a: ParsedAutoscaler | undefined): AutoscalerConfig | null {
  if (a === undefined) return null;
  const target = a.target ?? DEFAULT_CPU_TARGET[a.type];
  if (a.type === 'hpa') return { ...a, target };
  return { ...a, target };
}
