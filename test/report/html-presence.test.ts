/**
 * The HTML load charts draw only servers that exist: a server not launched yet (or removed)
 * leaves a gap, not a zero line, so an autoscaler's later servers do not "coincide" with
 * each other at zero; a crashed server that still exists is drawn at zero.
 */
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { serverPresence } from '../../src/report/server-presence.js';
import { loadScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/experiment/simulate.js';

const config = loadScenario('server-crash');
config.duration = 360;
config.warmup = 30;
config.events = [
  { at: 60, type: 'server-crash', server: 1, downFor: 30 },
  { at: 120, type: 'scale-out', count: 1, weight: 1 },
  { at: 240, type: 'scale-in', count: 1, drain: 0 },
];
config.strategies = config.strategies.slice(2, 3);
const result = simulate(config);
const html = renderHtml(result, config);
const load = html.slice(html.indexOf('<section id="load">'), html.indexOf('</section>', html.indexOf('<section id="load">')));
const pathOf = (name: string) => load.match(new RegExp(`<path class="series" data-series="${name}" d="([^"]*)"`))?.[1] ?? '';

describe('server presence in the report', () => {
  const s = result.strategies[0]!;
  const presence = serverPresence(s.timeline.uptime, s.timeline.window, s.events);

  it('tells a crashed server (down) from one not launched yet or removed (absent)', () => {
    const k = (t: number) => Math.floor(t / s.timeline.window);
    expect(presence[k(70)]![1]).toBe('down');
    expect(presence[k(60)]![4]).toBe('absent');
    expect(presence[k(180)]![4]).toBe('up');
    const removed = s.events.find((e) => e.type === 'server-removed')!.details.server as number;
    expect(presence[k(300)]![removed]).toBe('absent');
  });

  it('starts the new server\'s line at its launch (a gap before), and ends a removed one\'s', () => {
    const d = pathOf('s4');
    expect(d).not.toBe('');
    // One pen-down (M) per stretch of existence: s4 exists from 2m until it is removed at 4m.
    expect(d.match(/M/g)).toHaveLength(1);
    const xs = [...d.matchAll(/[ML]([\d.]+) /g)].map((m) => Number(m[1]));
    const s0 = [...pathOf('s0').matchAll(/[ML]([\d.]+) /g)].map((m) => Number(m[1]));
    expect(xs[0]!).toBeGreaterThan(s0[0]!);
    expect(xs[xs.length - 1]!).toBeLessThan(s0[s0.length - 1]!);
    // The crashed s1 is a line at zero through its outage, not a gap.
    expect(pathOf('s1').match(/M/g)).toHaveLength(1);
  });

  it('notes no coincidence of servers that were not there', () => {
    expect(load).not.toMatch(/coincide/);
  });
});
