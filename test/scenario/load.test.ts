/**
 * Reading scenarios. Specification (DESIGN.md §3, issue 2 "Bad input"):
 * - every field has a documented default, so a three-line scenario runs;
 * - a bad scenario ends in a ScenarioError whose problems each name the JSON path, what
 *   was expected and what was found;
 * - JSON and YAML are both accepted; a syntax error names the line and column.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDistribution } from '../../src/engine/distributions.js';
import { ScenarioError, type ScenarioProblem } from '../../src/scenario/errors.js';
import { loadScenario, parseText, resolveScenario, selectStrategies } from '../../src/scenario/load.js';

/** The problems of the ScenarioError that resolving `raw` throws (fails if it resolves). */
function problemsOf(raw: unknown): ScenarioProblem[] {
  try {
    resolveScenario(raw, 'test.json');
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    const err = e as ScenarioError;
    expect(err.message).toContain('test.json');
    for (const p of err.problems) {
      expect(p.expected.length, `problem at ${p.path} says what was expected`).toBeGreaterThan(0);
      expect(p.found.length, `problem at ${p.path} says what was found`).toBeGreaterThan(0);
    }
    return err.problems;
  }
  throw new Error(`expected ${JSON.stringify(raw)} to be refused`);
}

/** The one problem at `path`. */
function problemAt(raw: unknown, path: string): ScenarioProblem {
  const problems = problemsOf(raw);
  const p = problems.find((x) => x.path === path);
  expect(p, `a problem at ${path}; got ${JSON.stringify(problems)}`).toBeDefined();
  return p!;
}

