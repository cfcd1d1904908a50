import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyOverrides, parseOverride, splitPath } from '../../src/scenario/overrides.js';
import { parseParam } from '../../src/scenario/sweep-params.js';
import { fieldKind } from '../../src/scenario/schema-fields.js';
import { defaultStrategiesAsWritten } from '../../src/scenario/default-strategies.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { BUILTIN_DIR, loadScenario, resolveScenario } from '../../src/scenario/load.js';

describe('--set PATH=VALUE overrides', () => {
  it('reads the value as JSON when it is JSON, else as a string', () => {
    expect(parseOverride('servers.count=6')).toEqual({ text: 'servers.count=6', path: ['servers', 'count'], value: 6 });
    expect(parseOverride('store.ttl=30m').value).toBe('30m');
    expect(parseOverride('loadBalancer.redispatch=false').value).toBe(false);
    expect(parseOverride('clients.thinkTime={"dist":"constant","value":"1s"}').value).toEqual({ dist: 'constant', value: '1s' });
  });

  it('refuses a text without PATH=', () => {
    expect(() => parseOverride('servers.count')).toThrow(ScenarioError);
    expect(() => parseOverride('=3')).toThrow(ScenarioError);
    expect(() => parseOverride('servers..count=3')).toThrow(ScenarioError);
  });

  it('creates missing objects, indexes arrays and picks strategies by name, without touching the input', () => {
    const raw = { servers: { count: 4 }, strategies: [{ name: 'redis', type: 'external' }], events: [{ at: '1m', type: 'server-crash', server: 0 }] };
    const out = applyOverrides(raw, [
      parseOverride('servers.count=8'),
      parseOverride('clients.network.natShare=0.5'),
      parseOverride('strategies.redis.ttl=10m'),
      parseOverride('events.0.at=2m'),
    ]) as typeof raw & { clients: unknown };
    expect(out.servers.count).toBe(8);
    expect(out.clients).toEqual({ network: { natShare: 0.5 } });
    expect(out.strategies[0]).toEqual({ name: 'redis', type: 'external', ttl: '10m' });
    expect(out.events[0]!.at).toBe('2m');
    expect(raw.servers.count).toBe(4);
  });

  it('takes a path as the error messages print it: events[0].at is events.0.at', () => {
    expect(parseOverride('events[0].at=10m').path).toEqual(['events', '0', 'at']);
    expect(parseOverride('strategies[1].ttl=5m').path).toEqual(parseOverride('strategies.1.ttl=5m').path);
    expect(loadScenario('server-crash', { sets: [parseOverride('events[0].at=10m')] }).events[0]!.at).toBe(600);
    // A path copied from a problem's message goes back into --set and names the same field.
    try {
      loadScenario('server-crash', { sets: [parseOverride('events[0].at=99m')] });
      expect.unreachable();
    } catch (e) {
      expect((e as ScenarioError).problems[0]!.path).toBe('events[0].at');
    }
  });

  it('validates an overridden value exactly like the file, with the same JSON path', () => {
    expect(loadScenario('server-crash', { sets: [parseOverride('servers.count=6')] }).servers.count).toBe(6);
    try {
      loadScenario('server-crash', { sets: [parseOverride('servers.count=-1')] });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioError);
      expect((e as ScenarioError).problems[0]!.path).toBe('servers.count');
    }
  });
});

