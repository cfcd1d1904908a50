/**
 * Worker threads started before the command line is parsed (src/cli/early-threads.ts): only
 * for a single run that may use them, as many as --jobs or the idle cores allow.
 */
import { describe, expect, it } from 'vitest';
import { earlyWorkers } from '../../src/cli/early-threads.js';

describe('workers started before the command line is parsed', () => {
  it('for a run, one fewer than the cores other processes leave idle', () => {
    expect(earlyWorkers(['run', 'server-crash'], 2, 0.2)).toBe(1);
    expect(earlyWorkers(['--debug', 'run', 'server-crash', '--format', 'json'], 4, 1)).toBe(2);
    expect(earlyWorkers(['run', 'server-crash'], 2, 1)).toBe(0);
    expect(earlyWorkers(['run', 'server-crash'], 1, 0)).toBe(0);
  });

  it('as --jobs asks, in any spelling, up to the cores; none for --jobs 1 or a bad value', () => {
    expect(earlyWorkers(['run', 'x', '--jobs', '2'], 2, 9)).toBe(1);
    expect(earlyWorkers(['run', 'x', '--jobs=2'], 2, 9)).toBe(1);
    expect(earlyWorkers(['run', 'x', '-j', '2'], 2, 9)).toBe(1);
    expect(earlyWorkers(['run', 'x', '-j2'], 2, 9)).toBe(1);
    expect(earlyWorkers(['run', 'x', '--jobs', '8'], 2, 0)).toBe(1);
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
