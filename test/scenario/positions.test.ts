/**
 * A YAML file's schema and meaning problems name their line and column, as JSON syntax errors
 * do: the value at the problem's path, an unknown field's name, or the object that lacks a
 * required field; never a line of the file for a value the command line (--set) supplied.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioError, type ScenarioProblem } from '../../src/scenario/errors.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { Override } from '../../src/scenario/overrides.js';
import { parsePath } from '../../src/scenario/positions.js';

function problems(name: string, text: string, sets: Override[] = []): ScenarioProblem[] {
  const file = join(mkdtempSync(join(tmpdir(), 'session-sim-pos-')), name);
  writeFileSync(file, text);
  try {
    loadScenario(file, { sets });
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems;
    throw e;
  }
  throw new Error('expected a ScenarioError');
}

const at = (ps: ScenarioProblem[], path: string) => {
  const p = ps.find((q) => q.path === path);
  expect(p, path).toBeDefined();
  return { line: p!.line, column: p!.column, lineText: p!.lineText };
};

describe('positions of YAML schema problems', () => {
  const yaml = [
    'name: x', // 1
    'clients:', // 2
    '  arrivalRate: 0', // 3
    '  arivalRate: 3', // 4
    'strategies:', // 5
    '  - name: a', // 6
    '    type: stiky', // 7
    'events:', // 8
    '  - { type: server-crash, server: 1 }', // 9
  ].join('\n');

  it('points at the value, at an unknown field\'s name and at the object missing a required field', () => {
    const ps = problems('s.yaml', yaml);
    expect(at(ps, 'clients.arrivalRate')).toEqual({ line: 3, column: 16, lineText: '  arrivalRate: 0' });
    expect(at(ps, 'clients.arivalRate')).toEqual({ line: 4, column: 3, lineText: '  arivalRate: 3' });
    expect(at(ps, 'strategies[0].type')).toEqual({ line: 7, column: 11, lineText: '    type: stiky' });
    expect(at(ps, 'events[0].at')).toEqual({ line: 9, column: 5, lineText: '  - { type: server-crash, server: 1 }' });
  });

  it('prints the path, the place and the line with a caret', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'session-sim-pos-')), 'm.yaml');
    writeFileSync(file, 'duration: 10m\nwarmup: 20m\n');
    expect(() => loadScenario(file)).toThrow(['at warmup (line 2, column 9): expected less than the duration (10m00s), found 20m00s', '    2 | warmup: 20m', '      |         ^'].join('\n'));
  });

  it('locates meaning problems too, quoted keys included', () => {
    const ps = problems('m.yaml', 'events:\n  - { at: 5m, type: server-crash, server: 9 }\nslo:\n  targets:\n    "latency.p99": "<2 parsecs"\n');
    expect(at(ps, 'events[0].server')).toMatchObject({ line: 2, column: 43 });
    expect(at(ps, 'slo.targets["latency.p99"]')).toMatchObject({ line: 5, column: 20 });
  });

  it('gives no place to a value --set supplied, nor to a default the file does not hold', () => {
    const ps = problems('s.yaml', 'clients:\n  arrivalRate: 5\nservers: { count: 2 }\n', [{ text: 'clients.arrivalRate=-1', path: ['clients', 'arrivalRate'], value: -1 }]);
    expect(at(ps, 'clients.arrivalRate').line).toBeUndefined();
    // refreshBefore is the default 1m, not in the file: the problem has its path and no line.
    const ds = problems('d.yaml', 'strategies:\n  - { type: jwt, accessTtl: 30s }\n');
    expect(at(ds, 'strategies[0].refreshBefore').line).toBeUndefined();
  });

  it('leaves JSON files\' problems by path only', () => {
    const ps = problems('s.json', '{ "clients": { "arrivalRate": 0 } }');
    expect(at(ps, 'clients.arrivalRate').line).toBeUndefined();
  });
});

describe('parsePath: the JSON paths problems carry', () => {
  it.each([
    ['clients.network.natShare', ['clients', 'network', 'natShare']],
    ['events[2].server', ['events', 2, 'server']],
    ['slo.targets["latency.p99"][1]', ['slo', 'targets', 'latency.p99', 1]],
    ['strategies[0].store.maxMemory', ['strategies', 0, 'store', 'maxMemory']],
  ])('%s', (path, keys) => expect(parsePath(path)).toEqual(keys));

  it('refuses what is not such a path', () => {
    expect(parsePath('.a')).toBeNull();
    expect(parsePath('a[x]')).toBeNull();
  });
});
