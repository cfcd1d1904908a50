/**
 * Built-in scenarios as the build resolved them (src/scenario/builtins.ts, written by
 * scripts/builtin-estimates.mjs into dist/builtins/): each is exactly what loadScenario gives
 * for the shipped file, and is used only while that file reads as it did at the build. Checked
 * on dist/ (the TypeScript sources have no build output beside them) and on a copy of the
 * package layout whose scenario is then edited.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinFile, builtinFileNames, builtinName, resolvedBuiltin } from '../../src/scenario/builtins.js';
import { listBuiltins, loadScenario } from '../../src/scenario/load.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = join(root, 'dist');
const dir = mkdtempSync(join(tmpdir(), 'session-sim-builtins-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type BuiltinsModule = typeof import('../../src/scenario/builtins.js');
const built = (await import(pathToFileURL(join(dist, 'scenario/builtins.js')).href)) as BuiltinsModule;

describe('finding a built-in without the schema', () => {
  it('names and files are those listBuiltins gives, in its order', () => {
    const listed = listBuiltins();
    expect(builtinFileNames().map(builtinName)).toEqual(listed.map((b) => b.name));
    for (const b of listed) expect(builtinFile(b.name)).toBe(b.file);
  });

  it('a name that is no built-in, or a path out of the folder, finds nothing', () => {
    expect(builtinFile('no-such-scenario')).toBeUndefined();
    expect(builtinFile('../package')).toBeUndefined();
    expect(builtinFile('')).toBeUndefined();
  });

  it('from the TypeScript sources there is no build output: every run validates', () => {
    expect(resolvedBuiltin('server-crash')).toBeUndefined();
  });
});

describe('the build’s resolved built-ins (dist/builtins)', () => {
  it.each(listBuiltins().map((b) => b.name))('%s: the configuration loadScenario gives, for the file as shipped', (name) => {
    const entry = JSON.parse(readFileSync(join(dist, 'builtins', `${name}.json`), 'utf8')) as { source: string };
    expect(entry.source).toBe(readFileSync(builtinFile(name)!, 'utf8'));
    expect(built.resolvedBuiltin(name)).toStrictEqual(loadScenario(name));
  });

  it.each(listBuiltins().map((b) => b.name))('%s with --seed: the seed replaced in place is what loadScenario gives (to the byte of its JSON)', (name) => {
    const seeded = { ...built.resolvedBuiltin(name)!, seed: 7 };
    expect(JSON.stringify(seeded)).toBe(JSON.stringify(loadScenario(name, { seed: 7 })));
  });

  it('an edited built-in is loaded again, not taken from the build; the others still are', async () => {
    // The package's layout: dist/scenario/builtins.js, dist/builtins/, scenarios/.
    const pkg = join(dir, 'package');
    mkdirSync(join(pkg, 'dist/scenario'), { recursive: true });
    cpSync(join(dist, 'scenario/builtins.js'), join(pkg, 'dist/scenario/builtins.js'));
    cpSync(join(dist, 'builtins'), join(pkg, 'dist/builtins'), { recursive: true });
    cpSync(join(root, 'scenarios'), join(pkg, 'scenarios'), { recursive: true });
    const copy = (await import(pathToFileURL(join(pkg, 'dist/scenario/builtins.js')).href)) as BuiltinsModule;
    expect(copy.resolvedBuiltin('server-crash')).toStrictEqual(loadScenario('server-crash'));
    const file = join(pkg, 'scenarios/server-crash.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"count": 4', '"count": 5'));
    expect(readFileSync(file, 'utf8')).not.toBe(readFileSync(join(root, 'scenarios/server-crash.json'), 'utf8'));
    expect(copy.resolvedBuiltin('server-crash')).toBeUndefined();
    expect(copy.resolvedBuiltin('store-outage')).toStrictEqual(loadScenario('store-outage'));
    // No entry (a build without it, or a scenario naming a costs file): loaded as any file.
    rmSync(join(pkg, 'dist/builtins/store-outage.json'));
    expect(copy.resolvedBuiltin('store-outage')).toBeUndefined();
  });

  it('a file named like a built-in wins over it, as in loadScenario (the CLI, in that file’s folder)', () => {
    const cwd = join(dir, 'cwd');
    mkdirSync(cwd, { recursive: true });
    writeFileSync(join(cwd, 'server-crash'), JSON.stringify({ name: 'A file called server-crash', duration: '3m', warmup: '1m', strategies: [{ type: 'jwt' }] }));
    const run = spawnSync(process.execPath, [join(dist, 'cli/main.js'), 'run', 'server-crash', '--format', 'json', '--quiet'], { cwd, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as { scenario: { name: string } }).scenario.name).toBe('A file called server-crash');
  });
});