describe('defaults', () => {
  const config = resolveScenario({ name: 'Tiny', duration: '2m', clients: { arrivalRate: 5 } }, 'tiny.json');

  it('a three-line scenario resolves, durations in seconds', () => {
    expect(config.name).toBe('Tiny');
    expect(config.duration).toBe(120);
    expect(config.warmup).toBe(12); // a tenth of a run shorter than 10 minutes
    expect(config.seed).toBe(1);
    expect(config.description).toBe('');
    expect(config.events).toEqual([]);
  });

  it('health checks default to HAProxy’s inter 2s, rise 2, fall 3; balancing to round-robin', () => {
    expect(config.loadBalancer).toMatchObject({ algorithm: 'round-robin', healthCheck: { interval: 2, rise: 2, fall: 3 } });
  });

  it('clients, servers and store get their documented defaults', () => {
    // The foundation's fields (later features add more, each with its own default).
    expect(config.clients).toMatchObject({
      arrivalRate: 5,
      requestsPerSession: { dist: 'geometric', mean: 20 },
      thinkTime: { dist: 'exponential', mean: 5 },
      sessionData: 1024,
      writeRatio: 0.2,
      network: { natShare: 0, natAddresses: 8, cookieRefusal: 0 },
    });
    expect(config.servers).toMatchObject({ count: 4, workers: 16, queueLimit: 100, sessionIdleTimeout: 1800 });
    // Service time: lognormal with mean 20 ms and p99 150 ms, stored as (μ, σ).
    const service = makeDistribution(config.servers.serviceTime);
    expect(config.servers.serviceTime.dist).toBe('lognormal');
    expect(service.mean).toBeCloseTo(0.02, 10);
    expect(service.quantile(0.99)).toBeCloseTo(0.15, 3);
    expect(config.store.kind).toBe('redis');
    expect(config.store.opsPerSecond).toBe(75000);
    expect(makeDistribution(config.store.latency).mean).toBeCloseTo(0.0003, 10);
  });

  it('without a strategy list: the four default strategies, one of each family', () => {
    expect(config.strategies.map((s) => [s.name, s.type])).toEqual([
      ['sticky-cookie', 'sticky'],
      ['sticky-ip', 'sticky'],
      ['redis', 'external'],
      ['jwt', 'jwt'],
    ]);
    const jwt = config.strategies[3]!;
    expect(jwt).toMatchObject({ algorithm: 'ES256', accessTtl: 900, refreshBefore: 60, claimsSize: 250 });
    for (const s of config.strategies) expect(s.balance).toBe('round-robin');
  });

  it('listed strategies get names and inherit the balancer’s algorithm unless they set their own', () => {
    const c = resolveScenario(
      {
        loadBalancer: { algorithm: 'least-connections' },
        strategies: [{ type: 'sticky' }, { type: 'external', balance: 'random' }, { type: 'jwt', algorithm: 'HS256', accessTtl: '5m' }],
      },
      'x',
    );
    expect(c.strategies).toMatchObject([
      { name: 'sticky-cookie', type: 'sticky', affinity: 'cookie', balance: 'least-connections' },
      { name: 'redis', type: 'external', balance: 'random' },
      { name: 'jwt-hs256', type: 'jwt', balance: 'least-connections', algorithm: 'HS256', accessTtl: 300, refreshBefore: 60, claimsSize: 250 },
    ]);
  });

  it('units are converted everywhere: sizes to bytes, durations inside distributions to seconds', () => {
    const c = resolveScenario(
      {
        clients: { sessionData: '4KB', thinkTime: { dist: 'uniform', min: '500ms', max: '2s' }, requestsPerSession: 3 },
        servers: { serviceTime: '15ms', sessionIdleTimeout: '10m' },
        events: [{ at: '5m', type: 'server-crash', server: 1, downFor: '90s' }, { at: '6m', type: 'store-outage' }],
      },
      'x',
    );
    expect(c.clients.sessionData).toBe(4096);
    expect(c.clients.thinkTime).toEqual({ dist: 'uniform', min: 0.5, max: 2 });
    expect(c.clients.requestsPerSession).toEqual({ dist: 'constant', value: 3 });
    expect(c.servers.serviceTime).toEqual({ dist: 'constant', value: 0.015 });
    expect(c.servers.sessionIdleTimeout).toBe(600);
    expect(c.events).toEqual([
      { at: 300, type: 'server-crash', server: 1, downFor: 90 },
      { at: 360, type: 'store-outage', downFor: null, flush: false },
    ]);
  });

  it('a seed override wins over the file’s seed', () => {
    expect(resolveScenario({ seed: 3 }, 'x', { seed: 99 }).seed).toBe(99);
  });

  it('selectStrategies keeps the named strategies in the order given, and refuses unknown names', () => {
    expect(selectStrategies(config, ['jwt', 'sticky-cookie']).strategies.map((s) => s.name)).toEqual(['jwt', 'sticky-cookie']);
    expect(() => selectStrategies(config, ['nope'])).toThrow(ScenarioError);
  });
});

