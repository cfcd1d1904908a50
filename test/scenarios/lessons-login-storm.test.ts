/**
 * login-storm teaches: users who lose their session log in again, all at once after a crash —
 * the crash of wherever their session lives. The numbers come from the scenario's own
 * parameters: one of 3 servers (8 workers each) crashes at 8m, the Redis node crashes at 11m and
 * restarts empty 30 s later, each login costs 75 ms of server time, windows are 15 s (the run is
 * 15 min: its 5 min warm-up, issue 13), so 30 s is two windows and every event starts one.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { StrategyResult } from '../../src/experiment/run.js';
import { simulate } from '../../src/experiment/simulate.js';
import { loadScenario } from '../../src/scenario/load.js';
import { renderExplain } from '../../src/report/explain.js';
import { renderHtml } from '../../src/report/html.js';
import { renderTimeline } from '../../src/report/timeline.js';

const CRASH = 480;
const STORE_BACK = 690;
const WINDOW = 15;
/** Windows in 30 s. */
const HALF_MINUTE = 30 / WINDOW;
const LOGIN_SECONDS = 0.075;
const SURVIVOR_WORKERS = 2 * 8;

let r: Record<string, StrategyResult> = {};
let result: ReturnType<typeof simulate>;
beforeAll(() => {
  result = simulate(loadScenario('login-storm'));
  // A lesson, not a soak: 15 min at 20 sessions/s over three strategies is ≈ 4.4 M events (4 M was
  // the bound at 10 min; the warm-up of 3 visit lengths added 5 min).
  expect(result.strategies.reduce((n, s) => n + s.stats.eventsProcessed, 0)).toBeLessThan(5_000_000);
  expect(result.strategies[0]!.timeline.window).toBe(WINDOW);
  r = Object.fromEntries(result.strategies.map((s) => [s.name, s]));
});

const sum = (xs: number[], from = 0, to = xs.length) => xs.slice(from, to).reduce((a, b) => a + b, 0);

describe('login-storm: a crash sends the dead server’s users back to the login page at once', () => {
  it('sticky-cookie: no login before the crash, nearly every pinned user logs in again within 30 s of it', () => {
    const s = r['sticky-cookie']!;
    const w = s.timeline.window;
    const k = CRASH / w;
    const pinned = s.events.find((e) => e.type === 'server-crash')!.details.sessionsPinnedToServer as number;
    expect(sum(s.timeline.logins, 0, k)).toBe(0);
    const storm = sum(s.timeline.logins, k, k + HALF_MINUTE);
    // Users on their last page (1 in 20 with a geometric mean of 20 requests) or whose requests to
    // the dead server ran out first do not log in; everyone else does, at their next click.
    expect(storm).toBeGreaterThan(0.85 * pinned);
    expect(s.metrics.relogins).toBeLessThanOrEqual(pinned);
    expect(storm / s.metrics.relogins).toBeGreaterThan(0.9);
  });

  it('the survivors carry the logins: their utilisation exceeds redis’s by the logins’ 75 ms each', () => {
    const sticky = r['sticky-cookie']!;
    const redis = r.redis!;
    const w = sticky.timeline.window;
    const k = CRASH / w + 1;
    const busy = (s: StrategyResult) => (s.timeline.utilization[k]![1]! + s.timeline.utilization[k]![2]!) / 2;
    const expected = (sticky.timeline.logins[k]! * LOGIN_SECONDS) / (w * SURVIVOR_WORKERS);
    // The window after the crash's (detection over: both route to the survivors only). The effect
    // is at least twice the tolerance, so logins that cost nothing would fail the test.
    const tolerance = 0.035;
    expect(expected).toBeGreaterThan(2 * tolerance);
    // Same arrivals (common random numbers), routing differs a little: ± 0.035 of utilisation.
    expect(Math.abs(busy(sticky) - busy(redis) - expected)).toBeLessThan(tolerance);
  });

  it('the server crash costs redis and jwt nothing: no login before their store comes back', () => {
    for (const name of ['redis', 'jwt']) {
      const s = r[name]!;
      expect(sum(s.timeline.logins, 0, STORE_BACK / s.timeline.window)).toBe(0);
      expect(s.metrics.lossByCause['server-crash']).toBe(0);
    }
  });
});

