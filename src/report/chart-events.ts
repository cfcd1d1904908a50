/**
 * The scenario's events on the report's time charts, and the time axis those charts share
 * (the single-run and the replicated report alike). Short labels ("1 crash s2"): the chart
 * staggers them into rows, so they must be short; the full wording is in each label's
 * tooltip and in the events list under the section heading.
 */
import type { TimelineEvent } from '../model/config.js';
import { formatDuration } from '../scenario/units.js';
import { escapeXml, timeTicks, type LineChartOptions, type Marker } from './svg.js';
import { eventLabel } from './timeline.js';

/** What every chart over time shares: the whole run on x, the warm-up shaded, the events marked. */
export type TimeAxis = Pick<LineChartOptions, 'xMax' | 'xTicks' | 'xLabel' | 'xFormat' | 'markers' | 'warmup'>;

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

/** The time axis of a run's charts, events numbered in the order of `events` (expandTimeline's). */
export function timeAxisFor(scenario: { duration: number; warmup: number }, events: readonly TimelineEvent[]): TimeAxis {
  const markers: Marker[] = events.map((e, i) => ({ x: e.at, label: `${i + 1} ${eventShortLabel(e)}`, title: `${i + 1}: t=${formatDuration(e.at)} ${eventLabel(e)}` }));
  return {
    xMax: scenario.duration,
    xTicks: timeTicks(scenario.duration),
    xLabel: 'simulated time (shaded: the warm-up, not measured)',
    xFormat: (x: number) => (x === 0 ? '0' : formatDuration(x).replace(/m00s$/, 'm')),
    markers,
    warmup: scenario.warmup,
  };
}

/** "Events: 1 t=5m00s server 2 crashes · …", the full wording of the charts' numbered markers ('' without events). */
export function eventListHtml(events: readonly TimelineEvent[]): string {
  return events.length === 0 ? '' : `<p class="events">Events: ${events.map((e, i) => `<b>${i + 1}</b> t=${escapeXml(formatDuration(e.at))} ${escapeXml(eventLabel(e))}`).join(' · ')}</p>`;
}
