/**
 * The Kubernetes Horizontal Pod Autoscaler's decision, as kube-controller-manager computes it
 * (pkg/controller/podautoscaler: replica_calculator.go and horizontal.go), one sync at a time.
 * Pure: it is given the pods and their last metric sample and returns the replica count.
 *
 *   1. groupPods: terminating pods are ignored; Pending pods are unready; a pod without a metric
 *      is missing; for CPU, a pod within --horizontal-pod-autoscaler-cpu-initialization-period
 *      (5 m) of its start is unready unless it is Ready and its sample window started after it
 *      became Ready; after that, a pod that is not Ready and never was (its readiness last changed
 *      within --horizontal-pod-autoscaler-initial-readiness-delay, 30 s, of its start) is unready.
 *   2. usage ratio over the counted pods: CPU utilisation in whole percent
 *      (⌊100·Σusage / Σrequests⌋ / target %), or the pods metric's average (milli-units) / target.
 *   3. no unready pod in a scale-up and no missing pod: within the tolerance (0.1) keep the count,
 *      else ⌈ratio × ready pods⌉. Otherwise missing pods count as 100 % (scale-down) or 0 %
 *      (scale-up), unready pods as 0 % on a scale-up, the ratio is recomputed, and a result inside
 *      the tolerance or of the other direction keeps the count; else ⌈ratio′ × counted pods⌉.
 *   4. behaviour: the recommendation is stabilised (scale-up: the lowest recommendation of the
 *      up window, 0 s; scale-down: the highest of the down window, 300 s), then limited by the
 *      policies (default up: max(100 %, 4 pods) per 15 s, down: 100 % per 15 s) counted from the
 *      replicas at the start of each policy's period, then clamped to [minReplicas, maxReplicas].
 */
import type { HpaConfig, ScalingRules } from './config.js';

/** One pod as the HPA sees it at a sync. Terminating pods are not passed (they are ignored). */
export interface PodView {
  /** Pending: scheduled, still pulling its image and starting (not Running). */
  pending: boolean;
  /** The metrics pipeline has a sample for it (its container runs). */
  hasMetric: boolean;
  /** The Ready condition. */
  ready: boolean;
  /** When the Ready condition last changed (seconds), -1 if it never did since the start. */
  readyTransition: number;
  /** Pod start time (the container started). */
  startTime: number;
  /** CPU: cores in use (busy workers) over the sample window; pods metric: its value (requests per second). */
  usage: number;
  /** CPU request in cores (the workers). */
  request: number;
}

export interface HpaDecision {
  /** Replicas after the behaviour's stabilisation and policies and the min/max clamp. */
  desired: number;
  /** What the metric alone asked for (replica_calculator). */
  metricReplicas: number;
  /** The metric as the controller read it: a utilisation (0.9 = 90 %) or the per-pod average. */
  value: number;
  /** Why `desired` differs from `metricReplicas`, if it does (the HPA's ScalingLimited reasons). */
  limitedBy: 'none' | 'stabilized' | 'ScaleUpLimit' | 'TooManyReplicas' | 'ScaleDownLimit' | 'TooFewReplicas' | 'no metrics';
}

interface Timestamped {
  at: number;
  value: number;
}

export class HorizontalPodAutoscaler {
  private readonly recommendations: Timestamped[] = [];
  private readonly scaleUpEvents: Timestamped[] = [];
  private readonly scaleDownEvents: Timestamped[] = [];

  constructor(private readonly config: HpaConfig) {}

  /** One reconcile of the HPA at `now` with `current` replicas (spec.replicas) and the pods' sample taken at `sampledAt`. */
  reconcile(now: number, current: number, pods: readonly PodView[], sampledAt: number): HpaDecision {
    const c = this.config;
    // recordInitialRecommendation: the first reconcile remembers the replicas it found, so a new
    // (or restarted) controller does not scale down within its first stabilisation window.
    if (this.recommendations.length === 0) this.recommendations.push({ at: now, value: current });
    // horizontal.go: outside [min, max] the count is corrected before any metric is read.
    if (current > c.maxReplicas) return this.apply(now, current, { desired: c.maxReplicas, metricReplicas: c.maxReplicas, value: 0, limitedBy: 'TooManyReplicas' });
    if (current < c.minReplicas) return this.apply(now, current, { desired: c.minReplicas, metricReplicas: c.minReplicas, value: 0, limitedBy: 'TooFewReplicas' });
    const m = this.metricReplicas(now, current, pods, sampledAt);
    if (m === null) return { desired: current, metricReplicas: current, value: 0, limitedBy: 'no metrics' };
    const stabilized = this.stabilize(now, current, m.replicas);
    const [desired, limit] = this.limitRate(now, current, stabilized);
    const limitedBy = limit !== 'none' ? limit : stabilized !== m.replicas ? 'stabilized' : 'none';
    return this.apply(now, current, { desired, metricReplicas: m.replicas, value: m.value, limitedBy });
  }