describe('login-storm: the store restarts empty — the storm lands on the store and the token service', () => {
  it('redis and jwt: the store’s users log in again within 30 s of its return; sticky-cookie never touches it', () => {
    for (const name of ['redis', 'jwt']) {
      const s = r[name]!;
      const k = STORE_BACK / s.timeline.window;
      // Who logs in: the users active at the crash still there when it is back. Remaining requests
      // are geometric (memoryless, mean 20) with exponential 5 s thinks, so a remaining lifetime is
      // exponential with mean ≈ 20 × 5 s: e^(−30/100) of them outlast the 30 s outage, and 19 in 20
      // of those have a page left to log in for. Binomial, ± 4 sd.
      const active = s.events.find((e) => e.type === 'store-crash')!.details.activeSessions as number;
      const p = Math.exp(-30 / 100) * (19 / 20);
      expect(Math.abs(s.metrics.relogins - active * p)).toBeLessThan(4 * Math.sqrt(active * p * (1 - p)));
      expect(sum(s.timeline.logins, k, k + HALF_MINUTE) / s.metrics.relogins).toBeGreaterThan(0.9);
    }
    const sticky = r['sticky-cookie']!;
    expect(sum(sticky.timeline.logins, 660 / sticky.timeline.window)).toBe(0);
    expect(sum(sticky.timeline.storeOps)).toBe(0);
  });

  it('jwt: the token service takes one token issue per login, on top of the new users’ first logins', () => {
    const s = r.jwt!;
    const t = s.timeline;
    const k = STORE_BACK / t.window;
    // Every new session logs in at its first request and a session lives ≈ 100 s ≪ accessTtl 15m
    // (no refreshes): outside the crashes a window's token requests are its arrivals, exactly.
    for (let j = k; j < k + 2 * HALF_MINUTE; j++) expect(Math.abs(t.tokenServiceOps[j]! - t.arrivals[j]! - t.logins[j]!)).toBeLessThanOrEqual(3);
    const usual = [...t.tokenServiceOps].sort((a, b) => a - b)[t.tokenServiceOps.length >> 1]!;
    expect(t.tokenServiceOps[k]!).toBeGreaterThan(4 * usual);
  });

  it('the store: each login is a GET and a SET more than the same users carrying on (onSessionLoss continue)', () => {
    const base = loadScenario('login-storm');
    const cont = simulate({ ...base, clients: { ...base.clients, onSessionLoss: 'continue' } });
    for (const name of ['redis', 'jwt']) {
      const s = r[name]!;
      const c = cont.strategies.find((x) => x.name === name)!;
      const k = STORE_BACK / s.timeline.window;
      const extra = sum(s.timeline.storeOps, k, k + 2 * HALF_MINUTE) - sum(c.timeline.storeOps, k, k + 2 * HALF_MINUTE);
      const logins = sum(s.timeline.logins, k, k + 2 * HALF_MINUTE);
      // Common random numbers: the same users, the same requests, plus the logins. The 3% is
      // the login's shift (75 ms and two round trips) of a user's later requests past the edge.
      expect(Math.abs(extra - 2 * logins)).toBeLessThan(0.03 * 2 * logins);
      expect(c.metrics.relogins).toBe(0);
      // Carrying on, jwt's token service sees only the new users' first logins.
      if (name === 'jwt') expect(sum(c.timeline.tokenServiceOps, k, k + 2 * HALF_MINUTE)).toBe(sum(c.timeline.arrivals, k, k + 2 * HALF_MINUTE));
    }
  });
});

