/**
 * Which servers a scale-in removes, as the real controllers choose:
 *
 *   newest        Kubernetes ReplicaSet downscale (controller.ActivePodsWithRanks): pods not yet
 *                 running first, then not ready, then the most recently ready, then the newest
 *   oldest        EC2 Auto Scaling `OldestInstance` termination policy
 *   closest-to-next-billing-hour
 *                 EC2 Auto Scaling `Default`: after balancing Availability Zones and preferring the
 *                 oldest launch template (one zone, one template here: no difference), the instance
 *                 closest to its next billing hour, i.e. with the largest (now − launch) mod 3600
 *   least-sessions fewest sessions on it (state in its memory plus users pinned to it): what a
 *                 `controller.kubernetes.io/pod-deletion-cost` kept equal to each pod's session
 *                 count, or an instance scale-in protection hook, achieves
 * Ties go to the highest slot number (the newest slot), so the choice is deterministic.
 */
import type { VictimPolicy } from './config.js';

export interface Candidate {
  server: number;
  booting: boolean;
  ready: boolean;
  launchedAt: number;
  readySince: number;
  /** Sessions on it (counted only when the policy asks: a pass over the active sessions). */
  sessions: () => number;
}

export function chooseVictims(policy: VictimPolicy, candidates: readonly Candidate[], count: number, now = 0): number[] {
  const keyed = candidates.map((c) => ({ c, key: keyOf(policy, c, now) }));
  keyed.sort((a, b) => compare(a.key, b.key) || b.c.server - a.c.server);
  return keyed.slice(0, Math.max(0, count)).map((k) => k.c.server);
}

/** Smaller keys go first. */
function keyOf(policy: VictimPolicy, c: Candidate, now: number): number[] {
  const notRunning = c.booting ? 0 : 1;
  switch (policy) {
    case 'newest':
      return [notRunning, c.ready ? 1 : 0, -c.readySince, -c.launchedAt];
    case 'oldest':
      return [c.launchedAt];
    case 'closest-to-next-billing-hour':
      return [-(((now - c.launchedAt) % 3600) + 3600) % 3600];
    case 'least-sessions':
      return [notRunning, c.booting ? 0 : c.sessions(), -c.launchedAt];
  }
}

function compare(a: number[], b: number[]): number {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k]! - b[k]!;
  return 0;
}
