import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/scenario/errors.js';
import { MAX_SWEEP_POINTS, parseParam, rangeValues, resolveSweepScenario, sweepGrid } from '../../src/scenario/sweep-params.js';

function problem(fn: () => unknown): { source: string; expected: string; found: string; path: string; hint?: string } {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    return { source: e.source, ...e.problems[0]! };
  }
  throw new Error('expected a ScenarioError');
}

describe('--param values', () => {
  it('a range A..B steps by 1 and includes both ends', () => {
    expect(parseParam('servers.count=2..12')).toEqual({ text: 'servers.count=2..12', path: 'servers.count', values: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] });
  });

  it('a range with a step stops at the last value not past the end', () => {
    expect(rangeValues('2..12:2')).toEqual([2, 4, 6, 8, 10, 12]);
    expect(rangeValues('2..11:3')).toEqual([2, 5, 8, 11]);
    expect(rangeValues('1..10:4')).toEqual([1, 5, 9]);
  });

  it('decimal ranges are rounded to the decimals written (no 0.30000000000000004)', () => {
    expect(rangeValues('0.1..0.5:0.1')).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(rangeValues('0..1:0.25')).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(rangeValues('0.5..2.5')).toEqual([0.5, 1.5, 2.5]);
    expect(rangeValues('1e-3..3e-3:1e-3')).toEqual([0.001, 0.002, 0.003]);
  });

  it('a list keeps its order and reads each item like --set (numbers, units, names)', () => {
    expect(parseParam('clients.arrivalRate=10,20,40').values).toEqual([10, 20, 40]);
    expect(parseParam('servers.sessionIdleTimeout=5m, 30m').values).toEqual(['5m', '30m']);
    expect(parseParam('loadBalancer.algorithm=round-robin,least-connections').values).toEqual(['round-robin', 'least-connections']);
  });

  it('a JSON array holds values with commas; one value is a one-point sweep', () => {
    expect(parseParam('servers.serviceTime=[{"dist":"constant","value":"5ms"},{"dist":"constant","value":"10ms"}]').values).toHaveLength(2);
    expect(parseParam('servers.count=4').values).toEqual([4]);
  });

  it('an empty range, a non-numeric range, a zero step and a malformed param are refused, saying what was expected', () => {
    expect(problem(() => parseParam('servers.count=12..2')).found).toBe('the empty range 12..2');
    expect(problem(() => parseParam('servers.count=12..2')).expected).toContain('write 2..12');
    expect(problem(() => parseParam('servers.count=a..b')).expected).toContain("a number as the range's start");
    expect(problem(() => parseParam('servers.count=2..x')).found).toBe('"x"');
    expect(problem(() => parseParam('servers.count=2..12:0')).expected).toBe('a step > 0');
    expect(problem(() => parseParam('servers.count=1,,2')).found).toContain('an empty item at position 2');
    expect(problem(() => parseParam('servers.count=')).found).toBe('nothing');
    expect(problem(() => parseParam('servers.count')).expected).toContain('PATH=VALUES');
    expect(problem(() => parseParam('servers.count=1..100000')).expected).toContain('at most');
  });

  it('a range end or step beyond a double (1e400 is Infinity) is refused by name, not run as NaN', () => {
    expect(problem(() => parseParam('servers.count=1..2:1e400'))).toMatchObject({ expected: "a finite number as the range's step", found: '"1e400"' });
    expect(problem(() => parseParam('servers.count=1e400..1e400')).expected).toBe("a finite number as the range's start");
    expect(problem(() => parseParam('servers.count=1..-1e400')).expected).toBe("a finite number as the range's end");
  });

  it('values nested deeper than a scenario may be are refused (they once overflowed the stack writing the point label)', () => {
    const deep = `[${'['.repeat(5000)}${']'.repeat(5000)}]`;
    expect(problem(() => parseParam(`servers.count=${deep}`)).expected).toMatch(/^values nesting at most 100 levels deep/);
    expect(parseParam(`servers.count=[${'['.repeat(50)}1${']'.repeat(50)}]`).values).toHaveLength(1);
  });
});