describe('bad input: path, expected, found', () => {
  it('a negative arrival rate', () => {
    const p = problemAt({ clients: { arrivalRate: -5 } }, 'clients.arrivalRate');
    expect(p.expected).toMatch(/> 0/);
    expect(p.found).toBe('-5');
  });

  it('a negative or fractional count', () => {
    expect(problemAt({ servers: { count: -1 } }, 'servers.count').found).toBe('-1');
    expect(problemAt({ servers: { workers: 2.5 } }, 'servers.workers').expected).toMatch(/whole number/);
  });

  it('an unknown field (a typo) is named, not ignored', () => {
    const p = problemAt({ clients: { arrivalRat: 5 } }, 'clients.arrivalRat');
    expect(p.expected).toMatch(/unknown field/);
    expect(p.found).toBe('5');
    expect(problemAt({ durration: '5m' }, 'durration').expected).toMatch(/unknown field/);
  });

  it('an unknown strategy type names strategies[0].type and the types there are', () => {
    const p = problemAt({ strategies: [{ type: 'magic' }] }, 'strategies[0].type');
    expect(p.expected).toContain('"sticky"');
    expect(p.expected).toContain('"external"');
    expect(p.expected).toContain('"jwt"');
    expect(p.found).toBe('"magic"');
  });

  it('a value outside a long list (highlight\'s metrics) gives the count, examples and where the list is, with a suggestion', () => {
    const p = problemAt({ highlight: ['latency.p9'] }, 'highlight[0]');
    expect(p.expected).toMatch(/^one of \d+ values \(`session-sim schema` lists them\), e\.g\. "requests", /);
    expect(p.expected.length).toBeLessThan(200);
    expect(p.hint).toBe('did you mean "latency.p95"?');
  });

  it('an unknown affinity inside a valid strategy', () => {
    const p = problemAt({ strategies: [{ type: 'sticky', affinity: 'magic' }] }, 'strategies[0].affinity');
    expect(p.expected).toContain('"ip-hash"');
  });

  it('a crash event naming server 9 of 4', () => {
    const p = problemAt({ servers: { count: 4 }, events: [{ at: '1m', type: 'server-crash', server: 9 }] }, 'events[0].server');
    expect(p.expected).toMatch(/0 to 3/);
    expect(p.found).toBe('9');
  });

  it('an event after the end of the run', () => {
    expect(problemAt({ duration: '10m', events: [{ at: '20m', type: 'store-outage' }] }, 'events[0].at').found).toMatch(/20m00s/);
  });

  it('a bad duration string says a duration was expected', () => {
    const p = problemAt({ duration: '10 minutes' }, 'duration');
    expect(p.expected).toMatch(/duration/);
    expect(p.found).toBe('"10 minutes"');
    const q = problemAt({ clients: { thinkTime: { dist: 'exponential', mean: '5 sec' } } }, 'clients.thinkTime.mean');
    expect(q.expected).toMatch(/duration/);
  });

  it('a bad size string says a size was expected', () => {
    const p = problemAt({ clients: { sessionData: '4 kilobytes' } }, 'clients.sessionData');
    expect(p.expected).toMatch(/size/);
  });

  it('a warm-up not shorter than the run', () => {
    expect(problemAt({ duration: 10, warmup: 20 }, 'warmup').expected).toMatch(/less than the duration/);
  });

  it('two strategies with the same name', () => {
    problemAt({ strategies: [{ type: 'sticky', name: 'a' }, { type: 'jwt', name: 'a' }] }, 'strategies[1].name');
  });

  it('a lognormal whose p99 no lognormal can have names the p99 and the limit', () => {
    // p99/mean may be at most e^{z²/2} ≈ 14.97; 1 s over 10 ms is 100.
    const p = problemAt({ servers: { serviceTime: { dist: 'lognormal', mean: '10ms', p99: '1s' } } }, 'servers.serviceTime.p99');
    expect(p.expected).toMatch(/14\.97/);
  });

  it('an exponential of mean 0, anywhere a duration distribution is taken, is refused at its mean (not a RangeError at run time)', () => {
    for (const mean of [0, '0s', '0ms']) {
      expect(problemAt({ clients: { thinkTime: { dist: 'exponential', mean } } }, 'clients.thinkTime.mean').expected).toMatch(/mean above 0/);
      expect(problemAt({ servers: { serviceTime: { dist: 'exponential', mean } } }, 'servers.serviceTime.mean').expected).toMatch(/mean above 0/);
      expect(problemAt({ store: { latency: { dist: 'exponential', mean } } }, 'store.latency.mean').expected).toMatch(/mean above 0/);
    }
    // Every other kind with parameters that must be > 0 already says so at the parameter.
    expect(problemAt({ servers: { serviceTime: { dist: 'lognormal', mean: 0, sigma: 1 } } }, 'servers.serviceTime.mean').expected).toMatch(/mean above 0/);
    expect(problemAt({ clients: { requestsPerSession: { dist: 'geometric', mean: 0 } } }, 'clients.requestsPerSession.mean').expected).toMatch(/>= 1/);
    // A plain MTBF of 0 (the mean of an exponential) is caught as a time that draws zero.
    expect(problemAt({ servers: { failures: { mtbf: 0, mttr: '1m' } } }, 'servers.failures.mtbf').expected).toMatch(/above 0/);
  });

  it('an unknown field suggests the field meant, even one the object already has (--set servers.cont=3)', () => {
    expect(problemAt({ servers: { cont: 3 } }, 'servers.cont').hint).toBe('did you mean "count"?');
    expect(problemAt({ servers: { count: 4, cont: 3 } }, 'servers.cont').hint).toBe('did you mean "count"?');
  });

  it('several problems are all reported at once', () => {
    const problems = problemsOf({ clients: { arrivalRate: -1 }, servers: { count: 0 }, bogus: true });
    expect(problems.map((p) => p.path).sort()).toEqual(['bogus', 'clients.arrivalRate', 'servers.count']);
  });

  it('the error message lists each problem as "at <path>: expected …, found …"', () => {
    try {
      resolveScenario({ clients: { arrivalRate: -5 } }, 'my.json');
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toMatch(/my\.json/);
      expect((e as Error).message).toMatch(/at clients\.arrivalRate: expected a number > 0, found -5/);
    }
  });
});

