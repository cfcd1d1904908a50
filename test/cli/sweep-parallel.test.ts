/**
 * The GNU parallel recipe (deploy/gnu-parallel.sh) run for real: shards as separate
 * `session-sim sweep --shard I/N` processes started by GNU parallel, then `merge`; the result
 * must be byte for byte the single-machine `sweep --format json`. Skipped, saying why, when
 * GNU parallel is not installed (Debian package `parallel`; .ci/run installs it).
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { smallCrash } from '../helpers/sweep.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');
const bin = join(root, 'dist/cli/main.js');

function gnuParallel(): string | null {
  try {
    const version = execFileSync('parallel', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return /GNU parallel/.test(version) ? version.split('\n')[0]! : null;
  } catch {
    return null;
  }
}

const version = gnuParallel();
if (version === null) console.warn('skipping the GNU parallel test: `parallel` (GNU parallel) is not installed; apt-get install parallel, or run .ci/run as root');

describe.skipIf(version === null)(`a sweep through GNU parallel (${version ?? 'not installed'})`, () => {
  it('deploy/gnu-parallel.sh: 4 shard processes and merge give the single-machine JSON exactly', async () => {
    expect(existsSync(bin), 'run `npm run build` first').toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'session-sim-parallel-'));
    const scenario = join(dir, 'small.json');
    writeFileSync(
      scenario,
      JSON.stringify(smallCrash({ seed: 5, strategies: [{ type: 'sticky', affinity: 'cookie' }, { type: 'jwt' }] })),
    );
    // A JSON-array param checks that arguments reach each shard process unmangled.
    const args = [scenario, '--param', 'servers.count=2..3', '--param', 'servers.serviceTime=[{"dist":"constant","value":"5ms"}, {"dist":"exponential","mean":"10ms"}]', '--replications', '3'];
    const out = join(dir, 'parts');
    const [single] = await Promise.all([
      run(process.execPath, [bin, 'sweep', ...args, '--format', 'json', '--jobs', '1']),
      run(join(root, 'deploy/gnu-parallel.sh'), args, { env: { ...process.env, SHARDS: '4', OUT: out, SESSION_SIM: `${process.execPath} ${bin}` } }),
    ]);
    expect(readdirSync(out).filter((f) => f.startsWith('part-')).sort()).toEqual(['part-1.json', 'part-2.json', 'part-3.json', 'part-4.json']);
    const parts = [1, 2, 3, 4].map((i) => JSON.parse(readFileSync(join(out, `part-${i}.json`), 'utf8')) as { shard: { index: number; count: number }; runs: unknown[] });
    // 4 points × 3 replications = 12 runs, 3 per shard.
    expect(parts.map((p) => [p.shard.index, p.shard.count, p.runs.length])).toEqual([[1, 4, 3], [2, 4, 3], [3, 4, 3], [4, 4, 3]]);
    expect(readFileSync(join(out, 'result.json'), 'utf8')).toBe(single.stdout);
  });
});
