/** Explain's words for sessions: why users lose them (by loss cause), why requests fail, and the losses found between events. */
import { LOSS_CAUSE_NAMES } from '../../model/recorder.js';
import type { FailureReasonName, LossCauseName } from '../../metrics/strategy-metrics.js';
import type { StrategyResult } from '../../experiment/run.js';
import type { SimulationResult } from '../../experiment/simulate.js';
import { listWords } from './words.js';

/** Why a user finds their session gone, by loss cause (names of DESIGN.md §4), in plain English. */
export const CAUSE_MEANING: Record<LossCauseName, string> = {
  'server-crash': 'their state was in the memory of a server that crashed or stopped',
  'affinity-broken': 'their request reached another server than the one holding their state (the IP hash moved them when the pool of servers changed, their IP changed, or they refuse cookies)',
  'store-loss': 'the session store lost their session (it restarted empty, evicted it, or lost it in a failover)',
  'premature-expiry': 'their session timed out while they were still active',
  'token-rejected': 'their token was refused (it expired and could not be refreshed, or was signed with a retired key), so they had to log in again',
};

/** Why a request fails, by failure reason, in plain English (a revoked token's 401 is not one: security.revokedTokenRejections). */
export const FAILURE_MEANING: Record<FailureReasonName, string> = {
  'server-dead': 'sent to a server that had died but that the health checks had not yet marked down; the balancer retried the same dead server until its retries ran out',
  'no-server': 'the balancer had no server marked up to send it to',
  'queue-full': "the server's queue was full, so it was turned away at once",
  'server-crashed': 'it was in service or queued on a server when that server crashed',
  'store-unavailable': 'it needed the session store, which could not be reached (fail-closed: no session, no answer)',
  'token-rejected': 'its token was refused (expired and not refreshed, signed with a retired key, or not yet valid by a server whose clock is behind)',
  'lock-timeout': 'it waited for the session lock (held by another request of the same user) longer than the lock wait allows',
  'store-out-of-memory': 'the store was full and refuses writes under noeviction ("OOM command not allowed")',
  'store-not-enough-replicas': 'the store refused the write (NOREPLICAS: no replica acknowledged within min-replicas-max-lag), or WAIT timed out without a replica confirming it',
  'write-conflict': 'its compare-and-set write kept meeting a concurrent write until the retries ran out',
  'cookie-too-large': 'the session no longer fits in a 4096-byte cookie',
  'token-service-unavailable': 'the user had to log in (or refresh) and the token service was down',
  'balancer-down': 'it was sent while no balancer owned the address, or its connection went through the balancer that died',
};

/** Sessions found lost per strategy within windows [from, to), by cause. */
function lossesBetween(s: StrategyResult, from: number, to: number): { total: number; byCause: Array<[string, number]> } {
  const byCause = new Map<string, number>();
  let total = 0;
  for (let k = from; k < to && k < s.timeline.lost.length; k++) {
    total += s.timeline.lost[k]!;
    const row = s.timeline.lostByCause?.[k] ?? [];
    row.forEach((n, c) => n > 0 && byCause.set(LOSS_CAUSE_NAMES[c] ?? `cause ${c}`, (byCause.get(LOSS_CAUSE_NAMES[c] ?? `cause ${c}`) ?? 0) + n));
  }
  return { total, byCause: [...byCause.entries()].sort((a, b) => b[1] - a[1]) };
}

export function lossSentence(result: SimulationResult, from: number, to: number): string | null {
  const rows = result.strategies.map((s) => ({ name: s.name, ...lossesBetween(s, from, to) }));
  if (rows.every((r) => r.total === 0)) return null;
  const lost = rows.filter((r) => r.total > 0).map((r) => {
    const causes = r.byCause.length === 1 ? `all ${r.byCause[0]![0]}` : r.byCause.map(([c, n]) => `${n} ${c}`).join(', ');
    return `${r.total} under ${r.name} (${causes})`;
  });
  const none = rows.filter((r) => r.total === 0).map((r) => r.name);
  return `users who came back to find their session gone: ${listWords(lost)}${none.length > 0 ? `; none under ${listWords(none)}` : ''}.`;
}
