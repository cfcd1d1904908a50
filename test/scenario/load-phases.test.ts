/**
 * `clients.phases` and `clients.profile` as a user writes them: Artillery's fields, the run's
 * duration taken from the phases when none is given, and every mistake refused with its JSON
 * path (exit 2 from the CLI, no stack trace).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/scenario/errors.js';
import { resolveScenario } from '../../src/scenario/load.js';
import { cli } from '../helpers/cli.js';

function problems(raw: unknown): { path: string; expected: string; found: string }[] {
  try {
    resolveScenario(raw, 'test');
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems;
    throw e;
  }
  return [];
}

describe('clients.phases', () => {
  it('resolve to seconds, with name and rampTo null when absent, and a pause as a phase of rate 0', () => {
    const c = resolveScenario({ clients: { phases: [{ name: 'warm up', duration: '1m', arrivalRate: 5 }, { duration: 120, arrivalRate: 5, rampTo: 50 }, { pause: '30s' }] } });
    expect(c.clients.phases).toEqual([
      { name: 'warm up', duration: 60, arrivalRate: 5, rampTo: null },
      { name: null, duration: 120, arrivalRate: 5, rampTo: 50 },
      { name: null, duration: 30, arrivalRate: 0, rampTo: null },
    ]);
  });

  it('without a duration of its own the run lasts exactly the phases (as an Artillery test does); warm-up follows it', () => {
    const c = resolveScenario({ clients: { phases: [{ duration: '2m', arrivalRate: 5 }, { duration: '3m', arrivalRate: 5, rampTo: 20 }] } });
    expect([c.duration, c.warmup]).toEqual([300, 30]);
    // A longer duration is allowed: no session starts after the last phase, those in progress finish.
    expect(resolveScenario({ duration: '10m', clients: { phases: [{ duration: '5m', arrivalRate: 5 }] } }).duration).toBe(600);
  });

  it('refuse phases longer than the run, with the path', () => {
    expect(problems({ duration: '4m', clients: { phases: [{ duration: '2m', arrivalRate: 5 }, { duration: '3m', arrivalRate: 5 }] } })).toEqual([
      { path: 'clients.phases', expected: 'phases that end within the run (duration 240 s; omit duration to run exactly the phases)', found: '300 s of phases' },
    ]);
  });

  it.each([
    ['a negative duration', [{ duration: -5, arrivalRate: 3 }], 'clients.phases[0].duration', 'a number >= 0'],
    ['a zero duration', [{ duration: 0, arrivalRate: 3 }], 'clients.phases[0].duration', 'a phase duration above 0'],
    ['rampTo without a rate', [{ duration: '1m', arrivalRate: 3 }, { duration: '1m', rampTo: 4 }], 'clients.phases[1].arrivalRate', 'an arrivalRate to ramp from (rampTo needs a starting rate)'],
    ['no rate at all', [{ duration: '1m' }], 'clients.phases[0].arrivalRate', 'an arrivalRate (new sessions per second)'],
    ['no duration', [{ arrivalRate: 2 }], 'clients.phases[0].duration', 'a phase duration (or a pause)'],
    ['a negative rate', [{ duration: '1m', arrivalRate: -1 }], 'clients.phases[0].arrivalRate', 'a number >= 0'],
    ['a pause with a rate', [{ pause: '10s', arrivalRate: 2 }], 'clients.phases[0].arrivalRate', 'no arrivalRate in a pause phase (a pause is its own phase)'],
    ['an unknown field (k6 `target`)', [{ duration: '1m', target: 20 }], 'clients.phases[0].target', 'no such field'],
    ['an empty list', [], 'clients.phases', 'at least 1'],
  ])('refuse %s at its JSON path', (_what, phases, path, expected) => {
    const p = problems({ clients: { phases } });
    expect(p.map((x) => x.path)).toContain(path);
    expect(p.find((x) => x.path === path)!.expected).toContain(expected);
  });
});

describe('clients.profile', () => {
  it('diurnal defaults: peak at 20:00, peak-to-trough 4, clock starting at midnight, real time', () => {
    expect(resolveScenario({ clients: { profile: { type: 'diurnal' } } }).clients.profile).toEqual({ type: 'diurnal', peakHour: 20, peakToTrough: 4, startHour: 0, timeScale: 1 });
  });

  it('spike defaults: one minute at five times the rate', () => {
    expect(resolveScenario({ clients: { profile: { type: 'spike', at: '3m' } } }).clients.profile).toEqual({ type: 'spike', at: 180, duration: 60, factor: 5 });
  });

  it.each([
    ['diurnal beside phases', { phases: [{ duration: '1m', arrivalRate: 1 }], profile: { type: 'diurnal' } }, 'clients.profile.type'],
    ['a spike after the end', { profile: { type: 'spike', at: '20m' } }, 'clients.profile.at'],
    ['a spike of no length', { profile: { type: 'spike', at: '1m', duration: 0 } }, 'clients.profile.duration'],
    ['a peak-to-trough below 1', { profile: { type: 'diurnal', peakToTrough: 0.5 } }, 'clients.profile.peakToTrough'],
    ['an hour of 24', { profile: { type: 'diurnal', peakHour: 24 } }, 'clients.profile.peakHour'],
    ['an unknown shape', { profile: { type: 'weekly' } }, 'clients.profile.type'],
  ])('refuse %s at its JSON path', (_what, clients, path) => {
    expect(problems({ clients }).map((x) => x.path)).toContain(path);
  });
});

describe('the CLI on bad phases', () => {
  it('exits 2 with the JSON path, expected and found, and no stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'phases-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ clients: { phases: [{ duration: -5, arrivalRate: 3 }, { duration: '1m', rampTo: 4 }] } }));
    const r = await cli(['run', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('at clients.phases[0].duration: expected a number >= 0, found -5');
    expect(r.stderr).toContain('at clients.phases[1].arrivalRate: expected an arrivalRate to ramp from (rampTo needs a starting rate), found nothing');
    expect(r.stderr).not.toMatch(/\n\s+at .*\.(js|ts):\d+/);
    expect(r.stderr).not.toContain('NaN');
  });
});
