/**
 * `autoscaler`: a controller that resizes the fleet from a measured metric, as Kubernetes'
 * Horizontal Pod Autoscaler or an AWS Auto Scaling group's target-tracking policy does. Every
 * default names its source; the model is in src/model/autoscaler/.
 */
import { z } from 'zod';
import type { AutoscalerConfig } from '../model/autoscaler/config.js';
import type { ScenarioProblem } from './errors.js';
import { duration, durationDistribution } from './schema-units.js';

// autoscaling/v2 HPAScalingPolicy / HPAScalingRules, in the API's own words (a manifest's
// `behavior` block pastes in as it is; periods and windows also accept "15s", "5m").
const policy = z.strictObject({
  type: z.enum(['Pods', 'Percent']),
  value: z.number().int().min(1),
  periodSeconds: duration.refine((v) => v > 0 && v <= 1800, { error: 'a period above 0 and at most 1800 s (the API limit)' }),
});

const rules = (defaults: { stabilizationWindowSeconds: number; policies: z.input<typeof policy>[] }) =>
  z
    .strictObject({
      stabilizationWindowSeconds: duration.refine((v) => v <= 3600, { error: 'at most 3600 s (the API limit)' }).prefault(defaults.stabilizationWindowSeconds),
      selectPolicy: z.enum(['Max', 'Min', 'Disabled']).default('Max'),
      policies: z.array(policy).min(1).prefault(defaults.policies),
    })
    .prefault({});

// HPA defaults (k8s.io/kubernetes pkg/apis/autoscaling/v2/defaults.go): scale up by the larger
// of 100 % or 4 pods every 15 s without stabilisation; scale down by up to 100 % every 15 s
// after a 300 s stabilisation window (the highest recommendation in it wins).
const behavior = z
  .strictObject({
    scaleUp: rules({ stabilizationWindowSeconds: 0, policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }, { type: 'Pods', value: 4, periodSeconds: 15 }] }),
    scaleDown: rules({ stabilizationWindowSeconds: 300, policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] }),
  })
  .prefault({});

const victim = z.enum(['newest', 'oldest', 'least-sessions', 'closest-to-next-billing-hour']);

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
  type: z.literal('hpa'),
  metric: z.enum(['cpu', 'requests-per-second']).default('cpu'),
  ...common,
  // kube-controller-manager flags: --horizontal-pod-autoscaler-sync-period 15s, -tolerance 0.1,
  // -cpu-initialization-period 5m, -initial-readiness-delay 30s; metrics-server --metric-resolution 15s.
  syncPeriod: duration.refine((v) => v > 0, { error: 'a period above 0' }).prefault('15s'),
  tolerance: z.number().min(0).max(1).default(0.1),
  metricWindow: duration.refine((v) => v > 0, { error: 'a window above 0' }).prefault('15s'),
  cpuInitializationPeriod: duration.prefault('5m'),
  initialReadinessDelay: duration.prefault('30s'),
  behavior,
  // A pod: pull a cached image and start the process, seconds (REFERENCE.md: measure yours).
  bootTime: durationDistribution.prefault({ dist: 'uniform', min: '10s', max: '30s' }),
  // ReplicaSet downscale ranks not-ready before ready and newer before older (controller.ActivePodsWithRanks).
  victim: victim.default('newest'),
  // No preStop hook by default; terminationGracePeriodSeconds 30.
  preStop: duration.prefault(0),
  terminationGracePeriod: duration.prefault('30s'),
});

const targetTracking = z.strictObject({
  type: z.literal('target-tracking'),
  metric: z.enum(['cpu', 'alb-requests-per-target']).default('cpu'),
  ...common,
  // CloudWatch: 1-minute metrics (detailed monitoring); the alarms EC2 Auto Scaling creates for a
  // target-tracking policy: AlarmHigh 3 of 3 datapoints above the target, AlarmLow 15 of 15 below 90 % of it.
  period: duration.refine((v) => v > 0, { error: 'a period above 0' }).prefault('60s'),
  scaleOutDatapoints: z.number().int().min(1).default(3),
  scaleInDatapoints: z.number().int().min(1).default(15),
  scaleInThreshold: z.number().positive().max(1).default(0.9),
  // EC2 Auto Scaling default instance warm-up 300 s; Application Auto Scaling ScaleInCooldown 300 s;
  // ALB deregistration_delay.timeout_seconds 300.
  instanceWarmup: duration.prefault('300s'),
  scaleInCooldown: duration.prefault('300s'),
  deregistrationDelay: duration.refine((v) => v <= 3600, { error: 'at most 3600 s (the ALB limit)' }).prefault('300s'),
  disableScaleIn: z.boolean().default(false),
  // A VM: 30–120 s to boot plus the app's start (REFERENCE.md: measure yours).
  bootTime: durationDistribution.prefault({ dist: 'uniform', min: '60s', max: '180s' }),
  // The ASG Default termination policy: AZ balance, then the oldest launch template, then the
  // instance closest to the next billing hour (one AZ, one template here: the last rule decides).
  victim: victim.default('closest-to-next-billing-hour'),
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
