/**
 * Worker threads started before the command line is parsed (src/cli/early-threads.ts): only
 * for a single run that may use them, as many as --jobs or the idle cores allow.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { strategiesOnThreads } from '../../src/experiment/simulate-threads.js';
import { listBuiltins } from '../../src/scenario/load.js';
import { earlyWorkers, shippedEstimate } from '../../src/cli/early-threads.js';

describe('workers started before the command line is parsed', () => {
  it('for a run, one per core other processes leave idle (this thread runs no strategy), none when that is one core', () => {
    expect(earlyWorkers(['run', 'server-crash'], 2, 0.2)).toBe(2);
    expect(earlyWorkers(['--debug', 'run', 'server-crash', '--format', 'json'], 4, 1)).toBe(3);
    expect(earlyWorkers(['run', 'server-crash'], 2, 1)).toBe(0);
    expect(earlyWorkers(['run', 'server-crash'], 1, 0)).toBe(0);
  });

  it('as --jobs asks, in any spelling, up to the cores; none for --jobs 1 or a bad value', () => {
    expect(earlyWorkers(['run', 'x', '--jobs', '2'], 2, 9)).toBe(2);
    expect(earlyWorkers(['run', 'x', '--jobs=2'], 2, 9)).toBe(2);
    expect(earlyWorkers(['run', 'x', '-j', '2'], 2, 9)).toBe(2);
    expect(earlyWorkers(['run', 'x', '-j2'], 2, 9)).toBe(2);
    expect(earlyWorkers(['run', 'x', '--jobs', '8'], 2, 0)).toBe(2);
    expect(earlyWorkers(['run', 'x', '--jobs', '1'], 2, 0)).toBe(0);
    expect(earlyWorkers(['run', 'x', '--jobs', 'many'], 2, 0)).toBe(0);
  });

  it('none for other commands, replications (their own pool) or help', () => {
    expect(earlyWorkers(['validate', 'run'], 2, 0)).toBe(0);
    expect(earlyWorkers(['explain', 'server-crash'], 2, 0)).toBe(0);
    expect(earlyWorkers([], 2, 0)).toBe(0);
    expect(earlyWorkers(['run', 'x', '--replications', '5'], 2, 0)).toBe(0);
    expect(earlyWorkers(['run', 'x', '--precision=0.05'], 2, 0)).toBe(0);
    expect(earlyWorkers(['run', 'x', '--help'], 2, 0)).toBe(0);
  });
});

describe('a built-in scenario run as shipped: no more workers than its estimate will use', () => {
  const table = { 'server-crash': [258_188, 258_188, 258_188, 258_188], 'black-friday': [1_073_896, 3_183_248, 1_119_802] };

  it('reads the built-in named by the command, unless options change what it simulates', () => {
    expect(shippedEstimate(['run', 'server-crash'], table)).toEqual(table['server-crash']);
    expect(shippedEstimate(['run', '--format', 'json', 'black-friday', '--seed', '3'], table)).toEqual(table['black-friday']);
    expect(shippedEstimate(['run', 'server-crash', '--set', 'duration=9000s'], table)).toBeUndefined();
    expect(shippedEstimate(['run', 'server-crash', '--set=duration=9000s'], table)).toBeUndefined();
    expect(shippedEstimate(['run', 'server-crash', '-s', 'redis'], table)).toBeUndefined();
    expect(shippedEstimate(['run', 'my-scenario.yaml'], table)).toBeUndefined();
    expect(shippedEstimate(['validate', 'server-crash'], table)).toBeUndefined();
  });

  it('starts none for a short one (1 M events: one thread is sooner), two for a long one', () => {
    expect(earlyWorkers(['run', 'server-crash'], 2, 0, table['server-crash'])).toBe(0);
    expect(earlyWorkers(['run', 'black-friday'], 2, 0, table['black-friday'])).toBe(2);
    // An explicit --jobs is obeyed whatever the estimate.
    expect(earlyWorkers(['run', 'server-crash', '--jobs', '2'], 2, 0, table['server-crash'])).toBe(2);
  });

  it('the build wrote the table for every built-in, and server-crash as shipped stays on one thread', () => {
    const file = join(import.meta.dirname, '../../dist/builtin-estimates.json');
    expect(existsSync(file), 'run `npm run build` first').toBe(true);
    const built = JSON.parse(readFileSync(file, 'utf8')) as Record<string, number[]>;
    expect(Object.keys(built).sort()).toEqual(listBuiltins().map((b) => b.name).sort());
    expect(strategiesOnThreads(built['server-crash']!, 2)).toBe(1);
  });
});
