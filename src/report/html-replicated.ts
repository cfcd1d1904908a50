/**
 * The HTML report of a replicated run (`run --replications N --html FILE`): the comparison
 * table with every figure as mean ± the half-width of its 95% interval over the replications,
 * the best and worst cells marked only where a paired difference is significant, the paired
 * differences against the baseline, the targets, and charts over time where each strategy's
 * line is the per-window mean over the replications and its band the 95% interval of that
 * mean (Student t with n − 1 degrees of freedom, window by window).
 *
 * Deterministic: the replications are summarised in index order whatever --jobs ran them,
 * so the same scenario, seed, replication count and version give the same bytes.
 */
import { measuredWindow } from './measured.js';
import type { SimulationConfig } from '../model/config.js';
import { expandTimeline } from '../model/timeline.js';
import { meansOf, pairedDifference, type IntervalFigure } from '../metrics/aggregate.js';
import { metricAt } from '../metrics/metric-paths.js';
import type { StrategyMetrics, Timeline } from '../metrics/strategy-metrics.js';
import { windowBandsWithGaps } from '../metrics/window-bands.js';
import { formatDuration } from '../scenario/units.js';
import type { ReplicatedResult, ReplicatedStrategy } from '../experiment/replications.js';
import { reportPage } from './html-css.js';
import { columnMarks, comparisonTableHtml, marksKey, type Mark } from './html-table.js';
import { intervalStyle, kindOf } from './highlights.js';
import { asResult, differenceColumns, differenceLine, plusMinus, precisionLine } from './intervals.js';
import { costHtml, costRows } from './money.js';
import { sloHtml } from './slo.js';
import { escapeXml, lineChart, type Series } from './svg.js';
import { seriesStyle, type SeriesStyle } from './palette.js';
import { eventListHtml, timeAxisFor } from './chart-events.js';
import { replicatedPercentileChart } from './html-replicated-latency.js';
import { hasRevocations } from './chart-revocation.js';
import { COLUMNS, detailColumnsFor, highlightOf, type Column } from './table.js';
import { verdict } from './verdict.js';

/** A column of the replicated table: the single run's column, read from the intervals. */
interface IntervalColumn {
  id: string;
  head: string;
  /** The metric the column is judged by (its first path). */
  path: string;
  text: (s: ReplicatedStrategy) => string;
  lowerIsBetter: boolean | null;
  paths: readonly string[];
}

const figureAt = (s: ReplicatedStrategy, path: string): IntervalFigure => metricAt<IntervalFigure>(s.metrics, path) ?? { mean: 0, ci95: [0, 0], n: 0 };

/** "12.34% ±0.56" in the unit and decimals the terminal's interval table uses. */
function intervalText(s: ReplicatedStrategy, path: string): string {
  const f = figureAt(s, path);
  if (path === 'store.peakOpsPerSecond') return f.mean === 0 ? '-' : plusMinus(f, 1, 0);
  if (path === 'bandwidth.bytesPerRequest') return plusMinus(f, 1, 0);
  const st = intervalStyle(kindOf(path), path);
  return plusMinus(f, st.scale, st.decimals, st.suffix);
}

function intervalColumn(c: Column): IntervalColumn {
  const paths = c.paths ?? [c.id];
  // The worst and the last window's skew read together; any other column by its first metric.
  const shown = c.id === 'window-skew' ? paths : paths.slice(0, 1);
  const text =
    c.id === 'cause'
      ? (s: ReplicatedStrategy) => Object.entries(s.metrics.lossByCause).filter(([, v]) => v.mean > 0).sort((a, b) => b[1].mean - a[1].mean)[0]?.[0] ?? '-'
      : (s: ReplicatedStrategy) => shown.map((p) => intervalText(s, p)).join(' / ');
  return { id: c.id, head: c.head, path: paths[0]!, text, lowerIsBetter: c.id === 'cause' ? null : c.lowerIsBetter, paths };
}

/**
 * Marks of one column: order by the means, "apart" where the paired difference of the two
 * strategies over the same replications has a 95% interval that excludes 0.
 */
function significanceMarks(result: ReplicatedResult, c: IntervalColumn): Mark[] {
  const { strategies, runs } = result;
  if (c.lowerIsBetter === null) return strategies.map(() => '');
  const values = strategies.map((_, s) => runs.map((r) => metricAt<number>(r.strategies[s]!.metrics, c.path) ?? 0));
  const means = strategies.map((s) => figureAt(s, c.path).mean);
  const sign = c.lowerIsBetter ? 1 : -1;
  return columnMarks(strategies.length, (a, b) => sign * (means[a]! - means[b]!), (a, b) => pairedDifference(values[a]!, values[b]!).significant);
}

