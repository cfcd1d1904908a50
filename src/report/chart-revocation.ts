/**
 * Revocation over time, where sessions are revoked (clients.revocation: logout everywhere, a
 * ban): how many revoked tokens the servers would still accept (the revocation exposure
 * running: a JWT stays valid until it expires, RFC 7519 §4.1.4), the requests accepted with
 * one, and the requests a deny-list refused (the revocation working, not a failure). Server-
 * side sessions are revoked by deleting them and show nothing here, which is the point.
 */
import type { SimulationResult } from '../experiment/simulate.js';
import { formatDuration } from '../scenario/units.js';
import type { SeriesStyle } from './palette.js';
import { escapeXml, lineChart } from './svg.js';
import type { TimeAxis } from './chart-events.js';

const sum = (xs: readonly number[] | undefined) => (xs ?? []).reduce((a, b) => a + b, 0);

/** What hasRevocations reads: a single run, or one replication of a replicated run (its timeline kept). */
interface RevocationCounts {
  strategies: ReadonlyArray<{ metrics: { security: { revocations: number } }; timeline?: { revocations: readonly number[] } }>;
}

/** Whether the run revoked any session (then the report has a revocation section). */
export function hasRevocations(result: RevocationCounts): boolean {
  return result.strategies.some((s) => s.metrics.security.revocations > 0 || sum(s.timeline?.revocations) > 0);
}

export function revocationSection(result: SimulationResult, timeAxis: TimeAxis, styleOf: (name: string) => SeriesStyle): string {
  const { strategies, scenario } = result;
  const first = strategies[0];
  if (first === undefined || !hasRevocations(result)) return '';
  const window = first.timeline.window;
  const width = (k: number) => Math.max(1e-9, Math.min(window, scenario.duration - k * window));
  const mid = (k: number) => k * window + width(k) / 2;
  const fmt = (y: number) => String(+y.toPrecision(6));
  const usable = lineChart(
    strategies.map((s) => ({ name: s.name, ...styleOf(s.name), points: (s.timeline.revokedTokensUsable ?? []).map((n, k) => [mid(k), n] as [number, number]) })),
    { ...timeAxis, title: 'Revoked tokens the servers still accept', yLabel: 'revoked tokens usable', yFormat: fmt, height: 220 },
  );
  const accepted = lineChart(
    strategies.map((s) => ({ name: s.name, ...styleOf(s.name), points: (s.timeline.revokedTokenAcceptances ?? []).map((n, k) => [mid(k), n / width(k)] as [number, number]) })),
    { ...timeAxis, title: 'Requests accepted with a revoked token, per second', yLabel: 'accepted/s', yFormat: fmt, height: 200 },
  );
  const refusing = strategies.filter((s) => sum(s.timeline.revokedTokenRejections) > 0);
  const rejected =
    refusing.length === 0
      ? ''
      : `\n<figure class="revocation-rejections">${lineChart(
          refusing.map((s) => ({ name: s.name, ...styleOf(s.name), points: s.timeline.revokedTokenRejections.map((n, k) => [mid(k), n / width(k)] as [number, number]) })),
          { ...timeAxis, title: 'Requests refused because their token was revoked, per second', yLabel: 'refused/s', yFormat: fmt, height: 200 },
        )}<figcaption>A deny-list (or the authorisation server refusing a banned user's login) answering 401: the revocation working, counted apart from failed requests (security.revokedTokenRejections: ${escapeXml(refusing.map((s) => `${s.name} ${s.metrics.security.revokedTokenRejections}`).join(', '))} in the measurement window).</figcaption></figure>`;
  const revoked = sum(first.timeline.revocations);
  const exposure = strategies.map((s) => `${s.name} ${formatDuration(s.metrics.security.revocationExposure)}`).join(', ');
  const acceptances = strategies.map((s) => `${s.name} ${s.metrics.security.revokedTokenAcceptances}`).join(', ');
  return `<figure class="revocation-usable">${usable}<figcaption>Revoked sessions whose token the servers would still accept, time-averaged per ${escapeXml(formatDuration(window))} window: each revocation leaves its token usable until it expires (plus leeway and clock skew) unless a deny-list or the store refuses it. ${revoked} sessions revoked over the run; mean revocation exposure (the table's): ${escapeXml(exposure)}.</figcaption></figure>
<figure class="revocation-accepted">${accepted}<figcaption>Requests a server accepted with a revoked token, per second: the exposure in requests (security.revokedTokenAcceptances: ${escapeXml(acceptances)} in the measurement window).</figcaption></figure>${rejected}`;
}
