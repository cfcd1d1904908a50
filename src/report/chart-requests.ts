/**
 * Requests over time, per strategy, as k6's web dashboard and Gatling's report draw them:
 * failed requests per second (`timeline.failed`) and the p99 of each window's successful
 * requests (`timeline.p99`), the scenario's events and the warm-up on the same time axis as
 * every other time chart of the report.
 */
import type { SimulationResult } from '../experiment/simulate.js';
import { formatDuration } from '../scenario/units.js';
import type { SeriesStyle } from './palette.js';
import { escapeXml, lineChart } from './svg.js';
import type { TimeAxis } from './chart-events.js';

export function requestsOverTimeSection(result: SimulationResult, timeAxis: TimeAxis, styleOf: (name: string) => SeriesStyle): string {
  const { strategies, scenario } = result;
  const first = strategies[0];
  if (first === undefined) return '';
  const window = first.timeline.window;
  const width = (k: number) => Math.max(1e-9, Math.min(window, scenario.duration - k * window));
  const mid = (k: number) => k * window + width(k) / 2;
  const failed = lineChart(
    strategies.map((s) => ({ name: s.name, ...styleOf(s.name), points: s.timeline.failed.map((n, k) => [mid(k), n / width(k)] as [number, number]) })),
    { ...timeAxis, title: 'Failed requests per second', yLabel: 'failed requests/s', yFormat: (y) => String(+y.toPrecision(6)), height: 200 },
  );
  const p99 = lineChart(
    strategies.map((s) => ({ name: s.name, ...styleOf(s.name), points: (s.timeline.p99 ?? []).map((ms, k) => [mid(k), ms] as [number, number | null]) })),
    { ...timeAxis, title: 'p99 response time per window', yLabel: 'p99, ms', yFormat: (y) => String(+y.toPrecision(6)), height: 220 },
  );
  const totals = strategies.map((s) => `${s.name} ${s.metrics.failedRequests}`).join(', ');
  const p99s = strategies.map((s) => `${s.name} ${s.metrics.latency.p99} ms`).join(', ');
  return `<figure class="failed-over-time">${failed}<figcaption>Requests that failed, per second in each ${escapeXml(formatDuration(window))} window (whole run; a revoked token refused by a deny-list is not a failure). In the measurement window: ${escapeXml(totals)} failed.</figcaption></figure>
<figure class="p99-over-time">${p99}<figcaption>The p99 of each window's successful requests (a histogram per window, within 2 %): where a crash, a failover or a deploy makes the tail worse, and for how long. A gap is a window where nothing succeeded. Over the measurement window (the table's p99): ${escapeXml(p99s)}.</figcaption></figure>`;
}