describe('parsing text', () => {
  it('invalid JSON: a ScenarioError with the line and column', () => {
    const text = '{\n  "name": "x",\n  "seed": 1,,\n  "duration": "1m"\n}';
    try {
      parseText(text, 'broken.json');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioError);
      const err = e as ScenarioError;
      expect(err.problems[0]!.path).toBe('');
      expect(err.problems[0]!.expected).toMatch(/^valid JSON/);
      expect(err.message).toMatch(/line 3, column \d+/);
    }
  });

  it('YAML text parses into the same document as the equivalent JSON', () => {
    const yaml = 'name: From YAML\nseed: 7\nclients:\n  arrivalRate: 5\n  sessionData: 4KB\nstrategies:\n  - type: sticky\n    affinity: ip-hash\n';
    const json = '{"name":"From YAML","seed":7,"clients":{"arrivalRate":5,"sessionData":"4KB"},"strategies":[{"type":"sticky","affinity":"ip-hash"}]}';
    expect(parseText(yaml, 'a.yaml')).toEqual(parseText(json, 'a.json'));
    const c = resolveScenario(parseText(yaml, 'a.yml'), 'a.yml');
    expect(c.clients.sessionData).toBe(4096);
    expect(c.strategies.map((s) => s.name)).toEqual(['sticky-ip-hash']);
  });

  it('invalid YAML: a ScenarioError with the line', () => {
    expect(() => parseText('name: x\nseed: [1,\n', 'bad.yaml')).toThrow(ScenarioError);
    expect(() => parseText('name: x\nseed: [1,\n', 'bad.yaml')).toThrow(/line \d+/);
  });

  it('loadScenario reads a YAML file from disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'session-sim-load-'));
    const file = join(dir, 'tiny.yaml');
    writeFileSync(file, 'name: On disk\nduration: 3m\nclients:\n  arrivalRate: 2\n');
    const c = loadScenario(file);
    expect([c.name, c.duration, c.clients.arrivalRate]).toEqual(['On disk', 180, 2]);
    expect(loadScenario(file, { seed: 5 }).seed).toBe(5);
  });

  it('loadScenario of something that is neither a file nor a built-in says so', () => {
    expect(() => loadScenario('/no/such/scenario.json')).toThrow(ScenarioError);
  });

  it('a misspelt built-in name gets a "did you mean", as a misspelt field or template does', () => {
    const problem = (ref: string) => {
      try {
        loadScenario(ref);
      } catch (e) {
        return (e as ScenarioError).problems[0]!;
      }
      throw new Error(`${ref} loaded`);
    };
    expect(problem('server-crahs').hint).toBe('did you mean "server-crash"?');
    expect(problem('jwt-revocaton').hint).toBe('did you mean "jwt-revocation"?');
    // Nothing near: no guess.
    expect(problem('/no/such/scenario.json').hint).toBeUndefined();
  });
});

describe('the default warm-up', () => {
  it('is 1 minute, or a tenth of a shorter run, so a run of any length needs no warmup field', () => {
    expect(resolveScenario({ duration: '10m' }, 't').warmup).toBe(60);
    expect(resolveScenario({ duration: '30s' }, 't').warmup).toBe(3);
    expect(resolveScenario({ duration: '30s', warmup: '0s' }, 't').warmup).toBe(0);
  });
});