  private apply(now: number, current: number, d: HpaDecision): HpaDecision {
    // storeScaleEvent: the change counts against the policies for their periods.
    if (d.desired > current) this.scaleUpEvents.push({ at: now, value: d.desired - current });
    else if (d.desired < current) this.scaleDownEvents.push({ at: now, value: current - d.desired });
    // Policies look back at most 1800 s (the API's limit on periodSeconds): older events are dropped.
    while (this.scaleUpEvents.length > 0 && this.scaleUpEvents[0]!.at <= now - 1800) this.scaleUpEvents.shift();
    while (this.scaleDownEvents.length > 0 && this.scaleDownEvents[0]!.at <= now - 1800) this.scaleDownEvents.shift();
    return d;
  }

  /** replica_calculator.go (GetResourceReplicas / GetMetricReplicas → calcPlainMetricReplicas); null: no pod has a usable metric. */
  metricReplicas(now: number, current: number, pods: readonly PodView[], sampledAt: number): { replicas: number; value: number } | null {
    const c = this.config;
    const cpu = c.metric === 'cpu';
    let ready = 0;
    const counted: PodView[] = [];
    const unready: PodView[] = [];
    const missing: PodView[] = [];
    for (const p of pods) {
      if (p.pending) {
        unready.push(p);
        continue;
      }
      if (!p.hasMetric) {
        missing.push(p);
        continue;
      }
      if (cpu && this.cpuUnready(p, now, sampledAt)) {
        unready.push(p);
        continue;
      }
      ready++;
      counted.push(p);
    }
    if (counted.length === 0) return null;
    const target = cpu ? Math.round(c.target * 100) : Math.round(c.target * 1000);
    const ratioOf = (extra: readonly { usage: number; request: number }[]): { ratio: number; value: number } => {
      if (cpu) {
        let used = 0;
        let requested = 0;
        for (const p of [...counted, ...extra]) {
          used += Math.floor(p.usage * 1000); // millicores, as the resource metrics API reports them
          requested += Math.round(p.request * 1000);
        }
        const utilization = Math.trunc((used * 100) / requested); // int32 percent, truncated
        return { ratio: utilization / target, value: utilization / 100 };
      }
      let total = 0;
      for (const p of [...counted, ...extra]) total += Math.floor(p.usage * 1000); // milli-units
      const average = Math.trunc(total / (counted.length + extra.length));
      return { ratio: average / target, value: average / 1000 };
    };
    const within = (r: number) => Math.abs(1 - r) <= c.tolerance;
    const { ratio, value } = ratioOf([]);
    const scaleUpWithUnready = unready.length > 0 && ratio > 1;
    if (!scaleUpWithUnready && missing.length === 0) {
      if (within(ratio)) return { replicas: current, value };
      return { replicas: Math.ceil(ratio * ready), value };
    }
    const extra: { usage: number; request: number }[] = [];
    if (missing.length > 0) {
      if (ratio < 1) {
        // Scale-down: a missing pod counts as fully busy (CPU: max(100 %, target) of its request; pods metric: the target).
        for (const p of missing) extra.push({ usage: cpu ? (p.request * Math.max(100, target)) / 100 : target / 1000, request: p.request });
      } else if (ratio > 1) {
        for (const p of missing) extra.push({ usage: 0, request: p.request });
      }
    }
    if (scaleUpWithUnready) for (const p of unready) extra.push({ usage: 0, request: p.request });
    const again = ratioOf(extra);
    if (within(again.ratio) || (ratio < 1 && again.ratio > 1) || (ratio > 1 && again.ratio < 1)) return { replicas: current, value };
    const replicas = Math.ceil(again.ratio * (counted.length + extra.length));
    if ((again.ratio < 1 && replicas > current) || (again.ratio > 1 && replicas < current)) return { replicas: current, value };
    return { replicas, value };
  }