describe('the grid', () => {
  it('is the cartesian product, the first param varying slowest', () => {
    const grid = sweepGrid([parseParam('a=1,2'), parseParam('b=x,y,z')]);
    expect(grid).toEqual([[1, 'x'], [1, 'y'], [1, 'z'], [2, 'x'], [2, 'y'], [2, 'z']]);
  });

  it('refuses the same path twice and grids above the cap', () => {
    expect(problem(() => sweepGrid([parseParam('servers.count=1,2'), parseParam('servers.count=3')])).found).toContain('also in --param servers.count=1,2');
    expect(problem(() => sweepGrid([parseParam('a=1..200'), parseParam('b=1..200')])).found).toBe(`200 × 200 = 40000 points`);
    expect(MAX_SWEEP_POINTS).toBe(10000);
  });
});

describe('each point validated like the file', () => {
  it('builds one scenario per point with the point values and --set applied', () => {
    const s = resolveSweepScenario('server-crash', [parseParam('servers.count=3..5'), parseParam('clients.arrivalRate=2,8')], { sets: [{ text: 'servers.workers=4', path: ['servers', 'workers'], value: 4 }] });
    expect(s.points.map((p) => [p.config.servers.count, p.config.clients.arrivalRate])).toEqual([[3, 2], [3, 8], [4, 2], [4, 8], [5, 2], [5, 8]]);
    expect(s.points.every((p) => p.config.servers.workers === 4)).toBe(true);
    expect(s.base.servers.count).toBe(4);
  });

  it('a misspelt path is told with its JSON path and a did-you-mean before anything runs', () => {
    const p = problem(() => resolveSweepScenario('server-crash', [parseParam('servers.cont=2..12')]));
    expect(p.path).toBe('servers.cont');
    expect(p.hint).toBe('did you mean "count"?');
    expect(p.found).toContain('--param servers.cont=2..12');
    expect(problem(() => resolveSweepScenario('server-crash', [parseParam('server.count=2')])).hint).toBe('did you mean "servers"?');
  });

  it('points must run the same strategies by name and order: a varied strategy name is refused before anything runs', () => {
    const p = problem(() => resolveSweepScenario('server-crash', [parseParam('strategies.0.name=a,b')]));
    expect(p.source).toContain('at the sweep point strategies.0.name=a');
    expect(p.path).toBe('strategies');
    expect(p.expected).toContain('(sticky-cookie, sticky-ip, redis, jwt)');
    expect(p.found).toBe('a, sticky-ip, redis, jwt');
    // Its own name again changes nothing.
    expect(resolveSweepScenario('server-crash', [parseParam('strategies.0.name=sticky-cookie')]).points).toHaveLength(1);
  });

  it('a strategy named on a scenario that lists none is one of the default strategies, in every point and the base (it was "at strategies: expected an array")', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'session-sim-sweep-params-')), 'min.yaml');
    writeFileSync(file, 'duration: 12m\nwarmup: 5m\nevents:\n  - { at: 7m, type: server-crash, server: 1 }\n');
    const s = resolveSweepScenario(file, [parseParam('strategies.redis.store.ttl=5m,10m')], { strategies: ['redis'] });
    expect(s.points.map((p) => [p.config.strategies.map((st) => st.name), p.config.strategies[0]!.store!.ttl])).toEqual([[['redis'], 300], [['redis'], 600]]);
    expect(resolveSweepScenario(file, [parseParam('strategies.0.balance=random,least-connections')]).points.map((p) => p.config.strategies.map((st) => st.balance))).toEqual([
      ['random', 'round-robin', 'round-robin', 'round-robin'],
      ['least-connections', 'round-robin', 'round-robin', 'round-robin'],
    ]);
    const p = problem(() => resolveSweepScenario(file, [parseParam('strategies.rediss.store.ttl=5m,10m')]));
    expect(p).toMatchObject({ path: 'strategies.rediss', found: 'no strategy named "rediss"', hint: 'did you mean "redis"?' });
    expect(p.source).toContain('at the sweep point strategies.rediss.store.ttl=5m');
  });

  it('a value the schema refuses names the point and the same JSON path as the file would', () => {
    const p = problem(() => resolveSweepScenario('server-crash', [parseParam('servers.count=0..2')]));
    expect(p.source).toContain('at the sweep point servers.count=0');
    expect(p.path).toBe('servers.count');
  });

  it('refuses to sweep the seed (every point must run the same replication seeds) and warmup auto', () => {
    expect(problem(() => resolveSweepScenario('server-crash', [parseParam('seed=1..3')])).path).toBe('seed');
    expect(problem(() => resolveSweepScenario('steady-peak', [parseParam('servers.count=3,4')])).path).toBe('warmup');
  });
});
