/**
 * Start-up cost: a command loads only the modules it uses. `--version` loads no command parser
 * at all; `validate` loads the scenario code but no simulation and no renderer; `run` renders
 * a table without the HTML, explain, CSV or replication code. Checked on the built CLI
 * (dist/, as users run it) by logging every module the loader loads; timings themselves are
 * in `npm run bench` and the README (a shared machine makes timed tests flaky).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const main = join(root, 'dist/cli/main.js');
const hook = fileURLToPath(new URL('./fixtures/import-log.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'session-sim-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The project modules (dist/… and node_modules/<package>) a command loads. */
function modulesLoadedBy(args: string[]): string[] {
  const log = join(dir, `imports-${args[0]!.replace(/\W/g, '')}.log`);
  writeFileSync(log, '');
  execFileSync(process.execPath, ['--import', hook, main, ...args], { env: { ...process.env, IMPORT_LOG: log }, stdio: ['ignore', 'pipe', 'pipe'] });
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((u) => u.startsWith('file://') && !u.includes('/test/cli/fixtures/'))
    .map((u) => fileURLToPath(u).slice(root.length));
}

describe('CLI start-up loads only what the command needs', () => {
  it('--version: the entry point and the version, nothing else (no commander, no zod)', () => {
    expect(modulesLoadedBy(['--version'])).toEqual(['dist/cli/main.js', 'dist/experiment/version.js']);
  });

  it('validate: the scenario code, but no simulation and no renderer', () => {
    const file = join(dir, 'small.json');
    writeFileSync(file, JSON.stringify({ clients: { arrivalRate: 10 }, strategies: [{ type: 'jwt' }] }));
    const loaded = modulesLoadedBy(['validate', file]);
    expect(loaded).toContain('dist/scenario/load.js');
    const heavy = loaded.filter((m) => /dist\/(model\/world|experiment\/(simulate|run|replications|worker-pool)|report\/(html|explain|json|csv|markdown|timeline|intervals))/.test(m));
    expect(heavy).toEqual([]);
  });

  it('run: a table run loads the simulation and the table, not HTML, explain or replications', () => {
    const loaded = modulesLoadedBy(['run', 'nat-heavy', '--quiet']);
    expect(loaded).toContain('dist/model/world.js');
    expect(loaded).toContain('dist/report/table.js');
    expect(loaded.filter((m) => /dist\/(report\/(html|explain|intervals|replicated-json)|experiment\/replications)/.test(m))).toEqual([]);
  });
});
