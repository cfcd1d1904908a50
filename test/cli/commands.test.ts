/**
 * The commands a person types: list, explain, init, schema, validate with warnings, and run's
 * formats and switches (--quiet, --timeline, --html, --wide/--columns, --charset).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COLUMN_IDS } from '../../src/report/table.js';
import { renderJsonSchema } from '../../src/scenario/json-schema.js';
import { listBuiltins, resolveScenario } from '../../src/scenario/load.js';
import { cli } from '../helpers/cli.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'session-sim-cli-'));

describe('list', () => {
  it('one line per built-in scenario: its name and title', async () => {
    const r = await cli(['list']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(listBuiltins().length);
    for (const b of listBuiltins()) expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${b.name} +${b.title.replace(/[()]/g, '.')}$`)));
    const json = JSON.parse((await cli(['list', '--json'])).stdout);
    expect(json.map((b: { name: string }) => b.name)).toEqual(listBuiltins().map((b) => b.name));
    expect((await cli(['list', '--long'])).stdout).toContain(listBuiltins()[0]!.description.slice(0, 40));
  });
});

describe('explain', () => {
  it('accepts a built-in name or a path and tells the story, then the table and the advice', async () => {
    const r = await cli(['explain', 'server-crash']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/t=9m00s +server s2 crashed/);
    expect(r.stdout).toContain('What to look at, and why:');
    const dir = tmp();
    const file = join(dir, 'crash.yaml');
    writeFileSync(file, 'name: tiny crash\nduration: 3m\nwarmup: 30s\nservers: { count: 2 }\nevents:\n  - { at: 1m, type: server-crash, server: 1 }\n');
    const y = await cli(['explain', file, '--strategies', 'sticky-cookie,jwt']);
    expect(y.code).toBe(0);
    expect(y.stdout).toMatch(/t=1m00s +server s1 crashed/);
    expect((await cli(['explain', file, '--strategies', 'sticky-cookie,jwt'])).stdout).toBe(y.stdout);
  });
});

describe('init', () => {
  it('writes a commented YAML starter that validates and runs, and refuses to overwrite without --force', async () => {
    const dir = tmp();
    const file = join(dir, 'scenario.yaml');
    expect((await cli(['init', file])).code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('# yaml-language-server: $schema=')).toBe(true);
    expect(text).toContain('# HAProxy defaults');
    expect((await cli(['validate', file])).code).toBe(0);
    const again = await cli(['init', file]);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`session-sim: ${file} already exists; use --force to overwrite it\n`);
    expect((await cli(['init', file, '--force', '--template', 'minimal'])).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('Minimal scenario');
  });

  it('a first file runs clean: the starter and minimal templates give no warning (their warm-up covers three visits)', async () => {
    const dir = tmp();
    for (const template of ['starter', 'minimal']) {
      const file = join(dir, `${template}.yaml`);
      expect((await cli(['init', file, '--template', template])).code).toBe(0);
      const r = await cli(['run', file, '--format', 'json']);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout).warnings ?? []).toEqual([]);
    }
  });

  it('a JSON file gets a $schema pointer that keeps working: the versioned https URL of the schema this package ships (its $id), or --schema', async () => {
    const dir = tmp();
    const file = join(dir, 'scenario.json');
    expect((await cli(['init', file, '--template', 'nat-heavy'])).code).toBe(0);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    expect(Object.keys(doc)[0]).toBe('$schema');
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8'));
    // Not a path into node_modules or an npx cache: the published file of this very version.
    expect(doc.$schema).toBe(`https://unpkg.com/${pkg.name}@${pkg.version}/schema/scenario.schema.json`);
    expect(JSON.parse(renderJsonSchema()).$id).toBe(doc.$schema);
    expect(pkg.files).toContain('schema');
    expect(doc.name).toBe('NAT-heavy users and client-IP affinity');
    expect((await cli(['validate', file])).code).toBe(0);
    const yaml = join(dir, 'local.yaml');
    expect((await cli(['init', yaml, '--schema', './scenario.schema.json'])).code).toBe(0);
    expect(readFileSync(yaml, 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=./scenario.schema.json');
    // A line break would end the comment and write a field into the scenario (it then failed validate).
    const broken = await cli(['init', join(dir, 'broken.yaml'), '--schema', 'x\nb: c']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('--schema: expected a URL or a path on one line, found "x\\nb: c"');
    expect(existsSync(join(dir, 'broken.yaml'))).toBe(false);
    expect((await cli(['init', join(dir, 'blank.yaml'), '--schema', ' '])).code).toBe(2);
  });

  it('the full template spells out exactly the defaults', async () => {
    const dir = tmp();
    const file = join(dir, 'full.yaml');
    await cli(['init', file, '--template', 'full']);
    const { parse } = await import('yaml');
    expect(resolveScenario(parse(readFileSync(file, 'utf8')))).toEqual(resolveScenario({}));
  });

  it('an unknown template or extension is bad usage with a suggestion', async () => {
    const dir = tmp();
    const r = await cli(['init', join(dir, 'x.yaml'), '--template', 'startr']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no template named "startr" (did you mean "starter"?)');
    expect((await cli(['init', join(dir, 'x.txt')])).code).toBe(2);
    // An extension alone is no name: it wrote a hidden file called .yaml.
    const bare = await cli(['init', join(dir, '.yaml')]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('.yaml: expected a name before the extension, e.g. scenario.yaml');
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('schema', () => {
  it('prints the JSON Schema the package ships', async () => {
    const r = await cli(['schema']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(renderJsonSchema());
    expect(JSON.parse(r.stdout).properties.clients.properties.arrivalRate.default).toBe(10);
  });
});

describe('validate', () => {
  it('checks several files, prints warnings on stderr and still exits 0 when they are only warnings', async () => {
    const dir = tmp();
    const hot = join(dir, 'hot.json');
    writeFileSync(hot, JSON.stringify({ clients: { arrivalRate: 50, requestsPerSession: 20 }, servers: { count: 2, workers: 4, serviceTime: '20ms' } }));
    const r = await cli(['validate', hot, 'server-crash']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${hot}: ok (1 warning)\nserver-crash: ok\n`);
    expect(r.stderr).toContain(`${hot}: warning: at clients.arrivalRate: utilisation 2.50 ≥ 1`);
  });
});

describe('run', () => {
  it('an overloaded scenario runs to the end with a warning; --quiet silences it', async () => {
    const dir = tmp();
    const hot = join(dir, 'hot.json');
    writeFileSync(hot, JSON.stringify({ duration: '2m', warmup: '10s', clients: { arrivalRate: 20, requestsPerSession: 10, thinkTime: '1s' }, servers: { count: 1, workers: 2, queueLimit: 20, serviceTime: '20ms' }, strategies: [{ type: 'jwt' }] }));
    const r = await cli(['run', hot, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: at clients.arrivalRate: utilisation 2.00 ≥ 1');
    expect(r.stderr).toContain('queues grow without bound');
    expect(JSON.parse(r.stdout).strategies[0].metrics.failuresByReason['queue-full']).toBeGreaterThan(0);
    const q = await cli(['run', hot, '--format', 'json', '--quiet']);
    expect(q.stderr).toBe('');
    expect(q.stdout).toBe(r.stdout);
  });

  it('--format csv and markdown', async () => {
    const csv = await cli(['run', 'store-outage', '--format', 'csv']);
    expect(csv.stdout.split('\n')[0]!.startsWith('scenario,seed,strategy,type,requests,')).toBe(true);
    const md = await cli(['run', 'store-outage', '--format', 'markdown']);
    expect(md.stdout).toContain('| redis |');
  });

  it('--timeline adds the picture after the table; with another format it is bad usage', async () => {
    const r = await cli(['run', 'server-crash', '--timeline']);
    expect(r.stdout).toContain('Load over time');
    expect(r.stdout.indexOf('Verdict:')).toBeLessThan(r.stdout.indexOf('Load over time'));
    const bad = await cli(['run', 'server-crash', '--timeline', '--format', 'json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('session-sim: --timeline draws in the terminal and goes with --format table, not json (the HTML report has the same pictures: --html FILE)\n');
  });

  it('without a UTF-8 terminal the output is plain ASCII; on one, Unicode; --charset decides otherwise', async () => {
    const ascii = (await cli(['run', 'server-crash', '--timeline'])).stdout;
    expect([...ascii].every((c) => c.charCodeAt(0) < 128)).toBe(true);
    const { runCli } = await import('../../src/cli/program.js');
    let out = '';
    await runCli(['run', 'server-crash', '--timeline', '--no-color'], { stdout: (t) => void (out += t), stderr: () => {}, isTTY: true, env: { LANG: 'en_US.UTF-8' } });
    expect(out).toContain('█');
    expect((await cli(['run', 'server-crash', '--timeline', '--charset', 'unicode'])).stdout).toContain('─');
  });

  it('--html writes a self-contained report beside the normal output', async () => {
    const dir = tmp();
    const file = join(dir, 'report.html');
    const r = await cli(['run', 'nat-heavy', '--html', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Verdict:');
    expect(r.stderr).toBe(`session-sim: wrote ${file} (HTML report)\n`);
    expect(readFileSync(file, 'utf8')).toContain('<section id="latency">');
    expect(readdirSync(dir)).toEqual(['report.html']);
  });

  it('--columns picks table columns, with a suggestion for a typo', async () => {
    const r = await cli(['run', 'nat-heavy', '--columns', 'skew,jain']);
    expect(r.stdout).toContain('Jain');
    expect(r.stdout).not.toContain('loss cause');
    const bad = await cli(['run', 'nat-heavy', '--columns', 'skew,jian']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown column "jian" (did you mean "jain"?)');
    // The whole list, to its last id (it was cut at 400 characters, "exposure…").
    expect(bad.stderr).toContain(`the columns are ${COLUMN_IDS.join(', ')}.`);
  });

  it('--columns takes at least one id, each once, as --strategies does', async () => {
    for (const [value, message] of [['', 'expected one or more column ids'], [',,', 'expected one or more column ids'], ['p99,lost,p99', 'expected each column once, found "p99" twice'], ['lost,,p99', 'expected column ids separated by single commas, found an empty id in "lost,,p99"'], ['p99,', 'found an empty id']] as const) {
      const r = await cli(['run', 'nat-heavy', '--columns', value]);
      expect(r.code, value).toBe(2);
      expect(r.stderr).toContain(message);
    }
  });

  it('--help lists the commands, examples and exit codes', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['run', 'explain', 'list', 'validate', 'init', 'schema']) expect(r.stdout).toMatch(new RegExp(`\\n  ${c} `));
    expect(r.stdout).toContain('Exit codes:');
    expect(r.stdout).toContain('2  bad usage or an invalid scenario');
    expect(existsSync(join(import.meta.dirname, '../../schema/scenario.schema.json'))).toBe(true);
  });
});
