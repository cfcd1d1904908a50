/**
 * login-storm teaches: users who lose their session log in again, all at once after a crash.
 * The numbers come from the scenario's own parameters: one of 3 servers (8 workers each)
 * crashes at 4m, each login costs 75 ms of server time, windows are 10 s.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { StrategyResult } from '../../src/experiment/run.js';
import { simulate } from '../../src/experiment/simulate.js';
import { loadScenario } from '../../src/scenario/load.js';
import { renderExplain } from '../../src/report/explain.js';
import { renderHtml } from '../../src/report/html.js';

const CRASH = 240;
const ROTATION = 420;
const LOGIN_SECONDS = 0.075;
const SURVIVOR_WORKERS = 2 * 8;

let r: Record<string, StrategyResult> = {};
beforeAll(() => {
  const result = simulate(loadScenario('login-storm'));
  expect(result.strategies.reduce((n, s) => n + s.stats.eventsProcessed, 0)).toBeLessThan(4_000_000);
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
    const storm = sum(s.timeline.logins, k, k + 3);
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
    expect(expected).toBeGreaterThan(0.08);
    // Same arrivals (common random numbers), routing differs a little: ± 0.04 of utilisation.
    expect(Math.abs(busy(sticky) - busy(redis) - expected)).toBeLessThan(0.04);
  });

  it('redis keeps every session in the store: nobody logs in again', () => {
    expect([r.redis!.metrics.lostSessions, r.redis!.metrics.relogins, sum(r.redis!.timeline.logins)]).toEqual([0, 0, 0]);
    expect(r.redis!.metrics.abandonedSessions).toBe(0);
  });

  it('jwt: the key rotation without overlap is its crash — the token service takes the logins together', () => {
    const s = r.jwt!;
    const w = s.timeline.window;
    const k = ROTATION / w;
    const before = sum(s.timeline.tokenServiceOps, k - 10, k) / 10;
    expect(s.timeline.tokenServiceOps[k]!).toBeGreaterThan(4 * before);
    expect(sum(s.timeline.logins, 0, k)).toBe(0);
    expect(sum(s.timeline.logins, k, k + 3)).toBeGreaterThan(0.8 * s.metrics.relogins);
    expect(s.metrics.relogins).toBeGreaterThan(0.8 * s.metrics.lostSessions);
  });
});

describe('login-storm in the reports', () => {
  it('explain counts the logins per strategy and when the storm peaked; the HTML report draws them', () => {
    const config = loadScenario('login-storm');
    const result = simulate(config);
    const text = renderExplain(result, config, { ascii: false, color: false, width: 80 }).replace(/\s+/g, ' ');
    const s = result.strategies.find((x) => x.name === 'sticky-cookie')!;
    expect(text).toContain(`Users who lost their session logged in again (each login one more request, 75ms of password check on a server, a token issue for jwt): ${s.metrics.relogins} under sticky-cookie (at most ${Math.max(...s.timeline.logins)} in the 10s from 4m`);
    expect(text).toContain('none under redis');
    const html = renderHtml(result, config);
    expect(html).toContain('Logins of users who lost their session, per second');
    expect(html).toContain(`sticky-cookie ${s.metrics.relogins}`);
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