describe('--set cannot reach Object.prototype (prototype pollution)', () => {
  it('__proto__, constructor and prototype are fields like any other: own properties the schema refuses', () => {
    for (const path of ['__proto__.x', 'servers.__proto__.x', 'constructor.prototype.x', '__proto__']) {
      const out = applyOverrides({ servers: { count: 4 } }, [parseOverride(`${path}=1`)]) as Record<string, unknown>;
      expect(({} as Record<string, unknown>).x).toBeUndefined();
      expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
      expect(Object.getPrototypeOf(out.servers)).toBe(Object.prototype);
      const first = path.split('.')[0]!;
      const holder = first === 'servers' ? (out.servers as Record<string, unknown>) : out;
      const key = first === 'servers' ? '__proto__' : first;
      expect(Object.hasOwn(holder, key)).toBe(true);
    }
  });

  it('a run with --set __proto__.x=1 is refused with the path (exit 2 in the CLI), not a crash inside the schema', () => {
    try {
      loadScenario('server-crash', { sets: [parseOverride('__proto__.x=1')] });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioError);
      expect((e as ScenarioError).problems.map((p) => p.path)).toEqual(['__proto__']);
    }
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('--set into a list reaches at most one past its end', () => {
  it('an index beyond the end is refused with the list\'s length, not a list of a billion holes (minutes, then out of memory)', () => {
    const raw = { events: [{ at: '1m', type: 'server-crash', server: 0 }] };
    for (const [text, path, expected] of [
      ['events.1000000000.at=1m', 'events[1000000000]', 'an index from 0 to 1 (the list has 1 entry; 1 adds one at the end)'],
      ['events.99999999999999999999.at=1m', 'events[99999999999999999999]', 'an index from 0 to 1 (the list has 1 entry; 1 adds one at the end)'],
      ['clients.phases.5.duration=1m', 'clients.phases[5]', 'index 0 (the list is empty: 0 adds its first entry)'],
    ] as const) {
      const started = Date.now();
      try {
        applyOverrides(raw, [parseOverride(text)]);
        expect.unreachable(text);
      } catch (e) {
        expect(e).toBeInstanceOf(ScenarioError);
        expect((e as ScenarioError).source).toBe(`--set ${text}`);
        expect((e as ScenarioError).problems[0]).toMatchObject({ path, expected });
      }
      expect(Date.now() - started).toBeLessThan(1000);
    }
    // One past the end appends; inside the list replaces.
    const out = applyOverrides(raw, [parseOverride('events.1.at=2m'), parseOverride('events.0.at=3m')]) as typeof raw;
    expect(out.events.map((e) => e.at)).toEqual(['3m', '2m']);
  });
});

describe('a path is read whole, or refused as written before anything is applied', () => {
  it('takes names after dots, indexes in brackets and a quoted name as the messages print one', () => {
    expect(splitPath('a[0][1].b')).toEqual(['a', '0', '1', 'b']);
    expect(splitPath('slo.targets["latency.p99"]')).toEqual(['slo', 'targets', 'latency.p99']);
    expect(splitPath('["a.b"].c')).toEqual(['a.b', 'c']);
    // The path a message prints for a target goes back into --set and names that target.
    const slo = loadScenario('server-crash', { sets: [parseOverride('slo.targets["latency.p99"]=<250ms')] }).slo!;
    expect(slo.targets).toContainEqual({ metric: 'latency.p99', op: '<', bound: 250 });
  });

  it.each([
    // events[0][at] was a field "0[at]" of the list: an element appended, and events[1] blamed.
    ['events[0][at]', '"events[0][at]": "[at]" at character 10', 'did you mean "events[0].at"?'],
    ['events[0]at', '"events[0]at": "at" at character 10', 'did you mean "events[0].at"?'],
    ['events.[0].at', '"events.[0].at": ".[0].at" at character 7', 'did you mean "events[0].at"?'],
    ['strategies[redis].ttl', '"strategies[redis].ttl": "[redis].ttl" at character 11', 'did you mean "strategies.redis.ttl"?'],
    ['events[0', '"events[0": "[0" at character 7', undefined],
    ['a..b', '"a..b": nothing between the dots at characters 2 and 3', undefined],
    ['.x', '".x": nothing before the first dot', undefined],
    ['x.', '"x.": nothing after the last dot', undefined],
  ])('%s: refused with what is wrong where, and the path likely meant', (path, found, hint) => {
    for (const parse of [() => parseOverride(`${path}=1m`), () => parseParam(`${path}=1m,2m`)]) {
      try {
        parse();
        expect.unreachable(path);
      } catch (e) {
        expect(e).toBeInstanceOf(ScenarioError);
        expect((e as ScenarioError).problems[0]).toMatchObject({ path: '', found });
        expect((e as ScenarioError).problems[0]!.hint).toBe(hint);
      }
    }
  });
});

describe('--set and --slo on a document that is no object', () => {
  it('leave it as it is, for the schema to refuse at the top level: a file of 5, null or [] validated ok on every default', () => {
    for (const text of ['5', 'null', '"text"', '[]']) {
      const file = join(mkdtempSync(join(tmpdir(), 'session-sim-overrides-')), 'doc.json');
      writeFileSync(file, text);
      for (const options of [{ sets: [parseOverride('servers.count=3')] }, { slos: [{ metric: 'latency.p99', bound: '<1s' }] }]) {
        try {
          loadScenario(file, options);
          expect.unreachable(text);
        } catch (e) {
          expect(e).toBeInstanceOf(ScenarioError);
          expect((e as ScenarioError).problems[0]).toMatchObject({ path: '', expected: 'an object' });
        }
      }
    }
  });
});

describe('--set into a list names one of its elements, or is refused at the path as written', () => {
  const raw = { events: [{ at: '1m', type: 'server-crash', server: 0 }] };
  const refused = (doc: unknown, text: string) => {
    try {
      applyOverrides(doc, [parseOverride(text)]);
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioError);
      expect((e as ScenarioError).source).toBe(`--set ${text}`);
      return (e as ScenarioError).problems[0]!;
    }
    return expect.unreachable(text);
  };

  it.each(['abc', '1e3', '-1', '+1', '0x0', 'Infinity'])('events.%s is no index: refused at that path, not an element appended for the schema to blame at events[1]', (key) => {
    expect(refused(raw, `events.${key}.at=1m`)).toEqual({ path: `events.${key}`, expected: 'an index from 0 to 1 (the list has 1 entry; 1 adds one at the end)', found: JSON.stringify(key) });
  });

  it('an index with a leading zero is refused with the index it likely means (messages never print events[01])', () => {
    expect(refused(raw, 'events.01.at=1m')).toMatchObject({ path: 'events.01', found: '"01"', hint: 'did you mean 1?' });
    expect(refused(raw, 'events.00.at=1m')).toMatchObject({ path: 'events.00', hint: 'did you mean 0?' });
  });

  it('a strategy is named by its name, given or the one it takes without one (redis for an external strategy on redis)', () => {
    const doc = { strategies: [{ type: 'sticky' }, { type: 'external' }, { type: 'jwt', algorithm: 'EdDSA' }, { type: 'jwt', name: 'mine' }] };
    const out = applyOverrides(doc, ['sticky-cookie.balance=random', 'redis.store.ttl=10m', 'jwt-eddsa.leeway=5s', 'mine.leeway=1s'].map((t) => parseOverride(`strategies.${t}`))) as typeof doc;
    expect(out.strategies).toEqual([
      { type: 'sticky', balance: 'random' },
      { type: 'external', store: { ttl: '10m' } },
      { type: 'jwt', algorithm: 'EdDSA', leeway: '5s' },
      { type: 'jwt', name: 'mine', leeway: '1s' },
    ]);
    // The same names as the resolved scenario gives them, and so --strategies and the tables.
    expect(resolveScenario(doc).strategies.map((st) => st.name)).toEqual(['sticky-cookie', 'redis', 'jwt-eddsa', 'mine']);
    expect(resolveScenario({ store: { kind: 'memcached' }, strategies: [{ type: 'external' }, { type: 'external', store: { kind: 'database' } }, { type: 'sticky', affinity: 'ip-hash', backup: 'write-through' }] }).strategies.map((st) => st.name))
      .toEqual(['memcached', 'database', 'sticky-ip-hash-write-through']);
    expect(applyOverrides({ store: { kind: 'memcached' }, strategies: [{ type: 'external' }, { type: 'external', store: { kind: 'database' } }, { type: 'sticky', affinity: 'ip-hash', backup: 'write-through' }] }, ['memcached.resave=true', 'database.resave=true', 'sticky-ip-hash-write-through.balance=random'].map((t) => parseOverride(`strategies.${t}`))))
      .toMatchObject({ strategies: [{ resave: true }, { resave: true }, { balance: 'random' }] });
  });

  it('a name no strategy has is refused with the scenario\'s strategy names, not appended as a strategy of no type (at strategies[4].type)', () => {
    const p = refused(loadedRaw('server-crash'), 'strategies.nope.store.ttl=10m');
    expect(p).toEqual({
      path: 'strategies.nope',
      expected: "the name of one of the scenario's strategies (sticky-cookie, sticky-ip, redis, jwt) or an index from 0 to 4 (the list has 4 entries; 4 adds one at the end)",
      found: 'no strategy named "nope"',
    });
    expect(refused(loadedRaw('server-crash'), 'strategies.Redis.store.ttl=10m').hint).toBe('did you mean "redis"?');
    // Through the loader as the CLI calls it: the same problem, exit 2 there.
    expect(() => loadScenario('server-crash', { sets: [parseOverride('strategies.nope.store.ttl=10m')] })).toThrow(/no strategy named "nope"/);
  });

  it('a name that another strategy has is refused naming both places, the one the path renamed too', () => {
    try {
      loadScenario('server-crash', { sets: [parseOverride('strategies.0.name=redis')] });
      expect.unreachable();
    } catch (e) {
      expect((e as ScenarioError).problems).toEqual([{ path: 'strategies[2].name', expected: 'a name not used by another strategy (strategies[0] has it)', found: '"redis"' }]);
    }
  });

  it('a list other than strategies takes no names, whatever its elements hold', () => {
    expect(refused({ clients: { phases: [{ name: 'ramp', duration: '1m', arrivalRate: 1 }] } }, 'clients.phases.ramp.duration=2m')).toMatchObject({ path: 'clients.phases.ramp', found: '"ramp"' });
  });
});

function loadedRaw(builtin: string): unknown {
  return JSON.parse(readFileSync(join(BUILTIN_DIR, `${builtin}.json`), 'utf8'));
}

describe('--set into strategies on a scenario that lists none writes into the default strategies', () => {
  const defaultsOf = (doc: Record<string, unknown>) => resolveScenario(doc).strategies;

  it('strategies.redis.store.ttl names the default redis strategy, as --strategies redis does (it was "at strategies: expected an array")', () => {
    const doc = { duration: '12m', warmup: '5m' };
    const config = resolveScenario(applyOverrides(doc, [parseOverride('strategies.redis.store.ttl=10m')], undefined, fieldKind));
    expect(config.strategies.map((st) => st.name)).toEqual(['sticky-cookie', 'sticky-ip', 'redis', 'jwt']);
    expect(config.strategies[2]!.store!.ttl).toBe(600);
    // Every other strategy as without the --set; the redis one too when the value is its default.
    const same = resolveScenario(applyOverrides(doc, [parseOverride('strategies.redis.store.ttl=30m')]));
    const plain = defaultsOf(doc);
    expect(same.strategies.map(({ store: _, ...st }) => st)).toEqual(plain.map(({ store: _, ...st }) => st));
    expect(same.strategies[2]!.store).toEqual(resolveScenario(doc).store);
  });

  it('an index or any default name works, and the written defaults resolve to exactly the defaults', () => {
    for (const doc of [{}, { store: { kind: 'memcached' } }, { loadBalancer: { algorithm: 'least-connections' } }]) {
      expect(resolveScenario({ ...doc, strategies: defaultStrategiesAsWritten() })).toEqual(resolveScenario(doc));
    }
    const out = resolveScenario(applyOverrides({}, ['strategies.0.balance=random', 'strategies.sticky-ip.affinity=stick-table', 'strategies.jwt.algorithm=HS256'].map((t) => parseOverride(t))));
    expect(out.strategies.map((st) => [st.name, st.balance])).toEqual([['sticky-cookie', 'random'], ['sticky-ip', 'round-robin'], ['redis', 'round-robin'], ['jwt', 'round-robin']]);
    expect(out.strategies[1]).toMatchObject({ affinity: 'stick-table' });
    // The external strategy is named after the store whatever order the paths come in.
    const memcached = resolveScenario(applyOverrides({}, ['strategies.redis.resave=true', 'store.kind=memcached', 'strategies.memcached.casRetries=3'].map((t) => parseOverride(t))));
    expect(memcached.strategies[2]).toMatchObject({ name: 'memcached', resave: true, casRetries: 3 });
  });

  it('a name none of the defaults has is refused with their names', () => {
    try {
      applyOverrides({}, [parseOverride('strategies.redsi.store.ttl=10m')]);
      expect.unreachable();
    } catch (e) {
      expect((e as ScenarioError).problems[0]).toMatchObject({ path: 'strategies.redsi', found: 'no strategy named "redsi"', hint: 'did you mean "redis"?' });
      expect((e as ScenarioError).problems[0]!.expected).toContain('(sticky-cookie, sticky-ip, redis, jwt)');
    }
  });

  it('the whole list is still replaced by a value at strategies', () => {
    expect(resolveScenario(applyOverrides({}, [parseOverride('strategies=[{"type":"jwt"}]')])).strategies.map((st) => st.name)).toEqual(['jwt-es256']);
  });
});

describe('a set path or value deeper than any scenario', () => {
  it('a path of more than 100 names is refused before it is walked (65,000, looked up in the schema at every level, took minutes; one through a number overflowed the stack, exit 1)', () => {
    const started = Date.now();
    for (const path of [Array(65_000).fill('a').join('.'), `servers.count.${Array(20_000).fill('a').join('.')}`, `events${'[0]'.repeat(101)}`]) {
      try {
        parseOverride(`${path}=1`);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ScenarioError);
        expect((e as ScenarioError).problems[0]).toMatchObject({ path: '', expected: 'a path at most 100 names deep (a scenario nests at most 100 levels)' });
      }
    }
    expect(Date.now() - started).toBeLessThan(1000);
    expect(parseOverride(`${Array(100).fill('a').join('.')}=1`).path).toHaveLength(100);
  });

  it('a value nested more than 100 levels is refused as --param\'s values are, before it is written anywhere', () => {
    const deep = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
    for (const text of [`servers.count.x=${deep}`, `x=${deep}`]) {
      try {
        parseOverride(text);
        expect.unreachable();
      } catch (e) {
        expect((e as ScenarioError).problems[0]).toMatchObject({ path: '', expected: 'a value nesting at most 100 levels deep' });
      }
    }
  });
});