function intervalTable(result: ReplicatedResult, cols: readonly IntervalColumn[], style: (i: number) => SeriesStyle): string {
  const marks = cols.map((c) => significanceMarks(result, c));
  return comparisonTableHtml(
    cols.map((c) => ({ head: c.head, text: c.id === 'cause' })),
    result.strategies.map((s, r) => ({ name: s.name, style: style(r), cells: cols.map((c, k) => ({ text: c.text(s), mark: marks[k]![r]! })) })),
  );
}

/** One replicated series per strategy: replication r's value in window k. */
type WindowPick = (t: Timeline) => ReadonlyArray<number | null>;

function bandSeries(result: ReplicatedResult, pick: WindowPick, style: (i: number) => SeriesStyle, only?: (s: number) => boolean): Series[] {
  const out: Series[] = [];
  result.strategies.forEach((st, s) => {
    if (only !== undefined && !only(s)) return;
    const timelines = result.runs.map((r) => r.strategies[s]!.timeline);
    if (timelines.some((t) => t === undefined)) throw new Error('the replications were run without their timelines (replicate(..., { timelines: true }))');
    const window = timelines[0]!.window;
    const bands = windowBandsWithGaps(timelines.map((t) => pick(t!)));
    const mid = (k: number) => k * window + window / 2;
    out.push({
      name: st.name,
      ...style(s),
      points: bands.map((b, k) => [mid(k), b === null ? null : b.mean] as [number, number | null]),
      band: bands.map((b, k) => (b === null ? null : ([mid(k), b.lo, b.hi] as const))),
    });
  });
  return out;
}