describe('login-storm in the reports', () => {
  it('explain counts the logins per strategy, when the storm peaked and what the token service and the store took then', () => {
    const config = loadScenario('login-storm');
    const text = renderExplain(result, config, { ascii: false, color: false, width: 80 }).replace(/\s+/g, ' ');
    const s = r['sticky-cookie']!;
    expect(text).toContain(`Users who lost their session logged in again (each login one more request, 75ms of password check on a server that writes the new session, a token issue for jwt): ${s.metrics.relogins} under sticky-cookie (at most ${Math.max(...s.timeline.logins)} in the 15s from 8m`);
    const j = r.jwt!.timeline;
    const k = STORE_BACK / j.window;
    expect(Math.max(...j.logins)).toBe(j.logins[k]);
    expect(text).toContain(`under jwt (at most ${j.logins[k]} in the 15s from 11m30s, when the token service took ${j.tokenServiceOps[k]} requests against a median of `);
    expect(text).toContain(`and the store ${j.storeOps[k]} operations against a median of `);
    expect(text).toContain(`under redis (at most ${r.redis!.timeline.logins[k]} in the 15s from 11m30s, when the store took ${r.redis!.timeline.storeOps[k]} operations`);
  });

  it('the HTML report draws the logins and the token service; the timeline gives each storm its strips', () => {
    const config = loadScenario('login-storm');
    const html = renderHtml(result, config);
    expect(html).toContain('Logins of users who lost their session, per second');
    expect(html).toContain(`sticky-cookie ${r['sticky-cookie']!.metrics.relogins}`);
    expect(html).toContain('Token service requests per second (logins and refreshes)');
    const lines = renderTimeline(result, config.events, { ascii: true, color: false }).split('\n');
    const block = (name: string) => {
      const from = lines.findIndex((l) => l.startsWith(`${name}  (state`));
      const to = lines.findIndex((l, i) => i > from && (l.includes('  (state') || l.trim().startsWith('+')));
      return lines.slice(from, to).map((l) => l.slice(0, 5).trim());
    };
    expect(block('sticky-cookie')).toEqual(['stick', 's0', 's1', 's2', 'lost', 'login']);
    expect(block('redis')).toEqual(['redis', 's0', 's1', 's2', 'lost', 'login', 'store']);
    expect(block('jwt')).toEqual(['jwt', 's0', 's1', 's2', 'lost', 'login', 'token', 'store']);
    // The storm's window is the darkest cell of jwt's token strip (ASCII '@' = the most of any strategy).
    const token = lines.find((l, i) => l.startsWith('token') && i > lines.findIndex((x) => x.startsWith('jwt  (state')))!;
    expect(token.indexOf('@') - 7).toBe(STORE_BACK / r.jwt!.timeline.window);
  });
});

describe('onSessionLoss changes only what it says', () => {
  it('continue: no logins; abandon: fewer requests, the leavers counted, the rest log in', () => {
    const base = loadScenario('login-storm');
    const pick = (c: typeof base) => ({ ...c, strategies: c.strategies.filter((s) => s.name === 'sticky-cookie') });
    const cont = simulate(pick({ ...base, clients: { ...base.clients, onSessionLoss: 'continue' } })).strategies[0]!;
    const relogin = simulate(pick(base)).strategies[0]!;
    const abandon = simulate(pick({ ...base, clients: { ...base.clients, onSessionLoss: 'abandon' } })).strategies[0]!;
    expect([cont.metrics.relogins, cont.metrics.abandonedSessions]).toEqual([0, 0]);
    // The same users lose their session whatever they do next (common random numbers up to the loss).
    expect(relogin.metrics.lostSessions).toBe(cont.metrics.lostSessions);
    expect(relogin.metrics.requests - cont.metrics.requests).toBeGreaterThan(0.9 * relogin.metrics.relogins);
    // Abandon with p = 0.25: of those who decide, a quarter leave (binomial, ± 4 sd).
    const decided = abandon.metrics.relogins + abandon.metrics.abandonedSessions;
    const p = abandon.metrics.abandonedSessions / decided;
    expect(Math.abs(p - 0.25)).toBeLessThan(4 * Math.sqrt((0.25 * 0.75) / decided));
    expect(abandon.metrics.requests).toBeLessThan(cont.metrics.requests);
  });
});
