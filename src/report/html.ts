/**
 * The HTML report: one self-contained file (inline CSS and SVG, no script, no network) with
 * the comparison table and verdict, the story of the run, load per server over time per
 * strategy with the scenario's events marked, the latency CDF per strategy, sessions lost by
 * cause, and the session store's load over time. Deterministic: same results, same bytes.
 */
import { measuredWindow } from './measured.js';
import type { SimulationConfig } from '../model/config.js';
import { LOSS_CAUSE_NAMES } from '../model/recorder.js';
import { expandTimeline } from '../model/timeline.js';
import { formatDuration } from '../scenario/units.js';
import type { SimulationResult } from '../experiment/simulate.js';
import { adviceLines, storyLines } from './explain.js';
import { escapeXml, lineChart, stackedBars } from './svg.js';
import { percentileChart } from './chart-percentile.js';
import { requestsOverTimeSection } from './chart-requests.js';
import { hasRevocations, revocationSection } from './chart-revocation.js';
import { CATEGORY_FILLS, serverStyle, strategyStyles } from './palette.js';
import { offeredLoadSection } from './offered-load.js';
import { COLUMNS, detailColumnsFor, highlightOf, type Column } from './table.js';
import { serverPresence, serversThatExisted } from './server-presence.js';
import { eventListHtml, timeAxisFor } from './chart-events.js';
import { verdict } from './verdict.js';
import { sloHtml } from './slo.js';
import { costHtml, costRows } from './money.js';
import { comparisonTableHtml, marksKey, singleRunMarks } from './html-table.js';
import { reportPage } from './html-css.js';
import { scalingActionsHtml } from './scaling-actions.js';

/** Each loss cause keeps one hue-free fill (palette.ts): strategies own the colours. */
const causeFill = (cause: string) => CATEGORY_FILLS[Math.max(0, LOSS_CAUSE_NAMES.indexOf(cause as (typeof LOSS_CAUSE_NAMES)[number])) % CATEGORY_FILLS.length]!;

/** The comparison table of a single run: marks by the printed value (equal text is a tie). */
function table(result: SimulationResult, cols: readonly Column[]): string {
  const s = result.strategies;
  // Each name carries its chart style (colour and dash), so the table and the charts read together.
  const styles = strategyStyles(s.map((st) => st.name));
  const marks = cols.map((c) => singleRunMarks(s.map((st) => c.value(st)), s.map((st) => c.format(c.value(st), st)), c.lowerIsBetter));
  return comparisonTableHtml(
    cols.map((c) => ({ head: c.head, text: c.id === 'cause' })),
    s.map((st, r) => ({ name: st.name, style: styles.get(st.name)!, cells: cols.map((c, k) => ({ text: c.format(c.value(st), st), mark: marks[k]![r]! })) })),
  );
}

