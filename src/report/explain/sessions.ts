/** Explain's words for sessions: why users lose them (by loss cause), why requests fail, and the losses found between events. */
import { LOSS_CAUSE_NAMES } from '../../model/recorder.js';
import type { StrategyResult } from '../../experiment/run.js';
import type { SimulationResult } from '../../experiment/simulate.js';
import { listWords } from './words.js';

/** Why a user finds their session gone, by loss cause (names of DESIGN.md §4). */
export const CAUSE_MEANING: Record<string, string> = {
  'server-crash': 'their state was in the memory of a server that crashed',
  'affinity-broken': 'their request reached another server than the one holding their state (the IP hash moved them when the pool of servers changed, their IP changed, or they refuse cookies)',
  'store-loss': 'the session store lost their session (it restarted empty, evicted it, or lost it in a failover)',
  'premature-expiry': 'their session timed out while they were still active',
  'token-rejected': 'their token was rejected (expired without a refresh, or signed with a retired key)',
};

/** Why a request fails, by failure reason. */
export const FAILURE_MEANING: Record<string, string> = {
  'server-dead': 'sent to a dead server that the health checks had not yet marked down',
  'no-server': 'no server was marked up',
  'queue-full': 'the server\'s queue was full',
  'server-crashed': 'in service or queued on a server when it crashed',
  'store-unavailable': 'the session store could not be reached (fail-closed)',
  'token-rejected': 'the token was rejected',
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