export function renderReplicatedHtml(result: ReplicatedResult): string {
  const { scenario, strategies, replications } = result;
  const config: SimulationConfig = result.config;
  const n = replications.n;
  // A strategy keeps its place's colour, dash and marker in every chart and beside its name (palette.ts).
  const style = (i: number) => seriesStyle(i);

  // The table: the single run's ten classic columns and its detail block, chosen on the means.
  const means = strategies.map(asResult);
  const classic = COLUMNS.slice(0, 10);
  const columns = classic.map(intervalColumn);
  const details = detailColumnsFor(means, highlightOf(result), classic).map(intervalColumn);
  const intervals = new Map(strategies.map((s) => [s.name, s.metrics]));
  const verdictText = verdict(means, { intervals });

  // Charts over time: per-window mean over the replications, with its 95% band.
  const events = expandTimeline(config.events);
  const timeAxis = timeAxisFor(scenario, events);
  const window = result.runs[0]?.strategies[0]?.timeline?.window ?? 1;
  const per = formatDuration(window);
  const bandNote = `Line: the mean over the ${n} replications in each ${per} window; band: the 95% interval of that mean (Student t, ${n - 1} degrees of freedom).`;
  const chart = (id: string, title: string, yLabel: string, pick: WindowPick, caption: string, only?: (s: number) => boolean) =>
    `<figure class="banded" id="${id}">${lineChart(bandSeries(result, pick, style, only), { ...timeAxis, title, yLabel, height: 220 })}<figcaption>${escapeXml(`${caption} ${bandNote}`)}</figcaption></figure>`;
  const storeUsers = new Set(strategies.map((s, i) => ({ s, i })).filter(({ s }) => s.metrics.store.ops.mean > 0).map(({ i }) => i));
  const eventList = eventListHtml(events);
  const overTime = [
    eventList,
    chart('failed-over-time', 'Failed requests per second', 'failed/s', (t) => t.failed.map((x) => x / t.window), 'Requests that failed, per second, over the whole run (warm-up included).'),
    chart('p99-over-time', 'p99 response time per window', 'p99, ms', (t) => t.p99 ?? [], "The p99 of each window's successful requests, averaged over the replications that had any in that window (a gap: fewer than two did)."),
    chart('lost-over-time', 'Sessions found lost over time', `lost per ${per}`, (t) => t.lost, 'Users who came back to find their session gone, per window.'),
    chart('busiest-over-time', 'Busiest server: requests per second', 'requests/s', (t) => t.requests.map((row) => Math.max(0, ...row) / t.window), 'Requests answered per second by the busiest server of each window: the load skew over time.'),
    chart('active-over-time', 'Sessions in progress', 'sessions', (t) => t.activeSessions, 'Mean sessions in progress per window: the ramp of the warm-up and what events do to it.'),
    storeUsers.size === 0 ? '' : chart('store-over-time', 'Session store operations per second', 'operations/s', (t) => t.storeOps.map((x) => x / t.window), 'Store operations per second, for the strategies that use the store.', (s) => storeUsers.has(s)),
  ].join('\n');

  // Revocation over time, only where a replication revoked sessions (chart-revocation.ts draws the single run's).
  const sum = (xs: readonly number[] | undefined) => (xs ?? []).reduce((a, b) => a + b, 0);
  const refusing = new Set(strategies.map((_, i) => i).filter((i) => result.runs.some((r) => sum(r.strategies[i]!.timeline?.revokedTokenRejections) > 0)));
  // The table's figures (mean ± half-width) the captions quote, per strategy.
  const figures = (path: string, unit = '', only: (s: number) => boolean = () => true) =>
    strategies.filter((_, i) => only(i)).map((s) => `${s.name} ${intervalText(s, path)}${unit}`).join(', ');
  const revocation = !result.runs.some(hasRevocations)
    ? ''
    : [
        chart('revocation-usable', 'Revoked tokens the servers still accept', 'revoked tokens usable', (t) => t.revokedTokensUsable ?? [], `Revoked sessions whose token the servers would still accept, time-averaged per window: each revocation leaves its token usable until it expires (plus leeway and clock skew) unless a deny-list or the store refuses it. Mean revocation exposure (the table's): ${figures('security.revocationExposure', ' s')}.`),
        chart('revocation-accepted', 'Requests accepted with a revoked token, per second', 'accepted/s', (t) => t.revokedTokenAcceptances.map((x) => x / t.window), `Requests a server accepted with a revoked token, per second: the exposure in requests (security.revokedTokenAcceptances in the measurement window: ${figures('security.revokedTokenAcceptances')}).`),
        refusing.size === 0 ? '' : chart('revocation-rejections', 'Requests refused because their token was revoked, per second', 'refused/s', (t) => t.revokedTokenRejections.map((x) => x / t.window), `A deny-list (or the authorisation server refusing a banned user's login) answering 401: the revocation working, counted apart from failed requests (security.revokedTokenRejections in the measurement window: ${figures('security.revokedTokenRejections', '', (i) => refusing.has(i))}).`, (s) => refusing.has(s)),
      ].join('\n');

  const about = `${measuredWindow(scenario)} · seed ${scenario.seed} · ${n} replications (mean ± 95% CI half-width) · session-sim ${scenario.version}`;
  const slo = result.slo !== undefined && (result.slo.strategies[0]?.targets.length ?? 0) > 0 ? `${sloHtml(result.slo)}\n` : '';
  const cost = costRows(strategies.map((s) => ({ name: s.name, metrics: meansOf<StrategyMetrics>(s.metrics) })));
  const differing = differenceColumns(result);
  const diffs = result.differences.map((d) => `<li>${escapeXml(differenceLine(d, differing))}</li>`);
  return reportPage(
    scenario,
    about,
    `<section id="comparison">
<h2>Comparison (${n} replications)</h2>
${intervalTable(result, columns, style)}
${details.length > 0 ? intervalTable(result, details, style) : ''}
${strategies.length > 1 ? marksKey(n) : ''}
<p class="verdict"><b>Verdict (means):</b> ${escapeXml(verdictText)}</p>
${diffs.length > 0 ? `<h3>Paired differences (same replications, 95% CI)</h3>\n<ul class="differences">\n${diffs.join('\n')}\n</ul>` : ''}
${replications.precision === null ? '' : `<p>${escapeXml(precisionLine(replications.precision))}</p>`}
</section>
${slo}${cost.length > 0 ? `${costHtml(cost)}\n<p class="key">Cost: the means over the replications.</p>\n` : ''}<section id="latency">
<h2>Latency distribution, across the replications</h2>
<figure class="banded percentiles">${replicatedPercentileChart(result, style)}<figcaption>${escapeXml(`Response time of successful requests at each percentile (measurement window), on the log tail axis HdrHistogram uses. Line: at each percentile, the mean over the ${n} replications of that replication's quantile; band: the 95% interval of that mean. Pooled over all replications' requests, p99 is ${strategies.map((s) => `${s.name} ${s.pooledLatency.p99} ms`).join(' · ')}.`)}</figcaption></figure>
</section>
<section id="over-time">
<h2>Over time, across the replications</h2>
${overTime}
</section>${revocation === '' ? '' : `
<section id="revocation">
<h2>Revocation over time, across the replications</h2>
${revocation}
</section>`}`,
    'The same scenario, seed and number of replications give the same report, whatever --jobs.',
  );
}
