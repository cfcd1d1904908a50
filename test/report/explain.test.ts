/**
 * `explain`'s story: deterministic, in time order, its numbers those of the event records and
 * the timeline, and graceful with event types it has never heard of.
 */
import { describe, expect, it } from 'vitest';
import { adviceLines, renderExplain, storyLines } from '../../src/report/explain.js';
import { loadScenario } from '../../src/scenario/load.js';
import { simulate, type SimulationResult } from '../../src/strategies/simulate.js';

const config = loadScenario('server-crash');
const result = simulate(config);
const details = (strategy: string, type: string) => result.strategies.find((s) => s.name === strategy)!.events.find((e) => e.type === type)!.details;

describe('storyLines (server-crash)', () => {
  const story = storyLines(result, config);

  it('tells the crash, the detection, the recovery and the return, in time order', () => {
    expect(story.map((l) => l.split('  ')[0])).toEqual(['t=5m00s', 't=5m06s', 't=7m00s', 't=7m04s', expect.stringMatching(/^From t=5m00s to the end,/)]);
  });

  it('says how many sessions each strategy had on the crashed server, from the event records', () => {
    const crash = details('sticky-cookie', 'server-crash');
    expect(story[0]).toContain(`server s2 crashed with ${crash.activeSessions} sessions in progress`);
    expect(story[0]).toContain(`${crash.sessionsWithStateOnServer} under sticky-cookie and ${details('sticky-ip', 'server-crash').sessionsWithStateOnServer} under sticky-ip`);
    expect(story[0]).toContain('under redis and jwt the state lives elsewhere');
  });

  it('says when health checks marked it down and how many requests failed meanwhile under each strategy', () => {
    const failed = (n: string) => details(n, 'server-marked-down').requestsFailedBeforeDetection;
    expect(story[1]).toContain(`${details('jwt', 'server-marked-down').detectionSeconds}s after it crashed (they need 3 failed checks in a row, 2s apart)`);
    expect(story[1]).toContain(`${failed('sticky-cookie')} under sticky-cookie, ${failed('sticky-ip')} under sticky-ip, ${failed('redis')} under redis and ${failed('jwt')} under jwt`);
  });

  it('counts the losses after the crash per strategy and cause, from the timeline', () => {
    const lost = (n: string) => result.strategies.find((s) => s.name === n)!.timeline.lost.reduce((a, b) => a + b, 0);
    expect(story[4]).toContain(`${lost('sticky-cookie')} under sticky-cookie (all server-crash)`);
    expect(story[4]).toMatch(new RegExp(`${lost('sticky-ip')} under sticky-ip \\(\\d+ affinity-broken, \\d+ server-crash\\)`));
    expect(story[4]).toContain('none under redis and jwt');
  });

  it('advises on losses, failures, balance, latency and cost', () => {
    const advice = adviceLines(result);
    expect(advice.map((a) => a.split(':')[0])).toEqual(['Lost sessions', 'Failed requests', 'Balance', 'Latency', 'Cost']);
    expect(advice[0]).toContain('sticky-ip lost 14.6%');
  });
});

describe('renderExplain', () => {
  it('is deterministic and ordered: description, setup, story, table, advice', () => {
    const a = renderExplain(result, config, { color: false });
    expect(renderExplain(simulate(config), config, { color: false })).toBe(a);
    const order = ['Server crash at peak', 'The setup:', 'What happened, in time order:', 'The comparison:', 'What to look at, and why:'].map((h) => a.indexOf(h));
    expect(order.every((p, i) => p >= 0 && (i === 0 || p > order[i - 1]!))).toBe(true);
    expect(Math.max(...a.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(80);
  });

  it('narrates an event type it does not know with a generic sentence from its details', () => {
    const extra: SimulationResult = {
      ...result,
      strategies: result.strategies.map((s, i) => ({
        ...s,
        events: [...s.events, { at: 600, type: 'server-drain', details: { server: 1, drainedSessions: i < 2 ? 40 : 0, deregistrationDelaySeconds: 300 } }],
      })),
    };
    const line = storyLines(extra, config).find((l) => l.startsWith('t=10m00s'))!;
    expect(line).toBe('t=10m00s  server-drain on s1: drained sessions 40, deregistration delay seconds 300 under sticky-cookie and sticky-ip; drained sessions 0, deregistration delay seconds 300 under redis and jwt.');
  });

  it('a scenario without events says so', () => {
    const c = loadScenario('nat-heavy');
    expect(storyLines(simulate(c), c)[0]).toBe('No failure events: this scenario is about steady state.');
  });
});
