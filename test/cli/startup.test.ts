/**
 * Start-up cost: a command loads only the modules it uses. `--version` loads no command parser
 * at all; `validate` loads the scenario code but no simulation, no renderer and (for a JSON
 * file) no yaml library; `run` renders a table without the HTML, explain, CSV or replication
 * code, nor cli-table3. Checked on the built CLI (dist/) by logging every module it loads, its
 * modules one by one (SESSION_SIM_UNBUNDLED: the build's bundle of them, which users run,
 * initialises each module when the same import asks for it, but hides them from the log); then
 * that the built command does run from that bundle and its code cache. Timings themselves are in
 * the README (a shared machine makes timed tests flaky).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const main = join(root, 'dist/cli/main.js');
const hook = fileURLToPath(new URL('./fixtures/import-log.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'session-sim-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The project modules (dist/… and node_modules/<package>/…) a command loads: what `import`
 * loads, logged by the loader hook, and what `require()` loads (the yaml library, cli-table3,
 * chalk through require(esm): src/scenario/yaml-library.ts, src/report/libraries.ts), which
 * Node's module debug log names on stderr.
 */
function modulesLoadedBy(args: string[], bundled = false, extraEnv: Record<string, string> = {}): string[] {
  const log = join(dir, `imports-${args.join('-').replace(/\W/g, '')}.log`);
  writeFileSync(log, '');
  const env: Record<string, string | undefined> = { ...process.env, IMPORT_LOG: log, NODE_DEBUG: 'module', SESSION_SIM_UNBUNDLED: bundled ? undefined : '1', ...extraEnv };
  const child = spawnSync(process.execPath, ['--import', hook, main, ...args], { env, encoding: 'utf8' });
  expect(child.status, child.stderr.slice(-2000)).toBe(0);
  // FORCE_COLOR colours Node's debug log too: its escapes stripped first.
  const required = [...child.stderr.replace(/\u001b\[\d+m/g, '').matchAll(/^MODULE \d+: load "([^"]+)"/gm)].map((m) => pathToFileURL(m[1]!).href);
  const imported = readFileSync(log, 'utf8').split('\n');
  return [...new Set([...imported, ...required])]
    .filter((u) => u.startsWith('file://') && !u.includes('/test/cli/fixtures/'))
    .map((u) => fileURLToPath(u).slice(root.length));
}

/** The packages among `modules` (node_modules/<name>/…). */
const packagesOf = (modules: readonly string[]) => [...new Set(modules.filter((m) => m.startsWith('node_modules/')).map((m) => m.split('/')[1]!))].sort();

describe('CLI start-up loads only what the command needs', () => {
  it('--version: the entry point and the version, nothing else (no commander, no zod)', () => {
    expect(modulesLoadedBy(['--version'])).toEqual(['dist/cli/main.js', 'dist/experiment/version.js']);
  });

  it('validate of a JSON file: the scenario code, commander and zod in one file; no simulation, no renderer, no yaml library', () => {
    const file = join(dir, 'small.json');
    writeFileSync(file, JSON.stringify({ clients: { arrivalRate: 10 }, strategies: [{ type: 'jwt' }] }));
    const loaded = modulesLoadedBy(['validate', file]);
    expect(loaded).toContain('dist/scenario/load.js');
    const heavy = loaded.filter((m) => /dist\/(model\/world|experiment\/(simulate|run|replications|worker-pool)|report\/(html|explain|json|csv|markdown|timeline|intervals))/.test(m));
    expect(heavy).toEqual([]);
    expect(packagesOf(loaded)).toEqual(['commander']);
    // zod as one module (scripts/vendor.mjs), not its ≈ 95 files; no yaml, bundled or not.
    expect(loaded).toContain('dist/vendor/zod.js');
    expect(loaded).not.toContain('dist/vendor/yaml.cjs');
  });

  it('validate of a YAML file loads the yaml library, bundled (the check above would see it)', () => {
    const file = join(dir, 'small.yaml');
    writeFileSync(file, 'clients:\n  arrivalRate: 10\nstrategies:\n  - type: jwt\n');
    const loaded = modulesLoadedBy(['validate', file]);
    expect(loaded).toContain('dist/vendor/yaml.cjs');
    expect(packagesOf(loaded)).toEqual(['commander']);
  });

  it('run: a table run loads the simulation and the table, not HTML, explain, replications, yaml or cli-table3; chalk only for colour', () => {
    const loaded = modulesLoadedBy(['run', 'nat-heavy', '--quiet']);
    expect(loaded).toContain('dist/model/world.js');
    expect(loaded).toContain('dist/report/table.js');
    expect(loaded.filter((m) => /dist\/(report\/(html|explain|intervals|replicated-json)|experiment\/replications)/.test(m))).toEqual([]);
    expect(loaded).not.toContain('dist/vendor/yaml.cjs');
    expect(packagesOf(loaded)).not.toContain('cli-table3');
    // Piped, as here: no colour, and the plain stand-in instead of chalk (src/report/libraries.ts).
    expect(packagesOf(loaded)).not.toContain('chalk');
    expect(packagesOf(modulesLoadedBy(['run', 'nat-heavy', '--quiet'], false, { FORCE_COLOR: '1' }))).toContain('chalk');
  });

  it('run of a built-in as shipped, as a table or JSON: no scenario schema and no zod (the build resolved it: src/scenario/builtins.ts)', () => {
    const schemaCode = (loaded: string[]) => loaded.filter((m) => /dist\/(vendor\/zod\.js|scenario\/(schema[\w-]*|load)\.js)$/.test(m));
    for (const format of ['table', 'json']) {
      const loaded = modulesLoadedBy(['run', 'server-crash', '--quiet', '--format', format]);
      expect(loaded).toContain('dist/model/world.js');
      expect(schemaCode(loaded)).toEqual([]);
    }
    // Another seed is the one field loadScenario's seed override sets: still no schema.
    expect(schemaCode(modulesLoadedBy(['run', 'server-crash', '--quiet', '--seed', '7']))).toEqual([]);
    // Changed on the command line, it is loaded and validated as any file is.
    expect(schemaCode(modulesLoadedBy(['run', 'server-crash', '--quiet', '--set', 'servers.count=5']))).toEqual(expect.arrayContaining(['dist/scenario/load.js', 'dist/scenario/schema.js', 'dist/vendor/zod.js']));
  });

  it('run --wide draws the boxed table with cli-table3', () => {
    expect(packagesOf(modulesLoadedBy(['run', 'nat-heavy', '--quiet', '--wide']))).toContain('cli-table3');
  });
});

describe('the command line as users run it: one bundle from its code cache (scripts/vendor.mjs)', () => {
  it('validate loads the entry point, the version and the bundle: nothing else of the project, no package', () => {
    const file = join(dir, 'bundled.json');
    writeFileSync(file, JSON.stringify({ clients: { arrivalRate: 10 }, strategies: [{ type: 'jwt' }] }));
    expect(modulesLoadedBy(['validate', file], true).sort()).toEqual(['dist/cli/main.js', 'dist/experiment/version.js', 'dist/vendor/cached-script.cjs', 'dist/vendor/cli.cjs']);
  });

  it('the bundle compiles from the cache the build made for it, in a worker thread too', () => {
    const cli = join(root, 'dist/vendor/cli.cjs');
    const script = `const { Worker } = require('node:worker_threads'); const here = require(${JSON.stringify(cli)}).codeCacheUsed;
      const w = new Worker('process.stdout.write(String(require(' + JSON.stringify(${JSON.stringify(cli)}) + ').codeCacheUsed))', { eval: true }); w.on('exit', () => process.stdout.write(' ' + here));`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(child.stdout).toBe('true true');
  });

  it('a run on two threads starts its worker from the bundle too (its entry in dist/vendor, no module of dist/experiment)', () => {
    const loaded = modulesLoadedBy(['run', 'nat-heavy', '--jobs', '2', '--quiet'], true);
    expect(loaded).toContain('dist/vendor/strategy-worker.js');
    expect(loaded.filter((m) => m.startsWith('dist/experiment/') && m !== 'dist/experiment/version.js')).toEqual([]);
  });
});

describe('zod and yaml, one module each in the compiled code', () => {
  it("the sources import zod only as '#zod' (a second instance beside the bundled one would mix schemas of two zods)", () => {
    const src = join(root, 'src');
    const direct = (readdirSync(src, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts'))
      .filter((f) => /from 'zod(\/[^']*)?'/.test(readFileSync(join(src, f), 'utf8')));
    expect(direct).toEqual([]);
  });

  it('the built zod and yaml (dist/vendor) compile from the code caches the build made for them', () => {
    const zod = pathToFileURL(join(root, 'dist/vendor/zod.js')).href;
    const yaml = pathToFileURL(join(root, 'dist/scenario/yaml-library.js')).href;
    const script = `const z = await import(${JSON.stringify(zod)}); const y = await import(${JSON.stringify(yaml)}); process.stdout.write([z.codeCacheUsed, typeof z.z.object, y.vendoredYaml()?.codeCacheUsed, typeof y.yamlLibrary().parseDocument].join(' '))`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.stdout).toBe('true function true function');
  });
});
