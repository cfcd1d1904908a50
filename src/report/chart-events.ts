/**
 * Short labels for the scenario's events on the report's time charts ("1 crash s2"): the
 * chart staggers them into rows, so they must be short; the full wording is in each label's
 * tooltip and in the events list under the section heading.
 */
import type { TimelineEvent } from '../model/config.js';

const SHORT: Partial<Record<TimelineEvent['type'], string>> = {
  'server-crash': 'crash',
  'server-recover': 'recover',
  'store-outage': 'store down',
  'store-recover': 'store up',
  'store-crash': 'store crash',
  'store-failover': 'failover',
  'store-partition': 'partition',
  'key-rotation': 'key rotation',
  'token-service-outage': 'token svc down',
  'token-service-recover': 'token svc up',
  'rolling-restart': 'rolling restart',
  'lb-failover': 'LB failover',
  'server-drain': 'drain',
};

export function eventShortLabel(e: TimelineEvent): string {
  const rec = e as unknown as Record<string, unknown>;
  const name = SHORT[e.type] ?? e.type;
  if (typeof rec.server === 'number') return `${name} s${rec.server}`;
  if (typeof rec.node === 'number') return `${name} n${rec.node}`;
  if (typeof rec.count === 'number') return `${name} ${e.type === 'scale-in' ? '−' : '+'}${rec.count}`;
  return name;
}
