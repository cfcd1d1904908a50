/**
 * The terminal picture: 80 columns, one strip per server with the crash visible where it
 * happened, the losses strip, the events on the time axis, and plain ASCII when asked.
 */
import { describe, expect, it } from 'vitest';
import { eventLabel, renderTimeline } from '../../src/report/timeline.js';
import { loadScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/experiment/simulate.js';

const config = loadScenario('server-crash');
const result = simulate(config);

describe('renderTimeline', () => {
  const text = renderTimeline(result, config.events, { ascii: false, color: false });
  const lines = text.split('\n');

  it('reads well at 80 columns', () => {
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(80);
  });

  // One column per timeline window (20 s, the round width for a 19 min run); the crash at 540 s
  // opens window 27, the recovery at 660 s window 33.
  const w = result.strategies[0]!.timeline.window;
  const crash = Math.floor(540 / w);
  const back = Math.floor(660 / w);

  it('marks s2 down (×) exactly in the windows of its outage, 9m to 11m, under every strategy', () => {
    expect([w, crash, back]).toEqual([20, 27, 33]);
    // × where s2 was down for the whole window: 27 to 32 (windows start on the crash and on the recovery).
    const s2 = lines.filter((l) => l.startsWith('   s2  '));
    expect(s2).toHaveLength(result.strategies.length);
    for (const l of s2) {
      const strip = [...l.slice(7)];
      expect(strip.map((c, k) => (c === '×' ? k : -1)).filter((k) => k >= 0)).toEqual([27, 28, 29, 30, 31, 32]);
    }
    for (const l of lines.filter((x) => /^ {3}s[013] {2}/.test(x))) expect(l).not.toContain('×');
  });

  it('draws the losses strip where users found their sessions gone, and none for redis and jwt', () => {
    const lost = lines.filter((l) => l.startsWith(' lost'));
    expect(lost).toHaveLength(4);
    expect(lost[0]!.slice(7).trim()).not.toBe('');
    expect(lost[2]!.slice(7).trim()).toBe('');
    expect(lost[3]!.slice(7).trim()).toBe('');
    // Sticky losses start in the crash window, not before.
    expect([...lost[0]!.slice(7)].findIndex((c) => c !== ' ')).toBe(crash);
  });

  it('numbers the events on the time axis and lists them', () => {
    const marks = lines.find((l) => /^ {7} *1 +2$/.test(l))!;
    expect(marks.indexOf('1') - 7).toBe(crash);
    expect(marks.indexOf('2') - 7).toBe(back);
    expect(text).toContain('1  t=9m00s  server-crash s2 (down for 2m00s)');
    expect(text).toContain('2  t=11m00s  server-recover s2');
  });

  it('is plain ASCII when asked, with the same layout', () => {
    const ascii = renderTimeline(result, config.events, { ascii: true, color: false });
    expect([...ascii].every((c) => c.charCodeAt(0) < 128)).toBe(true);
    expect(ascii.split('\n')).toHaveLength(lines.length);
  });

  it('stretches a short run over the width and marks events of types it does not know', () => {
    const short = loadScenario('server-crash');
    short.duration = 120;
    short.warmup = 10;
    short.events = [{ at: 60, type: 'server-crash', server: 1, downFor: 30 }];
    const r = simulate({ ...short, strategies: short.strategies.slice(0, 1) });
    const pic = renderTimeline(r, [...short.events, { at: 90, type: 'scale-out', servers: 2 } as never], { ascii: true, color: false });
    const s0 = pic.split('\n').find((l) => l.startsWith('   s0'))!;
    expect(s0.length).toBeGreaterThan(60);
    expect(pic).toContain('t=1m30s  scale-out');
  });
});

describe('renderTimeline: servers that do not exist, partitions, a run without losses', () => {
  // A scale-out adds s4 at 2m and a scale-in removes a server at 4m: before 2m s4 does not
  // exist and after its removal a removed server does not either; neither is "down".
  const short = loadScenario('server-crash');
  short.duration = 360;
  short.warmup = 30;
  short.events = [
    { at: 120, type: 'scale-out', count: 1, weight: 1 },
    { at: 240, type: 'scale-in', count: 1, drain: 0 },
  ];
  const r = simulate({ ...short, strategies: short.strategies.slice(2, 3) });
  const pic = renderTimeline(r, short.events, { ascii: false, color: false });
  const lines = pic.split('\n');
  const strip = (name: string) => [...(lines.find((l) => l.startsWith(`   ${name}  `)) ?? '').slice(7)];

  it('draws a server not launched yet as blank, not ×, and keys the blank', () => {
    const s4 = strip('s4');
    expect(s4.length).toBeGreaterThan(0);
    expect(s4).not.toContain('×');
    // s4 is blank before 2m, drawn from its launch on.
    const firstDrawn = s4.findIndex((c) => c !== ' ');
    const secondsPerColumn = 360 / strip('s0').length;
    expect(firstDrawn * secondsPerColumn).toBe(120);
    expect(pic).toContain('(blank)      the server does not exist: not launched yet, or removed');
  });

  it('draws a removed server as blank after its removal, not ×', () => {
    const removed = r.strategies[0]!.events.find((e) => e.type === 'server-removed');
    expect(removed).toBeDefined();
    const s = strip(`s${removed!.details.server}`);
    expect(s).not.toContain('×');
    expect(s.join('').trimEnd().length).toBeLessThan(lines.find((l) => l.startsWith('   s0  '))!.slice(7).length);
  });

  it('keys an empty losses strip as "none", never "█ = 0"', () => {
    expect(r.strategies[0]!.timeline.lost.every((n) => n === 0)).toBe(true);
    expect(pic).toContain('users who came back to find their session gone (none)');
    expect(pic).not.toMatch(/= 0\)/);
  });

  it('labels a store partition as cut off, not down', () => {
    expect(eventLabel({ at: 480, type: 'store-partition', node: 0, downFor: 60 })).toBe('store-partition (cut off for 1m00s)');
    expect(eventLabel({ at: 300, type: 'server-crash', server: 2, downFor: 120 })).toBe('server-crash s2 (down for 2m00s)');
  });

  it('says how many servers a scale event adds or removes, and a scale-in its drain', () => {
    expect(eventLabel({ at: 600, type: 'scale-out', count: 2, weight: 1 })).toBe('scale-out +2 servers');
    expect(eventLabel({ at: 900, type: 'scale-in', count: 1, drain: 30 })).toBe('scale-in −1 server (drained for 30s)');
    expect(eventLabel({ at: 900, type: 'scale-in', count: 3, drain: 0 })).toBe('scale-in −3 servers');
  });
});