  /** groupPods' CPU rule: is this running pod's sample left out as unready? */
  private cpuUnready(p: PodView, now: number, sampledAt: number): boolean {
    const c = this.config;
    if (p.startTime + c.cpuInitializationPeriod > now) {
      // Still initialising: unready unless Ready and a whole sample window was collected since.
      return !p.ready || sampledAt < p.readyTransition + c.metricWindow;
    }
    // Afterwards: unready only if not Ready and it never has been (the condition last changed right at the start).
    return !p.ready && p.startTime + c.initialReadinessDelay > p.readyTransition;
  }

  /** stabilizeRecommendationWithBehaviors: the up window's lowest and the down window's highest recommendation bound the change. */
  private stabilize(now: number, current: number, desired: number): number {
    const { scaleUp, scaleDown } = this.config.behavior;
    const upCutoff = now - scaleUp.stabilizationWindowSeconds;
    const downCutoff = now - scaleDown.stabilizationWindowSeconds;
    let up = desired;
    let down = desired;
    let old = -1;
    this.recommendations.forEach((r, i) => {
      if (r.at > upCutoff) up = Math.min(up, r.value);
      if (r.at > downCutoff) down = Math.max(down, r.value);
      if (r.at < upCutoff && r.at < downCutoff) old = i;
    });
    let recommendation = current;
    if (recommendation < up) recommendation = up;
    if (recommendation > down) recommendation = down;
    // The unstabilised recommendation is kept, overwriting one older than both windows.
    if (old >= 0) this.recommendations[old] = { at: now, value: desired };
    else this.recommendations.push({ at: now, value: desired });
    return recommendation;
  }

  /** convertDesiredReplicasWithBehaviorRate: the policies' limits and the min/max clamp. */
  private limitRate(now: number, current: number, desired: number): [number, HpaDecision['limitedBy']] {
    const c = this.config;
    if (desired > current) {
      const limit = Math.max(current, this.scaleUpLimit(now, current, c.behavior.scaleUp));
      const allowed = Math.min(c.maxReplicas, limit);
      if (desired > allowed) return [allowed, c.maxReplicas > limit ? 'ScaleUpLimit' : 'TooManyReplicas'];
    } else if (desired < current) {
      const limit = Math.min(current, this.scaleDownLimit(now, current, c.behavior.scaleDown));
      const allowed = Math.max(c.minReplicas, limit);
      if (desired < allowed) return [allowed, c.minReplicas < limit ? 'ScaleDownLimit' : 'TooFewReplicas'];
    }
    return [desired, 'none'];
  }

  /** Replicas at the start of the policy's period: now's count less what was added, plus what was removed, within it. */
  private periodStart(now: number, current: number, period: number): number {
    const cutoff = now - period;
    let added = 0;
    let removed = 0;
    for (const e of this.scaleUpEvents) if (e.at > cutoff) added += e.value;
    for (const e of this.scaleDownEvents) if (e.at > cutoff) removed += e.value;
    return current - added + removed;
  }

  private scaleUpLimit(now: number, current: number, rules: ScalingRules): number {
    if (rules.selectPolicy === 'Disabled') return current;
    const pick = rules.selectPolicy === 'Min' ? Math.min : Math.max;
    let result = rules.selectPolicy === 'Min' ? Infinity : -Infinity;
    for (const p of rules.policies) {
      const start = this.periodStart(now, current, p.periodSeconds);
      const proposed = p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
      result = pick(result, proposed);
    }
    return result;
  }

  private scaleDownLimit(now: number, current: number, rules: ScalingRules): number {
    if (rules.selectPolicy === 'Disabled') return current;
    // Max change = the fewest replicas left.
    const pick = rules.selectPolicy === 'Min' ? Math.max : Math.min;
    let result = rules.selectPolicy === 'Min' ? -Infinity : Infinity;
    for (const p of rules.policies) {
      const start = this.periodStart(now, current, p.periodSeconds);
      const proposed = p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
      result = pick(result, proposed);
    }
    return result;
  }
}
