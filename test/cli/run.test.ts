import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listBuiltins, loadScenario } from '../../src/scenario/load.js';
import { cli, tooWide } from '../helpers/cli.js';

const builtins = listBuiltins();

describe('session-sim run', () => {
  it('ships the built-in scenarios the foundation promises', () => {
    expect(builtins.map((b) => b.name)).toEqual(expect.arrayContaining(['server-crash', 'nat-heavy', 'store-outage']));
    for (const b of builtins) expect(b.description.length, `${b.name} needs a teaching description`).toBeGreaterThan(80);
  });

  // One run of each built-in serves both specifications (every built-in is the suite's
  // costliest input): what the table says, and that it fits 80 columns (test/cli/widths.test.ts
  // holds the other commands' widths).
  it.each(builtins.map((b) => b.name))('runs built-in %s, exits 0, prints every strategy and a verdict, within 80 columns', async (name) => {
    const r = await cli(['run', name]);
    expect(r.code, r.stderr).toBe(0);
    for (const s of loadScenario(name).strategies) expect(r.stdout).toContain(s.name);
    expect(r.stdout).toMatch(/Verdict: [\s\S]+\./);
    expect(tooWide(r.stdout)).toEqual([]);
  }, 120_000);

  it('--format json carries the contract keys and is byte-identical for the same seed', async () => {
    const a = await cli(['run', 'server-crash', '--format', 'json']);
    const b = await cli(['run', 'server-crash', '--format', 'json']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const doc = JSON.parse(a.stdout);
    expect(Object.keys(doc)).toEqual(['scenario', 'strategies', 'warnings']);
    expect(doc.scenario).toMatchObject({ name: 'Server crash at peak', seed: 42 });
    const m = doc.strategies[0].metrics;
    for (const key of ['requests', 'failedRequests', 'failedRate', 'sessions', 'lostSessions', 'sessionLossRate', 'lossByCause', 'expiredSessions', 'skew', 'latency', 'store']) {
      expect(m).toHaveProperty(key);
    }
    expect(Object.keys(m.skew)).toEqual(expect.arrayContaining(['maxOverMean', 'cov', 'jain']));
    expect(Object.keys(m.latency)).toEqual(['mean', 'p50', 'p95', 'p99', 'max']);
    expect(Object.keys(m.store)).toEqual(expect.arrayContaining(['ops', 'peakOpsPerSecond']));
    expect(Object.keys(m.lossByCause)).toEqual(['server-crash', 'affinity-broken', 'store-loss', 'premature-expiry', 'token-rejected']);
  });

  it('--seed changes the draws; --strategies picks and orders strategies', async () => {
    const a = JSON.parse((await cli(['run', 'server-crash', '--format', 'json'])).stdout);
    const b = JSON.parse((await cli(['run', 'server-crash', '--format', 'json', '--seed', '7'])).stdout);
    expect(b.scenario.seed).toBe(7);
    expect(b.strategies[0].metrics.requests).not.toBe(a.strategies[0].metrics.requests);
    const picked = JSON.parse((await cli(['run', 'server-crash', '--format', 'json', '--strategies', 'jwt,sticky-cookie'])).stdout);
    expect(picked.strategies.map((s: { name: string }) => s.name)).toEqual(['jwt', 'sticky-cookie']);
  });

  it('an unknown strategy name is bad usage (exit 2) naming the choices', async () => {
    const r = await cli(['run', 'server-crash', '--strategies', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('sticky-cookie');
    expect(r.stderr).toContain('"nope"');
  });

  it('--out writes the file whole and leaves no temporary file behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'session-sim-'));
    const out = join(dir, 'result.json');
    const r = await cli(['run', 'store-outage', '--format', 'json', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).strategies.length).toBe(3);
    expect(readdirSync(dir)).toEqual(['result.json']);
  });

  it('runs a scenario file given by path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'session-sim-'));
    const file = join(dir, 'tiny.json');
    writeFileSync(file, JSON.stringify({ name: 'tiny', duration: '2m', warmup: '10s', strategies: [{ type: 'jwt' }] }));
    const r = await cli(['run', file, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).strategies[0].name).toBe('jwt-es256');
  });

  it('colour only when asked for by a terminal, never with NO_COLOR', async () => {
    const plain = await cli(['run', 'nat-heavy']);
    expect(plain.stdout).not.toMatch(/\u001b\[/);
    const forced = await cli(['run', 'nat-heavy'], { FORCE_COLOR: '1' });
    expect(forced.stdout).toMatch(/\u001b\[/);
    const noColor = await cli(['run', 'nat-heavy'], { FORCE_COLOR: '1', NO_COLOR: '1' });
    expect(noColor.stdout).not.toMatch(/\u001b\[/);
  });
});

describe('bad input', () => {
  function scenarioFile(content: string, ext = 'json'): string {
    const dir = mkdtempSync(join(tmpdir(), 'session-sim-'));
    const file = join(dir, `bad.${ext}`);
    writeFileSync(file, content);
    return file;
  }

  it.each([
    ['not JSON', '{ "name": "x", }', 'expected valid JSON', 'line 1'],
    ['a negative count', JSON.stringify({ servers: { count: -2 } }), 'at servers.count: expected a number >= 1, found -2', ''],
    ['an unknown strategy type', JSON.stringify({ strategies: [{ type: 'magic' }] }), 'at strategies[0].type: expected one of "sticky", "external", "jwt", found "magic"', ''],
    ['an unknown field', JSON.stringify({ clients: { arivalRate: 3 } }), 'at clients.arivalRate: expected no such field (unknown field), found 3', ''],
    ['a crash of a server that does not exist', JSON.stringify({ events: [{ at: '1m', type: 'server-crash', server: 9 }] }), 'at events[0].server: expected a server index from 0 to 3 (servers.count is 4), found 9', ''],
    ['a bad duration', JSON.stringify({ duration: '10 minutes' }), 'at duration: expected a duration', 'found "10 minutes"'],
  ])('%s: exit 2, the JSON path, expected and found, no stack trace', async (_what, content, message, extra) => {
    const r = await cli(['run', scenarioFile(content)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    if (extra) expect(r.stderr).toContain(extra);
    expect(r.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
    expect(r.stdout).toBe('');
  });

  it('--debug shows the stack trace', async () => {
    const r = await cli(['run', scenarioFile('{'), '--debug']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ScenarioError/);
  });

  it('an unknown option is bad usage', async () => {
    const r = await cli(['run', 'server-crash', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--bogus'");
  });

  it('validate lists problems and exits 2, or says ok', async () => {
    const bad = await cli(['validate', scenarioFile(JSON.stringify({ seed: -1 }))]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('at seed: expected a number >= 0, found -1');
    const good = await cli(['validate', 'server-crash']);
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('server-crash: ok');
  });
});

describe('the installed command', () => {
  const bin = join(import.meta.dirname, '../../dist/cli/main.js');
  it('dist/cli/main.js is built (npm install runs `prepare`) and runs as `session-sim`', () => {
    expect(existsSync(bin), 'run `npm run build` (npm install does it through `prepare`)').toBe(true);
    const out = execFileSync(process.execPath, [bin, 'run', 'server-crash', '--format', 'json', '--strategies', 'jwt'], { encoding: 'utf8' });
    expect(JSON.parse(out).strategies[0].name).toBe('jwt');
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8'));
    expect(pkg.name).toBe('session-sim');
    expect(pkg.bin['session-sim']).toBe('dist/cli/main.js');
  });
});

describe('replicated runs and single-run pictures', () => {
  it('--timeline with --replications is bad usage (exit 2) that says how to get a picture', async () => {
    const r = await cli(['run', 'server-crash', '--replications', '3', '--timeline']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--timeline and --columns show one run');
    expect(r.stdout).toBe('');
  });
});
