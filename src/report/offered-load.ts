/**
 * The offered load over time beside the fleet, for the HTML report: new sessions per second
 * per window as measured (the same arrivals under every strategy: common random numbers) and
 * as the scenario asks for them (∫λ over the window ÷ its width, from clients.phases or
 * clients.profile), above the servers up per window (the fleet the load meets).
 */
import { expectedArrivals, rateSegments } from '../model/arrivals.js';
import type { SimulationConfig } from '../model/config.js';
import type { SimulationResult } from '../experiment/simulate.js';
import { formatDuration } from '../scenario/units.js';
import { escapeXml, lineChart } from './svg.js';
import { INK, OKABE_ITO, type SeriesStyle } from './palette.js';
import { actionTakenBy, scalingActions } from './scaling-actions.js';
import type { TimeAxis } from './chart-events.js';

/** The new sessions the scenario asks for per second, averaged over each window. */
export function askedRatePerWindow(config: SimulationConfig, windows: number, window: number): number[] {
  const curve = rateSegments(config.clients, config.duration);
  return Array.from({ length: windows }, (_, k) => {
    const from = k * window;
    const to = Math.min(config.duration, from + window);
    if (to <= from) return 0;
    return curve === null ? config.clients.arrivalRate : expectedArrivals(curve, from, to) / (to - from);
  });
}

export function offeredLoadSection(result: SimulationResult, config: SimulationConfig, timeAxis: TimeAxis, styleOf: (name: string) => SeriesStyle): string {
  const first = result.strategies[0];
  if (first === undefined) return '';
  const { window, arrivals } = first.timeline;
  const width = (k: number) => Math.max(1e-9, Math.min(window, config.duration - k * window));
  const mid = (k: number) => k * window + width(k) / 2;
  const asked = askedRatePerWindow(config, arrivals.length, window);
  const offered = lineChart(
    [
      // The same under every strategy, so in neutral inks (strategies own the colours).
      { name: 'new sessions/s (measured)', color: OKABE_ITO.black, marker: 'circle', points: arrivals.map((n, k) => [mid(k), n / width(k)] as [number, number]) },
      { name: 'asked for (∫λ per window)', color: INK.axis, dash: '7 3', points: asked.map((r, k) => [mid(k), r] as [number, number]), step: true },
    ],
    { ...timeAxis, title: 'Offered load: new sessions per second', yLabel: 'sessions/s', height: 200 },
  );
  // Servers up per window, as the first strategy saw them (crashes and scale events are the scenario's).
  const fleet = result.strategies.map((s) => ({
    name: s.name,
    ...styleOf(s.name),
    points: s.timeline.uptime.map((row, k) => [mid(k), row.reduce((a, b) => a + b, 0) / width(k)] as [number, number]),
    step: true,
  }));
  // The autoscaler's actions on the fleet they change: ▲ out / ▼ in with from→to (the arrow is
  // the cue besides the words; the full reason is each marker's tooltip and the actions table).
  const scaling = scalingActions(result.strategies, true).map((a) => {
    const out = a.to > a.from;
    return { x: a.at, label: `${out ? '▲' : '▼'} ${a.from}→${a.to}`, title: `t=${formatDuration(a.at)} autoscaler ${out ? 'scale-out' : 'scale-in'} ${a.from}→${a.to} servers (${actionTakenBy(a, result.strategies.length)}): ${a.why}` };
  });
  const servers = lineChart(fleet, { ...timeAxis, markers: [...(timeAxis.markers ?? []), ...scaling], title: 'Servers up', yLabel: 'servers (time-average)', height: 160 });
  // The busiest server's utilisation per window (what planners and autoscalers size for), per strategy.
  const busiest = result.strategies.map((s) => ({
    name: s.name,
    ...styleOf(s.name),
    points: s.timeline.utilization.map((row, k) => [mid(k), 100 * row.reduce((a, b) => Math.max(a, b), 0)] as [number, number]),
  }));
  const utilization = lineChart(busiest, { ...timeAxis, title: 'Busiest server: busy workers over workers', yLabel: '% busy', height: 180 });
  // Logins of users who lost their session (clients.onSessionLoss), when there were any.
  const loginUsers = result.strategies.map((s) => ({ s })).filter(({ s }) => (s.timeline.logins ?? []).some((n) => n > 0));
  // Where jwt's logins land: the token service issues one token per login, on top of new users' and refreshes.
  const tokenUsers = loginUsers.filter(({ s }) => (s.timeline.tokenServiceOps ?? []).some((n) => n > 0));
  const tokenStorm =
    tokenUsers.length === 0
      ? ''
      : `\n<figure class="token-service">${lineChart(
          tokenUsers.map(({ s }) => ({ name: s.name, ...styleOf(s.name), points: s.timeline.tokenServiceOps.map((n, k) => [mid(k), n / width(k)] as [number, number]) })),
          { ...timeAxis, title: 'Token service requests per second (logins and refreshes)', yLabel: 'requests/s', height: 180 },
        )}<figcaption>The token service during the storm: one token issue per login, on top of the new users' first logins and the refreshes.</figcaption></figure>`;
  const logins =
    loginUsers.length === 0
      ? ''
      : `\n<figure class="logins">${lineChart(
          loginUsers.map(({ s }) => ({ name: s.name, ...styleOf(s.name), points: s.timeline.logins.map((n, k) => [mid(k), n / width(k)] as [number, number]) })),
          { ...timeAxis, title: 'Logins of users who lost their session, per second', yLabel: 'logins/s', height: 180 },
        )}<figcaption>A login storm: every user who finds their session gone posts their password again (${escapeXml(loginUsers.map(({ s }) => `${s.name} ${s.metrics.relogins}`).join(', '))} in the measurement window); each login writes a new session (the session store's operations per second are drawn with the store).</figcaption></figure>${tokenStorm}`;
  const total = arrivals.reduce((a, b) => a + b, 0);
  const expected = asked.reduce((a, r, k) => a + r * width(k), 0);
  return `<figure class="offered">${offered}<figcaption>Sessions started per second in each ${escapeXml(formatDuration(window))} window (whole run, the same under every strategy), against the rate the scenario asks for: ${total} started, ${Math.round(expected)} expected (a Poisson count: ± ${Math.round(2 * Math.sqrt(expected))} at 95%).</figcaption></figure>
<figure class="fleet">${servers}<figcaption>Servers alive per window (time-average), per strategy${scaling.length === 0 ? '' : `; ▲ marks an autoscaler scale-out and ▼ a scale-in (from→to servers; ${scaling.length} actions, the reasons in each marker's tooltip)`}.</figcaption></figure>
<figure class="utilization">${utilization}<figcaption>The busiest server's utilisation in each window, per strategy: where sticky affinity keeps old servers hot while new ones idle, this line stays high after the fleet grows.</figcaption></figure>${logins}`;
}
