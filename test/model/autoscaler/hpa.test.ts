/**
 * The HPA's decision, sync by sync, against kube-controller-manager's own arithmetic
 * (replica_calculator.go, horizontal.go): the formula, the tolerance, unready pods, the
 * scale-up policies, and the 300 s scale-down stabilisation window.
 */
import { describe, expect, it } from 'vitest';
import type { HpaConfig } from '../../../src/model/autoscaler/config.js';
import { HorizontalPodAutoscaler, type PodView } from '../../../src/model/autoscaler/hpa.js';

const base: HpaConfig = {
  type: 'hpa',
  metric: 'cpu',
  target: 0.6,
  minReplicas: 1,
  maxReplicas: 50,
  weight: 1,
  bootTime: { dist: 'constant', value: 20 },
  victim: 'newest',
  syncPeriod: 15,
  tolerance: 0.1,
  metricWindow: 15,
  cpuInitializationPeriod: 300,
  initialReadinessDelay: 30,
  behavior: {
    scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }, { type: 'Pods', value: 4, periodSeconds: 15 }] },
    scaleDown: { stabilizationWindowSeconds: 300, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
  },
  preStop: 0,
  terminationGracePeriod: 30,
};

/** A ready pod with `util` of its one core busy, started long ago. */
const ready = (util: number, since = -1000): PodView => ({ pending: false, hasMetric: true, ready: true, readyTransition: since, startTime: since, usage: util, request: 1 });
const pending = (): PodView => ({ pending: true, hasMetric: false, ready: false, readyTransition: -1, startTime: -1, usage: 0, request: 1 });

/**
 * A toy cluster for the step test: a CPU demand (cores) shared evenly by the ready pods; a new pod
 * is Pending for 20 s, then Ready (its first full sample window 15 s later, which the HPA requires).
 */
class Cluster {
  pods: { launched: number }[] = [];
  constructor(n: number) {
    for (let i = 0; i < n; i++) this.pods.push({ launched: -1000 });
  }
  views(now: number, demand: number): PodView[] {
    const isReady = (p: { launched: number }) => now >= p.launched + 20;
    const readyCount = this.pods.filter(isReady).length;
    return this.pods.map((p) =>
      isReady(p)
        ? { pending: false, hasMetric: now >= p.launched + 20 + 15, ready: true, readyTransition: p.launched + 20, startTime: p.launched + 20, usage: Math.min(1, demand / readyCount), request: 1 }
        : pending(),
    );
  }
  resize(now: number, desired: number): void {
    while (this.pods.length < desired) this.pods.push({ launched: now });
    // ReplicaSet downscale: newest first.
    if (this.pods.length > desired) this.pods.splice(desired);
  }
}

describe('HPA formula and tolerance (replica_calculator.go)', () => {
  it('desired = ceil(current × utilisation / target) over ready pods; within 10 % nothing changes', () => {
    const hpa = () => new HorizontalPodAutoscaler(base);
    // 4 pods at 90 % for a 60 % target: ratio 1.5, ceil(1.5 × 4) = 6.
    expect(hpa().reconcile(0, 4, [0.9, 0.9, 0.9, 0.9].map((u) => ready(u)), 0)).toMatchObject({ desired: 6, metricReplicas: 6, value: 0.9 });
    // 64 % / 60 % = 1.067: inside the tolerance, stays 4 (10 % either side).
    expect(hpa().reconcile(0, 4, [0.64, 0.64, 0.64, 0.64].map((u) => ready(u)), 0).desired).toBe(4);
    // 67 %: ratio 1.117 leaves the tolerance: ceil(4.47) = 5.
    expect(hpa().reconcile(0, 4, [0.67, 0.67, 0.67, 0.67].map((u) => ready(u)), 0).desired).toBe(5);
    // Utilisation is whole percent, truncated: 0.6699 reads as 66 %: ratio 1.1 is within 0.1 (k8s's float compare: |1 − 1.1| ≤ 0.1).
    expect(hpa().reconcile(0, 4, [0.6699, 0.6699, 0.6699, 0.6699].map((u) => ready(u)), 0).value).toBe(0.66);
  });

  it('unready pods count as 0 % in a scale-up: no second scale-up while the new pods start', () => {
    const hpa = new HorizontalPodAutoscaler(base);
    // 4 ready at 90 % and the 2 pods asked for a sync ago still Pending: ratio over 6 pods = 0.9·4/6/0.6 = 1.0 ⇒ keep 6.
    expect(hpa.reconcile(15, 6, [...[0.9, 0.9, 0.9, 0.9].map((u) => ready(u)), pending(), pending()], 15).desired).toBe(6);
    // The naive formula over the ready pods alone would have asked for ceil(1.5 × 4) = 6 again and again; with 8 pods
    // in the same state the HPA even keeps 8 (0.9·4/8/0.6 = 0.75 < 1 flips the direction: no change).
    expect(new HorizontalPodAutoscaler(base).reconcile(15, 8, [...[0.9, 0.9, 0.9, 0.9].map((u) => ready(u)), ...Array.from({ length: 4 }, pending)], 15).desired).toBe(8);
  });

  it('a pod Ready for less than one metric window is left out of CPU (cpu-initialization-period)', () => {
    const hpa = new HorizontalPodAutoscaler(base);
    const fresh: PodView = { ...ready(0.05), readyTransition: 100, startTime: 90 };
    // Sample taken at 110: window [95, 110] began before it was Ready at 100 ⇒ unready, counted at 0 % in this
    // scale-up: 3.6 cores over 5 = 72 % ⇒ ceil(1.2 × 5) = 6.
    expect(hpa.reconcile(110, 5, [...[0.9, 0.9, 0.9, 0.9].map((u) => ready(u)), fresh], 110).desired).toBe(6);
    // At 115 its window is whole: it counts, and its 5 % pulls the mean to 73 %: ceil(73/60 × 5) = 7.
    expect(new HorizontalPodAutoscaler(base).reconcile(115, 5, [...[0.9, 0.9, 0.9, 0.9].map((u) => ready(u)), fresh], 115).desired).toBe(7);
  });
});