export function renderHtml(result: SimulationResult, config: SimulationConfig): string {
  const { scenario, strategies } = result;
  const first = strategies[0];
  const window = first?.timeline.window ?? 1;
  const events = expandTimeline(config.events);
  const timeAxis = timeAxisFor(scenario, events);
  // One style per strategy (colour, dash, marker), the same in every chart.
  const styles = strategyStyles(strategies.map((s) => s.name));
  const styleOf = (name: string) => styles.get(name)!;
  const mid = (k: number) => k * window + window / 2;
  const eventList = eventListHtml(events);

  // Load per server, one chart per strategy, on one y scale so they compare.
  let maxRate = 0;
  for (const s of strategies) for (const row of s.timeline.requests) for (const n of row) maxRate = Math.max(maxRate, n / window);
  const load = strategies
    .map((s) => {
      // A server that does not exist yet (or any more) leaves a gap, not a zero line; a down one is at zero.
      const presence = serverPresence(s.timeline.uptime, window, s.events);
      const series = serversThatExisted(presence).map((i) => ({
        name: `s${i}`,
        ...serverStyle(i),
        points: s.timeline.requests.map((row, k) => [mid(k), presence[k]![i] === 'absent' ? null : row[i]! / window] as [number, number | null]),
      }));
      const chart = lineChart(series, { ...timeAxis, title: `${s.name}: requests per second per server`, yLabel: 'requests/s', yMax: maxRate, height: 220 });
      return `<figure class="load" data-strategy="${escapeXml(s.name)}"><h3>${escapeXml(s.name)}</h3>${chart}<figcaption>Requests answered per second by each server (${formatDuration(window)} windows; servers in greys told apart by dash and marker; a gap: the server did not exist yet or any more); state ${escapeXml(s.stateLocation)}.</figcaption></figure>`;
    })
    .join('\n');

  // Latency by percentile on a log tail axis (HdrHistogram's plot): the tail is where strategies differ.
  const percentiles = percentileChart(strategies, styleOf);
  const p99s = strategies.map((s) => `${s.name} ${s.metrics.latency.p99} ms`).join(' · ');

  // Sessions lost by cause (the measurement window's figures, as in the table).
  const causes = LOSS_CAUSE_NAMES.filter((c) => strategies.some((s) => (s.metrics.lossByCause as Record<string, number>)[c]! > 0));
  const losses = stackedBars(
    strategies.map((s) => s.name),
    (causes.length > 0 ? causes : LOSS_CAUSE_NAMES.slice(0, 1)).map((c) => ({
      name: c,
      fill: causeFill(c),
      values: strategies.map((s) => (s.metrics.lossByCause as Record<string, number>)[c] ?? 0),
    })),
    { title: 'Sessions lost, by cause', xLabel: 'sessions lost (started after the warm-up)', categoryMarkers: strategies.map((s) => styleOf(s.name)) },
  );
  const lostOverTime = lineChart(
    strategies.map((s) => ({ name: s.name, ...styleOf(s.name), points: s.timeline.lost.map((n, k) => [mid(k), n] as [number, number]) })),
    { ...timeAxis, title: 'Sessions found lost over time', yLabel: `lost per ${formatDuration(window)}`, height: 200 },
  );

  // Store load over time, for the strategies that use a store.
  const storeUsers = strategies.map((s) => ({ s })).filter(({ s }) => s.metrics.store.ops > 0 || s.timeline.storeOps.some((n) => n > 0));
  const store =
    storeUsers.length === 0
      ? '<p>No strategy in this scenario uses the session store.</p>'
      : lineChart(
          storeUsers.map(({ s }) => ({ name: s.name, ...styleOf(s.name), points: s.timeline.storeOps.map((n, k) => [mid(k), n / window] as [number, number]) })),
          { ...timeAxis, title: 'Session store operations per second', yLabel: 'operations/s', height: 220 },
        ) + `<p>${storeUsers.map(({ s }) => `${escapeXml(s.name)}: peak ${s.metrics.store.peakOpsPerSecond} op/s in one second, mean wait in the store's queue ${s.metrics.store.meanQueueDelayMs.toFixed(3)} ms`).join('; ')}.</p>`;

  // The store, concurrency and token figures and the scenario's highlights, as under the terminal table.
  const details = detailColumnsFor(strategies, highlightOf(result), COLUMNS.slice(0, 10));
  const about = `${measuredWindow(scenario)} · seed ${scenario.seed} · session-sim ${scenario.version}`;
  return reportPage(scenario, about, `<section id="comparison">
<h2>Comparison</h2>
${table(result, COLUMNS.slice(0, 10))}
${details.length > 0 ? table(result, details) : ''}
${strategies.length > 1 ? marksKey() : ''}
<p class="verdict"><b>Verdict:</b> ${escapeXml(verdict(strategies))}</p>
</section>
${result.slo !== undefined && (result.slo.strategies[0]?.targets.length ?? 0) > 0 ? `${sloHtml(result.slo)}\n` : ''}${costRows(result.strategies).length > 0 ? `${costHtml(costRows(result.strategies))}\n` : ''}<section id="story">
<h2>What happened</h2>
<ol class="story">
${storyLines(result, config).map((l) => `<li>${escapeXml(l)}</li>`).join('\n')}
</ol>
<h3>What to look at, and why</h3>
<ul class="advice">
${adviceLines(result).map((l) => `<li>${escapeXml(l)}</li>`).join('\n')}
</ul>
</section>
<section id="offered">
<h2>Offered load and the fleet</h2>
${offeredLoadSection(result, config, timeAxis, styleOf)}
${scalingActionsHtml(result)}
</section>
<section id="load">
<h2>Load per server over time</h2>
${eventList}
${load}
</section>
<section id="latency">
<h2>Latency distribution</h2>
<figure class="percentiles">${percentiles}<figcaption>Response time of successful requests at each percentile (measurement window), on a log tail axis as HdrHistogram plots it: 90%, 99%, 99.9% and 99.99% are equally spaced, so the tail is readable. A lower curve is faster. p99 (the table's figure): ${escapeXml(p99s)}.</figcaption></figure>
</section>
<section id="over-time">
<h2>Failures and the tail over time</h2>
${requestsOverTimeSection(result, timeAxis, styleOf)}
</section>
${hasRevocations(result) ? `<section id="revocation">
<h2>Revocation over time</h2>
${revocationSection(result, timeAxis, styleOf)}
</section>
` : ''}<section id="losses">
<h2>Sessions lost, by cause</h2>
<figure>${losses}<figcaption>Sessions started after the warm-up whose state was lost at least once, by the cause of the first loss.</figcaption></figure>
<figure>${lostOverTime}<figcaption>Users who came back to find their session gone, per window (whole run).</figcaption></figure>
</section>
<section id="store">
<h2>Session store load over time</h2>
${eventList}
<figure>${store}</figure>
</section>`, 'The same scenario and seed give the same report.');
}