describe('HPA step from 40 % to 90 % at a 60 % target, sync by sync', () => {
  it('follows the formula, waits for the new pods, and scales down only after the 300 s window', () => {
    const hpa = new HorizontalPodAutoscaler(base);
    const cluster = new Cluster(4);
    const trace: Array<[number, number]> = [];
    // Demand 1.6 cores (4 pods at 40 %) until t = 60, 3.6 cores (90 % of 4) until t = 600, 1.6 again after.
    const demand = (t: number) => (t < 60 ? 1.6 : t < 600 ? 3.6 : 1.6);
    for (let t = 15; t <= 1200; t += 15) {
      const d = hpa.reconcile(t, cluster.pods.length, cluster.views(t, demand(t)), t);
      if (d.desired !== cluster.pods.length) trace.push([t, d.desired]);
      cluster.resize(t, d.desired);
    }
    // t = 15 … 45, 40 %: 40/60 = 0.667 wants ceil(2.67) = 3, but the first sync recorded the 4 it found
    //   (recordInitialRecommendation) and the 300 s down window keeps the highest: stay 4.
    // t = 60, the first sync after the step: 90 % ⇒ ceil(1.5 × 4) = 6 (the policy allows max(8, 8)).
    // t = 75: the 2 new pods are Pending (counted at 0 %): 0.9·4/6 = 60 % ⇒ ratio 1.0, stay 6.
    // t = 90: they are Ready since 80 but have no whole sample window yet (missing, ratio exactly 1): stay 6.
    // t ≥ 95: 3.6 cores over 6 ready pods = 60 %: stay 6.
    // t = 600: back to 1.6 cores: ⌊26.7⌋ = 26 % ⇒ ceil(0.433 × 6) = 3 wanted; the last recommendation of 6 was
    //   made at t = 585 and leaves the window (t − 300, t] at t = 885: the first scale-down, 6 → 3 in one step
    //   (100 % per 15 s). Then 1.6 cores over 3 = 53 %: ratio 0.883 wants ceil(2.65) = 3, stays.
    expect(trace).toEqual([
      [60, 6],
      [885, 3],
    ]);
  });

  it('the scale-up policies limit each 15 s period: max(100 %, 4 pods), or one pod a minute when configured', () => {
    // 2 pods at 100 % for a 10 % target want 20: the default allows max(2·2, 2 + 4) = 6 per period.
    const c10 = { ...base, target: 0.1 };
    const hpa = new HorizontalPodAutoscaler(c10);
    expect(hpa.reconcile(15, 2, [ready(1), ready(1)], 15)).toMatchObject({ desired: 6, metricReplicas: 20, limitedBy: 'ScaleUpLimit' });
    // Next period: from 6, max(12, 10) = 12 (the pods asked for are Pending: their 0 % would keep it at 6 …
    // so give it a full-busy cluster of 6 ready pods).
    expect(hpa.reconcile(30, 6, Array.from({ length: 6 }, () => ready(1)), 30)).toMatchObject({ desired: 12, limitedBy: 'ScaleUpLimit' });
    // One pod per 60 s: 2 → 3 at 15; at 30 and 45 the period still holds that +1; at 75 (> 15 + 60) another.
    const slow = new HorizontalPodAutoscaler({ ...c10, behavior: { ...c10.behavior, scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } } });
    const steps: number[] = [];
    let n = 2;
    for (let t = 15; t <= 90; t += 15) {
      n = slow.reconcile(t, n, Array.from({ length: n }, () => ready(1)), t).desired;
      steps.push(n);
    }
    expect(steps).toEqual([3, 3, 3, 3, 4, 4]);
  });

  it('maxReplicas caps the formula (TooManyReplicas) and minReplicas floors a scale-down', () => {
    const hpa = new HorizontalPodAutoscaler({ ...base, maxReplicas: 5 });
    expect(hpa.reconcile(15, 4, [0.9, 0.9, 0.9, 0.9].map((u) => ready(u)), 15)).toMatchObject({ desired: 5, limitedBy: 'TooManyReplicas' });
    const low = new HorizontalPodAutoscaler({ ...base, minReplicas: 3, behavior: { ...base.behavior, scaleDown: { ...base.behavior.scaleDown, stabilizationWindowSeconds: 0 } } });
    expect(low.reconcile(15, 4, [0.05, 0.05, 0.05, 0.05].map((u) => ready(u)), 15)).toMatchObject({ desired: 3, metricReplicas: 1, limitedBy: 'TooFewReplicas' });
  });
});
